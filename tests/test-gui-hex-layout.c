/* The Bytes tab's hex view fits the pane it has: no horizontal scrolling, the offsets and
 * the ASCII column in sight, 16 bytes a row when they fit and fewer (8, 4, ...) when they
 * do not, at the window's sizes, at larger type (zoom) and in a wider pane. A real click
 * on a byte selects it in each layout. Screenshots of each, light and dark. */
#include "lab-gui-test-classroom.h"

static const struct
{
  int width, height;
} sizes[] = { { 1600, 1000 }, { 1400, 880 }, { 1280, 720 }, { 1024, 768 } };

/* A cell's bounds are inside the hex view; across only when its row may be scrolled out
 * of view (the view scrolls a highlight into view). */
static void
assert_cell_in_sight (LabHexView *hex, gsize offset, LabHexCell cell, gboolean across_only)
{
  graphene_rect_t bounds;

  g_assert_true (lab_hex_view_get_cell_bounds (hex, offset, cell, &bounds));
  if (bounds.origin.x < 0
      || bounds.origin.x + bounds.size.width > gtk_widget_get_width (GTK_WIDGET (hex))
      || (!across_only
          && (bounds.origin.y < 0
              || bounds.origin.y + bounds.size.height > gtk_widget_get_height (GTK_WIDGET (hex)))))
    g_error ("cell %d of byte %zu (%.0f,%.0f %.0fx%.0f) is outside the hex view (%dx%d)", cell,
             offset, bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height,
             gtk_widget_get_width (GTK_WIDGET (hex)), gtk_widget_get_height (GTK_WIDGET (hex)));
}

/* What the class sees of the hex view, and a click on a byte of its second row. */
static void
check_layout (LabWindow *window, const char *name)
{
  LabHexView *hex = lab_gui_test_hex_view (window);
  GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (gtk_widget_get_first_child (GTK_WIDGET (hex)));
  GtkAdjustment *across = gtk_scrolled_window_get_hadjustment (scroller);
  guint per_line = lab_hex_view_get_bytes_per_line (hex);
  gsize size = g_bytes_get_size (lab_hex_view_get_bytes (hex)), offset, length;
  graphene_rect_t first, last;
  double row_width, width_for_twice;

  lab_gui_test_responsive ("laying out the hex view");
  g_test_message ("%s: %u bytes a row in %d pixels", name, per_line,
                  gtk_widget_get_width (GTK_WIDGET (hex)));
  g_assert_true (per_line == 16 || per_line == 8 || per_line == 4 || per_line == 2
                 || per_line == 1);
  g_assert_cmpuint (size, >, 2 * per_line);
  /* Nothing to scroll sideways, and no scrollbar for it. */
  g_assert_cmpfloat (gtk_adjustment_get_upper (across), <=,
                     gtk_adjustment_get_page_size (across) + 0.5);
  g_assert_cmpfloat (gtk_adjustment_get_value (across), ==, 0);
  g_assert_false (gtk_widget_get_child_visible (gtk_scrolled_window_get_hscrollbar (scroller)));
  /* The first row's offset, its first byte, its last byte and that byte's character. */
  assert_cell_in_sight (hex, 0, LAB_HEX_CELL_OFFSET, FALSE);
  assert_cell_in_sight (hex, 0, LAB_HEX_CELL_HEX, FALSE);
  assert_cell_in_sight (hex, per_line - 1, LAB_HEX_CELL_HEX, FALSE);
  assert_cell_in_sight (hex, per_line - 1, LAB_HEX_CELL_ASCII, FALSE);
  /* Rows are not narrower than they need be: twice as many bytes would not fit. */
  g_assert_true (lab_hex_view_get_cell_bounds (hex, 0, LAB_HEX_CELL_OFFSET, &first));
  g_assert_true (lab_hex_view_get_cell_bounds (hex, per_line - 1, LAB_HEX_CELL_ASCII, &last));
  row_width = last.origin.x + last.size.width - first.origin.x;
  width_for_twice = row_width + 4 * per_line * last.size.width; /* 3 hex + 1 ASCII a byte */
  if (per_line < 16) /* the same margin on the right as on the left, and the caret's */
    g_assert_cmpfloat (first.origin.x + width_for_twice + 3, >,
                       gtk_widget_get_width (GTK_WIDGET (hex)) - first.origin.x);

  /* A byte of the second row, clicked. */
  lab_gui_test_click_byte (hex, per_line + 3);
  g_assert_true (lab_hex_view_get_highlight (hex, &offset, &length));
  g_assert_cmpuint (offset, <=, per_line + 3);
  g_assert_cmpuint (offset + length, >, per_line + 3);
}

static void
shoot (const char *name, gboolean dark)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *file = g_strdup_printf ("hex-%s-%s", name, dark ? "dark" : "light");

  adw_style_manager_set_color_scheme (style, dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                  : ADW_COLOR_SCHEME_FORCE_LIGHT);
  lab_gui_test_iterate (100);
  g_assert_cmpuint (lab_gui_test_shoot_screen (file), >, 20000);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

