/* lab-recompute.c: the lab takes nothing on faith (issue "Every secret recomputed").
 *
 * Each side's view is recomputed from that side's own transcript, so when the wire
 * changed a message the two views differ exactly as the peers' did. OpenSSL exposes the
 * master secret and the Finished values of each side; the pre-master secret only in the
 * RSA key-log line; key-block parts not at all, but every record opening authentic with
 * them proves them. */
#include "lab-recompute.h"
#include "tls/lab-crypto-autoptr.h"
#include "tls/lab-dissect.h"
#include "tls/lab-error.h"
#include "tls/lab-hex.h"
#include "tls/lab-key-schedule.h"
#include "tls/lab-reader.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/rsa.h>
#include <string.h>

#define EXT_ENCRYPT_THEN_MAC 22
#define EXT_EXTENDED_MASTER_SECRET 23

/* One side's view of the handshake, as it saw the messages. */
typedef struct
{
  LabSide side;
  GPtrArray *messages; /* const LabEvent*, in order, sent and received */
  const LabEvent *client_hello, *server_hello, *server_key_exchange, *client_key_exchange;
  GBytes *client_random, *server_random;
  const LabCipherSuite *suite;
  gboolean ems, etm;
  GBytes *pre_master_secret;
  GBytes *master_secret;
  LabKeyBlock *keys;
  GBytes *verify_data; /* of the Finished this side sent, as the lab computed it */
} View;

typedef struct
{
  LabTrace *trace;
  const LabOpensslSecrets *openssl;
  guint connection;
  gboolean renegotiation; /* the second handshake on the connection (RFC 5746), not the first */
  View client, server;
  View first_client, first_server; /* the first handshake's, while the second is computed */
  GBytes *session_master_secret[2]; /* per side, from the connection that made the session */
} Recompute;

void
lab_openssl_secrets_clear (LabOpensslSecrets *s)
{
  g_clear_pointer (&s->server_ephemeral, EVP_PKEY_free);
  g_clear_pointer (&s->server_key, EVP_PKEY_free);
  g_clear_pointer (&s->client.master_secret, g_bytes_unref);
  g_clear_pointer (&s->client.finished, g_bytes_unref);
  g_clear_pointer (&s->server.master_secret, g_bytes_unref);
  g_clear_pointer (&s->server.finished, g_bytes_unref);
  g_clear_pointer (&s->renegotiation_ephemeral, EVP_PKEY_free);
  g_clear_pointer (&s->client_renegotiation.master_secret, g_bytes_unref);
  g_clear_pointer (&s->client_renegotiation.finished, g_bytes_unref);
  g_clear_pointer (&s->server_renegotiation.master_secret, g_bytes_unref);
  g_clear_pointer (&s->server_renegotiation.finished, g_bytes_unref);
}

static void
view_clear (View *v)
{
  g_clear_pointer (&v->messages, g_ptr_array_unref);
  g_clear_pointer (&v->client_random, g_bytes_unref);
  g_clear_pointer (&v->server_random, g_bytes_unref);
  g_clear_pointer (&v->pre_master_secret, g_bytes_unref);
  g_clear_pointer (&v->master_secret, g_bytes_unref);
  g_clear_pointer (&v->keys, lab_key_block_free);
  g_clear_pointer (&v->verify_data, g_bytes_unref);
}

/* ---- reading the view ---- */

static GBytes *
slice (const LabEvent *e, gsize offset, gsize len)
{
  if (e == NULL || g_bytes_get_size (e->bytes) < offset + len)
    return NULL;
  return g_bytes_new_from_bytes (e->bytes, offset, len);
}

/* The ServerHello's suite and whether it agreed to EMS and EtM (RFC 5246 §7.4.1.3,
 * RFC 7627 §5.1, RFC 7366 §2). */
