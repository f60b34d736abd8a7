/* lab-hex-view.c: a read-only GtkTextView with a visible caret, so the bytes can be
 * walked with the keyboard and read by a screen reader. Text positions and byte offsets
 * map both ways through the fixed line layout below. */
#include "lab-hex-view.h"

#define PER_LINE 16
#define HEX_COLUMN 6                          /* "0000  " */
#define ASCII_COLUMN (HEX_COLUMN + 3 * PER_LINE + 1)

struct _LabHexView
{
  GtkWidget parent_instance;

  GtkWidget *scroller;
  GtkTextView *text_view;
  GBytes *bytes;
  gsize highlight_offset;
  gsize highlight_length;
  gboolean updating; /* the view itself is moving the caret */
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

static char *
dump (GBytes *bytes)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  GString *text = g_string_new (NULL);

  for (gsize line = 0; line * PER_LINE < len; line++)
    {
      gsize start = line * PER_LINE, end = MIN (start + PER_LINE, len);

      g_string_append_printf (text, "%s%04zx  ", line ? "\n" : "", start);
      for (gsize i = start; i < start + PER_LINE; i++)
        g_string_append_printf (text, i < end ? "%02x " : "   ", i < end ? data[i] : 0);
      g_string_append_c (text, ' ');
      for (gsize i = start; i < end; i++)
        g_string_append_c (text, g_ascii_isprint (data[i]) ? (char) data[i] : '.');
    }
  return g_string_free (text, FALSE);
}

/* Applies tag to the hex and ASCII cells of bytes [offset, offset + length). */
static void
tag_range (LabHexView *self, const char *tag, gsize offset, gsize length)
{
  GtkTextBuffer *buffer = buffer_of (self);

  for (gsize i = offset; i < offset + length;)
    {
      gsize line = i / PER_LINE, column = i % PER_LINE;
      gsize run = MIN (PER_LINE - column, offset + length - i);
      GtkTextIter start, end;

      gtk_text_buffer_get_iter_at_line_offset (buffer, &start, (int) line,
                                               (int) (HEX_COLUMN + 3 * column));
      gtk_text_buffer_get_iter_at_line_offset (buffer, &end, (int) line,
                                               (int) (HEX_COLUMN + 3 * (column + run) - 1));
      gtk_text_buffer_apply_tag_by_name (buffer, tag, &start, &end);
      gtk_text_buffer_get_iter_at_line_offset (buffer, &start, (int) line,
                                               (int) (ASCII_COLUMN + column));
      gtk_text_buffer_get_iter_at_line_offset (buffer, &end, (int) line,
                                               (int) (ASCII_COLUMN + column + run));
      gtk_text_buffer_apply_tag_by_name (buffer, tag, &start, &end);
      i += run;
    }
}