/* The ClientHello's bytes, with a field highlighted, at each window size. */
static void
test_hex_layout_sizes (void)
{
  LabWindow *window = lab_gui_test_open_window ();

  for (gsize i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *name = g_strdup_printf ("%dx%d", sizes[i].width, sizes[i].height);

      lab_gui_test_resize (GTK_WINDOW (window), sizes[i].width, sizes[i].height);
      lab_gui_test_key (GTK_WINDOW (window), "Home");
      lab_gui_test_click_step (window, lab_gui_test_find_step (window, "ClientHello"));
      lab_gui_test_click_tab (window, "Bytes");
      check_layout (window, name);
      shoot (name, FALSE);
      shoot (name, TRUE);
    }
  lab_gui_test_close_window (window);
}

/* Larger type (Ctrl+plus) and a wider pane change how many bytes fit a row. */
static void
test_hex_layout_zoom_and_width (void)
{
  LabWindow *window = lab_gui_test_open_window ();
  LabHexView *hex = lab_gui_test_hex_view (window);
  guint normal, zoomed;

  lab_gui_test_resize (GTK_WINDOW (window), 1280, 720);
  lab_gui_test_click_step (window, lab_gui_test_find_step (window, "ClientHello"));
  lab_gui_test_click_tab (window, "Bytes");
  check_layout (window, "1280x720");
  normal = lab_hex_view_get_bytes_per_line (hex);

  lab_gui_test_key (GTK_WINDOW (window), "ctrl+plus");
  lab_gui_test_key (GTK_WINDOW (window), "ctrl+plus");
  lab_gui_test_key (GTK_WINDOW (window), "ctrl+plus");
  g_assert_cmpfloat (window->zoom, ==, 1.5);
  check_layout (window, "1280x720-zoom-150");
  zoomed = lab_hex_view_get_bytes_per_line (hex);
  g_assert_cmpuint (zoomed, <, normal);
  shoot ("1280x720-zoom-150", FALSE);
  lab_gui_test_key (GTK_WINDOW (window), "ctrl+0");
  g_assert_cmpfloat (window->zoom, ==, 1.0);
  check_layout (window, "1280x720-zoom-back");
  g_assert_cmpuint (lab_hex_view_get_bytes_per_line (hex), ==, normal);

  /* The detail pane given 760 pixels (its width is fixed in the window's layout; a
   * pane that wide is what larger windows or a later resizable pane would give): 16. */
  lab_gui_test_resize (GTK_WINDOW (window), 1600, 1000);
  gtk_widget_set_size_request (GTK_WIDGET (window->detail), 760, -1);
  lab_gui_test_responsive ("widening the detail pane");
  check_layout (window, "1600x1000-wide-pane");
  g_assert_cmpuint (lab_hex_view_get_bytes_per_line (hex), ==, 16);
  shoot ("1600x1000-wide-pane", FALSE);
  lab_gui_test_close_window (window);
}

/* A record the wire changed: the record as sent and as passed on, one above the other,
 * both fitting. */
static void
test_hex_layout_tampered_record (void)
{
  LabWindow *window = lab_gui_test_open_window ();
  LabHexView *forwarded = lab_gui_test_forwarded_hex_view (window);

  lab_gui_test_resize (GTK_WINDOW (window), 1024, 768);
  lab_gui_test_open_scenario (window, "flip-client-random");
  lab_gui_test_click (lab_gui_test_find_label (GTK_WIDGET (window->banner),
                                               "Show the changed bytes"),
                      -1, -1);
  check_layout (window, "1024x768-tampered");
  lab_gui_test_responsive ("laying out the record as passed on");
  g_assert_cmpuint (lab_hex_view_get_bytes_per_line (forwarded), ==,
                    lab_hex_view_get_bytes_per_line (lab_gui_test_hex_view (window)));
  /* Scrolled down to the bytes the wire changed. */
  assert_cell_in_sight (forwarded, 0, LAB_HEX_CELL_OFFSET, TRUE);
  assert_cell_in_sight (forwarded, lab_hex_view_get_bytes_per_line (forwarded) - 1,
                        LAB_HEX_CELL_ASCII, TRUE);
  shoot ("1024x768-tampered", FALSE);
  shoot ("1024x768-tampered", TRUE);
  lab_gui_test_close_window (window);
}

int
main (int argc, char **argv)
{
  if (!lab_gui_test_init (&argc, &argv))
    return 0;
  if (!lab_gui_test_events_init ())
    {
      g_print ("Bail out! real events need xdotool and an X11 display\n");
      return 1;
    }
  g_test_add_func ("/gui/hex-layout/sizes", test_hex_layout_sizes);
  g_test_add_func ("/gui/hex-layout/zoom-and-width", test_hex_layout_zoom_and_width);
  g_test_add_func ("/gui/hex-layout/tampered-record", test_hex_layout_tampered_record);
  return lab_gui_test_run ();
}
