/* lab-hex-view.c: a read-only GtkTextView with a visible caret, so the bytes can be
 * walked with the keyboard and read by a screen reader. Text positions and byte offsets
 * map both ways through the fixed line layout below.
 *
 * The rows are as wide as the view: 16 bytes a row when they fit at the view's font (the
 * window's zoom and presenter mode change it), else 8, 4, ... so the offsets on the left
 * and the ASCII column on the right are always in sight and nothing scrolls sideways. */
#include "lab-hex-view.h"

#define MAX_PER_LINE 16
#define MIN_OFFSET_DIGITS 4
#define GAP 2    /* spaces between the offset and the hex, and before the ASCII */
#define MARGIN 8 /* around the text, in pixels (set here, not in CSS: the fit needs it) */
#define CARET 2  /* the caret may stand after the last character */

struct _LabHexView
{
  GtkWidget parent_instance;

  GtkWidget *scroller;
  GtkTextView *text_view;
  GBytes *bytes;
  GBytes *original;   /* what changed bytes are marked against, or NULL */
  guint per_line;     /* bytes a row */
  guint offset_digits;
  gsize highlight_offset;
  gsize highlight_length;
  guint quiet;        /* the view itself is moving the caret: not the learner */
  gssize caret_byte;  /* the byte the caret is on, -1 for none */
  GtkTextMark *scroll_mark; /* where the view scrolls to, once the lines are laid out */
};

G_DEFINE_FINAL_TYPE (LabHexView, lab_hex_view, GTK_TYPE_WIDGET)

enum
{
  BYTE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkTextBuffer *
buffer_of (LabHexView *self)
{
  return gtk_text_view_get_buffer (self->text_view);
}

/* Columns of a row: the offset, a gap, three per byte ("1a "), one more space, the ASCII. */
static guint
hex_column (LabHexView *self)
{
  return self->offset_digits + GAP;
}

static guint
ascii_column (LabHexView *self)
{
  return hex_column (self) + 3 * self->per_line + 1;
}

static guint
line_chars (LabHexView *self, guint per_line)
{
  return self->offset_digits + GAP + 3 * per_line + 1 + per_line;
}

static char *
dump (LabHexView *self)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (self->bytes, &len);
  GString *text = g_string_new (NULL);

  for (gsize line = 0; line * self->per_line < len; line++)
    {
      gsize start = line * self->per_line, end = MIN (start + self->per_line, len);

      g_string_append_printf (text, "%s%0*zx  ", line ? "\n" : "", (int) self->offset_digits,
                              start);
      for (gsize i = start; i < start + self->per_line; i++)
        g_string_append_printf (text, i < end ? "%02x " : "   ", i < end ? data[i] : 0);
      g_string_append_c (text, ' ');
      for (gsize i = start; i < end; i++)
        g_string_append_c (text, g_ascii_isprint (data[i]) ? (char) data[i] : '.');
    }
  return g_string_free (text, FALSE);
}

static void
iter_at_byte (LabHexView *self, GtkTextIter *iter, gsize offset, gboolean ascii)
{
  gsize line = offset / self->per_line, column = offset % self->per_line;

  gtk_text_buffer_get_iter_at_line_offset (
    buffer_of (self), iter, (int) line,
    (int) (ascii ? ascii_column (self) + column : hex_column (self) + 3 * column));
}

/* Applies tag to the hex and ASCII cells of bytes [offset, offset + length). */
static void
tag_range (LabHexView *self, const char *tag, gsize offset, gsize length)
{
  GtkTextBuffer *buffer = buffer_of (self);

  for (gsize i = offset; i < offset + length;)
    {
      gsize column = i % self->per_line;
      gsize run = MIN (self->per_line - column, offset + length - i);
      GtkTextIter start, end;

      iter_at_byte (self, &start, i, FALSE);
      iter_at_byte (self, &end, i + run - 1, FALSE);
      gtk_text_iter_forward_chars (&end, 2);
      gtk_text_buffer_apply_tag_by_name (buffer, tag, &start, &end);
      iter_at_byte (self, &start, i, TRUE);
      iter_at_byte (self, &end, i + run - 1, TRUE);
      gtk_text_iter_forward_char (&end);
      gtk_text_buffer_apply_tag_by_name (buffer, tag, &start, &end);
      i += run;
    }
}

static void
mark_changes (LabHexView *self)
{
  gsize len, original_len;
  const guint8 *data = g_bytes_get_data (self->bytes, &len);
  const guint8 *before = g_bytes_get_data (self->original, &original_len);

  for (gsize i = 0; i < len; i++)
    if (i >= original_len || data[i] != before[i])
      tag_range (self, "changed", i, 1);
}

