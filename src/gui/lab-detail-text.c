/* lab-detail-text.c: text the detail tabs share. */
#include "lab-detail-text.h"

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
