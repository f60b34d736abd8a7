/* The window under Xvfb: it opens on the default scenario, steps move the highlight and
 * the details, fields and bytes follow each other, a switch re-runs the handshake, and
 * presenter mode and zoom change what they should. Each state is also rendered to a PNG
 * in the build directory (gui-shots/) for people to look at. */
#include "lab-gui-test-util.h"
#include "lab-test-util.h"
#include "gui/lab-detail-bytes.h"
#include "gui/lab-detail-fields.h"
#include "gui/lab-scenario-chooser.h"
#include "gui/lab-switch-suites.h"

#include <string.h>

static const char *
step_title (LabWindow *window, int index)
{
  return ((LabStep *) g_ptr_array_index (lab_document_get_steps (lab_window_get_document (window)),
                                         index))->title;
}

static void
test_window_opens_on_default (void)
{
  LabWindow *window = lab_gui_test_open_window ();
  LabDocument *document = lab_window_get_document (window);
  g_autoptr (LabScenario) expected = lab_scenario_load_builtin ("default", NULL);
  const LabOutcome *outcome = lab_trace_get_outcome (lab_document_get_trace (document));

  g_assert_cmpstr (lab_document_get_scenario (document)->title, ==, expected->title);
  g_assert_cmpstr (gtk_label_get_text (window->scenario_label), ==, expected->title);
  g_assert_cmpint (outcome->result, ==, LAB_RESULT_SUCCESS);
  g_assert_cmpint (lab_document_get_step (document), ==, 0);
  g_assert_cmpint (lab_ladder_view_get_selected (window->ladder), ==, 0);
  g_assert_nonnull (strstr (lab_outcome_banner_get_title (window->banner), "succeeded"));
  g_assert_cmpstr (lab_detail_pane_get_heading (window->detail), ==, step_title (window, 0));
  g_assert_true (g_str_has_prefix (adw_window_title_get_subtitle (window->title),
                                   "Step 1 of 18 · Connection · TCP "));
  g_assert_cmpuint (lab_gui_test_shoot (window, "default-light"), >, 20000);
  lab_gui_test_close_window (window);
}

/* The first frame shows the header bar and a loading state; the panes appear only with
 * the run in them, never empty, and the scenario chooser is filled after that frame. */
static void
test_window_first_frame (void)
{
  LabWindow *window = lab_window_new (LAB_APPLICATION (g_application_get_default ()));
  LabDocument *document = lab_window_get_document (window);
  LabScenarioChooser *chooser
    = LAB_SCENARIO_CHOOSER (gtk_menu_button_get_popover (window->scenario_button));

  g_assert_false (gtk_widget_get_visible (window->zoom_box));
  g_assert_cmpuint (lab_scenario_chooser_get_n_shipped (chooser), ==, 0);
  lab_window_open_builtin (window, "default");
  gtk_window_present (GTK_WINDOW (window));
  ITERATE_UNTIL (gtk_widget_get_visible (window->zoom_box));
  g_assert_nonnull (lab_document_get_trace (document));
  g_assert_cmpuint (lab_document_get_steps (document)->len, >, 0);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (window->ladder)));
  g_assert_cmpuint (lab_scenario_chooser_get_n_shipped (chooser), >, 1);
  lab_gui_test_wait_for_run (window);
  lab_gui_test_close_window (window);
}

