/* lab-listen.c: `listen`, the lab's server and real clients. */
#include "lab-listen.h"
#include "lab-live.h"
#include "engine/session/lab-peer-config.h"
#include "engine/pki/lab-pki.h"
#include "engine/trace/lab-recompute.h"
#include "engine/io/lab-ssl-autoptr.h"
#include "tls/lab-error.h"

#include <fcntl.h>
#include <gio/gio.h>
#include <openssl/err.h>
#include <signal.h>
#include <string.h>

#define REQUEST_LIMIT 16384

#define PAGE_BODY                                                                          \
  "<!doctype html>\n<html><head><title>Handshake Lab</title></head>\n"                     \
  "<body><h1>Hello from Handshake Lab</h1>\n"                                              \
  "<p>You are talking to the lab's server. This page travelled inside TLS 1.2 records "     \
  "protected with the keys your client and the lab just agreed on; the lab shows every "   \
  "step of how they got there.</p></body></html>\n"

typedef struct
{
  const LabListenOptions *options;
  LabPki *pki;
  SSL_CTX *ctx;
  GSocket *socket;
} Listener;

static void
listener_clear (Listener *l)
{
  g_clear_pointer (&l->ctx, SSL_CTX_free);
  g_clear_pointer (&l->pki, lab_pki_free);
  g_clear_object (&l->socket);
}

/* The scenario's server: its certificates made now (or at the scenario's own clock), its
 * context with the lab's callbacks, from the system's randomness (never a seed). */
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
serve (LabLivePeer *peer, SSL *ssl, char **reason)
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
  if (request_complete (request))
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
  LabLiveDeadline *deadline;
  LabOpensslSecrets secrets = { 0 };
  LabOutcome outcome;
  g_autoptr (SSL) ssl = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *reason = NULL, *detail = NULL;
  guint timeout_ms = l->options->timeout_ms ? l->options->timeout_ms : LAB_LIVE_TIMEOUT_MS;
  int fd = g_socket_get_fd (client);
  gboolean completed = FALSE, timed_out;
  guint events = 0;

  /* GIO's sockets are non-blocking; OpenSSL is used blocking here, bounded by the deadline */
  fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK);
  lab_live_peer_init (&peer, trace, LAB_SIDE_SERVER);
  detail = g_strdup_printf ("a client connected from %s", client_text);
  lab_live_peer_tcp (&peer, LAB_SIDE_CLIENT, "connect", detail);
  lab_live_peer_tcp (&peer, LAB_SIDE_SERVER, "accept", "the lab's server accepted it");
  deadline = lab_live_deadline_start (fd, timeout_ms, trace);
  ssl = lab_live_peer_ssl (&peer, l->ctx, fd, &error);
  if (ssl != NULL)
    completed = serve (&peer, ssl, &reason);
  else
    reason = g_strdup (error->message);
  timed_out = lab_live_deadline_stop (deadline, &events) && !completed;
  if (timed_out)
    {
      g_free (reason);
      reason = g_strdup_printf ("the connection took longer than %g s", timeout_ms / 1000.0);
    }

  if (ssl != NULL)
    lab_live_peer_secrets (&peer, ssl, &secrets);
  if (l->pki->server.key != NULL && EVP_PKEY_up_ref (l->pki->server.key))
    secrets.server_key = l->pki->server.key;
  lab_recompute (trace, &secrets);
  lab_openssl_secrets_clear (&secrets);
  outcome = lab_live_outcome (trace, ssl, completed, reason, timed_out, events);
  lab_trace_finish (trace, &outcome);
  lab_live_peer_clear (&peer);
  return trace;
}

gboolean
lab_listen (const LabListenOptions *options, GError **error)
{
  Listener l = { options };
  g_autofree char *address = NULL;
  guint16 port = 0;

  /* SSL_shutdown may write to a client that has gone (HACKING.md, "Signals and shutdown"). */
  signal (SIGPIPE, SIG_IGN);
  if (!make_server (&l, error) || !start_listening (&l, &address, &port, error))
    {
      listener_clear (&l);
      return FALSE;
    }
  if (options->listening != NULL)
    options->listening (address, port, options->user_data);
  for (guint n = 0; options->count == 0 || n < options->count; n++)
    {
      g_autoptr (GSocket) client = g_socket_accept (l.socket, NULL, error);
      g_autoptr (GSocketAddress) remote = NULL;
      g_autoptr (LabTrace) trace = NULL;
      g_autofree char *client_text = NULL;

      if (client == NULL)
        {
          listener_clear (&l);
          return FALSE;
        }
      remote = g_socket_get_remote_address (client, NULL);
      client_text = remote ? lab_live_address_text (remote) : g_strdup ("?");
      trace = one_connection (&l, client, client_text);
      g_socket_close (client, NULL);
      if (options->connection != NULL)
        options->connection (trace, client_text, options->user_data);
    }
  listener_clear (&l);
  return TRUE;
}
