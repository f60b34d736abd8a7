/* lab-session.c: the two peers and the wire of one run: setting up, the peers' threads,
 * and tearing down (the callbacks, the outcome and what the peers say after their
 * handshake, lab-session-conversation.c, have files of their own).
 *
 * Every SSL_CTX is configured before any thread uses it (changing a context in use
 * crashed). With a seed, each role has its own library context drawing from its own
 * deterministic stream, and each is used by one thread at a time (HACKING.md,
 * "Threads"). */
#include "lab-session-private.h"
#include "lab-cause.h"
#include "engine/pki/lab-pki.h"
#include "engine/pki/lab-seeded-rand.h"
#include "engine/io/lab-socket.h"
#include "engine/io/lab-ssl-autoptr.h"
#include "lab-wire-rules.h"
#include "engine/io/lab-watchdog.h"
#include "engine/io/lab-workers.h"
#include "tls/lab-error.h"

#include <errno.h>
#include <signal.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

/* ---- trace helpers ---- */

static LabEvent *
tcp_event (LabPeer *peer, const char *action, const char *detail)
{
  LabEvent *event = lab_event_new (LAB_EVENT_TCP, peer->side);

  event->name = g_strdup (action);
  event->detail = g_strdup (detail);
  event->phase = g_str_equal (action, "close") ? LAB_PHASE_NONE : LAB_PHASE_CONNECTION;
  event->direction = direction_of (peer->side);
  event->connection = peer->connection;
  return event;
}

static guint
append_tcp (LabPeer *peer, const char *action, const char *detail)
{
  return lab_trace_append (peer->session->trace, tcp_event (peer, action, detail));
}

void
lab_session_set_waiting (LabPeer *peer, const char *what)
{
  g_mutex_lock (&peer->session->lock);
  peer->waiting_for = what;
  g_mutex_unlock (&peer->session->lock);
}

void
lab_session_note_failure (LabPeer *peer)
{
  int saved_errno = errno;
  g_autofree char *reason = lab_openssl_last_reason ();

  /* A peer that closes with bytes it never read makes its kernel answer with a reset. */
  if (peer->reason == NULL)
    peer->reason = reason           ? g_steal_pointer (&reason)
                   : saved_errno == ECONNRESET ? g_strdup ("the connection was reset")
                                               : g_strdup ("the connection closed");
  ERR_clear_error ();
}

/* ---- the peers' threads ---- */

/* Registers a socket so an abort can shut it; FALSE (and closes it) when already aborted. */
static gboolean
register_fd (LabPeer *peer, int fd)
{
  gboolean ok;

  g_mutex_lock (&peer->session->lock);
  ok = !peer->session->aborted;
  if (ok)
    peer->fd = fd;
  g_mutex_unlock (&peer->session->lock);
  if (!ok)
    close (fd);
  return ok;
}

static void
close_peer_fd (LabPeer *peer)
{
  g_mutex_lock (&peer->session->lock);
  if (peer->fd >= 0)
    {
      close (peer->fd);
      peer->fd = -1;
    }
  g_mutex_unlock (&peer->session->lock);
}

static SSL *
new_ssl (LabPeer *peer)
{
  SSL *ssl = SSL_new (peer->ctx);

  if (ssl == NULL)
    {
      lab_session_note_failure (peer);
      return NULL;
    }
  SSL_set_app_data (ssl, peer);
  if (peer->session->mitm_relay != NULL)
    SSL_set_fd (ssl, peer->fd); /* the attacker's relay is the wire */
  else
    {
      BIO *rbio = BIO_new_socket (peer->fd, BIO_NOCLOSE);
      BIO *wbio = lab_wire_bio_new (peer->session->wire, direction_of (peer->side),
                                    peer->connection, peer->fd);

      if (rbio == NULL || wbio == NULL)
        {
          BIO_free (rbio);
          BIO_free (wbio);
          SSL_free (ssl);
          lab_session_note_failure (peer);
          return NULL;
        }
      SSL_set_bio (ssl, rbio, wbio);
    }
  return ssl;
}

