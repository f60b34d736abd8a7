/* The window under Xvfb: it opens on the default scenario, steps move the highlight and
 * the details, fields and bytes follow each other, a switch re-runs the handshake, and
 * presenter mode and zoom change what they should. Each state is also rendered to a PNG
 * in the build directory (gui-shots/) for people to look at. */
#include "lab-test-util.h"
#include "gui/lab-application.h"
#include "gui/lab-detail-bytes.h"
#include "gui/lab-detail-fields.h"
#include "gui/lab-window-private.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

static LabApplication *app;

/* Runs the main loop until cond holds or ten seconds pass. */
#define ITERATE_UNTIL(cond)                                                                      \
  G_STMT_START                                                                                   \
  {                                                                                              \
    gint64 deadline_ = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;                            \
    while (!(cond) && g_get_monotonic_time () < deadline_)                                       \
      g_main_context_iteration (NULL, FALSE);                                                    \
    g_assert_true (cond);                                                                        \
  }                                                                                              \
  G_STMT_END

static void
iterate_a_while (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static void
wait_for_run (LabWindow *window)
{
  LabDocument *document = lab_window_get_document (window);

  ITERATE_UNTIL (!lab_document_get_running (document) && lab_document_get_trace (document));
  iterate_a_while (150); /* let layout and drawing catch up */
}

static LabWindow *
open_window (void)
{
  LabWindow *window = lab_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1500, 920);
  lab_window_open_builtin (window, "default");
  gtk_window_present (GTK_WINDOW (window));
  ITERATE_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  wait_for_run (window);
  return window;
}

/* Renders the window as it is to gui-shots/NAME.png; returns the file's size. */
static gsize
shoot (LabWindow *window, const char *name)
{
  GtkWidget *widget = GTK_WIDGET (window);
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char *dir = g_test_build_filename (G_TEST_BUILT, "gui-shots", NULL);
  g_autofree char *file = g_strdup_printf ("%s.png", name);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  GStatBuf st;

  /* A window that is being resized may have nothing to show for a frame or two. */
  for (guint attempt = 0; node == NULL && attempt < 40; attempt++)
    {
      g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();

      iterate_a_while (50);
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), gtk_widget_get_width (widget),
                              gtk_widget_get_height (widget));
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return (gsize) st.st_size;
}

static void
close_window (LabWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  iterate_a_while (50);
}

/* The index of the first step with this title: the kernel may hand the server its
 * connection before or after the client's first message, so indexes vary. */
static int
find_step (LabWindow *window, const char *title)
{
  GPtrArray *steps = lab_document_get_steps (lab_window_get_document (window));

  for (guint i = 0; i < steps->len; i++)
    if (g_str_equal (((LabStep *) g_ptr_array_index (steps, i))->title, title))
      return (int) i;
  g_assert_not_reached ();
}

static const char *
step_title (LabWindow *window, int index)
{
  return ((LabStep *) g_ptr_array_index (lab_document_get_steps (lab_window_get_document (window)),
                                         index))->title;
}

static void
activate (LabWindow *window, const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action, NULL));
  iterate_a_while (50);
}

static void
test_window_opens_on_default (void)
{
  LabWindow *window = open_window ();
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
  g_assert_cmpuint (shoot (window, "default-light"), >, 20000);
  close_window (window);
}

static void
test_window_steps (void)
{
  LabWindow *window = open_window ();
  LabDocument *document = lab_window_get_document (window);

  activate (window, "win.step-forward");
  activate (window, "win.step-forward");
  g_assert_cmpint (lab_document_get_step (document), ==, 2);
  g_assert_cmpint (lab_ladder_view_get_selected (window->ladder), ==, 2);
  g_assert_cmpstr (lab_detail_pane_get_heading (window->detail), ==, step_title (window, 2));
  activate (window, "win.step-back");
  g_assert_cmpint (lab_ladder_view_get_selected (window->ladder), ==, 1);
  g_assert_cmpstr (lab_detail_pane_get_heading (window->detail), ==, step_title (window, 1));
  activate (window, "win.step-last");
  g_assert_cmpint (lab_document_get_step (document), ==,
                   (int) lab_document_get_steps (document)->len - 1);
  activate (window, "win.step-first");
  g_assert_cmpint (lab_document_get_step (document), ==, 0);

  /* Selecting in the ladder moves the document, and the other way round. */
  lab_ladder_view_set_selected (window->ladder, find_step (window, "ServerKeyExchange"));
  g_assert_cmpint (lab_document_get_step (document), ==, find_step (window, "ServerKeyExchange"));
  g_assert_cmpstr (lab_detail_pane_get_heading (window->detail), ==, "ServerKeyExchange");
  g_assert_cmpuint (shoot (window, "step-server-key-exchange"), >, 20000);

  /* By the client's Finished the lab has recomputed the key schedule. */
  lab_document_set_step (document, find_step (window, "Finished"));
  lab_detail_pane_show_tab (window->detail, "keys");
  g_assert_cmpuint (shoot (window, "keys-at-finished"), >, 20000);
  lab_document_set_step (document, find_step (window, "Application data"));
  lab_detail_pane_show_tab (window->detail, "record");
  g_assert_cmpuint (shoot (window, "record-application-data"), >, 20000);
  close_window (window);
}

