/* lab-lesson-pages.c: a lesson's pages tied to live runs: each page's scenario (with the
 * settings it turns on), its step and field; and `check`, which runs every page and
 * computes every answer. */
#include "lab-lesson-private.h"
#include "engine/session/lab-session.h"
#include "tls/lab-dissect.h"
#include "tls/lab-error.h"
#include "tls/lab-hex.h"


#include <openssl/x509_vfy.h>
#include <stdlib.h>
#include <string.h>

/* A page that does not fit its run (LAB_ERROR_FAILED), or one that names what does not
 * exist: a scenario, a setting or its value (LAB_ERROR_INVALID), as a file with a typo
 * would. `check` tells the two apart by their exit status. */
gboolean
lab_lesson_error_at (const LabLesson *lesson, guint line, int code, GError **error,
                     const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, LAB_ERROR, code, "%s:%u: %s", lesson->source, line, message);
  return FALSE;
}

static LabScenario *
load_scenario (const LabLesson *lesson, const char *name, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (lesson->source);
  g_autofree char *with_suffix = g_str_has_suffix (name, ".scenario")
                                   ? g_strdup (name)
                                   : g_strconcat (name, ".scenario", NULL);
  g_autofree char *beside = g_build_filename (dir, with_suffix, NULL);
  g_autofree char *in_scenarios = g_build_filename (dir, "scenarios", with_suffix, NULL);

  /* A lesson on disk uses the scenario files beside it (or in scenarios/ beside it), so
   * an instructor's edits count; built-in lessons use built-in scenarios. */
  if (!g_str_has_suffix (lesson->source, "(built in)"))
    {
      if (g_file_test (beside, G_FILE_TEST_EXISTS))
        return lab_scenario_load_file (beside, error);
      if (g_file_test (in_scenarios, G_FILE_TEST_EXISTS))
        return lab_scenario_load_file (in_scenarios, error);
    }
  return lab_scenario_load_builtin (name, error);
}

LabScenario *
lab_lesson_page_scenario (const LabLesson *lesson, guint index, GError **error)
{
  const char *name = lesson->scenario;
  guint from = 0;
  g_autoptr (LabScenario) scenario = NULL;
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (index < lesson->pages->len, NULL);
  /* A page that names a scenario starts afresh from it; switches accumulate after it. */
  for (guint i = 0; i <= index; i++)
    {
      const LabLessonPage *page = g_ptr_array_index (lesson->pages, i);
      if (page->scenario != NULL)
        {
          name = page->scenario;
          from = i;
        }
    }
  scenario = load_scenario (lesson, name, &local_error);
  if (scenario == NULL)
    {
      const LabLessonPage *page = g_ptr_array_index (lesson->pages, from);
      lab_lesson_error_at (lesson, page->line, LAB_ERROR_INVALID, error, "scenario '%s': %s", name,
                           local_error->message);
      return NULL;
    }
  for (guint i = from; i <= index; i++)
    {
      const LabLessonPage *page = g_ptr_array_index (lesson->pages, i);
      for (guint s = 0; s < page->set->len; s++)
        {
          g_autofree char *item = g_strdup (g_ptr_array_index (page->set, s));
          char *eq = strchr (item, '='), *dot = strchr (item, '.');

          *eq = '\0';
          *dot = '\0';
          if (!lab_scenario_set_value (scenario, item, dot + 1, g_strstrip (eq + 1), &local_error))
            {
              lab_lesson_error_at (lesson, page->line, LAB_ERROR_INVALID, error, "set %s.%s: %s",
                                   item, dot + 1, local_error->message);
              return NULL;
            }
        }
    }
  return g_steal_pointer (&scenario);
}

const char *
lab_lesson_page_field (const LabLesson *lesson, guint index)
{
  const LabLessonPage *page = g_ptr_array_index (lesson->pages, index);
  return page->field;
}

/* "Finished#2" -> "Finished", 2 */
char *
lab_lesson_split_occurrence (const char *spec, guint *occurrence)
{
  const char *hash = strchr (spec, '#');
  guint64 n = 1;

  if (hash != NULL && !g_ascii_string_to_unsigned (hash + 1, 10, 1, 1000, &n, NULL))
    n = 0;
  *occurrence = (guint) n;
  return hash ? g_strndup (spec, (gsize) (hash - spec)) : g_strdup (spec);
}

static gboolean
step_matches (const LabStep *step, const char *spec)
{
  int side = lab_lesson_step_side (spec);

  if (side >= 0)
    return ((int) step->from == side || (int) step->to == side)
           && g_ascii_strcasecmp (step->title, strchr (spec, '.') + 1) == 0;
  if (g_str_has_prefix (spec, "phase:"))
    return g_str_equal (lab_phase_name (step->phase), spec + strlen ("phase:"));
  if (g_str_has_prefix (spec, "kind:"))
    return g_str_equal (lab_step_kind_name (step->kind), spec + strlen ("kind:"));
  return g_ascii_strcasecmp (step->title, spec) == 0;
}

