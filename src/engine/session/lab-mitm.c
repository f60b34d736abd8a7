/* lab-mitm.c: what the attacker does, and what it gets to read, in the trace. */
#include "lab-mitm.h"
#include "engine/io/lab-socket.h"
#include "engine/io/lab-tls-io.h"
#include "engine/io/lab-workers.h"
#include "tls/lab-error.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/err.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

struct _LabMitmRelay
{
  const LabMitm *mitm;
  LabTrace *trace;
  int listen_fd;
  guint16 port;
  guint16 server_port;
  guint n_connections;
  guint connection;   /* the one being relayed */
  int wake[2];        /* abort writes a byte here to wake a waiting accept */

  GMutex lock;        /* guards the fds against abort from another thread, and `finished` */
  GCond finished_cond;
  gboolean started;
  gboolean finished;
  gboolean aborted;
  int client_fd;
  int server_fd;
};

static void
note (LabTrace *trace, guint connection, LabPhase phase, const char *name, const char *detail)
{
  LabEvent *event = lab_event_new (LAB_EVENT_STATE, LAB_SIDE_WIRE);

  event->phase = phase;
  event->connection = connection;
  event->name = g_strdup (name);
  event->detail = g_strdup (detail);
  lab_trace_append (trace, event);
}

/* What the attacker read in the clear, on its way from one victim to the other. */
static void
note_plaintext (LabTrace *trace, guint connection, LabDirection direction, GByteArray *data)
{
  LabEvent *event = lab_event_new (LAB_EVENT_APP_DATA, LAB_SIDE_WIRE);

  event->phase = LAB_PHASE_RECORD;
  event->connection = connection;
  event->direction = direction;
  event->bytes = g_bytes_new (data->data, data->len);
  event->name = g_strdup ("the man in the middle read");
  event->detail = g_strdup_printf ("%u bytes in the clear, %s", data->len,
                                   direction == LAB_DIRECTION_CLIENT_TO_SERVER
                                     ? "from the client, passed on to the server"
                                     : "from the server, passed on to the client");
  lab_trace_append (trace, event);
}

static gboolean
forward_message (SSL *from, SSL *to, LabTrace *trace, guint connection, LabDirection direction)
{
  g_autoptr (GByteArray) message = g_byte_array_new ();
  g_autofree char *reason = NULL;

  if (!lab_tls_read_http (from, message, &reason))
    return FALSE;
  note_plaintext (trace, connection, direction, message);
  ERR_clear_error ();
  return SSL_write (to, message->data, (int) message->len) == (int) message->len;
}

/* Both TLS connections on the two sockets, until either side is done. */
static void
play_both_ends (const LabMitm *mitm, LabTrace *trace, guint connection, int client_fd,
                int server_fd)
{
  SSL *victim = SSL_new (mitm->as_server);
  SSL *server = SSL_new (mitm->as_client);
  g_autofree char *reason = NULL;

  if (victim == NULL || server == NULL)
    goto done;
  SSL_set_fd (victim, client_fd);
  SSL_set_fd (server, server_fd);
  /* The attacker does not care who the real server is. */
  SSL_set_verify (server, SSL_VERIFY_NONE, NULL);
  SSL_set_tlsext_host_name (server, mitm->server_name);

  note (trace, connection, LAB_PHASE_NEGOTIATION, "man in the middle",
        "the wire answers the client itself, with its own certificate for the server's name");
  ERR_clear_error ();
  if (SSL_accept (victim) != 1)
    {
      reason = lab_tls_failure_reason ("the client hung up");
      note (trace, connection, LAB_PHASE_SERVER_AUTH, "the client refused the man in the middle",
            reason);
      goto done;
    }
  if (SSL_connect (server) != 1)
    {
      reason = lab_tls_failure_reason ("the server hung up");
      note (trace, connection, LAB_PHASE_NEGOTIATION, "the server refused the man in the middle",
            reason);
      goto done;
    }
  note (trace, connection, LAB_PHASE_FINISHED, "two handshakes",
        "the client's keys are shared with the man in the middle, not with the server; the "
        "man in the middle has separate keys with the server");
  if (forward_message (victim, server, trace, connection, LAB_DIRECTION_CLIENT_TO_SERVER)
      && forward_message (server, victim, trace, connection, LAB_DIRECTION_SERVER_TO_CLIENT))
    {
      /* the client closes first; pass the close on, as a relay would */
      g_clear_pointer (&reason, g_free);
      if (lab_tls_await_close_notify (victim, &reason))
        {
          lab_tls_send_close_notify (victim, &reason);
          lab_tls_send_close_notify (server, &reason);
          lab_tls_await_close_notify (server, &reason);
        }
    }

done:
  ERR_clear_error ();
  SSL_free (victim);
  SSL_free (server);
}

/* ---- the relay's thread ---- */

static void
close_fd (int *fd)
{
  if (*fd >= 0)
    close (*fd);
  *fd = -1;
}

static gboolean
wait_readable (LabMitmRelay *relay, int fd)
{
  struct pollfd fds[2] = { { fd, POLLIN, 0 }, { relay->wake[0], POLLIN, 0 } };

  while (poll (fds, 2, -1) < 0)
    if (errno != EINTR)
      return FALSE;
  return !(fds[1].revents & POLLIN);
}