static void
test_window_steps (void)
{
  LabWindow *window = lab_gui_test_open_window ();
  LabDocument *document = lab_window_get_document (window);

  lab_gui_test_activate (window, "win.step-forward");
  lab_gui_test_activate (window, "win.step-forward");
  g_assert_cmpint (lab_document_get_step (document), ==, 2);
  g_assert_cmpint (lab_ladder_view_get_selected (window->ladder), ==, 2);
  g_assert_cmpstr (lab_detail_pane_get_heading (window->detail), ==, step_title (window, 2));
  lab_gui_test_activate (window, "win.step-back");
  g_assert_cmpint (lab_ladder_view_get_selected (window->ladder), ==, 1);
  g_assert_cmpstr (lab_detail_pane_get_heading (window->detail), ==, step_title (window, 1));
  lab_gui_test_activate (window, "win.step-last");
  g_assert_cmpint (lab_document_get_step (document), ==,
                   (int) lab_document_get_steps (document)->len - 1);
  lab_gui_test_activate (window, "win.step-first");
  g_assert_cmpint (lab_document_get_step (document), ==, 0);

  /* Selecting in the ladder moves the document, and the other way round. */
  lab_ladder_view_set_selected (window->ladder,
                                lab_gui_test_find_step (window, "ServerKeyExchange"));
  g_assert_cmpint (lab_document_get_step (document), ==,
                   lab_gui_test_find_step (window, "ServerKeyExchange"));
  g_assert_cmpstr (lab_detail_pane_get_heading (window->detail), ==, "ServerKeyExchange");
  g_assert_cmpuint (lab_gui_test_shoot (window, "step-server-key-exchange"), >, 20000);

  /* By the client's Finished the lab has recomputed the key schedule. */
  lab_document_set_step (document, lab_gui_test_find_step (window, "Finished"));
  lab_detail_pane_show_tab (window->detail, "keys");
  g_assert_cmpuint (lab_gui_test_shoot (window, "keys-at-finished"), >, 20000);
  lab_document_set_step (document, lab_gui_test_find_step (window, "Application data"));
  lab_detail_pane_show_tab (window->detail, "record");
  g_assert_cmpuint (lab_gui_test_shoot (window, "record-application-data"), >, 20000);
  lab_gui_test_close_window (window);
}

/* Selecting a field highlights exactly its bytes; moving to a byte selects its field. */
static void
test_window_fields_and_bytes (void)
{
  LabWindow *window = lab_gui_test_open_window ();
  LabDetailFields *fields
    = LAB_DETAIL_FIELDS (lab_detail_pane_get_page (window->detail, "fields"));
  LabDetailBytes *bytes = LAB_DETAIL_BYTES (lab_detail_pane_get_page (window->detail, "bytes"));
  LabHexView *hex = lab_detail_bytes_get_hex_view (bytes);
  LabField *field;
  gsize offset, length;
  g_autofree char *highlighted = NULL;
  g_autofree char *expected = NULL;

  lab_document_set_step (lab_window_get_document (window),
                         lab_gui_test_find_step (window, "ClientHello"));
  lab_gui_test_iterate (50);
  /* The learner moves to byte 6, inside the client random (4-byte header, 2-byte
   * version); a selection made from code would say nothing to the Bytes tab. */
  g_signal_emit_by_name (bytes, "byte-activated", 6u);
  field = lab_detail_fields_get_selected (fields);
  g_assert_nonnull (field);
  g_assert_cmpuint (field->offset, <=, 6);
  g_assert_cmpuint (field->offset + field->length, >, 6);
  g_assert_true (lab_hex_view_get_highlight (hex, &offset, &length));
  g_assert_cmpuint (offset, ==, field->offset);
  g_assert_cmpuint (length, ==, field->length);
  highlighted = lab_hex_view_get_highlighted_hex (hex);
  {
    gsize n;
    const guint8 *data = lab_field_get_data (field, &n);
    GString *hex_text = g_string_new (NULL);
    for (gsize i = 0; i < n; i++)
      g_string_append_printf (hex_text, "%s%02x", i ? " " : "", data[i]);
    expected = g_string_free (hex_text, FALSE);
  }
  g_assert_cmpstr (highlighted, ==, expected);
  g_assert_cmpuint (lab_gui_test_shoot (window, "client-hello-fields"), >, 20000);

  /* And back: the learner moves to byte 0 (the handshake type). */
  g_signal_emit_by_name (bytes, "byte-activated", 0u);
  field = lab_detail_fields_get_selected (fields);
  g_assert_nonnull (field);
  g_assert_cmpuint (field->offset, ==, 0);
  g_assert_true (lab_field_is_leaf (field));
  lab_detail_pane_show_tab (window->detail, "bytes");
  g_assert_cmpuint (lab_gui_test_shoot (window, "client-hello-bytes"), >, 20000);
  lab_gui_test_close_window (window);
}

