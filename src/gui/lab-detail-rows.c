/* lab-detail-rows.c: rows built in code, because what they show comes from the trace. */
#include "lab-detail-rows.h"

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

GtkWidget *
lab_detail_row_new (const char *title, const char *value, const char *css_class)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *heading = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *title_label = line_label (title, "detail-row-title");

  gtk_widget_add_css_class (box, "detail-row");
  gtk_box_append (GTK_BOX (heading), title_label);
  gtk_box_append (GTK_BOX (box), heading);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  g_object_set_data (G_OBJECT (row), "lab-box", box);
  g_object_set_data (G_OBJECT (row), "lab-heading", heading);
  if (value != NULL && *value != '\0')
    lab_detail_row_add_line (row, value, css_class);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  return row;
}

void
lab_detail_row_add_line (GtkWidget *row, const char *text, const char *css_class)
{
  gtk_box_append (g_object_get_data (G_OBJECT (row), "lab-box"), line_label (text, css_class));
}

void
lab_detail_row_set_mark (GtkWidget *row, const char *mark, const char *meaning)
{
  GtkWidget *label = gtk_label_new (mark);

  gtk_widget_add_css_class (label, "detail-mark");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, meaning,
                                  -1);
  gtk_box_prepend (g_object_get_data (G_OBJECT (row), "lab-heading"), label);
}

void
lab_detail_row_add_suffix (GtkWidget *row, GtkWidget *widget)
{
  gtk_box_append (g_object_get_data (G_OBJECT (row), "lab-heading"), widget);
}

void
lab_detail_list_clear (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

void
lab_detail_show_explanation (const LabExplanation *explanation, GtkLabel *title,
                             GtkLabel *text, GtkLabel *rfc)
{
  gtk_widget_set_visible (GTK_WIDGET (title), explanation != NULL);
  gtk_widget_set_visible (GTK_WIDGET (text), explanation != NULL);
  gtk_widget_set_visible (GTK_WIDGET (rfc), explanation != NULL && explanation->rfc != NULL);
  if (explanation == NULL)
    return;
  gtk_label_set_text (title, explanation->title);
  gtk_label_set_text (text, explanation->text);
  gtk_label_set_text (rfc, explanation->rfc ? explanation->rfc : "");
}

char *
lab_detail_hex (GBytes *bytes, guint per_line)
{
  gsize len;
  const guint8 *data = bytes ? g_bytes_get_data (bytes, &len) : NULL;
  GString *hex = g_string_new (NULL);

  for (gsize i = 0; data != NULL && i < len; i++)
    g_string_append_printf (hex, "%s%02x",
                            i == 0                         ? ""
                            : per_line && i % per_line == 0 ? "\n"
                                                            : " ",
                            data[i]);
  return g_string_free (hex, FALSE);
}

#define SHORT_BYTES 48

char *
lab_detail_hex_short (GBytes *bytes)
{
  gsize len = bytes ? g_bytes_get_size (bytes) : 0;
  g_autoptr (GBytes) head = NULL;
  g_autofree char *hex = NULL;

  if (len <= SHORT_BYTES)
    return lab_detail_hex (bytes, 0);
  head = g_bytes_new_from_bytes (bytes, 0, SHORT_BYTES / 2);
  hex = lab_detail_hex (head, 0);
  return g_strdup_printf ("%s … (%zu bytes in all)", hex, len);
}
