/* lab-recompute-pms.c: the pre-master secret, which only the server's private keys give:
 * agreed again from the server's ephemeral key and the client's public value (ECDHE, DHE),
 * or decrypted with the server's certificate key (RSA key transport) (HACKING.md, "What
 * OpenSSL 3.0 does"). */
#include "lab-recompute-private.h"
#include "tls/lab-crypto-autoptr.h"
#include "tls/lab-error.h"
#include "tls/lab-hex.h"
#include "tls/lab-reader.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/rsa.h>

/* RFC 4492 §5.7 / RFC 8422: ECDHE ClientKeyExchange is a 1-byte length and the point;
 * RFC 5246 §7.4.7.2: DHE's is a 2-byte length and Yc; §7.4.7.1: RSA's a 2-byte length and
 * the encrypted secret. */
static GBytes *
client_key_exchange_body (const LabEvent *cke, guint prefix)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (cke->bytes, &len);
  LabReader r, value;

  lab_reader_init (&r, data, len);
  if (!lab_reader_skip (&r, 4) || !lab_reader_vector (&r, prefix, &value, NULL))
    return NULL;
  return g_bytes_new (data + lab_reader_offset (&value), lab_reader_remaining (&value));
}

static GBytes *
derive_pms (EVP_PKEY *ours, GBytes *peer_public, GError **error)
{
  g_autoptr (EVP_PKEY) peer = EVP_PKEY_new ();
  g_autoptr (EVP_PKEY_CTX) ctx = EVP_PKEY_CTX_new_from_pkey (NULL, ours, NULL);
  gsize len = 0;
  g_autofree guint8 *out = NULL;

  ERR_clear_error ();
  if (peer == NULL || ctx == NULL || !EVP_PKEY_copy_parameters (peer, ours)
      || !EVP_PKEY_set1_encoded_public_key (peer, g_bytes_get_data (peer_public, NULL),
                                            g_bytes_get_size (peer_public))
      || EVP_PKEY_derive_init (ctx) <= 0 || EVP_PKEY_derive_set_peer (ctx, peer) <= 0
      || EVP_PKEY_derive (ctx, NULL, &len) <= 0)
    {
      lab_set_error_from_openssl (error, "agreeing on the pre-master secret");
      return NULL;
    }
  out = g_malloc (len);
  if (EVP_PKEY_derive (ctx, out, &len) <= 0)
    {
      lab_set_error_from_openssl (error, "agreeing on the pre-master secret");
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&out), len);
}

static GBytes *
decrypt_pms (EVP_PKEY *key, GBytes *encrypted, GError **error)
{
  g_autoptr (EVP_PKEY_CTX) ctx = EVP_PKEY_CTX_new_from_pkey (NULL, key, NULL);
  guint8 out[512];
  gsize len = sizeof out;

  ERR_clear_error ();
  if (ctx == NULL || EVP_PKEY_decrypt_init (ctx) <= 0
      || EVP_PKEY_CTX_set_rsa_padding (ctx, RSA_PKCS1_PADDING) <= 0
      || EVP_PKEY_decrypt (ctx, out, &len, g_bytes_get_data (encrypted, NULL),
                           g_bytes_get_size (encrypted))
           <= 0)
    {
      lab_set_error_from_openssl (error, "decrypting the pre-master secret");
      return NULL;
    }
  /* RFC 5246 §7.4.7.1: 48 bytes starting with the client's version, 03 03. */
  if (len != 48 || out[0] != 3 || out[1] != 3)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_CRYPTO,
                   "the decrypted pre-master secret is %" G_GSIZE_FORMAT " bytes, not 48 "
                   "starting 03 03",
                   len);
      return NULL;
    }
  return g_bytes_new (out, len);
}

/* The key log's "RSA <first 8 bytes of the encrypted secret> <pre-master secret>" line
 * for this encrypted secret (a renegotiation logs a second one). */
static GBytes *
keylog_rsa_pms (Recompute *rc, GBytes *encrypted)
{
  guint n = lab_trace_get_n_events (rc->trace);
  g_autofree char *prefix = g_bytes_get_size (encrypted) >= 8
                              ? lab_hex_encode (g_bytes_get_data (encrypted, NULL), 8)
                              : NULL;

  for (guint i = 0; i < n && prefix != NULL; i++)
    {
      const LabEvent *e = lab_trace_get_event (rc->trace, i);
      g_auto (GStrv) words = NULL;

      if (e->kind != LAB_EVENT_KEYLOG || g_strcmp0 (e->name, "RSA") != 0 || e->detail == NULL)
        continue;
      words = g_strsplit (e->detail, " ", -1);
      if (g_strv_length (words) == 3 && g_ascii_strcasecmp (words[1], prefix) == 0)
        return lab_hex_decode (words[2], NULL);
    }
  return NULL;
}

/* Did a man in the middle take part? Then the client's handshake was with it. */
static gboolean
has_attacker (Recompute *rc)
{
  for (guint i = 0; i < lab_trace_get_n_events (rc->trace); i++)
    if (lab_trace_get_event (rc->trace, i)->side == LAB_SIDE_ATTACKER)
      return TRUE;
  return FALSE;
}

