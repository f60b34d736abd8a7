/* lab-key-schedule13.c: the TLS 1.3 key schedule (RFC 8446 §7.1, §7.3, §4.4), HKDF from
 * libcrypto's EVP_KDF "HKDF", each value with its formula. */
#include "lab-key-schedule13.h"

#include "lab-algorithm-cache.h"
#include "lab-crypto-autoptr.h"
#include "lab-error.h"
#include "lab-prf.h"
#include "lab-writer.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <string.h>

const guint8 lab_tls13_hello_retry_random[32] = {
  0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
  0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
};

/* RFC 8446 §7.1: "tls13 " is prepended to every label. */
#define LABEL_PREFIX "tls13 "

/* ---- HKDF ---- */

/* One EVP_KDF "HKDF" run in the given mode: extract (salt, key -> PRK) or expand (key =
 * PRK, info -> length bytes). */
static GBytes *
hkdf (LabPrfHash hash, int mode, GBytes *salt, GBytes *key, GBytes *info, gsize length,
      GError **error)
{
  g_autoptr (EVP_KDF) kdf = NULL;
  g_autoptr (EVP_KDF_CTX) ctx = NULL;
  OSSL_PARAM params[6];
  OSSL_PARAM *p = params;
  gsize key_len, salt_len = 0, info_len = 0;
  const guint8 *key_data = g_bytes_get_data (key, &key_len);
  const guint8 *salt_data = salt ? g_bytes_get_data (salt, &salt_len) : NULL;
  const guint8 *info_data = info ? g_bytes_get_data (info, &info_len) : NULL;
  g_autofree guint8 *out = NULL;
  guint8 empty = 0;

  ERR_clear_error ();
  kdf = lab_fetch_kdf ("HKDF");
  ctx = kdf ? EVP_KDF_CTX_new (kdf) : NULL;
  if (ctx == NULL)
    {
      lab_set_error_from_openssl (error, "fetching HKDF");
      return NULL;
    }
  *p++ = OSSL_PARAM_construct_utf8_string (OSSL_KDF_PARAM_DIGEST, (char *) lab_prf_hash_name (hash),
                                           0);
  *p++ = OSSL_PARAM_construct_int (OSSL_KDF_PARAM_MODE, &mode);
  /* an empty IKM (a zero-length PSK never happens, but a caller may pass one) is still a
   * key to HKDF: libcrypto wants a pointer all the same */
  *p++ = OSSL_PARAM_construct_octet_string (OSSL_KDF_PARAM_KEY,
                                            key_len > 0 ? (void *) key_data : &empty, key_len);
  if (salt_data != NULL)
    *p++ = OSSL_PARAM_construct_octet_string (OSSL_KDF_PARAM_SALT, (void *) salt_data, salt_len);
  if (info_data != NULL)
    *p++ = OSSL_PARAM_construct_octet_string (OSSL_KDF_PARAM_INFO, (void *) info_data, info_len);
  *p = OSSL_PARAM_construct_end ();
  if (mode == EVP_KDF_HKDF_MODE_EXTRACT_ONLY)
    length = lab_prf_hash_length (hash);
  out = g_malloc (MAX (length, 1));
  if (EVP_KDF_derive (ctx, out, length, params) <= 0)
    {
      lab_set_error_from_openssl (error, mode == EVP_KDF_HKDF_MODE_EXTRACT_ONLY ? "HKDF-Extract"
                                                                                : "HKDF-Expand");
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&out), length);
}

GBytes *
lab_hkdf_extract (LabPrfHash hash, GBytes *salt, GBytes *ikm, GError **error)
{
  return hkdf (hash, EVP_KDF_HKDF_MODE_EXTRACT_ONLY, salt, ikm, NULL, 0, error);
}

GBytes *
lab_hkdf_label (const char *label, GBytes *context, gsize length)
{
  GByteArray *out = g_byte_array_new ();
  LabWriter w;
  LabWriterVector v;
  gsize context_len = 0;
  const guint8 *context_data = context ? g_bytes_get_data (context, &context_len) : NULL;

  lab_writer_init (&w, out);
  lab_writer_u16 (&w, (guint16) length);
  v = lab_writer_open_vector (&w, 1);
  lab_writer_bytes (&w, LABEL_PREFIX, strlen (LABEL_PREFIX));
  lab_writer_bytes (&w, label, strlen (label));
  lab_writer_close_vector (&w, v);
  v = lab_writer_open_vector (&w, 1);
  lab_writer_bytes (&w, context_data, context_len);
  lab_writer_close_vector (&w, v);
  return g_byte_array_free_to_bytes (out);
}

