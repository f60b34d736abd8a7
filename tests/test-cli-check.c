/* `handshake-lab check`: one line per scenario file (folders searched recursively), a
 * summary line, JSON on request, and an exit status that tells passing (0), a run that
 * differs from its [expect] (1) and a file that could not be read (2) apart. */
#include "lab-test-util.h"

#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <json-glib/json-glib.h>

#define HEALTHY \
  "[scenario]\ntitle = %s\nseed = 5\n[client]\ncipher-suites = ECDHE-ECDSA-AES128-GCM-SHA256\n"

typedef struct
{
  char *dir;     /* a fresh folder holding the three files below */
  char *passing; /* sub/pass.scenario: expects success, gets it */
  char *failing; /* fail.scenario: expects an alert, gets success */
  char *invalid; /* invalid.scenario: an unknown key on line 4 */
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autofree char *pass_text = g_strdup_printf (HEALTHY "[expect]\noutcome = success\n", "Passes");
  g_autofree char *fail_text = g_strdup_printf (HEALTHY "[expect]\noutcome = alert\n"
                                                "alert = bad_record_mac\nsent-by = server\n",
                                                "Fails");
  g_autofree char *sub = NULL;

  f->dir = g_dir_make_tmp ("lab-check-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  sub = g_build_filename (f->dir, "sub", NULL);
  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  f->passing = lab_test_write_file (sub, "pass.scenario", pass_text);
  f->failing = lab_test_write_file (f->dir, "fail.scenario", fail_text);
  f->invalid = lab_test_write_file (f->dir, "invalid.scenario",
                                    "[scenario]\ntitle = Broken\n[client]\ncolour = red\n");
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autofree char *sub = g_path_get_dirname (f->passing);

  g_remove (f->passing);
  g_remove (f->failing);
  g_remove (f->invalid);
  g_rmdir (sub);
  g_rmdir (f->dir);
  g_free (f->passing);
  g_free (f->failing);
  g_free (f->invalid);
  g_free (f->dir);
}

/* Runs `check` on paths; returns the exit status and stdout split into lines. */
static int
check (const char *const *paths, gboolean json, char **out)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, "check");
  if (json)
    g_ptr_array_add (argv, "--json");
  for (guint i = 0; paths[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) paths[i]);
  g_ptr_array_add (argv, NULL);
  return lab_test_spawn ((const char *const *) argv->pdata, out, NULL);
}

static void
test_check_mixed_folder (Fixture *f, gconstpointer data)
{
  const char *paths[] = { f->dir, NULL };
  g_autofree char *out = NULL;
  g_auto (GStrv) lines = NULL;
  g_autofree char *fail_line = g_strdup_printf ("FAIL  %s  Fails: expected alert, got success",
                                                f->failing);
  g_autofree char *error_line = g_strdup_printf (
    "ERROR %s:4: unknown key 'colour' in [client]; known keys: ", f->invalid);
  g_autofree char *pass_line = g_strdup_printf ("PASS  %s  Passes (success)", f->passing);

  g_assert_cmpint (check (paths, FALSE, &out), ==, 2);
  lines = g_strsplit (out, "\n", -1);
  /* sorted by path, the sub-folder's file included */
  g_assert_cmpuint (g_strv_length (lines), ==, 6);
  g_assert_cmpstr (lines[0], ==, fail_line);
  g_assert_true (g_str_has_prefix (lines[1], error_line));
  g_assert_cmpstr (lines[2], ==, pass_line);
  g_assert_cmpstr (lines[3], ==, "");
  g_assert_cmpstr (lines[4], ==, "1 passed, 2 failed");
}

static JsonObject *
result_for (JsonArray *results, const char *file)
{
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *r = json_array_get_object_element (results, i);
      if (g_strcmp0 (json_object_get_string_member (r, "file"), file) == 0)
        return r;
    }
  g_test_message ("no result for %s", file);
  g_assert_not_reached ();
}

static void
assert_result (JsonArray *results, const char *file, const char *title, const char *expected,
               const char *actual, gboolean passed)
{
  JsonObject *r = result_for (results, file);

  g_assert_cmpuint (json_object_get_size (r), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (r, "title"), ==, title);
  g_assert_cmpstr (json_object_get_string_member (r, "expected"), ==, expected);
  lab_test_assert_contains (json_object_get_string_member (r, "actual"), actual);
  g_assert_cmpint (json_object_get_boolean_member (r, "passed"), ==, passed);
}

