/* lab-cli-list.c: `handshake-lab list [--json]`: the scenarios and lessons the binary
 * carries, by the names run, diagram, check and the window accept where a file is
 * expected (lab-cli-files.h). */
#include "lab-cli.h"
#include "engine/export/lab-json.h"
#include "engine/lesson/lab-lesson.h"
#include "engine/scenario/lab-scenario.h"
#include "tls/lab-text.h"

#include <json-glib/json-glib.h>
#include <stdio.h>

typedef struct
{
  char *name;
  char *title;
  char *detail; /* a scenario's expected outcome; a lesson's level, pages and scenario */
  LabLesson *lesson;
  LabScenario *scenario;
} Entry;

static void
entry_free (gpointer data)
{
  Entry *e = data;

  g_free (e->name);
  g_free (e->title);
  g_free (e->detail);
  g_clear_pointer (&e->lesson, lab_lesson_free);
  g_clear_pointer (&e->scenario, lab_scenario_free);
  g_free (e);
}

/* A built-in that does not load is the build's fault, not the user's: it is listed with
 * the error in place of its title, so nothing is hidden. */
static GPtrArray *
scenarios (void)
{
  g_auto (GStrv) names = lab_scenario_list_builtin ();
  GPtrArray *entries = g_ptr_array_new_with_free_func (entry_free);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr (GError) error = NULL;
      Entry *e = g_new0 (Entry, 1);

      e->name = g_strdup (names[i]);
      e->scenario = lab_scenario_load_builtin (names[i], &error);
      e->title = g_strdup (e->scenario ? e->scenario->title : error->message);
      e->detail = e->scenario ? lab_scenario_expectation_text (e->scenario) : g_strdup ("");
      g_ptr_array_add (entries, e);
    }
  return entries;
}

static GPtrArray *
lessons (void)
{
  g_auto (GStrv) names = lab_lesson_list_builtin ();
  GPtrArray *entries = g_ptr_array_new_with_free_func (entry_free);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr (GError) error = NULL;
      Entry *e = g_new0 (Entry, 1);

      e->name = g_strdup (names[i]);
      e->lesson = lab_lesson_load_builtin (names[i], &error);
      e->title = g_strdup (e->lesson ? e->lesson->title : error->message);
      e->detail = e->lesson ? g_strdup_printf ("%s, %u pages, %u questions, scenario %s",
                                               e->lesson->level ? e->lesson->level : "any level",
                                               e->lesson->pages->len, e->lesson->questions->len,
                                               e->lesson->scenario)
                            : g_strdup ("");
      g_ptr_array_add (entries, e);
    }
  return entries;
}

/* Pads to a width in characters (printf counts bytes). */
static void
print_padded (const char *text, glong width)
{
  g_autofree char *safe = lab_text_printable (text);

  fputs (safe, stdout);
  for (glong i = g_utf8_strlen (safe, -1); i < width; i++)
    fputc (' ', stdout);
}

static void
print_table (const char *heading, GPtrArray *entries)
{
  glong name_width = 4, title_width = 5;

  for (guint i = 0; i < entries->len; i++)
    {
      const Entry *e = g_ptr_array_index (entries, i);
      name_width = MAX (name_width, g_utf8_strlen (e->name, -1));
      title_width = MAX (title_width, g_utf8_strlen (e->title, -1));
    }
  printf ("%s\n", heading);
  for (guint i = 0; i < entries->len; i++)
    {
      const Entry *e = g_ptr_array_index (entries, i);
      g_autofree char *detail = lab_text_printable (e->detail);

      fputs ("  ", stdout);
      print_padded (e->name, name_width + 2);
      print_padded (e->title, title_width + 2);
      printf ("%s\n", detail);
    }
}

static JsonNode *
to_json (GPtrArray *scenario_entries, GPtrArray *lesson_entries)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "scenarios");
  json_builder_begin_array (b);
  for (guint i = 0; i < scenario_entries->len; i++)
    {
      const Entry *e = g_ptr_array_index (scenario_entries, i);

      json_builder_begin_object (b);
      lab_json_add_string (b, "name", e->name);
      lab_json_add_string (b, "title", e->title);
      lab_json_add_string (b, "expected", e->scenario ? e->detail : NULL);
      lab_json_add_string (b, "description", e->scenario ? e->scenario->description : NULL);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "lessons");
  json_builder_begin_array (b);
  for (guint i = 0; i < lesson_entries->len; i++)
    {
      const Entry *e = g_ptr_array_index (lesson_entries, i);

      json_builder_begin_object (b);
      lab_json_add_string (b, "name", e->name);
      lab_json_add_string (b, "title", e->title);
      lab_json_add_string (b, "level", e->lesson ? e->lesson->level : NULL);
      lab_json_add_string (b, "summary", e->lesson ? e->lesson->summary : NULL);
      lab_json_add_string (b, "scenario", e->lesson ? e->lesson->scenario : NULL);
      json_builder_set_member_name (b, "pages");
      json_builder_add_int_value (b, e->lesson ? e->lesson->pages->len : 0);
      json_builder_set_member_name (b, "questions");
      json_builder_add_int_value (b, e->lesson ? e->lesson->questions->len : 0);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

int
lab_cli_list (int argc, char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the lists as JSON", NULL },
    { NULL },
  };
  g_autoptr (GPtrArray) scenario_entries = NULL;
  g_autoptr (GPtrArray) lesson_entries = NULL;

  if (!lab_cli_parse ("list", "",
                      "Lists the scenarios and lessons built into the lab: each NAME can stand "
                      "where a file is expected (run NAME, diagram NAME, check NAME, "
                      "handshake-lab NAME); a path that exists wins.",
                      entries, &argc, &argv))
    return LAB_EXIT_USAGE;
  if (argc > 1)
    return lab_cli_usage_error ("list", "takes no arguments, got %d", argc - 1);
  scenario_entries = scenarios ();
  lesson_entries = lessons ();
  if (json)
    {
      g_autoptr (JsonNode) node = to_json (scenario_entries, lesson_entries);
      lab_cli_print_json (node);
      return LAB_EXIT_OK;
    }
  print_table ("Built-in scenarios (run NAME, diagram NAME, check NAME, handshake-lab NAME), "
               "with what each expects:",
               scenario_entries);
  printf ("\n");
  print_table ("Built-in lessons (check NAME, handshake-lab NAME):", lesson_entries);
  return LAB_EXIT_OK;
}