/* RFC 8446 §7.1: opaque label<7..255>, opaque context<0..255>, uint16 length. */
static gboolean
check_label (const char *label, GBytes *context, gsize length, GError **error)
{
  gsize context_len = context ? g_bytes_get_size (context) : 0;

  if (strlen (LABEL_PREFIX) + strlen (label) > 255 || context_len > 255 || length > G_MAXUINT16)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
                   "HKDF-Expand-Label(\"%s\"): the label, the context (%" G_GSIZE_FORMAT
                   " bytes) or the length (%" G_GSIZE_FORMAT ") does not fit its field "
                   "(RFC 8446 §7.1)",
                   label, context_len, length);
      return FALSE;
    }
  return TRUE;
}

GBytes *
lab_hkdf_expand_label (LabPrfHash hash, GBytes *secret, const char *label, GBytes *context,
                       gsize length, GError **error)
{
  g_autoptr (GBytes) info = NULL;

  if (!check_label (label, context, length, error))
    return NULL;
  info = lab_hkdf_label (label, context, length);
  return hkdf (hash, EVP_KDF_HKDF_MODE_EXPAND_ONLY, NULL, secret, info, length, error);
}

/* ---- named secrets ---- */

/* Inputs come from users and from the wire: a wrong length is an error that names it. */
static gboolean
check_length (const char *what, GBytes *bytes, gsize expected, GError **error)
{
  gsize len = bytes ? g_bytes_get_size (bytes) : 0;

  if (bytes != NULL && len == expected)
    return TRUE;
  g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
               "%s is %" G_GSIZE_FORMAT " byte%s; it must be %" G_GSIZE_FORMAT, what, len,
               len == 1 ? "" : "s", expected);
  return FALSE;
}

LabSecret *
lab_tls13_extract (const char *name, LabPrfHash hash, GBytes *salt, const char *salt_name,
                   GBytes *ikm, const char *ikm_name, GError **error)
{
  g_autoptr (GBytes) value = lab_hkdf_extract (hash, salt, ikm, error);

  if (value == NULL)
    return NULL;
  return lab_secret_new (name, value,
                         g_strdup_printf ("HKDF-Extract(salt = %s, IKM = %s) = HMAC-%s(%s, %s)",
                                          salt_name, ikm_name, lab_prf_hash_name (hash), salt_name,
                                          ikm_name));
}

LabSecret *
lab_tls13_expand_label (const char *name, LabPrfHash hash, GBytes *secret, const char *secret_name,
                        const char *label, GBytes *context, const char *context_name, gsize length,
                        GError **error)
{
  g_autoptr (GBytes) value = lab_hkdf_expand_label (hash, secret, label, context, length, error);
  LabSecret *result;

  if (value == NULL)
    return NULL;
  result
    = lab_secret_new (name, value,
                      g_strdup_printf ("HKDF-Expand-Label(%s, \"%s\", %s, %" G_GSIZE_FORMAT ")",
                                       secret_name, label, context_name, length));
  result->hkdf_label = lab_hkdf_label (label, context, length);
  return result;
}

LabSecret *
lab_tls13_derive_secret (const char *name, LabPrfHash hash, GBytes *secret, const char *secret_name,
                         const char *label, GBytes *transcript_hash, const char *messages,
                         GError **error)
{
  gsize hash_len = lab_prf_hash_length (hash);
  g_autofree char *context
    = g_strdup_printf ("%s(%s)", lab_prf_hash_name (hash), *messages ? messages : "\"\"");
  LabSecret *result;
  char *formula;

  if (!check_length ("the transcript hash", transcript_hash, hash_len, error))
    return NULL;
  result = lab_tls13_expand_label (name, hash, secret, secret_name, label, transcript_hash, context,
                                   hash_len, error);
  if (result == NULL)
    return NULL;
  formula = g_strdup_printf ("Derive-Secret(%s, \"%s\", %s) = %s", secret_name, label,
                             *messages ? messages : "\"\"", result->formula);
  g_free (result->formula);
  result->formula = formula;
  return result;
}

/* ---- the schedule ---- */

