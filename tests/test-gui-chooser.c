/* The scenario chooser as a teacher uses it before a class, with real clicks and keys
 * (lab-gui-test-events.h): the shipped scenarios grouped by topic with what each
 * expects, typing filters, the arrows move, Enter opens, Escape closes, and the recent
 * files and Open… are still there. */
#include "lab-gui-test-events.h"
#include "lab-gui-test-util.h"
#include "lab-test-util.h"
#include "gui/lab-scenario-chooser.h"

#include <glib/gstdio.h>

static char *data_dir; /* XDG_DATA_HOME: the recent files the test makes stay its own */

static LabScenarioChooser *
chooser_of (LabWindow *window)
{
  return LAB_SCENARIO_CHOOSER (gtk_menu_button_get_popover (window->scenario_button));
}

static LabScenarioChooser *
open_chooser (LabWindow *window)
{
  LabScenarioChooser *chooser = chooser_of (window);
  GtkWidget *button = GTK_WIDGET (window->scenario_button);
  static int nudge;

  /* The keys typed next go to the X focus, which the helpers can only give the window
   * while no popover is up: a key of no effect gives it now, as a teacher's window has. */
  if (!gtk_window_is_active (GTK_WINDOW (window)))
    lab_gui_test_key (GTK_WINDOW (window), "shift");
  /* Never twice on the same pixel: `xdotool mousemove --sync` to where the pointer
   * already is (a new window where the last one was) waits for a move that never comes.
   * Under Xvfb without a window manager, a menu button's first click after a popover
   * closed and the window was resized can go unheard (the Lesson button's as well): a
   * second click is what a teacher would do. */
  for (int attempt = 0; attempt < 2 && !gtk_widget_get_mapped (GTK_WIDGET (chooser)); attempt++)
    {
      gint64 deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;

      lab_gui_test_click (button, gtk_widget_get_width (button) / 2.0 + (nudge++ % 7) - 3, -1);
      while (!gtk_widget_get_mapped (GTK_WIDGET (chooser)) && g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, FALSE);
    }
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (chooser)));
  lab_gui_test_responsive ("opening the scenario chooser");
  /* typing goes to the search at once */
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)),
                                         lab_scenario_chooser_get_search (chooser))
                 || gtk_root_get_focus (GTK_ROOT (window))
                      == lab_scenario_chooser_get_search (chooser));
  return chooser;
}

static const char *
selected_target (LabScenarioChooser *chooser)
{
  GtkListBoxRow *row = lab_scenario_chooser_get_selected (chooser);

  return row ? lab_scenario_chooser_row_target (row) : NULL;
}

static const char *
subtitle_of (LabScenarioChooser *chooser)
{
  return lab_scenario_chooser_row_subtitle (lab_scenario_chooser_get_selected (chooser));
}

/* One flat menu of 62 titles became a search over groups: every shipped scenario is in a
 * topic's group, the groups come in the topics' order, and each row says what the
 * scenario expects. */
static void
test_chooser_groups_and_expectations (void)
{
  LabWindow *window = lab_gui_test_open_window ();
  LabScenarioChooser *chooser = open_chooser (window);
  g_auto (GStrv) names = lab_scenario_list_builtin ();
  int last_topic = -1;
  GtkListBox *list;
  GtkListBoxRow *row;

  g_assert_cmpuint (lab_scenario_chooser_get_n_shipped (chooser), ==, g_strv_length (names));
  g_assert_cmpuint (lab_scenario_chooser_get_n_shown (chooser), ==, g_strv_length (names));
  /* the healthy handshake comes first, and is selected */
  g_assert_cmpstr (selected_target (chooser), ==, "default");
  g_assert_cmpstr (subtitle_of (chooser), ==, "Succeeds");
  list = GTK_LIST_BOX (
    gtk_widget_get_parent (GTK_WIDGET (lab_scenario_chooser_get_selected (chooser))));
  for (guint i = 0; i < g_strv_length (names); i++)
    {
      g_autoptr (LabScenario) scenario = NULL;
      int topic = -1;

      row = gtk_list_box_get_row_at_index (list, (int) i);
      scenario = lab_scenario_load_builtin (lab_scenario_chooser_row_target (row), NULL);
      for (int t = 0; lab_scenario_topic_at ((gsize) t) != NULL; t++)
        if (g_str_equal (lab_scenario_topic_at ((gsize) t)->name, scenario->topic))
          topic = t;
      g_assert_cmpint (topic, >=, last_topic);
      /* a group's heading over its first row, and only there */
      g_assert_true ((gtk_list_box_row_get_header (row) != NULL) == (topic != last_topic));
      if (topic != last_topic)
        g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_header (row))), ==,
                         lab_scenario_topic_at ((gsize) topic)->title);
      last_topic = topic;
    }
  g_assert_nonnull (lab_gui_test_find_label (GTK_WIDGET (chooser), "Certificates"));
  g_assert_nonnull (lab_gui_test_find_label (GTK_WIDGET (chooser), "The wire"));
  g_assert_nonnull (lab_gui_test_find_label (GTK_WIDGET (chooser), "Open Scenario File…"));

  lab_gui_test_type (GTK_WINDOW (window), "expired-certificate"); /* a file name */
  g_assert_cmpuint (lab_scenario_chooser_get_n_shown (chooser), ==, 1);
  g_assert_cmpstr (selected_target (chooser), ==, "expired-certificate");
  g_assert_cmpstr (subtitle_of (chooser), ==, "Alert certificate_expired from the client");
  lab_gui_test_key (GTK_WINDOW (window), "Escape");
  ITERATE_UNTIL (!gtk_widget_get_visible (GTK_WIDGET (chooser)));
  lab_gui_test_close_window (window);
}

