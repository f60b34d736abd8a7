/* lab-wire.c: the relay thread (DESIGN.md §3, "Topology"). */
#include "lab-wire.h"
#include "lab-mitm.h"
#include "lab-socket.h"
#include "lab-workers.h"
#include "tls/lab-error.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#define RECORD_HEADER 5
#define READ_CHUNK (256 * 1024)

typedef struct
{
  LabDirection direction;
  GByteArray *pending; /* bytes read but not yet a whole record */
  GByteArray *outgoing; /* records relayed but not yet sent on */
  const guint8 *span;   /* ... or, when none was changed, where they stand in pending */
  gsize span_len;
  guint index;
  gboolean ccs_seen;   /* records after the sender's CCS are encrypted */
  gboolean eof;
} WireDirection;

struct _LabWire
{
  LabTrace *trace;
  int listen_fd;
  guint16 port;
  guint16 server_port;
  int wake[2]; /* abort writes a byte here to wake poll() */
  gboolean started;
  LabWireFilter filter;
  gpointer filter_data;
  const LabMitm *mitm;
  guint n_connections;
  guint connection;       /* the one being relayed */

  GMutex lock; /* guards the fds against abort from another thread, and `finished` */
  GCond finished_cond;
  gboolean finished;
  gboolean aborted;
  int client_fd;
  int server_fd;

  WireDirection to_server; /* client -> server */
  WireDirection to_client; /* server -> client */
};

LabWire *
lab_wire_new (LabTrace *trace, GError **error)
{
  LabWire *wire = g_new0 (LabWire, 1);

  wire->trace = g_object_ref (trace);
  wire->client_fd = wire->server_fd = -1;
  wire->wake[0] = wire->wake[1] = -1;
  g_mutex_init (&wire->lock);
  g_cond_init (&wire->finished_cond);
  wire->to_server = (WireDirection){ LAB_DIRECTION_CLIENT_TO_SERVER, g_byte_array_new (),
                                     g_byte_array_new () };
  wire->to_client = (WireDirection){ LAB_DIRECTION_SERVER_TO_CLIENT, g_byte_array_new (),
                                     g_byte_array_new () };
  wire->listen_fd = lab_socket_listener_take (&wire->port, error);
  if (wire->listen_fd < 0 || pipe2 (wire->wake, O_CLOEXEC) != 0)
    {
      if (wire->listen_fd >= 0)
        g_set_error (error, LAB_ERROR, LAB_ERROR_IO, "creating a pipe: %s", g_strerror (errno));
      lab_wire_free (wire);
      return NULL;
    }
  return wire;
}

static void
close_fd (int *fd)
{
  if (*fd >= 0)
    close (*fd);
  *fd = -1;
}

void
lab_wire_free (LabWire *wire)
{
  if (wire == NULL)
    return;
  if (wire->started)
    {
      lab_wire_abort (wire);
      lab_wire_join (wire);
    }
  /* the wire never shuts its listener (a pipe wakes its poll), so it can always serve again */
  lab_socket_listener_give_back (wire->listen_fd, wire->port, TRUE);
  wire->listen_fd = -1;
  close_fd (&wire->client_fd);
  close_fd (&wire->server_fd);
  close_fd (&wire->wake[0]);
  close_fd (&wire->wake[1]);
  g_byte_array_unref (wire->to_server.pending);
  g_byte_array_unref (wire->to_client.pending);
  g_byte_array_unref (wire->to_server.outgoing);
  g_byte_array_unref (wire->to_client.outgoing);
  g_clear_object (&wire->trace);
  g_mutex_clear (&wire->lock);
  g_cond_clear (&wire->finished_cond);
  g_free (wire);
}

guint16
lab_wire_get_port (LabWire *wire)
{
  return wire->port;
}

void
lab_wire_set_mitm (LabWire *wire, const LabMitm *mitm)
{
  wire->mitm = mitm;
}

void
lab_wire_set_filter (LabWire *wire, LabWireFilter filter, gpointer user_data)
{
  wire->filter = filter;
  wire->filter_data = user_data;
}