static const struct
{
  const char *name;
  const char *keylog; /* OpenSSL's key-log label, NULL when it logs none */
} secret_info[LAB_TLS13_N_SECRETS] = {
  [LAB_TLS13_EARLY_SECRET] = { "early_secret", NULL },
  [LAB_TLS13_EARLY_DERIVED] = { "early_derived_secret", NULL },
  [LAB_TLS13_HANDSHAKE_SECRET] = { "handshake_secret", NULL },
  [LAB_TLS13_CLIENT_HANDSHAKE_TRAFFIC_SECRET]
  = { "client_handshake_traffic_secret", "CLIENT_HANDSHAKE_TRAFFIC_SECRET" },
  [LAB_TLS13_SERVER_HANDSHAKE_TRAFFIC_SECRET]
  = { "server_handshake_traffic_secret", "SERVER_HANDSHAKE_TRAFFIC_SECRET" },
  [LAB_TLS13_HANDSHAKE_DERIVED] = { "handshake_derived_secret", NULL },
  [LAB_TLS13_MASTER_SECRET] = { "master_secret", NULL },
  [LAB_TLS13_CLIENT_APPLICATION_TRAFFIC_SECRET]
  = { "client_application_traffic_secret_0", "CLIENT_TRAFFIC_SECRET_0" },
  [LAB_TLS13_SERVER_APPLICATION_TRAFFIC_SECRET]
  = { "server_application_traffic_secret_0", "SERVER_TRAFFIC_SECRET_0" },
  [LAB_TLS13_EXPORTER_MASTER_SECRET] = { "exporter_master_secret", "EXPORTER_SECRET" },
  [LAB_TLS13_RESUMPTION_MASTER_SECRET] = { "resumption_master_secret", NULL },
};

const char *
lab_tls13_secret_name (LabTls13SecretId id)
{
  return id < LAB_TLS13_N_SECRETS ? secret_info[id].name : NULL;
}

const char *
lab_tls13_secret_keylog_label (LabTls13SecretId id)
{
  return id < LAB_TLS13_N_SECRETS ? secret_info[id].keylog : NULL;
}

LabTls13Schedule *
lab_tls13_schedule_new (const LabCipherSuite *suite)
{
  LabTls13Schedule *schedule = g_new0 (LabTls13Schedule, 1);

  schedule->suite = suite;
  return schedule;
}

void
lab_tls13_schedule_free (LabTls13Schedule *schedule)
{
  if (schedule == NULL)
    return;
  for (guint i = 0; i < LAB_TLS13_N_SECRETS; i++)
    lab_secret_free (schedule->secrets[i]);
  g_free (schedule);
}

static GBytes *
zeros (LabPrfHash hash)
{
  return g_bytes_new_take (g_malloc0 (lab_prf_hash_length (hash)), lab_prf_hash_length (hash));
}

static GBytes *
value_of (const LabTls13Schedule *s, LabTls13SecretId id)
{
  return s->secrets[id] ? s->secrets[id]->value : NULL;
}

static gboolean
need (const LabTls13Schedule *s, LabTls13SecretId id, GError **error)
{
  if (s->secrets[id] != NULL)
    return TRUE;
  g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID, "the %s is needed first",
               lab_tls13_secret_name (id));
  return FALSE;
}

/* Derive-Secret(.., "derived", "") */
static LabSecret *
derived (const LabTls13Schedule *s, LabTls13SecretId from, LabTls13SecretId id, GError **error)
{
  LabPrfHash hash = s->suite->prf_hash;
  g_autoptr (GBytes) nothing = g_bytes_new_static ("", 0);
  g_autoptr (LabSecret) empty_hash = lab_transcript_hash (hash, nothing, error);

  if (empty_hash == NULL)
    return NULL;
  return lab_tls13_derive_secret (lab_tls13_secret_name (id), hash, value_of (s, from),
                                  lab_tls13_secret_name (from), "derived", empty_hash->value, "",
                                  error);
}

/* Derive-Secret(from, label, messages) into the schedule. */
static gboolean
derive_into (LabTls13Schedule *s, LabTls13SecretId id, LabTls13SecretId from, const char *label,
             GBytes *transcript_hash, const char *messages, GError **error)
{
  s->secrets[id] = lab_tls13_derive_secret (lab_tls13_secret_name (id), s->suite->prf_hash,
                                            value_of (s, from), lab_tls13_secret_name (from), label,
                                            transcript_hash, messages, error);
  return s->secrets[id] != NULL;
}

