/* lab-cli-check.c: `handshake-lab check [--json] PATH...`: runs scenario files (folders
 * recursively) and proves each still behaves as its [expect] says, and that every lesson's
 * steps, fields and answers exist in its runs. */
#include "lab-cli.h"
#include "lab-cli-files.h"
#include "engine/lesson/lab-lesson.h"
#include "engine/scenario/lab-scenario.h"
#include "engine/session/lab-session.h"
#include "tls/lab-error.h"
#include "tls/lab-text.h"
#include "engine/export/lab-trace-json.h"

#include <json-glib/json-glib.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

typedef struct
{
  guint passed, failed, invalid;
  guint bad_references; /* lessons naming a scenario or setting that does not exist */
  JsonBuilder *json; /* NULL for text output */
} CheckRun;

static char *
describe_outcome (const LabOutcome *o)
{
  g_autofree char *alert = lab_alert_describe (o->alert);

  /* the TLS result, and whether a man in the middle read what went through */
  if (o->result != LAB_RESULT_ALERT)
    return g_strdup_printf ("%s%s", lab_result_name (o->result),
                            o->intercepted ? ", intercepted by a man in the middle" : "");
  return g_strdup_printf ("alert %s from the %s", alert ? alert : "(none)",
                          lab_side_name (o->sent_by));
}

static void
report (CheckRun *run, const char *file, const char *title, const char *expected,
        const char *actual, gboolean passed, const char *why)
{
  if (run->json != NULL)
    {
      json_builder_begin_object (run->json);
      json_builder_set_member_name (run->json, "file");
      json_builder_add_string_value (run->json, file);
      json_builder_set_member_name (run->json, "title");
      json_builder_add_string_value (run->json, title ? title : "");
      json_builder_set_member_name (run->json, "expected");
      json_builder_add_string_value (run->json, expected ? expected : "");
      json_builder_set_member_name (run->json, "actual");
      json_builder_add_string_value (run->json, actual);
      json_builder_set_member_name (run->json, "passed");
      json_builder_add_boolean_value (run->json, passed);
      json_builder_end_object (run->json);
      return;
    }
  {
    /* one line per file, whatever its name, title or error message hold */
    g_autofree char *safe_file = lab_text_printable (file);
    g_autofree char *safe_title = lab_text_printable (title);
    g_autofree char *safe_actual = lab_text_printable (actual);
    g_autofree char *safe_why = lab_text_printable (why);

    if (passed)
      printf ("PASS  %s  %s (%s)\n", safe_file, safe_title, safe_actual);
    else if (title != NULL)
      printf ("FAIL  %s  %s: %s\n", safe_file, safe_title, safe_why);
    else
      printf ("ERROR %s\n", safe_actual);
  }
}

/* A scenario file, or with `builtin` the scenario the binary carries by that name. */
static void
check_scenario (CheckRun *run, const char *name, gboolean builtin)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LabScenario) scenario = builtin ? lab_scenario_load_builtin (name, &error)
                                             : lab_scenario_load_file (name, &error);
  g_autoptr (LabTrace) trace = NULL;
  g_autofree char *expected = NULL, *actual = NULL, *why = NULL;
  const char *path;
  gboolean passed;

  if (scenario == NULL)
    {
      run->invalid++;
      report (run, name, NULL, NULL, error->message, FALSE, NULL);
      return;
    }
  path = scenario->source; /* the path, or "NAME.scenario (built in)" */
  expected = lab_scenario_expectation_text (scenario);
  trace = lab_session_run (scenario, NULL, &error);
  if (trace == NULL)
    {
      run->failed++;
      report (run, path, scenario->title, expected, error->message, FALSE, error->message);
      return;
    }
  actual = describe_outcome (lab_trace_get_outcome (trace));
  passed = lab_scenario_outcome_matches (scenario, lab_trace_get_outcome (trace), &why);
  if (passed)
    run->passed++;
  else
    run->failed++;
  report (run, path, scenario->title, expected, actual, passed, why);
}

/* A lesson passes when every page's step and field exist in its run and every answer can
 * be computed from it (and one choice of each choice question is right). */
static void
check_lesson (CheckRun *run, const char *name, gboolean builtin)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LabLesson) lesson = builtin ? lab_lesson_load_builtin (name, &error)
                                         : lab_lesson_load_file (name, &error);
  g_autofree char *pages = NULL;
  const char *path;

  if (lesson == NULL)
    {
      run->invalid++;
      report (run, name, NULL, NULL, error->message, FALSE, NULL);
      return;
    }
  path = lesson->source;
  pages = g_strdup_printf ("%u pages, %u questions", lesson->pages->len, lesson->questions->len);
  if (lab_lesson_check (lesson, &error))
    {
      run->passed++;
      report (run, path, lesson->title, pages, pages, TRUE, NULL);
    }
  else
    {
      /* a scenario or a setting that does not exist is bad input, as a typo in a file is */
      if (g_error_matches (error, LAB_ERROR, LAB_ERROR_INVALID))
        run->bad_references++;
      else
        run->failed++;
      report (run, path, lesson->title, pages, error->message, FALSE, error->message);
    }
}

