/* lab-question-card.h: one question of a lesson page: the question, its choices (radio
 * buttons in a group named by the question) or an entry, Check, and the feedback. The
 * card knows no answers: Check emits "check", and whoever holds the run judges the reply
 * and shows the feedback (lab-lesson-pane.c). */
#pragma once

#include <gtk/gtk.h>

#include "engine/lesson/lab-lesson.h"

G_BEGIN_DECLS

#define LAB_TYPE_QUESTION_CARD (lab_question_card_get_type ())
G_DECLARE_FINAL_TYPE (LabQuestionCard, lab_question_card, LAB, QUESTION_CARD, GtkWidget)

typedef enum
{
  LAB_FEEDBACK_NONE,
  LAB_FEEDBACK_RIGHT,
  LAB_FEEDBACK_WRONG,
  LAB_FEEDBACK_NOTE, /* not an answer: nothing chosen yet, or the run cannot answer */
} LabFeedback;

/* The question (borrowed: it must outlive the card), its index in the lesson, its number
 * on the page, and whether the learner answered it right before. */
GtkWidget *lab_question_card_new (const LabLessonQuestion *question, guint index, guint number,
                                  gboolean answered_before);
guint lab_question_card_get_index (LabQuestionCard *self);

/* The learner's reply: the chosen choice's text or what they typed; NULL when none. */
const char *lab_question_card_get_reply (LabQuestionCard *self);
/* Puts a reply in, as a learner would: FALSE when it is not one of the choices. */
gboolean lab_question_card_set_reply (LabQuestionCard *self, const char *reply);

/* Check works only while there is a run to check against. */
void lab_question_card_set_can_check (LabQuestionCard *self, gboolean can_check);
gboolean lab_question_card_get_can_check (LabQuestionCard *self);
/* Presses Check, as a learner would; FALSE when it cannot be pressed. */
gboolean lab_question_card_check (LabQuestionCard *self);

/* Shows the feedback (Markdown; "" with LAB_FEEDBACK_NONE) and, unless it is none, moves
 * the keyboard focus to it, so that a screen reader reads it at once (GTK 4.8 has no way
 * to announce a text without the focus). */
void lab_question_card_show_feedback (LabQuestionCard *self, LabFeedback feedback,
                                      const char *markdown);
/* The feedback shown ("" before Check) and its kind. */
const char *lab_question_card_get_feedback (LabQuestionCard *self, LabFeedback *feedback);

G_END_DECLS
