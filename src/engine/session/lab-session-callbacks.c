/* lab-session-callbacks.c: what OpenSSL tells each peer, as trace events (on the
 * peer's own thread). */
#include "lab-session-private.h"
#include "lab-peer-config.h"
#include "engine/trace/lab-tls-event.h"
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

  /* The server's ephemeral key pair, private part included, is only to be had now, as
   * the server writes its ServerKeyExchange (HACKING.md, "The server's ephemeral key"). */
  if (content_type == SSL3_RT_HANDSHAKE && write_p && peer->side == LAB_SIDE_SERVER && len > 0
      && bytes[0] == LAB_HS_SERVER_KEY_EXCHANGE)
    {
      EVP_PKEY *key = NULL;
      LabOpensslSecrets *secrets = &peer->session->secrets[peer->connection];
      if (SSL_get_tmp_key (ssl, &key) && key != NULL)
        {
          EVP_PKEY **slot = peer->handshakes > 1 ? &secrets->renegotiation_ephemeral
                                                 : &secrets->server_ephemeral;
          g_clear_pointer (slot, EVP_PKEY_free);
          *slot = key;
        }
    }
  /* A profile OpenSSL's server would not choose an ECDSA suite with is sent only now,
   * the suite chosen: the lab's server plays one that does not check its own key usage. */
  if (content_type == SSL3_RT_HANDSHAKE && write_p && peer->side == LAB_SIDE_SERVER && len > 0
      && bytes[0] == LAB_HS_SERVER_HELLO)
    lab_peer_present_certificate (ssl, peer->session->contexts->pki);
  event = lab_tls_event_new (peer->side, write_p != 0, direction_of (sender), content_type,
                             bytes, len);
  if (event == NULL)
    return;
  event->connection = peer->connection;
  /* Handshake messages once the first handshake is done are a renegotiation's (RFC 5746),
   * and so are the alerts of a side that began one, close_notify aside. */
  if ((peer->handshake_done && (event->kind == LAB_EVENT_MESSAGE || event->kind == LAB_EVENT_CCS))
      || (peer->handshakes > 1 && event->kind == LAB_EVENT_ALERT && event->alert_description != 0))
    event->phase = LAB_PHASE_RENEGOTIATION;
  lab_trace_append (peer->session->trace, event);
}

static void
on_info (const SSL *ssl, int where, int ret)
{
  LabPeer *peer = SSL_get_app_data (ssl);
  LabEvent *event;
  const char *name;

  if (where & SSL_CB_HANDSHAKE_START)
    {
      /* a second handshake on the connection: what OpenSSL knew of the first, kept now,
       * before the second replaces it */
      if (++peer->handshakes == 2)
        lab_session_keep_openssl_view (peer, FALSE);
      name = peer->handshakes > 1 ? "renegotiation started" : "handshake started";
    }
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