static void
read_server_hello (View *v)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (v->server_hello->bytes, &len);
  LabReader r, sid, exts;
  guint16 suite;

  lab_reader_init (&r, data, len);
  if (!lab_reader_skip (&r, 4 + 2 + 32) || !lab_reader_vector (&r, 1, &sid, NULL)
      || !lab_reader_u16 (&r, &suite) || !lab_reader_skip (&r, 1))
    return;
  v->suite = lab_cipher_suite_lookup (suite);
  if (!lab_reader_vector (&r, 2, &exts, NULL))
    return;
  while (lab_reader_remaining (&exts) >= 4)
    {
      guint16 type;
      LabReader body;

      if (!lab_reader_u16 (&exts, &type) || !lab_reader_vector (&exts, 2, &body, NULL))
        return;
      v->ems |= type == EXT_EXTENDED_MASTER_SECRET;
      v->etm |= type == EXT_ENCRYPT_THEN_MAC;
    }
}

static void
view_read (Recompute *rc, View *v, LabSide side)
{
  guint n = lab_trace_get_n_events (rc->trace);

  gboolean sent_finished = FALSE, got_finished = FALSE;

  v->side = side;
  v->messages = g_ptr_array_new ();
  for (guint i = 0; i < n; i++)
    {
      const LabEvent *e = lab_trace_get_event (rc->trace, i);
      const LabEvent **slot = NULL;
      gboolean second;

      if (e->kind != LAB_EVENT_MESSAGE || e->side != side || e->connection != rc->connection
          || e->handshake_type == LAB_HS_HELLO_REQUEST)
        continue;
      /* once this side has sent and received a Finished, the first handshake is over:
       * what follows on the connection is a renegotiation's */
      second = sent_finished && got_finished;
      if (!second && e->handshake_type == LAB_HS_FINISHED)
        {
          sent_finished |= e->sent;
          got_finished |= !e->sent;
        }
      if (second != rc->renegotiation)
        continue;
      g_ptr_array_add (v->messages, (gpointer) e);
      switch (e->handshake_type)
        {
        case LAB_HS_CLIENT_HELLO: slot = &v->client_hello; break;
        case LAB_HS_SERVER_HELLO: slot = &v->server_hello; break;
        case LAB_HS_SERVER_KEY_EXCHANGE: slot = &v->server_key_exchange; break;
        case LAB_HS_CLIENT_KEY_EXCHANGE: slot = &v->client_key_exchange; break;
        default: break;
        }
      if (slot != NULL && *slot == NULL)
        *slot = e;
    }
  v->client_random = slice (v->client_hello, 6, LAB_RANDOM_LENGTH);
  v->server_random = slice (v->server_hello, 6, LAB_RANDOM_LENGTH);
  if (v->server_hello != NULL)
    read_server_hello (v);
  v->etm = v->etm && v->suite != NULL && v->suite->protection == LAB_RECORD_CBC;
}

/* The concatenated messages of a view from the first up to (and with) `last`, or up to
 * (without) `before`. */
