/* lab-connect.c: `connect`, the lab's client and a real server. */
#include "lab-connect.h"
#include "lab-live.h"
#include "lab-live-cause.h"
#include "lab-live-http.h"
#include "engine/trace/lab-recompute.h"
#include "engine/session/lab-session.h"
#include "engine/io/lab-ssl-autoptr.h"
#include "tls/lab-error.h"
#include "tls/lab-hex.h"

#include <fcntl.h>
#include <gio/gio.h>
#include <openssl/err.h>
#include <openssl/obj_mac.h>
#include <openssl/x509v3.h>
#include <signal.h>
#include <string.h>

/* Enough of any answer to show; the rest is not read. */
#define RESPONSE_LIMIT (256 * 1024)

static SSL_CTX *
client_ctx (const char *ca_file, GError **error)
{
  g_autoptr (SSL_CTX) ctx = NULL;

  ERR_clear_error ();
  ctx = SSL_CTX_new (TLS_client_method ());
  if (ctx == NULL || !SSL_CTX_set_min_proto_version (ctx, TLS1_2_VERSION)
      || !SSL_CTX_set_max_proto_version (ctx, TLS1_2_VERSION))
    {
      lab_set_error_from_openssl (error, "making the client");
      return NULL;
    }
  if (ca_file != NULL ? !SSL_CTX_load_verify_locations (ctx, ca_file, NULL)
                      : !SSL_CTX_set_default_verify_paths (ctx))
    {
      g_autofree char *reason = lab_openssl_last_reason ();
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID, "%s: no trust anchors could be read (%s)",
                   ca_file ? ca_file : "the system's trust store", reason ? reason : "?");
      ERR_clear_error ();
      return NULL;
    }
  SSL_CTX_set_verify (ctx, SSL_VERIFY_PEER, NULL);
  lab_live_ctx_observe (ctx);
  return g_steal_pointer (&ctx);
}

static GSocketConnection *
open_connection (const char *target, char **host, guint16 *port, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (GSocketConnectable) address = g_network_address_parse (target, 0, &local);
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  GSocketConnection *connection;

  if (address == NULL || g_network_address_get_port (G_NETWORK_ADDRESS (address)) == 0)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
                   "'%s' is not HOST:PORT (like example.org:443 or [::1]:4433)%s%s", target,
                   local ? ": " : "", local ? local->message : "");
      return NULL;
    }
  *host = g_strdup (g_network_address_get_hostname (G_NETWORK_ADDRESS (address)));
  *port = g_network_address_get_port (G_NETWORK_ADDRESS (address));
  g_socket_client_set_timeout (client, LAB_LIVE_TIMEOUT_MS / 1000);
  connection = g_socket_client_connect (client, address, NULL, &local);
  if (connection == NULL)
    g_set_error (error, LAB_ERROR, LAB_ERROR_IO, "connecting to %s: %s", target, local->message);
  return connection;
}

/* What the client can say about the pre-master secret: with RSA key exchange it chose it
 * and OpenSSL logs it (the key log's RSA line); with (EC)DHE it is agreed from the client's
 * ephemeral private key, which OpenSSL keeps to itself. */
static void
explain_pre_master (LabTrace *trace, SSL *ssl)
{
  const SSL_CIPHER *cipher = SSL_get_current_cipher (ssl);
  LabEvent *event = lab_event_new (LAB_EVENT_SECRET, LAB_SIDE_CLIENT);

  event->name = g_strdup ("pre_master_secret");
  event->phase = LAB_PHASE_CLIENT_AUTH_KEYS;
  event->match = LAB_MATCH_NO_EVIDENCE;
  if (cipher != NULL && SSL_CIPHER_get_kx_nid (cipher) == NID_kx_rsa)
    for (guint i = 0; i < lab_trace_get_n_events (trace) && event->bytes == NULL; i++)
      {
        const LabEvent *e = lab_trace_get_event (trace, i);
        g_auto (GStrv) words = NULL;

        if (e->kind != LAB_EVENT_KEYLOG || g_strcmp0 (e->name, "RSA") != 0)
          continue;
        words = g_strsplit (e->detail, " ", -1);
        if (g_strv_length (words) == 3)
          event->bytes = lab_hex_decode (words[2], NULL);
      }
  if (event->bytes != NULL)
    {
      event->detail = g_strdup ("the client's view: the client chose it (03 03 and 46 random "
                                "bytes) and sent it encrypted with the server's RSA key");
      event->formula = g_strdup ("from OpenSSL's key log (RSA line)");
    }
  else
    event->detail = g_strdup (
      "the client's view: with (EC)DHE key exchange the pre-master secret is agreed from the "
      "client's ephemeral private key, and OpenSSL does not expose that key on the client "
      "side, so the lab cannot show it. The master secret below is OpenSSL's own "
      "(SSL_SESSION_get_master_key, the same as its key log line), and it opens every record");
  lab_trace_append (trace, event);
}

