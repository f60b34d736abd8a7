/* The lesson player under Xvfb, walking a lesson written here from end to end: the
 * ladder follows each page's step, a page's field is selected with exactly its bytes
 * highlighted, a page that expires the certificate re-runs the handshake, a question is
 * answered wrong and then right, progress is saved, and Back returns. The picker lists
 * the shipped lessons. Each state is rendered to gui-shots/lesson-*.png. */
#include "lab-gui-test-util.h"
#include "lab-test-util.h"
#include "gui/lab-detail-bytes.h"
#include "gui/lab-detail-fields.h"

#include <glib/gstdio.h>

static char *data_dir; /* XDG_DATA_HOME, where progress is saved */

static const char lesson_text[]
  = "[lesson]\n"
    "title = A walk through the first flight\n"
    "summary = The ClientHello, its random, and a certificate that has expired.\n"
    "level = beginner\n"
    "scenario = default\n"
    "\n"
    "[page 1]\n"
    "title = The client speaks first\n"
    "step = ClientHello\n"
    "text = The **ClientHello** opens the handshake. In it the client lists:\\n\\n"
    "- the *version* it speaks,\\n- 32 fresh random bytes,\\n"
    "- the cipher suites it accepts, favourite first.\\n\\n"
    "Its record starts `16 03 01`: a handshake record, with a version of < 3.3 & > 3.0.\n"
    "\n"
    "[page 2]\n"
    "title = The client random\n"
    "step = ClientHello.random\n"
    "text = These **32 bytes** are picked fresh for every connection.\n"
    "\n"
    "[page 3]\n"
    "title = Now the certificate has expired\n"
    "step = kind:alert\n"
    "set = server.certificate=expired\n"
    "text = The server's certificate is now *expired*. Which alert does the client send?\n"
    "\n"
    "[question 1]\n"
    "page = 3\n"
    "kind = choice\n"
    "ask = Which alert did the client send?\n"
    "answer = alert\n"
    "choices = handshake_failure; certificate_expired; bad_record_mac\n"
    "right = Yes: `certificate_expired` (45), because notAfter has passed.\n"
    "wrong = Not that one: look at the red arrow on the ladder.\n"
    "\n"
    "[question 2]\n"
    "page = 3\n"
    "kind = short\n"
    "ask = Who sent it: the client or the server?\n"
    "answer = sent-by\n";

