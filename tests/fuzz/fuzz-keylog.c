/* fuzz-keylog.c: an NSS key log (SSLKEYLOGFILE), and the same bytes as the blocks of a
 * pcapng file whose Decryption Secrets Blocks hold one. Input: the file's bytes. */
#include "lab-fuzz.h"

#include "engine/capture/lab-keylog.h"
#include "tls/lab-error.h"

int
lab_fuzz_keylog (const guint8 *data, gsize len)
{
  g_autoptr (LabKeylog) keylog = lab_keylog_new ();
  g_autoptr (LabKeylog) from_pcapng = lab_keylog_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) random = g_bytes_new (data, MIN (len, 32));

  if (!lab_keylog_add_text (keylog, "fuzz.keylog", (const char *) data, len, &error))
    {
      g_assert_error (error, LAB_ERROR, LAB_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, "fuzz.keylog"));
      g_clear_error (&error);
    }
  if (lab_keylog_lookup (keylog, random) != NULL)
    g_assert_nonnull (lab_keylog_lookup_line (keylog, random));
  (void) lab_keylog_lookup_rsa (keylog, random);
  (void) lab_keylog_size (keylog);
  if (!lab_keylog_add_pcapng (from_pcapng, "fuzz.pcapng", data, len, &error))
    g_assert_true (g_str_has_prefix (error->message, "fuzz.pcapng"));
  return 0;
}
