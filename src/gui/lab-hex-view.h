/* lab-hex-view.h: bytes as a hex dump (offset, 16 bytes, their ASCII; fewer bytes a row
 * when the view is too narrow for 16), with one range highlighted and, optionally, the
 * bytes that differ from another version marked. The learner moving the caret to another
 * byte (a click, a key) emits "byte-activated" with its offset; nothing the view is told
 * to do from code does. */
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
/* How many bytes a row shows now: 16, or fewer (8, 4, ...) when 16 do not fit the width
 * at the view's font. */
guint lab_hex_view_get_bytes_per_line (LabHexView *self);

typedef enum
{
  LAB_HEX_CELL_OFFSET, /* the offset at the start of the byte's row */
  LAB_HEX_CELL_HEX,    /* the byte's two hex digits */
  LAB_HEX_CELL_ASCII,  /* the byte's character in the ASCII column */
} LabHexCell;

/* Where a cell of byte `offset` is drawn, in the view's own coordinates (for tests that
 * click a byte or check what is in sight, and for anything that points at one); FALSE
 * when the byte is not there or not laid out. */
gboolean lab_hex_view_get_cell_bounds (LabHexView *self, gsize offset, LabHexCell cell,
                                       graphene_rect_t *bounds);
/* The hex cell's bounds. */
gboolean lab_hex_view_get_byte_bounds (LabHexView *self, gsize offset, graphene_rect_t *bounds);

G_END_DECLS
