/* lab-record-protection.c: one TLS 1.2 record protected or opened, keeping every
 * intermediate value (RFC 5246 §6.2.3, RFC 5288, RFC 6655, RFC 7905, RFC 7366): the keys
 * checked, the header read, nonces and MAC inputs built, the record assembled; the AEAD
 * ciphers in lab-record-aead.c, CBC and the NULL cipher in lab-record-cbc.c.
 *
 * This code explains records; it is not a receiver facing an attacker. It tells padding
 * errors from MAC errors and does not try to be constant-time — the reasons it gives say
 * where a real stack would stay silent. */
#include "lab-record-protection-private.h"
#include "lab-writer.h"

#include "lab-crypto-autoptr.h"
#include "lab-error.h"
#include "lab-algorithm-cache.h"
#include "lab-prf.h"
#include "lab-reader.h"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/rand.h>

static const char *const verdict_names[] = {
  [LAB_RECORD_AUTHENTIC] = "authentic",   [LAB_RECORD_TRUNCATED] = "truncated",
  [LAB_RECORD_BAD_LENGTH] = "bad-length", [LAB_RECORD_BAD_TAG] = "bad-tag",
  [LAB_RECORD_BAD_MAC] = "bad-mac",       [LAB_RECORD_BAD_PADDING] = "bad-padding",
};

const char *
lab_record_verdict_name (LabRecordVerdict verdict)
{
  return verdict < G_N_ELEMENTS (verdict_names) ? verdict_names[verdict] : "unknown";
}

void
lab_record_keys_clear (LabRecordKeys *keys)
{
  g_clear_pointer (&keys->key, g_bytes_unref);
  g_clear_pointer (&keys->iv, g_bytes_unref);
  g_clear_pointer (&keys->mac_key, g_bytes_unref);
}

void
lab_record_decryption_free (LabRecordDecryption *d)
{
  if (d == NULL)
    return;
  g_clear_pointer (&d->header, g_bytes_unref);
  g_clear_pointer (&d->explicit_nonce, g_bytes_unref);
  g_clear_pointer (&d->nonce, g_bytes_unref);
  g_clear_pointer (&d->aad, g_bytes_unref);
  g_clear_pointer (&d->tag, g_bytes_unref);
  g_clear_pointer (&d->record_iv, g_bytes_unref);
  g_clear_pointer (&d->padding, g_bytes_unref);
  g_clear_pointer (&d->mac_input, g_bytes_unref);
  g_clear_pointer (&d->received_mac, g_bytes_unref);
  g_clear_pointer (&d->computed_mac, g_bytes_unref);
  g_clear_pointer (&d->ciphertext, g_bytes_unref);
  g_clear_pointer (&d->decrypted, g_bytes_unref);
  g_clear_pointer (&d->plaintext, g_bytes_unref);
  g_free (d->reason);
  g_free (d);
}

/* ---- small pieces ---- */

const guint8 *
lab_record_bytes_data (GBytes *bytes, gsize *len)
{
  *len = 0;
  return bytes != NULL ? g_bytes_get_data (bytes, len) : NULL;
}

gsize
lab_record_bytes_size (GBytes *bytes)
{
  return bytes != NULL ? g_bytes_get_size (bytes) : 0;
}

/* seq_num || type || version || length: the start of both the AEAD additional data and
 * the CBC MAC input (RFC 5246 §6.2.3.1 and §6.2.3.3). */
GByteArray *
lab_record_pseudo_header (guint64 seq, guint8 type, guint16 version, gsize length)
{
  GByteArray *out = g_byte_array_sized_new (13);
  LabWriter w;

  lab_writer_init (&w, out);
  lab_writer_u64 (&w, seq);
  lab_writer_u8 (&w, type);
  lab_writer_u16 (&w, version);
  lab_writer_u16 (&w, (guint16) length);
  return out;
}

static GBytes *
record_header (guint8 type, gsize length)
{
  GByteArray *out = g_byte_array_sized_new (LAB_RECORD_HEADER_LENGTH);
  LabWriter w;

  lab_writer_init (&w, out);
  lab_writer_u8 (&w, type);
  lab_writer_u16 (&w, LAB_RECORD_VERSION_TLS12);
  lab_writer_u16 (&w, (guint16) length);
  return g_byte_array_free_to_bytes (out);
}

gboolean
lab_record_is_cbc (const LabCipherSuite *suite)
{
  return suite->protection == LAB_RECORD_CBC;
}

/* ---- keys ---- */

static gboolean
check_key_part (const LabCipherSuite *suite, const char *what, GBytes *bytes, gsize expected,
                GError **error)
{
  gsize len = lab_record_bytes_size (bytes);

  if (len == expected)
    return TRUE;
  g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
               "the %s is %" G_GSIZE_FORMAT " bytes, but %s uses %" G_GSIZE_FORMAT, what, len,
               suite->openssl_name, expected);
  return FALSE;
}

