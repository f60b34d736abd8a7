/* lab-cli-check.c: `handshake-lab check [--json] PATH...`: runs scenario files (folders
 * recursively) and proves each still behaves as its [expect] says, and that every lesson's
 * steps, fields and answers exist in its runs.
 *
 * The files are checked concurrently, one at a time on each of the machine's cores (each
 * run is its own pair of peers, its own library context and its own trace), and
 * reported in the order they were named and found, each as soon as it and every file
 * before it are done: the output is the same, line for line, as one file after another. */
#include "lab-cli.h"
#include "lab-cli-files.h"
#include "engine/lesson/lab-lesson.h"
#include "engine/scenario/lab-scenario.h"
#include "engine/session/lab-session.h"
#include "engine/io/lab-workers.h"
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

typedef enum
{
  CHECK_PASSED,
  CHECK_FAILED,
  CHECK_INVALID,       /* the file could not be read */
  CHECK_BAD_REFERENCE, /* a lesson naming a scenario or setting that does not exist */
} CheckVerdict;

/* One file to check, and what checking it found, kept until its turn to be reported. */
typedef struct
{
  char *name; /* the path, or "NAME.scenario" / "NAME.lesson" for a built-in one */
  gboolean builtin;
  CheckVerdict verdict;
  char *file;  /* for the report: the path, or the built-in's source */
  char *title; /* NULL when the file could not be read */
  char *expected, *actual, *why;
  gboolean done; /* under the queue's lock */
} CheckItem;

static void
check_item_set (CheckItem *item, CheckVerdict verdict, const char *file, const char *title,
                const char *expected, const char *actual, const char *why)
{
  item->verdict = verdict;
  item->file = g_strdup (file);
  item->title = g_strdup (title);
  item->expected = g_strdup (expected);
  item->actual = g_strdup (actual);
  item->why = g_strdup (why);
}

static void
check_item_clear (CheckItem *item)
{
  g_free (item->name);
  g_free (item->file);
  g_free (item->title);
  g_free (item->expected);
  g_free (item->actual);
  g_free (item->why);
}

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
check_scenario (CheckItem *item, const char *name, gboolean builtin)
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
      check_item_set (item, CHECK_INVALID, name, NULL, NULL, error->message, NULL);
      return;
    }
  path = scenario->source; /* the path, or "NAME.scenario (built in)" */
  expected = lab_scenario_expectation_text (scenario);
  trace = lab_session_run (scenario, NULL, &error);
  if (trace == NULL)
    {
      check_item_set (item, CHECK_FAILED, path, scenario->title, expected, error->message,
                      error->message);
      return;
    }
  actual = describe_outcome (lab_trace_get_outcome (trace));
  passed = lab_scenario_outcome_matches (scenario, lab_trace_get_outcome (trace), &why);
  check_item_set (item, passed ? CHECK_PASSED : CHECK_FAILED, path, scenario->title, expected,
                  actual, why);
}

/* A lesson passes when every page's step and field exist in its run and every answer can
 * be computed from it (and one choice of each choice question is right). */
static void
check_lesson (CheckItem *item, const char *name, gboolean builtin)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LabLesson) lesson = builtin ? lab_lesson_load_builtin (name, &error)
                                         : lab_lesson_load_file (name, &error);
  g_autofree char *pages = NULL;
  const char *path;

  if (lesson == NULL)
    {
      check_item_set (item, CHECK_INVALID, name, NULL, NULL, error->message, NULL);
      return;
    }
  path = lesson->source;
  pages = g_strdup_printf ("%u pages, %u questions", lesson->pages->len, lesson->questions->len);
  if (lab_lesson_check (lesson, &error))
    check_item_set (item, CHECK_PASSED, path, lesson->title, pages, pages, NULL);
  else
    /* a scenario or a setting that does not exist is bad input, as a typo in a file is */
    check_item_set (item,
                    g_error_matches (error, LAB_ERROR, LAB_ERROR_INVALID) ? CHECK_BAD_REFERENCE
                                                                          : CHECK_FAILED,
                    path, lesson->title, pages, error->message, error->message);
}

