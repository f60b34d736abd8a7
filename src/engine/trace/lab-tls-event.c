/* lab-tls-event.c: OpenSSL's message callback, as trace events. */
#include "lab-tls-event.h"

#include <openssl/ssl.h>

LabEvent *
lab_tls_event_new (LabSide side, gboolean sent, LabDirection direction, int content_type,
                   const guint8 *bytes, gsize len)
{
  LabEvent *event;

  switch (content_type)
    {
    case SSL3_RT_HANDSHAKE:
      {
        const LabHandshakeTypeInfo *info = len > 0 ? lab_handshake_type_lookup (bytes[0]) : NULL;

        event = lab_event_new (LAB_EVENT_MESSAGE, side);
        event->handshake_type = len > 0 ? bytes[0] : 0;
        event->name = info ? g_strdup (info->name)
                           : g_strdup_printf ("handshake type %u", event->handshake_type);
        event->phase = info ? info->phase : LAB_PHASE_NONE;
        /* the client's Certificate belongs to client authentication, not the server's */
        if (event->handshake_type == LAB_HS_CERTIFICATE
            && direction == LAB_DIRECTION_CLIENT_TO_SERVER)
          event->phase = LAB_PHASE_CLIENT_AUTH_KEYS;
        break;
      }
    case SSL3_RT_CHANGE_CIPHER_SPEC:
      event = lab_event_new (LAB_EVENT_CCS, side);
      event->name = g_strdup ("ChangeCipherSpec");
      event->content_type = LAB_CONTENT_CHANGE_CIPHER_SPEC;
      event->phase = LAB_PHASE_FINISHED;
      break;
    case SSL3_RT_ALERT:
      {
        const LabAlertInfo *info;

        if (len != 2)
          return NULL;
        info = lab_alert_lookup (bytes[1]);
        event = lab_event_new (LAB_EVENT_ALERT, side);
        event->alert_level = bytes[0];
        event->alert_description = bytes[1];
        event->name = lab_alert_describe (bytes[1]);
        event->detail = info ? g_strdup_printf ("%s alert %s (%u)", lab_alert_level_name (bytes[0]),
                                                event->name, bytes[1])
                             : g_strdup_printf ("%s alert %s", lab_alert_level_name (bytes[0]),
                                                event->name);
        /* close_notify belongs to the record protocol; a fatal alert to wherever it struck */
        if (bytes[1] == 0)
          event->phase = LAB_PHASE_RECORD;
        break;
      }
    default:
      return NULL; /* record headers (the wire records those), TLS 1.3 inner types */
    }
  event->sent = sent;
  event->direction = direction;
  event->bytes = g_bytes_new (bytes, len);
  return event;
}
