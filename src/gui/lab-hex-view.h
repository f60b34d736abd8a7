/* lab-hex-view.h: bytes as a hex dump (offset, 16 bytes, their ASCII), with one range
 * highlighted and, optionally, the bytes that differ from another version marked.
 * Moving the caret or clicking a byte emits "byte-activated" with its offset. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LAB_TYPE_HEX_VIEW (lab_hex_view_get_type ())
G_DECLARE_FINAL_TYPE (LabHexView, lab_hex_view, LAB, HEX_VIEW, GtkWidget)

GtkWidget *lab_hex_view_new (void);

/* original: when not NULL, the bytes that differ from it are marked as changed. */
void lab_hex_view_set_bytes (LabHexView *self, GBytes *bytes, GBytes *original);
GBytes *lab_hex_view_get_bytes (LabHexView *self);

/* Highlights length bytes from offset (length 0: none) and scrolls them into view. */
void lab_hex_view_highlight (LabHexView *self, gsize offset, gsize length);
/* The highlighted range; FALSE when nothing is highlighted. */
gboolean lab_hex_view_get_highlight (LabHexView *self, gsize *offset, gsize *length);
/* The hex text of the highlighted bytes ("0d 32 36"), for tests and the clipboard. */
char *lab_hex_view_get_highlighted_hex (LabHexView *self);
/* Where the hex cell of byte `offset` is drawn, in the view's own coordinates (for tests
 * that click a byte, and for anything that points at one); FALSE when the byte is not
 * there or not laid out. */
gboolean lab_hex_view_get_byte_bounds (LabHexView *self, gsize offset, graphene_rect_t *bounds);

G_END_DECLS
