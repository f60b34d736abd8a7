/* lab-record-tls13.c: TLS 1.3 records (RFC 8446 §5.2-5.4). Every protected record says
 * application_data on the outside; the AEAD's nonce is the write IV XOR the sequence
 * number (padded on the left to 12 bytes), its additional data the 5-byte record header
 * itself, and what it opens is TLSInnerPlaintext: the content, then its true content type,
 * then as many zero bytes of padding as the sender chose. */
#include "lab-record-protection-private.h"

#include "lab-writer.h"

gboolean
lab_record_open_tls13 (const LabRecordKeys *keys, LabRecordDecryption *d, LabReader *fragment,
                       GError **error)
{
  const LabCipherSuite *suite = keys->suite;
  gsize available = lab_reader_remaining (fragment);
  gsize ct_len, len, end;
  const guint8 *inner;
  gboolean tag_ok = FALSE;

  d->tls13 = TRUE;
  /* RFC 8446 §5.2: the content type and the tag are always there, so at least tag + 1 */
  if (available < (gsize) suite->tag_length + 1)
    {
      lab_record_set_verdict (
        d, LAB_RECORD_TRUNCATED,
        "a TLS 1.3 record holds at least its content type and a %u-byte tag, %u bytes after "
        "the header; this one has only %" G_GSIZE_FORMAT,
        suite->tag_length, suite->tag_length + 1u, available);
      return TRUE;
    }
  ct_len = available - suite->tag_length;
  d->ciphertext = lab_record_read_bytes (fragment, ct_len);
  d->tag = lab_record_read_bytes (fragment, suite->tag_length);
  d->nonce = lab_record_build_nonce (keys, NULL);
  d->nonce_formula = lab_record_nonce_formula_xor;
  d->aad = g_bytes_ref (d->header);
  d->aad_formula = lab_record_aad_formula_tls13;

  if (!lab_record_aead_run (keys, FALSE, g_bytes_get_data (d->nonce, NULL), d->aad,
                            g_bytes_get_data (d->ciphertext, NULL), ct_len,
                            (guint8 *) g_bytes_get_data (d->tag, NULL), &d->decrypted, &tag_ok,
                            error))
    return FALSE;
  if (!tag_ok)
    {
      lab_record_set_verdict (
        d, LAB_RECORD_BAD_TAG,
        "the %u-byte %s tag did not verify: the record was changed on the way, or the key, "
        "IV or sequence number is not the sender's (in TLS 1.3 the keys change after the "
        "hellos and after the Finished)",
        suite->tag_length, suite->evp_cipher);
      return TRUE;
    }
  /* RFC 8446 §5.4: the content type is the last byte that is not zero */
  inner = g_bytes_get_data (d->decrypted, &len);
  for (end = len; end > 0 && inner[end - 1] == 0; end--)
    ;
  d->padding = g_bytes_new (inner + end, len - end);
  if (end == 0)
    {
      lab_record_set_verdict (
        d, LAB_RECORD_NO_CONTENT_TYPE,
        "the record is authentic, but its %" G_GSIZE_FORMAT " bytes of plaintext are all "
        "zeros: there is no content type in it, and RFC 8446 §5.4 says the receiver must end "
        "the connection with unexpected_message",
        len);
      return TRUE;
    }
  d->inner_content_type = inner[end - 1];
  d->plaintext = g_bytes_new (inner, end - 1);
  return TRUE;
}

GBytes *
lab_record_seal_tls13 (const LabRecordKeys *keys, guint8 type, GBytes *plaintext, gsize zeros,
                       GError **error)
{
  gsize pt_len;
  const guint8 *pt = lab_record_bytes_data (plaintext, &pt_len);
  g_autoptr (GByteArray) inner_array = g_byte_array_new ();
  g_autoptr (GByteArray) header_array = g_byte_array_new ();
  g_autoptr (GBytes) inner = NULL;
  g_autoptr (GBytes) header = NULL;
  g_autoptr (GBytes) nonce = lab_record_build_nonce (keys, NULL);
  g_autoptr (GBytes) ciphertext = NULL;
  g_autoptr (GBytes) tag = NULL;
  guint8 tag_buf[AEAD_MAX_TAG_LENGTH];
  LabWriter w;

  lab_writer_init (&w, inner_array);
  lab_writer_bytes (&w, pt, pt_len);
  lab_writer_u8 (&w, type);
  lab_writer_zeros (&w, zeros);
  inner = g_byte_array_free_to_bytes (g_steal_pointer (&inner_array));
  /* the header is the additional data, so it is written first: it announces the
   * ciphertext and the tag */
  lab_writer_init (&w, header_array);
  lab_writer_u8 (&w, LAB_CONTENT_APPLICATION_DATA);
  lab_writer_u16 (&w, LAB_RECORD_VERSION_TLS12);
  lab_writer_u16 (&w, (guint16) (g_bytes_get_size (inner) + keys->suite->tag_length));
  header = g_byte_array_free_to_bytes (g_steal_pointer (&header_array));
  if (!lab_record_aead_run (keys, TRUE, g_bytes_get_data (nonce, NULL), header,
                            g_bytes_get_data (inner, NULL), g_bytes_get_size (inner), tag_buf,
                            &ciphertext, NULL, error))
    return NULL;
  tag = g_bytes_new (tag_buf, keys->suite->tag_length);
  return lab_record_assemble (LAB_CONTENT_APPLICATION_DATA, (GBytes *[]){ ciphertext, tag }, 2);
}
