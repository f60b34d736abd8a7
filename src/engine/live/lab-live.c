/* lab-live.c: the lab's callbacks and socket tap for a connection with a real peer. */
#include "lab-live.h"
#include "engine/io/lab-ssl-autoptr.h"
#include "engine/trace/lab-verify-event.h"
#include "tls/lab-crypto-autoptr.h"
#include "tls/lab-error.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/x509_vfy.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>

/* How much the lab still reads while it waits for the real peer's FIN. */
#define DRAIN_LIMIT (64 * 1024)

void
lab_live_peer_init (LabLivePeer *peer, LabTrace *trace, LabSide side)
{
  *peer = (LabLivePeer){ .trace = trace, .side = side };
  for (int i = 0; i < 2; i++)
    {
      lab_record_stream_init (&peer->streams[i]);
      peer->unframed[i] = g_byte_array_new ();
    }
}

void
lab_live_peer_clear (LabLivePeer *peer)
{
  guint events;

  for (int i = 0; i < 2; i++)
    {
      lab_record_stream_clear (&peer->streams[i]);
      g_clear_pointer (&peer->unframed[i], g_byte_array_unref);
    }
  g_clear_pointer (&peer->server_ephemeral, EVP_PKEY_free);
  if (peer->deadline != NULL)
    lab_live_peer_stop (peer, &events);
}

void
lab_live_peer_start (LabLivePeer *peer, int fd, guint timeout_ms)
{
  fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK);
  peer->deadline = lab_live_deadline_start (fd, timeout_ms, peer->trace);
}

gboolean
lab_live_peer_stop (LabLivePeer *peer, guint *events)
{
  gboolean struck = lab_live_deadline_stop (peer->deadline, events);

  peer->deadline = NULL;
  return struck;
}

/* The real peer's FIN, once: not when the end of the stream was the lab's own deadline
 * shutting the socket. */
static void
note_peer_fin (LabLivePeer *peer, const char *detail)
{
  if (peer->peer_fin || (peer->deadline != NULL && lab_live_deadline_struck (peer->deadline)))
    return;
  peer->peer_fin = TRUE;
  lab_live_peer_tcp (peer, lab_side_other (peer->side), "close", detail);
}

static const char *
fin_without_close_notify (LabLivePeer *peer)
{
  return peer->side == LAB_SIDE_CLIENT
           ? "the server closed its socket without sending close_notify"
           : "the client closed its socket without sending close_notify";
}

/* ---- OpenSSL's callbacks (HACKING.md, "Message callbacks") ---- */

static void
on_message (int write_p, int version, int content_type, const void *buf, size_t len, SSL *ssl,
            void *arg)
{
  LabLivePeer *peer = SSL_get_app_data (ssl);
  const guint8 *bytes = buf;
  LabSide sender = write_p ? peer->side : lab_side_other (peer->side);

  switch (content_type)
    {
    case SSL3_RT_HANDSHAKE:
      if (len < 4)
        return;
      /* The server's ephemeral key pair, private part included, is only to be had as the
       * server writes its ServerKeyExchange (HACKING.md, "The server's ephemeral key"). */
      if (write_p && peer->side == LAB_SIDE_SERVER && bytes[0] == LAB_HS_SERVER_KEY_EXCHANGE)
        {
          EVP_PKEY *key = NULL;
          if (SSL_get_tmp_key (ssl, &key) && key != NULL)
            {
              g_clear_pointer (&peer->server_ephemeral, EVP_PKEY_free);
              peer->server_ephemeral = key;
            }
        }
      lab_trace_append_both_views (peer->trace, LAB_EVENT_MESSAGE, sender, bytes, len);
      return;
    case SSL3_RT_CHANGE_CIPHER_SPEC:
      /* a received one comes from the tap, which sees it whole */
      if (write_p)
        lab_trace_append_both_views (peer->trace, LAB_EVENT_CCS, sender, bytes, len);
      return;
    case SSL3_RT_ALERT:
      if (len == 2)
        lab_trace_append_both_views (peer->trace, LAB_EVENT_ALERT, sender, bytes, len);
      if (len == 2 && !write_p && bytes[1] == 0)
        peer->close_notify_received = TRUE;
      return;
    default:
      return; /* record headers: the tap has the records */
    }
}

static void
on_keylog (const SSL *ssl, const char *line)
{
  LabLivePeer *peer = SSL_get_app_data (ssl);
  LabEvent *event = lab_event_new_keylog (peer->side, line);

  event->phase = LAB_PHASE_CLIENT_AUTH_KEYS;
  lab_trace_append (peer->trace, event);
}