/* One connection, as a web server serves it; FALSE when anything failed. */
static gboolean
serve_connection (LabPeer *peer)
{
  LabSession *session = peer->session;
  guint16 client_port = 0;
  g_autofree char *detail = NULL;
  int fd;

  lab_session_set_waiting (peer, "waiting for the client to connect");
  fd = lab_socket_accept (session->server_listen_fd, &client_port);
  if (fd < 0 || !register_fd (peer, fd))
    return FALSE;
  session->server_accepts++; /* read once the peers are done */
  detail = g_strdup_printf ("accepted a connection from 127.0.0.1:%u on port %u", client_port,
                            session->server_port);
  /* The client's connect() and the server's accept() return at about the same moment,
   * and the client does not wait for the accept to send its ClientHello (nor does a real
   * one). The trace tells them in the order they are taught: connect, accept, then the
   * ClientHello; so the accept goes right after the client's connect. */
  g_mutex_lock (&session->lock);
  while (session->client_connects <= peer->connection && !session->aborted)
    g_cond_wait (&session->cond, &session->lock);
  /* With a man in the middle the connection is the attacker's, not the client's: the
   * accept goes where it happened, and the steps put it after the attacker's connect. */
  if (session->client_connects > peer->connection && session->mitm_relay == NULL)
    lab_trace_insert_after (session->trace, session->connect_seq[peer->connection],
                            tcp_event (peer, "accept", detail));
  else
    append_tcp (peer, "accept", detail);
  g_mutex_unlock (&session->lock);

  if ((peer->ssl = new_ssl (peer)) == NULL)
    return FALSE;
  lab_session_set_waiting (peer, "in the handshake");
  ERR_clear_error ();
  if (SSL_accept (peer->ssl) != 1)
    {
      lab_session_note_failure (peer);
      return FALSE;
    }
  peer->handshake_done = TRUE;

  return lab_session_server_converse (peer);
}

static void start_server (LabSession *session);

/* One connection: handshake (resuming the first connection's session on the second),
 * request, response, close; FALSE when anything failed. */
static gboolean
fetch_page (LabPeer *peer)
{
  LabSession *session = peer->session;
  const char *host = session->scenario->server_name;
  g_autoptr (GError) error = NULL;
  g_autofree char *detail = NULL;
  guint16 local_port = 0;
  guint16 port = session->mitm_relay != NULL ? lab_mitm_relay_get_port (session->mitm_relay)
                                              : session->server_port;
  int fd;

  lab_session_set_waiting (peer, "connecting");
  fd = lab_socket_connect_loopback (port, &local_port, &error);
  if (fd < 0)
    {
      peer->reason = g_strdup (error->message);
      return FALSE;
    }
  if (!register_fd (peer, fd))
    return FALSE;
  detail = g_strdup_printf ("connected from 127.0.0.1:%u to 127.0.0.1:%u", local_port, port);
  g_mutex_lock (&session->lock);
  session->connect_seq[peer->connection] = append_tcp (peer, "connect", detail);
  session->client_connects++;
  g_cond_broadcast (&session->cond);
  g_mutex_unlock (&session->lock);
  start_server (session);

  if ((peer->ssl = new_ssl (peer)) == NULL)
    return FALSE;
  if (peer->resume_from != NULL)
    SSL_set_session (peer->ssl, peer->resume_from);
  SSL_set_tlsext_host_name (peer->ssl, host);
  if (session->scenario->check_host_name)
    SSL_set1_host (peer->ssl, host);

  lab_session_set_waiting (peer, "in the handshake");
  ERR_clear_error ();
  if (SSL_connect (peer->ssl) != 1)
    {
      lab_session_note_failure (peer);
      return FALSE;
    }
  peer->handshake_done = TRUE;
  return lab_session_client_converse (peer);
}

/* What OpenSSL knew of this connection, kept before its SSL object goes (or, for the
 * first handshake of one that renegotiates, before the second begins). */
