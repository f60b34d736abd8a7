/* fuzz-records.c: TLS records as they cross the wire or are pasted into `dissect`.
 * Input: one byte of dissector options (see lab_fuzz_dissect_options), then the records. */
#include "lab-fuzz.h"

int
lab_fuzz_records (const guint8 *data, gsize len)
{
  LabDissectOptions options;
  g_autoptr (GBytes) bytes = lab_fuzz_split_options (data, len, &options);
  g_autoptr (LabField) tree = NULL;
  g_autoptr (LabField) one = NULL;

  if (bytes == NULL)
    return 0;
  tree = lab_dissect_records (bytes, &options);
  lab_fuzz_check_tree (tree, len - 1);
  one = lab_dissect_record (bytes, &options);
  lab_fuzz_check_tree (one, len - 1);
  return 0;
}
