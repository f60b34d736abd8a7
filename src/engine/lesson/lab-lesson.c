/* lab-lesson.c: reading lessons, and tying their pages and answers to a live run. */
#include "lab-lesson.h"
#include "engine/scenario/lab-keyfile-lines.h"
#include "engine/session/lab-session.h"
#include "tls/lab-dissect.h"
#include "tls/lab-error.h"
#include "tls/lab-hex.h"
#include "tls/lab-registry-more.h"

#include <gio/gio.h>
#include <openssl/x509_vfy.h>
#include <stdlib.h>
#include <string.h>

#define RESOURCE_DIR "/io/github/handshakelab/HandshakeLab/lessons"

static const char *const levels[] = { "beginner", "intermediate", "advanced", NULL };
static const char *const lesson_keys[] = { "title", "summary", "level", "scenario", NULL };
static const char *const page_keys[] = { "title", "step", "field", "text", "set", "scenario",
                                         NULL };
static const char *const question_keys[] = { "page", "ask", "kind", "answer", "choices", "right",
                                             "wrong", NULL };
static const char *const answer_kinds[] = { "field:", "size:", "count:", "hex:", "text:",
                                            "secret:", NULL };
static const char *const answer_words[] = { "alert", "sent-by", "outcome", "suite", "version",
                                            "verify-error", NULL };

/* ---- life cycle ---- */

static void
page_free (gpointer data)
{
  LabLessonPage *page = data;

  g_free (page->title);
  g_free (page->step);
  g_free (page->field);
  g_free (page->text);
  g_free (page->scenario);
  g_clear_pointer (&page->set, g_ptr_array_unref);
  g_free (page);
}

static void
question_free (gpointer data)
{
  LabLessonQuestion *q = data;

  g_free (q->ask);
  g_free (q->answer);
  g_strfreev (q->choices);
  g_free (q->right);
  g_free (q->wrong);
  g_free (q);
}

void
lab_lesson_free (LabLesson *lesson)
{
  if (lesson == NULL)
    return;
  g_free (lesson->source);
  g_free (lesson->id);
  g_free (lesson->title);
  g_free (lesson->summary);
  g_free (lesson->level);
  g_free (lesson->scenario);
  g_clear_pointer (&lesson->pages, g_ptr_array_unref);
  g_clear_pointer (&lesson->questions, g_ptr_array_unref);
  g_free (lesson);
}

/* ---- reading ---- */

typedef struct
{
  guint number;
  char *group;
} Numbered;

static int
compare_numbered (gconstpointer a, gconstpointer b)
{
  const Numbered *x = a, *y = b;
  return (x->number > y->number) - (x->number < y->number);
}

static char *
get (GKeyFile *keyfile, const char *group, const char *key)
{
  char *value = g_key_file_get_string (keyfile, group, key, NULL);
  return value ? g_strstrip (value) : NULL;
}

static gboolean
check_keys (GKeyFile *keyfile, LabKeyfileLines *lines, const char *group,
            const char *const *known, GError **error)
{
  g_auto (GStrv) keys = g_key_file_get_keys (keyfile, group, NULL, NULL);

  for (guint k = 0; keys && keys[k]; k++)
    if (!g_strv_contains (known, keys[k]))
      {
        g_autofree char *list = g_strjoinv (", ", (char **) known);
        lab_keyfile_lines_error (lines, error, lab_keyfile_lines_key (lines, group, keys[k]),
                                 "unknown key '%s' in [%s]; known keys: %s", keys[k], group, list);
        return FALSE;
      }
  return TRUE;
}

static gboolean
require (GKeyFile *keyfile, LabKeyfileLines *lines, const char *group, const char *key,
         char **out, GError **error)
{
  *out = get (keyfile, group, key);
  if (*out == NULL || **out == '\0')
    {
      lab_keyfile_lines_error (lines, error, lab_keyfile_lines_group (lines, group),
                               "[%s] needs a %s", group, key);
      return FALSE;
    }
  return TRUE;
}

static gboolean
valid_answer_syntax (const char *answer)
{
  if (g_strv_contains (answer_words, answer))
    return TRUE;
  for (guint i = 0; answer_kinds[i]; i++)
    if (g_str_has_prefix (answer, answer_kinds[i]) && answer[strlen (answer_kinds[i])] != '\0')
      return TRUE;
  return FALSE;
}

