/* lab-export.c: what the exports share: writing a file, and writing the ones asked for. */
#include "lab-export.h"
#include "tls/lab-error.h"

#include <gio/gio.h>

gboolean
lab_export_save (const char *path, GBytes *contents, GError **error)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) local = NULL;
  gsize len = 0;
  const char *data = g_bytes_get_data (contents, &len);

  /* GIO writes to a temporary file and renames it, so a failed export never leaves half
   * a capture behind; its message already names the file and says what went wrong. */
  if (!g_file_replace_contents (file, data, len, NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL,
                                &local))
    {
      g_set_error_literal (error, LAB_ERROR, LAB_ERROR_IO, local->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
lab_export_files (LabTrace *trace, const char *pcapng_path, const char *keylog_path,
                  GError **error)
{
  if (pcapng_path != NULL && !lab_export_pcapng (trace, pcapng_path, error))
    return FALSE;
  if (keylog_path != NULL && !lab_export_keylog (trace, keylog_path, error))
    return FALSE;
  return TRUE;
}
