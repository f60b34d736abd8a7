/* lab-test-bad-input.h: the catalogue of bad input, run through the real binary
 * (tests/test-bad-input*.c). Each row makes its files in a shared folder, runs one
 * command line, and expects exit status 2 and one exact message on stderr's first line
 * naming the file and line (or byte offset, or option); what was readable is still shown
 * (a line stdout must hold). */
#pragma once

#include "lab-test-util.h"

#include <sys/stat.h>

G_BEGIN_DECLS

typedef struct
{
  const char *name;
  const char *file;      /* a file the row creates in the folder, or NULL */
  const char *text;      /* its contents */
  gsize len;             /* their length when they hold NUL bytes; 0: strlen (text) */
  const char *argv[12];  /* the command line after the binary's name */
  const char *error;     /* the first line of stderr, exactly ('*' matches anything where
                            the capture's layout decides a number) */
  const char *output;    /* a line stdout must hold (what was not lost; '*' as above), or
                            NULL */
  const char *fifo;      /* a FIFO the row makes in the folder (nobody ever writes to it) */
  const char *sparse;    /* a file the row makes LAB_TEST_SPARSE_SIZE long, all holes */
} LabBadInput;

#define LAB_TEST_SPARSE_SIZE ((goffset) 1536 * 1024 * 1024)

#define BINARY(bytes) .text = bytes, .len = sizeof (bytes) - 1

/* The folder every row's files live in; "{dir}" in a row stands for it. */
static char *lab_bad_input_dir;

static char *
lab_bad_input_in_dir (const char *text)
{
  g_autoptr (GString) s = g_string_new (text);

  g_string_replace (s, "{dir}", lab_bad_input_dir, 0);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static char *
lab_bad_input_first_line (const char *text)
{
  const char *end = strchr (text, '\n');

  return end ? g_strndup (text, (gsize) (end - text)) : g_strdup (text);
}

static gboolean
lab_bad_input_has_line (const char *text, const char *pattern)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_pattern_match_simple (pattern, lines[i]))
      return TRUE;
  return FALSE;
}

/* Writes name (which may hold a sub-folder) in the shared folder; returns its path. */
static char *
lab_bad_input_write (const char *name, const char *text, gsize len)
{
  char *path = g_build_filename (lab_bad_input_dir, name, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, text, len > 0 ? (gssize) len : -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
lab_bad_input_run (gconstpointer data)
{
  const LabBadInput *row = data;
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL, *err = NULL, *line = NULL;
  g_autofree char *expected = lab_bad_input_in_dir (row->error);
  int status;

  if (row->file != NULL)
    g_free (lab_bad_input_write (row->file, row->text, row->len));
  if (row->fifo != NULL)
    {
      g_autofree char *path = g_build_filename (lab_bad_input_dir, row->fifo, NULL);
      g_assert_cmpint (mkfifo (path, 0600), ==, 0);
    }
  if (row->sparse != NULL)
    {
      g_autofree char *path = lab_bad_input_write (row->sparse, "", 0);
      g_assert_cmpint (truncate (path, LAB_TEST_SPARSE_SIZE), ==, 0);
    }
  for (guint i = 0; row->argv[i] != NULL; i++)
    g_ptr_array_add (argv, lab_bad_input_in_dir (row->argv[i]));
  g_ptr_array_add (argv, NULL);
  status = lab_test_spawn ((const char *const *) argv->pdata, &out, &err);
  line = lab_bad_input_first_line (err);
  if (!g_pattern_match_simple (expected, line))
    g_assert_cmpstr (line, ==, expected);
  g_assert_cmpint (status, ==, 2);
  if (row->output != NULL)
    {
      g_autofree char *wanted = lab_bad_input_in_dir (row->output);

      if (!lab_bad_input_has_line (out, wanted))
        g_test_message ("stdout: %s", out);
      g_assert_true (lab_bad_input_has_line (out, wanted));
    }
}

/* Makes the shared folder. */
static void
lab_bad_input_init (void)
{
  g_autoptr (GError) error = NULL;

  lab_bad_input_dir = g_dir_make_tmp ("bad-input-XXXXXX", &error);
  g_assert_no_error (error);
}

/* Adds a test /bad-input/ROW-NAME for each row. */
static void
lab_bad_input_add (const LabBadInput *rows, gsize n_rows)
{
  for (gsize i = 0; i < n_rows; i++)
    {
      g_autofree char *path = g_strdup_printf ("/bad-input/%s", rows[i].name);
      g_test_add_data_func (path, &rows[i], lab_bad_input_run);
    }
}

/* Runs the tests and removes the shared folder. */
static int
lab_bad_input_run_all (void)
{
  int status = g_test_run ();

  lab_test_remove_tree (lab_bad_input_dir);
  g_clear_pointer (&lab_bad_input_dir, g_free);
  return status;
}

G_END_DECLS