/* Tag colours follow libadwaita's named colours, so light and dark both read. */
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
static void
update_tag_colors (LabHexView *self)
{
  GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (self));
  GtkTextTagTable *tags = gtk_text_buffer_get_tag_table (buffer_of (self));
  GdkRGBA accent = { 0.21, 0.52, 0.89, 1 }, warning = { 0.61, 0.43, 0.01, 1 };

  gtk_style_context_lookup_color (style, "accent_bg_color", &accent);
  gtk_style_context_lookup_color (style, "warning_color", &warning);
  accent.alpha = 0.35;
  g_object_set (gtk_text_tag_table_lookup (tags, "highlight"), "background-rgba", &accent, NULL);
  g_object_set (gtk_text_tag_table_lookup (tags, "changed"), "foreground-rgba", &warning, NULL);
}
G_GNUC_END_IGNORE_DEPRECATIONS

/* The byte under a text position, or -1 for the offset column and the gaps. */
static gssize
offset_at (LabHexView *self, const GtkTextIter *iter)
{
  gsize line = (gsize) gtk_text_iter_get_line (iter);
  gsize column = (gsize) gtk_text_iter_get_line_offset (iter), index;

  if (column >= hex_column (self) && column < hex_column (self) + 3 * self->per_line)
    index = (column - hex_column (self)) / 3;
  else if (column >= ascii_column (self) && column < ascii_column (self) + self->per_line)
    index = column - ascii_column (self);
  else
    return -1;
  index += line * self->per_line;
  return index < g_bytes_get_size (self->bytes) ? (gssize) index : -1;
}

/* Everything the view does to its own buffer and caret goes through here: the learner
 * did not move, so "byte-activated" must not be emitted (whoever set the view from code
 * would hear its own change come back). */
static void
place_caret_quietly (LabHexView *self, const GtkTextIter *iter)
{
  self->quiet++;
  gtk_text_buffer_place_cursor (buffer_of (self), iter);
  self->quiet--;
}

static void
scroll_to (LabHexView *self, const GtkTextIter *iter)
{
  /* scroll_to_mark, not scroll_to_iter: the latter relies on line heights the view may be
   * recomputing (it is, inside a click), and in GTK 4.8 it can then spin for ever. The
   * mark's scroll waits for an idle moment. */
  gtk_text_buffer_move_mark (buffer_of (self), self->scroll_mark, iter);
  gtk_text_view_scroll_to_mark (self->text_view, self->scroll_mark, 0.1, FALSE, 0, 0);
}

/* Writes the dump for the current bytes and row width, and puts back what was on it:
 * the changed bytes' marks, the highlight, the caret's byte. */
static void
redump (LabHexView *self)
{
  g_autofree char *text = dump (self);
  gssize caret = self->caret_byte;
  GtkTextIter iter;

  self->quiet++;
  gtk_text_buffer_set_text (buffer_of (self), text, -1);
  self->quiet--;
  /* GTK 4.8 lays out new text in an idle, or, when a frame comes first, while drawing it:
   * the scrollbars then change while they are being drawn (GTK warns "Trying to snapshot
   * GtkGizmo without a current allocation"). A text view that is allocated lays its text
   * out then, before its scrollbars are. */
  gtk_widget_queue_resize (GTK_WIDGET (self->text_view));
  if (self->original != NULL)
    mark_changes (self);
  if (self->highlight_length > 0)
    tag_range (self, "highlight", self->highlight_offset, self->highlight_length);
  if (caret >= 0 && (gsize) caret < g_bytes_get_size (self->bytes))
    {
      iter_at_byte (self, &iter, (gsize) caret, FALSE);
      place_caret_quietly (self, &iter);
    }
  if (self->highlight_length > 0)
    {
      iter_at_byte (self, &iter, self->highlight_offset, FALSE);
      scroll_to (self, &iter);
    }
}

void
lab_hex_view_set_bytes (LabHexView *self, GBytes *bytes, GBytes *original)
{
  gsize len;

  g_return_if_fail (LAB_IS_HEX_VIEW (self));

  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->original, g_bytes_unref);
  self->bytes = bytes ? g_bytes_ref (bytes) : g_bytes_new (NULL, 0);
  self->original = original ? g_bytes_ref (original) : NULL;
  self->highlight_offset = self->highlight_length = 0;
  self->caret_byte = -1;
  /* Offsets take four hex digits, more for bytes past 64 KiB. */
  len = g_bytes_get_size (self->bytes);
  self->offset_digits = MIN_OFFSET_DIGITS;
  while (self->offset_digits < 16 && len > 1 && ((len - 1) >> (4 * self->offset_digits)) != 0)
    self->offset_digits++;
  update_tag_colors (self);
  redump (self);
}

