/* lab-record-aead.c: AEAD records: GCM and CCM (RFC 5288, RFC 6655: a 4-byte salt and
 * an 8-byte explicit nonce) and ChaCha20-Poly1305 (RFC 7905: the IV XOR the sequence
 * number); the additional data is seq_num || type || version || length (RFC 5246
 * §6.2.3.3). */
#include "lab-record-protection-private.h"

#include "lab-crypto-autoptr.h"
#include "lab-error.h"

#include <openssl/err.h>

/* Everything an AEAD cipher run needs before it sees data. CCM wants the tag length
 * (and, decrypting, the tag) before the key, and the message length before the AAD. */
static gboolean
aead_start (EVP_CIPHER_CTX *ctx, EVP_CIPHER *cipher, const LabRecordKeys *keys, gboolean encrypt,
            const guint8 *nonce, GBytes *aad, gsize data_len, const guint8 *tag)
{
  gboolean ccm = EVP_CIPHER_get_mode (cipher) == EVP_CIPH_CCM_MODE;
  int tag_len = keys->suite->tag_length;
  int n = 0;
  gsize aad_len;
  const guint8 *aad_data = lab_record_bytes_data (aad, &aad_len);

  return EVP_CipherInit_ex2 (ctx, cipher, NULL, NULL, encrypt, NULL)
         && EVP_CIPHER_CTX_ctrl (ctx, EVP_CTRL_AEAD_SET_IVLEN, AEAD_NONCE_LENGTH, NULL) > 0
         && (!ccm
             || EVP_CIPHER_CTX_ctrl (ctx, EVP_CTRL_AEAD_SET_TAG, tag_len,
                                     encrypt ? NULL : (void *) tag)
                  > 0)
         && EVP_CipherInit_ex2 (ctx, NULL, g_bytes_get_data (keys->key, NULL), nonce, encrypt, NULL)
         && (!ccm || EVP_CipherUpdate (ctx, NULL, &n, NULL, (int) data_len))
         && EVP_CipherUpdate (ctx, NULL, &n, aad_data, (int) aad_len);
}
gboolean
lab_record_aead_run (const LabRecordKeys *keys, gboolean encrypt, const guint8 *nonce, GBytes *aad,
                     const guint8 *in, gsize in_len, guint8 *tag, GBytes **out, gboolean *tag_ok,
                     GError **error)
{
  g_autoptr (EVP_CIPHER) cipher = lab_record_fetch_cipher (keys->suite, error);
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
gboolean
lab_record_open_aead (const LabRecordKeys *keys, LabRecordDecryption *d, LabReader *fragment,
                      GError **error)
{
  const LabCipherSuite *suite = keys->suite;
  gsize explicit_len
    = suite->protection == LAB_RECORD_AEAD_EXPLICIT_NONCE ? suite->record_iv_length : 0;
  gsize available = lab_reader_remaining (fragment);
  gsize ct_len;
  gboolean tag_ok = FALSE;
  g_autoptr (GByteArray) aad = NULL;

  if (available < explicit_len + suite->tag_length)
    {
      lab_record_set_verdict (
        d, LAB_RECORD_TRUNCATED,
        "a %s record holds a %" G_GSIZE_FORMAT "-byte explicit nonce and a %u-byte "
        "tag, at least %" G_GSIZE_FORMAT " bytes after the header; this one has "
        "only %" G_GSIZE_FORMAT,
        suite->evp_cipher, explicit_len, suite->tag_length, explicit_len + suite->tag_length,
        available);
      return TRUE;
    }
  ct_len = available - explicit_len - suite->tag_length;
  d->explicit_nonce = explicit_len > 0 ? lab_record_read_bytes (fragment, explicit_len) : NULL;
  d->ciphertext = lab_record_read_bytes (fragment, ct_len);
  d->tag = lab_record_read_bytes (fragment, suite->tag_length);
  d->nonce = lab_record_build_nonce (keys, d->explicit_nonce);
  d->nonce_formula
    = explicit_len > 0 ? lab_record_nonce_formula_explicit : lab_record_nonce_formula_xor;
  aad = lab_record_pseudo_header (keys->seq, d->content_type, d->version, ct_len);
  d->aad = g_byte_array_free_to_bytes (g_steal_pointer (&aad));
  d->aad_formula = lab_record_aad_formula;

  if (!lab_record_aead_run (keys, FALSE, g_bytes_get_data (d->nonce, NULL), d->aad,
                            g_bytes_get_data (d->ciphertext, NULL), ct_len,
                            (guint8 *) g_bytes_get_data (d->tag, NULL), &d->decrypted, &tag_ok,
                            error))
    return FALSE;
  if (!tag_ok)
    {
      lab_record_set_verdict (
        d, LAB_RECORD_BAD_TAG,
        "the %u-byte %s tag did not verify: the record was changed on the way, or "
        "the key, IV or sequence number is not the sender's",
        suite->tag_length, suite->evp_cipher);
      return TRUE;
    }
  d->plaintext = g_bytes_ref (d->decrypted);
  return TRUE;
}
GBytes *
lab_record_seal_aead (const LabRecordKeys *keys, guint8 type, GBytes *plaintext,
                      GBytes *explicit_nonce, GError **error)
{
  gsize pt_len;
  const guint8 *pt = lab_record_bytes_data (plaintext, &pt_len);
  g_autoptr (GBytes) nonce = lab_record_build_nonce (keys, explicit_nonce);
  g_autoptr (GByteArray) aad_array
    = lab_record_pseudo_header (keys->seq, type, LAB_RECORD_VERSION_TLS12, pt_len);
  g_autoptr (GBytes) aad = g_byte_array_free_to_bytes (g_steal_pointer (&aad_array));
  g_autoptr (GBytes) ciphertext = NULL;
  g_autoptr (GBytes) tag = NULL;
  guint8 tag_buf[AEAD_MAX_TAG_LENGTH];

  if (!lab_record_aead_run (keys, TRUE, g_bytes_get_data (nonce, NULL), aad, pt, pt_len, tag_buf,
                            &ciphertext, NULL, error))
    return NULL;
  tag = g_bytes_new (tag_buf, keys->suite->tag_length);
  return lab_record_assemble (type, (GBytes *[]){ explicit_nonce, ciphertext, tag }, 3);
}
