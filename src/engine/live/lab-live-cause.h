/* lab-live-cause.h: why a connection with a real peer ended as it did, in the words
 * `run` uses for its own runs ("Why: ..."), from what the trace shows.
 *
 * A real peer's settings are not the lab's to read: only what it sent is known. So each
 * sentence says what the peer's messages showed (the versions its ClientHello offered,
 * the extension it left out, the alert it sent) and what the lab's own peer does, and
 * cites the RFC that makes the result follow. Sentences shared with `run` (a failed
 * certificate check, the suites a ClientHello offered) come from lab-cause. */
#pragma once

#include <openssl/types.h>

#include "engine/scenario/lab-scenario.h"
#include "engine/trace/lab-trace.h"
#include "lab-live-http.h"

G_BEGIN_DECLS

typedef struct
{
  LabSide lab_side;            /* the lab's peer: the client (connect) or the server (listen) */
  const LabScenario *scenario; /* listen: the scenario the lab's server follows; else NULL */
  const char *server_name;     /* the name the client asked for (SNI, the name checked) */
  const char *trust;           /* connect: what the lab's client trusts, for people */
  int security_level;          /* the lab's peer's OpenSSL security level */
  guint timeout_ms;            /* the connection's deadline */
  guint16 port;                /* listen: the port the lab's server listens on */
  X509 *certificate;           /* listen: the lab's server certificate */
} LabLiveCauseContext;

/* Fills outcome->cause (and cause_event) for a connection that did not succeed; leaves
 * them alone when the trace shows nothing the lab can explain for sure. */
void lab_live_cause_explain (LabTrace *trace, const LabLiveCauseContext *context,
                             LabOutcome *outcome);

/* `listen`: a client that finished the handshake and closed without a request. When the
 * name it asked for (or left out) is not the certificate's, the likely reason and what to
 * do; NULL when the trace shows no reason. */
char *lab_live_cause_no_request (LabTrace *trace, const LabLiveCauseContext *context);

/* `connect`'s end when the server closed without close_notify, or before its whole
 * answer: what that means and how HTTP's framing lets a client tell a whole answer from a
 * truncated one (RFC 5246 §7.2.1, RFC 9112 §8 and §9.8). */
char *lab_live_cause_unclosed (const LabHttpFraming *framing, gboolean close_notify);

G_END_DECLS