/* Selecting a field highlights exactly its bytes; moving to a byte selects its field. */
static void
test_window_fields_and_bytes (void)
{
  LabWindow *window = open_window ();
  LabDetailFields *fields
    = LAB_DETAIL_FIELDS (lab_detail_pane_get_page (window->detail, "fields"));
  LabDetailBytes *bytes = LAB_DETAIL_BYTES (lab_detail_pane_get_page (window->detail, "bytes"));
  LabHexView *hex = lab_detail_bytes_get_hex_view (bytes);
  LabField *field;
  gsize offset, length;
  g_autofree char *highlighted = NULL;
  g_autofree char *expected = NULL;

  lab_document_set_step (lab_window_get_document (window), find_step (window, "ClientHello"));
  iterate_a_while (50);
  /* Byte 6 is inside the client random (4-byte header, 2-byte version). */
  lab_detail_fields_select_offset (fields, 6);
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
  g_assert_cmpuint (shoot (window, "client-hello-fields"), >, 20000);

  /* And back: the learner moves to byte 0 (the handshake type). */
  g_signal_emit_by_name (bytes, "byte-activated", 0u);
  field = lab_detail_fields_get_selected (fields);
  g_assert_nonnull (field);
  g_assert_cmpuint (field->offset, ==, 0);
  g_assert_true (lab_field_is_leaf (field));
  lab_detail_pane_show_tab (window->detail, "bytes");
  g_assert_cmpuint (shoot (window, "client-hello-bytes"), >, 20000);
  close_window (window);
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
  LabWindow *window = open_window ();
  LabDocument *document = lab_window_get_document (window);
  GtkWidget *row = lab_switch_panel_get_row (window->panel, "server", "cipher-suites");
  LabTrace *before = lab_document_get_trace (document);
  const LabOutcome *outcome;

  g_assert_nonnull (row);
  lab_document_set_step (document, 3);
  gtk_editable_set_text (GTK_EDITABLE (row), "ECDHE-ECDSA-AES256-GCM-SHA384");
  g_signal_emit_by_name (row, "apply");
  ITERATE_UNTIL (lab_document_get_trace (document) != before);
  wait_for_run (window);

  outcome = lab_trace_get_outcome (lab_document_get_trace (document));
  g_assert_cmpint (outcome->result, ==, LAB_RESULT_ALERT);
  g_assert_cmpint (outcome->alert, ==, 40);
  g_assert_nonnull (strstr (lab_outcome_banner_get_title (window->banner), "handshake_failure"));
  g_assert_cmpint (lab_document_get_step (document), ==, 3);
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (window->banner)));
  g_assert_cmpuint (shoot (window, "no-shared-cipher"), >, 20000);

  activate (window, "win.show-cause");
  g_assert_true (lab_document_get_current_step (document)->is_fatal);

  /* A value the engine refuses changes nothing and keeps the run. */
  before = lab_document_get_trace (document);
  gtk_editable_set_text (GTK_EDITABLE (row), "NOT-A-SUITE");
  g_signal_emit_by_name (row, "apply");
  iterate_a_while (100);
  g_assert_true (lab_document_get_trace (document) == before);
  g_assert_false (lab_document_get_running (document));
  close_window (window);
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
  window = open_window ();
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
  wait_for_run (window);
  outcome = lab_trace_get_outcome (lab_document_get_trace (document));
  g_assert_cmpint (outcome->alert, ==, 45);
  g_assert_cmpint (outcome->sent_by, ==, LAB_SIDE_CLIENT);
  g_assert_nonnull (strstr (lab_outcome_banner_get_title (window->banner), "certificate_expired"));
  activate (window, "win.show-cause");
  g_assert_cmpstr (lab_detail_pane_get_tab (window->detail), ==, "certificates");
  g_assert_cmpuint (shoot (window, "expired-certificate"), >, 20000);
  close_window (window);
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
  LabWindow *window = open_window ();
  double normal = ladder_font_size (window), zoomed, presenting;
  gboolean presenter;

  activate (window, "win.zoom-in");
  activate (window, "win.zoom-in");
  iterate_a_while (100);
  zoomed = ladder_font_size (window);
  g_assert_cmpfloat (zoomed, >, normal * 1.2);
  g_object_get (window, "presenter", &presenter, NULL);
  g_assert_false (presenter);

  activate (window, "win.presenter");
  iterate_a_while (200);
  g_object_get (window, "presenter", &presenter, NULL);
  g_assert_true (presenter);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window), "presenter"));
  g_assert_false (adw_flap_get_reveal_flap (window->flap));
  g_assert_true (lab_ladder_view_get_high_contrast (window->ladder));
  presenting = ladder_font_size (window);
  g_assert_cmpfloat (presenting, >, zoomed * 1.4);
  g_assert_cmpuint (shoot (window, "presenter"), >, 20000);

  activate (window, "win.presenter");
  activate (window, "win.zoom-reset");
  iterate_a_while (200);
  g_assert_true (adw_flap_get_reveal_flap (window->flap));
  g_assert_false (lab_ladder_view_get_high_contrast (window->ladder));
  g_assert_cmpfloat (ladder_font_size (window), ==, normal);
  close_window (window);
}