static LabLesson *
test_lesson (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *source = g_build_filename (data_dir, "walk.lesson", NULL);
  LabLesson *lesson = lab_lesson_load_data (source, lesson_text, strlen (lesson_text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (lesson);
  return lesson;
}

/* Until the page's run is in, the page is shown and the side panel has finished moving. */
static void
wait_for_page (LabWindow *window)
{
  ITERATE_UNTIL (!window->lesson_pending);
  lab_gui_test_wait_for_run (window);
  ITERATE_UNTIL (adw_flap_get_reveal_progress (window->flap)
                 == (adw_flap_get_reveal_flap (window->flap) ? 1.0 : 0.0));
}

static const LabStep *
current_step (LabWindow *window)
{
  return lab_document_get_current_step (lab_window_get_document (window));
}

static void
assert_field_selected (LabWindow *window, const char *name)
{
  LabDetailFields *fields
    = LAB_DETAIL_FIELDS (lab_detail_pane_get_page (window->detail, "fields"));
  LabDetailBytes *bytes = LAB_DETAIL_BYTES (lab_detail_pane_get_page (window->detail, "bytes"));
  LabField *field = lab_detail_fields_get_selected (fields);
  gsize offset, length;

  g_assert_nonnull (field);
  g_assert_cmpstr (field->name, ==, name);
  g_assert_cmpstr (lab_detail_pane_get_tab (window->detail), ==, "fields");
  g_assert_true (lab_hex_view_get_highlight (lab_detail_bytes_get_hex_view (bytes), &offset,
                                             &length));
  g_assert_cmpuint (offset, ==, field->offset);
  g_assert_cmpuint (length, ==, field->length);
}

static void
test_lesson_walk (void)
{
  LabWindow *window = lab_gui_test_open_window ();
  LabDocument *document = lab_window_get_document (window);
  LabTrace *before;
  const LabOutcome *outcome;
  g_autoptr (GArray) questions = NULL;
  const char *feedback;
  gboolean right;

  g_assert_true (adw_flap_get_reveal_flap (window->flap));
  lab_window_open_lesson (window, test_lesson ());
  wait_for_page (window);

  /* Page 1: the ladder at the ClientHello; the switches fold away to give the text room. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->lesson_pane)));
  g_assert_false (adw_flap_get_reveal_flap (window->flap));
  g_assert_cmpuint (lab_lesson_pane_get_page (window->lesson_pane), ==, 0);
  g_assert_cmpint (lab_document_get_step (document), ==,
                   lab_gui_test_find_step (window, "ClientHello"));
  g_assert_cmpint (lab_ladder_view_get_selected (window->ladder), ==,
                   lab_document_get_step (document));
  g_assert_cmpuint (lab_gui_test_shoot (window, "lesson-page-1"), >, 20000);

  /* Page 2: the same run, the client random selected, exactly its bytes highlighted. */
  before = lab_document_get_trace (document);
  lab_gui_test_activate (window, "win.lesson-next");
  wait_for_page (window);
  g_assert_true (lab_document_get_trace (document) == before);
  g_assert_cmpuint (lab_lesson_pane_get_page (window->lesson_pane), ==, 1);
  g_assert_cmpstr (current_step (window)->title, ==, "ClientHello");
  assert_field_selected (window, "random");
  g_assert_cmpuint (lab_lesson_progress_page ("walk"), ==, 1);
  g_assert_cmpuint (lab_gui_test_shoot (window, "lesson-field"), >, 20000);

  /* Page 3 expires the certificate: a new run, the ladder at the client's alert. */
  lab_gui_test_activate (window, "win.lesson-next");
  wait_for_page (window);
  g_assert_true (lab_document_get_trace (document) != before);
  outcome = lab_trace_get_outcome (lab_document_get_trace (document));
  g_assert_cmpint (outcome->alert, ==, 45);
  lab_test_assert_contains (lab_outcome_banner_get_title (window->banner), "certificate_expired");
  g_assert_true (current_step (window)->is_fatal);
  g_assert_cmpint (lab_ladder_view_get_selected (window->ladder), ==,
                   lab_document_get_step (document));
  g_assert_cmpstr (lab_document_get_scenario (document)->source, ==,
                   "default.scenario (built in)");

  /* The questions of page 3, answered wrong and then right. */
  questions = lab_lesson_pane_get_questions (window->lesson_pane);
  g_assert_cmpuint (questions->len, ==, 2);
  g_assert_cmpuint (g_array_index (questions, guint, 0), ==, 0);
  g_assert_cmpstr (lab_lesson_pane_get_feedback (window->lesson_pane, 0, &right), ==, "");
  g_assert_true (lab_lesson_pane_reply (window->lesson_pane, 0, "handshake_failure"));
  feedback = lab_lesson_pane_get_feedback (window->lesson_pane, 0, &right);
  g_assert_false (right);
  g_assert_cmpstr (feedback, ==, "Not that one: look at the red arrow on the ladder.");
  g_assert_false (lab_lesson_progress_answered ("walk", 0));
  g_assert_cmpuint (lab_gui_test_shoot (window, "lesson-wrong"), >, 20000);

  g_assert_true (lab_lesson_pane_reply (window->lesson_pane, 0, "certificate_expired"));
  feedback = lab_lesson_pane_get_feedback (window->lesson_pane, 0, &right);
  g_assert_true (right);
  g_assert_cmpstr (feedback, ==, "Yes: certificate_expired (45), because notAfter has passed.");
  g_assert_true (lab_lesson_progress_answered ("walk", 0));
  g_assert_cmpuint (lab_lesson_progress_page ("walk"), ==, 2);
  g_assert_false (lab_lesson_pane_reply (window->lesson_pane, 0, "not a choice"));

  /* A short answer: typed, with the lesson's own default feedback. */
  g_assert_true (lab_lesson_pane_reply (window->lesson_pane, 1, "  Client "));
  lab_lesson_pane_get_feedback (window->lesson_pane, 1, &right);
  g_assert_true (right);
  g_assert_true (lab_lesson_progress_answered ("walk", 1));
  g_assert_cmpuint (lab_gui_test_shoot (window, "lesson-question"), >, 20000);

  /* The last page: Next is off. Back returns to the client random, on the default run. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.lesson-next", NULL);
  lab_gui_test_iterate (50);
  g_assert_false (window->lesson_pending);
  g_assert_cmpuint (lab_lesson_pane_get_page (window->lesson_pane), ==, 2);
  lab_gui_test_activate (window, "win.lesson-back");
  wait_for_page (window);
  g_assert_cmpuint (lab_lesson_pane_get_page (window->lesson_pane), ==, 1);
  outcome = lab_trace_get_outcome (lab_document_get_trace (document));
  g_assert_cmpint (outcome->result, ==, LAB_RESULT_SUCCESS);
  g_assert_cmpstr (current_step (window)->title, ==, "ClientHello");
  assert_field_selected (window, "random");
  g_assert_cmpuint (lab_lesson_progress_page ("walk"), ==, 1);

  /* Closing brings the switches back; reopening starts where the learner left off. */
  lab_gui_test_activate (window, "win.close-lesson");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->lesson_pane)));
  g_assert_true (adw_flap_get_reveal_flap (window->flap));
  lab_window_open_lesson (window, test_lesson ());
  wait_for_page (window);
  g_assert_cmpuint (lab_lesson_pane_get_page (window->lesson_pane), ==, 1);
  assert_field_selected (window, "random");
  lab_gui_test_close_window (window);
}

