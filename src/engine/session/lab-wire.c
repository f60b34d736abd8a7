/* lab-wire.c: the wire, as a BIO each peer's SSL writes through (see lab-wire.h). */
#include "lab-wire.h"
#include "engine/io/lab-socket.h"

#define RECORD_HEADER 5

struct _LabWire
{
  LabTrace *trace;
  GMutex lock; /* one filter call at a time: its state is shared by both directions */
  LabWireFilter filter;
  gpointer filter_data;
};

/* One direction of one connection: what its sender wrote, cut into records. Only the
 * sender's thread touches it. */
typedef struct
{
  LabWire *wire;
  int fd;
  LabDirection direction;
  guint connection;
  guint index;
  gboolean ccs_seen;    /* records after the sender's CCS are encrypted */
  guint protected_handshakes; /* encrypted handshake records: the first is the Finished,
                               * any after it a renegotiation's */
  GByteArray *pending;  /* the start of a record whose end the sender has not written yet */
  GByteArray *outgoing; /* records to send on, once one was changed ... */
  const guint8 *span;   /* ... or, while none was, where they stand in what was written */
  gsize span_len;
  const guint8 *source; /* the bytes being cut: the sender's own buffer, or pending */
  gsize source_len;
} WireSender;

LabWire *
lab_wire_new (LabTrace *trace)
{
  LabWire *wire = g_new0 (LabWire, 1);

  wire->trace = g_object_ref (trace);
  g_mutex_init (&wire->lock);
  return wire;
}

void
lab_wire_free (LabWire *wire)
{
  if (wire == NULL)
    return;
  g_clear_object (&wire->trace);
  g_mutex_clear (&wire->lock);
  g_free (wire);
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
    return g_strconcat (ct->name, ": ", hs->name, NULL);
  if (encrypted && content_type != LAB_CONTENT_CHANGE_CIPHER_SPEC)
    return g_strconcat (ct->name, " (encrypted)", NULL);
  return g_strdup (ct->name);
}

/* Records cut from one write are sent on with one send: the same bytes in the same
 * order, with fewer system calls. Records passed on unchanged are sent straight from
 * where they stand (a span); only once one is changed are they copied. */
static void
forward (WireSender *s, const guint8 *data, gsize len)
{
  gboolean in_source = data >= s->source && data + len <= s->source + s->source_len;

  /* A replacement record is freed as soon as it has been relayed: never spanned. */
  if (in_source && s->outgoing->len == 0 && (s->span == NULL || s->span + s->span_len == data))
    {
      if (s->span == NULL)
        s->span = data;
      s->span_len += len;
      return;
    }
  if (s->span != NULL)
    {
      g_byte_array_append (s->outgoing, s->span, (guint) s->span_len);
      s->span = NULL;
      s->span_len = 0;
    }
  g_byte_array_append (s->outgoing, data, (guint) len);
}

static void
flush (WireSender *s)
{
  /* forward() keeps either a span or copied records, never both. A receiver that has
   * gone is its own business; the trace shows what was sent. */
  g_assert (s->span == NULL || s->outgoing->len == 0);
  if (s->outgoing->len > 0)
    lab_socket_send_all (s->fd, s->outgoing->data, s->outgoing->len);
  else if (s->span != NULL)
    lab_socket_send_all (s->fd, s->span, s->span_len);
  g_byte_array_set_size (s->outgoing, 0);
  s->span = NULL;
  s->span_len = 0;
}

static void
relay_record (WireSender *s, const guint8 *data, gsize len)
{
  LabWire *wire = s->wire;
  LabEvent *event;

  /* Bulk data past the trace's cap: counted, and passed on untouched, without a copy,
   * unless a filter wants to see it. */
  if (wire->filter == NULL && lab_trace_count_record (wire->trace, data[0], len))
    {
      s->index++;
      forward (s, data, len);
      return;
    }
  event = lab_event_new (LAB_EVENT_RECORD, LAB_SIDE_WIRE);
  LabWireRecord record = { s->direction, s->index, data[0], s->ccs_seen, data, len,
                           s->connection };
  g_autoptr (GByteArray) replacement = NULL;
  LabWireVerdict verdict = LAB_WIRE_KEEP;
  char *action = NULL;

  event->direction = s->direction;
  event->connection = s->connection;
  event->content_type = data[0];
  event->encrypted = s->ccs_seen;
  event->bytes = g_bytes_new (data, len);
  event->phase = record_phase (s->direction, data[0], s->ccs_seen, data + RECORD_HEADER,
                               len - RECORD_HEADER);
  /* a handshake record after the Finished, or a ChangeCipherSpec under encryption, belongs
   * to a second handshake inside the connection (RFC 5746) */
  if (s->ccs_seen
      && ((data[0] == LAB_CONTENT_HANDSHAKE && s->protected_handshakes > 0)
          || data[0] == LAB_CONTENT_CHANGE_CIPHER_SPEC))
    event->phase = LAB_PHASE_RENEGOTIATION;
  if (s->ccs_seen && data[0] == LAB_CONTENT_HANDSHAKE)
    s->protected_handshakes++;
  event->name = record_name (data[0], s->ccs_seen, data + RECORD_HEADER, len - RECORD_HEADER);
  event->detail = g_strdup_printf ("record %u of this direction, %" G_GSIZE_FORMAT " bytes",
                                   s->index, len);

  if (wire->filter != NULL)
    {
      replacement = g_byte_array_new ();
      g_mutex_lock (&wire->lock);
      verdict = wire->filter (&record, replacement, &action, wire->filter_data);
      g_mutex_unlock (&wire->lock);
    }
  event->wire_action = action;
  if (verdict == LAB_WIRE_REPLACE)
    event->forwarded = g_bytes_new (replacement->data, replacement->len);
  else if (verdict == LAB_WIRE_DROP)
    event->forwarded = g_bytes_new (NULL, 0);

  if (data[0] == LAB_CONTENT_CHANGE_CIPHER_SPEC)
    s->ccs_seen = TRUE;
  s->index++;
  lab_trace_append (wire->trace, event);

  if (verdict == LAB_WIRE_KEEP)
    forward (s, data, len);
  else if (verdict == LAB_WIRE_REPLACE)
    forward (s, replacement->data, replacement->len);
}

