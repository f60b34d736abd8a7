/* fuzz-hex.c: hexadecimal text as `dissect`, `derive` and `decrypt-record` read it.
 * Input: the text (it ends at the first NUL, as a command-line argument does). What reads
 * encodes back to the same bytes; what does not says where. */
#include "lab-fuzz.h"

#include "tls/lab-error.h"
#include "tls/lab-hex.h"

int
lab_fuzz_hex (const guint8 *data, gsize len)
{
  g_autofree char *text = g_strndup ((const char *) data, len);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = lab_hex_decode (text, &error);
  g_autofree char *encoded = NULL;
  g_autoptr (GBytes) again = NULL;

  g_assert_true ((bytes == NULL) == (error != NULL));
  if (bytes == NULL)
    {
      g_assert_error (error, LAB_ERROR, LAB_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "offset"));
      return 0;
    }
  encoded = lab_hex_encode_bytes (bytes);
  g_assert_cmpuint (strlen (encoded), ==, 2 * g_bytes_get_size (bytes));
  again = lab_hex_decode (encoded, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (again, bytes));
  return 0;
}