/* "client." or "server." before a step's name: the step at that side, toward or from it,
 * as against the one on Mallory's other connection (-1: no prefix; LAB_SIDE_*). */
static int
step_view (const char *spec)
{
  if (g_ascii_strncasecmp (spec, "client.", strlen ("client.")) == 0)
    return LAB_SIDE_CLIENT;
  if (g_ascii_strncasecmp (spec, "server.", strlen ("server.")) == 0)
    return LAB_SIDE_SERVER;
  return -1;
}

/* The step's name after its view prefix. */
static char *
step_name (char *spec)
{
  return step_view (spec) >= 0 ? strchr (spec, '.') + 1 : spec;
}

static LabLessonPage *
read_page (GKeyFile *keyfile, LabKeyfileLines *lines, const char *group, GError **error)
{
  LabLessonPage *page = g_new0 (LabLessonPage, 1);
  g_auto (GStrv) set = NULL;

  page->line = lab_keyfile_lines_group (lines, group);
  page->set = g_ptr_array_new_with_free_func (g_free);
  if (!check_keys (keyfile, lines, group, page_keys, error)
      || !require (keyfile, lines, group, "title", &page->title, error)
      || !require (keyfile, lines, group, "step", &page->step, error)
      || !require (keyfile, lines, group, "text", &page->text, error))
    goto failed;
  page->field = get (keyfile, group, "field");
  page->scenario = get (keyfile, group, "scenario");
  /* "ServerHello.cipher_suite" names a step and a field at once ("client.Certificate.x":
   * the step on the client's side, and a field of the message as the client saw it) */
  if (page->field == NULL && strchr (step_name (page->step), '.') != NULL
      && !g_str_has_prefix (page->step, "phase:") && !g_str_has_prefix (page->step, "kind:"))
    {
      char *dot = strchr (step_name (page->step), '.');
      page->field = g_strdup (dot + 1);
      *dot = '\0';
    }
  set = g_key_file_get_string_list (keyfile, group, "set", NULL, NULL);
  for (guint i = 0; set && set[i]; i++)
    {
      char *item = g_strstrip (set[i]);
      const char *eq = strchr (item, '='), *dot = strchr (item, '.');

      if (*item == '\0')
        continue;
      if (eq == NULL || dot == NULL || dot > eq)
        {
          lab_keyfile_lines_error (lines, error, lab_keyfile_lines_key (lines, group, "set"),
                                   "'%s' is not a switch; write group.key=value, such as "
                                   "server.certificate=expired", item);
          goto failed;
        }
      g_ptr_array_add (page->set, g_strdup (item));
    }
  return page;

failed:
  page_free (page);
  return NULL;
}

static LabLessonQuestion *
read_question (GKeyFile *keyfile, LabKeyfileLines *lines, const char *group, GArray *page_numbers,
               GError **error)
{
  LabLessonQuestion *q = g_new0 (LabLessonQuestion, 1);
  g_autofree char *page = NULL, *kind = NULL;
  guint64 number;
  guint i;

  q->line = lab_keyfile_lines_group (lines, group);
  if (!check_keys (keyfile, lines, group, question_keys, error)
      || !require (keyfile, lines, group, "page", &page, error)
      || !require (keyfile, lines, group, "ask", &q->ask, error)
      || !require (keyfile, lines, group, "answer", &q->answer, error))
    goto failed;
  if (!g_ascii_string_to_unsigned (page, 10, 1, G_MAXUINT, &number, NULL))
    number = 0;
  for (i = 0; i < page_numbers->len && g_array_index (page_numbers, guint, i) != number; i++)
    ;
  if (i == page_numbers->len)
    {
      lab_keyfile_lines_error (lines, error, lab_keyfile_lines_key (lines, group, "page"),
                               "there is no [page %s] for this question", page);
      goto failed;
    }
  q->page = i;
  kind = get (keyfile, group, "kind");
  if (kind == NULL || g_str_equal (kind, "short"))
    q->kind = LAB_QUESTION_SHORT;
  else if (g_str_equal (kind, "choice"))
    q->kind = LAB_QUESTION_CHOICE;
  else
    {
      lab_keyfile_lines_error (lines, error, lab_keyfile_lines_key (lines, group, "kind"),
                               "'%s' is not a kind of question; expected choice or short", kind);
      goto failed;
    }
  if (!valid_answer_syntax (q->answer))
    {
      lab_keyfile_lines_error (lines, error, lab_keyfile_lines_key (lines, group, "answer"),
                               "'%s' is not an answer the lab can compute; expected field:PATH, "
                               "size:PATH, count:PATH, hex:PATH, secret:NAME, text:WORDS, "
                               "alert, sent-by, outcome, suite, version or verify-error",
                               q->answer);
      goto failed;
    }
  q->choices = g_key_file_get_string_list (keyfile, group, "choices", NULL, NULL);
  for (guint c = 0; q->choices && q->choices[c]; c++)
    g_strstrip (q->choices[c]);
  if (q->kind == LAB_QUESTION_CHOICE && (q->choices == NULL || g_strv_length (q->choices) < 2))
    {
      lab_keyfile_lines_error (lines, error, q->line,
                               "a choice question needs at least two choices, separated by ';'");
      goto failed;
    }
  q->right = get (keyfile, group, "right");
  q->wrong = get (keyfile, group, "wrong");
  return q;

failed:
  question_free (q);
  return NULL;
}

