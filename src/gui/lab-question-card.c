/* lab-question-card.c: a question's card, from its template; the choices are made here,
 * one LabChoiceButton each. */
#include "lab-question-card.h"
#include "lab-choice-button.h"
#include "lab-lesson-label.h"
#include "render/lab-markdown.h"

struct _LabQuestionCard
{
  GtkWidget parent_instance;

  /* template */
  GtkLabel *heading;
  GtkWidget *answered;
  GtkLabel *ask;
  GtkBox *choices;
  GtkEntry *entry;
  GtkWidget *check;
  GtkWidget *feedback_box;
  GtkImage *feedback_icon;
  GtkLabel *feedback;

  const LabLessonQuestion *question;
  guint index;
  GPtrArray *choice_buttons; /* LabChoiceButton, in the question's order */
  LabFeedback shown;
};

G_DEFINE_FINAL_TYPE (LabQuestionCard, lab_question_card, GTK_TYPE_WIDGET)

enum
{
  CHECK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Each kind of feedback: its style, its icon, and what the icon says in words. */
static const struct
{
  const char *css_class, *icon, *meaning;
} feedbacks[] = {
  [LAB_FEEDBACK_NONE] = { NULL, NULL, NULL },
  [LAB_FEEDBACK_RIGHT] = { "right", "emblem-ok-symbolic", "Right" },
  [LAB_FEEDBACK_WRONG] = { "wrong", "dialog-error-symbolic", "Not right" },
  [LAB_FEEDBACK_NOTE] = { "note", "dialog-information-symbolic", "Note" },
};

/* Markdown as the words a screen reader says: the markup's text without its tags. */
static char *
plain_text (const char *markdown)
{
  g_autofree char *markup = lab_markdown_to_pango (markdown);
  char *text = NULL;

  if (!pango_parse_markup (markup, -1, 0, NULL, &text, NULL, NULL))
    return g_strdup (markdown);
  return g_strstrip (text);
}

static void
check_pressed (LabQuestionCard *self)
{
  if (gtk_widget_is_sensitive (self->check))
    g_signal_emit (self, signals[CHECK], 0);
}

static void
add_choices (LabQuestionCard *self)
{
  LabChoiceButton *group = NULL;

  for (guint i = 0; self->question->choices[i] != NULL; i++)
    {
      g_autofree char *markup = lab_markdown_to_pango (self->question->choices[i]);
      g_autofree char *text = plain_text (self->question->choices[i]);
      GtkWidget *choice = lab_choice_button_new (lab_lesson_label_new (markup, NULL), text, group);

      group = group ? group : LAB_CHOICE_BUTTON (choice);
      g_ptr_array_add (self->choice_buttons, choice);
      gtk_box_append (self->choices, choice);
    }
}

GtkWidget *
lab_question_card_new (const LabLessonQuestion *question, guint index, guint number,
                       gboolean answered_before)
{
  LabQuestionCard *self = g_object_new (LAB_TYPE_QUESTION_CARD, NULL);
  g_autofree char *ask = lab_markdown_to_pango (question->ask);
  g_autofree char *heading = g_strdup_printf ("Question %u", number);

  self->question = question;
  self->index = index;
  gtk_label_set_text (self->heading, heading);
  gtk_widget_set_visible (self->answered, answered_before);
  lab_lesson_label_set_markup (self->ask, ask);
  if (question->kind == LAB_QUESTION_CHOICE)
    add_choices (self);
  gtk_widget_set_visible (GTK_WIDGET (self->choices), question->kind == LAB_QUESTION_CHOICE);
  gtk_widget_set_visible (GTK_WIDGET (self->entry), question->kind != LAB_QUESTION_CHOICE);
  return GTK_WIDGET (self);
}

guint
lab_question_card_get_index (LabQuestionCard *self)
{
  g_return_val_if_fail (LAB_IS_QUESTION_CARD (self), 0);
  return self->index;
}

const char *
lab_question_card_get_reply (LabQuestionCard *self)
{
  g_return_val_if_fail (LAB_IS_QUESTION_CARD (self), NULL);

  if (self->question->kind != LAB_QUESTION_CHOICE)
    return gtk_editable_get_text (GTK_EDITABLE (self->entry));
  for (guint i = 0; i < self->choice_buttons->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->choice_buttons, i)))
      return self->question->choices[i];
  return NULL;
}

gboolean
lab_question_card_set_reply (LabQuestionCard *self, const char *reply)
{
  g_return_val_if_fail (LAB_IS_QUESTION_CARD (self), FALSE);

  if (self->question->kind != LAB_QUESTION_CHOICE)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->entry), reply);
      return TRUE;
    }
  for (guint i = 0; i < self->choice_buttons->len; i++)
    if (g_str_equal (self->question->choices[i], reply))
      {
        gtk_check_button_set_active (g_ptr_array_index (self->choice_buttons, i), TRUE);
        return TRUE;
      }
  return FALSE;
}

