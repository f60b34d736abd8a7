/* The window as a teacher drives it in front of a class: real clicks and key presses sent
 * through the X server, and after every one the main loop must answer within a second
 * (lab-gui-test-events.h), so a window that freezes fails here instead of in a classroom.
 *
 * Here: wherever a view and the document select each other (the ladder and the step, the
 * Fields list and the Bytes tab, the record as the wire passed it on), a click followed by
 * every key a teacher or a remote presses leaves the window answering. The keys from each
 * place are test-gui-keys.c; the step staying in view test-gui-step-in-view.c; the hex
 * view's rows test-gui-hex-layout.c. */
#include "lab-gui-test-classroom.h"

/* Up and Down first: they act where the click was (the hex view's caret, the field list's
 * selection, the ladder); the others step, and Page Up and Page Down also scroll whatever
 * they are left to. */
static const char *const every_key[]
  = { "Up", "Down", "Up", "Left", "Right", "Home", "End", "Page_Up", "Page_Down" };

static void
press_every_key (LabWindow *window)
{
  for (gsize i = 0; i < G_N_ELEMENTS (every_key); i++)
    lab_gui_test_key (GTK_WINDOW (window), every_key[i]);
}

/* Takes the ladder back to a step near the top (in view) by keys, and clicks it. */
static void
go_to_step (LabWindow *window, const char *title)
{
  lab_gui_test_key (GTK_WINDOW (window), "Home");
  lab_gui_test_click_step (window, lab_gui_test_find_step (window, title));
}

/* The freeze a teacher met first: a click on a byte, and the arrow keys in the Bytes tab
 * after a field was chosen, made the hex view and the field list select each other for
 * ever. */
static void
test_classroom_bytes_tab_answers (void)
{
  LabWindow *window = lab_gui_test_open_window ();
  gsize offset, length;

  go_to_step (window, "ServerHello");
  lab_gui_test_click_tab (window, "Bytes");
  lab_gui_test_click_byte (lab_gui_test_hex_view (window), 6);
  g_assert_true (lab_hex_view_get_highlight (lab_gui_test_hex_view (window), &offset, &length));
  g_assert_cmpuint (offset, <=, 6);
  g_assert_cmpuint (offset + length, >, 6);
  lab_gui_test_key (GTK_WINDOW (window), "Right");
  lab_gui_test_key (GTK_WINDOW (window), "Right");

  go_to_step (window, "ServerHello");
  lab_gui_test_click_tab (window, "Fields");
  g_assert_true (lab_detail_pane_select_field (window->detail, "cipher_suite"));
  lab_gui_test_click_tab (window, "Bytes");
  lab_gui_test_key (GTK_WINDOW (window), "Right");
  lab_gui_test_key (GTK_WINDOW (window), "Left");
  lab_gui_test_shoot_screen ("classroom-bytes");
  lab_gui_test_close_window (window);
}

/* Every tab, clicked on a step with bytes, then every key. */
static void
test_classroom_every_tab_answers (void)
{
  static const char *const tabs[] = { "Fields", "Bytes", "Keys", "Record", "Certificates" };
  LabWindow *window = lab_gui_test_open_window ();

  for (gsize i = 0; i < G_N_ELEMENTS (tabs); i++)
    {
      go_to_step (window, "Certificate");
      lab_gui_test_click_tab (window, tabs[i]);
      press_every_key (window);
    }
  lab_gui_test_close_window (window);
}

/* The byte is in view in the hex view, with the wheel turned over it as far as needed. */
static void
bring_byte_into_view (LabHexView *hex, gsize offset)
{
  for (int turns = 0; turns < 200; turns++)
    {
      graphene_rect_t bounds;
      int height = gtk_widget_get_height (GTK_WIDGET (hex));

      g_assert_true (lab_hex_view_get_byte_bounds (hex, offset, &bounds));
      if (bounds.origin.y < 0)
        lab_gui_test_wheel (GTK_WIDGET (hex), -1, -1, -1);
      else if (bounds.origin.y + bounds.size.height > height)
        lab_gui_test_wheel (GTK_WIDGET (hex), -1, -1, 1);
      else
        return;
    }
  g_error ("the wheel did not bring byte %zu into view", offset);
}

/* A byte clicked, and the caret's byte, field and highlight agree. */
static void
click_byte_and_check (LabWindow *window, LabHexView *hex, gsize offset, gboolean linked)
{
  gsize start, length;

  bring_byte_into_view (hex, offset);
  lab_gui_test_click_byte (hex, offset);
  if (!linked)
    return;
  /* The Fields list followed the byte, and the Bytes tab lights all of its field. */
  g_assert_true (lab_hex_view_get_highlight (hex, &start, &length));
  g_assert_cmpuint (start, <=, offset);
  g_assert_cmpuint (start + length, >, offset);
}

/* The first, a middle and the last byte of a message, each clicked and followed by every
 * key; and of a record the wire changed, in both views: the record as sent (its message)
 * and as the wire passed it on. */