/* The window's key controller that runs before the focus widget: a key pressed there,
 * as GTK would deliver it; TRUE when the window took it. */
static gboolean
press_key (LabWindow *window, guint keyval)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller)
          && gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_CAPTURE)
        {
          g_signal_emit_by_name (controller, "key-pressed", keyval, 0, 0, &handled);
          return handled;
        }
    }
  g_assert_not_reached ();
}

/* Page Up and Page Down (a presentation remote's keys) turn pages even with the focus in
 * the ladder, whose scrolled window would otherwise take them. */
static void
test_lesson_keys (void)
{
  LabWindow *window = lab_gui_test_open_window ();

  g_assert_true (lab_lesson_progress_save ("walk", 0, -1, NULL));
  lab_window_open_lesson (window, test_lesson ());
  wait_for_page (window);
  gtk_widget_grab_focus (GTK_WIDGET (window->ladder));
  g_assert_true (press_key (window, GDK_KEY_Page_Down));
  wait_for_page (window);
  g_assert_cmpuint (lab_lesson_pane_get_page (window->lesson_pane), ==, 1);
  g_assert_true (press_key (window, GDK_KEY_Page_Up));
  wait_for_page (window);
  g_assert_cmpuint (lab_lesson_pane_get_page (window->lesson_pane), ==, 0);
  /* Without a lesson they step, as the remote's other keys do. */
  lab_gui_test_activate (window, "win.close-lesson");
  {
    int step = lab_document_get_step (lab_window_get_document (window));

    g_assert_true (press_key (window, GDK_KEY_Page_Down));
    g_assert_cmpint (lab_document_get_step (lab_window_get_document (window)), ==, step + 1);
  }
  lab_gui_test_close_window (window);
}