static GBytes *
transcript (View *v, const LabEvent *last, const LabEvent *before)
{
  g_autoptr (GByteArray) out = g_byte_array_new ();

  for (guint i = 0; i < v->messages->len; i++)
    {
      const LabEvent *e = g_ptr_array_index (v->messages, i);
      gsize len;
      const guint8 *data;

      if (e == before)
        break;
      data = g_bytes_get_data (e->bytes, &len);
      g_byte_array_append (out, data, (guint) len);
      if (e == last)
        break;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* ---- events ---- */

static LabMatch
compare (GBytes *ours, GBytes *openssl)
{
  if (openssl == NULL || ours == NULL)
    return LAB_MATCH_NOT_CHECKED;
  return g_bytes_equal (ours, openssl) ? LAB_MATCH_YES : LAB_MATCH_NO;
}

static const char *
view_words (LabSide side)
{
  return side == LAB_SIDE_CLIENT ? "the client's view" : "the server's view";
}

static void
append_secret (Recompute *rc, LabSide side, LabPhase phase, const char *name, GBytes *value,
               const char *formula, LabMatch match, ...)
{
  LabEvent *event = lab_event_new (LAB_EVENT_SECRET, side);
  va_list args;
  const char *input;

  event->phase = rc->renegotiation ? LAB_PHASE_RENEGOTIATION : phase;
  event->connection = rc->connection;
  event->name = g_strdup (name);
  /* a capture has no OpenSSL behind it: only its key log, which gives the master secret */
  event->detail = g_strconcat (view_words (side), rc->renegotiation ? " of the renegotiation" : "",
                               ", ",
                               match == LAB_MATCH_YES   ? "equals OpenSSL's own"
                               : match == LAB_MATCH_NO  ? "DIFFERS from OpenSSL's"
                               : lab_trace_is_from_capture (rc->trace)
                                 ? "nothing in the capture to check it against"
                                 : "OpenSSL does not expose it",
                               NULL);
  event->bytes = value ? g_bytes_ref (value) : NULL;
  event->formula = g_strdup (formula);
  event->match = match;
  va_start (args, match);
  while ((input = va_arg (args, const char *)) != NULL)
    lab_event_add_input (event, input, va_arg (args, GBytes *));
  va_end (args);
  lab_trace_append (rc->trace, event);

  if (match == LAB_MATCH_NO)
    {
      LabEvent *error = lab_event_new (LAB_EVENT_ERROR, LAB_SIDE_LAB);
      error->phase = event->phase;
      error->connection = rc->connection;
      error->name = g_strdup ("recomputation disagrees");
      error->detail = g_strdup_printf ("the lab's %s (%s%s) differs from the value OpenSSL used",
                                       name, view_words (side),
                                       rc->renegotiation ? " of the renegotiation" : "");
      lab_trace_append (rc->trace, error);
    }
}

static void
append_problem (Recompute *rc, LabSide side, const char *name, const char *why)
{
  LabEvent *event = lab_event_new (LAB_EVENT_SECRET, side);

  event->phase = rc->renegotiation ? LAB_PHASE_RENEGOTIATION : LAB_PHASE_CLIENT_AUTH_KEYS;
  event->connection = rc->connection;
  event->name = g_strdup (name);
  event->detail = g_strdup_printf ("%s%s: %s", view_words (side),
                                   rc->renegotiation ? " of the renegotiation" : "", why);
  event->match = LAB_MATCH_NOT_CHECKED;
  lab_trace_append (rc->trace, event);
}

/* ---- the pre-master secret (server side: only the server's secrets are known) ---- */

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
                           g_bytes_get_size (encrypted)) <= 0)
    {
      lab_set_error_from_openssl (error, "decrypting the pre-master secret");
      return NULL;
    }
  /* RFC 5246 §7.4.7.1: 48 bytes starting with the client's version, 03 03. */
  if (len != 48 || out[0] != 3 || out[1] != 3)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_CRYPTO,
                   "the decrypted pre-master secret is %" G_GSIZE_FORMAT " bytes, not 48 "
                   "starting 03 03", len);
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

static void
recompute_pms (Recompute *rc)
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
      append_problem (rc, LAB_SIDE_SERVER, "pre_master_secret",
                      s->suite->kx == LAB_KX_SRP
                        ? "an SRP pre-master secret is made from the user's password, which "
                          "never crosses the wire, so the lab cannot compute it; a key log's "
                          "master secret is all the records need"
                        : "this pre-master secret holds the pre-shared key (PSK), which never "
                          "crosses the wire, so the lab cannot compute it; a key log's master "
                          "secret is all the records need");
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
            "Finished", error->message);
          append_problem (rc, LAB_SIDE_SERVER, "pre_master_secret", why);
          return;
        }
    }
  else
    {
      body = client_key_exchange_body (s->client_key_exchange,
                                       s->suite->kx == LAB_KX_ECDHE ? 1 : 2);
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
      append_problem (rc, LAB_SIDE_SERVER, "pre_master_secret",
                      error != NULL ? error->message
                      : rc->openssl->client.master_secret != NULL
                          || rc->openssl->server.master_secret != NULL
                        ? "the server's private key is not the lab's to know, so the pre-master "
                          "secret cannot be computed; the key log gives the master secret, which "
                          "is all the records need"
                        : "the server's private key is not the lab's to know, so the pre-master "
                          "secret cannot be computed; a key log would give the master secret, "
                          "which opens the records");
      return;
    }
  /* OpenSSL exposes the pre-master secret itself nowhere but the RSA key-log line. */
  {
    g_autoptr (GBytes) logged = s->suite->kx == LAB_KX_RSA ? keylog_rsa_pms (rc, body) : NULL;
    append_secret (rc, LAB_SIDE_SERVER, LAB_PHASE_CLIENT_AUTH_KEYS, "pre_master_secret",
                   s->pre_master_secret, formula, compare (s->pre_master_secret, logged),
                   "client_key_exchange", body, NULL);
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
    append_problem (rc, LAB_SIDE_CLIENT, "pre_master_secret",
                    "the client exchanged keys with the man in the middle, not with the server: "
                    "its pre-master secret is the one it shares with the attacker, and only the "
                    "real server's private keys are known to the lab");
  else
    append_problem (rc, LAB_SIDE_CLIENT, "pre_master_secret",
                    "the key exchange messages changed on the wire, so the client's pre-master "
                    "secret differs, and only the server's private keys are known to the lab");
}