/* Relays one connection; FALSE when the relay must stop (aborted, or no server). */
static gboolean
relay_connection (LabMitmRelay *relay)
{
  g_autoptr (GError) error = NULL;
  int client_fd, server_fd;

  if (!wait_readable (relay, relay->listen_fd))
    return FALSE;
  client_fd = lab_socket_accept (relay->listen_fd, NULL);
  if (client_fd < 0)
    return FALSE;
  server_fd = lab_socket_connect_loopback (relay->server_port, NULL, &error);

  g_mutex_lock (&relay->lock);
  relay->client_fd = client_fd;
  relay->server_fd = server_fd;
  g_mutex_unlock (&relay->lock);

  if (server_fd < 0)
    {
      LabEvent *event = lab_event_new (LAB_EVENT_ERROR, LAB_SIDE_WIRE);
      event->name = g_strdup ("relay");
      event->detail = g_strdup (error->message);
      event->connection = relay->connection;
      lab_trace_append (relay->trace, event);
      return FALSE;
    }
  play_both_ends (relay->mitm, relay->trace, relay->connection, client_fd, server_fd);
  return TRUE;
}

/* Connection after connection on the same port, each relayed to the end and closed. */
static void
relay_job (gpointer data, gpointer unused)
{
  LabMitmRelay *relay = data;

  for (relay->connection = 0; relay->connection < relay->n_connections; relay->connection++)
    {
      gboolean go_on = relay_connection (relay);

      g_mutex_lock (&relay->lock);
      close_fd (&relay->client_fd);
      close_fd (&relay->server_fd);
      go_on = go_on && !relay->aborted;
      g_mutex_unlock (&relay->lock);
      if (!go_on)
        return;
    }
}

static void
relay_job_done (gpointer data, gpointer unused)
{
  LabMitmRelay *relay = data;

  g_mutex_lock (&relay->lock);
  relay->finished = TRUE;
  g_cond_broadcast (&relay->finished_cond);
  g_mutex_unlock (&relay->lock);
}

LabMitmRelay *
lab_mitm_relay_start (const LabMitm *mitm, LabTrace *trace, guint16 server_port,
                      guint n_connections, GError **error)
{
  LabMitmRelay *relay = g_new0 (LabMitmRelay, 1);

  relay->mitm = mitm;
  relay->trace = g_object_ref (trace);
  relay->server_port = server_port;
  relay->n_connections = n_connections;
  relay->client_fd = relay->server_fd = -1;
  relay->wake[0] = relay->wake[1] = -1;
  g_mutex_init (&relay->lock);
  g_cond_init (&relay->finished_cond);
  relay->listen_fd = lab_socket_listener_take (&relay->port, error);
  if (relay->listen_fd < 0 || pipe2 (relay->wake, O_CLOEXEC) != 0)
    {
      if (relay->listen_fd >= 0)
        g_set_error (error, LAB_ERROR, LAB_ERROR_IO, "creating a pipe: %s", g_strerror (errno));
      lab_mitm_relay_free (relay);
      return NULL;
    }
  relay->started = TRUE;
  lab_workers_run (relay_job, relay_job_done, relay);
  return relay;
}

guint16
lab_mitm_relay_get_port (LabMitmRelay *relay)
{
  return relay->port;
}

void
lab_mitm_relay_abort (LabMitmRelay *relay)
{
  const guint8 byte = 1;

  g_mutex_lock (&relay->lock);
  if (!relay->aborted)
    {
      relay->aborted = TRUE;
      if (write (relay->wake[1], &byte, 1) < 0)
        g_warning ("could not wake the man in the middle: %s", g_strerror (errno));
      if (relay->client_fd >= 0)
        shutdown (relay->client_fd, SHUT_RDWR);
      if (relay->server_fd >= 0)
        shutdown (relay->server_fd, SHUT_RDWR);
    }
  g_mutex_unlock (&relay->lock);
}

gboolean
lab_mitm_relay_wait (LabMitmRelay *relay, gint64 deadline_us)
{
  gboolean finished;

  g_mutex_lock (&relay->lock);
  while (!relay->finished)
    if (!g_cond_wait_until (&relay->finished_cond, &relay->lock, deadline_us))
      break;
  finished = relay->finished;
  g_mutex_unlock (&relay->lock);
  return finished;
}

void
lab_mitm_relay_free (LabMitmRelay *relay)
{
  if (relay == NULL)
    return;
  if (relay->started)
    {
      if (!lab_mitm_relay_wait (relay, g_get_monotonic_time ()))
        lab_mitm_relay_abort (relay);
      lab_mitm_relay_wait (relay, G_MAXINT64);
    }
  /* the relay never shuts its listener (a pipe wakes its poll), so it can always serve again */
  if (relay->listen_fd >= 0)
    lab_socket_listener_give_back (relay->listen_fd, relay->port, TRUE, TRUE);
  close_fd (&relay->client_fd);
  close_fd (&relay->server_fd);
  close_fd (&relay->wake[0]);
  close_fd (&relay->wake[1]);
  g_clear_object (&relay->trace);
  g_mutex_clear (&relay->lock);
  g_cond_clear (&relay->finished_cond);
  g_free (relay);
}