static int
on_verify (int ok, X509_STORE_CTX *store)
{
  SSL *ssl = X509_STORE_CTX_get_ex_data (store, SSL_get_ex_data_X509_STORE_CTX_idx ());
  LabLivePeer *peer = SSL_get_app_data (ssl);

  lab_trace_append (peer->trace, lab_verify_event_new (ok, store, peer->side));
  return ok;
}

void
lab_live_ctx_observe (SSL_CTX *ctx)
{
  SSL_CTX_set_msg_callback (ctx, on_message);
  SSL_CTX_set_keylog_callback (ctx, on_keylog);
  SSL_CTX_set_verify (ctx, SSL_CTX_get_verify_mode (ctx), on_verify);
}

/* ---- the tap on the socket ---- */

typedef struct
{
  LabLivePeer *peer;
  LabSide sender;
} Tap;

static int
direction_index (LabSide sender)
{
  return sender == LAB_SIDE_SERVER;
}

/* Bytes the real peer sent that are not TLS records (an HTTP request sent to the TLS
 * port, say): a record event of their own, so that the trace and a capture saved from it
 * show what the lab received. */
static void
append_unframed (LabLivePeer *peer, LabSide sender, const guint8 *data, gsize len)
{
  LabEvent *event;
  g_autoptr (GString) shown = g_string_new (NULL);

  if (len == 0)
    return;
  for (gsize i = 0; i < MIN (len, 40); i++)
    g_string_append_c (shown, g_ascii_isprint (data[i]) ? (char) data[i] : '.');
  event = lab_event_new (LAB_EVENT_RECORD, LAB_SIDE_WIRE);
  event->direction = lab_direction_from (sender);
  event->content_type = data[0];
  event->bytes = g_bytes_new (data, len);
  event->name = g_strdup ("not a TLS record");
  event->detail = g_strdup_printf ("%" G_GSIZE_FORMAT " bytes from the %s that are not TLS "
                                   "records: \"%s\"%s",
                                   len, lab_side_name (sender), shown->str,
                                   len > 40 ? "…" : "");
  lab_trace_append (peer->trace, event);
}

static void
on_record (const guint8 *record, gsize len, gpointer data)
{
  Tap *tap = data;
  LabLivePeer *peer = tap->peer;
  int dir = direction_index (tap->sender);
  LabRecordStream *stream = &peer->streams[dir];

  /* records come whole and in order from the front of what came */
  g_byte_array_remove_range (peer->unframed[dir], 0,
                             (guint) MIN (len, peer->unframed[dir]->len));
  lab_trace_append (peer->trace, lab_record_event_new (lab_direction_from (tap->sender), record,
                                                       len, stream->ccs_seen, NULL));
  if (record[0] == LAB_CONTENT_CHANGE_CIPHER_SPEC && tap->sender != peer->side)
    lab_trace_append_both_views (peer->trace, LAB_EVENT_CCS, tap->sender,
                                 record + LAB_RECORD_HEADER_LENGTH,
                                 len - LAB_RECORD_HEADER_LENGTH);
}

static long
on_bio (BIO *bio, int oper, const char *argp, size_t len, int argi, long argl, int ret,
        size_t *processed)
{
  LabLivePeer *peer = (LabLivePeer *) BIO_get_callback_arg (bio);
  gboolean read = oper == (BIO_CB_READ | BIO_CB_RETURN);
  gboolean write = oper == (BIO_CB_WRITE | BIO_CB_RETURN);
  Tap tap = { peer, write ? peer->side : lab_side_other (peer->side) };
  int dir = direction_index (tap.sender);
  GByteArray *unframed = peer->unframed[dir];
  g_autoptr (GError) error = NULL;

  if ((!read && !write) || ret <= 0 || processed == NULL || *processed == 0)
    return ret;
  if (peer->streams[dir].broken)
    {
      append_unframed (peer, tap.sender, (const guint8 *) argp, *processed);
      return ret;
    }
  g_byte_array_append (unframed, (const guint8 *) argp, (guint) *processed);
  if (!lab_record_stream_feed (&peer->streams[dir], (const guint8 *) argp, *processed,
                               on_record, &tap, &error))
    {
      g_autofree char *why = g_strdup_printf ("the bytes from the %s: %s",
                                              lab_side_name (tap.sender), error->message);
      lab_trace_append_problem (peer->trace, LAB_PHASE_NONE, "not TLS", why);
      append_unframed (peer, tap.sender, unframed->data, unframed->len);
      g_byte_array_set_size (unframed, 0);
    }
  return ret;
}

