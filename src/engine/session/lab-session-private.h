/* lab-session-private.h: one run's state, shared by the files of the session: the
 * peers' threads (lab-session.c), the OpenSSL callbacks that fill the trace
 * (lab-session-callbacks.c) and the outcome read from it (lab-session-outcome.c). */
#pragma once

#include "lab-mitm.h"
#include "lab-peer-contexts.h"
#include "engine/trace/lab-recompute.h"
#include "lab-session.h"
#include "lab-wire-rules.h"

#include <openssl/ssl.h>

G_BEGIN_DECLS

typedef struct _LabSession LabSession;

typedef struct
{
  LabSession *session;
  LabSide side;
  SSL_CTX *ctx;
  SSL *ssl;
  int fd;
  gboolean handshake_done; /* its first handshake on this connection is done */
  guint handshakes;       /* handshakes begun on this connection: 2 once it renegotiates */
  gboolean completed;   /* did everything it was meant to, close_notify included */
  guint connection;     /* which of the session's connections it is on */
  SSL_SESSION *resume_from; /* the client's session from the first connection, to resume */
  long verify_result;   /* SSL_get_verify_result of its last connection */
  char *reason;         /* OpenSSL's reason when it failed */
  const char *waiting_for; /* what it was doing last, for a timeout's explanation (static) */
} LabPeer;

struct _LabSession
{
  const LabScenario *scenario;
  LabTrace *trace;
  LabPeerContexts *contexts; /* the PKI and both SSL_CTX (and the man in the middle's), maybe
                              * shared with other runs */
  LabMitm mitm;
  LabMitmRelay *mitm_relay;  /* the attacker's relay, which the client connects to */
  LabWire *wire;             /* what each peer writes passes through it */
  int server_listen_fd;
  guint16 server_port;
  gint64 clock;
  LabPeer client, server;

  GMutex lock; /* guards the fds, `aborted` and `running` */
  GCond cond;
  guint running;
  gboolean server_started;   /* its job handed to a worker: after the client's first connect */
  gboolean aborted;
  guint n_connections;       /* 2 when the client resumes its first session */
  gsize bulk_bytes;          /* application data the client sends before its request */
  guint client_connects;      /* connections the client has made so far */
  guint server_accepts;       /* connections the server has accepted */
  guint connect_seq[LAB_SESSION_MAX_CONNECTIONS]; /* each one's connect event */
  gboolean listener_shut;     /* shut to end a blocked accept: not to be used again */
  gboolean timed_out;        /* the watchdog ended the run */
  guint events_before_abort; /* the trace's length when a timeout struck */
  guint timeout_ms;
  LabWireRules *wire_rules;  /* this run's rules, counting their matches; NULL: none */
  /* per connection: what OpenSSL knew (the server's ephemeral key is taken while it writes
   * its ServerKeyExchange), for the lab to check its recomputation against */
  LabOpensslSecrets secrets[LAB_SESSION_MAX_CONNECTIONS];
};

static inline LabDirection
direction_of (LabSide sender)
{
  return sender == LAB_SIDE_CLIENT ? LAB_DIRECTION_CLIENT_TO_SERVER
                                   : LAB_DIRECTION_SERVER_TO_CLIENT;
}

static inline LabSide
other_side (LabSide side)
{
  return side == LAB_SIDE_CLIENT ? LAB_SIDE_SERVER : LAB_SIDE_CLIENT;
}

/* The OpenSSL callbacks of every run's peers (one object: the contexts' cache tells runs
 * apart by it). */
extern const LabPeerCallbacks lab_session_callbacks;

/* Keeps what OpenSSL knows of the peer's connection: the master secret, the Finished it
 * sent and whether EMS was used; into the renegotiation's slot once a second handshake
 * began (peer->handshakes > 1) and `renegotiation`. */
void lab_session_keep_openssl_view (LabPeer *peer, gboolean renegotiation);

/* lab-session.c: what the peer is waiting for, for the watchdog's message on a stalled
 * run; and the reason of its first failure, from OpenSSL's error queue or errno. */
void lab_session_set_waiting (LabPeer *peer, const char *what);
void lab_session_note_failure (LabPeer *peer);

/* lab-session-conversation.c: after the handshake, each side's part of the HTTP exchange
 * (and bulk data, a renegotiation, close_notify); FALSE when anything failed. */
gboolean lab_session_server_converse (LabPeer *peer);
gboolean lab_session_client_converse (LabPeer *peer);

/* How the run ended, from the trace and the peers' last words; with timed_out, only what
 * happened before the lab shut the sockets counts. */
LabOutcome lab_session_decide_outcome (LabSession *session, gboolean timed_out);

/* Hands the recomputation and the finishing of the trace (with this outcome, whose
 * strings it takes) to the analysis thread: see lab-session-analysis.c. */
void lab_session_analyse (LabSession *session, LabOutcome *outcome);

G_END_DECLS
