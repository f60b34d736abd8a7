/* lab-detail-row.c: a title and lines, built in code because what they show comes from
 * the trace. No template: GTK 4.8's gtk_widget_dispose_template unparents a template's
 * child that GtkListBoxRow's own dispose then unparents again. */
#include "lab-detail-row.h"

struct _LabDetailRow
{
  GtkListBoxRow parent_instance;

  GtkBox *box;      /* the heading, then the lines */
  GtkBox *heading;  /* mark, title, suffix */
  GtkLabel *title;

  char *mark;       /* the mark's meaning, read first */
  char *suffix;     /* the suffix's meaning */
  GPtrArray *lines; /* the lines' text, in order */
};

G_DEFINE_FINAL_TYPE (LabDetailRow, lab_detail_row, GTK_TYPE_LIST_BOX_ROW)

/* The name is the title alone, so that moving from row to row says where one is; the
 * description has the rest: "passed. CN=server.handshake.lab,O=Handshake Lab. …". */
static void
update_description (LabDetailRow *self)
{
  g_autoptr (GString) text = g_string_new (NULL);
  const char *parts[] = { self->mark, self->suffix };

  for (gsize i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i] != NULL)
      g_string_append_printf (text, "%s%s", text->len ? ". " : "", parts[i]);
  for (guint i = 0; i < self->lines->len; i++)
    g_string_append_printf (text, "%s%s", text->len ? ". " : "",
                            (const char *) g_ptr_array_index (self->lines, i));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  text->str, -1);
}

static GtkWidget *
line_label (const char *text, const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  /* Selectable labels would each take a Tab stop; the row is the stop. */
  gtk_widget_set_focusable (label, FALSE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

LabDetailRow *
lab_detail_row_new (const char *title, const char *value, const char *css_class)
{
  LabDetailRow *self = g_object_new (LAB_TYPE_DETAIL_ROW, NULL);

  gtk_label_set_text (self->title, title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  if (value != NULL && *value != '\0')
    lab_detail_row_add_line (self, value, css_class);
  return self;
}

void
lab_detail_row_add_line (LabDetailRow *self, const char *text, const char *css_class)
{
  g_return_if_fail (LAB_IS_DETAIL_ROW (self));

  gtk_box_append (self->box, line_label (text, css_class));
  g_ptr_array_add (self->lines, g_strdup (text));
  update_description (self);
}

void
lab_detail_row_set_mark (LabDetailRow *self, const char *mark, const char *meaning)
{
  GtkWidget *label = gtk_label_new (mark);

  g_return_if_fail (LAB_IS_DETAIL_ROW (self));

  gtk_widget_add_css_class (label, "detail-mark");
  /* said in the row's description; the sign itself says nothing to a screen reader */
  gtk_accessible_update_state (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_box_prepend (self->heading, label);
  g_free (self->mark);
  self->mark = g_strdup (meaning);
  update_description (self);
}

void
lab_detail_row_add_suffix (LabDetailRow *self, GtkWidget *widget, const char *meaning)
{
  g_return_if_fail (LAB_IS_DETAIL_ROW (self));

  gtk_accessible_update_state (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_box_append (self->heading, widget);
  g_free (self->suffix);
  self->suffix = g_strdup (meaning);
  update_description (self);
}

void
lab_detail_list_clear (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
lab_detail_row_finalize (GObject *object)
{
  LabDetailRow *self = LAB_DETAIL_ROW (object);

  g_free (self->mark);
  g_free (self->suffix);
  g_ptr_array_unref (self->lines);
  G_OBJECT_CLASS (lab_detail_row_parent_class)->finalize (object);
}

static void
lab_detail_row_class_init (LabDetailRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lab_detail_row_finalize;
}

static void
lab_detail_row_init (LabDetailRow *self)
{
  self->lines = g_ptr_array_new_with_free_func (g_free);
  self->box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 3));
  self->heading = GTK_BOX (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8));
  self->title = GTK_LABEL (line_label (NULL, "detail-row-title"));
  gtk_widget_add_css_class (GTK_WIDGET (self->box), "detail-row");
  gtk_box_append (self->heading, GTK_WIDGET (self->title));
  gtk_box_append (self->box, GTK_WIDGET (self->heading));
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), GTK_WIDGET (self->box));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);
}
