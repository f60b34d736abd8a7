/* `handshake-lab FILE|NAME…` without a command and without a display: every file is still
 * read and its errors reported — a scenario run, a lesson checked, a capture imported —
 * instead of the default scenario running in its place; with no file the default runs. */
#include "lab-test-util.h"

#include <glib/gstdio.h>

/* The binary with no display at all. */
static int
spawn_headless (const char *const *argv, char **out, char **err)
{
  g_auto (GStrv) env = g_get_environ ();
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  int status = 0;

  env = g_environ_unsetenv (env, "DISPLAY");
  env = g_environ_unsetenv (env, "WAYLAND_DISPLAY");
  g_ptr_array_add (args, (gpointer) lab_test_binary ());
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) argv[i]);
  g_ptr_array_add (args, NULL);
  g_spawn_sync (NULL, (char **) args->pdata, env, 0, NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
}

static void
test_broken_file_reported (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lab-main-XXXXXX", NULL);
  g_autofree char *path = lab_test_write_file (dir, "broken.scenario",
                                               "[scenario]\ntitle = x\n[clinet]\n");
  g_autofree char *out = NULL, *err = NULL, *expected = NULL;

  g_assert_cmpint (spawn_headless ((const char *[]){ path, NULL }, &out, &err), ==, 2);
  expected = g_strdup_printf ("handshake-lab: no display; reading %s in the terminal.\n"
                              "handshake-lab run: %s:3: unknown group [clinet]; expected "
                              "[scenario], [client], [server], [wire], [tamper N] or [expect]\n",
                              path, path);
  g_assert_cmpstr (err, ==, expected);
  g_assert_cmpstr (out, ==, ""); /* not the default scenario's ladder */
  lab_test_remove_tree (dir);
}

static void
test_files_and_names_read (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lab-main-XXXXXX", NULL);
  g_autofree char *path = lab_test_write_file (dir, "mine.scenario",
                                               "[scenario]\ntitle = Mine\nseed = 1\n");
  g_autofree char *out = NULL, *err = NULL;

  /* a file, a built-in scenario and a built-in lesson, each read its own way */
  g_assert_cmpint (spawn_headless ((const char *[]){ path, "expired-certificate", "02-hello",
                                                      NULL },
                                   &out, &err),
                   ==, 0);
  lab_test_assert_contains (out, "Mine\n");
  lab_test_assert_contains (out, "expired-certificate.scenario (built in)\n");
  lab_test_assert_contains (out, "PASS  02-hello.lesson (built in)");
  lab_test_assert_contains (err, "handshake-lab: no display; reading expired-certificate in the "
                                 "terminal.\n");
  lab_test_remove_tree (dir);
}

static void
test_nothing_runs_default (void)
{
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (spawn_headless ((const char *[]){ NULL }, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "handshake-lab: no display; running the default scenario in the "
                            "terminal.\n");
  lab_test_assert_contains (out, "default.scenario (built in)");
}

static void
test_unknown_word (void)
{
  g_autofree char *err = NULL;

  g_assert_cmpint (spawn_headless ((const char *[]){ "frobnicate", NULL }, NULL, &err), ==, 2);
  g_assert_true (g_str_has_prefix (err, "handshake-lab: 'frobnicate' is neither a command, a file "
                                        "nor a built-in scenario or lesson\n"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli-main/broken-file-reported", test_broken_file_reported);
  g_test_add_func ("/cli-main/files-and-names-read", test_files_and_names_read);
  g_test_add_func ("/cli-main/nothing-runs-default", test_nothing_runs_default);
  g_test_add_func ("/cli-main/unknown-word", test_unknown_word);
  return g_test_run ();
}