gboolean
lab_tls13_schedule_early (LabTls13Schedule *s, GBytes *psk, GError **error)
{
  LabPrfHash hash = s->suite->prf_hash;
  g_autoptr (GBytes) zero = zeros (hash);

  s->secrets[LAB_TLS13_EARLY_SECRET] = lab_tls13_extract (
    "early_secret", hash, zero, "0", psk ? psk : zero, psk ? "PSK" : "0", error);
  if (s->secrets[LAB_TLS13_EARLY_SECRET] == NULL)
    return FALSE;
  s->secrets[LAB_TLS13_EARLY_DERIVED]
    = derived (s, LAB_TLS13_EARLY_SECRET, LAB_TLS13_EARLY_DERIVED, error);
  return s->secrets[LAB_TLS13_EARLY_DERIVED] != NULL;
}

gboolean
lab_tls13_schedule_handshake (LabTls13Schedule *s, GBytes *shared_secret, GBytes *hello_hash,
                              GError **error)
{
  LabPrfHash hash = s->suite->prf_hash;

  if (!need (s, LAB_TLS13_EARLY_DERIVED, error))
    return FALSE;
  if (shared_secret == NULL || g_bytes_get_size (shared_secret) == 0)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID, "the (EC)DHE shared secret is empty");
      return FALSE;
    }
  s->secrets[LAB_TLS13_HANDSHAKE_SECRET]
    = lab_tls13_extract ("handshake_secret", hash, value_of (s, LAB_TLS13_EARLY_DERIVED),
                         "early_derived_secret", shared_secret, "(EC)DHE shared secret", error);
  return s->secrets[LAB_TLS13_HANDSHAKE_SECRET] != NULL
         && derive_into (s, LAB_TLS13_CLIENT_HANDSHAKE_TRAFFIC_SECRET, LAB_TLS13_HANDSHAKE_SECRET,
                         "c hs traffic", hello_hash, "ClientHello..ServerHello", error)
         && derive_into (s, LAB_TLS13_SERVER_HANDSHAKE_TRAFFIC_SECRET, LAB_TLS13_HANDSHAKE_SECRET,
                         "s hs traffic", hello_hash, "ClientHello..ServerHello", error)
         && (s->secrets[LAB_TLS13_HANDSHAKE_DERIVED]
             = derived (s, LAB_TLS13_HANDSHAKE_SECRET, LAB_TLS13_HANDSHAKE_DERIVED, error))
              != NULL;
}

gboolean
lab_tls13_schedule_master (LabTls13Schedule *s, GBytes *server_finished_hash, GError **error)
{
  LabPrfHash hash = s->suite->prf_hash;
  g_autoptr (GBytes) zero = zeros (hash);

  if (!need (s, LAB_TLS13_HANDSHAKE_DERIVED, error))
    return FALSE;
  s->secrets[LAB_TLS13_MASTER_SECRET]
    = lab_tls13_extract ("master_secret", hash, value_of (s, LAB_TLS13_HANDSHAKE_DERIVED),
                         "handshake_derived_secret", zero, "0", error);
  return s->secrets[LAB_TLS13_MASTER_SECRET] != NULL
         && derive_into (s, LAB_TLS13_CLIENT_APPLICATION_TRAFFIC_SECRET, LAB_TLS13_MASTER_SECRET,
                         "c ap traffic", server_finished_hash, "ClientHello..server Finished",
                         error)
         && derive_into (s, LAB_TLS13_SERVER_APPLICATION_TRAFFIC_SECRET, LAB_TLS13_MASTER_SECRET,
                         "s ap traffic", server_finished_hash, "ClientHello..server Finished",
                         error)
         && derive_into (s, LAB_TLS13_EXPORTER_MASTER_SECRET, LAB_TLS13_MASTER_SECRET, "exp master",
                         server_finished_hash, "ClientHello..server Finished", error);
}

gboolean
lab_tls13_schedule_resumption (LabTls13Schedule *s, GBytes *client_finished_hash, GError **error)
{
  return need (s, LAB_TLS13_MASTER_SECRET, error)
         && derive_into (s, LAB_TLS13_RESUMPTION_MASTER_SECRET, LAB_TLS13_MASTER_SECRET,
                         "res master", client_finished_hash, "ClientHello..client Finished", error);
}

/* ---- keys, Finished, CertificateVerify ---- */

/* RFC 8446 §5.3: the per-record nonce is as long as the AEAD's, 12 bytes for every suite. */
#define TLS13_IV_LENGTH 12

