/* lab-lesson-pane.c: the page's Markdown is laid out block by block (lab-markdown.c), so
 * list items hang from their markers; each question is a card built when its page is
 * shown. Answers are never stored in the pane: they are computed from the run on Check. */
#include "lab-lesson-pane.h"
#include "render/lab-markdown.h"

#include <string.h>

typedef enum
{
  FEEDBACK_NONE,
  FEEDBACK_RIGHT,
  FEEDBACK_WRONG,
  FEEDBACK_NOTE, /* not an answer: nothing chosen yet, or the run cannot answer */
} Feedback;

typedef struct
{
  guint index;           /* into the lesson's questions */
  GPtrArray *choices;    /* GtkCheckButton, for a choice question */
  GtkEditable *entry;    /* for a short answer */
  GtkWidget *check;
  GtkWidget *feedback_box;
  GtkImage *feedback_icon;
  GtkLabel *feedback;
  Feedback mood;
} QuestionView;

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
  GPtrArray *questions; /* QuestionView of the page on show */
};

G_DEFINE_FINAL_TYPE (LabLessonPane, lab_lesson_pane, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_PAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct
{
  const char *css_class, *icon;
} moods[] = {
  [FEEDBACK_NONE] = { NULL, NULL },
  [FEEDBACK_RIGHT] = { "right", "emblem-ok-symbolic" },
  [FEEDBACK_WRONG] = { "wrong", "dialog-error-symbolic" },
  [FEEDBACK_NOTE] = { "note", "dialog-information-symbolic" },
};

static void
question_view_free (gpointer data)
{
  QuestionView *view = data;

  g_clear_pointer (&view->choices, g_ptr_array_unref);
  g_free (view);
}

static void
save_progress (LabLessonPane *self, int answered_right)
{
  g_autoptr (GError) error = NULL;

  /* Progress is a convenience: a learner who cannot save it still has the lesson. */
  if (!lab_lesson_progress_save (self->lesson->id, self->page, answered_right, &error))
    g_message ("Could not save the progress in “%s”: %s", self->lesson->title, error->message);
}

/* ---- the page's text ---- */

/* A line may break after the underscore of a long name (TLS_ECDHE_ECDSA_WITH_AES_128_GCM_
 * SHA256): without a zero-width space there, Pango found no break in the name and cut it
 * anywhere, with a hyphen of its own ("GCM_S-HA256"). Text only, never inside a tag. */
static char *
with_breaks_after_underscores (const char *markup)
{
  GString *out = g_string_sized_new (strlen (markup) + 16);
  gboolean in_tag = FALSE;

  for (const char *c = markup; *c != '\0'; c++)
    {
      g_string_append_c (out, *c);
      if (*c == '<' || *c == '>')
        in_tag = *c == '<';
      else if (!in_tag && *c == '_' && c > markup && g_ascii_isalnum (c[-1])
               && g_ascii_isalnum (c[1]))
        g_string_append (out, "\u200b");
    }
  return g_string_free (out, FALSE);
}

static GtkWidget *
markup_label (const char *markup, const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);
  g_autofree char *breakable = with_breaks_after_underscores (markup);

  gtk_label_set_markup (GTK_LABEL (label), breakable);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

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
  gtk_box_append (GTK_BOX (row), markup_label (block->markup, NULL));
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
          gtk_box_append (self->text_box, markup_label (block->markup, "heading"));
          break;
        case LAB_MARKDOWN_CODE_BLOCK:
          gtk_box_append (self->text_box, markup_label (block->markup, "lesson-code"));
          break;
        case LAB_MARKDOWN_QUOTE:
          gtk_box_append (self->text_box, markup_label (block->markup, "lesson-quote"));
          break;
        case LAB_MARKDOWN_PARAGRAPH:
        default:
          gtk_box_append (self->text_box, markup_label (block->markup, NULL));
          break;
        }
    }
}

/* ---- questions ---- */

static const LabLessonQuestion *
question_of (LabLessonPane *self, const QuestionView *view)
{
  return g_ptr_array_index (self->lesson->questions, view->index);
}

static QuestionView *
find_view (LabLessonPane *self, guint question)
{
  for (guint i = 0; self->questions && i < self->questions->len; i++)
    {
      QuestionView *view = g_ptr_array_index (self->questions, i);
      if (view->index == question)
        return view;
    }
  return NULL;
}

