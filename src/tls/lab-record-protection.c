/* lab-record-protection.c: one TLS 1.2 record protected or opened, keeping every
 * intermediate value (RFC 5246 §6.2.3, RFC 5288, RFC 6655, RFC 7905, RFC 7366).
 *
 * This code explains records; it is not a receiver facing an attacker. It tells padding
 * errors from MAC errors and does not try to be constant-time — the reasons it gives say
 * where a real stack would stay silent. */
#include "lab-record-protection.h"
#include "lab-writer.h"

#include "lab-crypto-autoptr.h"
#include "lab-error.h"
#include "lab-fetch.h"
#include "lab-prf.h"
#include "lab-reader.h"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/rand.h>

#define AEAD_NONCE_LENGTH 12   /* every TLS 1.2 AEAD suite uses a 96-bit nonce */
#define AEAD_MAX_TAG_LENGTH 16 /* GCM, CCM and Poly1305; CCM_8 uses half */

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

static const guint8 *
bytes_data (GBytes *bytes, gsize *len)
{
  *len = 0;
  return bytes != NULL ? g_bytes_get_data (bytes, len) : NULL;
}

static gsize
bytes_size (GBytes *bytes)
{
  return bytes != NULL ? g_bytes_get_size (bytes) : 0;
}

/* seq_num || type || version || length: the start of both the AEAD additional data and
 * the CBC MAC input (RFC 5246 §6.2.3.1 and §6.2.3.3). */
static GByteArray *
pseudo_header (guint64 seq, guint8 type, guint16 version, gsize length)
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

static gboolean
is_cbc (const LabCipherSuite *suite)
{
  return suite->protection == LAB_RECORD_CBC;
}

/* ---- keys ---- */