/* Typing filters, Down and Up move, Enter opens; the ladder has the keys afterwards. */
static void
test_chooser_keyboard (void)
{
  LabWindow *window = lab_gui_test_open_window ();
  LabDocument *document = lab_window_get_document (window);
  LabScenarioChooser *chooser = open_chooser (window);
  const char *second;

  lab_gui_test_type (GTK_WINDOW (window), "expired");
  g_assert_cmpuint (lab_scenario_chooser_get_n_shown (chooser), ==, 3);
  g_assert_cmpstr (selected_target (chooser), ==, "expired-intermediate");
  lab_gui_test_key (GTK_WINDOW (window), "Down");
  g_assert_cmpstr (selected_target (chooser), ==, "expired-certificate");
  lab_gui_test_key (GTK_WINDOW (window), "Down");
  second = selected_target (chooser);
  g_assert_cmpstr (second, ==, "client-certificate-expired");
  lab_gui_test_key (GTK_WINDOW (window), "Down"); /* the last stays selected */
  g_assert_cmpstr (selected_target (chooser), ==, "client-certificate-expired");
  lab_gui_test_key (GTK_WINDOW (window), "Up");
  g_assert_cmpstr (selected_target (chooser), ==, "expired-certificate");
  lab_gui_test_shoot_screen ("chooser-filtered");
  lab_gui_test_key (GTK_WINDOW (window), "Return");
  ITERATE_UNTIL (!gtk_widget_get_visible (GTK_WIDGET (chooser)));
  lab_gui_test_wait_for_run (window);
  g_assert_cmpstr (lab_document_get_title (document), ==, "An expired server certificate");
  lab_gui_test_key (GTK_WINDOW (window), "Right");
  g_assert_cmpint (lab_document_get_step (document), ==, 1);

  /* nothing matches: said so; Escape closes and opens nothing */
  chooser = open_chooser (window);
  g_assert_cmpuint (lab_scenario_chooser_get_n_shown (chooser), ==,
                    lab_scenario_chooser_get_n_shipped (chooser));
  lab_gui_test_type (GTK_WINDOW (window), "no such thing");
  g_assert_cmpuint (lab_scenario_chooser_get_n_shown (chooser), ==, 0);
  g_assert_nonnull (lab_gui_test_find_label (GTK_WIDGET (chooser),
                                             "No scenario matches the search."));
  lab_gui_test_key (GTK_WINDOW (window), "Return");
  lab_gui_test_key (GTK_WINDOW (window), "Escape");
  ITERATE_UNTIL (!gtk_widget_get_visible (GTK_WIDGET (chooser)));
  g_assert_cmpstr (lab_document_get_title (document), ==, "An expired server certificate");
  lab_gui_test_close_window (window);
}

