/* lab-live.c: the lab's callbacks and socket tap for a connection with a real peer. */
#include "lab-live.h"
#include "engine/io/lab-ssl-autoptr.h"
#include "engine/trace/lab-verify-event.h"
#include "tls/lab-crypto-autoptr.h"
#include "tls/lab-error.h"

#include <openssl/err.h>
#include <openssl/x509_vfy.h>
#include <string.h>
#include <sys/socket.h>

void
lab_live_peer_init (LabLivePeer *peer, LabTrace *trace, LabSide side)
{
  *peer = (LabLivePeer){ .trace = trace, .side = side };
  lab_record_stream_init (&peer->streams[0]);
  lab_record_stream_init (&peer->streams[1]);
}

void
lab_live_peer_clear (LabLivePeer *peer)
{
  lab_record_stream_clear (&peer->streams[0]);
  lab_record_stream_clear (&peer->streams[1]);
  g_clear_pointer (&peer->server_ephemeral, EVP_PKEY_free);
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

static void
on_record (const guint8 *record, gsize len, gpointer data)
{
  Tap *tap = data;
  LabLivePeer *peer = tap->peer;
  LabRecordStream *stream = &peer->streams[tap->sender == LAB_SIDE_SERVER];

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
  g_autoptr (GError) error = NULL;

  if ((!read && !write) || ret <= 0 || processed == NULL || *processed == 0)
    return ret;
  if (!lab_record_stream_feed (&peer->streams[tap.sender == LAB_SIDE_SERVER],
                               (const guint8 *) argp, *processed, on_record, &tap, &error))
    {
      g_autofree char *why = g_strdup_printf ("the bytes from the %s: %s",
                                              lab_side_name (tap.sender), error->message);
      lab_trace_append_problem (peer->trace, LAB_PHASE_NONE, "not TLS", why);
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
        case SSL_ERROR_ZERO_RETURN: /* close_notify */
          peer->peer_closed = TRUE;
          return TRUE;
        case SSL_ERROR_SYSCALL:
          if (ERR_peek_error () == 0)
            {
              /* a hang-up without close_notify: what came is all there is */
              peer->peer_closed = TRUE;
              lab_live_peer_tcp (peer, lab_side_other (peer->side), "close",
                                 "the connection ended without close_notify");
              return TRUE;
            }
          G_GNUC_FALLTHROUGH;
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
        peer->peer_closed = TRUE;
    }
  ERR_clear_error ();
  lab_live_peer_tcp (peer, peer->side, "close",
                     peer->side == LAB_SIDE_CLIENT ? "the lab's client closed its socket"
                                                   : "the lab's server closed its socket");
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
  other->extended_master_secret = own->extended_master_secret;
  /* A client knows no pre-master secret to start from (OpenSSL keeps its ephemeral
   * private key to itself), so both views start from the master secret. */
  if (client && own->master_secret != NULL)
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

/* ---- a bounded time ---- */

struct _LabLiveDeadline
{
  GMutex lock;
  GCond cond;
  LabTrace *trace;
  guint events;
  int fd;
  gint64 end;
  gboolean stopped, struck;
  GThread *thread;
};

static gpointer
deadline_thread (gpointer data)
{
  LabLiveDeadline *d = data;

  g_mutex_lock (&d->lock);
  while (!d->stopped)
    if (!g_cond_wait_until (&d->cond, &d->lock, d->end))
      {
        /* Shutting the socket makes every blocked read and write return. */
        d->events = lab_trace_get_n_events (d->trace);
        shutdown (d->fd, SHUT_RDWR);
        d->struck = TRUE;
        break;
      }
  g_mutex_unlock (&d->lock);
  return NULL;
}

LabLiveDeadline *
lab_live_deadline_start (int fd, guint timeout_ms, LabTrace *trace)
{
  LabLiveDeadline *d = g_new0 (LabLiveDeadline, 1);

  d->trace = trace;
  g_mutex_init (&d->lock);
  g_cond_init (&d->cond);
  d->fd = fd;
  d->end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  d->thread = g_thread_new ("lab-deadline", deadline_thread, d);
  return d;
}

gboolean
lab_live_deadline_stop (LabLiveDeadline *d, guint *events)
{
  gboolean struck;

  g_mutex_lock (&d->lock);
  d->stopped = TRUE;
  g_cond_signal (&d->cond);
  g_mutex_unlock (&d->lock);
  g_thread_join (d->thread);
  struck = d->struck;
  *events = d->events;
  g_mutex_clear (&d->lock);
  g_cond_clear (&d->cond);
  g_free (d);
  return struck;
}
