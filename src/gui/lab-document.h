/* lab-document.h: the run a window shows: the scenario as the switches have changed it,
 * the trace of its latest run, the steps derived from it, and the step the learner is
 * at. Runs happen off the main thread; the previous run stays on show until the next
 * one has finished. A trace from outside the lab (a capture, a real server) is shown
 * the same way, without a scenario. */
#pragma once

#include <glib-object.h>

#include "engine/scenario/lab-scenario.h"
#include "engine/trace/lab-steps.h"
#include "engine/trace/lab-trace.h"

G_BEGIN_DECLS

#define LAB_TYPE_DOCUMENT (lab_document_get_type ())
G_DECLARE_FINAL_TYPE (LabDocument, lab_document, LAB, DOCUMENT, GObject)

LabDocument *lab_document_new (void);

/* Takes the scenario, runs it, and starts again at the first step. */
void lab_document_load (LabDocument *self, LabScenario *scenario);
/* Changes one setting (see lab_scenario_set_value) and runs again at once, keeping the
 * learner at the same step index where that step still exists. */
gboolean lab_document_set_value (LabDocument *self, const char *group, const char *key,
                                 const char *value, GError **error);
void lab_document_rerun (LabDocument *self);
/* Shows a frozen trace that no scenario made (a connection from a capture, a real
 * server's handshake) under title, from its first step; captions (client, wire, server)
 * say who the peers were. The scenario is let go, so nothing re-runs it, and a run still
 * going is dropped when it ends. */
void lab_document_show_trace (LabDocument *self, LabTrace *trace, const char *title,
                              const char *const *captions);

const LabScenario *lab_document_get_scenario (LabDocument *self); /* NULL: see show_trace */
/* What is on show: the scenario's title, or the title given with a trace. */
const char *lab_document_get_title (LabDocument *self);
/* Who the peers of the trace given to show_trace were; NULL for a scenario's run. */
const char *const *lab_document_get_captions (LabDocument *self);
LabTrace *lab_document_get_trace (LabDocument *self);   /* NULL before the first run */
GPtrArray *lab_document_get_steps (LabDocument *self);  /* empty before the first run */
gboolean lab_document_get_running (LabDocument *self);

int lab_document_get_step (LabDocument *self);          /* -1 when there are no steps */
void lab_document_set_step (LabDocument *self, int step);
const LabStep *lab_document_get_current_step (LabDocument *self);
/* The step whose sender's event, received event or record is `seq`, or -1. */
int lab_document_find_step_for_event (LabDocument *self, int seq);

G_END_DECLS
