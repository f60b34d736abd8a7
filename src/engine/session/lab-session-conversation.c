/* lab-session-conversation.c: what the lab's peers say once their handshake is done, as
 * a browser and a web server would: the client's request (after bulk data, when the run
 * sends some), the server's page, a renegotiation when the scenario asks for one, and
 * close_notify both ways. Every piece of application data becomes an event. */
#include "lab-session-private.h"
#include "engine/io/lab-tls-io.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <string.h>

#define HTTP_RESPONSE_BODY                                                                  \
  "<!doctype html>\n<html><head><title>Handshake Lab</title></head>\n"                      \
  "<body><h1>Hello from the lab's server</h1>\n"                                           \
  "<p>This page travelled inside TLS records the two peers protected with the keys "        \
  "they just agreed on.</p></body></html>\n"

static void
append_app_data (LabPeer *peer, gboolean sent, const guint8 *data, gsize len)
{
  LabEvent *event = lab_event_new (LAB_EVENT_APP_DATA, peer->side);
  LabSide sender = sent ? peer->side : other_side (peer->side);

  event->sent = sent;
  event->direction = direction_of (sender);
  event->phase = LAB_PHASE_RECORD;
  event->bytes = g_bytes_new (data, len);
  event->name = g_strdup (sent ? "application data sent" : "application data received");
  event->connection = peer->connection;
  event->detail = g_strdup_printf ("%" G_GSIZE_FORMAT " bytes of HTTP", len);
  lab_trace_append (peer->session->trace, event);
}

static gboolean
write_all (LabPeer *peer, const char *text)
{
  gsize len = strlen (text);

  ERR_clear_error ();
  if (SSL_write (peer->ssl, text, (int) len) != (int) len)
    {
      lab_session_note_failure (peer);
      return FALSE;
    }
  append_app_data (peer, TRUE, (const guint8 *) text, len);
  return TRUE;
}

/* Bulk data (the benchmark's, and a lesson on record sizes): the client sends
 * bulk_bytes in records as large as TLS allows, the server reads them all. One event each
 * side says how much; the records themselves are counted by the trace past its cap. */
static void
append_bulk (LabPeer *peer, gboolean sent, gsize len)
{
  LabEvent *event = lab_event_new (LAB_EVENT_APP_DATA, peer->side);

  event->sent = sent;
  event->direction = LAB_DIRECTION_CLIENT_TO_SERVER;
  event->phase = LAB_PHASE_RECORD;
  event->connection = peer->connection;
  event->name = g_strdup (sent ? "bulk data sent" : "bulk data received");
  event->detail = g_strdup_printf ("%" G_GSIZE_FORMAT " bytes of bulk data", len);
  lab_trace_append (peer->session->trace, event);
}

static gboolean
send_bulk (LabPeer *peer)
{
  static guint8 chunk[16384];
  gsize left = peer->session->bulk_bytes;

  while (left > 0)
    {
      int n = (int) MIN (left, sizeof chunk);

      ERR_clear_error ();
      if (SSL_write (peer->ssl, chunk, n) != n)
        {
          lab_session_note_failure (peer);
          return FALSE;
        }
      left -= (gsize) n;
    }
  append_bulk (peer, TRUE, peer->session->bulk_bytes);
  return TRUE;
}

static gboolean
receive_bulk (LabPeer *peer)
{
  guint8 buffer[16384];
  gsize left = peer->session->bulk_bytes;

  while (left > 0)
    {
      int n;

      ERR_clear_error ();
      n = SSL_read (peer->ssl, buffer, (int) MIN (left, sizeof buffer));
      if (n <= 0)
        {
          lab_session_note_failure (peer);
          return FALSE;
        }
      left -= (gsize) n;
    }
  append_bulk (peer, FALSE, peer->session->bulk_bytes);
  return TRUE;
}

/* The shared reading and closing (lab-tls-io.c) say why they failed; the peer keeps the
 * first failure's reason. `reason` is passed by address: its value is read only after the
 * call that fills it has returned. */
static gboolean
keep_first_failure (LabPeer *peer, gboolean ok, char **reason)
{
  if (!ok && peer->reason == NULL)
    peer->reason = g_steal_pointer (reason);
  g_clear_pointer (reason, g_free);
  return ok;
}

static gboolean
read_http (LabPeer *peer, GByteArray *out)
{
  char *reason = NULL;

  return keep_first_failure (peer, lab_tls_read_http (peer->ssl, out, &reason), &reason);
}

static gboolean
await_close_notify (LabPeer *peer)
{
  char *reason = NULL;

  return keep_first_failure (peer, lab_tls_await_close_notify (peer->ssl, &reason), &reason);
}

static gboolean
send_close_notify (LabPeer *peer)
{
  char *reason = NULL;

  return keep_first_failure (peer, lab_tls_send_close_notify (peer->ssl, &reason), &reason);
}

