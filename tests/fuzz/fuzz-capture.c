/* fuzz-capture.c: a pcap or pcapng capture someone hands the lab, with or without the
 * key log of its connections, imported into traces and shown the way the window shows
 * them.
 *
 * Input: the capture file's bytes; then, optionally, LAB_FUZZ_KEYLOG_MARK and the text
 * of a key log (as `import --keylog FILE` reads it). The input splits at the first
 * mark. A pcapng capture may carry its key log itself, in a Decryption Secrets Block;
 * a classic pcap cannot, and the seeds NAME-keylog.pcap carry their run's key log after
 * the mark, so that the fuzzer reaches record decryption from both formats
 * (make-corpus.c). */
#include "lab-fuzz.h"

#include <string.h>

#include "engine/capture/lab-import.h"
#include "engine/export/lab-trace-json.h"
#include "engine/trace/lab-steps.h"

/* Traces of at most this many events are exported to JSON too (see below). */
#define JSON_MAX_EVENTS 4

static LabKeylog *
keylog_after_mark (const guint8 *data, gsize *len)
{
  LabKeylog *keylog = lab_keylog_new ();
  const gsize mark_len = strlen (LAB_FUZZ_KEYLOG_MARK);
  const guint8 *mark = memmem (data, *len, LAB_FUZZ_KEYLOG_MARK, mark_len);
  g_autoptr (GError) error = NULL;

  if (mark == NULL)
    return keylog;
  /* A bad line stops the key log there, with the lines before it kept: fuzz-keylog
   * holds the reader to its error messages; here what matters is the import. */
  lab_keylog_add_text (keylog, "fuzz.keylog", (const char *) mark + mark_len,
                       *len - (mark - data) - mark_len, &error);
  *len = mark - data;
  return keylog;
}

int
lab_fuzz_capture_file (const guint8 *data, gsize len)
{
  g_autoptr (LabKeylog) keylog = keylog_after_mark (data, &len);
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

      g_assert_true (lab_trace_is_frozen (c->trace));
      g_assert_nonnull (steps);
      /* The export dissects every record and message again and converts each tree to
       * JSON: nine tenths of an input's time for a whole handshake, in code the records,
       * message and certificate targets fuzz at ten times the speed. A short trace takes
       * the export's own paths; whole runs are exported by test-export. */
      if (lab_trace_get_n_events (c->trace) <= JSON_MAX_EVENTS)
        {
          g_autoptr (JsonNode) json = lab_trace_to_json (c->trace, NULL);

          g_assert_nonnull (json);
        }
    }
  return 0;
}
