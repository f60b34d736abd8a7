/* fuzz-message.c: one bare handshake message, as OpenSSL's message callback hands it
 * over and as `dissect --message` reads it. Input: one byte of dissector options (see
 * lab_fuzz_dissect_options), then the message, 4-byte header included. */
#include "lab-fuzz.h"

int
lab_fuzz_message (const guint8 *data, gsize len)
{
  LabDissectOptions options;
  g_autoptr (GBytes) bytes = lab_fuzz_split_options (data, len, &options);
  g_autoptr (LabField) tree = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *quick = NULL;

  if (bytes == NULL)
    return 0;
  tree = lab_dissect_message (bytes, &options);
  lab_fuzz_check_tree (tree, len - 1);
  /* The ladder's line. lab_dissect_message_summary dissects again, leaving out what
   * libcrypto decodes for display: the same line as the whole tree's. */
  summary = lab_dissect_summarize (tree);
  g_assert_nonnull (summary);
  quick = lab_dissect_message_summary (bytes, &options);
  g_assert_cmpstr (quick, ==, summary);
  return 0;
}
