/* lab-listen.c: `listen`, the lab's server and real clients. */
#include "lab-listen.h"
#include "lab-live.h"
#include "lab-live-cause.h"
#include "engine/session/lab-peer-config.h"
#include "engine/pki/lab-pki.h"
#include "engine/pki/lab-user-ca.h"
#include "engine/trace/lab-recompute.h"
#include "engine/io/lab-ssl-autoptr.h"
#include "tls/lab-error.h"

#include <fcntl.h>
#include <gio/gio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <signal.h>
#include <string.h>

#define REQUEST_LIMIT 16384
/* Connections the kernel holds, handshake done, until the lab takes them (listen(2)):
 * room for a burst while every slot is busy. */
#define BACKLOG 128

#define PAGE_BODY                                                                          \
  "<!doctype html>\n<html><head><title>Handshake Lab</title></head>\n"                     \
  "<body><h1>Hello from Handshake Lab</h1>\n"                                              \
  "<p>You are talking to the lab's server. This page travelled inside TLS 1.2 records "     \
  "protected with the keys your client and the lab just agreed on; the lab shows every "   \
  "step of how they got there.</p></body></html>\n"

typedef struct
{
  const LabListenOptions *options;
  LabPkiAuthority *authority;
  LabPki *pki;
  SSL_CTX *ctx;
  GSocket *socket;
  guint timeout_ms;
  guint16 port;       /* the port it listens on */
  GMutex lock;
  GCond slot_free;
  guint serving;      /* connections being served now */
  GMutex report_lock; /* one connection's report at a time */
} Listener;

static void
listener_clear (Listener *l)
{
  g_clear_pointer (&l->ctx, SSL_CTX_free);
  g_clear_pointer (&l->pki, lab_pki_free);
  g_clear_pointer (&l->authority, lab_pki_authority_free);
  g_clear_object (&l->socket);
  g_mutex_clear (&l->lock);
  g_cond_clear (&l->slot_free);
  g_mutex_clear (&l->report_lock);
}

/* The scenario's server: its certificates made now (or at the scenario's own clock) and
 * signed by the user's lasting lab CA, so that a client given that CA's root can verify
 * it; its context with the lab's callbacks, from the system's randomness (never a
 * seed). */
static gboolean
make_server (Listener *l, GError **error)
{
  const LabScenario *s = l->options->scenario;
  gint64 clock = s->has_clock ? s->clock : g_get_real_time () / G_USEC_PER_SEC;
  LabPkiOptions pki_options = {
    .key_type = s->key_type,
    .clock = clock,
    .server_name = s->server_name,
    .server_profile = s->server.certificate,
  };

  if ((l->authority = lab_user_ca_get (NULL, error)) == NULL)
    return FALSE;
  pki_options.authority = l->authority;
  if ((l->pki = lab_pki_new (NULL, &pki_options, error)) == NULL
      || (l->ctx = lab_peer_ctx_new (s, l->pki, NULL, TRUE, clock, error)) == NULL)
    return FALSE;
  lab_live_ctx_observe (l->ctx);
  return TRUE;
}

static gboolean
start_listening (Listener *l, char **address_text, guint16 *port, GError **error)
{
  const char *text = l->options->address ? l->options->address : "127.0.0.1";
  g_autoptr (GInetAddress) inet = g_inet_address_new_from_string (text);
  g_autoptr (GSocketAddress) address = NULL;
  g_autoptr (GSocketAddress) bound = NULL;
  g_autoptr (GError) local = NULL;

  if (inet == NULL)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
                   "'%s' is not an IP address (like 127.0.0.1 or ::1)", text);
      return FALSE;
    }
  address = g_inet_socket_address_new (inet, l->options->port);
  l->socket = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM,
                            G_SOCKET_PROTOCOL_TCP, &local);
  if (l->socket != NULL)
    g_socket_set_listen_backlog (l->socket, BACKLOG);
  if (l->socket == NULL || !g_socket_bind (l->socket, address, TRUE, &local)
      || !g_socket_listen (l->socket, &local))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_IO, "listening on %s port %u: %s", text,
                   l->options->port, local->message);
      return FALSE;
    }
  bound = g_socket_get_local_address (l->socket, NULL);
  *port = bound ? g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound))
                : l->options->port;
  *address_text = g_strdup (text);
  return TRUE;
}