static int
compare_paths (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

/* Marks the file or folder st describes as visited; FALSE when it already was (a
 * symlink to it, a loop of symlinks, or the same path named twice). */
static gboolean
first_visit (GHashTable *seen, const struct stat *st)
{
  char *id = g_strdup_printf ("%ju:%ju", (uintmax_t) st->st_dev, (uintmax_t) st->st_ino);

  if (g_hash_table_contains (seen, id))
    {
      g_free (id);
      return FALSE;
    }
  g_hash_table_add (seen, id);
  return TRUE;
}

/* Adds a file once, by what it is, not by the name it was reached through. One that
 * cannot be looked at (a dangling symlink) is added as named: reading it says why. */
static void
add_file (const char *path, GPtrArray *files, GHashTable *seen)
{
  struct stat st;

  if (stat (path, &st) == 0 && !first_visit (seen, &st))
    return;
  g_ptr_array_add (files, g_strdup (path));
}

/* Collects *.scenario and *.lesson files under path, each real file and folder once
 * (symlinks are followed, loops are not), in name order so the output is the same every
 * time. What is not a regular file (a FIFO named *.scenario) is collected too: reading
 * it refuses it by name. */
static gboolean
collect (const char *path, GPtrArray *files, GHashTable *seen, GPtrArray *builtins,
         GError **error)
{
  g_autoptr (GDir) dir = NULL;
  g_autoptr (GPtrArray) names = NULL;
  struct stat st;
  const char *name;

  if (stat (path, &st) != 0)
    {
      g_autofree char *builtin = NULL;

      if (lstat (path, &st) == 0)
        {
          add_file (path, files, seen); /* a dangling symlink: its reading says so */
          return TRUE;
        }
      /* not on disk: a scenario or lesson the binary carries, by its name */
      switch (lab_cli_input_kind (path, &builtin))
        {
        case LAB_CLI_BUILTIN_SCENARIO:
          g_ptr_array_add (builtins, g_strconcat (builtin, ".scenario", NULL));
          return TRUE;
        case LAB_CLI_BUILTIN_LESSON:
          g_ptr_array_add (builtins, g_strconcat (builtin, ".lesson", NULL));
          return TRUE;
        case LAB_CLI_PATH:
        default:
          break;
        }
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "%s: no such file or folder%s", path,
                   strchr (path, '/') == NULL ? ", and no built-in scenario or lesson has that "
                                                "name ('handshake-lab list' shows them)"
                                              : "");
      return FALSE;
    }
  if (!S_ISDIR (st.st_mode))
    {
      add_file (path, files, seen);
      return TRUE;
    }
  if (!first_visit (seen, &st))
    return TRUE;
  dir = g_dir_open (path, 0, error);
  if (dir == NULL)
    return FALSE;
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_paths);
  for (guint i = 0; i < names->len; i++)
    {
      const char *child_name = g_ptr_array_index (names, i);
      g_autofree char *child = g_build_filename (path, child_name, NULL);
      struct stat child_st;

      if (stat (child, &child_st) == 0 && S_ISDIR (child_st.st_mode))
        {
          if (!collect (child, files, seen, builtins, error))
            return FALSE;
        }
      else if (g_str_has_suffix (child_name, ".scenario")
               || g_str_has_suffix (child_name, ".lesson"))
        add_file (child, files, seen);
    }
  return TRUE;
}

int
lab_cli_check (int argc, char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the results as JSON", NULL },
    { NULL },
  };
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) builtins = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (JsonBuilder) builder = NULL;
  CheckRun run = { 0 };

  if (!lab_cli_parse ("check", "PATH…",
                      "Runs scenario and lesson files (folders recursively) and checks each "
                      "scenario's outcome against its [expect] and each lesson's pages and "
                      "answers against its runs.\nA PATH that does not exist may name a built-in "
                      "scenario or lesson ('handshake-lab list'); a path that exists wins.",
                      entries, &argc, &argv))
    return LAB_EXIT_USAGE;
  if (argc < 2)
    return lab_cli_usage_error ("check", "name at least one scenario file or folder");
  for (int i = 1; i < argc; i++)
    {
      g_autoptr (GError) error = NULL;
      if (!collect (argv[i], files, seen, builtins, &error))
        return lab_cli_usage_error ("check", "%s", error->message);
    }
  g_ptr_array_sort (files, compare_paths);
  g_ptr_array_sort (builtins, compare_paths);
  if (files->len == 0 && builtins->len == 0)
    return lab_cli_usage_error ("check", "no .scenario or .lesson files found");

  if (json)
    {
      builder = json_builder_new ();
      run.json = builder;
      json_builder_begin_array (builder);
    }
  for (guint i = 0; i < files->len; i++)
    {
      const char *file = g_ptr_array_index (files, i);
      if (g_str_has_suffix (file, ".lesson"))
        check_lesson (&run, file, FALSE);
      else
        check_scenario (&run, file, FALSE);
    }
  for (guint i = 0; i < builtins->len; i++)
    {
      const char *entry = g_ptr_array_index (builtins, i);
      g_autofree char *name = g_strndup (entry, strrchr (entry, '.') - entry);

      if (g_str_has_suffix (entry, ".lesson"))
        check_lesson (&run, name, TRUE);
      else
        check_scenario (&run, name, TRUE);
    }
  if (json)
    {
      g_autoptr (JsonNode) root = NULL;
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      lab_cli_print_json (root);
    }
  else
    {
      printf ("\n%u passed, %u failed\n", run.passed,
              run.failed + run.invalid + run.bad_references);
    }
  if (run.invalid > 0)
    fprintf (stderr, "handshake-lab check: %u file%s could not be read\n", run.invalid,
             run.invalid == 1 ? "" : "s");
  if (run.bad_references > 0)
    fprintf (stderr, "handshake-lab check: %u lesson%s name%s a scenario or a setting that "
             "does not exist\n", run.bad_references, run.bad_references == 1 ? "" : "s",
             run.bad_references == 1 ? "s" : "");
  if (run.invalid > 0 || run.bad_references > 0)
    return LAB_EXIT_USAGE;
  return run.failed > 0 ? LAB_EXIT_MISMATCH : LAB_EXIT_OK;
}
