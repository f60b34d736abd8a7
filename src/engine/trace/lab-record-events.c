/* lab-record-events.c: records and views for traces built from outside the lab's runs. */
#include "lab-record-events.h"
#include "tls/lab-error.h"
#include "tls/lab-reader.h"

void
lab_record_stream_init (LabRecordStream *stream)
{
  *stream = (LabRecordStream){ .pending = g_byte_array_new (), .handshake = g_byte_array_new () };
}

void
lab_record_stream_clear (LabRecordStream *stream)
{
  g_clear_pointer (&stream->pending, g_byte_array_unref);
  g_clear_pointer (&stream->handshake, g_byte_array_unref);
}

/* RFC 5246 §6.2.1: a known content type, a 3.x version (a ClientHello's record may say
 * 3.1, RFC 5246 App. E.1) and a length a peer may send (§6.2.3). */
static gboolean
header_is_valid (const guint8 *h)
{
  guint16 length = (guint16) (h[3] << 8 | h[4]);

  return h[0] >= LAB_CONTENT_CHANGE_CIPHER_SPEC && h[0] <= LAB_CONTENT_HEARTBEAT && h[1] == 3
         && h[2] <= 4 && length <= LAB_RECORD_MAX_FRAGMENT;
}

gboolean
lab_record_stream_feed (LabRecordStream *stream, const guint8 *data, gsize len,
                        LabRecordFunc func, gpointer user_data, GError **error)
{
  gsize used = 0;

  if (stream->broken)
    return TRUE;
  g_byte_array_append (stream->pending, data, (guint) len);
  while (stream->pending->len - used >= LAB_RECORD_HEADER_LENGTH)
    {
      const guint8 *h = stream->pending->data + used;
      gsize record_len = LAB_RECORD_HEADER_LENGTH + (gsize) (h[3] << 8 | h[4]);

      if (!header_is_valid (h))
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
                       "byte %" G_GUINT64_FORMAT " of the stream: %02x %02x %02x %02x %02x is "
                       "not a TLS record header (RFC 5246 §6.2.1: content type 20-24, version "
                       "3.x, at most %u bytes)",
                       stream->offset + used, h[0], h[1], h[2], h[3], h[4],
                       LAB_RECORD_MAX_FRAGMENT);
          stream->broken = TRUE;
          g_byte_array_set_size (stream->pending, 0);
          return FALSE;
        }
      if (stream->pending->len - used < record_len)
        break;
      stream->records++;
      func (h, record_len, user_data);
      if (h[0] == LAB_CONTENT_CHANGE_CIPHER_SPEC)
        stream->ccs_seen = TRUE;
      used += record_len;
    }
  g_byte_array_remove_range (stream->pending, 0, (guint) used);
  stream->offset += used;
  return TRUE;
}

gboolean
lab_record_stream_messages (LabRecordStream *stream, const guint8 *fragment, gsize len,
                            LabMessageFunc func, gpointer user_data, GError **error)
{
  GByteArray *buffer = stream->handshake;
  gsize used = 0;

  g_byte_array_append (buffer, fragment, (guint) len);
  /* RFC 5246 §7.4: msg_type (1 byte), length (3 bytes), body. */
  while (buffer->len - used >= 4)
    {
      LabReader r;
      guint32 body;

      lab_reader_init (&r, buffer->data + used, buffer->len - used);
      lab_reader_skip (&r, 1);
      lab_reader_u24 (&r, &body);
      if (body > LAB_HANDSHAKE_MAX_MESSAGE)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
                       "a handshake message (type %u) claims %u bytes; the lab holds at most %u",
                       buffer->data[used], body, LAB_HANDSHAKE_MAX_MESSAGE);
          g_byte_array_set_size (buffer, 0);
          return FALSE;
        }
      if (buffer->len - used < 4 + (gsize) body)
        break;
      func (buffer->data + used, 4 + body, user_data);
      used += 4 + body;
    }
  g_byte_array_remove_range (buffer, 0, (guint) used);
  return TRUE;
}

LabSide
lab_side_other (LabSide side)
{
  return side == LAB_SIDE_CLIENT ? LAB_SIDE_SERVER : LAB_SIDE_CLIENT;
}

LabDirection
lab_direction_from (LabSide sender)
{
  return sender == LAB_SIDE_CLIENT ? LAB_DIRECTION_CLIENT_TO_SERVER
                                   : LAB_DIRECTION_SERVER_TO_CLIENT;
}

/* Where a record sits in the taught handshake, from what is visible of it. */
static LabPhase
record_phase (guint8 type, gboolean encrypted, const guint8 *fragment, gsize len)
{
  const LabHandshakeTypeInfo *info;

  if (type == LAB_CONTENT_APPLICATION_DATA)
    return LAB_PHASE_RECORD;
  if (type == LAB_CONTENT_CHANGE_CIPHER_SPEC || (type == LAB_CONTENT_HANDSHAKE && encrypted))
    return LAB_PHASE_FINISHED;
  info = type == LAB_CONTENT_HANDSHAKE && len > 0 ? lab_handshake_type_lookup (fragment[0])
                                                  : NULL;
  return info ? info->phase : LAB_PHASE_NONE; /* alerts: wherever the connection is */
}