/* The end of a request's headers (RFC 9112 §2.1); a body, if any, is not waited for. */
static gboolean
request_complete (GByteArray *in)
{
  return in->len >= 4 && g_strstr_len ((const char *) in->data, in->len, "\r\n\r\n") != NULL;
}

static gboolean
serve (LabLivePeer *peer, SSL *ssl, gboolean *asked, char **reason)
{
  g_autoptr (GByteArray) request = g_byte_array_new ();
  g_autofree char *response = NULL;

  ERR_clear_error ();
  if (SSL_accept (ssl) != 1)
    {
      *reason = lab_openssl_last_reason ();
      if (*reason == NULL)
        *reason = g_strdup ("the client closed the connection during the handshake");
      ERR_clear_error ();
      return FALSE;
    }
  if (!lab_live_peer_read (peer, ssl, request, REQUEST_LIMIT, request_complete, reason))
    return FALSE;
  if ((*asked = request_complete (request)))
    {
      response = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                                  "Content-Length: %" G_GSIZE_FORMAT "\r\nConnection: close\r\n"
                                  "\r\n%s", strlen (PAGE_BODY), PAGE_BODY);
      ERR_clear_error ();
      if (SSL_write (ssl, response, (int) strlen (response)) <= 0)
        {
          *reason = lab_openssl_last_reason ();
          ERR_clear_error ();
          return FALSE;
        }
      lab_live_peer_app_data (peer, TRUE, (const guint8 *) response, strlen (response));
    }
  lab_live_peer_close (peer, ssl);
  return TRUE;
}

static LabTrace *
one_connection (Listener *l, GSocket *client, const char *client_text)
{
  LabTrace *trace = lab_trace_new ();
  LabLivePeer peer;
  LabOpensslSecrets secrets = { 0 };
  LabOutcome outcome;
  LabLiveCauseContext cause = {
    .lab_side = LAB_SIDE_SERVER,
    .scenario = l->options->scenario,
    .server_name = l->options->scenario->server_name,
    .security_level = SSL_CTX_get_security_level (l->ctx),
    .timeout_ms = l->timeout_ms,
    .port = l->port,
    .certificate = l->pki->server.cert,
  };
  g_autoptr (SSL) ssl = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *reason = NULL, *detail = NULL;
  gboolean completed = FALSE, asked = FALSE, timed_out;
  guint events = 0;

  lab_live_peer_init (&peer, trace, LAB_SIDE_SERVER);
  detail = g_strdup_printf ("a client connected from %s", client_text);
  lab_live_peer_tcp (&peer, LAB_SIDE_CLIENT, "connect", detail);
  lab_live_peer_tcp (&peer, LAB_SIDE_SERVER, "accept", "the lab's server accepted it");
  lab_live_peer_start (&peer, g_socket_get_fd (client), l->timeout_ms);
  ssl = lab_live_peer_ssl (&peer, l->ctx, g_socket_get_fd (client), &error);
  if (ssl != NULL)
    completed = serve (&peer, ssl, &asked, &reason);
  else
    reason = g_strdup (error->message);
  if (ssl != NULL && !completed)
    {
      /* what the client still sent, its FIN; then the lab's side closes */
      lab_live_peer_drain (&peer, ssl, LAB_LIVE_FIN_GRACE_MS);
      lab_live_peer_tcp (&peer, LAB_SIDE_SERVER, "close", "the lab's server closed its socket");
    }
  timed_out = lab_live_peer_stop (&peer, &events) && !completed;
  if (timed_out)
    {
      g_free (reason);
      reason = g_strdup_printf ("the connection took longer than %g s", l->timeout_ms / 1000.0);
    }

  if (ssl != NULL)
    lab_live_peer_secrets (&peer, ssl, &secrets);
  if (l->pki->server.key != NULL && EVP_PKEY_up_ref (l->pki->server.key))
    secrets.server_key = l->pki->server.key;
  lab_recompute (trace, &secrets);
  lab_openssl_secrets_clear (&secrets);
  outcome = lab_live_outcome (trace, ssl, completed, reason, timed_out, events);
  if (outcome.result == LAB_RESULT_SUCCESS && !asked)
    {
      /* nothing failed on the lab's side, but nothing was asked either: say so */
      g_free (outcome.reason);
      outcome.reason = g_strdup_printf ("the handshake completed, then the client closed the "
                                        "connection without sending a request%s",
                                        peer.close_notify_received ? ""
                                                                   : " (and without "
                                                                     "close_notify)");
      outcome.cause = lab_live_cause_no_request (trace, &cause);
    }
  lab_live_cause_explain (trace, &cause, &outcome);
  lab_trace_finish (trace, &outcome);
  lab_live_peer_clear (&peer);
  return trace;
}