static void
show_feedback (QuestionView *view, Feedback mood, const char *markdown)
{
  g_autofree char *markup = lab_markdown_to_pango (markdown);

  for (guint i = 0; i < G_N_ELEMENTS (moods); i++)
    if (moods[i].css_class != NULL)
      gtk_widget_remove_css_class (view->feedback_box, moods[i].css_class);
  view->mood = mood;
  gtk_widget_set_visible (view->feedback_box, mood != FEEDBACK_NONE);
  if (mood == FEEDBACK_NONE)
    return;
  gtk_widget_add_css_class (view->feedback_box, moods[mood].css_class);
  gtk_image_set_from_icon_name (view->feedback_icon, moods[mood].icon);
  gtk_label_set_markup (view->feedback, markup);
}

/* The learner's reply: the chosen choice, or what they typed; NULL when there is none. */
static const char *
reply_of (LabLessonPane *self, const QuestionView *view)
{
  const LabLessonQuestion *q = question_of (self, view);

  if (view->entry != NULL)
    return gtk_editable_get_text (view->entry);
  for (guint i = 0; i < view->choices->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (view->choices, i)))
      return q->choices[i];
  return NULL;
}

static void
check_answer (LabLessonPane *self, QuestionView *view)
{
  const LabLessonQuestion *q = question_of (self, view);
  const char *reply = reply_of (self, view);
  g_autofree char *trimmed = reply ? g_strstrip (g_strdup (reply)) : NULL;
  g_autofree char *answer = NULL;
  g_autoptr (GError) error = NULL;

  if (self->trace == NULL)
    return;
  if (trimmed == NULL || *trimmed == '\0')
    {
      show_feedback (view, FEEDBACK_NOTE, view->entry ? "Type your answer first."
                                                      : "Choose one of the answers first.");
      return;
    }
  answer = lab_lesson_answer (self->lesson, q, self->trace, &error);
  if (answer == NULL)
    {
      g_autofree char *note = g_strdup_printf ("This run cannot answer the question: %s",
                                               error->message);
      show_feedback (view, FEEDBACK_NOTE, note);
      return;
    }
  if (!lab_lesson_reply_is_right (answer, reply))
    {
      show_feedback (view, FEEDBACK_WRONG,
                     q->wrong ? q->wrong : "Not quite. Look at the step on the ladder again.");
      return;
    }
  show_feedback (view, FEEDBACK_RIGHT, q->right ? q->right : "Right.");
  save_progress (self, (int) view->index);
}

static void
check_clicked (GtkWidget *button, LabLessonPane *self)
{
  QuestionView *view = find_view (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button),
                                                                             "lab-question")));

  if (view != NULL)
    check_answer (self, view);
}

static void
update_checks (LabLessonPane *self)
{
  for (guint i = 0; self->questions && i < self->questions->len; i++)
    {
      QuestionView *view = g_ptr_array_index (self->questions, i);

      gtk_widget_set_sensitive (view->check, self->trace != NULL);
      gtk_widget_set_tooltip_text (view->check, self->trace ? "Check your answer against the run"
                                                            : "Waiting for this page’s run");
    }
}

