/* lab-detail-rows.h: the rows the detail tabs list facts in: a title, then lines of
 * text that can be selected and copied (hex values, formulas). */
#pragma once

#include <gtk/gtk.h>

#include "tls/lab-explanations.h"

G_BEGIN_DECLS

/* A row for a boxed GtkListBox; css_class (may be NULL) styles the value line:
 * "monospace" for bytes and formulas, "dim-label" for asides. */
GtkWidget *lab_detail_row_new (const char *title, const char *value, const char *css_class);
/* Another line under the row's title. */
void lab_detail_row_add_line (GtkWidget *row, const char *text, const char *css_class);
/* A mark before the title (✓, ✗, –) with its meaning for screen readers. */
void lab_detail_row_set_mark (GtkWidget *row, const char *mark, const char *meaning);
/* A widget after the row's title (marks, a tag). */
void lab_detail_row_add_suffix (GtkWidget *row, GtkWidget *widget);

void lab_detail_list_clear (GtkListBox *list);

/* Shows an explanation (title, text, RFC) in three labels; hides them when NULL. */
void lab_detail_show_explanation (const LabExplanation *explanation, GtkLabel *title,
                                  GtkLabel *text, GtkLabel *rfc);

/* Hex in groups of two digits for values in rows: per_line bytes a line, or 0 to let the
 * label wrap between bytes as its width allows. */
char *lab_detail_hex (GBytes *bytes, guint per_line);
/* The same, but long values show their first bytes and their length only: a transcript
 * of a few kilobytes helps nobody in a row. */
char *lab_detail_hex_short (GBytes *bytes);

G_END_DECLS