static void
openssl_view (LabPeer *peer, LabOpensslView *view)
{
  SSL_SESSION *ssl_session;
  guint8 buffer[64];
  gsize len;

  /* A failed handshake still has the session it was negotiating, with its secrets. */
  if (peer->ssl == NULL)
    return;
  ssl_session = SSL_get_session (peer->ssl);
  if (ssl_session != NULL
      && (len = SSL_SESSION_get_master_key (ssl_session, buffer, sizeof buffer)) > 0)
    view->master_secret = g_bytes_new (buffer, len);
  if ((len = SSL_get_finished (peer->ssl, buffer, sizeof buffer)) > 0)
    view->finished = g_bytes_new (buffer, len);
  view->extended_master_secret = SSL_get_extms_support (peer->ssl) == 1;
}

/* Keeps what the connection knew, then hangs up: that tells the other side (or the
 * man in the middle) this one is gone. */
void
lab_session_keep_openssl_view (LabPeer *peer, gboolean renegotiation)
{
  LabOpensslSecrets *secrets = &peer->session->secrets[peer->connection];
  gboolean client = peer->side == LAB_SIDE_CLIENT;
  LabOpensslView *view = renegotiation ? (client ? &secrets->client_renegotiation
                                                 : &secrets->server_renegotiation)
                                       : (client ? &secrets->client : &secrets->server);

  g_clear_pointer (&view->master_secret, g_bytes_unref);
  g_clear_pointer (&view->finished, g_bytes_unref);
  openssl_view (peer, view);
}

static void
end_connection (LabPeer *peer)
{
  lab_session_keep_openssl_view (peer, peer->handshakes > 1);
  if (peer->ssl != NULL)
    peer->verify_result = SSL_get_verify_result (peer->ssl);
  g_clear_pointer (&peer->ssl, SSL_free);
  if (peer->fd >= 0)
    {
      close_peer_fd (peer);
      append_tcp (peer, "close", peer->side == LAB_SIDE_CLIENT ? "the client closed its socket"
                                                               : "the server closed its socket");
    }
  ERR_clear_error ();
}

/* A client that gives up early will not come back: stop the server waiting for it. */
static void
stop_accepting (LabSession *session)
{
  g_mutex_lock (&session->lock);
  if (session->server_listen_fd >= 0)
    {
      shutdown (session->server_listen_fd, SHUT_RDWR);
      session->listener_shut = TRUE;
    }
  g_mutex_unlock (&session->lock);
}

static void
peer_job (gpointer data, gpointer unused)
{
  LabPeer *peer = data;
  LabSession *session = peer->session;
  gboolean ok = TRUE;

  for (guint c = 0; c < session->n_connections && ok; c++)
    {
      peer->connection = c;
      peer->handshake_done = FALSE;
      peer->handshakes = 0;
      ok = peer->side == LAB_SIDE_SERVER ? serve_connection (peer) : fetch_page (peer);
      end_connection (peer);
    }
  peer->completed = ok;
  if (!ok && peer->side == LAB_SIDE_CLIENT)
    stop_accepting (session);
  g_clear_pointer (&peer->resume_from, SSL_SESSION_free);
  /* a seeded run's contexts go with the run; the server's worker thread lives on (the
   * client's thread, the caller's, leaves them in session_clear) */
  if (peer->side == LAB_SIDE_SERVER)
    lab_peer_contexts_leave (session->contexts);
}

static void
peer_job_done (gpointer data, gpointer unused)
{
  LabSession *session = ((LabPeer *) data)->session;

  g_mutex_lock (&session->lock);
  session->running--;
  g_cond_broadcast (&session->cond);
  g_mutex_unlock (&session->lock);
}

/* Shuts every socket so that every blocked thread returns. */
static void
abort_session (LabSession *session)
{
  g_mutex_lock (&session->lock);
  session->aborted = TRUE;
  g_cond_broadcast (&session->cond);
  if (session->server_listen_fd >= 0)
    {
      shutdown (session->server_listen_fd, SHUT_RDWR);
      session->listener_shut = TRUE;
    }
  if (session->client.fd >= 0)
    shutdown (session->client.fd, SHUT_RDWR);
  if (session->server.fd >= 0)
    shutdown (session->server.fd, SHUT_RDWR);
  g_mutex_unlock (&session->lock);
  if (session->mitm_relay != NULL)
    lab_mitm_relay_abort (session->mitm_relay);
}

