/* lab-lesson-progress.c: where each learner stopped in each lesson, and which questions
 * they answered right, kept between runs of the lab. */
#include "lab-lesson.h"
#include "tls/lab-error.h"

#include <errno.h>

static char *
progress_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "handshake-lab", "progress.ini", NULL);
}

static GKeyFile *
progress_load (void)
{
  g_autofree char *path = progress_path ();
  GKeyFile *keyfile = g_key_file_new ();

  /* A missing or damaged file is a fresh start, never an error for the learner. */
  g_key_file_load_from_file (keyfile, path, G_KEY_FILE_NONE, NULL);
  return keyfile;
}

guint
lab_lesson_progress_page (const char *lesson_id)
{
  g_autoptr (GKeyFile) keyfile = progress_load ();
  gint page = g_key_file_get_integer (keyfile, lesson_id, "page", NULL);

  return page > 0 ? (guint) page : 0;
}

gboolean
lab_lesson_progress_answered (const char *lesson_id, guint question)
{
  g_autoptr (GKeyFile) keyfile = progress_load ();
  gsize n = 0;
  g_autofree gint *answered = g_key_file_get_integer_list (keyfile, lesson_id, "answered", &n,
                                                           NULL);

  for (gsize i = 0; i < n; i++)
    if (answered[i] == (gint) question)
      return TRUE;
  return FALSE;
}

/* answered_right: a question index to add to those answered right, or -1. */
gboolean
lab_lesson_progress_save (const char *lesson_id, guint page, int answered_right, GError **error)
{
  g_autofree char *path = progress_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr (GKeyFile) keyfile = progress_load ();
  gsize n = 0;
  g_autofree gint *answered = g_key_file_get_integer_list (keyfile, lesson_id, "answered", &n,
                                                           NULL);
  g_autoptr (GArray) list = g_array_new (FALSE, FALSE, sizeof (gint));
  gboolean present = FALSE;

  for (gsize i = 0; i < n; i++)
    {
      g_array_append_val (list, answered[i]);
      present |= answered[i] == answered_right;
    }
  if (answered_right >= 0 && !present)
    g_array_append_val (list, answered_right);
  g_key_file_set_integer (keyfile, lesson_id, "page", (gint) page);
  if (list->len > 0)
    g_key_file_set_integer_list (keyfile, lesson_id, "answered", (gint *) list->data, list->len);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_IO, "%s: %s", dir, g_strerror (errno));
      return FALSE;
    }
  return g_key_file_save_to_file (keyfile, path, error);
}
