/* The switch panel as a teacher preparing a demo meets it, driven with real clicks and
 * keys (lab-gui-test-events.h): the cipher suites the peers really had, edits that do not
 * follow into another scenario, a client certificate nobody asks for, and what the
 * scenario is about. */
#include "lab-gui-test-events.h"
#include "lab-gui-test-util.h"
#include "lab-test-util.h"
#include "gui/lab-switch-suites.h"

#include <string.h>

static void
open_scenario (LabWindow *window, const char *name)
{
  lab_window_open_builtin (window, name);
  lab_gui_test_wait_for_run (window);
  lab_gui_test_responsive ("opening a scenario");
}

static LabTrace *
trace_of (LabWindow *window)
{
  return lab_document_get_trace (lab_window_get_document (window));
}

/* The first visible GtkButton under root: an AdwEntryRow's apply button, which it shows
 * while there is typing to apply. */
static GtkWidget *
visible_button (GtkWidget *root)
{
  if (!gtk_widget_get_visible (root))
    return NULL;
  if (GTK_IS_BUTTON (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = visible_button (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Every suite name in the opened list: one line, and cut only with an ellipsis, the
 * whole name then in its tooltip. */
static guint
assert_names_whole (GtkWidget *root)
{
  guint n = 0;

  if (GTK_IS_LABEL (root) && gtk_widget_has_css_class (gtk_widget_get_parent (root), "caption")
      && gtk_label_get_ellipsize (GTK_LABEL (root)) == PANGO_ELLIPSIZE_END)
    {
      PangoLayout *layout = gtk_label_get_layout (GTK_LABEL (root));

      g_assert_cmpint (pango_layout_get_line_count (layout), ==, 1);
      if (pango_layout_is_ellipsized (layout))
        g_assert_nonnull (gtk_widget_get_tooltip_text (root));
      return 1;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += assert_names_whole (child);
  return n;
}

/* Scrolls the panel so that widget is in view, as a teacher would with the wheel. */
static void
scroll_to (GtkWidget *widget)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  graphene_point_t point;

  g_assert_true (gtk_widget_compute_point (widget, gtk_scrolled_window_get_child (
                                                     GTK_SCROLLED_WINDOW (scroller)),
                                           &GRAPHENE_POINT_INIT (0, 0), &point));
  gtk_adjustment_clamp_page (adjustment, point.y, point.y + gtk_widget_get_height (widget));
  lab_gui_test_responsive ("scrolling the panel");
}

static void
click_row_header (GtkWidget *row)
{
  scroll_to (row);
  lab_gui_test_assert_visible (row, gtk_widget_get_width (row) / 2.0, 20);
  lab_gui_test_click (row, gtk_widget_get_width (row) / 2.0, 20);
}

static void
shoot_sizes (LabWindow *window, const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  static const struct
  {
    int width, height;
  } sizes[] = { { 1600, 1000 }, { 1280, 720 }, { 1024, 768 } };

  for (gsize i = 0; i < G_N_ELEMENTS (sizes); i++)
    for (int dark = 0; dark < 2; dark++)
      {
        g_autofree char *shot = g_strdup_printf ("%s-%dx%d-%s", name, sizes[i].width,
                                                 sizes[i].height, dark ? "dark" : "light");

        adw_style_manager_set_color_scheme (style, dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                        : ADW_COLOR_SCHEME_FORCE_LIGHT);
        lab_gui_test_resize (GTK_WINDOW (window), sizes[i].width, sizes[i].height);
        /* narrow, the panel folds away; F9 brings it over the ladder */
        if (adw_flap_get_folded (window->flap) && !adw_flap_get_reveal_flap (window->flap))
          {
            lab_gui_test_key (GTK_WINDOW (window), "F9");
            ITERATE_UNTIL (adw_flap_get_reveal_progress (window->flap) == 1.0);
          }
        g_assert_cmpuint (lab_gui_test_shoot_screen (shot), >, 10000);
      }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  lab_gui_test_resize (GTK_WINDOW (window), 1500, 920);
}

/* With OpenSSL's defaults the rows were blank; they list what the ClientHello carried and
 * what the server accepted, each name whole. */
static void
test_switches_suites_show_the_run (void)
{
  LabWindow *window = lab_gui_test_open_window ();
  GtkWidget *client, *server;
  g_autofree char *listed = NULL, *offered = NULL, *server_listed = NULL, *expected = NULL;
  g_auto (GStrv) names = NULL;
  const LabEvent *hello;

  open_scenario (window, "expired-certificate");
  client = lab_switch_panel_get_row (window->panel, "client", "cipher-suites");
  server = lab_switch_panel_get_row (window->panel, "server", "cipher-suites");
  listed = lab_switch_suites_get_listed (client);
  offered = lab_test_offered_suites (trace_of (window));
  g_assert_cmpstr (listed, ==, offered);
  names = g_strsplit (offered, ":", -1);
  expected = g_strdup_printf ("OpenSSL’s default · %u suites + SCSV", g_strv_length (names) - 1);
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (client)), ==, expected);
  /* the server's list holds the suite its ServerHello chose */
  hello = lab_test_find_message (trace_of (window), LAB_SIDE_SERVER, TRUE, "ServerHello");
  server_listed = lab_switch_suites_get_listed (server);
  g_assert_cmpuint (strlen (server_listed), >, 100);
  g_assert_true (g_str_has_prefix (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (server)),
                                   "OpenSSL’s default · "));
  g_assert_nonnull (hello);

  click_row_header (client);
  ITERATE_UNTIL (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (client)));
  lab_gui_test_iterate (300); /* the expander's animation */
  g_assert_cmpuint (assert_names_whole (client), ==, g_strv_length (names));
  shoot_sizes (window, "switches-suites");
  g_assert_cmpuint (assert_names_whole (client), ==, g_strv_length (names));

  /* a scenario's own list is listed as it is */
  open_scenario (window, "default");
  g_free (listed);
  listed = lab_switch_suites_get_listed (client);
  g_assert_cmpstr (listed, ==, "ECDHE-ECDSA-AES128-GCM-SHA256:TLS_EMPTY_RENEGOTIATION_INFO_SCSV");
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (client)), ==,
                   "The scenario’s list · 1 suite + SCSV");
  lab_gui_test_close_window (window);
}