static gboolean
check_keys (const LabRecordKeys *keys, GError **error)
{
  const LabCipherSuite *suite = keys->suite;

  if (suite == NULL)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID, "no cipher suite given");
      return FALSE;
    }
  return check_key_part (suite, "key", keys->key, suite->key_length, error)
         && check_key_part (suite, "IV", keys->iv, suite->fixed_iv_length, error)
         && check_key_part (suite, "MAC key", keys->mac_key, suite->mac_key_length, error);
}

/* ---- ciphers ---- */

EVP_CIPHER *
lab_record_fetch_cipher (const LabCipherSuite *suite, GError **error)
{
  EVP_CIPHER *cipher;

  ERR_clear_error ();
  cipher = lab_fetch_cipher (suite->evp_cipher);
  if (cipher == NULL)
    {
      g_autofree char *doing = g_strdup_printf ("%s is not available", suite->evp_cipher);
      lab_set_error_from_openssl (error, doing);
    }
  return cipher;
}

/* ---- nonces and MAC inputs ---- */

const char lab_record_nonce_formula_explicit[] = "salt || explicit_nonce";
const char lab_record_nonce_formula_xor[] = "iv XOR (00000000 || seq_num)";
const char lab_record_aad_formula[] = "seq_num || type || version || length(plaintext)";
const char lab_record_mac_input_formula_mte[]
  = "seq_num || type || version || length(plaintext) || plaintext";
const char lab_record_mac_input_formula_etm[] = "seq_num || type || version || "
                                                "length(IV || ciphertext) || IV || ciphertext";

GBytes *
lab_record_build_nonce (const LabRecordKeys *keys, GBytes *explicit_nonce)
{
  guint8 nonce[AEAD_NONCE_LENGTH] = { 0 };
  gsize iv_len, explicit_len;
  const guint8 *iv = lab_record_bytes_data (keys->iv, &iv_len);
  const guint8 *explicit = lab_record_bytes_data (explicit_nonce, &explicit_len);

  if (keys->suite->protection == LAB_RECORD_AEAD_XOR_NONCE)
    {
      memcpy (nonce, iv, MIN (iv_len, sizeof nonce));
      for (guint i = 0; i < 8; i++)
        nonce[4 + i] ^= (keys->seq >> (56 - 8 * i)) & 0xff;
    }
  else
    {
      memcpy (nonce, iv, MIN (iv_len, 4));
      memcpy (nonce + 4, explicit, MIN (explicit_len, 8));
    }
  return g_bytes_new (nonce, sizeof nonce);
}

/* seq_num || type || version || length || data1 || data2 */
GBytes *
lab_record_mac_input_new (guint64 seq, guint8 type, guint16 version, const guint8 *data1,
                          gsize len1, const guint8 *data2, gsize len2)
{
  GByteArray *input = lab_record_pseudo_header (seq, type, version, len1 + len2);

  g_byte_array_append (input, data1, len1);
  g_byte_array_append (input, data2, len2);
  return g_byte_array_free_to_bytes (input);
}

/* ---- opening ---- */

void
lab_record_set_verdict (LabRecordDecryption *d, LabRecordVerdict verdict, const char *format, ...)
{
  va_list args;

  d->verdict = verdict;
  d->authentic = FALSE;
  g_clear_pointer (&d->reason, g_free);
  va_start (args, format);
  d->reason = g_strdup_vprintf (format, args);
  va_end (args);
}

GBytes *
lab_record_read_bytes (LabReader *reader, gsize len)
{
  const guint8 *p = NULL;

  if (!lab_reader_bytes (reader, len, &p))
    return NULL;
  return g_bytes_new (p, len);
}

gboolean
lab_record_macs_equal (GBytes *a, GBytes *b)
{
  return g_bytes_get_size (a) == g_bytes_get_size (b)
         && CRYPTO_memcmp (g_bytes_get_data (a, NULL), g_bytes_get_data (b, NULL),
                           g_bytes_get_size (a))
              == 0;
}

/* The header, and a fragment that must be exactly as long as the header says. */
static gboolean
read_header (LabRecordDecryption *d, LabReader *reader, LabReader *fragment)
{
  gsize available;

  if (lab_reader_remaining (reader) < LAB_RECORD_HEADER_LENGTH)
    {
      lab_record_set_verdict (
        d, LAB_RECORD_TRUNCATED,
        "a record starts with a %d-byte header; this one has only %" G_GSIZE_FORMAT " bytes",
        LAB_RECORD_HEADER_LENGTH, lab_reader_remaining (reader));
      return FALSE;
    }
  d->header = g_bytes_new (reader->base + lab_reader_offset (reader), LAB_RECORD_HEADER_LENGTH);
  lab_reader_u8 (reader, &d->content_type);
  lab_reader_u16 (reader, &d->version);
  lab_reader_u16 (reader, &d->length);
  available = lab_reader_remaining (reader);
  if (available != d->length)
    {
      lab_record_set_verdict (
        d, available < d->length ? LAB_RECORD_TRUNCATED : LAB_RECORD_BAD_LENGTH,
        "the header announces %u bytes, but %" G_GSIZE_FORMAT " follow it", d->length, available);
      return FALSE;
    }
  return lab_reader_sub (reader, d->length, fragment);
}

