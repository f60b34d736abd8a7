/* lab-outcome-text.h: how a run ended, in the words `run` prints under its ladder:
 *
 *   Outcome: alert certificate_expired (45), sent by the client: certificate verify failed.
 *            certificate verification failed: certificate has expired (X509_V_ERR 10).
 *   Why: (outcome->cause)
 *
 * shared by the command line and the exported pictures, so that a slide says what the
 * terminal says. */
#pragma once

#include "lab-trace.h"

G_BEGIN_DECLS

/* The first line, "Outcome: …". observed: the lab did not run both peers (a capture, a
 * real server or client), so a success says only what the trace shows, not that a page
 * arrived and both sides closed with close_notify. */
char *lab_outcome_headline (const LabOutcome *outcome, gboolean observed);

/* For a run a man in the middle read (outcome->intercepted), what the learner must read
 * first: "The attacker read the request: "GET / HTTP/1.1"."; NULL otherwise. */
char *lab_outcome_interception (const LabOutcome *outcome);

/* For an alert after a failed certificate check, OpenSSL's verdict: "certificate
 * verification failed: certificate has expired (X509_V_ERR 10)."; NULL otherwise. */
char *lab_outcome_verification (const LabOutcome *outcome);

G_END_DECLS