void
lab_recompute_pre_master_secret (Recompute *rc)
{
  View *s = &rc->server;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body = NULL;
  const char *formula;

  if (s->client_key_exchange == NULL || s->suite == NULL)
    return;
  if (s->suite->kx != LAB_KX_RSA && s->suite->kx != LAB_KX_DHE && s->suite->kx != LAB_KX_ECDHE)
    {
      /* RFC 4279 §2-4, RFC 5489 §2, RFC 5054 §2.6: a secret that never crosses the wire
       * goes into the pre-master secret */
      lab_recompute_problem_new (
        rc, LAB_SIDE_SERVER, "pre_master_secret",
        s->suite->kx == LAB_KX_SRP
          ? "an SRP pre-master secret is made from the user's password, which never crosses "
            "the wire, so the lab cannot compute it; a key log's master secret is all the "
            "records need"
          : "this pre-master secret holds the pre-shared key (PSK), which never crosses the "
            "wire, so the lab cannot compute it; a key log's master secret is all the records "
            "need");
      return;
    }
  if (s->suite->kx == LAB_KX_RSA)
    {
      body = client_key_exchange_body (s->client_key_exchange, 2);
      formula = "RSA-decrypt(server private key, ClientKeyExchange.encrypted_pre_master_secret)";
      if (body && rc->openssl->server_key)
        s->pre_master_secret = decrypt_pms (rc->openssl->server_key, body, &error);
      if (s->pre_master_secret == NULL && error != NULL)
        {
          /* RFC 5246 §7.4.7.1: a server that cannot decrypt must not say so; it goes on
           * with a random secret, and the handshake fails later, at the Finished. */
          g_autofree char *why = g_strdup_printf (
            "%s. As RFC 5246 §7.4.7.1 requires, the server did not say so and went on with a "
            "random pre-master secret the lab cannot see; the handshake must fail at the "
            "Finished",
            error->message);
          lab_recompute_problem_new (rc, LAB_SIDE_SERVER, "pre_master_secret", why);
          return;
        }
    }
  else
    {
      body
        = client_key_exchange_body (s->client_key_exchange, s->suite->kx == LAB_KX_ECDHE ? 1 : 2);
      formula = s->suite->kx == LAB_KX_ECDHE
                  ? "ECDH(server ephemeral private key, ClientKeyExchange.ecdh_Yc)"
                  : "DH(server ephemeral private key, ClientKeyExchange.dh_Yc), leading zero "
                    "bytes removed";
      if (body && rc->openssl->server_ephemeral)
        s->pre_master_secret = derive_pms (rc->openssl->server_ephemeral, body, &error);
    }
  if (s->pre_master_secret == NULL)
    {
      /* a capture, or the client side of a real connection: the server's keys are its own */
      lab_recompute_problem_new (
        rc, LAB_SIDE_SERVER, "pre_master_secret",
        error != NULL ? error->message
        : rc->openssl->client.master_secret != NULL || rc->openssl->server.master_secret != NULL
          ? "the server's private key is not the lab's to know, so the pre-master "
            "secret cannot be computed; the key log gives the master secret, which "
            "is all the records need"
          : "the server's private key is not the lab's to know, so the pre-master "
            "secret cannot be computed; a key log would give the master secret, "
            "which opens the records");
      return;
    }
  /* OpenSSL exposes the pre-master secret itself nowhere but the client's RSA key-log
   * line; otherwise the master secret computed from it vouches for it (settle_inputs). */
  {
    g_autoptr (GBytes) logged = s->suite->kx == LAB_KX_RSA ? keylog_rsa_pms (rc, body) : NULL;
    s->pre_master_event = lab_recompute_secret_new (rc, LAB_SIDE_SERVER, LAB_PHASE_CLIENT_AUTH_KEYS,
                                                    "pre_master_secret", s->pre_master_secret,
                                                    formula, "client_key_exchange", body, NULL);
    if (logged != NULL)
      lab_recompute_settle_against_openssl (rc, s->pre_master_event, logged,
                                            "the client's RSA line in its key log");
  }

  /* The client agreed on the same secret if the key exchange messages crossed unchanged. */
  if (rc->client.client_key_exchange && rc->client.client_key_exchange->bytes
      && g_bytes_equal (rc->client.client_key_exchange->bytes, s->client_key_exchange->bytes)
      && (s->server_key_exchange == NULL
          || (rc->client.server_key_exchange
              && g_bytes_equal (rc->client.server_key_exchange->bytes,
                                s->server_key_exchange->bytes))))
    rc->client.pre_master_secret = g_bytes_ref (s->pre_master_secret);
  else if (has_attacker (rc))
    lab_recompute_problem_new (
      rc, LAB_SIDE_CLIENT, "pre_master_secret",
      "the client exchanged keys with the man in the middle, not with the server: "
      "its pre-master secret is the one it shares with the attacker, and only the "
      "real server's private keys are known to the lab");
  else
    lab_recompute_problem_new (
      rc, LAB_SIDE_CLIENT, "pre_master_secret",
      "the key exchange messages changed on the wire, so the client's pre-master "
      "secret differs, and only the server's private keys are known to the lab");
}
