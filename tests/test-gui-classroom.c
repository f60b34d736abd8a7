/* The window as a teacher drives it in front of a class: real clicks and key presses sent
 * through the X server, and after every one the main loop must answer within a second
 * (lab-gui-test-events.h), so a window that freezes fails here instead of in a classroom. */
#include "lab-gui-test-events.h"
#include "lab-gui-test-util.h"
#include "gui/lab-detail-bytes.h"
#include "gui/lab-detail-fields.h"

/* Clicks the middle of a step's arrow row in the ladder. */
static void
click_step (LabWindow *window, int step)
{
  double y, height;

  g_assert_true (lab_ladder_view_get_step_extent (window->ladder, (guint) step, &y, &height));
  lab_gui_test_assert_visible (GTK_WIDGET (window->ladder),
                               gtk_widget_get_width (GTK_WIDGET (window->ladder)) / 2.0,
                               y + height / 2);
  lab_gui_test_click (GTK_WIDGET (window->ladder), -1, y + height / 2);
}

static void
click_tab (LabWindow *window, const char *title)
{
  GtkWidget *label = lab_gui_test_find_label (GTK_WIDGET (window->detail), title);

  g_assert_nonnull (label);
  lab_gui_test_click (label, -1, -1);
}

static LabHexView *
hex_view (LabWindow *window)
{
  return lab_detail_bytes_get_hex_view (
    LAB_DETAIL_BYTES (lab_detail_pane_get_page (window->detail, "bytes")));
}

static void
click_byte (LabWindow *window, gsize offset)
{
  LabHexView *hex = hex_view (window);
  graphene_rect_t bounds;

  g_assert_true (lab_hex_view_get_byte_bounds (hex, offset, &bounds));
  lab_gui_test_click (GTK_WIDGET (hex), bounds.origin.x + bounds.size.width / 2,
                      bounds.origin.y + bounds.size.height / 2);
}

/* The freeze a teacher met first: a click on a byte, and the arrow keys in the Bytes tab
 * after a field was chosen, made the hex view and the field list select each other for
 * ever. */
static void
test_classroom_bytes_tab_answers (void)
{
  LabWindow *window = lab_gui_test_open_window ();
  LabDocument *document = lab_window_get_document (window);
  int server_hello = lab_gui_test_find_step (window, "ServerHello");
  gsize offset, length;

  click_step (window, server_hello);
  g_assert_cmpint (lab_document_get_step (document), ==, server_hello);

  click_tab (window, "Bytes");
  g_assert_cmpstr (lab_detail_pane_get_tab (window->detail), ==, "bytes");
  click_byte (window, 6);
  g_assert_true (lab_hex_view_get_highlight (hex_view (window), &offset, &length));
  g_assert_cmpuint (offset, <=, 6);
  g_assert_cmpuint (offset + length, >, 6);
  lab_gui_test_key (GTK_WINDOW (window), "Right");
  lab_gui_test_key (GTK_WINDOW (window), "Right");

  click_tab (window, "Fields");
  g_assert_true (lab_detail_pane_select_field (window->detail, "cipher_suite"));
  click_tab (window, "Bytes");
  lab_gui_test_key (GTK_WINDOW (window), "Right");
  lab_gui_test_key (GTK_WINDOW (window), "Left");
  lab_gui_test_shoot_screen ("classroom-bytes");
  lab_gui_test_close_window (window);
}

int
main (int argc, char **argv)
{
  if (!lab_gui_test_init (&argc, &argv))
    return 0;
  if (!lab_gui_test_events_init ())
    {
      /* tools/install-deps installs xdotool, and tools/test starts an X server. */
      g_print ("Bail out! real events need xdotool and an X11 display\n");
      return 1;
    }
  g_test_add_func ("/gui/classroom/bytes-tab-answers", test_classroom_bytes_tab_answers);
  return lab_gui_test_run ();
}
