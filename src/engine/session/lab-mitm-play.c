/* lab-mitm-play.c: the man in the middle's two TLS connections, played side by side.
 *
 * Mallory ends the client's TLS connection itself and opens one of its own to the real
 * server. It could finish the client's handshake first and only then start the server's
 * (the lab's first attacker did), but then the two handshakes happen one after the other
 * and nothing on the ladder pairs the message the client got with the one the server
 * sent. Instead, as interception proxies such as mitmproxy do, it opens its handshake
 * with the server as soon as the client's ClientHello has arrived, and it passes each of
 * its own messages on only when the one it stands in for has reached it from the other
 * side: its ServerHello to the client once the server's ServerHello has arrived, its own
 * Certificate once the server's has, its ClientKeyExchange to the server once the
 * client's has. Both handshakes go phase by phase, and every message is sent when, and
 * drawn where, it really went.
 *
 * To hold its messages back, Mallory's SSL objects write into memory; the records of each
 * message go out, and the message's event goes into the trace, when its turn comes. Its
 * turn comes when the other connection has reached the message's phase, or (so that two
 * handshakes of different shapes, a resumption facing a full handshake, cannot wait for
 * each other) once the other side's whole flight has arrived. After the handshakes the
 * SSL objects write straight to their sockets. */
#include "lab-mitm.h"
#include "engine/trace/lab-tls-event.h"
#include "engine/io/lab-tls-io.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/err.h>
#include <poll.h>
#include <sys/socket.h>

#define N_PHASES (LAB_PHASE_RECORD + 1)
#define RECORD_HEADER 5

/* One message's records, held until its turn. */
typedef struct
{
  GBytes *bytes;
  LabEvent *event; /* what they carry; NULL for records no callback spoke of */
  LabPhase phase;
  gboolean alert;
} Unit;

typedef struct _Play Play;
typedef struct _Leg Leg;

/* One of Mallory's two connections: to the client (as its server) or to the server. */
struct _Leg
{
  Play *play;
  Leg *other;
  LabSide peer;
  LabDirection outgoing; /* the direction of what Mallory sends on it */
  LabDirection incoming;
  SSL *ssl;
  BIO *out;            /* the memory Mallory's SSL writes to during the handshake */
  int fd;
  GQueue pending;      /* LabEvent *: messages written whose records are not yet cut */
  GQueue held;         /* Unit *: waiting for their turn */
  GByteArray *written; /* bytes taken from `out`, not yet cut into records */
  GByteArray *unit;    /* the records of the message being cut */
  gsize carried;       /* handshake bytes of that message so far */
  gboolean protected_out;  /* Mallory has sent its ChangeCipherSpec here */
  guint received[N_PHASES]; /* messages that arrived here, per phase */
  guint released[N_PHASES]; /* Mallory's messages sent here, per phase */
  LabPhase reached;    /* the latest phase of a message that arrived */
  gboolean started, hello, done, failed;
  char *reason;        /* why it failed */
};

struct _Play
{
  LabTrace *trace;
  guint connection;
  gboolean in_step; /* the handshakes: Mallory's messages wait for their turn */
  Leg legs[2];      /* the client's connection, then the server's */
  guint last;       /* the seq of Mallory's latest event in the trace */
};

/* What Mallory noticed (a message that arrived, a note), as it noticed it. */
static void
noticed (Play *play, LabEvent *event)
{
  play->last = lab_trace_append (play->trace, event);
}

/* What Mallory sent, once its bytes have left: right after Mallory's previous event, so
 * that it comes before anything the receiver made of it (whose thread may have noted its
 * reaction while Mallory's was between its send() and this). Nothing else holds a seq of
 * a man in the middle's run that this could move. */
static void
sent (Play *play, LabEvent *event)
{
  play->last = lab_trace_insert_after (play->trace, play->last, event);
}

static void
unit_free (Unit *unit)
{
  g_bytes_unref (unit->bytes);
  g_clear_pointer (&unit->event, lab_event_free);
  g_free (unit);
}

static void
note (Play *play, LabPhase phase, const char *name, const char *detail)
{
  LabEvent *event = lab_event_new (LAB_EVENT_STATE, LAB_SIDE_ATTACKER);

  event->phase = phase;
  event->connection = play->connection;
  event->name = g_strdup (name);
  event->detail = g_strdup (detail);
  noticed (play, event);
}