GBytes *
lab_hex_view_get_bytes (LabHexView *self)
{
  g_return_val_if_fail (LAB_IS_HEX_VIEW (self), NULL);
  return self->bytes;
}

void
lab_hex_view_highlight (LabHexView *self, gsize offset, gsize length)
{
  GtkTextBuffer *buffer = buffer_of (self);
  gsize len = g_bytes_get_size (self->bytes);
  GtkTextIter start, end;

  g_return_if_fail (LAB_IS_HEX_VIEW (self));

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag_by_name (buffer, "highlight", &start, &end);
  offset = MIN (offset, len);
  length = MIN (length, len - offset);
  self->highlight_offset = offset;
  self->highlight_length = length;
  if (length == 0)
    return;
  tag_range (self, "highlight", offset, length);
  iter_at_byte (self, &start, offset, FALSE);
  /* The caret moves to the highlight unless the learner put it inside the range (a click
   * on a byte, an arrow key): moving it back would fight the text view, which is still
   * handling that click or key. */
  if (self->caret_byte < (gssize) offset || self->caret_byte >= (gssize) (offset + length))
    place_caret_quietly (self, &start);
  scroll_to (self, &start);
}

gboolean
lab_hex_view_get_highlight (LabHexView *self, gsize *offset, gsize *length)
{
  g_return_val_if_fail (LAB_IS_HEX_VIEW (self), FALSE);

  *offset = self->highlight_offset;
  *length = self->highlight_length;
  return self->highlight_length > 0;
}

char *
lab_hex_view_get_highlighted_hex (LabHexView *self)
{
  const guint8 *data = g_bytes_get_data (self->bytes, NULL);
  GString *hex = g_string_new (NULL);

  for (gsize i = 0; i < self->highlight_length; i++)
    g_string_append_printf (hex, "%s%02x", i ? " " : "", data[self->highlight_offset + i]);
  return g_string_free (hex, FALSE);
}

guint
lab_hex_view_get_bytes_per_line (LabHexView *self)
{
  g_return_val_if_fail (LAB_IS_HEX_VIEW (self), 0);
  return self->per_line;
}

gboolean
lab_hex_view_get_cell_bounds (LabHexView *self, gsize offset, LabHexCell cell,
                              graphene_rect_t *bounds)
{
  GtkTextIter iter;
  GdkRectangle location;
  int x, y;
  guint chars;
  graphene_point_t point;

  g_return_val_if_fail (LAB_IS_HEX_VIEW (self), FALSE);

  if (offset >= g_bytes_get_size (self->bytes))
    return FALSE;
  switch (cell)
    {
    case LAB_HEX_CELL_OFFSET:
      gtk_text_buffer_get_iter_at_line (buffer_of (self), &iter, (int) (offset / self->per_line));
      chars = self->offset_digits;
      break;
    case LAB_HEX_CELL_HEX:
      iter_at_byte (self, &iter, offset, FALSE);
      chars = 2;
      break;
    case LAB_HEX_CELL_ASCII:
    default:
      iter_at_byte (self, &iter, offset, TRUE);
      chars = 1;
      break;
    }
  gtk_text_view_get_iter_location (self->text_view, &iter, &location);
  gtk_text_view_buffer_to_window_coords (self->text_view, GTK_TEXT_WINDOW_WIDGET, location.x,
                                         location.y, &x, &y);
  if (!gtk_widget_compute_point (GTK_WIDGET (self->text_view), GTK_WIDGET (self),
                                 &GRAPHENE_POINT_INIT ((float) x, (float) y), &point))
    return FALSE;
  /* Monospace: every character as wide as the first. */
  graphene_rect_init (bounds, point.x, point.y, (float) (chars * location.width),
                      (float) location.height);
  return TRUE;
}

gboolean
lab_hex_view_get_byte_bounds (LabHexView *self, gsize offset, graphene_rect_t *bounds)
{
  return lab_hex_view_get_cell_bounds (self, offset, LAB_HEX_CELL_HEX, bounds);
}

static void
cursor_moved (GtkTextBuffer *buffer, GParamSpec *pspec, LabHexView *self)
{
  GtkTextIter iter;
  gssize offset;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  offset = offset_at (self, &iter);
  /* From one digit of a byte to the other, or onto a gap, is no move to another byte. */
  if (offset < 0 || offset == self->caret_byte)
    return;
  self->caret_byte = offset;
  if (self->quiet == 0)
    g_signal_emit (self, signals[BYTE_ACTIVATED], 0, (guint) offset);
}