/* ---- master secret, key block, Finished ---- */

static void
recompute_master_secret (Recompute *rc, View *v, const LabOpensslView *openssl)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LabSecret) ms = NULL;

  if (v->suite == NULL || v->client_random == NULL || v->server_random == NULL)
    return;
  if (v->client_key_exchange == NULL && rc->session_master_secret[v->side] != NULL)
    {
      /* An abbreviated handshake (RFC 5246 §7.3): no key exchange at all; the session's
       * master secret is used again, with this connection's fresh randoms. */
      v->master_secret = g_bytes_ref (rc->session_master_secret[v->side]);
      append_secret (rc, v->side, LAB_PHASE_NEGOTIATION, "master_secret", v->master_secret,
                     "the master secret of the session being resumed, made in the first "
                     "connection", compare (v->master_secret, openssl->master_secret), NULL);
      return;
    }
  if (v->pre_master_secret == NULL)
    {
      /* No pre-master secret (a capture, or the client side of a real connection): a
       * master secret from a key log still opens every record. */
      if (openssl->master_secret != NULL)
        {
          v->master_secret = g_bytes_ref (openssl->master_secret);
          append_secret (rc, v->side, LAB_PHASE_CLIENT_AUTH_KEYS, "master_secret",
                         v->master_secret, "from the key log (CLIENT_RANDOM line)",
                         LAB_MATCH_NOT_CHECKED, "client_random", v->client_random, NULL);
        }
      return;
    }
  if (v->ems)
    {
      g_autoptr (GBytes) messages = transcript (v, v->client_key_exchange, NULL);
      g_autoptr (LabSecret) hash = lab_transcript_hash (v->suite->prf_hash, messages, &error);

      if (hash == NULL)
        return;
      append_secret (rc, v->side, LAB_PHASE_CLIENT_AUTH_KEYS, "session_hash", hash->value,
                     hash->formula, LAB_MATCH_NOT_CHECKED, "handshake_messages", messages, NULL);
      ms = lab_extended_master_secret (v->suite->prf_hash, v->pre_master_secret, hash->value,
                                       &error);
      if (ms != NULL)
        append_secret (rc, v->side, LAB_PHASE_CLIENT_AUTH_KEYS, "master_secret", ms->value,
                       ms->formula, compare (ms->value, openssl->master_secret),
                       "pre_master_secret", v->pre_master_secret, "session_hash", hash->value,
                       NULL);
    }
  else
    {
      ms = lab_master_secret (v->suite->prf_hash, v->pre_master_secret, v->client_random,
                              v->server_random, &error);
      if (ms != NULL)
        append_secret (rc, v->side, LAB_PHASE_CLIENT_AUTH_KEYS, "master_secret", ms->value,
                       ms->formula, compare (ms->value, openssl->master_secret),
                       "pre_master_secret", v->pre_master_secret, "client_random",
                       v->client_random, "server_random", v->server_random, NULL);
    }
  if (ms == NULL)
    {
      append_problem (rc, v->side, "master_secret", error->message);
      return;
    }
  v->master_secret = g_bytes_ref (ms->value);
}

