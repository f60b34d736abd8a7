/* lab-lesson-pane.h: a lesson, page by page, beside the ladder: the page's text rendered
 * from Markdown, its questions with Check and the lesson's feedback, Back and Next. The
 * pane remembers the learner's progress; running each page's scenario and pointing the
 * ladder and the detail area at its step is the window's work (lab-window-lesson.c). */
#pragma once

#include <adwaita.h>

#include "engine/lesson/lab-lesson.h"

G_BEGIN_DECLS

#define LAB_TYPE_LESSON_PANE (lab_lesson_pane_get_type ())
G_DECLARE_FINAL_TYPE (LabLessonPane, lab_lesson_pane, LAB, LESSON_PANE, AdwBin)

/* Takes the lesson (NULL: none) and opens it at the page the learner last reached. */
void lab_lesson_pane_set_lesson (LabLessonPane *self, LabLesson *lesson);
const LabLesson *lab_lesson_pane_get_lesson (LabLessonPane *self);

/* The page on show ("page" notifies); moving to a page saves the learner's progress. */
guint lab_lesson_pane_get_page (LabLessonPane *self);
void lab_lesson_pane_set_page (LabLessonPane *self, guint page);
guint lab_lesson_pane_get_n_pages (LabLessonPane *self);

/* The run of the page on show, which answers its questions; NULL while it is being made
 * (Check waits). */
void lab_lesson_pane_set_trace (LabLessonPane *self, LabTrace *trace);

/* The questions on the page on show, as indexes into the lesson's questions. */
GArray *lab_lesson_pane_get_questions (LabLessonPane *self);
/* Puts a reply into a question's controls (a choice's text, or what the learner types)
 * and presses its Check button, as a learner would; FALSE when the question is not on
 * the page or the reply is not one of its choices. */
gboolean lab_lesson_pane_reply (LabLessonPane *self, guint question, const char *reply);
/* The feedback a question shows ("" before Check), and whether it says "right". */
const char *lab_lesson_pane_get_feedback (LabLessonPane *self, guint question,
                                          gboolean *right);

G_END_DECLS
