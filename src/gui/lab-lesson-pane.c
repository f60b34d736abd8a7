/* lab-lesson-pane.c: the page's Markdown is laid out block by block (lab-markdown.c), so
 * list items hang from their markers; each question is a card (lab-question-card.c) made
 * when its page is shown. Answers are never stored: they are computed from the run on
 * Check. */
#include "lab-lesson-pane.h"
#include "lab-lesson-label.h"
#include "lab-question-card.h"
#include "render/lab-markdown.h"

struct _LabLessonPane
{
  AdwBin parent_instance;

  /* template */
  GtkLabel *lesson_title;
  GtkLabel *page_label;
  GtkProgressBar *progress;
  GtkScrolledWindow *scroller;
  GtkLabel *page_title;
  GtkBox *text_box;
  GtkBox *questions_box;

  LabLesson *lesson;
  guint page;
  LabTrace *trace;
  GPtrArray *questions; /* LabQuestionCard of the page on show */
};

G_DEFINE_FINAL_TYPE (LabLessonPane, lab_lesson_pane, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_PAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
save_progress (LabLessonPane *self, int answered_right)
{
  g_autoptr (GError) error = NULL;

  /* Progress is a convenience: a learner who cannot save it still has the lesson. */
  if (!lab_lesson_progress_save (self->lesson->id, self->page, answered_right, &error))
    g_message ("Could not save the progress in “%s”: %s", self->lesson->title, error->message);
}

/* ---- the page's text ---- */

static GtkWidget *
list_item (const LabMarkdownBlock *block)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *marker = g_object_new (GTK_TYPE_LABEL, "label", block->marker ? block->marker : "",
                                    "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);

  /* Markers right-aligned in a fixed column: "9." and "10." line up, and wrapped lines
   * hang under the text, not under the marker. */
  gtk_label_set_width_chars (GTK_LABEL (marker), 2);
  gtk_label_set_xalign (GTK_LABEL (marker), 1);
  gtk_widget_set_valign (marker, GTK_ALIGN_START);
  gtk_widget_add_css_class (marker, "lesson-marker");
  gtk_widget_set_margin_start (row, 20 * (int) (block->depth - 1));
  gtk_box_append (GTK_BOX (row), marker);
  gtk_box_append (GTK_BOX (row), lab_lesson_label_new (block->markup, NULL));
  return row;
}

static void
remove_children (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static void
show_text (LabLessonPane *self, const char *markdown)
{
  g_autoptr (GPtrArray) blocks = lab_markdown_to_blocks (markdown);
  GtkWidget *list = NULL; /* the list the items in a row go into */

  remove_children (self->text_box);
  for (guint i = 0; i < blocks->len; i++)
    {
      const LabMarkdownBlock *block = g_ptr_array_index (blocks, i);

      if (block->kind != LAB_MARKDOWN_LIST_ITEM)
        list = NULL;
      switch (block->kind)
        {
        case LAB_MARKDOWN_LIST_ITEM:
          if (list == NULL)
            {
              list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
              gtk_box_append (self->text_box, list);
            }
          gtk_box_append (GTK_BOX (list), list_item (block));
          break;
        case LAB_MARKDOWN_HEADING:
          gtk_box_append (self->text_box, lab_lesson_label_new (block->markup, "heading"));
          break;
        case LAB_MARKDOWN_CODE_BLOCK:
          gtk_box_append (self->text_box, lab_lesson_label_new (block->markup, "lesson-code"));
          break;
        case LAB_MARKDOWN_QUOTE:
          gtk_box_append (self->text_box, lab_lesson_label_new (block->markup, "lesson-quote"));
          break;
        case LAB_MARKDOWN_PARAGRAPH:
        default:
          gtk_box_append (self->text_box, lab_lesson_label_new (block->markup, NULL));
          break;
        }
    }
}

/* ---- questions ---- */

static LabQuestionCard *
find_card (LabLessonPane *self, guint question)
{
  for (guint i = 0; self->questions && i < self->questions->len; i++)
    {
      LabQuestionCard *card = g_ptr_array_index (self->questions, i);
      if (lab_question_card_get_index (card) == question)
        return card;
    }
  return NULL;
}

/* Judges the reply against the run on show: answers are computed from it, never stored. */
static void
check_answer (LabQuestionCard *card, LabLessonPane *self)
{
  guint index = lab_question_card_get_index (card);
  const LabLessonQuestion *q = g_ptr_array_index (self->lesson->questions, index);
  const char *reply = lab_question_card_get_reply (card);
  g_autofree char *trimmed = reply ? g_strstrip (g_strdup (reply)) : NULL;
  g_autofree char *answer = NULL;
  g_autoptr (GError) error = NULL;

  if (self->trace == NULL)
    return;
  if (trimmed == NULL || *trimmed == '\0')
    {
      lab_question_card_show_feedback (card, LAB_FEEDBACK_NOTE,
                                       q->kind == LAB_QUESTION_CHOICE
                                         ? "Choose one of the answers first."
                                         : "Type your answer first.");
      return;
    }
  answer = lab_lesson_answer (self->lesson, q, self->trace, &error);
  if (answer == NULL)
    {
      g_autofree char *note = g_strdup_printf ("This run cannot answer the question: %s",
                                               error->message);
      lab_question_card_show_feedback (card, LAB_FEEDBACK_NOTE, note);
      return;
    }
  if (!lab_lesson_reply_is_right (answer, reply))
    {
      lab_question_card_show_feedback (card, LAB_FEEDBACK_WRONG,
                                       q->wrong ? q->wrong
                                                : "Not quite. Look at the step on the ladder again.");
      return;
    }
  lab_question_card_show_feedback (card, LAB_FEEDBACK_RIGHT, q->right ? q->right : "Right.");
  save_progress (self, (int) index);
}

static void
update_checks (LabLessonPane *self)
{
  for (guint i = 0; self->questions && i < self->questions->len; i++)
    lab_question_card_set_can_check (g_ptr_array_index (self->questions, i), self->trace != NULL);
}

static void
show_questions (LabLessonPane *self)
{
  remove_children (self->questions_box);
  g_clear_pointer (&self->questions, g_ptr_array_unref);
  self->questions = g_ptr_array_new ();
  for (guint i = 0; i < self->lesson->questions->len; i++)
    {
      const LabLessonQuestion *q = g_ptr_array_index (self->lesson->questions, i);
      GtkWidget *card;

      if (q->page != self->page)
        continue;
      card = lab_question_card_new (q, i, self->questions->len + 1,
                                    lab_lesson_progress_answered (self->lesson->id, i));
      g_signal_connect (card, "check", G_CALLBACK (check_answer), self);
      g_ptr_array_add (self->questions, card);
      gtk_box_append (self->questions_box, card);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->questions_box), self->questions->len > 0);
  update_checks (self);
}

/* ---- pages ---- */

static void
show_page (LabLessonPane *self)
{
  const LabLessonPage *page = g_ptr_array_index (self->lesson->pages, self->page);
  guint n = self->lesson->pages->len;
  g_autofree char *where = g_strdup_printf ("Page %u of %u", self->page + 1, n);

  gtk_label_set_text (self->lesson_title, self->lesson->title);
  gtk_label_set_text (self->page_label, where);
  gtk_progress_bar_set_fraction (self->progress, (double) (self->page + 1) / n);
  gtk_label_set_text (self->page_title, page->title);
  show_text (self, page->text);
  show_questions (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

void
lab_lesson_pane_set_lesson (LabLessonPane *self, LabLesson *lesson)
{
  g_return_if_fail (LAB_IS_LESSON_PANE (self));

  g_clear_pointer (&self->lesson, lab_lesson_free);
  g_clear_object (&self->trace);
  self->lesson = lesson;
  self->page = 0;
  if (lesson == NULL)
    {
      remove_children (self->text_box);
      remove_children (self->questions_box);
      g_clear_pointer (&self->questions, g_ptr_array_unref);
      return;
    }
  self->page = MIN (lab_lesson_progress_page (lesson->id), lesson->pages->len - 1);
  show_page (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

const LabLesson *
lab_lesson_pane_get_lesson (LabLessonPane *self)
{
  g_return_val_if_fail (LAB_IS_LESSON_PANE (self), NULL);
  return self->lesson;
}

guint
lab_lesson_pane_get_page (LabLessonPane *self)
{
  g_return_val_if_fail (LAB_IS_LESSON_PANE (self), 0);
  return self->page;
}

guint
lab_lesson_pane_get_n_pages (LabLessonPane *self)
{
  g_return_val_if_fail (LAB_IS_LESSON_PANE (self), 0);
  return self->lesson ? self->lesson->pages->len : 0;
}

void
lab_lesson_pane_set_page (LabLessonPane *self, guint page)
{
  g_return_if_fail (LAB_IS_LESSON_PANE (self));

  if (self->lesson == NULL)
    return;
  page = MIN (page, self->lesson->pages->len - 1);
  if (page == self->page)
    return;
  self->page = page;
  g_clear_object (&self->trace);
  save_progress (self, -1);
  show_page (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

void
lab_lesson_pane_set_trace (LabLessonPane *self, LabTrace *trace)
{
  g_return_if_fail (LAB_IS_LESSON_PANE (self));

  g_set_object (&self->trace, trace);
  update_checks (self);
}

GArray *
lab_lesson_pane_get_questions (LabLessonPane *self)
{
  GArray *indexes = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; self->questions && i < self->questions->len; i++)
    {
      guint index = lab_question_card_get_index (g_ptr_array_index (self->questions, i));
      g_array_append_val (indexes, index);
    }
  return indexes;
}

gboolean
lab_lesson_pane_reply (LabLessonPane *self, guint question, const char *reply)
{
  LabQuestionCard *card = find_card (self, question);

  g_return_val_if_fail (LAB_IS_LESSON_PANE (self), FALSE);

  return card != NULL && lab_question_card_set_reply (card, reply)
         && lab_question_card_check (card);
}

const char *
lab_lesson_pane_get_feedback (LabLessonPane *self, guint question, gboolean *right)
{
  LabQuestionCard *card = find_card (self, question);
  LabFeedback feedback = LAB_FEEDBACK_NONE;
  const char *text;

  g_return_val_if_fail (LAB_IS_LESSON_PANE (self), NULL);

  text = card ? lab_question_card_get_feedback (card, &feedback) : "";
  if (right != NULL)
    *right = feedback == LAB_FEEDBACK_RIGHT;
  return text;
}

/* ---- GObject ---- */

static void
lab_lesson_pane_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LabLessonPane *self = LAB_LESSON_PANE (object);

  switch (prop_id)
    {
    case PROP_PAGE:
      g_value_set_uint (value, self->page);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lab_lesson_pane_set_property (GObject *object, guint prop_id, const GValue *value,
                              GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_PAGE:
      lab_lesson_pane_set_page (LAB_LESSON_PANE (object), g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lab_lesson_pane_dispose (GObject *object)
{
  LabLessonPane *self = LAB_LESSON_PANE (object);

  g_clear_pointer (&self->lesson, lab_lesson_free);
  g_clear_object (&self->trace);
  g_clear_pointer (&self->questions, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), LAB_TYPE_LESSON_PANE);
  G_OBJECT_CLASS (lab_lesson_pane_parent_class)->dispose (object);
}

static void
lab_lesson_pane_class_init (LabLessonPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = lab_lesson_pane_get_property;
  object_class->set_property = lab_lesson_pane_set_property;
  object_class->dispose = lab_lesson_pane_dispose;

  properties[PROP_PAGE] = g_param_spec_uint ("page", NULL, NULL, 0, G_MAXUINT, 0,
                                             G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS
                                               | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/handshakelab/HandshakeLab/ui/lab-lesson-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, LabLessonPane, lesson_title);
  gtk_widget_class_bind_template_child (widget_class, LabLessonPane, page_label);
  gtk_widget_class_bind_template_child (widget_class, LabLessonPane, progress);
  gtk_widget_class_bind_template_child (widget_class, LabLessonPane, scroller);
  gtk_widget_class_bind_template_child (widget_class, LabLessonPane, page_title);
  gtk_widget_class_bind_template_child (widget_class, LabLessonPane, text_box);
  gtk_widget_class_bind_template_child (widget_class, LabLessonPane, questions_box);
  gtk_widget_class_set_css_name (widget_class, "lesson-pane");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
lab_lesson_pane_init (LabLessonPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
