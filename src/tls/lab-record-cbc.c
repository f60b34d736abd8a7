/* lab-record-cbc.c: the records an HMAC protects. CBC records (RFC 5246 §6.2.3.2): a
 * fresh IV, then the HMAC and the padding, MAC-then-encrypt, or encrypt-then-MAC when RFC
 * 7366 was negotiated. Padding and MAC errors are told apart here, which a real receiver
 * must not do (Lucky13, RFC 7366 §3): the lab explains records, it does not defend
 * against an attacker. And the NULL cipher's (§6.2.3.1): the content, then its HMAC,
 * nothing encrypted. */
#include "lab-record-protection-private.h"

#include "lab-crypto-autoptr.h"
#include "lab-error.h"
#include "lab-prf.h"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/rand.h>

static GBytes *
cbc_run (const LabRecordKeys *keys, gboolean encrypt, const guint8 *iv, const guint8 *in,
         gsize in_len, GError **error)
{
  g_autoptr (EVP_CIPHER) cipher = lab_record_fetch_cipher (keys->suite, error);
  g_autoptr (EVP_CIPHER_CTX) ctx = EVP_CIPHER_CTX_new ();
  g_autofree guint8 *buf = g_malloc (in_len + keys->suite->block_size);
  int n = 0, final_n = 0;

  if (cipher == NULL)
    return NULL;
  /* TLS pads by its own rules (RFC 5246 §6.2.3.2), so the cipher must not. */
  if (ctx == NULL
      || !EVP_CipherInit_ex2 (ctx, cipher, g_bytes_get_data (keys->key, NULL), iv, encrypt, NULL)
      || !EVP_CIPHER_CTX_set_padding (ctx, 0) || !EVP_CipherUpdate (ctx, buf, &n, in, (int) in_len)
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
  const guint8 *key = lab_record_bytes_data (keys->mac_key, &key_len);
  const guint8 *input = lab_record_bytes_data (mac_input, &input_len);

  return lab_hmac (lab_mac_name (keys->suite->mac), key, key_len, input, input_len, error);
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
      lab_record_set_verdict (
        d, LAB_RECORD_BAD_PADDING,
        "the padding is malformed: its last byte says %u bytes of padding precede "
        "it, more than the record holds (a real TLS stack reports this as "
        "bad_record_mac, so as not to tell an attacker which check failed)",
        pad);
      return FALSE;
    }
  for (gsize i = len - pad_total; i < len; i++)
    if (data[i] != pad)
      {
        lab_record_set_verdict (
          d, LAB_RECORD_BAD_PADDING,
          "the padding is malformed: every padding byte must be %02x, but byte %" G_GSIZE_FORMAT
          " of the decrypted fragment is %02x (a real TLS stack "
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
  if (!lab_record_macs_equal (d->received_mac, d->computed_mac))
    lab_record_set_verdict (
      d, LAB_RECORD_BAD_MAC,
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
      lab_record_set_verdict (
        d, LAB_RECORD_TRUNCATED,
        "a %s record (%s) needs at least %" G_GSIZE_FORMAT " bytes after the "
        "header: an IV, then whole blocks holding the MAC and padding; this one "
        "has %" G_GSIZE_FORMAT,
        suite->openssl_name, keys->encrypt_then_mac ? "encrypt-then-MAC" : "MAC-then-encrypt",
        cbc_minimum (keys), available);
      return FALSE;
    }
  ct_len = available - suite->record_iv_length - mac_after;
  d->record_iv = lab_record_read_bytes (fragment, suite->record_iv_length);
  d->ciphertext = lab_record_read_bytes (fragment, ct_len);
  d->received_mac = mac_after > 0 ? lab_record_read_bytes (fragment, mac_after) : NULL;
  if (ct_len % suite->block_size != 0)
    {
      lab_record_set_verdict (d, LAB_RECORD_BAD_LENGTH,
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

  d->mac_input
    = lab_record_mac_input_new (keys->seq, d->content_type, d->version, iv, iv_len, ct, ct_len);
  d->mac_input_formula = lab_record_mac_input_formula_etm;
  if (!verify_mac (keys, d, error))
    return FALSE;
  if (d->verdict != LAB_RECORD_AUTHENTIC)
    return TRUE; /* RFC 7366: a receiver never decrypts what failed its MAC */
  d->decrypted = cbc_run (keys, FALSE, iv, ct, ct_len, error);
  if (d->decrypted == NULL)
    return FALSE;
  dec_len = g_bytes_get_size (d->decrypted);
  if (check_padding (d, dec_len))
    d->plaintext
      = g_bytes_new_from_bytes (d->decrypted, 0, dec_len - g_bytes_get_size (d->padding));
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
  d->mac_input
    = lab_record_mac_input_new (keys->seq, d->content_type, d->version, dec, content_len, NULL, 0);
  d->mac_input_formula = lab_record_mac_input_formula_mte;
  if (!verify_mac (keys, d, error))
    return FALSE;
  if (d->verdict == LAB_RECORD_AUTHENTIC)
    d->plaintext = g_bytes_new (dec, content_len);
  return TRUE;
}
gboolean
lab_record_open_cbc (const LabRecordKeys *keys, LabRecordDecryption *d, LabReader *fragment,
                     GError **error)
{
  if (!open_cbc_blocks (keys, d, fragment))
    return TRUE;
  return keys->encrypt_then_mac ? open_cbc_etm (keys, d, error) : open_cbc_mte (keys, d, error);
}
/* Padding as short as RFC 5246 §6.2.3.2 allows: n+1 bytes of value n up to a whole block. */
static void
append_padding (GByteArray *data, gsize block_size)
{
  guint8 pad = (guint8) ((block_size - (data->len + 1) % block_size) % block_size);

  for (guint i = 0; i <= pad; i++)
    g_byte_array_append (data, &pad, 1);
}
GBytes *
lab_record_seal_cbc (const LabRecordKeys *keys, guint8 type, GBytes *plaintext, GBytes *iv,
                     GError **error)
{
  gsize pt_len, iv_len;
  const guint8 *pt = lab_record_bytes_data (plaintext, &pt_len);
  const guint8 *iv_data = g_bytes_get_data (iv, &iv_len);
  g_autoptr (GByteArray) body = g_byte_array_new ();
  g_autoptr (GBytes) ciphertext = NULL;
  g_autoptr (GBytes) mac_input = NULL;
  g_autoptr (GBytes) mac = NULL;
  gsize ct_len;

  g_byte_array_append (body, pt, pt_len);
  if (!keys->encrypt_then_mac)
    {
      mac_input
        = lab_record_mac_input_new (keys->seq, type, LAB_RECORD_VERSION_TLS12, pt, pt_len, NULL, 0);
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

      mac_input = lab_record_mac_input_new (keys->seq, type, LAB_RECORD_VERSION_TLS12, iv_data,
                                            iv_len, ct, ct_len);
      mac = compute_mac (keys, mac_input, error);
      if (mac == NULL)
        return NULL;
      return lab_record_assemble (type, (GBytes *[]){ iv, ciphertext, mac }, 3);
    }
  return lab_record_assemble (type, (GBytes *[]){ iv, ciphertext }, 2);
}

/* ---- the NULL cipher ----
 *
 * RFC 5246 §6.2.3.1: a stream cipher's record is the content and its MAC, both
 * "encrypted"; with the NULL cipher the encryption does nothing. The MAC input is MtE's:
 * with nothing encrypted and no padding it is also what encrypt-then-MAC would cover. */

gboolean
lab_record_open_null (const LabRecordKeys *keys, LabRecordDecryption *d, LabReader *fragment,
                      GError **error)
{
  gsize mac_len = keys->suite->tag_length;
  gsize available = lab_reader_remaining (fragment);
  gsize content_len, dec_len;
  const guint8 *content;

  if (available < mac_len)
    {
      lab_record_set_verdict (d, LAB_RECORD_TRUNCATED,
                              "a %s record ends with its %" G_GSIZE_FORMAT "-byte HMAC-%s; this "
                              "one has only %" G_GSIZE_FORMAT " bytes after the header",
                              keys->suite->openssl_name, mac_len, lab_mac_name (keys->suite->mac),
                              available);
      return TRUE;
    }
  content_len = available - mac_len;
  d->ciphertext = lab_record_read_bytes (fragment, content_len); /* not encrypted */
  d->received_mac = lab_record_read_bytes (fragment, mac_len);
  content = g_bytes_get_data (d->ciphertext, &dec_len);
  d->mac_input = lab_record_mac_input_new (keys->seq, d->content_type, d->version, content,
                                           content_len, NULL, 0);
  d->mac_input_formula = lab_record_mac_input_formula_mte;
  if (!verify_mac (keys, d, error))
    return FALSE;
  if (d->verdict == LAB_RECORD_AUTHENTIC)
    d->plaintext = g_bytes_ref (d->ciphertext);
  return TRUE;
}

GBytes *
lab_record_seal_null (const LabRecordKeys *keys, guint8 type, GBytes *plaintext, GError **error)
{
  gsize pt_len;
  const guint8 *pt = lab_record_bytes_data (plaintext, &pt_len);
  g_autoptr (GBytes) mac_input
    = lab_record_mac_input_new (keys->seq, type, LAB_RECORD_VERSION_TLS12, pt, pt_len, NULL, 0);
  g_autoptr (GBytes) mac = compute_mac (keys, mac_input, error);

  if (mac == NULL)
    return NULL;
  return lab_record_assemble (type, (GBytes *[]){ plaintext, mac }, 2);
}