static void
recompute_key_block (Recompute *rc, View *v)
{
  g_autoptr (GError) error = NULL;

  if (v->master_secret == NULL)
    return;
  v->keys = lab_key_block_derive (v->suite, v->master_secret, v->client_random,
                                  v->server_random, &error);
  if (v->keys == NULL)
    {
      append_problem (rc, v->side, "key_block", error->message);
      return;
    }
  append_secret (rc, v->side, LAB_PHASE_CLIENT_AUTH_KEYS, "key_block", v->keys->key_block->value,
                 v->keys->key_block->formula, LAB_MATCH_NOT_CHECKED, "master_secret",
                 v->master_secret, "server_random", v->server_random, "client_random",
                 v->client_random, NULL);
  for (int i = 0; i < LAB_KEY_N_PARTS; i++)
    {
      const LabSecret *part = v->keys->parts[i];
      if (part != NULL && g_bytes_get_size (part->value) > 0)
        append_secret (rc, v->side, LAB_PHASE_CLIENT_AUTH_KEYS, part->name, part->value,
                       part->formula, LAB_MATCH_NOT_CHECKED, NULL);
    }
}

/* verify_data = PRF(ms, label, Hash(every message before this Finished)) (RFC 5246
 * §7.4.9), for the Finished this side sent: the client's first in a full handshake, the
 * server's first in an abbreviated one. */
static void
recompute_finished (Recompute *rc, View *v, const LabOpensslView *openssl)
{
  gboolean client = v->side == LAB_SIDE_CLIENT;
  const char *name = client ? "client_verify_data" : "server_verify_data";
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) messages = NULL;
  g_autoptr (LabSecret) hash = NULL;
  g_autoptr (LabSecret) verify = NULL;
  const LabEvent *finished = NULL;

  if (v->master_secret == NULL)
    return;
  for (guint i = 0; i < v->messages->len && finished == NULL; i++)
    {
      const LabEvent *e = g_ptr_array_index (v->messages, i);
      if (e->handshake_type == LAB_HS_FINISHED && e->sent)
        finished = e;
    }
  if (finished == NULL)
    return; /* this side never got that far */
  messages = transcript (v, NULL, finished);
  hash = lab_transcript_hash (v->suite->prf_hash, messages, &error);
  if (hash != NULL)
    verify = lab_verify_data (v->suite->prf_hash, client ? LAB_FINISHED_CLIENT : LAB_FINISHED_SERVER,
                              v->master_secret, hash->value, &error);
  if (verify == NULL)
    {
      append_problem (rc, v->side, name, error->message);
      return;
    }
  append_secret (rc, v->side, LAB_PHASE_FINISHED, name, verify->value, verify->formula,
                 compare (verify->value, openssl->finished), "master_secret", v->master_secret,
                 "handshake_hash", hash->value, NULL);
  v->verify_data = g_bytes_ref (verify->value);
}

/* ---- renegotiation (RFC 5746) ---- */

/* The renegotiated_connection a hello carried in its renegotiation_info, or NULL. */
static GBytes *
carried_verify_data (const LabEvent *hello, const char *message)
{
  g_autoptr (LabField) tree = hello ? lab_dissect_message (hello->bytes, &(LabDissectOptions){ 0 })
                                    : NULL;
  g_autofree char *path = g_strdup_printf ("%s.extensions.renegotiation_info."
                                           "renegotiated_connection",
                                           message);
  const LabField *field = tree ? lab_field_lookup (tree, path) : NULL;
  gsize len;
  const guint8 *data = field ? lab_field_get_data (field, &len) : NULL;

  return data ? g_bytes_new (data, len) : NULL;
}

/* A renegotiation is tied to the handshake before it: the client's hello carries that
 * handshake's client_verify_data (§3.5), the server's both verify_data values (§3.7). The
 * lab checks them against the values it computed for the first handshake. */