static void
test_classroom_bytes_answer (void)
{
  LabWindow *window = lab_gui_test_open_window ();
  LabHexView *hex = lab_gui_test_hex_view (window);
  LabHexView *forwarded = lab_gui_test_forwarded_hex_view (window);
  gsize size;

  go_to_step (window, "ClientHello");
  lab_gui_test_click_tab (window, "Bytes");
  size = g_bytes_get_size (lab_hex_view_get_bytes (hex));
  g_assert_cmpuint (size, >, 100);
  for (gsize i = 0; i < 3; i++)
    {
      gsize offset = i == 0 ? 0 : i == 1 ? size / 2 : size - 1;

      go_to_step (window, "ClientHello");
      click_byte_and_check (window, hex, offset, TRUE);
      press_every_key (window);
    }

  lab_gui_test_open_scenario (window, "flip-client-random");
  /* The banner's button takes the class to the changed bytes. */
  lab_gui_test_click (lab_gui_test_find_label (GTK_WIDGET (window->banner),
                                               "Show the changed bytes"),
                      -1, -1);
  g_assert_cmpstr (lab_detail_pane_get_tab (window->detail), ==, "bytes");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (forwarded)));
  for (gsize view = 0; view < 2; view++)
    for (gsize i = 0; i < 3; i++)
      {
        /* The record as passed on is not linked to the Fields list (its bytes may not
         * parse); the message as sent is. */
        LabHexView *shown = view == 0 ? forwarded : hex;
        gsize offset;

        lab_gui_test_activate (window, "win.show-cause");
        size = g_bytes_get_size (lab_hex_view_get_bytes (shown));
        g_assert_cmpuint (size, >, 100);
        offset = i == 0 ? 0 : i == 1 ? size / 2 : size - 1;
        click_byte_and_check (window, shown, offset, view == 1);
        press_every_key (window);
      }
  lab_gui_test_close_window (window);
}

/* Fields clicked in the list: the cipher suite the server chose, a field deep inside an
 * extension, a field of the server's certificate; each followed by every key, and the
 * Bytes tab showing exactly the field's bytes. */
static void
test_classroom_fields_answer (void)
{
  static const struct
  {
    const char *step, *path;
  } fields[] = {
    { "ServerHello", "cipher_suite" },
    { "ClientHello", "extensions.server_name.server_name_list.name.host_name" },
    { "Certificate", "certificate_list.certificate.tbs_certificate.subject" },
  };
  LabWindow *window = lab_gui_test_open_window ();

  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      LabField *field;
      gsize offset, length;

      go_to_step (window, fields[i].step);
      lab_gui_test_click_tab (window, "Fields");
      field = lab_gui_test_click_field (window, fields[i].path);
      lab_gui_test_click_tab (window, "Bytes");
      g_assert_true (lab_hex_view_get_highlight (lab_gui_test_hex_view (window), &offset,
                                                 &length));
      g_assert_cmpuint (offset, ==, field->offset);
      g_assert_cmpuint (length, ==, field->length);
      /* A byte of the field, clicked: the field stays (it is the innermost there). */
      if (lab_field_is_leaf (field))
        {
          click_byte_and_check (window, lab_gui_test_hex_view (window), field->offset, TRUE);
          g_assert_true (lab_hex_view_get_highlight (lab_gui_test_hex_view (window), &offset,
                                                     &length));
          g_assert_cmpuint (offset, ==, field->offset);
          g_assert_cmpuint (length, ==, field->length);
        }
      lab_gui_test_click_tab (window, "Fields");
      press_every_key (window);
    }
  lab_gui_test_close_window (window);
}

/* A switch flipped by a click re-runs the scenario; the panel shows the new run's values
 * without telling the window of a change again (which would re-run for ever). */
static void
test_classroom_switch_answers (void)
{
  LabWindow *window = lab_gui_test_open_window ();
  LabDocument *document = lab_window_get_document (window);
  GtkWidget *row = lab_switch_panel_get_row (window->panel, "client", "extended-master-secret");
  LabTrace *before = lab_document_get_trace (document);

  g_assert_nonnull (row);
  lab_gui_test_click (row, 20, -1);
  ITERATE_UNTIL (lab_document_get_trace (document) != before);
  lab_gui_test_wait_for_run (window);
  before = lab_document_get_trace (document);
  press_every_key (window);
  /* One run for one click: nothing started another. */
  lab_gui_test_iterate (300);
  g_assert_true (lab_document_get_trace (document) == before);
  g_assert_false (lab_document_get_running (document));
  lab_gui_test_close_window (window);
}

/* Stepping off a record the wire changed and back, with the caret in its bytes as the
 * wire passed them on: each time both hex views get new bytes, and are drawn with them
 * (GTK 4.8 warned, fatally here, when a text view laid out new text while being drawn). */
static void
test_classroom_tampered_record_answers (void)
{
  LabWindow *window = lab_gui_test_open_window ();

  lab_gui_test_open_scenario (window, "flip-client-random");
  lab_gui_test_activate (window, "win.show-cause");
  lab_gui_test_click_byte (lab_gui_test_forwarded_hex_view (window), 0);
  for (int i = 0; i < 10; i++)
    {
      lab_gui_test_key (GTK_WINDOW (window), "Down");
      lab_gui_test_key (GTK_WINDOW (window), "Left");
      lab_gui_test_key (GTK_WINDOW (window), "Right");
    }
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
  g_test_add_func ("/gui/classroom/every-tab-answers", test_classroom_every_tab_answers);
  g_test_add_func ("/gui/classroom/bytes-answer", test_classroom_bytes_answer);
  g_test_add_func ("/gui/classroom/fields-answer", test_classroom_fields_answer);
  g_test_add_func ("/gui/classroom/tampered-record-answers",
                   test_classroom_tampered_record_answers);
  g_test_add_func ("/gui/classroom/switch-answers", test_classroom_switch_answers);
  return lab_gui_test_run ();
}
