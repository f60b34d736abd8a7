/* lab-export-keylog.c: the NSS key log file, from the lines OpenSSL's keylog callback
 * emitted during the run (the format is NSS's "Key Log Format": one `LABEL hex hex`
 * line per secret; TLS 1.2 uses CLIENT_RANDOM and, for RSA key exchange, RSA). */
#include "lab-export.h"

#include <string.h>

char *
lab_export_keylog_text (LabTrace *trace)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);

      /* Both peers log the same secrets; a reader wants each once. After tampering the
       * two lines may differ, and then both are worth keeping. */
      if (e->kind != LAB_EVENT_KEYLOG || e->detail == NULL || *e->detail == '\0'
          || !g_hash_table_add (seen, e->detail))
        continue;
      g_string_append_len (text, e->detail, (gssize) strcspn (e->detail, "\r\n"));
      g_string_append_c (text, '\n');
    }
  return g_string_free (text, FALSE);
}

gboolean
lab_export_keylog (LabTrace *trace, const char *path, GError **error)
{
  char *text = lab_export_keylog_text (trace);
  g_autoptr (GBytes) contents = g_bytes_new_take (text, strlen (text));

  return lab_export_save (path, contents, error);
}