static gboolean
has_choice (const char *group, const char *key, const char *choice)
{
  const LabSetting *setting;

  for (gsize i = 0; (setting = lab_scenario_setting_at (i)) != NULL; i++)
    if (g_str_equal (setting->group, group) && g_str_equal (setting->key, key)
        && setting->choices != NULL && g_strv_contains (setting->choices, choice))
      return TRUE;
  return FALSE;
}

/* A switch re-runs at once and keeps the learner at the same step. */
static void
test_window_setting_reruns (void)
{
  LabWindow *window = lab_gui_test_open_window ();
  LabDocument *document = lab_window_get_document (window);
  /* the suites row's entry, inside its list */
  GtkWidget *row = GTK_WIDGET (lab_switch_suites_get_entry (
    lab_switch_panel_get_row (window->panel, "server", "cipher-suites")));
  LabTrace *before = lab_document_get_trace (document);
  const LabOutcome *outcome;

  g_assert_nonnull (row);
  lab_document_set_step (document, 3);
  gtk_editable_set_text (GTK_EDITABLE (row), "ECDHE-ECDSA-AES256-GCM-SHA384");
  g_signal_emit_by_name (row, "apply");
  ITERATE_UNTIL (lab_document_get_trace (document) != before);
  lab_gui_test_wait_for_run (window);

  outcome = lab_trace_get_outcome (lab_document_get_trace (document));
  g_assert_cmpint (outcome->result, ==, LAB_RESULT_ALERT);
  g_assert_cmpint (outcome->alert, ==, 40);
  g_assert_nonnull (strstr (lab_outcome_banner_get_title (window->banner), "handshake_failure"));
  g_assert_cmpint (lab_document_get_step (document), ==, 3);
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (window->banner)));
  g_assert_cmpuint (lab_gui_test_shoot (window, "no-shared-cipher"), >, 20000);

  lab_gui_test_activate (window, "win.show-cause");
  g_assert_true (lab_document_get_current_step (document)->is_fatal);

  /* A value the engine refuses changes nothing and keeps the run. */
  before = lab_document_get_trace (document);
  gtk_editable_set_text (GTK_EDITABLE (row), "NOT-A-SUITE");
  g_signal_emit_by_name (row, "apply");
  lab_gui_test_iterate (100);
  g_assert_true (lab_document_get_trace (document) == before);
  g_assert_false (lab_document_get_running (document));
  lab_gui_test_close_window (window);
}

/* The breakage work adds certificate profiles; when "expired" exists, flipping it must
 * show the client's certificate_expired. */
static void
test_window_expired_certificate (void)
{
  LabWindow *window;
  LabDocument *document;
  GtkWidget *row;
  LabTrace *before;
  const LabOutcome *outcome;
  guint position = 0;
  const LabSetting *setting;

  if (!has_choice ("server", "certificate", "expired"))
    {
      g_test_skip ("no 'expired' certificate profile in this build yet");
      return;
    }
  window = lab_gui_test_open_window ();
  document = lab_window_get_document (window);
  row = lab_switch_panel_get_row (window->panel, "server", "certificate");
  before = lab_document_get_trace (document);
  for (gsize i = 0; (setting = lab_scenario_setting_at (i)) != NULL; i++)
    if (g_str_equal (setting->group, "server") && g_str_equal (setting->key, "certificate"))
      for (guint k = 0; setting->choices[k] != NULL; k++)
        if (g_str_equal (setting->choices[k], "expired"))
          position = k;
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), position);
  ITERATE_UNTIL (lab_document_get_trace (document) != before);
  lab_gui_test_wait_for_run (window);
  outcome = lab_trace_get_outcome (lab_document_get_trace (document));
  g_assert_cmpint (outcome->alert, ==, 45);
  g_assert_cmpint (outcome->sent_by, ==, LAB_SIDE_CLIENT);
  g_assert_nonnull (strstr (lab_outcome_banner_get_title (window->banner), "certificate_expired"));
  lab_gui_test_activate (window, "win.show-cause");
  g_assert_cmpstr (lab_detail_pane_get_tab (window->detail), ==, "certificates");
  g_assert_cmpuint (lab_gui_test_shoot (window, "expired-certificate"), >, 20000);
  lab_gui_test_close_window (window);
}