/* "[page 3]" -> 3; 0 when the group is not of that family. */
static guint
group_number (const char *group, const char *family)
{
  gsize n = strlen (family);
  guint64 number;

  if (!g_str_has_prefix (group, family) || group[n] != ' '
      || !g_ascii_string_to_unsigned (group + n + 1, 10, 1, 10000, &number, NULL))
    return 0;
  return (guint) number;
}

static char *
lesson_id (const char *source)
{
  g_autofree char *base = g_path_get_basename (source);
  char *space = strchr (base, ' ');

  if (space)
    *space = '\0';
  if (g_str_has_suffix (base, ".lesson"))
    base[strlen (base) - strlen (".lesson")] = '\0';
  return g_strdup (base);
}

LabLesson *
lab_lesson_load_data (const char *source, const char *text, gsize len, GError **error)
{
  g_autoptr (LabKeyfileLines) lines = lab_keyfile_lines_scan (source, text, len, error);
  g_autoptr (GKeyFile) keyfile = g_key_file_new ();
  g_autoptr (LabLesson) lesson = g_new0 (LabLesson, 1);
  g_autoptr (GArray) pages = g_array_new (FALSE, FALSE, sizeof (Numbered));
  g_autoptr (GArray) questions = g_array_new (FALSE, FALSE, sizeof (Numbered));
  g_autoptr (GArray) page_numbers = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GError) local_error = NULL;
  g_auto (GStrv) groups = NULL;

  if (lines == NULL)
    return NULL;
  if (!g_key_file_load_from_data (keyfile, text, len, G_KEY_FILE_NONE, &local_error))
    {
      lab_keyfile_lines_error (lines, error, 0, "%s", local_error->message);
      return NULL;
    }
  lesson->source = g_strdup (source);
  lesson->id = lesson_id (source);
  lesson->pages = g_ptr_array_new_with_free_func (page_free);
  lesson->questions = g_ptr_array_new_with_free_func (question_free);

  if (!g_key_file_has_group (keyfile, "lesson"))
    {
      lab_keyfile_lines_error (lines, error, 1, "a lesson needs a [lesson] group with a title "
                                                "and a scenario");
      return NULL;
    }
  if (!check_keys (keyfile, lines, "lesson", lesson_keys, error)
      || !require (keyfile, lines, "lesson", "title", &lesson->title, error)
      || !require (keyfile, lines, "lesson", "scenario", &lesson->scenario, error))
    return NULL;
  lesson->summary = get (keyfile, "lesson", "summary");
  lesson->level = get (keyfile, "lesson", "level");
  if (lesson->level != NULL && !g_strv_contains (levels, lesson->level))
    {
      lab_keyfile_lines_error (lines, error, lab_keyfile_lines_key (lines, "lesson", "level"),
                               "'%s' is not a level; expected beginner, intermediate or advanced",
                               lesson->level);
      return NULL;
    }

  groups = g_key_file_get_groups (keyfile, NULL);
  for (guint g = 0; groups[g]; g++)
    {
      Numbered item = { 0, groups[g] };

      if (g_str_equal (groups[g], "lesson"))
        continue;
      if ((item.number = group_number (groups[g], "page")) > 0)
        g_array_append_val (pages, item);
      else if ((item.number = group_number (groups[g], "question")) > 0)
        g_array_append_val (questions, item);
      else
        {
          lab_keyfile_lines_error (lines, error, lab_keyfile_lines_group (lines, groups[g]),
                                   "unknown group [%s]; expected [lesson], [page N] or "
                                   "[question N]", groups[g]);
          return NULL;
        }
    }
  if (pages->len == 0)
    {
      lab_keyfile_lines_error (lines, error, lab_keyfile_lines_group (lines, "lesson"),
                               "a lesson needs at least one [page N]");
      return NULL;
    }
  g_array_sort (pages, compare_numbered);
  g_array_sort (questions, compare_numbered);
  for (guint i = 0; i < pages->len; i++)
    {
      Numbered *p = &g_array_index (pages, Numbered, i);
      LabLessonPage *page = read_page (keyfile, lines, p->group, error);

      if (page == NULL)
        return NULL;
      g_ptr_array_add (lesson->pages, page);
      g_array_append_val (page_numbers, p->number);
    }
  for (guint i = 0; i < questions->len; i++)
    {
      LabLessonQuestion *q = read_question (keyfile, lines,
                                            g_array_index (questions, Numbered, i).group,
                                            page_numbers, error);
      if (q == NULL)
        return NULL;
      g_ptr_array_add (lesson->questions, q);
    }
  return g_steal_pointer (&lesson);
}

