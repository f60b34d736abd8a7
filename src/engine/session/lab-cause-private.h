/* lab-cause-private.h: the causes that have files of their own, for lab-cause.c to call.
 * Each returns a sentence (free with g_free), or NULL when the run is not its case. */
#pragma once

#include <openssl/x509.h>

#include "engine/scenario/lab-scenario.h"
#include "engine/trace/lab-trace.h"

G_BEGIN_DECLS

/* lab-cause-pki.c: a failed check of the chain's constraints (RFC 5280 §4.2.1.9,
 * §4.2.1.10) or of a pinned key, on the certificate `cert` of the failed check `check`;
 * `who` names it ("The server's certificate"). Without the alert clause, which the caller
 * adds. */
char *lab_cause_chain_constraint (LabTrace *trace, const LabScenario *scenario,
                                  const LabEvent *check, X509 *cert, const char *who);

/* lab-cause-pki.c and lab-cause-extensions.c: a failed run that neither the wire, nor a
 * failed certificate check, nor the negotiation of versions and suites explains: a key
 * usage the client refused, a stapled OCSP response, SNI, ALPN, a fallback, a refused
 * renegotiation. Sets outcome->cause_event when an event other than the alert is
 * responsible. */
/* lab-cause-pki.c: a handshake no suite could serve because a peer's security level asks
 * for more bits than the server's key gives. */
char *lab_cause_security_level (LabTrace *trace, const LabScenario *scenario,
                                LabOutcome *outcome);
char *lab_cause_key_usage (LabTrace *trace, const LabScenario *scenario, LabOutcome *outcome);
char *lab_cause_extensions (LabTrace *trace, const LabScenario *scenario, LabOutcome *outcome);

/* lab-cause-extensions.c: a sentence to add to a failed check of the host name, when the
 * server had certificates for other names only and sent its default one. */
char *lab_cause_sni_note (LabTrace *trace, const LabScenario *scenario,
                          const LabOutcome *outcome);

/* lab-cause-extensions.c: why the wire's change surfaced as this alert, for the cases the
 * extensions explain (a downgrade caught by the TLS 1.3 sentinel); NULL otherwise. */
const char *lab_cause_why_after_tampering (const LabOutcome *outcome);

G_END_DECLS
