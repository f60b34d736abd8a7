/* lab-lesson-label.h: a label for a lesson's text, as Pango markup (lab-markdown.c):
 * wrapped, left-aligned, and breakable after the underscores of long names. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkWidget *lab_lesson_label_new (const char *markup, const char *css_class);
void lab_lesson_label_set_markup (GtkLabel *label, const char *markup);

G_END_DECLS