/* Relays the whole records at the front of data, sends them on, and says how many
 * bytes they took. */
static gsize
relay_whole_records (WireSender *s, const guint8 *data, gsize len)
{
  gsize used = 0;

  s->source = data;
  s->source_len = len;
  while (len - used >= RECORD_HEADER)
    {
      const guint8 *p = data + used;
      gsize record_len = RECORD_HEADER + (((gsize) p[3] << 8) | p[4]);

      if (len - used < record_len)
        break;
      relay_record (s, p, record_len);
      used += record_len;
    }
  /* a span points into data: send before it moves */
  flush (s);
  s->source = NULL;
  s->source_len = 0;
  return used;
}

/* OpenSSL writes whole records, though a flight larger than its buffer may come in
 * pieces that split one; those wait in pending for their end. */
static int
wire_bio_write (BIO *bio, const char *data, int len)
{
  WireSender *s = BIO_get_data (bio);
  const guint8 *bytes = (const guint8 *) data;
  gsize used;

  BIO_clear_retry_flags (bio);
  if (len <= 0)
    return 0;
  if (s->pending->len == 0)
    {
      used = relay_whole_records (s, bytes, (gsize) len);
      if (used < (gsize) len)
        g_byte_array_append (s->pending, bytes + used, (guint) ((gsize) len - used));
    }
  else
    {
      g_byte_array_append (s->pending, bytes, (guint) len);
      used = relay_whole_records (s, s->pending->data, s->pending->len);
      g_byte_array_remove_range (s->pending, 0, (guint) used);
    }
  return len;
}

static long
wire_bio_ctrl (BIO *bio, int cmd, long num, void *ptr)
{
  WireSender *s = BIO_get_data (bio);

  switch (cmd)
    {
    case BIO_CTRL_FLUSH:
      return 1; /* every write is sent on before it returns */
    case BIO_C_GET_FD:
      if (ptr != NULL)
        *(int *) ptr = s->fd;
      return s->fd;
    case BIO_CTRL_GET_CLOSE:
      return BIO_get_shutdown (bio);
    case BIO_CTRL_SET_CLOSE:
      BIO_set_shutdown (bio, (int) num);
      return 1;
    default:
      return 0;
    }
}

/* A sender that stops in the middle of a record (only a broken one would) still has its
 * bytes shown, and sent, as they are. */
static int
wire_bio_destroy (BIO *bio)
{
  WireSender *s = BIO_get_data (bio);

  if (s == NULL)
    return 1;
  if (s->pending->len > 0)
    {
      LabEvent *event = lab_event_new (LAB_EVENT_RECORD, LAB_SIDE_WIRE);

      event->direction = s->direction;
      event->connection = s->connection;
      event->content_type = s->pending->data[0];
      event->bytes = g_bytes_new (s->pending->data, s->pending->len);
      event->name = g_strdup ("incomplete record");
      event->detail = g_strdup_printf ("%u bytes that never became a whole record",
                                       s->pending->len);
      lab_trace_append (s->wire->trace, event);
      lab_socket_send_all (s->fd, s->pending->data, s->pending->len);
    }
  g_byte_array_unref (s->pending);
  g_byte_array_unref (s->outgoing);
  g_free (s);
  BIO_set_data (bio, NULL);
  return 1;
}

static BIO_METHOD *
wire_bio_method (void)
{
  static gsize method;

  if (g_once_init_enter (&method))
    {
      /* a descriptor BIO, so that SSL_get_wfd() still finds the socket */
      BIO_METHOD *m = BIO_meth_new (BIO_get_new_index () | BIO_TYPE_SOURCE_SINK
                                      | BIO_TYPE_DESCRIPTOR,
                                    "handshake lab wire");

      BIO_meth_set_write (m, wire_bio_write);
      BIO_meth_set_ctrl (m, wire_bio_ctrl);
      BIO_meth_set_destroy (m, wire_bio_destroy);
      g_once_init_leave (&method, (gsize) m);
    }
  return (BIO_METHOD *) method;
}

BIO *
lab_wire_bio_new (LabWire *wire, LabDirection direction, guint connection, int fd)
{
  BIO *bio = BIO_new (wire_bio_method ());
  WireSender *s;

  if (bio == NULL)
    return NULL;
  s = g_new0 (WireSender, 1);
  s->wire = wire;
  s->fd = fd;
  s->direction = direction;
  s->connection = connection;
  s->pending = g_byte_array_new ();
  s->outgoing = g_byte_array_new ();
  BIO_set_data (bio, s);
  BIO_set_init (bio, 1);
  return bio;
}
