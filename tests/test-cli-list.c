/* `handshake-lab list`: the scenarios and lessons the binary carries, as text and JSON;
 * and those names standing where a file is expected, as in an installed lab whose
 * lessons/ folder is not on disk: `run NAME`, `diagram NAME`, `check NAME` — a path that
 * exists winning over a name. */
#include "lab-test-util.h"
#include "engine/lesson/lab-lesson.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

/* Runs the binary in `dir` (NULL: here); returns its exit status. */
static int
spawn_in (const char *dir, const char *const *argv, char **out, char **err)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  int status = 0;

  g_ptr_array_add (args, (gpointer) lab_test_binary ());
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) argv[i]);
  g_ptr_array_add (args, NULL);
  g_spawn_sync (dir, (char **) args->pdata, NULL, out ? 0 : G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                NULL, out, err, &status, &error);
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
}

static void
test_list_text (void)
{
  g_auto (GStrv) scenarios = lab_scenario_list_builtin ();
  g_auto (GStrv) lessons = lab_lesson_list_builtin ();
  g_autofree char *out = NULL;
  g_auto (GStrv) lines = NULL;
  guint listed = 0;

  g_assert_cmpint (lab_test_spawn ((const char *[]){ "list", NULL }, &out, NULL), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "Built-in scenarios (run NAME, diagram NAME, "
                                             "check NAME, handshake-lab NAME)"));
  /* name, title, what it expects */
  g_assert_true (g_regex_match_simple ("^  default +A healthy handshake \\(ECDHE-ECDSA\\) +"
                                       "success$",
                                       out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^  expired-certificate +An expired server certificate +"
                                       "alert certificate_expired from the client$",
                                       out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^  02-hello +Hello: .* +beginner, [0-9]+ pages, [0-9]+ "
                                       "questions, scenario default$",
                                       out, G_REGEX_MULTILINE, 0));
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) words = g_strsplit (g_strchug (lines[i]), " ", 2);

      listed += words[0] != NULL
                && (g_strv_contains ((const char *const *) scenarios, words[0])
                    || g_strv_contains ((const char *const *) lessons, words[0]));
    }
  g_assert_cmpuint (listed, ==, g_strv_length (scenarios) + g_strv_length (lessons));
}

static void
test_list_json (void)
{
  g_auto (GStrv) scenarios = lab_scenario_list_builtin ();
  g_auto (GStrv) lessons = lab_lesson_list_builtin ();
  g_autofree char *out = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonObject *root;
  JsonArray *array;

  g_assert_cmpint (lab_test_spawn ((const char *[]){ "list", "--json", NULL }, &out, NULL), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  array = json_object_get_array_member (root, "scenarios");
  g_assert_cmpuint (json_array_get_length (array), ==, g_strv_length (scenarios));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *s = json_array_get_object_element (array, i);

      g_assert_cmpstr (json_object_get_string_member (s, "name"), ==, scenarios[i]);
      g_assert_nonnull (json_object_get_string_member (s, "title"));
      g_assert_nonnull (json_object_get_string_member (s, "expected"));
      /* a name is one thing: never both a scenario and a lesson */
      g_assert_false (g_strv_contains ((const char *const *) lessons, scenarios[i]));
    }
  array = json_object_get_array_member (root, "lessons");
  g_assert_cmpuint (json_array_get_length (array), ==, g_strv_length (lessons));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *l = json_array_get_object_element (array, i);

      g_assert_cmpstr (json_object_get_string_member (l, "name"), ==, lessons[i]);
      g_assert_cmpint (json_object_get_int_member (l, "pages"), >, 0);
      g_assert_nonnull (json_object_get_string_member (l, "scenario"));
    }
  g_assert_cmpint (lab_test_spawn ((const char *[]){ "list", "extra", NULL }, NULL, NULL), ==, 2);
}

/* In an empty folder, as an installed lab would be: the names run, draw and check. */
static void
test_names_where_files_go (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lab-list-XXXXXX", NULL);
  g_autofree char *out = NULL, *err = NULL, *picture = g_build_filename (dir, "x.svg", NULL);

  g_assert_cmpint (spawn_in (dir, (const char *[]){ "run", "expired-certificate", NULL }, &out,
                             NULL), ==, 0);
  lab_test_assert_contains (out, "An expired server certificate\n"
                                 "expired-certificate.scenario (built in)\n");
  lab_test_assert_contains (out, "Outcome: alert certificate_expired (45), sent by the client");
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (spawn_in (dir, (const char *[]){ "run", "default.scenario", "--seed", "1",
                                                    NULL },
                             &out, NULL), ==, 0);
  lab_test_assert_contains (out, "default.scenario (built in)");
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (spawn_in (dir, (const char *[]){ "check", "expired-certificate", "02-hello",
                                                    NULL },
                             &out, NULL), ==, 0);
  lab_test_assert_contains (out, "PASS  expired-certificate.scenario (built in)  An expired "
                                 "server certificate (alert certificate_expired from the client)\n");
  lab_test_assert_contains (out, "PASS  02-hello.lesson (built in)  Hello: ");
  lab_test_assert_contains (out, "\n2 passed, 0 failed\n");
  g_assert_cmpint (spawn_in (dir, (const char *[]){ "diagram", "expired-certificate", "-o",
                                                    picture, NULL },
                             NULL, NULL), ==, 0);
  g_assert_true (g_file_test (picture, G_FILE_TEST_IS_REGULAR));

  /* neither a file nor a name: both said, and where to look */
  g_assert_cmpint (spawn_in (dir, (const char *[]){ "run", "expird-certificate", NULL }, NULL,
                             &err), ==, 2);
  g_assert_cmpstr (err, ==, "handshake-lab run: Failed to open file “expird-certificate”: No such "
                            "file or directory; no built-in scenario has that name either "
                            "('handshake-lab list' shows them)\n");
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (spawn_in (dir, (const char *[]){ "check", "expird-certificate", NULL }, NULL,
                             &err), ==, 2);
  g_assert_cmpstr (err, ==, "handshake-lab check: expird-certificate: no such file or folder, and "
                            "no built-in scenario or lesson has that name ('handshake-lab list' "
                            "shows them)\n");
  lab_test_remove_tree (dir);
}

/* A file of that name in the folder wins over the built-in one. */
static void
test_path_wins (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lab-list-XXXXXX", NULL);
  g_autofree char *path = lab_test_write_file (dir, "default",
                                               "[scenario]\ntitle = Mine, not the built-in\n"
                                               "seed = 1\n");
  g_autofree char *out = NULL;

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (spawn_in (dir, (const char *[]){ "run", "default", NULL }, &out, NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "Mine, not the built-in\ndefault\n"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (spawn_in (dir, (const char *[]){ "check", "default", NULL }, &out, NULL), ==, 0);
  lab_test_assert_contains (out, "PASS  default  Mine, not the built-in (success)");
  lab_test_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli-list/text", test_list_text);
  g_test_add_func ("/cli-list/json", test_list_json);
  g_test_add_func ("/cli-list/names-where-files-go", test_names_where_files_go);
  g_test_add_func ("/cli-list/path-wins", test_path_wins);
  return g_test_run ();
}