/* A record the wire changed: the banner's button shows exactly the bytes it changed, in
 * the message as sent and in the record as the wire passed it on. */
static void
test_window_cause_bytes (void)
{
  LabWindow *window = lab_gui_test_open_window ();
  LabDocument *document = lab_window_get_document (window);
  LabDetailBytes *bytes = LAB_DETAIL_BYTES (lab_detail_pane_get_page (window->detail, "bytes"));
  LabTrace *before = lab_document_get_trace (document), *trace;
  const LabOutcome *outcome;
  const LabEvent *cause;
  gsize offset, length, sent_len, got_len;
  const guint8 *sent, *got;

  lab_window_open_builtin (window, "flip-client-random");
  ITERATE_UNTIL (lab_document_get_trace (document) != before);
  lab_gui_test_wait_for_run (window);
  trace = lab_document_get_trace (document);
  outcome = lab_trace_get_outcome (trace);
  cause = lab_test_cause_event (trace);
  g_assert_cmpint (cause->kind, ==, LAB_EVENT_RECORD);
  g_assert_nonnull (cause->forwarded);
  g_assert_cmpuint (outcome->cause_length, >, 0);

  lab_gui_test_activate (window, "win.show-cause");
  g_assert_cmpstr (lab_detail_pane_get_tab (window->detail), ==, "bytes");
  g_assert_cmpint (lab_document_get_current_step (document)->record_event, ==,
                   outcome->cause_event);
  /* The record carries the ClientHello in plaintext after its 5-byte header. */
  g_assert_true (lab_hex_view_get_highlight (lab_detail_bytes_get_hex_view (bytes), &offset,
                                             &length));
  g_assert_cmpuint (offset + 5, ==, outcome->cause_offset);
  g_assert_cmpuint (length, ==, outcome->cause_length);
  g_assert_true (lab_hex_view_get_highlight (lab_detail_bytes_get_forwarded_hex_view (bytes),
                                             &offset, &length));
  g_assert_cmpuint (offset, ==, outcome->cause_offset);
  g_assert_cmpuint (length, ==, outcome->cause_length);
  sent = g_bytes_get_data (cause->bytes, &sent_len);
  got = g_bytes_get_data (cause->forwarded, &got_len);
  g_assert_cmpuint (offset + length, <=, MIN (sent_len, got_len));
  g_assert_cmpint (sent[offset], !=, got[offset]);
  g_assert_cmpint (sent[offset + length - 1], !=, got[offset + length - 1]);
  g_assert_cmpuint (lab_gui_test_shoot (window, "cause-bytes"), >, 20000);
  lab_gui_test_close_window (window);
}

static double
ladder_font_size (LabWindow *window)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (window->ladder));

  return pango_font_description_get_size (pango_context_get_font_description (context));
}