/* ---- fitting the rows to the width ---- */

/* How wide a row of per_line bytes is at the text view's font, in pixels. */
static int
line_width (LabHexView *self, guint per_line)
{
  guint n = line_chars (self, per_line);
  g_autofree char *sample = g_strnfill (n, '0');
  g_autoptr (PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self->text_view),
                                                                    sample);
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

/* The most bytes a row can show in `width` pixels: 16, or the largest power of two that
 * fits (so the offsets stay round), at least one. */
static guint
fitting_per_line (LabHexView *self, int width)
{
  int text_width = width - gtk_text_view_get_left_margin (self->text_view)
                   - gtk_text_view_get_right_margin (self->text_view) - CARET;
  guint per_line = MAX_PER_LINE;

  /* Scrollbars that are not drawn over the text take width from it. */
  if (!gtk_scrolled_window_get_overlay_scrolling (GTK_SCROLLED_WINDOW (self->scroller)))
    {
      int scrollbar = 0;
      gtk_widget_measure (gtk_scrolled_window_get_vscrollbar (GTK_SCROLLED_WINDOW (self->scroller)),
                          GTK_ORIENTATION_HORIZONTAL, -1, &scrollbar, NULL, NULL, NULL);
      text_width -= scrollbar;
    }
  while (per_line > 1 && line_width (self, per_line) > text_width)
    per_line /= 2;
  return per_line;
}

static void
lab_hex_view_measure (GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum,
                      int *natural, int *minimum_baseline, int *natural_baseline)
{
  LabHexView *self = LAB_HEX_VIEW (widget);

  gtk_widget_measure (self->scroller, orientation, for_size, minimum, natural, minimum_baseline,
                      natural_baseline);
}

static void
lab_hex_view_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  LabHexView *self = LAB_HEX_VIEW (widget);
  guint per_line = fitting_per_line (self, width);

  /* Before the text view is allocated, so it is laid out once, with the new rows. */
  if (per_line != self->per_line)
    {
      self->per_line = per_line;
      redump (self);
    }
  gtk_widget_allocate (self->scroller, width, height, baseline, NULL);
}

static void
lab_hex_view_dispose (GObject *object)
{
  LabHexView *self = LAB_HEX_VIEW (object);

  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->original, g_bytes_unref);
  G_OBJECT_CLASS (lab_hex_view_parent_class)->dispose (object);
}

static void
lab_hex_view_class_init (LabHexViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lab_hex_view_dispose;
  widget_class->measure = lab_hex_view_measure;
  widget_class->size_allocate = lab_hex_view_size_allocate;
  gtk_widget_class_set_css_name (widget_class, "hexview");

  signals[BYTE_ACTIVATED] = g_signal_new ("byte-activated", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                          G_TYPE_UINT);
}

static void
lab_hex_view_init (LabHexView *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start;

  self->per_line = MAX_PER_LINE;
  self->offset_digits = MIN_OFFSET_DIGITS;
  self->caret_byte = -1;
  self->text_view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_editable (self->text_view, FALSE);
  gtk_text_view_set_cursor_visible (self->text_view, TRUE);
  gtk_text_view_set_monospace (self->text_view, TRUE);
  gtk_text_view_set_wrap_mode (self->text_view, GTK_WRAP_NONE);
  gtk_text_view_set_left_margin (self->text_view, MARGIN);
  gtk_text_view_set_right_margin (self->text_view, MARGIN);
  gtk_text_view_set_top_margin (self->text_view, MARGIN);
  gtk_text_view_set_bottom_margin (self->text_view, MARGIN);
  /* The text view scrolls itself, so a highlight can be scrolled into view; up and down
   * only: the rows are made to fit the width (see size_allocate), and a horizontal
   * scrollbar would ask for the width of the longest row. */
  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller),
                                 GTK_WIDGET (self->text_view));
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  "Bytes in hexadecimal", -1);
  buffer = buffer_of (self);
  gtk_text_buffer_create_tag (buffer, "highlight", NULL);
  gtk_text_buffer_create_tag (buffer, "changed", "underline", PANGO_UNDERLINE_DOUBLE,
                              "weight", PANGO_WEIGHT_BOLD, NULL);
  g_signal_connect (buffer, "notify::cursor-position", G_CALLBACK (cursor_moved), self);
  gtk_text_buffer_get_start_iter (buffer, &start);
  self->scroll_mark = gtk_text_buffer_create_mark (buffer, NULL, &start, TRUE);
  self->bytes = g_bytes_new (NULL, 0);
}

GtkWidget *
lab_hex_view_new (void)
{
  return g_object_new (LAB_TYPE_HEX_VIEW, NULL);
}