LabEvent *
lab_record_event_new (LabDirection direction, const guint8 *record, gsize len,
                      gboolean encrypted, const char *where)
{
  LabEvent *event = lab_event_new (LAB_EVENT_RECORD, LAB_SIDE_WIRE);
  const guint8 *fragment = record + LAB_RECORD_HEADER_LENGTH;
  gsize fragment_len = len - LAB_RECORD_HEADER_LENGTH;
  const LabContentTypeInfo *ct = lab_content_type_lookup (record[0]);
  const LabHandshakeTypeInfo *hs = NULL;

  event->direction = direction;
  event->content_type = record[0];
  event->encrypted = encrypted && record[0] != LAB_CONTENT_CHANGE_CIPHER_SPEC;
  event->bytes = g_bytes_new (record, len);
  event->phase = record_phase (record[0], event->encrypted, fragment, fragment_len);
  if (record[0] == LAB_CONTENT_HANDSHAKE && !event->encrypted && fragment_len > 0)
    hs = lab_handshake_type_lookup (fragment[0]);
  if (ct == NULL)
    event->name = g_strdup_printf ("unknown content type %u", record[0]);
  else if (hs != NULL)
    event->name = g_strdup_printf ("%s: %s", ct->name, hs->name);
  else
    event->name = g_strdup_printf ("%s%s", ct->name, event->encrypted ? " (encrypted)" : "");
  event->detail = g_strdup_printf ("%s%s%" G_GSIZE_FORMAT " bytes", where ? where : "",
                                   where ? ", " : "", len);
  return event;
}

LabEvent *
lab_view_event_new (LabEventKind kind, LabSide sender, LabSide side, const guint8 *data,
                    gsize len)
{
  LabEvent *event = lab_event_new (kind, side);
  gboolean sent = side == sender;

  event->sent = sent;
  event->direction = lab_direction_from (sender);
  event->bytes = g_bytes_new (data, len);
  switch (kind)
    {
    case LAB_EVENT_MESSAGE:
      {
        const LabHandshakeTypeInfo *info = len > 0 ? lab_handshake_type_lookup (data[0]) : NULL;

        event->handshake_type = len > 0 ? data[0] : 0;
        event->name = info ? g_strdup (info->name)
                           : g_strdup_printf ("handshake type %u", event->handshake_type);
        event->phase = info ? info->phase : LAB_PHASE_NONE;
        /* the client's Certificate answers a CertificateRequest: client authentication */
        if (sender == LAB_SIDE_CLIENT && event->handshake_type == LAB_HS_CERTIFICATE)
          event->phase = LAB_PHASE_CLIENT_AUTH_KEYS;
        break;
      }
    case LAB_EVENT_CCS:
      event->name = g_strdup ("ChangeCipherSpec");
      event->content_type = LAB_CONTENT_CHANGE_CIPHER_SPEC;
      event->phase = LAB_PHASE_FINISHED;
      break;
    case LAB_EVENT_ALERT:
      {
        const LabAlertInfo *info = len == 2 ? lab_alert_lookup (data[1]) : NULL;

        event->alert_level = len == 2 ? data[0] : 0;
        event->alert_description = len == 2 ? data[1] : 0;
        event->name = lab_alert_describe (event->alert_description);
        event->detail = info ? g_strdup_printf ("%s alert %s (%u)",
                                                lab_alert_level_name (event->alert_level),
                                                event->name, event->alert_description)
                             : g_strdup_printf ("%s alert %s",
                                                lab_alert_level_name (event->alert_level),
                                                event->name);
        /* close_notify belongs to the record protocol; a fatal alert to where it struck */
        if (event->alert_description == 0)
          event->phase = LAB_PHASE_RECORD;
        break;
      }
    case LAB_EVENT_APP_DATA:
      event->phase = LAB_PHASE_RECORD;
      event->name = g_strdup (sent ? "application data sent" : "application data received");
      event->detail = g_strdup_printf ("%" G_GSIZE_FORMAT " bytes", len);
      break;
    default:
      g_return_val_if_reached (event);
    }
  return event;
}

void
lab_trace_append_both_views (LabTrace *trace, LabEventKind kind, LabSide sender,
                             const guint8 *data, gsize len)
{
  lab_trace_append (trace, lab_view_event_new (kind, sender, sender, data, len));
  lab_trace_append (trace, lab_view_event_new (kind, sender, lab_side_other (sender), data, len));
}

void
lab_trace_append_problem (LabTrace *trace, LabPhase phase, const char *name, const char *detail)
{
  LabEvent *event = lab_event_new (LAB_EVENT_ERROR, LAB_SIDE_LAB);

  event->phase = phase;
  event->name = g_strdup (name);
  event->detail = g_strdup (detail);
  lab_trace_append (trace, event);
}