/* The phase a record belongs to, from what can be seen on the wire. */
static LabPhase
record_phase (LabDirection direction, guint8 content_type, gboolean encrypted,
              const guint8 *fragment, gsize len)
{
  const LabHandshakeTypeInfo *info;

  switch (content_type)
    {
    case LAB_CONTENT_HANDSHAKE:
      if (encrypted)
        return LAB_PHASE_FINISHED;
      info = len > 0 ? lab_handshake_type_lookup (fragment[0]) : NULL;
      /* the client's Certificate belongs to client authentication */
      if (info != NULL && info->value == LAB_HS_CERTIFICATE
          && direction == LAB_DIRECTION_CLIENT_TO_SERVER)
        return LAB_PHASE_CLIENT_AUTH_KEYS;
      return info ? info->phase : LAB_PHASE_NONE;
    case LAB_CONTENT_CHANGE_CIPHER_SPEC:
      return LAB_PHASE_FINISHED;
    case LAB_CONTENT_APPLICATION_DATA:
      return LAB_PHASE_RECORD;
    default:
      return LAB_PHASE_NONE; /* alerts and the unknown: wherever the run is */
    }
}

static char *
record_name (guint8 content_type, gboolean encrypted, const guint8 *fragment, gsize len)
{
  const LabContentTypeInfo *ct = lab_content_type_lookup (content_type);
  const LabHandshakeTypeInfo *hs;

  if (ct == NULL)
    return g_strdup_printf ("unknown content type %u", content_type);
  if (content_type == LAB_CONTENT_HANDSHAKE && !encrypted && len > 0
      && (hs = lab_handshake_type_lookup (fragment[0])) != NULL)
    return g_strdup_printf ("%s: %s", ct->name, hs->name);
  if (encrypted && content_type != LAB_CONTENT_CHANGE_CIPHER_SPEC)
    return g_strdup_printf ("%s (encrypted)", ct->name);
  return g_strdup (ct->name);
}

/* Records cut from one read are passed on with one send: the same bytes in the same
 * order, with fewer system calls. Records passed on unchanged are sent straight from the
 * read buffer (a span of it); only a changed record is copied. */
static void
forward (LabWire *wire, WireDirection *dir, const guint8 *data, gsize len)
{
  gboolean in_pending = data >= dir->pending->data
                        && data + len <= dir->pending->data + dir->pending->len;

  /* Only bytes still in the read buffer may be sent from where they stand: a
   * replacement record is freed as soon as it has been relayed. */
  if (in_pending && dir->outgoing->len == 0
      && (dir->span == NULL || dir->span + dir->span_len == data))
    {
      if (dir->span == NULL)
        dir->span = data;
      dir->span_len += len;
      return;
    }
  if (dir->span != NULL)
    {
      g_byte_array_append (dir->outgoing, dir->span, (guint) dir->span_len);
      dir->span = NULL;
      dir->span_len = 0;
    }
  g_byte_array_append (dir->outgoing, data, (guint) len);
}

static void
flush (LabWire *wire, WireDirection *dir)
{
  int fd = dir->direction == LAB_DIRECTION_CLIENT_TO_SERVER ? wire->server_fd : wire->client_fd;

  /* forward() keeps either a span or copied records, never both */
  g_assert (dir->span == NULL || dir->outgoing->len == 0);
  /* A peer that has gone is the receiver's business; the trace shows what was sent. */
  if (dir->outgoing->len > 0)
    lab_socket_send_all (fd, dir->outgoing->data, dir->outgoing->len);
  else if (dir->span != NULL)
    lab_socket_send_all (fd, dir->span, dir->span_len);
  g_byte_array_set_size (dir->outgoing, 0);
  dir->span = NULL;
  dir->span_len = 0;
}