static void
test_check_json (Fixture *f, gconstpointer data)
{
  const char *paths[] = { f->dir, NULL };
  g_autofree char *out = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonArray *results;

  g_assert_cmpint (check (paths, TRUE, &out), ==, 2);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
  results = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (results), ==, 3);
  assert_result (results, f->passing, "Passes", "success", "success", TRUE);
  assert_result (results, f->failing, "Fails", "alert bad_record_mac from the server", "success",
                 FALSE);
  assert_result (results, f->invalid, "", "", "unknown key 'colour'", FALSE);
}

static void
test_check_exit_status (Fixture *f, gconstpointer data)
{
  const char *only_passing[] = { f->passing, NULL };
  const char *only_failing[] = { f->failing, NULL };
  g_autofree char *out_pass = NULL, *out_fail = NULL;
  g_autofree char *summary_pass = NULL, *summary_fail = NULL;

  g_assert_cmpint (check (only_passing, FALSE, &out_pass), ==, 0);
  g_assert_cmpint (check (only_failing, FALSE, &out_fail), ==, 1);
  summary_pass = lab_test_last_line (out_pass);
  summary_fail = lab_test_last_line (out_fail);
  g_assert_cmpstr (summary_pass, ==, "1 passed, 0 failed");
  g_assert_cmpstr (summary_fail, ==, "0 passed, 1 failed");
}

/* `check` prints one line per file: a title cannot add PASS lines. */
static void
test_check_title_escaped (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lab-check-XXXXXX", NULL);
  g_autofree char *path = lab_test_write_file (
    dir, "forged.scenario",
    "[scenario]\ntitle = Mine\\nPASS  other.scenario  Forged (success)\x1b[2J\nseed = 1\n");
  const char *argv[] = { "check", path, NULL };
  g_autofree char *out = NULL;
  g_autofree char *expected = g_strdup_printf (
    "PASS  %s  Mine\\nPASS  other.scenario  Forged (success)\\x1b[2J (success)\n\n"
    "1 passed, 0 failed\n", path);

  g_assert_cmpint (lab_test_spawn (argv, &out, NULL), ==, 0);
  g_assert_cmpstr (out, ==, expected);
  lab_test_remove_tree (dir);
}

/* A folder with two loops of symlinks, a link to a file beside the file itself, the same
 * file named twice, and a FIFO named *.scenario: each real file is checked once, the
 * loops are not followed round, and the FIFO is refused by name instead of waited on. */
static void
test_check_links_and_fifos (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lab-check-XXXXXX", NULL);
  g_autofree char *sub = g_build_filename (dir, "sub", NULL);
  g_autofree char *file = NULL, *fifo = g_build_filename (dir, "pipe.scenario", NULL);
  g_autofree char *up = g_build_filename (sub, "up", NULL);
  g_autofree char *self = g_build_filename (dir, "self", NULL);
  g_autofree char *link = g_build_filename (dir, "z-link.scenario", NULL);
  g_autofree char *out = NULL, *err = NULL, *expected = NULL;
  const char *argv[] = { "check", dir, NULL, NULL };

  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  file = lab_test_write_file (sub, "a.scenario", "[scenario]\ntitle = A\nseed = 1\n");
  g_assert_cmpint (symlink ("..", up), ==, 0);
  g_assert_cmpint (symlink (".", self), ==, 0);
  g_assert_cmpint (symlink ("sub/a.scenario", link), ==, 0);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  argv[2] = file;
  expected = g_strdup_printf ("ERROR %s: not a regular file (a FIFO); a scenario is read only "
                              "from a regular file\n"
                              "PASS  %s  A (success)\n\n1 passed, 1 failed\n",
                              fifo, file);
  g_assert_cmpint (lab_test_spawn (argv, &out, &err), ==, 2);
  g_assert_cmpstr (out, ==, expected);
  g_assert_cmpstr (err, ==, "handshake-lab check: 1 file could not be read\n");
  lab_test_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/cli-check/mixed-folder", Fixture, NULL, fixture_set_up, test_check_mixed_folder,
              fixture_tear_down);
  g_test_add ("/cli-check/json", Fixture, NULL, fixture_set_up, test_check_json,
              fixture_tear_down);
  g_test_add ("/cli-check/exit-status", Fixture, NULL, fixture_set_up, test_check_exit_status,
              fixture_tear_down);
  g_test_add_func ("/cli-check/title-escaped", test_check_title_escaped);
  g_test_add_func ("/cli-check/links-and-fifos", test_check_links_and_fifos);
  return g_test_run ();
}