static void
check_renegotiation_info (Recompute *rc)
{
  const View *first_client = &rc->first_client, *first_server = &rc->first_server;
  g_autoptr (GBytes) in_client_hello = carried_verify_data (rc->client.client_hello,
                                                             "ClientHello");
  g_autoptr (GBytes) in_server_hello = carried_verify_data (rc->server.server_hello,
                                                             "ServerHello");
  g_autoptr (GByteArray) both = g_byte_array_new ();
  g_autoptr (GBytes) expected_both = NULL;

  if (first_client->verify_data != NULL && in_client_hello != NULL)
    append_secret (rc, LAB_SIDE_CLIENT, LAB_PHASE_NEGOTIATION, "renegotiated_connection",
                   first_client->verify_data,
                   "client_verify_data of the first handshake, in the ClientHello's "
                   "renegotiation_info (RFC 5746 §3.5)",
                   compare (first_client->verify_data, in_client_hello), "client_verify_data",
                   first_client->verify_data, NULL);
  if (first_client->verify_data == NULL || first_server->verify_data == NULL
      || in_server_hello == NULL)
    return;
  g_byte_array_append (both, g_bytes_get_data (first_client->verify_data, NULL),
                       (guint) g_bytes_get_size (first_client->verify_data));
  g_byte_array_append (both, g_bytes_get_data (first_server->verify_data, NULL),
                       (guint) g_bytes_get_size (first_server->verify_data));
  expected_both = g_byte_array_free_to_bytes (g_steal_pointer (&both));
  append_secret (rc, LAB_SIDE_SERVER, LAB_PHASE_NEGOTIATION, "renegotiated_connection",
                 expected_both,
                 "client_verify_data || server_verify_data of the first handshake, in the "
                 "ServerHello's renegotiation_info (RFC 5746 §3.7)",
                 compare (expected_both, in_server_hello), "client_verify_data",
                 first_client->verify_data, "server_verify_data", first_server->verify_data,
                 NULL);
}

/* ---- records ---- */

static void
keys_for (const View *v, LabDirection direction, guint64 seq, LabRecordKeys *keys)
{
  gboolean client = direction == LAB_DIRECTION_CLIENT_TO_SERVER;
  const LabKeyBlock *kb = v->keys;

  keys->suite = v->suite;
  keys->key = kb->parts[client ? LAB_KEY_CLIENT_WRITE_KEY : LAB_KEY_SERVER_WRITE_KEY]->value;
  keys->iv = v->suite->fixed_iv_length
               ? kb->parts[client ? LAB_KEY_CLIENT_WRITE_IV : LAB_KEY_SERVER_WRITE_IV]->value
               : NULL;
  keys->mac_key = v->suite->mac_key_length
                    ? kb->parts[client ? LAB_KEY_CLIENT_WRITE_MAC_KEY
                                       : LAB_KEY_SERVER_WRITE_MAC_KEY]->value
                    : NULL;
  keys->seq = seq;
  keys->encrypt_then_mac = v->etm;
}

/* Every protected record of the connection, opened with its sender's keys (and what the
 * wire forwarded instead, with the receiver's). A ChangeCipherSpec starts the keys of the
 * handshake it ends in its direction, and sequence numbers from 0: the first handshake's
 * keys after the first, the renegotiation's after the second, which itself travels
 * protected by the first (RFC 5246 §6.1, §7.1). */