/* ---- many at once ---- */

typedef struct
{
  Listener *listener;
  GSocket *client;
} Job;

/* One connection on a worker thread: served, reported, and its slot given back. */
static void
serve_job (gpointer data, gpointer user_data)
{
  Job *job = data;
  Listener *l = job->listener;
  g_autoptr (GSocketAddress) remote = g_socket_get_remote_address (job->client, NULL);
  g_autofree char *client_text = remote ? lab_live_address_text (remote) : g_strdup ("?");
  g_autoptr (LabTrace) trace = one_connection (l, job->client, client_text);

  g_socket_close (job->client, NULL);
  g_object_unref (job->client);
  g_free (job);
  if (l->options->connection != NULL)
    {
      g_mutex_lock (&l->report_lock);
      l->options->connection (trace, client_text, l->options->user_data);
      g_mutex_unlock (&l->report_lock);
    }
  /* GLib keeps finished pool threads for reuse, past the end of listen: OpenSSL's
   * per-thread state (its random generators) is given back now, not at a thread exit
   * that may never come. */
  OPENSSL_thread_stop ();
  g_mutex_lock (&l->lock);
  l->serving--;
  g_cond_signal (&l->slot_free);
  g_mutex_unlock (&l->lock);
}

gboolean
lab_listen (const LabListenOptions *options, GError **error)
{
  Listener l = { options };
  g_autofree char *address = NULL;
  GThreadPool *pool;
  gboolean ok = TRUE;
  guint16 port = 0;

  g_mutex_init (&l.lock);
  g_cond_init (&l.slot_free);
  g_mutex_init (&l.report_lock);
  l.timeout_ms = options->timeout_ms ? options->timeout_ms : LAB_LIVE_TIMEOUT_MS;
  /* SSL_shutdown may write to a client that has gone (HACKING.md, "Signals and shutdown"). */
  signal (SIGPIPE, SIG_IGN);
  if (!make_server (&l, error) || !start_listening (&l, &address, &port, error))
    {
      listener_clear (&l);
      return FALSE;
    }
  l.port = port;
  if (options->listening != NULL)
    options->listening (address, port, options->user_data);
  pool = g_thread_pool_new (serve_job, NULL, LAB_LISTEN_MAX_CONNECTIONS, FALSE, NULL);
  for (guint n = 0; options->count == 0 || n < options->count; n++)
    {
      GSocket *client;
      Job *job;

      /* A connection past the bound waits in the kernel's queue (BACKLOG) until a slot is
       * free; its deadline starts when the lab takes it. */
      g_mutex_lock (&l.lock);
      while (l.serving >= LAB_LISTEN_MAX_CONNECTIONS)
        g_cond_wait (&l.slot_free, &l.lock);
      g_mutex_unlock (&l.lock);
      if ((client = g_socket_accept (l.socket, NULL, error)) == NULL)
        {
          ok = FALSE;
          break;
        }
      g_mutex_lock (&l.lock);
      l.serving++;
      g_mutex_unlock (&l.lock);
      job = g_new0 (Job, 1);
      job->listener = &l;
      job->client = client;
      g_thread_pool_push (pool, job, NULL);
    }
  /* every connection taken ends (each bounded by its deadline) before listen does */
  g_thread_pool_free (pool, FALSE, TRUE);
  listener_clear (&l);
  return ok;
}