static gboolean
run (LabLivePeer *peer, SSL *ssl, const char *host, const char *server_name, guint16 port,
     GByteArray *response, char **reason)
{
  g_autofree char *request = NULL, *authority = NULL;

  if (server_name != NULL)
    {
      SSL_set_tlsext_host_name (ssl, server_name);
      SSL_set1_host (ssl, server_name);
    }
  else
    X509_VERIFY_PARAM_set1_ip_asc (SSL_get0_param (ssl), host);

  ERR_clear_error ();
  if (SSL_connect (ssl) != 1)
    {
      *reason = lab_openssl_last_reason ();
      if (*reason == NULL)
        *reason = g_strdup ("the server closed the connection during the handshake");
      ERR_clear_error ();
      return FALSE;
    }
  explain_pre_master (peer->trace, ssl);
  /* RFC 9110 §7.2: the port unless it is https' own, an IPv6 literal in brackets */
  authority = g_strdup_printf ("%s%s%s", server_name || !strchr (host, ':') ? "" : "[",
                               server_name ? server_name : host,
                               server_name || !strchr (host, ':') ? "" : "]");
  if (port != 443)
    {
      char *with_port = g_strdup_printf ("%s:%u", authority, port);
      g_free (authority);
      authority = with_port;
    }
  request = g_strdup_printf (LAB_HTTP_REQUEST_FORMAT, authority);
  ERR_clear_error ();
  if (SSL_write (ssl, request, (int) strlen (request)) <= 0)
    {
      *reason = lab_openssl_last_reason ();
      ERR_clear_error ();
      return FALSE;
    }
  lab_live_peer_app_data (peer, TRUE, (const guint8 *) request, strlen (request));
  if (!lab_live_peer_read (peer, ssl, response, RESPONSE_LIMIT, NULL, reason))
    return FALSE;
  lab_live_peer_close (peer, ssl);
  if (response->len == 0)
    {
      *reason = g_strdup ("the server sent no answer to the request");
      return FALSE;
    }
  return TRUE;
}

/* The server closed: did its whole answer come, and did close_notify? A server that hangs
 * up without close_notify after a whole answer is common and harmless (HTTP's framing
 * says the answer is whole), and the connection a success with a warning; an answer that
 * is short of what its framing announced, or that nothing but close_notify could have
 * shown whole, is not a success (RFC 9112 §8, §9.8). */
static void
judge_answer (LabLivePeer *peer, GByteArray *response, LabOutcome *outcome)
{
  LabHttpFraming framing;
  g_autofree char *how = NULL;

  if (outcome->result != LAB_RESULT_SUCCESS || response->len >= RESPONSE_LIMIT)
    return; /* the lab stopped reading: nothing to judge */
  lab_http_framing_read (response->data, response->len, &framing);
  if (peer->close_notify_received
      && (framing.complete || framing.kind == LAB_HTTP_UNTIL_CLOSE
          || framing.kind == LAB_HTTP_NOT_HTTP))
    return; /* a clean end */
  how = lab_http_framing_describe (&framing);
  g_free (outcome->reason);
  if (framing.complete)
    outcome->reason = g_strdup ("the whole answer arrived, then the server closed the "
                                "connection without close_notify");
  else
    {
      outcome->result = LAB_RESULT_ERROR;
      if (peer->close_notify_received)
        outcome->reason = g_strdup_printf ("the server's answer is incomplete: %s", how);
      else if (framing.kind == LAB_HTTP_UNTIL_CLOSE || framing.kind == LAB_HTTP_NOT_HTTP)
        outcome->reason = g_strdup_printf ("the answer may have been cut short: %s, and the "
                                           "server closed the connection without "
                                           "close_notify", how);
      else
        outcome->reason = g_strdup_printf ("the answer was cut short: %s, then the server "
                                           "closed the connection without close_notify", how);
    }
  outcome->cause = lab_live_cause_unclosed (&framing, peer->close_notify_received);
}

