/* lab-cause.h: why a run ended as it did, in one or two plain sentences for a student,
 * tied to the event responsible (DESIGN.md §7, "a cause"). */
#pragma once

#include "engine/scenario/lab-scenario.h"
#include "engine/trace/lab-trace.h"

G_BEGIN_DECLS

/* Fills outcome->cause and outcome->cause_event from the (not yet frozen) trace. */
void lab_cause_explain (LabTrace *trace, const LabScenario *scenario, LabOutcome *outcome);

/* For the lab's peers against real ones (src/engine/live), which explain from no scenario:
 * the suites the trace's first sent ClientHello offered ("A, B, C, D and 3 more"), or
 * NULL; and the sentence for one failed certificate check (a LAB_EVENT_VERIFY with the
 * certificate's bytes) against `clock` and the name the client asked for, or NULL. */
char *lab_cause_offered_suites (LabTrace *trace);
char *lab_cause_certificate_sentence (LabTrace *trace, const LabEvent *verify, gint64 clock,
                                      const char *server_name);

G_END_DECLS