LabLesson *
lab_lesson_load_file (const char *path, GError **error)
{
  gsize len = 0;
  g_autofree char *text = lab_keyfile_read (path, "lesson", &len, error);

  return text ? lab_lesson_load_data (path, text, len, error) : NULL;
}

LabLesson *
lab_lesson_load_builtin (const char *name, GError **error)
{
  g_autofree char *source = NULL;
  g_autoptr (GBytes) bytes = lab_keyfile_lookup_resource (RESOURCE_DIR, "lesson", name, &source,
                                                          error);

  if (bytes == NULL)
    return NULL;
  return lab_lesson_load_data (source, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                               error);
}

char **
lab_lesson_list_builtin (void)
{
  return lab_keyfile_list_resources (RESOURCE_DIR, ".lesson");
}

/* ---- pages and their runs ---- */

/* A page that does not fit its run (LAB_ERROR_FAILED), or, with bad_input_at, one that
 * names what does not exist: a scenario, a setting or its value (LAB_ERROR_INVALID), as a
 * file with a typo would. `check` tells the two apart by their exit status. */
static gboolean page_error (const LabLesson *lesson, guint line, GError **error, int code,
                            const char *format, va_list args) G_GNUC_PRINTF (5, 0);

static gboolean
page_error (const LabLesson *lesson, guint line, GError **error, int code, const char *format,
            va_list args)
{
  g_autofree char *message = g_strdup_vprintf (format, args);

  g_set_error (error, LAB_ERROR, code, "%s:%u: %s", lesson->source, line, message);
  return FALSE;
}

static gboolean
error_at (const LabLesson *lesson, guint line, GError **error, const char *format, ...)
  G_GNUC_PRINTF (4, 5);

static gboolean
error_at (const LabLesson *lesson, guint line, GError **error, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  page_error (lesson, line, error, LAB_ERROR_FAILED, format, args);
  va_end (args);
  return FALSE;
}

static gboolean
bad_input_at (const LabLesson *lesson, guint line, GError **error, const char *format, ...)
  G_GNUC_PRINTF (4, 5);

static gboolean
bad_input_at (const LabLesson *lesson, guint line, GError **error, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  page_error (lesson, line, error, LAB_ERROR_INVALID, format, args);
  va_end (args);
  return FALSE;
}

