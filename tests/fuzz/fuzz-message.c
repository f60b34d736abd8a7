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

  if (bytes == NULL)
    return 0;
  tree = lab_dissect_message (bytes, &options);
  lab_fuzz_check_tree (tree, len - 1);
  /* the ladder's line: lab_dissect_message_summary is this, after dissecting again */
  summary = lab_dissect_summarize (tree);
  g_assert_nonnull (summary);
  return 0;
}
