/* The keys a teacher or a presenter's remote sends work wherever the focus is: Space
 * plays and pauses, Left and Right step, Home and End go to the first and the last step,
 * Page Up and Page Down turn the lesson's page when a lesson is open and step otherwise;
 * in text being edited the keys edit. Each place is given the focus as a person would, by
 * a click or by Tab, and the keys are real key presses. */
#include "lab-gui-test-classroom.h"

#include <glib/gstdio.h>

static char *data_dir; /* XDG_DATA_HOME, where lesson progress is saved */

static int
step_of (LabWindow *window)
{
  return lab_document_get_step (lab_window_get_document (window));
}

static int
n_steps (LabWindow *window)
{
  return (int) lab_document_get_steps (lab_window_get_document (window))->len;
}

/* A window that plays slowly, so that no step is played between two key presses. */
static LabWindow *
open_window (void)
{
  LabWindow *window = lab_gui_test_open_window ();

  g_object_set (window, "speed", 0.5, NULL);
  return window;
}

/* With the focus in `where`: Space plays and pauses without moving the focus, Right and
 * Left step. The step must not be the last. */
static void
assert_keys_drive (LabWindow *window, GtkWidget *where)
{
  int step;

  lab_gui_test_assert_focus_in (window, where);
  g_assert_cmpint (step_of (window), <, n_steps (window) - 1);
  g_assert_false (lab_gui_test_playing (window));
  lab_gui_test_key (GTK_WINDOW (window), "space");
  g_assert_true (lab_gui_test_playing (window));
  lab_gui_test_assert_focus_in (window, where);
  lab_gui_test_key (GTK_WINDOW (window), "space");
  g_assert_false (lab_gui_test_playing (window));
  step = step_of (window);
  lab_gui_test_key (GTK_WINDOW (window), "Right");
  g_assert_cmpint (step_of (window), ==, step + 1);
  lab_gui_test_key (GTK_WINDOW (window), "Left");
  g_assert_cmpint (step_of (window), ==, step);
}

/* End and Home go to the last and the first step; Page Down and Page Up step. */
static void
assert_keys_jump (LabWindow *window)
{
  lab_gui_test_key (GTK_WINDOW (window), "End");
  g_assert_cmpint (step_of (window), ==, n_steps (window) - 1);
  lab_gui_test_key (GTK_WINDOW (window), "Home");
  g_assert_cmpint (step_of (window), ==, 0);
  lab_gui_test_key (GTK_WINDOW (window), "Page_Down");
  g_assert_cmpint (step_of (window), ==, 1);
  lab_gui_test_key (GTK_WINDOW (window), "Page_Up");
  g_assert_cmpint (step_of (window), ==, 0);
}

static void
test_keys_in_ladder_and_tabs (void)
{
  static const char *const tabs[] = { "Fields", "Bytes", "Keys", "Record", "Certificates" };
  LabWindow *window = open_window ();
  int server_hello = lab_gui_test_find_step (window, "ServerHello");

  lab_gui_test_click_step (window, server_hello);
  assert_keys_drive (window, GTK_WIDGET (window->ladder));
  assert_keys_jump (window);
  for (gsize i = 0; i < G_N_ELEMENTS (tabs); i++)
    {
      g_autofree char *name = g_ascii_strdown (tabs[i], -1);
      GtkWidget *button;

      lab_gui_test_key (GTK_WINDOW (window), "Home");
      lab_gui_test_click_step (window, server_hello);
      lab_gui_test_click_tab (window, tabs[i]);
      button = gtk_widget_get_ancestor (lab_gui_test_find_label (GTK_WIDGET (window->detail),
                                                                 tabs[i]),
                                        GTK_TYPE_BUTTON);
      g_assert_nonnull (button);
      /* A click on a tab leaves the focus where it was; Tab reaches the tab buttons. */
      lab_gui_test_tab_to (window, button);
      assert_keys_drive (window, button);
      /* Space did not click the tab button, Left and Right did not move to the next. */
      g_assert_cmpstr (lab_detail_pane_get_tab (window->detail), ==, name);
      assert_keys_jump (window);
    }
  lab_gui_test_close_window (window);
}

/* In the hex view and the field list Up and Down stay theirs (the caret a row, the
 * selection a field); the rest drive the steps. */