LabTrace *
lab_connect (const LabConnectOptions *options, char **remote, GError **error)
{
  /* Declared before the SSL: SSL_free, at the end of this scope, still calls the peer's
   * callbacks, so the peer must outlive it (clang's ASan: stack-use-after-scope). */
  LabLivePeer peer;
  LabOpensslSecrets secrets = { 0 };
  g_autoptr (SSL_CTX) ctx = NULL;
  g_autoptr (SSL) ssl = NULL;
  g_autoptr (GSocketConnection) connection = NULL;
  g_autoptr (GSocketAddress) local = NULL;
  g_autoptr (GSocketAddress) peer_address = NULL;
  g_autofree char *host = NULL, *local_text = NULL, *peer_text = NULL, *detail = NULL;
  g_autofree char *reason = NULL, *trust = NULL;
  g_autoptr (GInetAddress) literal = NULL;
  g_autoptr (GByteArray) response = g_byte_array_new ();
  LabTrace *trace;
  LabOutcome outcome;
  LabLiveCauseContext cause = { .lab_side = LAB_SIDE_CLIENT };
  gboolean completed, timed_out;
  guint events = 0;
  const char *server_name = options->server_name;
  guint16 port = 0;
  guint timeout_ms = options->timeout_ms ? options->timeout_ms : LAB_LIVE_TIMEOUT_MS;
  int fd;

  /* SSL_shutdown may write to a server that has gone (HACKING.md, "Signals and shutdown"). */
  signal (SIGPIPE, SIG_IGN);
  if ((ctx = client_ctx (options->ca_file, error)) == NULL
      || (connection = open_connection (options->target, &host, &port, error)) == NULL)
    return NULL;
  /* RFC 6066 §3: a literal address is not a host name to send or check by name. */
  literal = g_inet_address_new_from_string (host);
  if (server_name == NULL && literal == NULL)
    server_name = host;

  trace = lab_trace_new ();
  lab_live_peer_init (&peer, trace, LAB_SIDE_CLIENT);
  local = g_socket_connection_get_local_address (connection, NULL);
  peer_address = g_socket_connection_get_remote_address (connection, NULL);
  local_text = local ? lab_live_address_text (local) : g_strdup ("?");
  peer_text = peer_address ? lab_live_address_text (peer_address) : g_strdup (options->target);
  detail = g_strdup_printf ("connected from %s to %s", local_text, peer_text);
  lab_live_peer_tcp (&peer, LAB_SIDE_CLIENT, "connect", detail);
  lab_live_peer_tcp (&peer, LAB_SIDE_SERVER, "accept", "the server accepted the connection");

  fd = g_socket_get_fd (g_socket_connection_get_socket (connection));
  lab_live_peer_start (&peer, fd, timeout_ms);
  ssl = lab_live_peer_ssl (&peer, ctx, fd, error);
  if (ssl == NULL)
    {
      lab_live_peer_clear (&peer);
      g_object_unref (trace);
      return NULL;
    }
  completed = run (&peer, ssl, host, server_name, port, response, &reason);
  if (!completed)
    {
      /* what the server still sent, its FIN; then the lab's side closes */
      lab_live_peer_drain (&peer, ssl, LAB_LIVE_FIN_GRACE_MS);
      lab_live_peer_tcp (&peer, LAB_SIDE_CLIENT, "close", "the lab's client closed its socket");
    }
  timed_out = lab_live_peer_stop (&peer, &events) && !completed;
  if (timed_out)
    {
      g_free (reason);
      reason = g_strdup_printf ("the connection took longer than %g s", timeout_ms / 1000.0);
    }

  lab_live_peer_secrets (&peer, ssl, &secrets);
  lab_recompute (trace, &secrets);
  lab_openssl_secrets_clear (&secrets);
  outcome = lab_live_outcome (trace, ssl, completed, reason, timed_out, events);
  judge_answer (&peer, response, &outcome);
  trust = options->ca_file ? g_strdup_printf ("the CA file %s", options->ca_file)
                           : g_strdup ("the system's trust store");
  cause.server_name = server_name ? server_name : host;
  cause.trust = trust;
  cause.security_level = SSL_get_security_level (ssl);
  cause.timeout_ms = timeout_ms;
  lab_live_cause_explain (trace, &cause, &outcome);
  lab_trace_finish (trace, &outcome);
  lab_live_peer_clear (&peer);
  if (remote != NULL)
    *remote = g_steal_pointer (&peer_text);
  return trace;
}