gboolean
lab_tls13_traffic_keys (const LabCipherSuite *suite, GBytes *traffic_secret,
                        const char *secret_name, const char *prefix, LabSecret **key,
                        LabSecret **iv, GError **error)
{
  g_autofree char *key_name = g_strconcat (prefix, "_write_key", NULL);
  g_autofree char *iv_name = g_strconcat (prefix, "_write_iv", NULL);
  g_autoptr (GBytes) empty = g_bytes_new_static ("", 0);

  *key = lab_tls13_expand_label (key_name, suite->prf_hash, traffic_secret, secret_name, "key",
                                 empty, "\"\"", suite->key_length, error);
  if (*key == NULL)
    return FALSE;
  *iv = lab_tls13_expand_label (iv_name, suite->prf_hash, traffic_secret, secret_name, "iv", empty,
                                "\"\"", TLS13_IV_LENGTH, error);
  if (*iv == NULL)
    {
      g_clear_pointer (key, lab_secret_free);
      return FALSE;
    }
  return TRUE;
}

LabSecret *
lab_tls13_finished_key (const char *name, LabPrfHash hash, GBytes *base_key,
                        const char *base_key_name, GError **error)
{
  g_autoptr (GBytes) empty = g_bytes_new_static ("", 0);

  return lab_tls13_expand_label (name, hash, base_key, base_key_name, "finished", empty, "\"\"",
                                 lab_prf_hash_length (hash), error);
}

LabSecret *
lab_tls13_verify_data (const char *name, LabPrfHash hash, GBytes *finished_key,
                       const char *finished_key_name, GBytes *transcript_hash, const char *messages,
                       GError **error)
{
  gsize key_len;
  const guint8 *key = g_bytes_get_data (finished_key, &key_len);
  g_autoptr (GBytes) value = NULL;

  if (!check_length ("the transcript hash", transcript_hash, lab_prf_hash_length (hash), error)
      || !check_length (finished_key_name, finished_key, lab_prf_hash_length (hash), error))
    return NULL;
  value
    = lab_hmac (lab_prf_hash_name (hash), key, key_len, g_bytes_get_data (transcript_hash, NULL),
                g_bytes_get_size (transcript_hash), error);
  if (value == NULL)
    return NULL;
  return lab_secret_new (name, value,
                         g_strdup_printf ("HMAC-%s(%s, %s(%s))", lab_prf_hash_name (hash),
                                          finished_key_name, lab_prf_hash_name (hash), messages));
}

static const char server_context[] = "TLS 1.3, server CertificateVerify";
static const char client_context[] = "TLS 1.3, client CertificateVerify";

GBytes *
lab_tls13_certificate_verify_content (gboolean server, GBytes *transcript_hash)
{
  GByteArray *out = g_byte_array_new ();
  LabWriter w;
  const char *context = server ? server_context : client_context;

  lab_writer_init (&w, out);
  for (guint i = 0; i < 64; i++)
    lab_writer_u8 (&w, 0x20);
  lab_writer_bytes (&w, context, strlen (context));
  lab_writer_u8 (&w, 0);
  lab_writer_bytes (&w, g_bytes_get_data (transcript_hash, NULL),
                    g_bytes_get_size (transcript_hash));
  return g_byte_array_free_to_bytes (out);
}

const char *
lab_tls13_certificate_verify_formula (gboolean server)
{
  return server ? "64 × 0x20 || \"TLS 1.3, server CertificateVerify\" || 0x00 || "
                  "Transcript-Hash(ClientHello..Certificate)"
                : "64 × 0x20 || \"TLS 1.3, client CertificateVerify\" || 0x00 || "
                  "Transcript-Hash(ClientHello..client Certificate)";
}

LabSecret *
lab_tls13_ticket_psk (LabPrfHash hash, GBytes *resumption_master_secret, GBytes *ticket_nonce,
                      GError **error)
{
  return lab_tls13_expand_label ("ticket_psk", hash, resumption_master_secret,
                                 "resumption_master_secret", "resumption", ticket_nonce,
                                 "ticket_nonce", lab_prf_hash_length (hash), error);
}

GBytes *
lab_tls13_message_hash (LabPrfHash hash, GBytes *client_hello1, GError **error)
{
  g_autoptr (LabSecret) digest = lab_transcript_hash (hash, client_hello1, error);
  GByteArray *out;
  LabWriter w;

  if (digest == NULL)
    return NULL;
  out = g_byte_array_new ();
  lab_writer_init (&w, out);
  lab_writer_u8 (&w, 254); /* message_hash (RFC 8446 §4.4.1) */
  lab_writer_u24 (&w, (guint32) g_bytes_get_size (digest->value));
  lab_writer_bytes (&w, g_bytes_get_data (digest->value, NULL), g_bytes_get_size (digest->value));
  return g_byte_array_free_to_bytes (out);
}
