/* lab-detail-row.h: the row the Keys, Record and Certificates tabs list facts in: a
 * title, then lines of text that can be selected and copied (hex values, formulas). The
 * row is the one Tab stop: a screen reader reads its title as its name and its mark and
 * lines as its description, so that the values are read without a stop each. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LAB_TYPE_DETAIL_ROW (lab_detail_row_get_type ())
G_DECLARE_FINAL_TYPE (LabDetailRow, lab_detail_row, LAB, DETAIL_ROW, GtkListBoxRow)

/* A row for a boxed GtkListBox; css_class (may be NULL) styles the value line:
 * "monospace" for bytes and formulas, "dim-label" for asides. value may be NULL. */
LabDetailRow *lab_detail_row_new (const char *title, const char *value, const char *css_class);
/* Another line under the title. */
void lab_detail_row_add_line (LabDetailRow *self, const char *text, const char *css_class);
/* A mark before the title (✓, ✗, !) with its meaning in words, read first. */
void lab_detail_row_set_mark (LabDetailRow *self, const char *mark, const char *meaning);
/* A widget after the title (the Keys tab's "client ✓ server ✓"), read after the mark
 * by its accessible label, `meaning`. */
void lab_detail_row_add_suffix (LabDetailRow *self, GtkWidget *widget, const char *meaning);

/* Removes every row of a list. */
void lab_detail_list_clear (GtkListBox *list);

G_END_DECLS