void
lab_question_card_set_can_check (LabQuestionCard *self, gboolean can_check)
{
  g_return_if_fail (LAB_IS_QUESTION_CARD (self));

  gtk_widget_set_sensitive (self->check, can_check);
  gtk_widget_set_tooltip_text (self->check, can_check ? "Check your answer against the run"
                                                      : "Waiting for this page’s run");
}

gboolean
lab_question_card_get_can_check (LabQuestionCard *self)
{
  g_return_val_if_fail (LAB_IS_QUESTION_CARD (self), FALSE);
  return gtk_widget_is_sensitive (self->check);
}

gboolean
lab_question_card_check (LabQuestionCard *self)
{
  g_return_val_if_fail (LAB_IS_QUESTION_CARD (self), FALSE);

  if (!gtk_widget_is_sensitive (self->check))
    return FALSE;
  g_signal_emit_by_name (self->check, "clicked");
  return TRUE;
}

void
lab_question_card_show_feedback (LabQuestionCard *self, LabFeedback feedback,
                                 const char *markdown)
{
  g_autofree char *markup = lab_markdown_to_pango (markdown);

  g_return_if_fail (LAB_IS_QUESTION_CARD (self));

  for (guint i = 0; i < G_N_ELEMENTS (feedbacks); i++)
    if (feedbacks[i].css_class != NULL)
      gtk_widget_remove_css_class (self->feedback_box, feedbacks[i].css_class);
  self->shown = feedback;
  gtk_widget_set_visible (self->feedback_box, feedback != LAB_FEEDBACK_NONE);
  if (feedback == LAB_FEEDBACK_NONE)
    return;
  gtk_widget_add_css_class (self->feedback_box, feedbacks[feedback].css_class);
  gtk_image_set_from_icon_name (self->feedback_icon, feedbacks[feedback].icon);
  /* no zero-width spaces here: the feedback reads back exactly as the lesson wrote it */
  gtk_label_set_markup (self->feedback, markup);
  /* The colour and the icon say right or wrong to the eye; the description says it to
   * the ear, before the words. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->feedback),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  feedbacks[feedback].meaning, -1);
  /* The focus goes to the feedback, so that it is read out: a label takes it, and selects
   * its text, only when it is selectable; the selection is let go at once. */
  if (gtk_widget_grab_focus (GTK_WIDGET (self->feedback)))
    gtk_label_select_region (self->feedback, 0, 0);
}

const char *
lab_question_card_get_feedback (LabQuestionCard *self, LabFeedback *feedback)
{
  g_return_val_if_fail (LAB_IS_QUESTION_CARD (self), NULL);

  if (feedback != NULL)
    *feedback = self->shown;
  return self->shown == LAB_FEEDBACK_NONE ? "" : gtk_label_get_text (self->feedback);
}

static void
lab_question_card_dispose (GObject *object)
{
  LabQuestionCard *self = LAB_QUESTION_CARD (object);
  GtkWidget *child;

  g_clear_pointer (&self->choice_buttons, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), LAB_TYPE_QUESTION_CARD);
  /* GTK 4.8 unparents only the bound children; the boxes that hold them are left. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (lab_question_card_parent_class)->dispose (object);
}

static void
lab_question_card_class_init (LabQuestionCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lab_question_card_dispose;

  /* Check was pressed (or Enter in the entry) while it could be. */
  signals[CHECK] = g_signal_new ("check", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/handshakelab/HandshakeLab/ui/lab-question-card.ui");
  gtk_widget_class_bind_template_child (widget_class, LabQuestionCard, heading);
  gtk_widget_class_bind_template_child (widget_class, LabQuestionCard, answered);
  gtk_widget_class_bind_template_child (widget_class, LabQuestionCard, ask);
  gtk_widget_class_bind_template_child (widget_class, LabQuestionCard, choices);
  gtk_widget_class_bind_template_child (widget_class, LabQuestionCard, entry);
  gtk_widget_class_bind_template_child (widget_class, LabQuestionCard, check);
  gtk_widget_class_bind_template_child (widget_class, LabQuestionCard, feedback_box);
  gtk_widget_class_bind_template_child (widget_class, LabQuestionCard, feedback_icon);
  gtk_widget_class_bind_template_child (widget_class, LabQuestionCard, feedback);
  gtk_widget_class_bind_template_callback (widget_class, check_pressed);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
lab_question_card_init (LabQuestionCard *self)
{
  self->choice_buttons = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  /* the group is named by its heading: "Question 2" */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  self->heading, NULL, -1);
}