static void
test_window_presenter_and_zoom (void)
{
  LabWindow *window = lab_gui_test_open_window ();
  double normal = ladder_font_size (window), zoomed, presenting;
  gboolean presenter;

  lab_gui_test_activate (window, "win.zoom-in");
  lab_gui_test_activate (window, "win.zoom-in");
  lab_gui_test_iterate (100);
  zoomed = ladder_font_size (window);
  g_assert_cmpfloat (zoomed, >, normal * 1.2);
  g_object_get (window, "presenter", &presenter, NULL);
  g_assert_false (presenter);

  lab_gui_test_activate (window, "win.presenter");
  lab_gui_test_iterate (200);
  g_object_get (window, "presenter", &presenter, NULL);
  g_assert_true (presenter);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window), "presenter"));
  g_assert_false (adw_flap_get_reveal_flap (window->flap));
  g_assert_true (lab_ladder_view_get_high_contrast (window->ladder));
  presenting = ladder_font_size (window);
  g_assert_cmpfloat (presenting, >, zoomed * 1.4);
  g_assert_cmpuint (lab_gui_test_shoot (window, "presenter"), >, 20000);

  lab_gui_test_activate (window, "win.presenter");
  lab_gui_test_activate (window, "win.zoom-reset");
  lab_gui_test_iterate (200);
  g_assert_true (adw_flap_get_reveal_flap (window->flap));
  g_assert_false (lab_ladder_view_get_high_contrast (window->ladder));
  g_assert_cmpfloat (ladder_font_size (window), ==, normal);
  lab_gui_test_close_window (window);
}

static void
test_window_dark (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  LabWindow *window;

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  window = lab_gui_test_open_window ();
  lab_document_set_step (lab_window_get_document (window),
                         lab_gui_test_find_step (window, "Certificate"));
  g_assert_cmpuint (lab_gui_test_shoot (window, "default-dark"), >, 20000);
  lab_gui_test_close_window (window);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

/* The scenario chooser lists the shipped scenarios and Open…; the shortcuts window
 * loads from its resource. */
static void
test_window_menus (void)
{
  LabWindow *window = lab_gui_test_open_window ();
  GtkPopover *chooser = gtk_menu_button_get_popover (window->scenario_button);
  g_auto (GStrv) names = lab_scenario_list_builtin ();
  GtkWindow *overlay;

  g_assert_true (LAB_IS_SCENARIO_CHOOSER (chooser));
  g_assert_cmpuint (lab_scenario_chooser_get_n_shipped (LAB_SCENARIO_CHOOSER (chooser)), ==,
                    g_strv_length (names));
  lab_gui_test_activate (window, "win.show-help-overlay");
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window))
              ? GTK_WINDOW (gtk_application_window_get_help_overlay (
                  GTK_APPLICATION_WINDOW (window)))
              : NULL;
  g_assert_nonnull (overlay);
  ITERATE_UNTIL (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  gtk_window_close (overlay);

  /* Playing advances on its own; Space toggles it. */
  g_object_set (window, "speed", 4.0, NULL);
  lab_gui_test_activate (window, "win.play");
  ITERATE_UNTIL (lab_document_get_step (lab_window_get_document (window)) >= 2);
  lab_gui_test_activate (window, "win.play");
  lab_gui_test_close_window (window);
}

static void
assert_png_size (const char *path, guint32 width, guint32 height)
{
  g_autofree guint8 *data = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, (char **) &data, &len, NULL));
  g_assert_cmpuint (len, >, 24);
  g_assert_cmpuint (GUINT32_FROM_BE (*(const guint32 *) (data + 16)), ==, width);
  g_assert_cmpuint (GUINT32_FROM_BE (*(const guint32 *) (data + 20)), ==, height);
}

/* Every export writes a file that starts as its format says; the Export menu's 16:9
 * Slides check item makes the ladder's pictures slides: a 1920x1080 PNG, a PDF of
 * 960x540-point pages. */
