/* lab-cli-check.c: `handshake-lab check [--json] PATH...`: runs scenario files (folders
 * recursively) and proves each still behaves as its [expect] says, and that every lesson's
 * steps, fields and answers exist in its runs. */
#include "lab-cli.h"
#include "engine/lesson/lab-lesson.h"
#include "engine/scenario/lab-scenario.h"
#include "engine/session/lab-session.h"
#include "tls/lab-error.h"
#include "engine/export/lab-trace-json.h"

#include <json-glib/json-glib.h>
#include <stdio.h>

typedef struct
{
  guint passed, failed, invalid;
  guint bad_references; /* lessons naming a scenario or setting that does not exist */
  JsonBuilder *json; /* NULL for text output */
} CheckRun;

static char *
describe_expectation (const LabScenario *s)
{
  if (!s->has_expect)
    return g_strdup ("anything");
  if (s->expect_result != LAB_RESULT_ALERT)
    return g_strdup (lab_result_name (s->expect_result));
  return g_strdup_printf ("alert %s%s%s",
                          s->expect_alert >= 0 ? lab_alert_lookup ((guint8) s->expect_alert)->name
                                               : "(any)",
                          s->has_expect_sent_by ? " from the " : "",
                          s->has_expect_sent_by ? lab_side_name (s->expect_sent_by) : "");
}

static char *
describe_outcome (const LabOutcome *o)
{
  const LabAlertInfo *alert = o->alert >= 0 ? lab_alert_lookup ((guint8) o->alert) : NULL;

  /* the TLS result, and whether a man in the middle read what went through */
  if (o->result != LAB_RESULT_ALERT)
    return g_strdup_printf ("%s%s", lab_result_name (o->result),
                            o->intercepted ? ", intercepted by a man in the middle" : "");
  return g_strdup_printf ("alert %s from the %s", alert ? alert->name : "?",
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
  if (passed)
    printf ("PASS  %s  %s (%s)\n", file, title, actual);
  else if (title != NULL)
    printf ("FAIL  %s  %s: %s\n", file, title, why);
  else
    printf ("ERROR %s\n", actual);
}

static void
check_scenario (CheckRun *run, const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LabScenario) scenario = lab_scenario_load_file (path, &error);
  g_autoptr (LabTrace) trace = NULL;
  g_autofree char *expected = NULL, *actual = NULL, *why = NULL;
  gboolean passed;

  if (scenario == NULL)
    {
      run->invalid++;
      report (run, path, NULL, NULL, error->message, FALSE, NULL);
      return;
    }
  expected = describe_expectation (scenario);
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
check_lesson (CheckRun *run, const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LabLesson) lesson = lab_lesson_load_file (path, &error);
  g_autofree char *pages = NULL;

  if (lesson == NULL)
    {
      run->invalid++;
      report (run, path, NULL, NULL, error->message, FALSE, NULL);
      return;
    }
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

/* Collects *.scenario files under path, sorted so the output is the same every time. */
static gboolean
collect (const char *path, GPtrArray *files, GError **error)
{
  g_autoptr (GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "%s: no such file or folder",
                       path);
          return FALSE;
        }
      g_ptr_array_add (files, g_strdup (path));
      return TRUE;
    }
  dir = g_dir_open (path, 0, error);
  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          if (!collect (child, files, error))
            return FALSE;
        }
      else if (g_str_has_suffix (name, ".scenario") || g_str_has_suffix (name, ".lesson"))
        g_ptr_array_add (files, g_steal_pointer (&child));
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
  g_autoptr (JsonBuilder) builder = NULL;
  CheckRun run = { 0 };

  if (!lab_cli_parse ("check", "PATH…", "Runs scenario files (folders recursively) and checks "
                      "each outcome against its [expect].",
                      entries, &argc, &argv))
    return LAB_EXIT_USAGE;
  if (argc < 2)
    return lab_cli_usage_error ("check", "name at least one scenario file or folder");
  for (int i = 1; i < argc; i++)
    {
      g_autoptr (GError) error = NULL;
      if (!collect (argv[i], files, &error))
        return lab_cli_usage_error ("check", "%s", error->message);
    }
  g_ptr_array_sort (files, compare_paths);
  if (files->len == 0)
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
        check_lesson (&run, file);
      else
        check_scenario (&run, file);
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