static void
open_records (Recompute *rc)
{
  guint n = lab_trace_get_n_events (rc->trace);
  guint64 seq[2] = { 0, 0 };
  guint changes[2] = { 0, 0 }; /* ChangeCipherSpecs so far, per direction */

  for (guint i = 0; i < n; i++)
    {
      const LabEvent *e = lab_trace_get_event (rc->trace, i);
      gboolean to_server = e->direction == LAB_DIRECTION_CLIENT_TO_SERVER;
      gboolean second = changes[to_server] >= 2;
      const View *sender = to_server ? (second ? &rc->client : &rc->first_client)
                                     : (second ? &rc->server : &rc->first_server);
      const View *receiver = to_server ? (second ? &rc->server : &rc->first_server)
                                       : (second ? &rc->client : &rc->first_client);
      gboolean change;
      LabRecordKeys keys;
      LabRecordDecryption *d;

      if (e->kind != LAB_EVENT_RECORD || e->connection != rc->connection || e->bytes == NULL
          || g_bytes_get_size (e->bytes) < 5)
        continue;
      change = e->content_type == LAB_CONTENT_CHANGE_CIPHER_SPEC;
      if (e->encrypted && sender->keys != NULL)
        {
          keys_for (sender, e->direction, seq[to_server], &keys);
          if ((d = lab_record_decrypt (&keys, e->bytes, NULL)) != NULL)
            lab_trace_attach_decryption (rc->trace, e->seq, d, FALSE);
        }
      if (e->encrypted && receiver->keys != NULL && e->forwarded != NULL
          && g_bytes_get_size (e->forwarded) > 0 && !g_bytes_equal (e->forwarded, e->bytes))
        {
          keys_for (receiver, e->direction, seq[to_server], &keys);
          if ((d = lab_record_decrypt (&keys, e->forwarded, NULL)) != NULL)
            lab_trace_attach_decryption (rc->trace, e->seq, d, TRUE);
        }
      if (e->encrypted)
        seq[to_server]++;
      if (change)
        {
          changes[to_server]++;
          seq[to_server] = 0;
        }
    }
}

/* One handshake: pre-master secret to both Finished values. */
static void
recompute_handshake (Recompute *rc, const LabOpensslSecrets *openssl)
{
  rc->openssl = openssl;
  view_read (rc, &rc->client, LAB_SIDE_CLIENT);
  view_read (rc, &rc->server, LAB_SIDE_SERVER);
  recompute_pms (rc);
  recompute_master_secret (rc, &rc->client, &rc->openssl->client);
  recompute_master_secret (rc, &rc->server, &rc->openssl->server);
  recompute_key_block (rc, &rc->client);
  recompute_key_block (rc, &rc->server);
  recompute_finished (rc, &rc->client, &rc->openssl->client);
  recompute_finished (rc, &rc->server, &rc->openssl->server);
}

/* One connection: its handshake, a renegotiation if it had one, then its records. */
static void
recompute_connection (Recompute *rc, const LabOpensslSecrets *openssl)
{
  /* the renegotiation's own: its ephemeral key, and what OpenSSL knew at the end */
  LabOpensslSecrets second = {
    .server_ephemeral = openssl->renegotiation_ephemeral,
    .server_key = openssl->server_key,
    .client = openssl->client_renegotiation,
    .server = openssl->server_renegotiation,
  };

  rc->renegotiation = FALSE;
  recompute_handshake (rc, openssl);
  /* the session a later connection may resume */
  for (int side = 0; side < 2; side++)
    {
      View *v = side == LAB_SIDE_CLIENT ? &rc->client : &rc->server;
      if (v->master_secret != NULL && rc->session_master_secret[side] == NULL)
        rc->session_master_secret[side] = g_bytes_ref (v->master_secret);
    }
  rc->first_client = rc->client;
  rc->first_server = rc->server;
  memset (&rc->client, 0, sizeof rc->client);
  memset (&rc->server, 0, sizeof rc->server);
  rc->renegotiation = TRUE;
  recompute_handshake (rc, &second);
  check_renegotiation_info (rc);
  open_records (rc);
  view_clear (&rc->client);
  view_clear (&rc->server);
  view_clear (&rc->first_client);
  view_clear (&rc->first_server);
}

void
lab_recompute_connections (LabTrace *trace, const LabOpensslSecrets *openssl, guint n)
{
  Recompute rc = { .trace = trace };

  for (guint c = 0; c < n; c++)
    {
      rc.connection = c;
      memset (&rc.client, 0, sizeof rc.client);
      memset (&rc.server, 0, sizeof rc.server);
      recompute_connection (&rc, &openssl[c]);
    }
  g_clear_pointer (&rc.session_master_secret[0], g_bytes_unref);
  g_clear_pointer (&rc.session_master_secret[1], g_bytes_unref);
}

void
lab_recompute (LabTrace *trace, const LabOpensslSecrets *openssl)
{
  lab_recompute_connections (trace, openssl, 1);
}