static void
test_window_exports (void)
{
  static const struct
  {
    const char *format, *file, *magic;
  } exports[] = {
    { "png", "ladder.png", "\x89PNG" },
    { "svg", "ladder.svg", "<?xml" },
    { "pdf", "ladder.pdf", "%PDF-" },
    { "json", "run.json", "{" },
    { "pcapng", "run.pcapng", "\x0a\x0d\x0d\x0a" },
    { "keylog", "run-keylog.txt", "CLIENT_RANDOM " },
  };
  LabWindow *window = lab_gui_test_open_window ();
  g_autofree char *dir = g_dir_make_tmp ("lab-gui-export-XXXXXX", NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (exports); i++)
    {
      g_autofree char *path = g_build_filename (dir, exports[i].file, NULL);
      g_autofree char *contents = NULL;
      g_autoptr (GError) error = NULL;
      gsize len;

      g_assert_true (lab_window_export (window, exports[i].format, path, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      g_assert_cmpuint (len, >, 100);
      g_assert_cmpmem (contents, strlen (exports[i].magic), exports[i].magic,
                       strlen (exports[i].magic));
    }

  {
    g_autofree char *tall = g_build_filename (dir, "ladder.png", NULL);
    g_autofree char *png = g_build_filename (dir, "slide.png", NULL);
    g_autofree char *pdf = g_build_filename (dir, "slides.pdf", NULL);
    g_autofree char *contents = NULL;
    g_autoptr (GError) error = NULL;
    gsize len;
    static const char box[] = "/MediaBox [ 0 0 960 540 ]";
    gboolean found = FALSE;

    lab_gui_test_activate (window, "export.slide");
    lab_gui_test_activate (window, "export.hide-unsent");
    g_assert_true (lab_window_export (window, "png", png, &error));
    g_assert_no_error (error);
    assert_png_size (png, 1920, 1080);
    g_assert_true (lab_window_export (window, "pdf", pdf, &error));
    g_assert_true (g_file_get_contents (pdf, &contents, &len, NULL));
    for (gsize i = 0; i + strlen (box) <= len && !found; i++)
      found = memcmp (contents + i, box, strlen (box)) == 0;
    g_assert_true (found);
    /* off again: the tall picture, as before */
    lab_gui_test_activate (window, "export.slide");
    g_assert_true (lab_window_export (window, "png", tall, &error));
    {
      g_autofree guint8 *data = NULL;
      g_assert_true (g_file_get_contents (tall, (char **) &data, &len, NULL));
      g_assert_cmpuint (GUINT32_FROM_BE (*(const guint32 *) (data + 20)), >,
                        GUINT32_FROM_BE (*(const guint32 *) (data + 16)));
    }
  }
  lab_gui_test_close_window (window);
}

/* A bad file names its line, and the run on show stays. */
static void
test_window_bad_file_keeps_run (void)
{
  LabWindow *window = lab_gui_test_open_window ();
  LabTrace *before = lab_document_get_trace (lab_window_get_document (window));
  g_autofree char *dir = g_dir_make_tmp ("lab-gui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "broken.scenario", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);

  g_assert_true (g_file_set_contents (path, "[client]\nno-such-key = 1\n", -1, NULL));
  g_assert_false (lab_window_open_file (window, file));
  lab_gui_test_iterate (100);
  g_assert_true (lab_document_get_trace (lab_window_get_document (window)) == before);
  lab_gui_test_close_window (window);
}

int
main (int argc, char **argv)
{
  if (!lab_gui_test_init (&argc, &argv))
    return 0;
  g_test_add_func ("/gui/window/opens-on-default", test_window_opens_on_default);
  g_test_add_func ("/gui/window/first-frame", test_window_first_frame);
  g_test_add_func ("/gui/window/steps", test_window_steps);
  g_test_add_func ("/gui/window/fields-and-bytes", test_window_fields_and_bytes);
  g_test_add_func ("/gui/window/setting-reruns", test_window_setting_reruns);
  g_test_add_func ("/gui/window/expired-certificate", test_window_expired_certificate);
  g_test_add_func ("/gui/window/cause-bytes", test_window_cause_bytes);
  g_test_add_func ("/gui/window/presenter-and-zoom", test_window_presenter_and_zoom);
  g_test_add_func ("/gui/window/dark", test_window_dark);
  g_test_add_func ("/gui/window/bad-file-keeps-run", test_window_bad_file_keeps_run);
  g_test_add_func ("/gui/window/menus", test_window_menus);
  g_test_add_func ("/gui/window/exports", test_window_exports);
  return lab_gui_test_run ();
}