int
lab_lesson_page_step (const LabLesson *lesson, guint index, LabTrace *trace, GPtrArray *steps,
                      GError **error)
{
  const LabLessonPage *page = g_ptr_array_index (lesson->pages, index);
  guint occurrence;
  g_autofree char *spec = lab_lesson_split_occurrence (page->step, &occurrence);

  if (occurrence == 0)
    return lab_lesson_error_at (lesson, page->line, LAB_ERROR_INVALID, error,
                                "'%s': after # comes a number from 1", page->step),
           -1;
  if (g_str_equal (spec, "outcome"))
    {
      for (guint i = steps->len; i > 0; i--)
        if (!((LabStep *) g_ptr_array_index (steps, i - 1))->never_happened)
          return (int) i - 1;
      return lab_lesson_error_at (lesson, page->line, LAB_ERROR_FAILED, error,
                                  "the run has no steps"),
             -1;
    }
  /* steps that happened first; a page may also show one that never did */
  for (int pass = 0; pass < 2; pass++)
    {
      guint seen = 0;
      for (guint i = 0; i < steps->len; i++)
        {
          const LabStep *step = g_ptr_array_index (steps, i);
          if (step->never_happened == (pass == 1) && step_matches (step, spec)
              && ++seen == occurrence)
            return (int) i;
        }
    }
  lab_lesson_error_at (lesson, page->line, LAB_ERROR_FAILED, error,
                       "step '%s' does not happen in this page's run", page->step);
  return -1;
}

/* ---- check ---- */

static gboolean
check_page (const LabLesson *lesson, guint index, GError **error)
{
  const LabLessonPage *page = g_ptr_array_index (lesson->pages, index);
  g_autoptr (LabScenario) scenario = lab_lesson_page_scenario (lesson, index, error);
  g_autoptr (LabTrace) trace = NULL;
  g_autoptr (GPtrArray) steps = NULL;
  g_autoptr (GError) local_error = NULL;
  int step;

  if (scenario == NULL)
    return FALSE;
  trace = lab_session_run (scenario, NULL, &local_error);
  if (trace == NULL)
    return lab_lesson_error_at (lesson, page->line, LAB_ERROR_FAILED, error,
                                "running its scenario: %s", local_error->message);
  steps = lab_steps_from_trace (trace);
  step = lab_lesson_page_step (lesson, index, trace, steps, error);
  if (step < 0)
    return FALSE;
  if (page->field != NULL)
    {
      const LabStep *s = g_ptr_array_index (steps, (guint) step);
      /* the page's own message spec keeps its #N: the field of that very message */
      gboolean by_name = !g_str_has_prefix (page->step, "phase:")
                         && !g_str_has_prefix (page->step, "kind:")
                         && !g_str_equal (page->step, "outcome");
      g_autofree char *path
        = g_strdup_printf ("%s.%s", by_name ? page->step : s->title, page->field);
      g_autoptr (LabField) tree = NULL;

      if (s->kind != LAB_STEP_MESSAGE || s->never_happened)
        return lab_lesson_error_at (lesson, page->line, LAB_ERROR_FAILED, error,
                                    "field '%s': step '%s' is not a message "
                                    "that was sent",
                                    page->field, page->step);
      if (lab_lesson_field_in_run (trace, path, &tree) == NULL)
        return lab_lesson_error_at (lesson, page->line, LAB_ERROR_FAILED, error,
                                    "the %s has no field '%s'", s->title, page->field);
    }
  for (guint i = 0; i < lesson->questions->len; i++)
    {
      const LabLessonQuestion *q = g_ptr_array_index (lesson->questions, i);
      g_autofree char *answer = NULL;
      guint right = 0;

      if (q->page != index)
        continue;
      answer = lab_lesson_answer (lesson, q, trace, error);
      if (answer == NULL)
        return FALSE;
      for (guint c = 0; q->choices && q->choices[c]; c++)
        right += lab_lesson_reply_is_right (answer, q->choices[c]);
      if (q->kind == LAB_QUESTION_CHOICE && right != 1)
        return lab_lesson_error_at (lesson, q->line, LAB_ERROR_FAILED, error,
                                    "%s of the choices matches the answer from the "
                                    "run ('%s'); exactly one must",
                                    right == 0 ? "none" : "more than one", answer);
    }
  return TRUE;
}

gboolean
lab_lesson_check (const LabLesson *lesson, GError **error)
{
  for (guint i = 0; i < lesson->pages->len; i++)
    if (!check_page (lesson, i, error))
      return FALSE;
  return TRUE;
}