static void
relay_record (LabWire *wire, WireDirection *dir, const guint8 *data, gsize len)
{
  LabEvent *event;

  /* Bulk data past the trace's cap: counted, and passed on untouched, without a copy,
   * unless a filter wants to see it. */
  if (wire->filter == NULL && lab_trace_count_record (wire->trace, data[0], len))
    {
      dir->index++;
      forward (wire, dir, data, len);
      return;
    }
  event = lab_event_new (LAB_EVENT_RECORD, LAB_SIDE_WIRE);
  LabWireRecord record = { dir->direction, dir->index, data[0], dir->ccs_seen, data, len,
                           wire->connection };
  g_autoptr (GByteArray) replacement = g_byte_array_new ();
  LabWireVerdict verdict = LAB_WIRE_KEEP;
  char *action = NULL;

  event->direction = dir->direction;
  event->connection = wire->connection;
  event->content_type = data[0];
  event->encrypted = dir->ccs_seen;
  event->bytes = g_bytes_new (data, len);
  event->phase = record_phase (dir->direction, data[0], dir->ccs_seen, data + RECORD_HEADER,
                               len - RECORD_HEADER);
  event->name = record_name (data[0], dir->ccs_seen, data + RECORD_HEADER, len - RECORD_HEADER);
  event->detail = g_strdup_printf ("record %u of this direction, %" G_GSIZE_FORMAT " bytes",
                                   dir->index, len);

  if (wire->filter != NULL)
    verdict = wire->filter (&record, replacement, &action, wire->filter_data);
  event->wire_action = action;
  if (verdict == LAB_WIRE_REPLACE)
    event->forwarded = g_bytes_new (replacement->data, replacement->len);
  else if (verdict == LAB_WIRE_DROP)
    event->forwarded = g_bytes_new (NULL, 0);

  if (data[0] == LAB_CONTENT_CHANGE_CIPHER_SPEC)
    dir->ccs_seen = TRUE;
  dir->index++;
  lab_trace_append (wire->trace, event);

  if (verdict == LAB_WIRE_KEEP)
    forward (wire, dir, data, len);
  else if (verdict == LAB_WIRE_REPLACE)
    forward (wire, dir, replacement->data, replacement->len);
}

/* Cuts whole records off the front of the pending bytes. */
static void
relay_pending (LabWire *wire, WireDirection *dir)
{
  gsize used = 0;

  while (dir->pending->len - used >= RECORD_HEADER)
    {
      const guint8 *p = dir->pending->data + used;
      gsize record_len = RECORD_HEADER + (((gsize) p[3] << 8) | p[4]);

      if (dir->pending->len - used < record_len)
        break;
      relay_record (wire, dir, p, record_len);
      used += record_len;
    }
  /* the span points into pending: send before the buffer moves */
  flush (wire, dir);
  g_byte_array_remove_range (dir->pending, 0, (guint) used);
}

/* The sender closed: pass on what is left (a torn record, as it is) and the close. */
static void
relay_eof (LabWire *wire, WireDirection *dir)
{
  int to = dir->direction == LAB_DIRECTION_CLIENT_TO_SERVER ? wire->server_fd : wire->client_fd;

  if (dir->pending->len > 0)
    {
      LabEvent *event = lab_event_new (LAB_EVENT_RECORD, LAB_SIDE_WIRE);

      event->direction = dir->direction;
      event->connection = wire->connection;
      event->content_type = dir->pending->data[0];
      event->bytes = g_bytes_new (dir->pending->data, dir->pending->len);
      event->name = g_strdup ("incomplete record");
      event->detail = g_strdup_printf ("%u bytes that never became a whole record",
                                       dir->pending->len);
      lab_trace_append (wire->trace, event);
      forward (wire, dir, dir->pending->data, dir->pending->len);
      flush (wire, dir);
      g_byte_array_set_size (dir->pending, 0);
    }
  dir->eof = TRUE;
  shutdown (to, SHUT_WR);
}

static gboolean
wait_readable (LabWire *wire, int fd)
{
  struct pollfd fds[2] = { { fd, POLLIN, 0 }, { wire->wake[0], POLLIN, 0 } };

  while (poll (fds, 2, -1) < 0)
    if (errno != EINTR)
      return FALSE;
  return !(fds[1].revents & POLLIN);
}

static void
relay_loop (LabWire *wire)
{
  guint8 *buffer = g_malloc (READ_CHUNK);

  while (!(wire->to_server.eof && wire->to_client.eof))
    {
      struct pollfd fds[3] = {
        { wire->to_server.eof ? -1 : wire->client_fd, POLLIN, 0 },
        { wire->to_client.eof ? -1 : wire->server_fd, POLLIN, 0 },
        { wire->wake[0], POLLIN, 0 },
      };

      if (poll (fds, 3, -1) < 0)
        {
          if (errno == EINTR)
            continue;
          break;
        }
      if (fds[2].revents & POLLIN)
        break;
      for (int i = 0; i < 2; i++)
        {
          WireDirection *dir = i == 0 ? &wire->to_server : &wire->to_client;
          ssize_t n;

          if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
            continue;
          n = recv (fds[i].fd, buffer, READ_CHUNK, 0);
          if (n < 0 && errno == EINTR)
            continue;
          if (n <= 0)
            {
              relay_eof (wire, dir);
              continue;
            }
          g_byte_array_append (dir->pending, buffer, (guint) n);
          relay_pending (wire, dir);
        }
    }
  g_free (buffer);
}

