/* lab-outcome-banner.h: how the run ended, in one line a first-year student reads:
 * success, or which alert who sent, a Why button that opens the sentence explaining it,
 * and a button to the step responsible. */
#pragma once

#include <adwaita.h>

#include "engine/trace/lab-trace.h"

G_BEGIN_DECLS

#define LAB_TYPE_OUTCOME_BANNER (lab_outcome_banner_get_type ())
G_DECLARE_FINAL_TYPE (LabOutcomeBanner, lab_outcome_banner, LAB, OUTCOME_BANNER, AdwBin)

/* NULL trace: no run yet. The button activates win.show-cause. */
void lab_outcome_banner_set_trace (LabOutcomeBanner *self, LabTrace *trace);
void lab_outcome_banner_set_running (LabOutcomeBanner *self, gboolean running);

/* Withheld, the banner stays hidden even with a run: the window keeps the ending until
 * the learner reaches the step that decides it ("Reveal the outcome at the end"). */
void lab_outcome_banner_set_withheld (LabOutcomeBanner *self, gboolean withheld);
gboolean lab_outcome_banner_get_withheld (LabOutcomeBanner *self);

const char *lab_outcome_banner_get_title (LabOutcomeBanner *self);
/* The sentence behind the Why button ("" when there is none). */
const char *lab_outcome_banner_get_why (LabOutcomeBanner *self);

G_END_DECLS