LabRecordDecryption *
lab_record_decrypt (const LabRecordKeys *keys, GBytes *record, GError **error)
{
  g_autoptr (LabRecordDecryption) d = NULL;
  gsize len;
  const guint8 *data = lab_record_bytes_data (record, &len);
  LabReader reader, fragment;
  gboolean ok;

  if (!check_keys (keys, error))
    return NULL;
  d = g_new0 (LabRecordDecryption, 1);
  d->suite = keys->suite;
  d->seq = keys->seq;
  d->encrypt_then_mac = keys->encrypt_then_mac && lab_record_is_cbc (keys->suite);
  d->verdict = LAB_RECORD_AUTHENTIC;
  d->authentic = TRUE;

  lab_reader_init (&reader, data, len);
  if (!read_header (d, &reader, &fragment))
    return g_steal_pointer (&d);
  ok = lab_record_is_cbc (keys->suite) ? lab_record_open_cbc (keys, d, &fragment, error)
       : keys->suite->protection == LAB_RECORD_NULL_CIPHER
         ? lab_record_open_null (keys, d, &fragment, error)
         : lab_record_open_aead (keys, d, &fragment, error);
  if (!ok)
    return NULL;
  return g_steal_pointer (&d);
}

/* ---- protecting ---- */

/* header || parts..., the header announcing the parts' total length. NULL parts are
 * skipped. */
GBytes *
lab_record_assemble (guint8 type, GBytes *const *parts, guint n_parts)
{
  GByteArray *record = g_byte_array_new ();
  gsize total = 0;
  g_autoptr (GBytes) header = NULL;

  for (guint i = 0; i < n_parts; i++)
    total += lab_record_bytes_size (parts[i]);
  header = record_header (type, total);
  g_byte_array_append (record, g_bytes_get_data (header, NULL), LAB_RECORD_HEADER_LENGTH);
  for (guint i = 0; i < n_parts; i++)
    if (lab_record_bytes_size (parts[i]) > 0)
      g_byte_array_append (record, g_bytes_get_data (parts[i], NULL),
                           lab_record_bytes_size (parts[i]));
  return g_byte_array_free_to_bytes (record);
}

/* RFC 5288 §3 suggests the sequence number as the explicit nonce: unique and, unlike a
 * random one, reproducible. A CBC IV must be unpredictable (RFC 5246 §6.2.3.2). */
static GBytes *
default_record_iv (const LabRecordKeys *keys, GError **error)
{
  guint8 iv[EVP_MAX_IV_LENGTH];
  gsize len = keys->suite->record_iv_length;

  if (!lab_record_is_cbc (keys->suite))
    {
      GByteArray *seq = g_byte_array_sized_new (8);
      LabWriter w;

      lab_writer_init (&w, seq);
      lab_writer_u64 (&w, keys->seq);
      return g_byte_array_free_to_bytes (seq);
    }
  ERR_clear_error ();
  if (len > sizeof iv || RAND_bytes (iv, (int) len) <= 0)
    {
      lab_set_error_from_openssl (error, "making a random IV");
      return NULL;
    }
  return g_bytes_new (iv, len);
}

GBytes *
lab_record_encrypt (const LabRecordKeys *keys, guint8 content_type, GBytes *plaintext,
                    GBytes *record_iv, GError **error)
{
  g_autoptr (GBytes) own_iv = NULL;
  const LabCipherSuite *suite;
  gsize iv_len;

  if (!check_keys (keys, error))
    return NULL;
  suite = keys->suite;
  iv_len = suite->protection == LAB_RECORD_AEAD_XOR_NONCE ? 0 : suite->record_iv_length;
  if (lab_record_bytes_size (plaintext) > LAB_RECORD_MAX_PLAINTEXT)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
                   "a record holds at most %d bytes of plaintext, not %" G_GSIZE_FORMAT,
                   LAB_RECORD_MAX_PLAINTEXT, lab_record_bytes_size (plaintext));
      return NULL;
    }
  if (record_iv != NULL && !check_key_part (suite, "record IV", record_iv, iv_len, error))
    return NULL;
  if (record_iv == NULL && iv_len > 0)
    {
      own_iv = default_record_iv (keys, error);
      if (own_iv == NULL)
        return NULL;
      record_iv = own_iv;
    }
  if (lab_record_is_cbc (suite))
    return lab_record_seal_cbc (keys, content_type, plaintext, record_iv, error);
  if (suite->protection == LAB_RECORD_NULL_CIPHER)
    return lab_record_seal_null (keys, content_type, plaintext, error);
  return lab_record_seal_aead (keys, content_type, plaintext, iv_len > 0 ? record_iv : NULL, error);
}