/* Relays one connection; FALSE when the wire must stop (aborted, or no server). */
static gboolean
relay_connection (LabWire *wire)
{
  g_autoptr (GError) error = NULL;
  int client_fd, server_fd;

  if (!wait_readable (wire, wire->listen_fd))
    return FALSE;
  client_fd = lab_socket_accept (wire->listen_fd, NULL);
  if (client_fd < 0)
    return FALSE;
  server_fd = lab_socket_connect_loopback (wire->server_port, NULL, &error);

  g_mutex_lock (&wire->lock);
  wire->client_fd = client_fd;
  wire->server_fd = server_fd;
  g_mutex_unlock (&wire->lock);

  if (server_fd < 0)
    {
      LabEvent *event = lab_event_new (LAB_EVENT_ERROR, LAB_SIDE_WIRE);
      event->name = g_strdup ("relay");
      event->detail = g_strdup (error->message);
      event->connection = wire->connection;
      lab_trace_append (wire->trace, event);
      return FALSE;
    }
  if (wire->mitm != NULL)
    lab_mitm_relay (wire->mitm, wire->trace, wire->connection, client_fd, server_fd);
  else
    relay_loop (wire);
  return TRUE;
}

static void
direction_reset (WireDirection *dir)
{
  g_byte_array_set_size (dir->pending, 0);
  g_byte_array_set_size (dir->outgoing, 0);
  dir->span = NULL;
  dir->span_len = 0;
  dir->index = 0;
  dir->ccs_seen = FALSE;
  dir->eof = FALSE;
}

/* Connection after connection on the same port, each relayed to the end and closed. */
static void
relay (LabWire *wire)
{
  for (wire->connection = 0; wire->connection < wire->n_connections; wire->connection++)
    {
      gboolean go_on = relay_connection (wire);

      g_mutex_lock (&wire->lock);
      close_fd (&wire->client_fd);
      close_fd (&wire->server_fd);
      go_on = go_on && !wire->aborted;
      g_mutex_unlock (&wire->lock);
      if (!go_on)
        return;
      direction_reset (&wire->to_server);
      direction_reset (&wire->to_client);
    }
}

static void
wire_job (gpointer data, gpointer unused)
{
  relay (data);
}

static void
wire_job_done (gpointer data, gpointer unused)
{
  LabWire *wire = data;

  g_mutex_lock (&wire->lock);
  wire->finished = TRUE;
  g_cond_broadcast (&wire->finished_cond);
  g_mutex_unlock (&wire->lock);
}

gboolean
lab_wire_wait (LabWire *wire, gint64 deadline_us)
{
  gboolean finished;

  g_mutex_lock (&wire->lock);
  while (!wire->finished)
    if (!g_cond_wait_until (&wire->finished_cond, &wire->lock, deadline_us))
      break;
  finished = wire->finished;
  g_mutex_unlock (&wire->lock);
  return finished;
}

gboolean
lab_wire_start (LabWire *wire, guint16 server_port, guint n_connections, GError **error)
{
  wire->server_port = server_port;
  wire->n_connections = n_connections;
  wire->started = TRUE;
  lab_workers_run (wire_job, wire_job_done, wire);
  return TRUE;
}

void
lab_wire_abort (LabWire *wire)
{
  const guint8 byte = 1;

  g_mutex_lock (&wire->lock);
  if (!wire->aborted)
    {
      wire->aborted = TRUE;
      if (write (wire->wake[1], &byte, 1) < 0)
        g_warning ("could not wake the wire thread: %s", g_strerror (errno));
      if (wire->client_fd >= 0)
        shutdown (wire->client_fd, SHUT_RDWR);
      if (wire->server_fd >= 0)
        shutdown (wire->server_fd, SHUT_RDWR);
    }
  g_mutex_unlock (&wire->lock);
}

void
lab_wire_join (LabWire *wire)
{
  if (wire->started)
    lab_wire_wait (wire, G_MAXINT64);
  wire->started = FALSE;
  /* The relay is over: closing both ends tells each peer the connection is gone. */
  g_mutex_lock (&wire->lock);
  close_fd (&wire->client_fd);
  close_fd (&wire->server_fd);
  g_mutex_unlock (&wire->lock);
}