/* ---- setting up and tearing down ---- */

static void
session_clear (LabSession *session)
{
  g_clear_pointer (&session->mitm_relay, lab_mitm_relay_free);
  g_clear_pointer (&session->wire, lab_wire_free);
  g_clear_pointer (&session->wire_rules, lab_wire_rules_free);
  for (guint c = 0; c < LAB_SESSION_MAX_CONNECTIONS; c++)
    lab_openssl_secrets_clear (&session->secrets[c]);
  for (int i = 0; i < 2; i++)
    {
      LabPeer *peer = i == 0 ? &session->client : &session->server;

      g_clear_pointer (&peer->ssl, SSL_free);
      if (peer->fd >= 0)
        close (peer->fd);
      g_free (peer->reason);
    }
  /* only the lab's client connects to the server's listener, unless there is an attacker */
  lab_socket_listener_give_back (session->server_listen_fd, session->server_port,
                                 !session->listener_shut,
                                 session->scenario->attack == LAB_ATTACK_MAN_IN_THE_MIDDLE
                                   || session->aborted
                                   || session->server_accepts != session->client_connects);
  /* the analysis may hold the last reference, and free them on its own thread */
  if (session->contexts != NULL)
    lab_peer_contexts_leave (session->contexts);
  g_clear_pointer (&session->contexts, lab_peer_contexts_release);
  g_clear_object (&session->trace);
  g_mutex_clear (&session->lock);
  g_cond_clear (&session->cond);
}

/* The server's job goes to a worker once the client has connected (or failed to): the
 * worker then finds the connection waiting, where a server started first would go to
 * sleep in accept() and be woken again by the connect, a thread hand-over more per run.
 * Its listener is open from the start, so the connect does not wait for it. */
static void
start_server (LabSession *session)
{
  gboolean start;

  g_mutex_lock (&session->lock);
  start = !session->server_started;
  session->server_started = TRUE;
  if (start)
    session->running++;
  g_mutex_unlock (&session->lock);
  if (start)
    lab_workers_run (peer_job, peer_job_done, &session->server);
}

/* Waits until no peer is running. */
static void
wait_for_peers (LabSession *session)
{
  g_mutex_lock (&session->lock);
  while (session->running > 0)
    g_cond_wait (&session->cond, &session->lock);
  g_mutex_unlock (&session->lock);
}

/* The watchdog's: a run still going at its deadline has stalled. Only what happened
 * before the lab shut the sockets counts for the outcome. */
static void
on_deadline (gpointer data)
{
  LabSession *session = data;

  g_mutex_lock (&session->lock);
  session->timed_out = session->running > 0;
  g_mutex_unlock (&session->lock);
  if (!session->timed_out)
    return;
  session->events_before_abort = lab_trace_get_n_events (session->trace);
  abort_session (session);
}

/* The attacker's contexts are the run's (lab_peer_ctx_new_mallory): its certificate for
 * the server's name is part of the run's PKI, so that a client can be told to trust its
 * root, or pin the real server's key. */
static gboolean
set_up_mitm (LabSession *session, GError **error)
{
  session->mitm = (LabMitm){ session->contexts->mallory_server, session->contexts->mallory_client,
                             session->scenario->server_name };
  session->mitm_relay = lab_mitm_relay_start (&session->mitm, session->trace,
                                              session->server_port, session->n_connections,
                                              error);
  return session->mitm_relay != NULL;
}

