/* lab-mapped-file.c: see lab-mapped-file.h. */
#include "lab-mapped-file.h"
#include "tls/lab-error.h"

gboolean
lab_file_refuse_directory (const char *path, const char *what, GError **error)
{
  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    return TRUE;
  g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID, "%s: is a directory, not a %s file", path,
               what);
  return FALSE;
}

GMappedFile *
lab_mapped_file_open (const char *path, const char *what, GError **error)
{
  g_autoptr (GError) local = NULL;
  GMappedFile *file;

  if (!lab_file_refuse_directory (path, what, error))
    return NULL;
  file = g_mapped_file_new (path, FALSE, &local);
  if (file == NULL)
    g_set_error (error, LAB_ERROR, LAB_ERROR_NOT_FOUND, "%s", local->message);
  return file;
}
