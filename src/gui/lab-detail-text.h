/* lab-detail-text.h: text the detail tabs share: an explanation in three labels, bytes as
 * hex for a row (lab-detail-row.h). */
#pragma once

#include <gtk/gtk.h>

#include "tls/lab-explanations.h"

G_BEGIN_DECLS

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
