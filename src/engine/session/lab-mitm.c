/* lab-mitm.c: the attacker's relay: it takes the client's connection, opens its own to the
 * server, and has lab-mitm-play.c run both TLS connections; its TCP steps in the trace. */
#include "lab-mitm.h"
#include "engine/io/lab-socket.h"
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
  SSL_SESSION *upstream; /* its session with the server, to resume on the next connection */
};

/* Mallory's side of the TCP connections: it accepts the client's, opens its own to the
 * server, and closes both. */
static void
note_tcp (LabMitmRelay *relay, const char *action, LabDirection direction, char *detail)
{
  LabEvent *event = lab_event_new (LAB_EVENT_TCP, LAB_SIDE_ATTACKER);

  event->name = g_strdup (action);
  event->detail = detail;
  event->phase = g_str_equal (action, "close") ? LAB_PHASE_NONE : LAB_PHASE_CONNECTION;
  event->direction = direction;
  event->connection = relay->connection;
  lab_trace_append (relay->trace, event);
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

  guint16 client_port = 0, local_port = 0;

  if (!wait_readable (relay, relay->listen_fd))
    return FALSE;
  client_fd = lab_socket_accept (relay->listen_fd, &client_port);
  if (client_fd < 0)
    return FALSE;
  note_tcp (relay, "accept", LAB_DIRECTION_SERVER_TO_CLIENT,
            g_strdup_printf ("Mallory accepted the client's connection from 127.0.0.1:%u on "
                             "port %u",
                             client_port, relay->port));
  server_fd = lab_socket_connect_loopback (relay->server_port, &local_port, &error);

  g_mutex_lock (&relay->lock);
  relay->client_fd = client_fd;
  relay->server_fd = server_fd;
  g_mutex_unlock (&relay->lock);

  if (server_fd < 0)
    {
      LabEvent *event = lab_event_new (LAB_EVENT_ERROR, LAB_SIDE_ATTACKER);
      event->name = g_strdup ("relay");
      event->detail = g_strdup (error->message);
      event->connection = relay->connection;
      lab_trace_append (relay->trace, event);
      return FALSE;
    }
  note_tcp (relay, "connect", LAB_DIRECTION_CLIENT_TO_SERVER,
            g_strdup_printf ("Mallory connected from 127.0.0.1:%u to the server at "
                             "127.0.0.1:%u",
                             local_port, relay->server_port));
  lab_mitm_play (relay->mitm, relay->trace, relay->connection, client_fd, server_fd,
                 &relay->upstream);
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
      if (relay->client_fd >= 0)
        note_tcp (relay, "close", LAB_DIRECTION_SERVER_TO_CLIENT,
                  g_strdup ("Mallory closed its socket to the client"));
      if (relay->server_fd >= 0)
        note_tcp (relay, "close", LAB_DIRECTION_CLIENT_TO_SERVER,
                  g_strdup ("Mallory closed its socket to the server"));
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
  g_clear_pointer (&relay->upstream, SSL_SESSION_free);
  g_clear_object (&relay->trace);
  g_mutex_clear (&relay->lock);
  g_cond_clear (&relay->finished_cond);
  g_free (relay);
}
