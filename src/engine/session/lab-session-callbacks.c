/* lab-session-callbacks.c: what OpenSSL tells each peer, as trace events (on the
 * peer's own thread). */
#include "lab-session-private.h"
#include "engine/trace/lab-verify-event.h"

#include <openssl/x509_vfy.h>
#include <string.h>

static void
on_message (int write_p, int version, int content_type, const void *buf, size_t len, SSL *ssl,
            void *arg)
{
  LabPeer *peer = SSL_get_app_data (ssl);
  const guint8 *bytes = buf;
  LabSide sender = write_p ? peer->side : other_side (peer->side);
  LabEvent *event;

  switch (content_type)
    {
    case SSL3_RT_HANDSHAKE:
      {
        const LabHandshakeTypeInfo *info = len > 0 ? lab_handshake_type_lookup (bytes[0]) : NULL;

        /* The server's ephemeral key pair, private part included, is only to be had now,
         * as the server writes its ServerKeyExchange
         * (HACKING.md, "The server's ephemeral key"). */
        if (write_p && peer->side == LAB_SIDE_SERVER && len > 0
            && bytes[0] == LAB_HS_SERVER_KEY_EXCHANGE)
          {
            EVP_PKEY *key = NULL;
            LabOpensslSecrets *secrets = &peer->session->secrets[peer->connection];
            if (SSL_get_tmp_key (ssl, &key) && key != NULL)
              {
                g_clear_pointer (&secrets->server_ephemeral, EVP_PKEY_free);
                secrets->server_ephemeral = key;
              }
          }

        event = lab_event_new (LAB_EVENT_MESSAGE, peer->side);
        event->handshake_type = len > 0 ? bytes[0] : 0;
        event->name = info ? g_strdup (info->name)
                           : g_strdup_printf ("handshake type %u", event->handshake_type);
        event->phase = info ? info->phase : LAB_PHASE_NONE;
        /* the client's Certificate belongs to client authentication, not the server's */
        if (event->handshake_type == LAB_HS_CERTIFICATE && sender == LAB_SIDE_CLIENT)
          event->phase = LAB_PHASE_CLIENT_AUTH_KEYS;
        break;
      }
    case SSL3_RT_CHANGE_CIPHER_SPEC:
      event = lab_event_new (LAB_EVENT_CCS, peer->side);
      event->name = g_strdup ("ChangeCipherSpec");
      event->content_type = LAB_CONTENT_CHANGE_CIPHER_SPEC;
      event->phase = LAB_PHASE_FINISHED;
      break;
    case SSL3_RT_ALERT:
      {
        const LabAlertInfo *info;

        if (len != 2)
          return;
        info = lab_alert_lookup (bytes[1]);
        event = lab_event_new (LAB_EVENT_ALERT, peer->side);
        event->alert_level = bytes[0];
        event->alert_description = bytes[1];
        event->name = info ? g_strdup (info->name) : g_strdup_printf ("alert %u", bytes[1]);
        event->detail = g_strdup_printf ("%s alert %s (%u)", lab_alert_level_name (bytes[0]),
                                         event->name, bytes[1]);
        /* close_notify belongs to the record protocol; a fatal alert to wherever it struck */
        if (bytes[1] == 0)
          event->phase = LAB_PHASE_RECORD;
        break;
      }
    default:
      return; /* record headers (the wire records those), TLS 1.3 inner types */
    }
  event->sent = write_p != 0;
  event->direction = direction_of (sender);
  event->bytes = g_bytes_new (buf, len);
  event->connection = peer->connection;
  lab_trace_append (peer->session->trace, event);
}

static void
on_info (const SSL *ssl, int where, int ret)
{
  LabPeer *peer = SSL_get_app_data (ssl);
  LabEvent *event;
  const char *name;

  if (where & SSL_CB_HANDSHAKE_START)
    name = "handshake started";
  else if (where & SSL_CB_HANDSHAKE_DONE)
    name = "handshake done";
  else if (where & SSL_CB_LOOP)
    name = SSL_state_string_long (ssl);
  else
    return;
  event = lab_event_new (LAB_EVENT_STATE, peer->side);
  event->name = g_strdup (name);
  event->connection = peer->connection;
  lab_trace_append (peer->session->trace, event);
}

static void
on_keylog (const SSL *ssl, const char *line)
{
  LabPeer *peer = SSL_get_app_data (ssl);
  LabEvent *event = lab_event_new_keylog (peer->side, line);

  event->connection = peer->connection;
  lab_trace_append (peer->session->trace, event);
}

static int
on_verify (int ok, X509_STORE_CTX *store)
{
  SSL *ssl = X509_STORE_CTX_get_ex_data (store, SSL_get_ex_data_X509_STORE_CTX_idx ());
  LabPeer *peer = SSL_get_app_data (ssl);
  LabEvent *event = lab_verify_event_new (ok, store, peer->side);

  event->connection = peer->connection;
  lab_trace_append (peer->session->trace, event);
  return ok;
}

const LabPeerCallbacks lab_session_callbacks = { on_message, on_info, on_keylog, on_verify };
