/* fuzz-certificate.c: one DER certificate (RFC 5280) as a peer sends it, inside a
 * Certificate message (RFC 5246 §7.4.2) whose lengths fit, so that every input reaches
 * the DER reader. Input: the certificate's DER bytes. */
#include "lab-fuzz.h"

#define CERTIFICATE_TYPE 11
#define MAX_UINT24 0xffffff

static void
put_uint24 (GByteArray *out, gsize value)
{
  const guint8 bytes[3] = { (value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff };

  g_byte_array_append (out, bytes, sizeof bytes);
}

int
lab_fuzz_certificate (const guint8 *data, gsize len)
{
  g_autoptr (GByteArray) message = g_byte_array_new ();
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (LabField) tree = NULL;
  const guint8 type = CERTIFICATE_TYPE;
  LabDissectOptions options = { 0 };

  if (len + 6 > MAX_UINT24)
    return 0;
  g_byte_array_append (message, &type, 1);
  put_uint24 (message, len + 6);  /* the body: certificate_list */
  put_uint24 (message, len + 3);  /* certificate_list<0..2^24-1> */
  put_uint24 (message, len);      /* ASN.1Cert<1..2^24-1> */
  g_byte_array_append (message, data, (guint) len);
  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&message));
  tree = lab_dissect_message (bytes, &options);
  lab_fuzz_check_tree (tree, g_bytes_get_size (bytes));
  return 0;
}