static void
test_window_dark (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  LabWindow *window;

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  window = open_window ();
  lab_document_set_step (lab_window_get_document (window), find_step (window, "Certificate"));
  g_assert_cmpuint (shoot (window, "default-dark"), >, 20000);
  close_window (window);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

/* The scenario chooser lists the shipped scenarios and Open…; the shortcuts window
 * loads from its resource. */
static void
test_window_menus (void)
{
  LabWindow *window = open_window ();
  GMenuModel *menu = G_MENU_MODEL (window->scenario_menu);
  GMenuModel *shipped = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
  g_auto (GStrv) names = lab_scenario_list_builtin ();
  GtkWindow *overlay;

  g_assert_cmpint (g_menu_model_get_n_items (shipped), ==, g_strv_length (names));
  g_object_unref (shipped);
  activate (window, "win.show-help-overlay");
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window))
              ? GTK_WINDOW (gtk_application_window_get_help_overlay (
                  GTK_APPLICATION_WINDOW (window)))
              : NULL;
  g_assert_nonnull (overlay);
  ITERATE_UNTIL (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  gtk_window_close (overlay);

  /* Playing advances on its own; Space toggles it. */
  g_object_set (window, "speed", 4.0, NULL);
  activate (window, "win.play");
  ITERATE_UNTIL (lab_document_get_step (lab_window_get_document (window)) >= 2);
  activate (window, "win.play");
  close_window (window);
}

/* Every export writes a file that starts as its format says. */
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
  LabWindow *window = open_window ();
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
  close_window (window);
}

/* A bad file names its line, and the run on show stays. */
static void
test_window_bad_file_keeps_run (void)
{
  LabWindow *window = open_window ();
  LabTrace *before = lab_document_get_trace (lab_window_get_document (window));
  g_autofree char *dir = g_dir_make_tmp ("lab-gui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "broken.scenario", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);

  g_assert_true (g_file_set_contents (path, "[client]\nno-such-key = 1\n", -1, NULL));
  g_assert_false (lab_window_open_file (window, file));
  iterate_a_while (100);
  g_assert_true (lab_document_get_trace (lab_window_get_document (window)) == before);
  close_window (window);
}

int
main (int argc, char **argv)
{
  int status;

  /* gtk_test_init aborts without a display; tools/test starts Xvfb. */
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "test", FALSE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  app = lab_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add_func ("/gui/window/opens-on-default", test_window_opens_on_default);
  g_test_add_func ("/gui/window/steps", test_window_steps);
  g_test_add_func ("/gui/window/fields-and-bytes", test_window_fields_and_bytes);
  g_test_add_func ("/gui/window/setting-reruns", test_window_setting_reruns);
  g_test_add_func ("/gui/window/expired-certificate", test_window_expired_certificate);
  g_test_add_func ("/gui/window/presenter-and-zoom", test_window_presenter_and_zoom);
  g_test_add_func ("/gui/window/dark", test_window_dark);
  g_test_add_func ("/gui/window/bad-file-keeps-run", test_window_bad_file_keeps_run);
  g_test_add_func ("/gui/window/menus", test_window_menus);
  g_test_add_func ("/gui/window/exports", test_window_exports);
  status = g_test_run ();
  g_object_unref (app);
  return status;
}
