/* lab-lesson.h: guided tours through real handshakes, as an instructor writes them
 * (*.lesson, GKeyFile, like scenarios).
 *
 *   [lesson]      title, summary, level (beginner | intermediate | advanced), scenario
 *   [page N]      title, step, field, text (Markdown), set (switches this page turns on),
 *                 scenario (another scenario from this page on)
 *   [question N]  page, ask, kind (choice | short), answer, choices, right, wrong
 *
 * A page points at a step of its scenario's run; a question's answer is read from the
 * live run, so a lesson stays right when its scenario changes. lessons/README.md is the
 * instructor's guide. */
#pragma once

#include <glib.h>

#include "engine/scenario/lab-scenario.h"
#include "engine/trace/lab-steps.h"
#include "engine/trace/lab-trace.h"

G_BEGIN_DECLS

typedef struct
{
  guint line;           /* where the page's group starts */
  char *title;
  char *step;           /* "ClientHello", "Finished#2", "phase:negotiation", "kind:alert",
                         * "outcome", "ServerHello.cipher_suite" (a step and a field) */
  char *field;          /* a field path within the step's message: "random" */
  char *text;           /* Markdown */
  char *scenario;       /* NULL: the lesson's (or the previous page's) scenario */
  GPtrArray *set;       /* "group.key=value" switches this page turns on */
} LabLessonPage;

typedef enum
{
  LAB_QUESTION_CHOICE,
  LAB_QUESTION_SHORT,
} LabQuestionKind;

typedef struct
{
  guint line;
  guint page;           /* index into pages */
  char *ask;
  LabQuestionKind kind;
  char *answer;         /* "field:ServerHello.cipher_suite", "size:ClientHello.random",
                         * "secret:server.master_secret#2" (a side's view, the n-th),
                         * "count:ClientHello.cipher_suites.cipher_suite", "alert",
                         * "sent-by", "outcome", "suite", "verify-error", "text:..." */
  char **choices;       /* for LAB_QUESTION_CHOICE */
  char *right;          /* feedback */
  char *wrong;
} LabLessonQuestion;

typedef struct
{
  char *source;         /* the file path or "name.lesson (built in)" */
  char *id;             /* the file's base name without .lesson: for progress */
  char *title;
  char *summary;
  char *level;
  char *scenario;       /* a built-in scenario name, or a path relative to the lesson */
  GPtrArray *pages;     /* LabLessonPage */
  GPtrArray *questions; /* LabLessonQuestion */
} LabLesson;

LabLesson *lab_lesson_load_file (const char *path, GError **error);
LabLesson *lab_lesson_load_data (const char *source, const char *text, gsize len,
                                 GError **error);
LabLesson *lab_lesson_load_builtin (const char *name, GError **error);
char **lab_lesson_list_builtin (void);
void lab_lesson_free (LabLesson *lesson);

/* The scenario a page runs: the page's own, else the last one named before it, else the
 * lesson's, with the page's switches (and those of earlier pages) applied. Scenario
 * names are built-in names or paths relative to the lesson file. */
LabScenario *lab_lesson_page_scenario (const LabLesson *lesson, guint page, GError **error);

/* The step a page points at in a run, or -1 with an error naming the file and line. */
int lab_lesson_page_step (const LabLesson *lesson, guint page, LabTrace *trace, GPtrArray *steps,
                          GError **error);

/* The field path (within the step's message) a page highlights, or NULL. */
const char *lab_lesson_page_field (const LabLesson *lesson, guint page);

/* A question's answer, computed from the run of its page; NULL with an error naming the
 * file and line when it cannot be. */
char *lab_lesson_answer (const LabLesson *lesson, const LabLessonQuestion *question,
                         LabTrace *trace, GError **error);

/* Does a learner's reply match the answer? Case, spaces and a trailing "(0x..)" don't
 * matter; a number matches a value written with its name. */
gboolean lab_lesson_reply_is_right (const char *answer, const char *reply);

/* Runs every page's scenario once and checks that each step, field and answer exists:
 * what `handshake-lab check` does with a lesson. FALSE with the first problem
 * (file:line: ...). */
gboolean lab_lesson_check (const LabLesson *lesson, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabLesson, lab_lesson_free)

G_END_DECLS

G_BEGIN_DECLS

/* Progress, kept between runs in a small key file under the user's data directory
 * ($XDG_DATA_HOME/handshake-lab/progress.ini): the page a learner reached and the
 * questions answered right. */
guint lab_lesson_progress_page (const char *lesson_id);
gboolean lab_lesson_progress_answered (const char *lesson_id, guint question);
gboolean lab_lesson_progress_save (const char *lesson_id, guint page, int answered_right,
                                   GError **error);

G_END_DECLS