/* Typing left unapplied in a row stayed there, apply button and all, when the teacher
 * opened another scenario; now opening one starts its rows afresh. */
static void
test_switches_editing_ends_with_the_scenario (void)
{
  LabWindow *window = lab_gui_test_open_window ();
  GtkWidget *suites = lab_switch_panel_get_row (window->panel, "client", "cipher-suites");
  GtkWidget *name = lab_switch_panel_get_row (window->panel, "client", "server-name");
  GtkWidget *entry = GTK_WIDGET (lab_switch_suites_get_entry (suites));
  GtkRoot *root = GTK_ROOT (window);

  click_row_header (suites);
  ITERATE_UNTIL (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (suites)));
  lab_gui_test_iterate (300);
  lab_gui_test_click (entry, -1, -1);
  lab_gui_test_key (GTK_WINDOW (window), "ctrl+a");
  lab_gui_test_type (GTK_WINDOW (window), "AES128-SHA");
  ITERATE_UNTIL (visible_button (entry) != NULL);
  lab_gui_test_click (name, -1, -1);
  lab_gui_test_key (GTK_WINDOW (window), "End");
  lab_gui_test_type (GTK_WINDOW (window), "x");
  ITERATE_UNTIL (visible_button (name) != NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name)), ==, "server.handshake.labx");
  lab_gui_test_shoot_screen ("switches-editing");

  open_scenario (window, "expired-certificate");
  g_assert_false (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (suites)));
  g_assert_null (visible_button (entry));
  g_assert_null (visible_button (name));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name)), ==, "server.handshake.lab");
  g_assert_true (gtk_root_get_focus (root) == NULL
                 || !gtk_widget_is_ancestor (gtk_root_get_focus (root),
                                             GTK_WIDGET (window->panel)));
  /* and the panel's keys are the ladder's again: Right steps */
  lab_gui_test_key (GTK_WINDOW (window), "Right");
  g_assert_cmpint (lab_document_get_step (lab_window_get_document (window)), ==, 1);

  /* applying still works, and the list follows */
  click_row_header (suites);
  ITERATE_UNTIL (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (suites)));
  lab_gui_test_iterate (300);
  lab_gui_test_click (entry, -1, -1);
  lab_gui_test_type (GTK_WINDOW (window), "ECDHE-ECDSA-CHACHA20-POLY1305");
  lab_gui_test_key (GTK_WINDOW (window), "Return");
  lab_gui_test_wait_for_run (window);
  {
    g_autofree char *listed = lab_switch_suites_get_listed (suites);
    g_autofree char *offered = lab_test_offered_suites (trace_of (window));

    g_assert_cmpstr (listed, ==, "ECDHE-ECDSA-CHACHA20-POLY1305:TLS_EMPTY_RENEGOTIATION_INFO_SCSV");
    g_assert_cmpstr (listed, ==, offered);
  }
  lab_gui_test_close_window (window);
}