/* A scenario by built-in name, or a file beside the lesson. */
static LabScenario *
load_scenario (const LabLesson *lesson, const char *name, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (lesson->source);
  g_autofree char *with_suffix = g_str_has_suffix (name, ".scenario")
                                   ? g_strdup (name) : g_strconcat (name, ".scenario", NULL);
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
      bad_input_at (lesson, page->line, error, "scenario '%s': %s", name, local_error->message);
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
              bad_input_at (lesson, page->line, error, "set %s.%s: %s", item, dot + 1,
                        local_error->message);
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
static char *
split_occurrence (const char *spec, guint *occurrence)
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
  int side = step_view (spec);

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
  g_autofree char *spec = split_occurrence (page->step, &occurrence);

  if (occurrence == 0)
    return bad_input_at (lesson, page->line, error, "'%s': after # comes a number from 1",
                     page->step), -1;
  if (g_str_equal (spec, "outcome"))
    {
      for (guint i = steps->len; i > 0; i--)
        if (!((LabStep *) g_ptr_array_index (steps, i - 1))->never_happened)
          return (int) i - 1;
      return error_at (lesson, page->line, error, "the run has no steps"), -1;
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
  error_at (lesson, page->line, error, "step '%s' does not happen in this page's run", page->step);
  return -1;
}

/* ---- answers ---- */

/* The n-th handshake message of that name: as its sender sent it (side < 0), or in one
 * side's view, sent or received. */
static const LabEvent *
find_message (LabTrace *trace, int side, const char *name, guint occurrence)
{
  guint seen = 0;

  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      /* as the sender sent it: a peer; the man in the middle's are its own messages */
      if (e->kind == LAB_EVENT_MESSAGE
          && (side < 0 ? e->sent && e->side != LAB_SIDE_ATTACKER : (int) e->side == side)
          && g_str_equal (e->name, name) && ++seen == occurrence)
        return e;
    }
  return NULL;
}

/* The suite the ServerHello names (in that view), which the dissector needs for the key
 * exchange messages. */
static const LabCipherSuite *
negotiated_suite (LabTrace *trace, int side)
{
  const LabEvent *hello = find_message (trace, side, "ServerHello", 1);
  g_autoptr (LabField) tree = hello ? lab_dissect_message (hello->bytes, NULL) : NULL;
  LabField *suite = tree ? lab_field_lookup (tree, "ServerHello.cipher_suite") : NULL;

  return suite && suite->has_number ? lab_cipher_suite_lookup ((guint16) suite->number) : NULL;
}

/* "client." or "server." before a path: that side's view of the message (-1: none). The
 * prefix is taken off path. */
static int
take_view (const char **path)
{
  static const struct { const char *prefix; LabSide side; } views[] = {
    { "client.", LAB_SIDE_CLIENT },
    { "server.", LAB_SIDE_SERVER },
  };

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    if (g_str_has_prefix (*path, views[i].prefix))
      {
        *path += strlen (views[i].prefix);
        return (int) views[i].side;
      }
  return -1;
}

/* "ServerHello.cipher_suite" (or "Finished#2.verify_data", or "client.Certificate..." for
 * the Certificate as the client received it) in the run: the message dissected, and the
 * field at the path. */
static LabField *
field_in_run (LabTrace *trace, const char *path, LabField **tree_out)
{
  int side = take_view (&path);
  const char *dot = strchr (path, '.');
  g_autofree char *head = dot ? g_strndup (path, (gsize) (dot - path)) : g_strdup (path);
  guint occurrence;
  g_autofree char *message = split_occurrence (head, &occurrence);
  const LabEvent *e = occurrence ? find_message (trace, side, message, occurrence) : NULL;
  LabDissectOptions options = { .suite = negotiated_suite (trace, side) };
  g_autofree char *lookup = NULL;

  if (e == NULL)
    return NULL;
  *tree_out = lab_dissect_message (e->bytes, &options);
  lookup = g_strconcat (message, dot ? dot : "", NULL);
  return lab_field_lookup (*tree_out, lookup);
}

static char *
answer_from_field (const char *kind, const char *path, LabTrace *trace)
{
  g_autoptr (LabField) tree = NULL;
  LabField *field = field_in_run (trace, path, &tree);

  if (field == NULL)
    return NULL;
  if (g_str_equal (kind, "size:"))
    return g_strdup_printf ("%" G_GSIZE_FORMAT, field->length);
  if (g_str_equal (kind, "count:"))
    return g_strdup_printf ("%u", lab_field_n_children (field));
  if (g_str_equal (kind, "hex:"))
    return lab_hex_encode_bytes (lab_field_get_bytes (field));
  return g_strdup (field->value ? field->value : "");
}

static char *
answer_from_outcome (const char *word, LabTrace *trace)
{
  const LabOutcome *o = lab_trace_get_outcome (trace);

  if (g_str_equal (word, "outcome"))
    return g_strdup (lab_result_name (o->result));
  if (g_str_equal (word, "alert"))
    return o->alert >= 0 ? g_strdup (lab_alert_lookup ((guint8) o->alert)->name) : NULL;
  if (g_str_equal (word, "sent-by"))
    return o->result == LAB_RESULT_ALERT ? g_strdup (lab_side_name (o->sent_by)) : NULL;
  if (g_str_equal (word, "verify-error"))
    {
      const LabVerifyErrorInfo *info = o->verify_error ? lab_verify_error_lookup (o->verify_error)
                                                       : NULL;
      return info ? g_strdup (info->symbol) : NULL;
    }
  if (g_str_equal (word, "suite"))
    {
      const LabCipherSuite *suite = negotiated_suite (trace, -1);
      return suite ? g_strdup (suite->iana_name) : NULL;
    }
  if (g_str_equal (word, "version"))
    return answer_from_field ("field:", "ServerHello.server_version", trace);
  return NULL;
}

