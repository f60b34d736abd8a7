/* lab-outcome-banner.h: how the run ended, in one sentence a first-year student reads:
 * success, or which alert who sent and why, with a button to the step responsible. */
#pragma once

#include <adwaita.h>

#include "engine/trace/lab-trace.h"

G_BEGIN_DECLS

#define LAB_TYPE_OUTCOME_BANNER (lab_outcome_banner_get_type ())
G_DECLARE_FINAL_TYPE (LabOutcomeBanner, lab_outcome_banner, LAB, OUTCOME_BANNER, AdwBin)

/* NULL trace: no run yet. The button activates win.show-cause. */
void lab_outcome_banner_set_trace (LabOutcomeBanner *self, LabTrace *trace);
void lab_outcome_banner_set_running (LabOutcomeBanner *self, gboolean running);

const char *lab_outcome_banner_get_title (LabOutcomeBanner *self);

G_END_DECLS