/* Presenter mode and dark style keep the pane readable; the side panel stays folded. */
static void
test_lesson_presenter_and_dark (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  LabWindow *window = lab_gui_test_open_window ();

  g_assert_true (lab_lesson_progress_save ("walk", 0, -1, NULL));
  lab_window_open_lesson (window, test_lesson ());
  wait_for_page (window);
  lab_gui_test_activate (window, "win.presenter");
  lab_gui_test_iterate (200);
  g_assert_false (adw_flap_get_reveal_flap (window->flap));
  lab_gui_test_activate (window, "win.lesson-next");
  wait_for_page (window);
  g_assert_false (adw_flap_get_reveal_flap (window->flap));
  g_assert_cmpuint (lab_gui_test_shoot (window, "lesson-presenter"), >, 20000);
  lab_gui_test_activate (window, "win.presenter");
  lab_gui_test_iterate (200);
  /* Leaving presenter mode keeps the panel folded while the lesson is open. */
  g_assert_false (adw_flap_get_reveal_flap (window->flap));

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  lab_gui_test_activate (window, "win.lesson-back");
  wait_for_page (window);
  /* Page 1 names no field: the client random page 2 selected is let go. */
  g_assert_null (lab_detail_fields_get_selected (
    LAB_DETAIL_FIELDS (lab_detail_pane_get_page (window->detail, "fields"))));
  g_assert_cmpuint (lab_gui_test_shoot (window, "lesson-dark"), >, 20000);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  lab_gui_test_activate (window, "win.close-lesson");
  g_assert_true (adw_flap_get_reveal_flap (window->flap));
  lab_gui_test_close_window (window);
}

/* A lesson file that does not load is reported, and nothing opens. */
static void
test_lesson_bad_file (void)
{
  LabWindow *window = lab_gui_test_open_window ();
  g_autofree char *path = lab_test_write_file (data_dir, "broken.lesson",
                                               "[lesson]\ntitle = No scenario\n");
  g_autoptr (GFile) file = g_file_new_for_path (path);

  g_assert_false (lab_window_open_lesson_file (window, file));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->lesson_pane)));
  lab_gui_test_close_window (window);
}

/* The picker lists every shipped lesson; choosing one opens it. */
static void
test_lesson_picker (void)
{
  LabWindow *window = lab_gui_test_open_window ();
  g_auto (GStrv) names = lab_lesson_list_builtin ();
  guint n = g_strv_length (names), rows = 0;
  GtkListBoxRow *first;

  lab_gui_test_activate (window, "win.choose-lesson");
  ITERATE_UNTIL (gtk_widget_get_visible (GTK_WIDGET (window->lesson_popover)));
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (window->lesson_list)); row;
       row = gtk_widget_get_next_sibling (row))
    rows += GTK_IS_LIST_BOX_ROW (row);
  g_assert_cmpuint (rows, ==, n);
  if (n == 0)
    {
      gtk_popover_popdown (window->lesson_popover);
      lab_gui_test_close_window (window);
      g_test_skip ("no lessons are shipped in this build yet");
      return;
    }
  g_assert_cmpuint (lab_gui_test_shoot (window, "lesson-picker"), >, 20000);
  first = gtk_list_box_get_row_at_index (window->lesson_list, 0);
  g_signal_emit_by_name (window->lesson_list, "row-activated", first);
  wait_for_page (window);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->lesson_popover)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->lesson_pane)));
  g_assert_cmpint (lab_document_get_step (lab_window_get_document (window)), >=, 0);
  g_assert_cmpuint (lab_gui_test_shoot (window, "lesson-builtin"), >, 20000);
  lab_gui_test_close_window (window);
}

int
main (int argc, char **argv)
{
  int status;

  /* Before GLib reads it: the learner's progress goes to a fresh directory. */
  data_dir = g_dir_make_tmp ("lab-gui-lesson-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
  if (!lab_gui_test_init (&argc, &argv))
    return 0;
  g_test_add_func ("/gui/lesson/walk", test_lesson_walk);
  g_test_add_func ("/gui/lesson/keys", test_lesson_keys);
  g_test_add_func ("/gui/lesson/presenter-and-dark", test_lesson_presenter_and_dark);
  g_test_add_func ("/gui/lesson/bad-file", test_lesson_bad_file);
  g_test_add_func ("/gui/lesson/picker", test_lesson_picker);
  status = lab_gui_test_run ();
  g_free (data_dir);
  return status;
}