SSL *
lab_live_peer_ssl (LabLivePeer *peer, SSL_CTX *ctx, int fd, GError **error)
{
  g_autoptr (SSL) ssl = NULL;
  BIO *bio;

  ERR_clear_error ();
  if ((ssl = SSL_new (ctx)) == NULL || (bio = BIO_new_socket (fd, BIO_NOCLOSE)) == NULL)
    {
      lab_set_error_from_openssl (error, "making a connection");
      return NULL;
    }
  BIO_set_callback_ex (bio, on_bio);
  BIO_set_callback_arg (bio, (char *) peer);
  SSL_set_bio (ssl, bio, bio);
  SSL_set_app_data (ssl, peer);
  /* OpenSSL 3 answers a stream that ends without close_notify with a decode_error alert
   * of its own ("unexpected eof while reading") that the peer, gone, never reads: the
   * lab tells that end apart itself, from whether close_notify came. */
  SSL_set_options (ssl, SSL_OP_IGNORE_UNEXPECTED_EOF);
  return g_steal_pointer (&ssl);
}

void
lab_live_peer_app_data (LabLivePeer *peer, gboolean sent, const guint8 *data, gsize len)
{
  LabSide sender = sent ? peer->side : lab_side_other (peer->side);

  if (len > 0)
    lab_trace_append_both_views (peer->trace, LAB_EVENT_APP_DATA, sender, data, len);
}

void
lab_live_peer_tcp (LabLivePeer *peer, LabSide side, const char *action, const char *detail)
{
  LabEvent *event = lab_event_new (LAB_EVENT_TCP, side);

  event->name = g_strdup (action);
  event->detail = g_strdup (detail);
  event->direction = lab_direction_from (side);
  event->phase = g_str_equal (action, "close") ? LAB_PHASE_NONE : LAB_PHASE_CONNECTION;
  lab_trace_append (peer->trace, event);
}

gboolean
lab_live_peer_read (LabLivePeer *peer, SSL *ssl, GByteArray *out, gsize limit,
                    gboolean (*enough) (GByteArray *out), char **reason)
{
  guint8 buffer[16384];

  while (out->len < limit && (enough == NULL || !enough (out)))
    {
      int n;

      ERR_clear_error ();
      n = SSL_read (ssl, buffer, (int) MIN (sizeof buffer, limit - out->len));
      if (n > 0)
        {
          lab_live_peer_app_data (peer, FALSE, buffer, (gsize) n);
          g_byte_array_append (out, buffer, (guint) n);
          continue;
        }
      switch (SSL_get_error (ssl, n))
        {
        case SSL_ERROR_ZERO_RETURN: /* close_notify, or the end of the stream */
          peer->peer_closed = TRUE;
          if (!peer->close_notify_received)
            /* a hang-up without close_notify: what came is all there is */
            note_peer_fin (peer, fin_without_close_notify (peer));
          return TRUE;
        case SSL_ERROR_SYSCALL:
          *reason = lab_openssl_last_reason ();
          if (*reason == NULL)
            *reason = g_strdup_printf ("the connection broke (%s)",
                                       errno ? g_strerror (errno) : "no reason given");
          ERR_clear_error ();
          return FALSE;
        default:
          *reason = lab_openssl_last_reason ();
          if (*reason == NULL)
            *reason = g_strdup ("the connection broke");
          ERR_clear_error ();
          return FALSE;
        }
    }
  return TRUE;
}

void
lab_live_peer_close (LabLivePeer *peer, SSL *ssl)
{
  ERR_clear_error ();
  if (SSL_shutdown (ssl) == 0 && !peer->peer_closed)
    {
      /* the peer's close_notify, if it sends one before the deadline */
      guint8 buffer[1024];
      int n = SSL_read (ssl, buffer, sizeof buffer);

      if (n <= 0 && SSL_get_error (ssl, n) == SSL_ERROR_ZERO_RETURN)
        {
          peer->peer_closed = TRUE;
          if (!peer->close_notify_received)
            note_peer_fin (peer, fin_without_close_notify (peer));
        }
    }
  ERR_clear_error ();
  lab_live_peer_drain (peer, ssl, LAB_LIVE_FIN_GRACE_MS);
  lab_live_peer_tcp (peer, peer->side, "close",
                     peer->side == LAB_SIDE_CLIENT ? "the lab's client closed its socket"
                                                   : "the lab's server closed its socket");
}