static void
test_keys_in_bytes_and_fields (void)
{
  LabWindow *window = open_window ();
  LabHexView *hex = lab_gui_test_hex_view (window);
  LabDetailFields *fields
    = LAB_DETAIL_FIELDS (lab_detail_pane_get_page (window->detail, "fields"));
  int client_hello = lab_gui_test_find_step (window, "ClientHello");
  gsize offset, length;
  LabField *field;

  lab_gui_test_click_step (window, client_hello);
  lab_gui_test_click_tab (window, "Bytes");
  lab_gui_test_click_byte (hex, 1);
  g_assert_true (lab_hex_view_get_highlight (hex, &offset, &length));
  g_assert_cmpuint (offset, ==, 1); /* the handshake message's length, 3 bytes */
  lab_gui_test_key (GTK_WINDOW (window), "Down");
  g_assert_cmpint (step_of (window), ==, client_hello);
  g_assert_true (lab_hex_view_get_highlight (hex, &offset, &length));
  g_assert_cmpuint (offset, >, 1); /* a field of the next row */
  assert_keys_drive (window, GTK_WIDGET (hex));
  assert_keys_jump (window);

  lab_gui_test_click_step (window, client_hello);
  lab_gui_test_click_tab (window, "Fields");
  field = lab_gui_test_click_field (window, "random");
  lab_gui_test_key (GTK_WINDOW (window), "Down");
  g_assert_cmpint (step_of (window), ==, client_hello);
  g_assert_true (lab_detail_fields_get_selected (fields) != field);
  assert_keys_drive (window, GTK_WIDGET (fields));
  assert_keys_jump (window);
  lab_gui_test_close_window (window);
}

/* A switch row, a combo row and the scenario button: Space does not flip, open or run
 * anything. */
static void
test_keys_in_side_panel_and_header (void)
{
  LabWindow *window = open_window ();
  LabDocument *document = lab_window_get_document (window);
  GtkWidget *toggle_row = lab_switch_panel_get_row (window->panel, "client", "check-revocation");
  GtkWidget *combo_row = lab_switch_panel_get_row (window->panel, "client", "resume");
  GtkWidget *toggle;
  LabTrace *before = lab_document_get_trace (document);
  g_autofree char *resume = NULL;

  /* A click on the row flips its switch and runs the handshake again. */
  lab_gui_test_click (toggle_row, 20, -1);
  ITERATE_UNTIL (lab_document_get_trace (document) != before);
  lab_gui_test_wait_for_run (window);
  lab_gui_test_click_step (window, lab_gui_test_find_step (window, "ClientHello"));
  before = lab_document_get_trace (document);
  lab_gui_test_click (toggle_row, 20, -1);
  ITERATE_UNTIL (lab_document_get_trace (document) != before);
  lab_gui_test_wait_for_run (window);
  before = lab_document_get_trace (document);
  toggle = GTK_WIDGET (g_object_get_data (G_OBJECT (toggle_row), "lab-switch"));
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (toggle)));
  assert_keys_drive (window, toggle_row);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (toggle)));
  g_assert_true (lab_document_get_trace (document) == before);
  g_assert_false (lab_document_get_running (document));

  /* A click opens the combo row's list; Escape closes it and leaves the focus there. */
  resume = lab_scenario_get_value (lab_document_get_scenario (document), "client", "resume");
  lab_gui_test_click (combo_row, 20, -1);
  lab_gui_test_key (GTK_WINDOW (window), "Escape");
  assert_keys_drive (window, combo_row);
  {
    g_autofree char *now
      = lab_scenario_get_value (lab_document_get_scenario (document), "client", "resume");
    g_assert_cmpstr (now, ==, resume);
  }
  g_assert_true (lab_document_get_trace (document) == before);

  lab_gui_test_click (GTK_WIDGET (window->scenario_button), -1, -1);
  ITERATE_UNTIL (gtk_menu_button_get_popover (window->scenario_button) == NULL
                 || gtk_widget_get_visible (
                   GTK_WIDGET (gtk_menu_button_get_popover (window->scenario_button))));
  lab_gui_test_key (GTK_WINDOW (window), "Escape");
  assert_keys_drive (window, GTK_WIDGET (window->scenario_button));
  g_assert_false (gtk_widget_get_visible (
    GTK_WIDGET (gtk_menu_button_get_popover (window->scenario_button))));
  lab_gui_test_close_window (window);
}

/* In the server-name entry Space is a space, Left and Right move the caret. */
static void
test_keys_edit_text (void)
{
  LabWindow *window = open_window ();
  GtkWidget *entry_row = lab_switch_panel_get_row (window->panel, "client", "server-name");
  g_autofree char *before = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry_row)));
  g_autofree char *expected = g_strconcat (before, " ", NULL);
  int step;

  lab_gui_test_key (GTK_WINDOW (window), "Right");
  step = step_of (window);
  lab_gui_test_click (entry_row, 40, -1);
  lab_gui_test_assert_focus_in (window, entry_row);
  lab_gui_test_key (GTK_WINDOW (window), "End");
  lab_gui_test_key (GTK_WINDOW (window), "space");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry_row)), ==, expected);
  g_assert_false (lab_gui_test_playing (window));
  lab_gui_test_key (GTK_WINDOW (window), "Left");
  lab_gui_test_key (GTK_WINDOW (window), "Home");
  lab_gui_test_key (GTK_WINDOW (window), "Right");
  g_assert_cmpint (step_of (window), ==, step);
  g_assert_cmpint (gtk_editable_get_position (GTK_EDITABLE (entry_row)), ==, 1);
  lab_gui_test_close_window (window);
}