/* Chooses `value` in a combo row's list with the pointer. */
static void
choose (LabWindow *window, GtkWidget *row, const char *value)
{
  GtkWidget *item;

  scroll_to (row);
  lab_gui_test_assert_visible (row, gtk_widget_get_width (row) / 2.0,
                               gtk_widget_get_height (row) / 2.0);
  lab_gui_test_click (row, -1, -1);
  ITERATE_UNTIL ((item = lab_gui_test_find_label (row, value)) != NULL);
  lab_gui_test_click (item, -1, -1);
  lab_gui_test_wait_for_run (window);
}

static const char *
note_of (LabWindow *window)
{
  const char *note = lab_switch_panel_get_note (window->panel, "client", "certificate");
  return note ? note : "";
}

/* A client certificate chosen for a server that never asks changed nothing and said
 * nothing; a note under the row now says why, from the run. */
static void
test_switches_client_certificate_nobody_asks_for (void)
{
  LabWindow *window = lab_gui_test_open_window ();
  GtkWidget *certificate = lab_switch_panel_get_row (window->panel, "client", "certificate");
  GtkWidget *policy = lab_switch_panel_get_row (window->panel, "server", "client-certificate");

  g_assert_cmpstr (note_of (window), ==, "");
  choose (window, certificate, "valid");
  g_assert_cmpint (lab_document_get_scenario (lab_window_get_document (window))->client.certificate,
                   ==, LAB_PROFILE_VALID);
  lab_test_assert_contains (note_of (window), "does not ask for one");
  lab_test_assert_contains (note_of (window), "no CertificateRequest in this run");
  lab_test_assert_contains (note_of (window), "RFC 5246 §7.4.4");
  lab_gui_test_shoot_screen ("switches-client-certificate");

  /* once the server asks, the certificate travels and the note goes */
  choose (window, policy, "request");
  lab_test_find_message (trace_of (window), LAB_SIDE_SERVER, TRUE, "CertificateRequest");
  g_assert_cmpstr (note_of (window), ==, "");

  /* asked, with none to give */
  open_scenario (window, "client-certificate-requested-none");
  lab_test_assert_contains (note_of (window), "holds none");
  lab_gui_test_close_window (window);
}

/* Every scenario's description, and its question to the learner, were never shown. */
static void
test_switches_about_the_scenario (void)
{
  LabWindow *window = lab_gui_test_open_window ();
  const char *question;
  GtkWidget *more;

  g_assert_null (lab_switch_panel_get_question (window->panel));
  g_assert_nonnull (lab_gui_test_find_label (GTK_WIDGET (window->panel), "About this scenario"));

  open_scenario (window, "expired-certificate");
  question = lab_switch_panel_get_question (window->panel);
  g_assert_nonnull (question);
  g_assert_true (g_str_has_prefix (question, "Watch the certificate checks"));
  g_assert_true (g_str_has_suffix (question, "before hanging up?"));

  /* the setup is cut to three lines; Show All shows the rest */
  ITERATE_UNTIL ((more = lab_gui_test_find_label (GTK_WIDGET (window->panel), "Show All")) != NULL);
  lab_gui_test_click (more, -1, -1);
  g_assert_nonnull (lab_gui_test_find_label (GTK_WIDGET (window->panel), "Show Less"));
  lab_gui_test_click (lab_gui_test_find_label (GTK_WIDGET (window->panel), "Show Less"), -1, -1);

  /* at a projector's sizes the question is on screen without scrolling, and the ladder
   * keeps its room */
  shoot_sizes (window, "switches-about");
  for (int i = 0; i < 2; i++)
    {
      GtkWidget *label = lab_gui_test_find_label (GTK_WIDGET (window->panel), question);

      lab_gui_test_resize (GTK_WINDOW (window), i ? 1024 : 1280, i ? 768 : 720);
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window->ladder)), >=, 400);
      if (adw_flap_get_folded (window->flap) && !adw_flap_get_reveal_flap (window->flap))
        {
          lab_gui_test_key (GTK_WINDOW (window), "F9");
          ITERATE_UNTIL (adw_flap_get_reveal_progress (window->flap) == 1.0);
        }
      g_assert_nonnull (label);
      lab_gui_test_assert_visible (label, 1, gtk_widget_get_height (label) - 1);
    }
  lab_gui_test_close_window (window);
}