static GtkWidget *
question_card (LabLessonPane *self, QuestionView *view, guint number)
{
  const LabLessonQuestion *q = question_of (self, view);
  g_autofree char *ask = lab_markdown_to_pango (q->ask);
  g_autofree char *heading = g_strdup_printf ("Question %u", number);
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  GtkWidget *title = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *ask_label = markup_label (ask, "lesson-ask");
  GtkWidget *actions = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *done = gtk_image_new_from_icon_name ("emblem-ok-symbolic");

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "lesson-question");
  gtk_box_append (GTK_BOX (title), markup_label (heading, "caption-heading"));
  gtk_widget_set_tooltip_text (done, "You answered this one right before");
  gtk_widget_add_css_class (done, "lesson-answered");
  gtk_widget_set_visible (done, lab_lesson_progress_answered (self->lesson->id, view->index));
  gtk_accessible_update_property (GTK_ACCESSIBLE (done), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  "Answered right before", -1);
  gtk_box_append (GTK_BOX (title), done);
  gtk_box_append (GTK_BOX (card), title);
  gtk_box_append (GTK_BOX (card), ask_label);

  if (q->kind == LAB_QUESTION_CHOICE)
    {
      GtkCheckButton *group = NULL;

      view->choices = g_ptr_array_new ();
      for (guint i = 0; q->choices[i] != NULL; i++)
        {
          GtkWidget *choice = gtk_check_button_new ();
          g_autofree char *markup = lab_markdown_to_pango (q->choices[i]);

          gtk_check_button_set_child (GTK_CHECK_BUTTON (choice), markup_label (markup, NULL));
          gtk_check_button_set_group (GTK_CHECK_BUTTON (choice), group);
          gtk_accessible_update_property (GTK_ACCESSIBLE (choice), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          q->choices[i], -1);
          group = group ? group : GTK_CHECK_BUTTON (choice);
          g_ptr_array_add (view->choices, choice);
          gtk_box_append (GTK_BOX (card), choice);
        }
    }
  else
    {
      GtkWidget *entry = gtk_entry_new ();

      gtk_entry_set_placeholder_text (GTK_ENTRY (entry), "Your answer");
      gtk_accessible_update_relation (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                      ask_label, NULL, -1);
      view->entry = GTK_EDITABLE (entry);
      g_object_set_data (G_OBJECT (entry), "lab-question", GUINT_TO_POINTER (view->index));
      g_signal_connect (entry, "activate", G_CALLBACK (check_clicked), self);
      gtk_box_append (GTK_BOX (card), entry);
    }

  view->check = gtk_button_new_with_mnemonic ("_Check");
  gtk_widget_set_valign (view->check, GTK_ALIGN_START);
  g_object_set_data (G_OBJECT (view->check), "lab-question", GUINT_TO_POINTER (view->index));
  g_signal_connect (view->check, "clicked", G_CALLBACK (check_clicked), self);
  view->feedback_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  view->feedback_icon = g_object_new (GTK_TYPE_IMAGE, "valign", GTK_ALIGN_START,
                                      "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
  view->feedback = GTK_LABEL (markup_label ("", NULL));
  gtk_widget_add_css_class (view->feedback_box, "lesson-feedback");
  gtk_box_append (GTK_BOX (view->feedback_box), GTK_WIDGET (view->feedback_icon));
  gtk_box_append (GTK_BOX (view->feedback_box), GTK_WIDGET (view->feedback));
  gtk_box_append (GTK_BOX (actions), view->check);
  gtk_box_append (GTK_BOX (card), actions);
  gtk_box_append (GTK_BOX (card), view->feedback_box);
  show_feedback (view, FEEDBACK_NONE, "");
  return card;
}

static void
show_questions (LabLessonPane *self)
{
  remove_children (self->questions_box);
  g_clear_pointer (&self->questions, g_ptr_array_unref);
  self->questions = g_ptr_array_new_with_free_func (question_view_free);
  for (guint i = 0; i < self->lesson->questions->len; i++)
    {
      const LabLessonQuestion *q = g_ptr_array_index (self->lesson->questions, i);
      QuestionView *view;

      if (q->page != self->page)
        continue;
      view = g_new0 (QuestionView, 1);
      view->index = i;
      g_ptr_array_add (self->questions, view);
      gtk_box_append (self->questions_box, question_card (self, view, self->questions->len));
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
    g_array_append_val (indexes, ((QuestionView *) g_ptr_array_index (self->questions, i))->index);
  return indexes;
}

gboolean
lab_lesson_pane_reply (LabLessonPane *self, guint question, const char *reply)
{
  QuestionView *view = find_view (self, question);
  const LabLessonQuestion *q;
  gboolean found = FALSE;

  g_return_val_if_fail (LAB_IS_LESSON_PANE (self), FALSE);

  if (view == NULL)
    return FALSE;
  q = question_of (self, view);
  if (view->entry != NULL)
    {
      gtk_editable_set_text (view->entry, reply);
      found = TRUE;
    }
  for (guint i = 0; view->choices && i < view->choices->len; i++)
    if (g_str_equal (q->choices[i], reply))
      {
        gtk_check_button_set_active (g_ptr_array_index (view->choices, i), TRUE);
        found = TRUE;
      }
  if (!found || !gtk_widget_is_sensitive (view->check))
    return FALSE;
  g_signal_emit_by_name (view->check, "clicked");
  return TRUE;
}

const char *
lab_lesson_pane_get_feedback (LabLessonPane *self, guint question, gboolean *right)
{
  QuestionView *view = find_view (self, question);

  g_return_val_if_fail (LAB_IS_LESSON_PANE (self), NULL);

  if (right != NULL)
    *right = view != NULL && view->mood == FEEDBACK_RIGHT;
  if (view == NULL || view->mood == FEEDBACK_NONE)
    return "";
  return gtk_label_get_text (view->feedback);
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