/* The lab's peers speak HTTP/1.1 whatever ALPN chose: a note in the trace says so when
 * the protocol chosen was another. */
static void
note_other_protocol (LabPeer *peer)
{
  const unsigned char *chosen = NULL;
  unsigned int len = 0;
  LabEvent *event;

  SSL_get0_alpn_selected (peer->ssl, &chosen, &len);
  if (len == 0 || (len == 8 && memcmp (chosen, "http/1.1", 8) == 0))
    return;
  event = lab_event_new (LAB_EVENT_STATE, LAB_SIDE_LAB);
  event->name = g_strdup ("lab note");
  event->detail = g_strdup_printf ("ALPN chose %.*s, but the lab's client and server speak only "
                                   "HTTP/1.1: the request and the response that follow are "
                                   "HTTP/1.1 text, which a real %.*s server would refuse",
                                   (int) len, (const char *) chosen, (int) len,
                                   (const char *) chosen);
  event->connection = peer->connection;
  lab_trace_append (peer->session->trace, event);
}

/* The client's second handshake on the same connection (RFC 5746), its messages
 * encrypted under the first one's keys, then the same request again under the new ones. */
static gboolean
renegotiate (LabPeer *peer, const char *request)
{
  g_autoptr (GByteArray) response = g_byte_array_new ();

  lab_session_set_waiting (peer, "renegotiating");
  ERR_clear_error ();
  if (!SSL_renegotiate (peer->ssl) || SSL_do_handshake (peer->ssl) != 1)
    {
      lab_session_note_failure (peer);
      return FALSE;
    }
  if (!write_all (peer, request))
    return FALSE;
  lab_session_set_waiting (peer, "waiting for the server's second response");
  if (!read_http (peer, response))
    return FALSE;
  append_app_data (peer, FALSE, response->data, response->len);
  return TRUE;
}

/* The server's side: the client's request, the page, the request again after a
 * renegotiation, then close_notify; FALSE when anything failed. */
gboolean
lab_session_server_converse (LabPeer *peer)
{
  LabSession *session = peer->session;
  g_autoptr (GByteArray) request = g_byte_array_new ();
  g_autofree char *response = NULL;

  lab_session_set_waiting (peer, "waiting for the client's request");
  if (session->bulk_bytes > 0 && !receive_bulk (peer))
    return FALSE;
  if (!read_http (peer, request))
    return FALSE;
  append_app_data (peer, FALSE, request->data, request->len);

  response = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                              "Content-Length: %" G_GSIZE_FORMAT "\r\nConnection: close\r\n\r\n%s",
                              strlen (HTTP_RESPONSE_BODY), HTTP_RESPONSE_BODY);
  if (!write_all (peer, response))
    return FALSE;
  /* A client that renegotiates asks again afterwards: OpenSSL runs the second handshake
   * inside this SSL_read, when the server accepts it (HACKING.md, "Renegotiation"). */
  if (session->scenario->renegotiate && peer->connection == 0)
    {
      g_byte_array_set_size (request, 0);
      lab_session_set_waiting (peer, "waiting for the client's second request");
      if (!read_http (peer, request))
        return FALSE;
      append_app_data (peer, FALSE, request->data, request->len);
      if (!write_all (peer, response))
        return FALSE;
    }

  /* Like an HTTP/1.1 server, wait for what the client does next: here, close_notify. */
  lab_session_set_waiting (peer, "waiting for the client's close_notify");
  return await_close_notify (peer) && send_close_notify (peer);
}

/* The client's side: the request, the page, a renegotiation, close_notify, and the
 * session kept for a second connection that resumes it; FALSE when anything failed. */
gboolean
lab_session_client_converse (LabPeer *peer)
{
  LabSession *session = peer->session;
  const char *host = session->scenario->server_name;
  g_autoptr (GByteArray) response = g_byte_array_new ();
  g_autofree char *request = NULL;

  note_other_protocol (peer);

  if (session->bulk_bytes > 0 && !send_bulk (peer))
    return FALSE;
  request = g_strdup_printf (LAB_HTTP_REQUEST_FORMAT, host);
  if (!write_all (peer, request))
    return FALSE;
  lab_session_set_waiting (peer, "waiting for the server's response");
  if (!read_http (peer, response))
    {
      if (response->len > 0)
        append_app_data (peer, FALSE, response->data, response->len);
      return FALSE;
    }
  append_app_data (peer, FALSE, response->data, response->len);
  if (session->scenario->renegotiate && peer->connection == 0 && !renegotiate (peer, request))
    return FALSE;

  lab_session_set_waiting (peer, "waiting for the server's close_notify");
  if (!send_close_notify (peer) || !await_close_notify (peer))
    return FALSE;
  if (peer->connection == 0 && peer->session->n_connections > 1)
    peer->resume_from = SSL_get1_session (peer->ssl);
  return TRUE;
}