static void
check_item (CheckItem *item)
{
  g_autofree char *name = item->builtin
                            ? g_strndup (item->name, strrchr (item->name, '.') - item->name)
                            : g_strdup (item->name);

  if (g_str_has_suffix (item->name, ".lesson"))
    check_lesson (item, name, item->builtin);
  else
    check_scenario (item, name, item->builtin);
}

/* Counts an item's verdict and prints it. */
static void
report_item (CheckRun *run, const CheckItem *item)
{
  switch (item->verdict)
    {
    case CHECK_PASSED:
      run->passed++;
      break;
    case CHECK_FAILED:
      run->failed++;
      break;
    case CHECK_INVALID:
      run->invalid++;
      break;
    case CHECK_BAD_REFERENCE:
      run->bad_references++;
      break;
    }
  report (run, item->file, item->title, item->expected, item->actual, item->verdict == CHECK_PASSED,
          item->why);
}

/* The items, and the next one a job takes. */
typedef struct
{
  CheckItem *items;
  guint n_items;
  guint next; /* the next item a job takes (atomic) */
  GMutex lock;
  GCond changed; /* an item done, or a job finished */
  guint jobs;    /* jobs not yet finished */
} CheckQueue;

/* One job on a worker thread: takes the next item until none is left. */
static void
check_job (gpointer data, gpointer unused)
{
  CheckQueue *queue = data;
  guint i;

  while ((i = (guint) g_atomic_int_add ((gint *) &queue->next, 1)) < queue->n_items)
    {
      check_item (&queue->items[i]);
      g_mutex_lock (&queue->lock);
      queue->items[i].done = TRUE;
      g_cond_broadcast (&queue->changed);
      g_mutex_unlock (&queue->lock);
    }
}

static void
check_job_done (gpointer data, gpointer unused)
{
  CheckQueue *queue = data;

  g_mutex_lock (&queue->lock);
  queue->jobs--;
  g_cond_broadcast (&queue->changed);
  g_mutex_unlock (&queue->lock);
}

/* Checks every item, as many at once as the process has cores, and reports each in
 * order as soon as it and those before it are done. */
static void
check_items (CheckRun *run, CheckItem *items, guint n_items)
{
  CheckQueue queue = { .items = items, .n_items = n_items };
  guint jobs = MIN (n_items, MAX (1, g_get_num_processors ()));

  g_mutex_init (&queue.lock);
  g_cond_init (&queue.changed);
  queue.jobs = jobs;
  for (guint j = 0; j < jobs; j++)
    lab_workers_run (check_job, check_job_done, &queue);
  for (guint i = 0; i < n_items; i++)
    {
      g_mutex_lock (&queue.lock);
      while (!items[i].done)
        g_cond_wait (&queue.changed, &queue.lock);
      g_mutex_unlock (&queue.lock);
      report_item (run, &items[i]);
      fflush (stdout); /* each line as soon as it is known, even into a pipe */
    }
  /* the jobs still hold the queue until their done callbacks have run */
  g_mutex_lock (&queue.lock);
  while (queue.jobs > 0)
    g_cond_wait (&queue.changed, &queue.lock);
  g_mutex_unlock (&queue.lock);
  g_cond_clear (&queue.changed);
  g_mutex_clear (&queue.lock);
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
  CheckItem *items;
  guint n_items = 0;

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
  /* the files in name order, then the built-in ones */
  items = g_new0 (CheckItem, files->len + builtins->len);
  for (guint i = 0; i < files->len; i++)
    items[n_items++] = (CheckItem){ .name = g_strdup (g_ptr_array_index (files, i)) };
  for (guint i = 0; i < builtins->len; i++)
    items[n_items++]
      = (CheckItem){ .name = g_strdup (g_ptr_array_index (builtins, i)), .builtin = TRUE };
  check_items (&run, items, n_items);
  for (guint i = 0; i < n_items; i++)
    check_item_clear (&items[i]);
  g_free (items);
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
