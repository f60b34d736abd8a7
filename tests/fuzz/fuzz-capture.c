/* fuzz-capture.c: a pcap or pcapng capture someone hands the lab, imported into traces
 * and shown the way `import` and the window show them. Input: the file's bytes. */
#include "lab-fuzz.h"

#include "engine/capture/lab-import.h"
#include "engine/trace/lab-steps.h"
#include "engine/export/lab-trace-json.h"

int
lab_fuzz_capture_file (const guint8 *data, gsize len)
{
  g_autoptr (LabKeylog) keylog = lab_keylog_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (LabImport) import = lab_import_bytes ("fuzz.pcapng", data, len, keylog, &error);

  if (import == NULL)
    {
      g_assert_nonnull (error);
      return 0;
    }
  g_assert_no_error (error);
  for (guint i = 0; i < import->connections->len; i++)
    {
      const LabImportedConnection *c = g_ptr_array_index (import->connections, i);
      g_autoptr (GPtrArray) steps = lab_steps_from_trace (c->trace);
      g_autoptr (JsonNode) json = lab_trace_to_json (c->trace, NULL);

      g_assert_true (lab_trace_is_frozen (c->trace));
      g_assert_nonnull (steps);
      g_assert_nonnull (json);
    }
  return 0;
}