void
lab_live_peer_drain (LabLivePeer *peer, SSL *ssl, guint grace_ms)
{
  BIO *bio = SSL_get_rbio (ssl);
  int fd = SSL_get_rfd (ssl);
  guint wait = peer->deadline ? MIN (grace_ms, lab_live_deadline_remaining_ms (peer->deadline))
                              : grace_ms;
  gint64 end = g_get_monotonic_time () + (gint64) wait * 1000;
  guint8 buffer[4096];
  gsize total = 0;

  if (bio == NULL || fd < 0)
    return;
  while (!peer->peer_fin && total < DRAIN_LIMIT)
    {
      gint64 left = (end - g_get_monotonic_time ()) / 1000;
      struct pollfd p = { .fd = fd, .events = POLLIN };
      int n;

      if (left <= 0)
        return;
      n = poll (&p, 1, (int) left);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return;
      /* raw, past OpenSSL: the tap sees the bytes as they come */
      n = BIO_read (bio, buffer, sizeof buffer);
      if (n > 0)
        {
          total += (gsize) n;
          continue;
        }
      if (n == 0)
        note_peer_fin (peer, peer->side == LAB_SIDE_CLIENT ? "the server closed its socket"
                                                          : "the client closed its socket");
      return;
    }
}

/* ---- the end ---- */

static GBytes *
finished_of (SSL *ssl, gboolean own)
{
  guint8 buffer[64];
  gsize len = own ? SSL_get_finished (ssl, buffer, sizeof buffer)
                  : SSL_get_peer_finished (ssl, buffer, sizeof buffer);

  return len > 0 && len <= sizeof buffer ? g_bytes_new (buffer, len) : NULL;
}

void
lab_live_peer_secrets (LabLivePeer *peer, SSL *ssl, LabOpensslSecrets *secrets)
{
  gboolean client = peer->side == LAB_SIDE_CLIENT;
  LabOpensslView *own = client ? &secrets->client : &secrets->server;
  LabOpensslView *other = client ? &secrets->server : &secrets->client;
  SSL_SESSION *session = SSL_get_session (ssl);
  guint8 buffer[64];
  gsize len;

  if (session != NULL && (len = SSL_SESSION_get_master_key (session, buffer, sizeof buffer)) > 0)
    own->master_secret = g_bytes_new (buffer, len);
  own->finished = finished_of (ssl, TRUE);
  own->extended_master_secret = SSL_get_extms_support (ssl) == 1;
  /* The real peer's Finished as it arrived: a true check of the lab's recomputation. */
  other->finished = finished_of (ssl, FALSE);
  other->real_peer = TRUE;
  other->extended_master_secret = own->extended_master_secret;
  /* A client knows no pre-master secret to start from (OpenSSL keeps its ephemeral
   * private key to itself), so both views start from the master secret. So does a
   * resumed session on either side: an abbreviated handshake (RFC 5246 §7.3) has no key
   * exchange, both peers use the session's master secret again, and the real peer's view
   * has nothing else to start from; without it the real peer's records stay unopened. */
  if ((client || SSL_session_reused (ssl)) && own->master_secret != NULL)
    other->master_secret = g_bytes_ref (own->master_secret);
  if (peer->server_ephemeral != NULL)
    secrets->server_ephemeral = EVP_PKEY_dup (peer->server_ephemeral);
}

LabOutcome
lab_live_outcome (LabTrace *trace, SSL *ssl, gboolean completed, const char *reason,
                  gboolean timed_out, guint events)
{
  LabOutcome outcome = { .alert = -1, .cause_event = -1 };
  guint n = timed_out ? MIN (events, lab_trace_get_n_events (trace))
                      : lab_trace_get_n_events (trace);
  long verify = ssl ? SSL_get_verify_result (ssl) : X509_V_OK;

  if (verify != X509_V_OK)
    outcome.verify_error = (int) verify;
  for (guint i = 0; i < n; i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);

      if (e->kind == LAB_EVENT_ALERT && e->sent && e->alert_level == 2)
        {
          outcome.result = LAB_RESULT_ALERT;
          outcome.alert = e->alert_description;
          outcome.sent_by = e->side;
          outcome.cause_event = (int) e->seq;
          outcome.reason = g_strdup (reason);
          return outcome;
        }
    }
  outcome.result = completed  ? LAB_RESULT_SUCCESS
                   : timed_out ? LAB_RESULT_TIMEOUT
                               : LAB_RESULT_ERROR;
  outcome.reason = g_strdup (reason);
  return outcome;
}

char *
lab_live_address_text (GSocketAddress *address)
{
  GInetSocketAddress *inet = G_INET_SOCKET_ADDRESS (address);
  g_autofree char *ip = g_inet_address_to_string (g_inet_socket_address_get_address (inet));
  guint16 port = g_inet_socket_address_get_port (inet);

  /* brackets set an IPv6 address apart from the port (RFC 3986 §3.2.2) */
  return strchr (ip, ':') ? g_strdup_printf ("[%s]:%u", ip, port)
                          : g_strdup_printf ("%s:%u", ip, port);
}