/* The application data Mallory read in the clear, or passed on, re-encrypted. */
static void
note_data (Play *play, gboolean passed_on, LabDirection direction, GByteArray *data)
{
  LabEvent *event = lab_event_new (LAB_EVENT_APP_DATA, LAB_SIDE_ATTACKER);
  gboolean from_client = direction == LAB_DIRECTION_CLIENT_TO_SERVER;

  event->phase = LAB_PHASE_RECORD;
  event->connection = play->connection;
  event->direction = direction;
  event->sent = passed_on;
  event->bytes = g_bytes_new (data->data, data->len);
  event->name = g_strdup (passed_on ? "the man in the middle passed it on"
                                    : "the man in the middle read");
  if (passed_on)
    event->detail = g_strdup_printf ("%u bytes, encrypted again with its own keys for the %s",
                                     data->len, from_client ? "server" : "client");
  else
    event->detail = g_strdup_printf ("%u bytes in the clear, %s", data->len,
                                     from_client ? "from the client, for the server"
                                                 : "from the server, for the client");
  if (passed_on)
    sent (play, event);
  else
    noticed (play, event);
}

/* ---- sending Mallory's messages in their turn ---- */

/* Writes everything to a non-blocking socket; FALSE when the peer has gone. */
static gboolean
send_waiting (int fd, const guint8 *data, gsize len)
{
  while (len > 0)
    {
      ssize_t n = send (fd, data, len, MSG_NOSIGNAL);

      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        {
          struct pollfd p = { fd, POLLOUT, 0 };
          if (poll (&p, 1, -1) < 0 && errno != EINTR)
            return FALSE;
          continue;
        }
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

static void
send_unit (Leg *leg, Unit *unit)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (unit->bytes, &len);

  leg->released[unit->phase]++;
  /* Sent once the kernel has the bytes: a peer that has hung up gets nothing. (The
   * receiver may note its view first; the steps go by Mallory's own order.) */
  if (!send_waiting (leg->fd, data, len))
    leg->failed = TRUE;
  else if (unit->event != NULL)
    sent (leg->play, g_steal_pointer (&unit->event));
  unit_free (unit);
}

/* Has the other connection got as far as this message stands for? */
static gboolean
turn_has_come (const Leg *leg, const Unit *unit)
{
  const Leg *other = leg->other;

  if (unit->alert || unit->phase == LAB_PHASE_NONE)
    return TRUE; /* Mallory's own alerts answer something here, not there */
  if (unit->phase != other->reached)
    return unit->phase < other->reached;
  return leg->released[unit->phase] < other->received[unit->phase];
}

/* Sends what may go on this connection now; with `all`, everything held. */
static void
release (Leg *leg, gboolean all)
{
  while (!leg->failed && !leg->other->failed && !g_queue_is_empty (&leg->held)
         && (all || turn_has_come (leg, g_queue_peek_head (&leg->held))))
    send_unit (leg, g_queue_pop_head (&leg->held));
}

static int
carrier (const LabEvent *e)
{
  return e->kind == LAB_EVENT_MESSAGE ? SSL3_RT_HANDSHAKE
         : e->kind == LAB_EVENT_CCS   ? SSL3_RT_CHANGE_CIPHER_SPEC
                                      : SSL3_RT_ALERT;
}

/* Cuts what Mallory's SSL wrote into records, and the records into messages: OpenSSL
 * writes each message in records of its own (HACKING.md, "Flights"), in the order its message
 * callback spoke of them, so a message's plaintext records add up to its length and a
 * protected message (Finished) is one record. */
static void
cut_written (Leg *leg)
{
  while (leg->written->len >= RECORD_HEADER)
    {
      const guint8 *w = leg->written->data;
      guint8 type = w[0];
      gsize len = RECORD_HEADER + ((gsize) w[3] << 8 | w[4]);
      LabEvent *head = g_queue_peek_head (&leg->pending);
      gboolean whole = TRUE;
      Unit *unit;

      if (leg->written->len < len)
        break;
      g_byte_array_append (leg->unit, w, (guint) len);
      g_byte_array_remove_range (leg->written, 0, (guint) len);
      if (head != NULL && carrier (head) != type)
        head = NULL;
      if (head != NULL && type == SSL3_RT_HANDSHAKE && !leg->protected_out)
        {
          leg->carried += len - RECORD_HEADER;
          whole = leg->carried >= g_bytes_get_size (head->bytes);
        }
      if (type == SSL3_RT_CHANGE_CIPHER_SPEC)
        leg->protected_out = TRUE;
      if (!whole)
        continue;
      unit = g_new0 (Unit, 1);
      unit->bytes = g_byte_array_free_to_bytes (leg->unit);
      unit->event = head != NULL ? g_queue_pop_head (&leg->pending) : NULL;
      unit->phase = unit->event != NULL && unit->event->phase < N_PHASES ? unit->event->phase
                                                                        : LAB_PHASE_NONE;
      unit->alert = type == SSL3_RT_ALERT;
      g_queue_push_tail (&leg->held, unit);
      leg->unit = g_byte_array_new ();
      leg->carried = 0;
    }
}

static void
drain (Leg *leg)
{
  guint8 chunk[4096];
  int n;

  if (leg->out == NULL)
    return;
  while ((n = BIO_read (leg->out, chunk, sizeof chunk)) > 0)
    g_byte_array_append (leg->written, chunk, (guint) n);
  cut_written (leg);
}

/* ---- what Mallory's SSL objects report ---- */

/* OpenSSL's message callback reports a ChangeCipherSpec that arrives only as its record
 * header: enough to say when it came. */
static LabEvent *
received_ccs (Leg *leg)
{
  LabEvent *event = lab_event_new (LAB_EVENT_CCS, LAB_SIDE_ATTACKER);

  event->name = g_strdup ("ChangeCipherSpec");
  event->content_type = LAB_CONTENT_CHANGE_CIPHER_SPEC;
  event->phase = LAB_PHASE_FINISHED;
  event->direction = leg->incoming;
  return event;
}

static gboolean
ends_a_flight (const LabEvent *e)
{
  return e->kind == LAB_EVENT_MESSAGE
         && (e->handshake_type == LAB_HS_CLIENT_HELLO
             || e->handshake_type == LAB_HS_SERVER_HELLO_DONE
             || e->handshake_type == LAB_HS_FINISHED);
}

static void
on_message (int write_p, int version, int content_type, const void *buf, size_t len, SSL *ssl,
            void *arg)
{
  Leg *leg = arg;
  Play *play = leg->play;
  const guint8 *bytes = buf;
  LabEvent *event;
  LabPhase phase;
  gboolean flight_end, fatal;

  if (write_p)
    {
      event = lab_tls_event_new (LAB_SIDE_ATTACKER, TRUE, leg->outgoing, content_type, bytes,
                                 len);
      if (event == NULL)
        return;
      event->connection = play->connection;
      /* during the handshakes the records are still in memory: the event waits with them */
      if (play->in_step)
        g_queue_push_tail (&leg->pending, event);
      else
        sent (play, event); /* OpenSSL speaks once the bytes are written */
      return;
    }
  if (content_type == SSL3_RT_HEADER)
    event = len >= 1 && bytes[0] == SSL3_RT_CHANGE_CIPHER_SPEC ? received_ccs (leg) : NULL;
  else
    event = lab_tls_event_new (LAB_SIDE_ATTACKER, FALSE, leg->incoming, content_type, bytes,
                               len);
  if (event == NULL)
    return;
  event->connection = play->connection;
  phase = event->phase;
  flight_end = ends_a_flight (event);
  fatal = event->kind == LAB_EVENT_ALERT && event->alert_level == 2;
  if (event->kind == LAB_EVENT_MESSAGE && event->handshake_type == LAB_HS_CLIENT_HELLO)
    leg->hello = TRUE;
  noticed (play, event);
  if (!play->in_step)
    return;
  if (fatal)
    {
      leg->failed = TRUE; /* that side is gone: Mallory gives up on both */
      return;
    }
  if (phase != LAB_PHASE_NONE && phase < N_PHASES)
    {
      leg->received[phase]++;
      leg->reached = MAX (leg->reached, phase);
    }
  /* what this message stands in for on the other connection may go now */
  release (leg->other, flight_end);
}

/* ---- the two connections ---- */

static gboolean
set_blocking (int fd, gboolean blocking)
{
  int flags = fcntl (fd, F_GETFL);

  return flags >= 0
         && fcntl (fd, F_SETFL, blocking ? flags & ~O_NONBLOCK : flags | O_NONBLOCK) == 0;
}

static gboolean
leg_init (Leg *leg, Play *play, SSL_CTX *ctx, int fd, LabSide peer)
{
  BIO *in;

  leg->play = play;
  leg->other = leg == &play->legs[0] ? &play->legs[1] : &play->legs[0];
  leg->peer = peer;
  leg->outgoing = peer == LAB_SIDE_CLIENT ? LAB_DIRECTION_SERVER_TO_CLIENT
                                          : LAB_DIRECTION_CLIENT_TO_SERVER;
  leg->incoming = peer == LAB_SIDE_CLIENT ? LAB_DIRECTION_CLIENT_TO_SERVER
                                          : LAB_DIRECTION_SERVER_TO_CLIENT;
  leg->fd = fd;
  leg->written = g_byte_array_new ();
  leg->unit = g_byte_array_new ();
  g_queue_init (&leg->pending);
  g_queue_init (&leg->held);
  leg->ssl = SSL_new (ctx);
  if (leg->ssl == NULL || !set_blocking (fd, FALSE))
    return FALSE;
  in = BIO_new_socket (fd, BIO_NOCLOSE);
  leg->out = BIO_new (BIO_s_mem ());
  if (in == NULL || leg->out == NULL)
    {
      BIO_free (in);
      g_clear_pointer (&leg->out, BIO_free);
      return FALSE;
    }
  SSL_set_bio (leg->ssl, in, leg->out);
  SSL_set_msg_callback (leg->ssl, on_message);
  SSL_set_msg_callback_arg (leg->ssl, leg);
  return TRUE;
}

static void
leg_clear (Leg *leg)
{
  LabEvent *event;
  Unit *unit;

  g_clear_pointer (&leg->ssl, SSL_free);
  while ((event = g_queue_pop_head (&leg->pending)) != NULL)
    lab_event_free (event);
  while ((unit = g_queue_pop_head (&leg->held)) != NULL)
    unit_free (unit);
  if (leg->written != NULL)
    g_byte_array_unref (leg->written);
  if (leg->unit != NULL)
    g_byte_array_unref (leg->unit);
  g_free (leg->reason);
}

/* One go of a connection's handshake, as far as the bytes that have arrived allow. */
static void
handshake_step (Leg *leg)
{
  int r;

  ERR_clear_error ();
  r = SSL_do_handshake (leg->ssl);
  drain (leg);
  release (leg, FALSE);
  if (r == 1)
    leg->done = TRUE;
  else if (SSL_get_error (leg->ssl, r) != SSL_ERROR_WANT_READ && !leg->failed)
    leg->failed = TRUE;
  if (leg->failed && leg->reason == NULL)
    leg->reason = lab_tls_failure_reason (leg->peer == LAB_SIDE_CLIENT ? "the client hung up"
                                                                       : "the server hung up");
  ERR_clear_error ();
}

/* Both handshakes, until both are done (TRUE) or either side gave up. */
static gboolean
shake_hands (Play *play)
{
  Leg *victim = &play->legs[0], *server = &play->legs[1];

  victim->started = TRUE;
  handshake_step (victim);
  for (;;)
    {
      struct pollfd fds[2];
      Leg *polled[2];
      nfds_t n = 0;

      if (victim->failed || server->failed)
        return FALSE;
      /* the server's handshake starts as soon as the client has said what it wants */
      if (victim->hello && !server->started)
        {
          server->started = TRUE;
          handshake_step (server);
          continue;
        }
      if (victim->done && server->done)
        break;
      /* the server's connection first: what it sent has been waiting the longest */
      for (Leg *leg = server; leg != NULL; leg = leg == server ? victim : NULL)
        if (leg->started && !leg->done)
          {
            fds[n] = (struct pollfd){ leg->fd, POLLIN, 0 };
            polled[n++] = leg;
          }
      if (n == 0)
        break;
      if (poll (fds, n, -1) < 0)
        {
          if (errno == EINTR)
            continue;
          return FALSE;
        }
      for (nfds_t i = 0; i < n; i++)
        if (fds[i].revents != 0)
          {
            handshake_step (polled[i]);
            break;
          }
    }
  release (victim, TRUE);
  release (server, TRUE);
  return !victim->failed && !server->failed;
}

/* From here on Mallory's SSL objects write straight to their sockets. */
static gboolean
stop_holding_back (Play *play)
{
  play->in_step = FALSE;
  for (guint i = 0; i < 2; i++)
    {
      Leg *leg = &play->legs[i];
      BIO *out = BIO_new_socket (leg->fd, BIO_NOCLOSE);

      if (out == NULL || !set_blocking (leg->fd, TRUE))
        {
          BIO_free (out);
          return FALSE;
        }
      SSL_set0_wbio (leg->ssl, out);
      leg->out = NULL;
    }
  return TRUE;
}

static gboolean
forward_message (Play *play, Leg *from, Leg *to)
{
  g_autoptr (GByteArray) message = g_byte_array_new ();
  g_autofree char *reason = NULL;

  if (!lab_tls_read_http (from->ssl, message, &reason))
    return FALSE;
  note_data (play, FALSE, from->incoming, message);
  ERR_clear_error ();
  if (SSL_write (to->ssl, message->data, (int) message->len) != (int) message->len)
    return FALSE;
  note_data (play, TRUE, to->outgoing, message);
  return TRUE;
}

void
lab_mitm_play (const LabMitm *mitm, LabTrace *trace, guint connection, int client_fd,
               int server_fd, SSL_SESSION **upstream)
{
  Play play = { .trace = trace, .connection = connection, .in_step = TRUE };
  Leg *victim = &play.legs[0], *server = &play.legs[1];
  g_autofree char *reason = NULL;

  if (!leg_init (victim, &play, mitm->as_server, client_fd, LAB_SIDE_CLIENT)
      || !leg_init (server, &play, mitm->as_client, server_fd, LAB_SIDE_SERVER))
    goto done;
  SSL_set_accept_state (victim->ssl);
  SSL_set_connect_state (server->ssl);
  /* The attacker does not care who the real server is. */
  SSL_set_verify (server->ssl, SSL_VERIFY_NONE, NULL);
  SSL_set_tlsext_host_name (server->ssl, mitm->server_name);
  /* When the client resumes its session with Mallory, Mallory resumes its own with the
   * server, as a proxy with a session cache would: two abbreviated handshakes, in step. */
  if (*upstream != NULL)
    SSL_set_session (server->ssl, *upstream);

  note (&play, LAB_PHASE_NEGOTIATION, "man in the middle",
        "the man in the middle answers the client itself, with its own certificate for the "
        "server's name, and opens a handshake of its own with the real server");
  if (!shake_hands (&play))
    {
      gboolean client_refused = victim->failed || !server->failed;
      Leg *refusing = client_refused ? victim : server;

      note (&play, LAB_PHASE_NONE,
            client_refused ? "the client refused the man in the middle"
                           : "the server refused the man in the middle",
            refusing->reason ? refusing->reason : "the connection closed");
      goto done;
    }
  g_clear_pointer (upstream, SSL_SESSION_free);
  *upstream = SSL_get1_session (server->ssl);
  note (&play, LAB_PHASE_FINISHED, "two handshakes",
        "the client's keys are shared with the man in the middle, not with the server; the "
        "man in the middle has separate keys with the server");
  if (stop_holding_back (&play) && forward_message (&play, victim, server)
      && forward_message (&play, server, victim))
    {
      /* the client closes first; pass the close on, as a relay would */
      if (lab_tls_await_close_notify (victim->ssl, &reason))
        {
          lab_tls_send_close_notify (victim->ssl, &reason);
          lab_tls_send_close_notify (server->ssl, &reason);
          lab_tls_await_close_notify (server->ssl, &reason);
        }
    }

done:
  ERR_clear_error ();
  leg_clear (victim);
  leg_clear (server);
}