static gboolean
set_up (LabSession *session, const LabSessionOptions *options, GError **error)
{
  const LabScenario *scenario = session->scenario;
  gboolean seeded = options->has_seed || scenario->has_seed;

  session->contexts = lab_peer_contexts_acquire (scenario, seeded,
                                                 options->has_seed ? options->seed
                                                                        : scenario->seed,
                                                 session->clock, &lab_session_callbacks, error);
  if (session->contexts == NULL)
    return FALSE;
  session->clock = session->contexts->clock; /* a shared context keeps the clock it was made at */
  session->server.ctx = session->contexts->server;
  session->client.ctx = session->contexts->client;
  session->server_listen_fd = lab_socket_listener_take (&session->server_port, error);
  if (session->server_listen_fd < 0)
    return FALSE;
  session->wire = lab_wire_new (session->trace);
  if (scenario->attack == LAB_ATTACK_MAN_IN_THE_MIDDLE && !set_up_mitm (session, error))
    return FALSE;
  if (options->wire_filter != NULL)
    lab_wire_set_filter (session->wire, options->wire_filter, options->wire_filter_data);
  else
    {
      session->wire_rules = lab_wire_rules_new (scenario->attack, scenario->tamper);
      if (session->wire_rules != NULL)
        lab_wire_set_filter (session->wire, lab_wire_rules_filter, session->wire_rules);
    }
  return TRUE;
}

LabTrace *
lab_session_run (const LabScenario *scenario, const LabSessionOptions *options, GError **error)
{
  static const LabSessionOptions no_options = { 0 };
  LabSession session = { 0 };
  LabOutcome outcome;
  LabWatch *watch;
  guint timeout_ms;
  LabTrace *trace = NULL;

  /* SSL_shutdown may write to a peer that has gone; OpenSSL's socket writes don't pass
   * MSG_NOSIGNAL, so SIGPIPE is ignored for every program that runs a session, not only
   * handshake-lab itself (HACKING.md, "Signals and shutdown"). */
  signal (SIGPIPE, SIG_IGN);
  if (options == NULL)
    options = &no_options;
  timeout_ms = options->timeout_ms         ? options->timeout_ms
               : scenario->timeout_s != 0 ? scenario->timeout_s * 1000
                                          : LAB_SESSION_DEFAULT_TIMEOUT_MS;

  session.scenario = scenario;
  session.timeout_ms = timeout_ms;
  session.n_connections = scenario->resume != LAB_RESUME_NONE ? 2 : 1;
  session.bulk_bytes = options->bulk_bytes;
  session.trace = lab_trace_new ();
  session.server_listen_fd = -1;
  /* A seed given here fixes the clock as a scenario's own seed does: the certificates'
   * dates are bytes on the wire too, and two runs a second apart must still agree. */
  session.clock = options->has_seed && !scenario->has_clock
                    ? LAB_SEEDED_DEFAULT_CLOCK
                    : lab_scenario_effective_clock (scenario);
  session.client = (LabPeer){ .session = &session, .side = LAB_SIDE_CLIENT, .fd = -1 };
  session.server = (LabPeer){ .session = &session, .side = LAB_SIDE_SERVER, .fd = -1 };
  g_mutex_init (&session.lock);
  g_cond_init (&session.cond);

  if (!set_up (&session, options, error))
    {
      session_clear (&session);
      return NULL;
    }
  watch = lab_watchdog_arm (g_get_monotonic_time () + (gint64) timeout_ms * 1000, on_deadline,
                            &session);
  /* The client on this thread, the server on a worker that the client's first connect
   * starts (start_server): a thread hand-over fewer, at the start and at the end. */
  g_mutex_lock (&session.lock);
  session.running++;
  g_mutex_unlock (&session.lock);
  peer_job (&session.client, NULL);
  start_server (&session); /* a client that failed before its connect started nothing */
  peer_job_done (&session.client, NULL);
  wait_for_peers (&session);
  lab_watchdog_disarm (watch);
  /* Both peers have hung up; give the attacker a moment to pass on what is in flight. */
  if (session.mitm_relay != NULL
      && !lab_mitm_relay_wait (session.mitm_relay, g_get_monotonic_time () + 500 * 1000))
    lab_mitm_relay_abort (session.mitm_relay);

  outcome = lab_session_decide_outcome (&session, session.timed_out);
  lab_cause_explain (session.trace, scenario, &outcome);
  lab_session_analyse (&session, &outcome); /* finishes the trace */
  trace = g_object_ref (session.trace);
  session_clear (&session);
  return trace;
}