/* A file opened once is listed under Recent files, searchable, and opens with Enter. */
static void
test_chooser_recent_files (void)
{
  LabWindow *window = lab_gui_test_open_window ();
  LabDocument *document = lab_window_get_document (window);
  g_autofree char *dir = g_dir_make_tmp ("lab-chooser-XXXXXX", NULL);
  g_autofree char *path
    = lab_test_write_file (dir, "week3-tamper.scenario",
                           "[scenario]\ntitle = Week 3: a flipped bit\n"
                           "[expect]\noutcome = success\n");
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (file);
  LabScenarioChooser *chooser;

  g_assert_true (lab_window_open_file (window, file));
  lab_gui_test_wait_for_run (window);
  lab_window_open_builtin (window, "default");
  lab_gui_test_wait_for_run (window);
  /* the recent manager writes its list in the background */
  ITERATE_UNTIL (gtk_recent_manager_has_item (gtk_recent_manager_get_default (), uri));

  chooser = open_chooser (window);
  lab_gui_test_type (GTK_WINDOW (window), "week 3");
  g_assert_cmpuint (lab_scenario_chooser_get_n_shown (chooser), ==, 0); /* no shipped one */
  g_assert_cmpstr (selected_target (chooser), ==, uri);
  g_assert_nonnull (lab_gui_test_find_label (GTK_WIDGET (chooser), "Recent files"));
  g_assert_nonnull (lab_gui_test_find_label (GTK_WIDGET (chooser), "Week 3: a flipped bit"));
  lab_gui_test_shoot_screen ("chooser-recent");
  lab_gui_test_key (GTK_WINDOW (window), "Return");
  ITERATE_UNTIL (!gtk_widget_get_visible (GTK_WIDGET (chooser)));
  lab_gui_test_wait_for_run (window);
  g_assert_cmpstr (lab_document_get_title (document), ==, "Week 3: a flipped bit");

  g_remove (path);
  g_rmdir (dir);
  lab_gui_test_close_window (window);
}

/* The chooser open, at the sizes a classroom has, light and dark. */
static void
test_chooser_screenshots (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  LabWindow *window = lab_gui_test_open_window ();
  static const struct
  {
    int width, height;
  } sizes[] = { { 1600, 1000 }, { 1280, 720 }, { 1024, 768 } };

  /* Each size once: under Xvfb without a window manager, resizing a window to the size it
   * already has after a popover closed leaves the next click on a menu button unheard
   * (the Lesson button's popover too), which is no one's case on a desktop. */
  for (gsize i = 0; i < G_N_ELEMENTS (sizes); i++)
    for (int dark = 0; dark < 2; dark++)
      {
        g_autofree char *shot = g_strdup_printf ("chooser-%dx%d-%s", sizes[i].width,
                                                 sizes[i].height, dark ? "dark" : "light");
        LabScenarioChooser *chooser;

        adw_style_manager_set_color_scheme (style, dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                        : ADW_COLOR_SCHEME_FORCE_LIGHT);
        if (!dark)
          lab_gui_test_resize (GTK_WINDOW (window), sizes[i].width, sizes[i].height);
        chooser = open_chooser (window);
        lab_gui_test_type (GTK_WINDOW (window), dark ? "wire" : "");
        g_assert_cmpuint (lab_gui_test_shoot_screen (shot), >, 10000);
        /* the popover fits the window */
        g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (chooser)), <=, sizes[i].height);
        lab_gui_test_key (GTK_WINDOW (window), "Escape");
        ITERATE_UNTIL (!gtk_widget_get_visible (GTK_WIDGET (chooser)));
      }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  lab_gui_test_close_window (window);
}

int
main (int argc, char **argv)
{
  int status;

  data_dir = g_dir_make_tmp ("lab-gui-chooser-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
  if (!lab_gui_test_init (&argc, &argv))
    return 0;
  if (!lab_gui_test_events_init ())
    {
      g_print ("Bail out! real events need xdotool and an X11 display\n");
      return 1;
    }
  g_test_add_func ("/gui/chooser/groups-and-expectations", test_chooser_groups_and_expectations);
  g_test_add_func ("/gui/chooser/keyboard", test_chooser_keyboard);
  g_test_add_func ("/gui/chooser/recent-files", test_chooser_recent_files);
  g_test_add_func ("/gui/chooser/screenshots", test_chooser_screenshots);
  status = lab_gui_test_run ();
  {
    g_autofree char *recent = g_build_filename (data_dir, "recently-used.xbel", NULL);
    g_remove (recent);
    g_rmdir (data_dir);
  }
  g_free (data_dir);
  return status;
}
