/* lab-lesson-label.c: the labels a lesson page is written in. */
#include "lab-lesson-label.h"

#include <string.h>

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

void
lab_lesson_label_set_markup (GtkLabel *label, const char *markup)
{
  g_autofree char *breakable = with_breaks_after_underscores (markup);

  gtk_label_set_markup (label, breakable);
}

GtkWidget *
lab_lesson_label_new (const char *markup, const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  lab_lesson_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}