static gboolean
check_key_part (const LabCipherSuite *suite, const char *what, GBytes *bytes, gsize expected,
                GError **error)
{
  gsize len = bytes_size (bytes);

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

static EVP_CIPHER *
fetch_cipher (const LabCipherSuite *suite, GError **error)
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

/* Everything an AEAD cipher run needs before it sees data. CCM wants the tag length
 * (and, decrypting, the tag) before the key, and the message length before the AAD. */
static gboolean
aead_start (EVP_CIPHER_CTX *ctx, EVP_CIPHER *cipher, const LabRecordKeys *keys,
            gboolean encrypt, const guint8 *nonce, GBytes *aad, gsize data_len,
            const guint8 *tag)
{
  gboolean ccm = EVP_CIPHER_get_mode (cipher) == EVP_CIPH_CCM_MODE;
  int tag_len = keys->suite->tag_length;
  int n = 0;
  gsize aad_len;
  const guint8 *aad_data = bytes_data (aad, &aad_len);

  return EVP_CipherInit_ex2 (ctx, cipher, NULL, NULL, encrypt, NULL)
         && EVP_CIPHER_CTX_ctrl (ctx, EVP_CTRL_AEAD_SET_IVLEN, AEAD_NONCE_LENGTH, NULL) > 0
         && (!ccm
             || EVP_CIPHER_CTX_ctrl (ctx, EVP_CTRL_AEAD_SET_TAG, tag_len,
                                     encrypt ? NULL : (void *) tag) > 0)
         && EVP_CipherInit_ex2 (ctx, NULL, g_bytes_get_data (keys->key, NULL), nonce, encrypt,
                                NULL)
         && (!ccm || EVP_CipherUpdate (ctx, NULL, &n, NULL, (int) data_len))
         && EVP_CipherUpdate (ctx, NULL, &n, aad_data, (int) aad_len);
}

/* Runs the suite's AEAD once over in. Encrypting, tag receives the tag. Decrypting, tag
 * is the received one and *tag_ok says whether it verified; *out is then whatever the
 * cipher released (GCM and ChaCha20 release unverified plaintext, CCM nothing). */
static gboolean
aead_run (const LabRecordKeys *keys, gboolean encrypt, const guint8 *nonce, GBytes *aad,
          const guint8 *in, gsize in_len, guint8 *tag, GBytes **out, gboolean *tag_ok,
          GError **error)
{
  g_autoptr (EVP_CIPHER) cipher = fetch_cipher (keys->suite, error);
  g_autoptr (EVP_CIPHER_CTX) ctx = EVP_CIPHER_CTX_new ();
  g_autofree guint8 *buf = g_malloc (in_len + 1);
  gboolean ccm;
  int n = 0, final_n = 0;
  gboolean ok;

  if (cipher == NULL)
    return FALSE;
  ccm = EVP_CIPHER_get_mode (cipher) == EVP_CIPH_CCM_MODE;
  if (ctx == NULL || !aead_start (ctx, cipher, keys, encrypt, nonce, aad, in_len, tag))
    {
      lab_set_error_from_openssl (error, "setting up the AEAD cipher");
      return FALSE;
    }
  /* An empty fragment still needs its update: CCM checks the tag there. */
  ok = EVP_CipherUpdate (ctx, buf, &n, in_len > 0 ? in : buf, (int) in_len) > 0;
  if (ok && !encrypt && !ccm)
    ok = EVP_CIPHER_CTX_ctrl (ctx, EVP_CTRL_AEAD_SET_TAG, keys->suite->tag_length, tag) > 0;
  if (ok && !ccm)
    ok = EVP_CipherFinal_ex (ctx, buf + n, &final_n) > 0;
  if (ok && encrypt)
    ok = EVP_CIPHER_CTX_ctrl (ctx, EVP_CTRL_AEAD_GET_TAG, keys->suite->tag_length, tag) > 0;
  if (encrypt && !ok)
    {
      lab_set_error_from_openssl (error, "encrypting the record");
      return FALSE;
    }
  /* Decrypting, a failure here is the tag check, which is an answer, not an error. */
  ERR_clear_error ();
  if (!encrypt)
    *tag_ok = ok;
  if (ok || !ccm)
    *out = g_bytes_new (buf, in_len);
  return TRUE;
}

static GBytes *
cbc_run (const LabRecordKeys *keys, gboolean encrypt, const guint8 *iv, const guint8 *in,
         gsize in_len, GError **error)
{
  g_autoptr (EVP_CIPHER) cipher = fetch_cipher (keys->suite, error);
  g_autoptr (EVP_CIPHER_CTX) ctx = EVP_CIPHER_CTX_new ();
  g_autofree guint8 *buf = g_malloc (in_len + keys->suite->block_size);
  int n = 0, final_n = 0;

  if (cipher == NULL)
    return NULL;
  /* TLS pads by its own rules (RFC 5246 §6.2.3.2), so the cipher must not. */
  if (ctx == NULL
      || !EVP_CipherInit_ex2 (ctx, cipher, g_bytes_get_data (keys->key, NULL), iv, encrypt,
                              NULL)
      || !EVP_CIPHER_CTX_set_padding (ctx, 0)
      || !EVP_CipherUpdate (ctx, buf, &n, in, (int) in_len)
      || !EVP_CipherFinal_ex (ctx, buf + n, &final_n))
    {
      lab_set_error_from_openssl (error, encrypt ? "CBC encryption" : "CBC decryption");
      return NULL;
    }
  return g_bytes_new (buf, (gsize) n + final_n);
}

static GBytes *
compute_mac (const LabRecordKeys *keys, GBytes *mac_input, GError **error)
{
  gsize key_len, input_len;
  const guint8 *key = bytes_data (keys->mac_key, &key_len);
  const guint8 *input = bytes_data (mac_input, &input_len);

  return lab_hmac (lab_mac_name (keys->suite->mac), key, key_len, input, input_len, error);
}

/* ---- nonces and MAC inputs ---- */

static const char nonce_formula_explicit[] = "salt || explicit_nonce";
static const char nonce_formula_xor[] = "iv XOR (00000000 || seq_num)";
static const char aad_formula[] = "seq_num || type || version || length(plaintext)";
static const char mac_input_formula_mte[] = "seq_num || type || version || length(plaintext) || "
                                            "plaintext";
static const char mac_input_formula_etm[] = "seq_num || type || version || "
                                            "length(IV || ciphertext) || IV || ciphertext";

static GBytes *
build_nonce (const LabRecordKeys *keys, GBytes *explicit_nonce)
{
  guint8 nonce[AEAD_NONCE_LENGTH] = { 0 };
  gsize iv_len, explicit_len;
  const guint8 *iv = bytes_data (keys->iv, &iv_len);
  const guint8 *explicit = bytes_data (explicit_nonce, &explicit_len);

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
static GBytes *
mac_input_new (guint64 seq, guint8 type, guint16 version, const guint8 *data1, gsize len1,
               const guint8 *data2, gsize len2)
{
  GByteArray *input = pseudo_header (seq, type, version, len1 + len2);

  g_byte_array_append (input, data1, len1);
  g_byte_array_append (input, data2, len2);
  return g_byte_array_free_to_bytes (input);
}

/* ---- opening ---- */

static void
set_verdict (LabRecordDecryption *d, LabRecordVerdict verdict, const char *format, ...)
  G_GNUC_PRINTF (3, 4);

static void
set_verdict (LabRecordDecryption *d, LabRecordVerdict verdict, const char *format, ...)
{
  va_list args;

  d->verdict = verdict;
  d->authentic = FALSE;
  g_clear_pointer (&d->reason, g_free);
  va_start (args, format);
  d->reason = g_strdup_vprintf (format, args);
  va_end (args);
}

static GBytes *
read_bytes (LabReader *reader, gsize len)
{
  const guint8 *p = NULL;

  if (!lab_reader_bytes (reader, len, &p))
    return NULL;
  return g_bytes_new (p, len);
}

static gboolean
macs_equal (GBytes *a, GBytes *b)
{
  return g_bytes_get_size (a) == g_bytes_get_size (b)
         && CRYPTO_memcmp (g_bytes_get_data (a, NULL), g_bytes_get_data (b, NULL),
                           g_bytes_get_size (a))
              == 0;
}

static gboolean
open_aead (const LabRecordKeys *keys, LabRecordDecryption *d, LabReader *fragment,
           GError **error)
{
  const LabCipherSuite *suite = keys->suite;
  gsize explicit_len = suite->protection == LAB_RECORD_AEAD_EXPLICIT_NONCE
                         ? suite->record_iv_length
                         : 0;
  gsize available = lab_reader_remaining (fragment);
  gsize ct_len;
  gboolean tag_ok = FALSE;
  g_autoptr (GByteArray) aad = NULL;

  if (available < explicit_len + suite->tag_length)
    {
      set_verdict (d, LAB_RECORD_TRUNCATED,
                   "a %s record holds a %" G_GSIZE_FORMAT "-byte explicit nonce and a %u-byte "
                   "tag, at least %" G_GSIZE_FORMAT " bytes after the header; this one has "
                   "only %" G_GSIZE_FORMAT,
                   suite->evp_cipher, explicit_len, suite->tag_length,
                   explicit_len + suite->tag_length, available);
      return TRUE;
    }
  ct_len = available - explicit_len - suite->tag_length;
  d->explicit_nonce = explicit_len > 0 ? read_bytes (fragment, explicit_len) : NULL;
  d->ciphertext = read_bytes (fragment, ct_len);
  d->tag = read_bytes (fragment, suite->tag_length);
  d->nonce = build_nonce (keys, d->explicit_nonce);
  d->nonce_formula = explicit_len > 0 ? nonce_formula_explicit : nonce_formula_xor;
  aad = pseudo_header (keys->seq, d->content_type, d->version, ct_len);
  d->aad = g_byte_array_free_to_bytes (g_steal_pointer (&aad));
  d->aad_formula = aad_formula;

  if (!aead_run (keys, FALSE, g_bytes_get_data (d->nonce, NULL), d->aad,
                 g_bytes_get_data (d->ciphertext, NULL), ct_len,
                 (guint8 *) g_bytes_get_data (d->tag, NULL), &d->decrypted, &tag_ok, error))
    return FALSE;
  if (!tag_ok)
    {
      set_verdict (d, LAB_RECORD_BAD_TAG,
                   "the %u-byte %s tag did not verify: the record was changed on the way, or "
                   "the key, IV or sequence number is not the sender's",
                   suite->tag_length, suite->evp_cipher);
      return TRUE;
    }
  d->plaintext = g_bytes_ref (d->decrypted);
  return TRUE;
}

/* RFC 5246 §6.2.3.2: the last byte says how many padding bytes precede it, and every one
 * of them holds that same value. room is how many decrypted bytes padding may take. */
static gboolean
check_padding (LabRecordDecryption *d, gsize room)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (d->decrypted, &len);
  guint8 pad = data[len - 1];
  gsize pad_total = MIN ((gsize) pad + 1, room);

  d->padding = g_bytes_new (data + len - pad_total, pad_total);
  if ((gsize) pad + 1 > room)
    {
      set_verdict (d, LAB_RECORD_BAD_PADDING,
                   "the padding is malformed: its last byte says %u bytes of padding precede "
                   "it, more than the record holds (a real TLS stack reports this as "
                   "bad_record_mac, so as not to tell an attacker which check failed)",
                   pad);
      return FALSE;
    }
  for (gsize i = len - pad_total; i < len; i++)
    if (data[i] != pad)
      {
        set_verdict (d, LAB_RECORD_BAD_PADDING,
                     "the padding is malformed: every padding byte must be %02x, but byte %"
                     G_GSIZE_FORMAT " of the decrypted fragment is %02x (a real TLS stack "
                     "reports this as bad_record_mac, so as not to tell an attacker which "
                     "check failed)",
                     pad, i, data[i]);
        return FALSE;
      }
  d->padding_ok = TRUE;
  return TRUE;
}

static gboolean
verify_mac (const LabRecordKeys *keys, LabRecordDecryption *d, GError **error)
{
  d->computed_mac = compute_mac (keys, d->mac_input, error);
  if (d->computed_mac == NULL)
    return FALSE;
  if (!macs_equal (d->received_mac, d->computed_mac))
    set_verdict (d, LAB_RECORD_BAD_MAC,
                 "the HMAC-%s in the record does not match the one computed over the MAC "
                 "input: the record was changed on the way, or the MAC key or sequence "
                 "number is not the sender's",
                 lab_mac_name (keys->suite->mac));
  return TRUE;
}

/* The smallest CBC record: IV, then enough whole blocks for its MAC and padding. */
static gsize
cbc_minimum (const LabRecordKeys *keys)
{
  const LabCipherSuite *suite = keys->suite;
  gsize bs = suite->block_size;

  if (keys->encrypt_then_mac)
    return suite->record_iv_length + bs + suite->tag_length;
  return suite->record_iv_length + (suite->tag_length + 1 + bs - 1) / bs * bs;
}

static gboolean
open_cbc_blocks (const LabRecordKeys *keys, LabRecordDecryption *d, LabReader *fragment)
{
  const LabCipherSuite *suite = keys->suite;
  gsize available = lab_reader_remaining (fragment);
  gsize mac_after = keys->encrypt_then_mac ? suite->tag_length : 0;
  gsize ct_len;

  if (available < cbc_minimum (keys))
    {
      set_verdict (d, LAB_RECORD_TRUNCATED,
                   "a %s record (%s) needs at least %" G_GSIZE_FORMAT " bytes after the "
                   "header: an IV, then whole blocks holding the MAC and padding; this one "
                   "has %" G_GSIZE_FORMAT,
                   suite->openssl_name,
                   keys->encrypt_then_mac ? "encrypt-then-MAC" : "MAC-then-encrypt",
                   cbc_minimum (keys), available);
      return FALSE;
    }
  ct_len = available - suite->record_iv_length - mac_after;
  d->record_iv = read_bytes (fragment, suite->record_iv_length);
  d->ciphertext = read_bytes (fragment, ct_len);
  d->received_mac = mac_after > 0 ? read_bytes (fragment, mac_after) : NULL;
  if (ct_len % suite->block_size != 0)
    {
      set_verdict (d, LAB_RECORD_BAD_LENGTH,
                   "the ciphertext is %" G_GSIZE_FORMAT " bytes, not a whole number of "
                   "%u-byte blocks",
                   ct_len, suite->block_size);
      return FALSE;
    }
  return TRUE;
}

/* RFC 7366 §3: the MAC covers IV and ciphertext, and is checked before decrypting. */
static gboolean
open_cbc_etm (const LabRecordKeys *keys, LabRecordDecryption *d, GError **error)
{
  gsize iv_len, ct_len, dec_len;
  const guint8 *iv = g_bytes_get_data (d->record_iv, &iv_len);
  const guint8 *ct = g_bytes_get_data (d->ciphertext, &ct_len);

  d->mac_input = mac_input_new (keys->seq, d->content_type, d->version, iv, iv_len, ct, ct_len);
  d->mac_input_formula = mac_input_formula_etm;
  if (!verify_mac (keys, d, error))
    return FALSE;
  if (d->verdict != LAB_RECORD_AUTHENTIC)
    return TRUE; /* RFC 7366: a receiver never decrypts what failed its MAC */
  d->decrypted = cbc_run (keys, FALSE, iv, ct, ct_len, error);
  if (d->decrypted == NULL)
    return FALSE;
  dec_len = g_bytes_get_size (d->decrypted);
  if (check_padding (d, dec_len))
    d->plaintext = g_bytes_new_from_bytes (d->decrypted, 0,
                                           dec_len - g_bytes_get_size (d->padding));
  return TRUE;
}

/* RFC 5246 §6.2.3.2: decrypt, strip the padding, then check the MAC that precedes it. */
static gboolean
open_cbc_mte (const LabRecordKeys *keys, LabRecordDecryption *d, GError **error)
{
  gsize mac_len = keys->suite->tag_length;
  gsize iv_len, ct_len, dec_len, content_len;
  const guint8 *iv = g_bytes_get_data (d->record_iv, &iv_len);
  const guint8 *ct = g_bytes_get_data (d->ciphertext, &ct_len);
  const guint8 *dec;

  d->decrypted = cbc_run (keys, FALSE, iv, ct, ct_len, error);
  if (d->decrypted == NULL)
    return FALSE;
  dec = g_bytes_get_data (d->decrypted, &dec_len);
  if (!check_padding (d, dec_len - mac_len))
    return TRUE;
  content_len = dec_len - mac_len - g_bytes_get_size (d->padding);
  d->received_mac = g_bytes_new (dec + content_len, mac_len);
  d->mac_input = mac_input_new (keys->seq, d->content_type, d->version, dec, content_len,
                                NULL, 0);
  d->mac_input_formula = mac_input_formula_mte;
  if (!verify_mac (keys, d, error))
    return FALSE;
  if (d->verdict == LAB_RECORD_AUTHENTIC)
    d->plaintext = g_bytes_new (dec, content_len);
  return TRUE;
}

static gboolean
open_cbc (const LabRecordKeys *keys, LabRecordDecryption *d, LabReader *fragment,
          GError **error)
{
  if (!open_cbc_blocks (keys, d, fragment))
    return TRUE;
  return keys->encrypt_then_mac ? open_cbc_etm (keys, d, error) : open_cbc_mte (keys, d, error);
}

/* The header, and a fragment that must be exactly as long as the header says. */
static gboolean
read_header (LabRecordDecryption *d, LabReader *reader, LabReader *fragment)
{
  gsize available;

  if (lab_reader_remaining (reader) < LAB_RECORD_HEADER_LENGTH)
    {
      set_verdict (d, LAB_RECORD_TRUNCATED,
                   "a record starts with a %d-byte header; this one has only %" G_GSIZE_FORMAT
                   " bytes",
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
      set_verdict (d, available < d->length ? LAB_RECORD_TRUNCATED : LAB_RECORD_BAD_LENGTH,
                   "the header announces %u bytes, but %" G_GSIZE_FORMAT " follow it",
                   d->length, available);
      return FALSE;
    }
  return lab_reader_sub (reader, d->length, fragment);
}

LabRecordDecryption *
lab_record_decrypt (const LabRecordKeys *keys, GBytes *record, GError **error)
{
  g_autoptr (LabRecordDecryption) d = NULL;
  gsize len;
  const guint8 *data = bytes_data (record, &len);
  LabReader reader, fragment;
  gboolean ok;

  if (!check_keys (keys, error))
    return NULL;
  d = g_new0 (LabRecordDecryption, 1);
  d->suite = keys->suite;
  d->seq = keys->seq;
  d->encrypt_then_mac = keys->encrypt_then_mac && is_cbc (keys->suite);
  d->verdict = LAB_RECORD_AUTHENTIC;
  d->authentic = TRUE;

  lab_reader_init (&reader, data, len);
  if (!read_header (d, &reader, &fragment))
    return g_steal_pointer (&d);
  ok = is_cbc (keys->suite) ? open_cbc (keys, d, &fragment, error)
                            : open_aead (keys, d, &fragment, error);
  if (!ok)
    return NULL;
  return g_steal_pointer (&d);
}

/* ---- protecting ---- */

/* header || parts..., the header announcing the parts' total length. NULL parts are
 * skipped. */
static GBytes *
assemble_record (guint8 type, GBytes *const *parts, guint n_parts)
{
  GByteArray *record = g_byte_array_new ();
  gsize total = 0;
  g_autoptr (GBytes) header = NULL;

  for (guint i = 0; i < n_parts; i++)
    total += bytes_size (parts[i]);
  header = record_header (type, total);
  g_byte_array_append (record, g_bytes_get_data (header, NULL), LAB_RECORD_HEADER_LENGTH);
  for (guint i = 0; i < n_parts; i++)
    if (bytes_size (parts[i]) > 0)
      g_byte_array_append (record, g_bytes_get_data (parts[i], NULL), bytes_size (parts[i]));
  return g_byte_array_free_to_bytes (record);
}

static GBytes *
seal_aead (const LabRecordKeys *keys, guint8 type, GBytes *plaintext, GBytes *explicit_nonce,
           GError **error)
{
  gsize pt_len;
  const guint8 *pt = bytes_data (plaintext, &pt_len);
  g_autoptr (GBytes) nonce = build_nonce (keys, explicit_nonce);
  g_autoptr (GByteArray) aad_array = pseudo_header (keys->seq, type, LAB_RECORD_VERSION_TLS12,
                                                    pt_len);
  g_autoptr (GBytes) aad = g_byte_array_free_to_bytes (g_steal_pointer (&aad_array));
  g_autoptr (GBytes) ciphertext = NULL;
  g_autoptr (GBytes) tag = NULL;
  guint8 tag_buf[AEAD_MAX_TAG_LENGTH];

  if (!aead_run (keys, TRUE, g_bytes_get_data (nonce, NULL), aad, pt, pt_len, tag_buf,
                 &ciphertext, NULL, error))
    return NULL;
  tag = g_bytes_new (tag_buf, keys->suite->tag_length);
  return assemble_record (type, (GBytes *[]){ explicit_nonce, ciphertext, tag }, 3);
}

/* Padding as short as RFC 5246 §6.2.3.2 allows: n+1 bytes of value n up to a whole block. */
static void
append_padding (GByteArray *data, gsize block_size)
{
  guint8 pad = (guint8) ((block_size - (data->len + 1) % block_size) % block_size);

  for (guint i = 0; i <= pad; i++)
    g_byte_array_append (data, &pad, 1);
}

static GBytes *
seal_cbc (const LabRecordKeys *keys, guint8 type, GBytes *plaintext, GBytes *iv,
          GError **error)
{
  gsize pt_len, iv_len;
  const guint8 *pt = bytes_data (plaintext, &pt_len);
  const guint8 *iv_data = g_bytes_get_data (iv, &iv_len);
  g_autoptr (GByteArray) body = g_byte_array_new ();
  g_autoptr (GBytes) ciphertext = NULL;
  g_autoptr (GBytes) mac_input = NULL;
  g_autoptr (GBytes) mac = NULL;
  gsize ct_len;

  g_byte_array_append (body, pt, pt_len);
  if (!keys->encrypt_then_mac)
    {
      mac_input = mac_input_new (keys->seq, type, LAB_RECORD_VERSION_TLS12, pt, pt_len, NULL,
                                 0);
      mac = compute_mac (keys, mac_input, error);
      if (mac == NULL)
        return NULL;
      g_byte_array_append (body, g_bytes_get_data (mac, NULL), g_bytes_get_size (mac));
    }
  append_padding (body, keys->suite->block_size);
  ciphertext = cbc_run (keys, TRUE, iv_data, body->data, body->len, error);
  if (ciphertext == NULL)
    return NULL;
  if (keys->encrypt_then_mac)
    {
      const guint8 *ct = g_bytes_get_data (ciphertext, &ct_len);

      mac_input = mac_input_new (keys->seq, type, LAB_RECORD_VERSION_TLS12, iv_data, iv_len,
                                 ct, ct_len);
      mac = compute_mac (keys, mac_input, error);
      if (mac == NULL)
        return NULL;
      return assemble_record (type, (GBytes *[]){ iv, ciphertext, mac }, 3);
    }
  return assemble_record (type, (GBytes *[]){ iv, ciphertext }, 2);
}

/* RFC 5288 §3 suggests the sequence number as the explicit nonce: unique and, unlike a
 * random one, reproducible. A CBC IV must be unpredictable (RFC 5246 §6.2.3.2). */
static GBytes *
default_record_iv (const LabRecordKeys *keys, GError **error)
{
  guint8 iv[EVP_MAX_IV_LENGTH];
  gsize len = keys->suite->record_iv_length;

  if (!is_cbc (keys->suite))
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
  if (bytes_size (plaintext) > LAB_RECORD_MAX_PLAINTEXT)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
                   "a record holds at most %d bytes of plaintext, not %" G_GSIZE_FORMAT,
                   LAB_RECORD_MAX_PLAINTEXT, bytes_size (plaintext));
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
  if (is_cbc (suite))
    return seal_cbc (keys, content_type, plaintext, record_iv, error);
  return seal_aead (keys, content_type, plaintext, iv_len > 0 ? record_iv : NULL, error);
}
