/* lab-live.h: one of the lab's peers against a real one (`connect`, `listen`).
 *
 * The lab sees only its own side: OpenSSL's callbacks give its handshake messages, alerts
 * and certificate checks, sent and received (HACKING.md, "Message callbacks"); a tap on
 * the socket gives the records both ways, cut by their headers. The real peer's view is
 * what crossed the wire: TCP delivers what was sent, so each thing one peer sent appears
 * as sent by it and as received by the other (lab-record-events.h), and the steps, the
 * ladder and lab_recompute work as they do on a lab run. A received ChangeCipherSpec,
 * which OpenSSL's message callback does not report, comes from the tap. */
#pragma once

#include <gio/gio.h>
#include <openssl/ssl.h>

#include "engine/trace/lab-recompute.h"
#include "engine/trace/lab-record-events.h"
#include "engine/trace/lab-trace.h"
#include "lab-live-deadline.h"

G_BEGIN_DECLS

/* How long one connection may take, handshake, request and close together. */
#define LAB_LIVE_TIMEOUT_MS 10000
/* How long the lab waits, once a connection is over, for the real peer's FIN: most close
 * their socket at once; one that does not is not waited for longer. */
#define LAB_LIVE_FIN_GRACE_MS 1000

typedef struct
{
  LabTrace *trace;
  LabSide side;                /* the lab's side */
  LabRecordStream streams[2];  /* 0: client to server, 1: server to client */
  /* per direction, the bytes that came but are not yet a whole record: when they turn out
   * not to be TLS at all, they still go into the trace, and so into a saved capture */
  GByteArray *unframed[2];
  EVP_PKEY *server_ephemeral;  /* the lab's server's ECDHE/DHE key pair */
  LabLiveDeadline *deadline;   /* the connection's, once started (lab_live_peer_start) */
  gboolean peer_closed;        /* the real peer sent close_notify or hung up */
  gboolean close_notify_received;
  gboolean peer_fin;           /* the real peer closed its socket (its FIN arrived) */
} LabLivePeer;

void lab_live_peer_init (LabLivePeer *peer, LabTrace *trace, LabSide side);
void lab_live_peer_clear (LabLivePeer *peer);

/* Installs the lab's message, key log and verify callbacks on a context (keeping its
 * verify mode). Every SSL from it must then be attached to a LabLivePeer. */
void lab_live_ctx_observe (SSL_CTX *ctx);

/* Makes the connected socket fd blocking (GIO keeps its sockets non-blocking; OpenSSL is
 * used blocking here) and starts its deadline. */
void lab_live_peer_start (LabLivePeer *peer, int fd, guint timeout_ms);

/* Stops the deadline: whether it struck (*events: the trace's events at that moment). */
gboolean lab_live_peer_stop (LabLivePeer *peer, guint *events);

/* A new SSL on the connected socket fd, with the tap on its socket. A peer that ends the
 * stream without close_notify is not met with an alert of OpenSSL's own (it would send
 * decode_error, "unexpected eof while reading"): the stream simply ends, and the trace
 * says whether close_notify came (close_notify_received) and when the FIN did. */
SSL *lab_live_peer_ssl (LabLivePeer *peer, SSL_CTX *ctx, int fd, GError **error);

/* Application data the lab's side wrote (sent) or read: both peers' views. */
void lab_live_peer_app_data (LabLivePeer *peer, gboolean sent, const guint8 *data, gsize len);

/* Reads what the real peer sends, each piece recorded as application data, into out
 * until `enough` (may be NULL) says so, the peer closes (close_notify or a hang-up:
 * peer_closed), or `limit` bytes. FALSE with OpenSSL's reason when reading failed. */
gboolean lab_live_peer_read (LabLivePeer *peer, SSL *ssl, GByteArray *out, gsize limit,
                             gboolean (*enough) (GByteArray *out), char **reason);

/* Sends close_notify and, unless the peer already closed, waits (bounded) for its own;
 * then waits a moment for the peer's FIN (lab_live_peer_drain) and records the lab's side
 * closing its socket. */
void lab_live_peer_close (LabLivePeer *peer, SSL *ssl);

/* What the real peer still sends, up to its FIN, for at most grace_ms (and never past the
 * deadline): read raw from the socket through the tap, so that the trace, and a capture
 * saved from it, hold every byte the lab received and the peer's FIN when it came. */
void lab_live_peer_drain (LabLivePeer *peer, SSL *ssl, guint grace_ms);

/* TCP connect and accept (or close) events: the lab's side and the real peer's. */
void lab_live_peer_tcp (LabLivePeer *peer, LabSide side, const char *action, const char *detail);

/* What OpenSSL knew on the lab's side, for lab_recompute: the master secret and the
 * Finished values of both views (the real peer's are what arrived from it). */
void lab_live_peer_secrets (LabLivePeer *peer, SSL *ssl, LabOpensslSecrets *secrets);

/* The outcome from what the trace shows and what OpenSSL said; `reason` may be NULL. After
 * a deadline struck, only the first `events` count: OpenSSL answers the sudden end of the
 * stream with alerts of its own (decode_error), a consequence of the timeout, not its
 * cause. */
LabOutcome lab_live_outcome (LabTrace *trace, SSL *ssl, gboolean completed, const char *reason,
                             gboolean timed_out, guint events);

/* "192.0.2.1:443", "[2001:db8::1]:443" */
char *lab_live_address_text (GSocketAddress *address);

G_END_DECLS