/* "master_secret", "server.master_secret", "client.key_block#2": a secret of one side's
 * view (either side by default), the n-th of that name (one per connection). */
static char *
answer_from_secret (const char *spec, LabTrace *trace)
{
  guint occurrence, seen = 0;
  g_autofree char *name = split_occurrence (spec, &occurrence);
  const char *dot = strchr (name, '.');
  int side = -1;

  if (dot != NULL)
    {
      if (g_str_has_prefix (name, "client."))
        side = LAB_SIDE_CLIENT;
      else if (g_str_has_prefix (name, "server."))
        side = LAB_SIDE_SERVER;
      else
        return NULL;
    }
  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      if (e->kind == LAB_EVENT_SECRET && e->bytes != NULL
          && g_str_equal (e->name, dot ? dot + 1 : name) && (side < 0 || (int) e->side == side)
          && ++seen == occurrence)
        return lab_hex_encode_bytes (e->bytes);
    }
  return NULL;
}

char *
lab_lesson_answer (const LabLesson *lesson, const LabLessonQuestion *q, LabTrace *trace,
                   GError **error)
{
  char *answer = NULL;

  for (guint i = 0; answer_kinds[i] && answer == NULL; i++)
    if (g_str_has_prefix (q->answer, answer_kinds[i]))
      {
        const char *arg = q->answer + strlen (answer_kinds[i]);
        if (g_str_equal (answer_kinds[i], "text:"))
          answer = g_strdup (arg);
        else if (g_str_equal (answer_kinds[i], "secret:"))
          answer = answer_from_secret (arg, trace);
        else
          answer = answer_from_field (answer_kinds[i], arg, trace);
        if (answer == NULL)
          return error_at (lesson, q->line, error, "'%s' does not exist in this page's run",
                           q->answer), NULL;
        return answer;
      }
  answer = answer_from_outcome (q->answer, trace);
  if (answer == NULL)
    error_at (lesson, q->line, error, "'%s' has no value in this page's run (outcome: %s)",
              q->answer, lab_result_name (lab_trace_get_outcome (trace)->result));
  return answer;
}

/* Lowercase, without spaces, underscores or hyphens. */
static char *
normalize (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *c = text; *c; c++)
    if (!g_ascii_isspace (*c) && *c != '_' && *c != '-')
      g_string_append_c (out, g_ascii_tolower (*c));
  return g_string_free (out, FALSE);
}

gboolean
lab_lesson_reply_is_right (const char *answer, const char *reply)
{
  g_autofree char *a = normalize (answer);
  g_autofree char *r = normalize (reply);
  const char *open;

  if (*r == '\0')
    return FALSE;
  if (g_str_equal (a, r))
    return TRUE;
  /* "TLS_ECDHE_... (0xc02b)": the name alone, or the number alone, will do */
  if ((open = strrchr (a, '(')) != NULL && g_str_has_suffix (a, ")"))
    {
      g_autofree char *name = g_strndup (a, (gsize) (open - a));
      g_autofree char *number = g_strndup (open + 1, strlen (open + 1) - 1);
      return g_str_equal (name, r) || g_str_equal (number, r);
    }
  return FALSE;
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
    return error_at (lesson, page->line, error, "running its scenario: %s",
                     local_error->message);
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
      g_autofree char *path = g_strdup_printf ("%s.%s", by_name ? page->step : s->title,
                                               page->field);
      g_autoptr (LabField) tree = NULL;

      if (s->kind != LAB_STEP_MESSAGE || s->never_happened)
        return error_at (lesson, page->line, error, "field '%s': step '%s' is not a message "
                                                    "that was sent", page->field, page->step);
      if (field_in_run (trace, path, &tree) == NULL)
        return error_at (lesson, page->line, error, "the %s has no field '%s'", s->title,
                         page->field);
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
        return error_at (lesson, q->line, error, "%s of the choices matches the answer from the "
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