static void
mark_changes (LabHexView *self, GBytes *original)
{
  gsize len, original_len;
  const guint8 *data = g_bytes_get_data (self->bytes, &len);
  const guint8 *before = g_bytes_get_data (original, &original_len);

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

void
lab_hex_view_set_bytes (LabHexView *self, GBytes *bytes, GBytes *original)
{
  g_autofree char *text = NULL;

  g_return_if_fail (LAB_IS_HEX_VIEW (self));

  g_clear_pointer (&self->bytes, g_bytes_unref);
  self->bytes = bytes ? g_bytes_ref (bytes) : g_bytes_new (NULL, 0);
  self->highlight_offset = self->highlight_length = 0;
  update_tag_colors (self);
  text = dump (self->bytes);
  self->updating = TRUE;
  gtk_text_buffer_set_text (buffer_of (self), text, -1);
  self->updating = FALSE;
  if (original != NULL)
    mark_changes (self, original);
}

GBytes *
lab_hex_view_get_bytes (LabHexView *self)
{
  g_return_val_if_fail (LAB_IS_HEX_VIEW (self), NULL);
  return self->bytes;
}

static gssize offset_at (LabHexView *self, const GtkTextIter *iter);

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
  gtk_text_buffer_get_iter_at_line_offset (buffer, &start, (int) (offset / PER_LINE),
                                           (int) (HEX_COLUMN + 3 * (offset % PER_LINE)));
  /* The caret moves to the highlight unless the learner put it inside the range (a click
   * on a byte, an arrow key): moving it back would fight the text view, which is still
   * handling that click or key. */
  gtk_text_buffer_get_iter_at_mark (buffer, &end, gtk_text_buffer_get_insert (buffer));
  if (offset_at (self, &end) < (gssize) offset || offset_at (self, &end) >= (gssize) (offset + length))
    {
      self->updating = TRUE;
      gtk_text_buffer_place_cursor (buffer, &start);
      self->updating = FALSE;
    }
  /* scroll_to_mark, not scroll_to_iter: the latter relies on line heights the view may be
   * recomputing (it is, inside a click), and in GTK 4.8 it can then spin for ever. The
   * mark's scroll waits for an idle moment. */
  gtk_text_buffer_move_mark (buffer, self->scroll_mark, &start);
  gtk_text_view_scroll_to_mark (self->text_view, self->scroll_mark, 0.1, FALSE, 0, 0);
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

gboolean
lab_hex_view_get_byte_bounds (LabHexView *self, gsize offset, graphene_rect_t *bounds)
{
  GtkTextIter iter;
  GdkRectangle cell;
  int x, y;
  graphene_point_t point;

  g_return_val_if_fail (LAB_IS_HEX_VIEW (self), FALSE);

  if (offset >= g_bytes_get_size (self->bytes))
    return FALSE;
  gtk_text_buffer_get_iter_at_line_offset (buffer_of (self), &iter, (int) (offset / PER_LINE),
                                           (int) (HEX_COLUMN + 3 * (offset % PER_LINE)));
  gtk_text_view_get_iter_location (self->text_view, &iter, &cell);
  gtk_text_view_buffer_to_window_coords (self->text_view, GTK_TEXT_WINDOW_WIDGET, cell.x, cell.y,
                                         &x, &y);
  /* Two hex digits wide. */
  if (!gtk_widget_compute_point (GTK_WIDGET (self->text_view), GTK_WIDGET (self),
                                 &GRAPHENE_POINT_INIT ((float) x, (float) y), &point))
    return FALSE;
  graphene_rect_init (bounds, point.x, point.y, 2.0f * (float) cell.width, (float) cell.height);
  return TRUE;
}

/* The byte under a text position, or -1 for the offset column and the gaps. */
static gssize
offset_at (LabHexView *self, const GtkTextIter *iter)
{
  gsize line = (gsize) gtk_text_iter_get_line (iter);
  gsize column = (gsize) gtk_text_iter_get_line_offset (iter), index;

  if (column >= HEX_COLUMN && column < HEX_COLUMN + 3 * PER_LINE)
    index = (column - HEX_COLUMN) / 3;
  else if (column >= ASCII_COLUMN && column < ASCII_COLUMN + PER_LINE)
    index = column - ASCII_COLUMN;
  else
    return -1;
  index += line * PER_LINE;
  return index < g_bytes_get_size (self->bytes) ? (gssize) index : -1;
}

static void
cursor_moved (GtkTextBuffer *buffer, GParamSpec *pspec, LabHexView *self)
{
  GtkTextIter iter;
  gssize offset;

  if (self->updating)
    return;
  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  offset = offset_at (self, &iter);
  if (offset >= 0)
    g_signal_emit (self, signals[BYTE_ACTIVATED], 0, (guint) offset);
}

static void
lab_hex_view_dispose (GObject *object)
{
  LabHexView *self = LAB_HEX_VIEW (object);

  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  G_OBJECT_CLASS (lab_hex_view_parent_class)->dispose (object);
}

static void
lab_hex_view_class_init (LabHexViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lab_hex_view_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "hexview");

  signals[BYTE_ACTIVATED] = g_signal_new ("byte-activated", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                          G_TYPE_UINT);
}

static void
lab_hex_view_init (LabHexView *self)
{
  GtkTextBuffer *buffer;

  self->text_view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_editable (self->text_view, FALSE);
  gtk_text_view_set_cursor_visible (self->text_view, TRUE);
  gtk_text_view_set_monospace (self->text_view, TRUE);
  gtk_text_view_set_wrap_mode (self->text_view, GTK_WRAP_NONE);
  /* The text view scrolls itself, so scroll_to_iter can bring a highlight into view. */
  self->scroller = gtk_scrolled_window_new ();
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
  {
    GtkTextIter start;

    gtk_text_buffer_get_start_iter (buffer, &start);
    self->scroll_mark = gtk_text_buffer_create_mark (buffer, NULL, &start, TRUE);
  }
  self->bytes = g_bytes_new (NULL, 0);
}

GtkWidget *
lab_hex_view_new (void)
{
  return g_object_new (LAB_TYPE_HEX_VIEW, NULL);
}