/* Until the page's run is in, the page is shown and the side panel has finished moving. */
static void
wait_for_page (LabWindow *window)
{
  ITERATE_UNTIL (!window->lesson_pending);
  lab_gui_test_wait_for_run (window);
  ITERATE_UNTIL (adw_flap_get_reveal_progress (window->flap)
                 == (adw_flap_get_reveal_flap (window->flap) ? 1.0 : 0.0));
  lab_gui_test_responsive ("showing a lesson's page");
}

/* Clicks a lesson button by its label and waits for the page it turns to. */
static GtkWidget *
click_lesson_button (LabWindow *window, const char *label, guint page)
{
  GtkWidget *button = gtk_widget_get_ancestor (
    lab_gui_test_find_label (GTK_WIDGET (window->lesson_pane), label), GTK_TYPE_BUTTON);

  g_assert_nonnull (button);
  lab_gui_test_click (button, -1, -1);
  wait_for_page (window);
  g_assert_cmpuint (lab_lesson_pane_get_page (window->lesson_pane), ==, page);
  if (step_of (window) >= n_steps (window) - 1)
    lab_gui_test_key (GTK_WINDOW (window), "Home");
  return button;
}

/* With a lesson open, its Next and Back buttons: Space plays, Left and Right step, and
 * Page Down and Page Up turn the page. (Back on the first page is off, and GTK takes the
 * focus from it: it is tried on the second.) */
static void
test_keys_in_lesson (void)
{
  LabWindow *window = open_window ();
  g_auto (GStrv) names = lab_lesson_list_builtin ();
  GtkWidget *button;

  g_assert_nonnull (names);
  g_assert_nonnull (names[0]);
  lab_window_open_builtin_lesson (window, names[0]);
  wait_for_page (window);
  g_assert_cmpuint (lab_lesson_pane_get_page (window->lesson_pane), ==, 0);
  g_assert_cmpuint (lab_lesson_pane_get_n_pages (window->lesson_pane), >=, 3);
  button = click_lesson_button (window, "Next", 1);
  assert_keys_drive (window, button);
  g_assert_cmpuint (lab_lesson_pane_get_page (window->lesson_pane), ==, 1);
  click_lesson_button (window, "Next", 2);
  button = click_lesson_button (window, "Back", 1);
  assert_keys_drive (window, button);
  g_assert_cmpuint (lab_lesson_pane_get_page (window->lesson_pane), ==, 1);

  lab_gui_test_key (GTK_WINDOW (window), "Page_Down");
  wait_for_page (window);
  g_assert_cmpuint (lab_lesson_pane_get_page (window->lesson_pane), ==, 2);
  lab_gui_test_key (GTK_WINDOW (window), "Page_Up");
  wait_for_page (window);
  g_assert_cmpuint (lab_lesson_pane_get_page (window->lesson_pane), ==, 1);
  lab_gui_test_activate (window, "win.close-lesson");
  lab_gui_test_close_window (window);
}

/* The outcome banner's button, reached with Tab as a keyboard user does. */
static void
test_keys_in_outcome_banner (void)
{
  LabWindow *window = open_window ();
  GtkWidget *cause;

  lab_gui_test_open_scenario (window, "expired-certificate");
  cause = gtk_widget_get_ancestor (lab_gui_test_find_label (GTK_WIDGET (window->banner),
                                                            "Show the cause"),
                                   GTK_TYPE_BUTTON);
  g_assert_nonnull (cause);
  lab_gui_test_click_step (window, 0);
  lab_gui_test_tab_to (window, cause);
  assert_keys_drive (window, cause);
  lab_gui_test_close_window (window);
}

int
main (int argc, char **argv)
{
  int status;

  /* Before GLib reads it: lesson progress goes to a fresh directory. */
  data_dir = g_dir_make_tmp ("lab-gui-keys-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
  if (!lab_gui_test_init (&argc, &argv))
    return 0;
  if (!lab_gui_test_events_init ())
    {
      g_print ("Bail out! real events need xdotool and an X11 display\n");
      return 1;
    }
  g_test_add_func ("/gui/keys/ladder-and-tabs", test_keys_in_ladder_and_tabs);
  g_test_add_func ("/gui/keys/bytes-and-fields", test_keys_in_bytes_and_fields);
  g_test_add_func ("/gui/keys/side-panel-and-header", test_keys_in_side_panel_and_header);
  g_test_add_func ("/gui/keys/edit-text", test_keys_edit_text);
  g_test_add_func ("/gui/keys/lesson", test_keys_in_lesson);
  g_test_add_func ("/gui/keys/outcome-banner", test_keys_in_outcome_banner);
  status = lab_gui_test_run ();
  g_free (data_dir);
  return status;
}
