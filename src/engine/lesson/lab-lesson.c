/* lab-lesson.c: reading lesson files: their pages and questions, each checked and with
 * its line. Tying pages to runs is lab-lesson-pages.c's, answers lab-lesson-answers.c's. */
#include "lab-lesson-private.h"
#include "engine/scenario/lab-keyfile-lines.h"
#include "engine/session/lab-session.h"
#include "tls/lab-dissect.h"
#include "tls/lab-error.h"
#include "tls/lab-hex.h"


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
const char *const lab_lesson_answer_kinds[] = { "field:", "size:", "count:", "hex:", "text:",
                                            "secret:", NULL };
const char *const lab_lesson_answer_words[] = { "alert", "sent-by", "outcome", "suite", "version",
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
  if (g_strv_contains (lab_lesson_answer_words, answer))
    return TRUE;
  for (guint i = 0; lab_lesson_answer_kinds[i]; i++)
    if (g_str_has_prefix (answer, lab_lesson_answer_kinds[i])
        && answer[strlen (lab_lesson_answer_kinds[i])] != '\0')
      return TRUE;
  return FALSE;
}

int
lab_lesson_step_side (const char *spec)
{
  if (g_ascii_strncasecmp (spec, "client.", strlen ("client.")) == 0)
    return LAB_SIDE_CLIENT;
  if (g_ascii_strncasecmp (spec, "server.", strlen ("server.")) == 0)
    return LAB_SIDE_SERVER;
  return -1;
}

/* The step's name after its side prefix. */
static char *
step_name (char *spec)
{
  return lab_lesson_step_side (spec) >= 0 ? strchr (spec, '.') + 1 : spec;
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