/* Where a label broke a line in the middle of a word (between two letters or digits,
 * Pango then adding a hyphen of its own: "GCM_S-HA256"), the text around it; else NULL. */
static char *
broken_word (GtkWidget *root)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root)
      && strchr (gtk_label_get_text (GTK_LABEL (root)), '_') != NULL)
    {
      PangoLayout *layout = gtk_label_get_layout (GTK_LABEL (root));
      const char *text = pango_layout_get_text (layout);
      GSList *lines = pango_layout_get_lines_readonly (layout);

      for (GSList *l = lines ? lines->next : NULL; l != NULL; l = l->next)
        {
          const char *at = text + ((PangoLayoutLine *) l->data)->start_index;
          gunichar before = g_utf8_get_char (g_utf8_find_prev_char (text, at));

          if (g_unichar_isalnum (before) && g_unichar_isalnum (g_utf8_get_char (at)))
            return g_strndup (MAX (at - 12, text), 24);
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      char *found = broken_word (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Is there a label under root reading `text`, its zero-width spaces (where a line may
 * break) aside? */
static gboolean
shows_text (GtkWidget *root, const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root))
    {
      g_auto (GStrv) parts = g_strsplit (gtk_label_get_text (GTK_LABEL (root)), "\u200b", -1);
      g_autofree char *plain = g_strjoinv ("", parts);

      if (g_str_equal (plain, text))
        return TRUE;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_text (child, text))
      return TRUE;
  return FALSE;
}

/* A lesson page cut a suite's name anywhere ("GCM_S-HA256"); at a projector's size and
 * the largest text, its lines now break only between the name's parts. */
static void
test_switches_suite_names_never_broken (void)
{
  LabWindow *window = lab_gui_test_open_window ();
  LabLessonPane *pane = window->lesson_pane;

  lab_gui_test_resize (GTK_WINDOW (window), 1024, 768);
  lab_window_open_builtin_lesson (window, "01-the-handshake-at-a-glance");
  lab_gui_test_wait_for_run (window);
  while (lab_lesson_pane_get_page (pane) < 1) /* page 2: the choice between suites */
    lab_gui_test_key (GTK_WINDOW (window), "Page_Down");
  for (int i = 0; i < 4; i++)
    lab_gui_test_key (GTK_WINDOW (window), "ctrl+plus");
  lab_gui_test_responsive ("laying out the larger text");
  g_assert_true (shows_text (GTK_WIDGET (pane), "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"));
  {
    g_autofree char *broken = broken_word (GTK_WIDGET (pane));

    if (broken != NULL)
      g_test_message ("a line breaks inside a word: \"%s\"", broken);
    g_assert_null (broken);
  }
  lab_gui_test_shoot_screen ("switches-lesson-suite-names");
  lab_gui_test_key (GTK_WINDOW (window), "ctrl+0");
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
  g_test_add_func ("/gui/switches/suites-show-the-run", test_switches_suites_show_the_run);
  g_test_add_func ("/gui/switches/editing-ends-with-the-scenario",
                   test_switches_editing_ends_with_the_scenario);
  g_test_add_func ("/gui/switches/client-certificate-nobody-asks-for",
                   test_switches_client_certificate_nobody_asks_for);
  g_test_add_func ("/gui/switches/about-the-scenario", test_switches_about_the_scenario);
  g_test_add_func ("/gui/switches/suite-names-never-broken",
                   test_switches_suite_names_never_broken);
  return lab_gui_test_run ();
}
