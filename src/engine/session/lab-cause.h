/* lab-cause.h: why a run ended as it did, in one or two plain sentences for a student,
 * tied to the event responsible (HACKING.md, "How the lab speaks"). */
#pragma once

#include "engine/scenario/lab-scenario.h"
#include "engine/trace/lab-trace.h"

G_BEGIN_DECLS

/* Fills outcome->cause and outcome->cause_event from the (not yet frozen) trace. */
void lab_cause_explain (LabTrace *trace, const LabScenario *scenario, LabOutcome *outcome);

/* A man in the middle's part (lab-cause-mitm.c): who answered the client, with which
 * chain, and what it read; takes outcome->cause (the certificate sentence, or NULL) into
 * its own. */
void lab_cause_explain_mitm (LabTrace *trace, const LabScenario *scenario, LabOutcome *outcome);

/* For the lab's peers against real ones (src/engine/live), which explain from no scenario:
 * the suites the trace's first sent ClientHello offered ("A, B, C, D and 3 more"), or
 * NULL; and the sentence for one failed certificate check (a LAB_EVENT_VERIFY with the
 * certificate's bytes) against `clock` and the name the client asked for, or NULL. */
char *lab_cause_offered_suites (LabTrace *trace);
char *lab_cause_certificate_sentence (LabTrace *trace, const LabEvent *verify, gint64 clock,
                                      const char *server_name);

G_END_DECLS
