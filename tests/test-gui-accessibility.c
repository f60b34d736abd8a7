/* What a screen reader is told, under Xvfb with real clicks: a lesson's choice question is
 * a radio group named by the question, each choice a radio button named once by its text,
 * Check is named "Check", and after Check the focus is on the feedback, so that it is read
 * out; the page buttons and the switch rows are named once, the outcome banner by what it
 * says, and only the detail tab on show is read. GTK's test accessibility backend (GTK_A11Y=test) keeps what GTK would announce;
 * gtk_test_accessible_* read it back. */
#include "lab-gui-test-util.h"
#include "lab-gui-test-events.h"
#include "lab-test-util.h"
#include "gui/lab-choice-button.h"
#include "gui/lab-question-card.h"
#include "gui/lab-switch-row.h"

#include <glib/gstdio.h>

static char *data_dir; /* XDG_DATA_HOME, where lesson progress is saved */

static const char lesson_text[] = "[lesson]\n"
                                  "title = Names for the ear\n"
                                  "summary = One question, read out.\n"
                                  "level = beginner\n"
                                  "scenario = default\n"
                                  "\n"
                                  "[page 1]\n"
                                  "title = The client speaks first\n"
                                  "step = ClientHello\n"
                                  "text = The **ClientHello** opens the handshake.\n"
                                  "\n"
                                  "[question 1]\n"
                                  "page = 1\n"
                                  "kind = choice\n"
                                  "ask = How did **this run** end?\n"
                                  "answer = outcome\n"
                                  "choices = success; alert\n";

static void
wait_for_page (LabWindow *window)
{
  ITERATE_UNTIL (!window->lesson_pending);
  lab_gui_test_wait_for_run (window);
  ITERATE_UNTIL (adw_flap_get_reveal_progress (window->flap)
                 == (adw_flap_get_reveal_flap (window->flap) ? 1.0 : 0.0));
}

/* Every descendant of root of a type, in order. */
static void
collect (GtkWidget *root, GType type, GPtrArray *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        g_ptr_array_add (found, child);
      collect (child, type, found);
    }
}

static GtkWidget *
find_one (GtkWidget *root, GType type)
{
  g_autoptr (GPtrArray) found = g_ptr_array_new ();

  collect (root, type, found);
  g_assert_cmpuint (found->len, ==, 1);
  return g_ptr_array_index (found, 0);
}

static void
test_question_is_a_radio_group (void)
{
  LabWindow *window = lab_gui_test_open_window ();
  g_autoptr (GError) error = NULL;
  g_autofree char *source = g_build_filename (data_dir, "ear.lesson", NULL);
  LabLesson *lesson = lab_lesson_load_data (source, lesson_text, strlen (lesson_text), &error);
  g_autoptr (GPtrArray) choices = g_ptr_array_new ();
  GtkWidget *card, *group, *ask, *heading, *check, *check_label, *focus;
  LabFeedback feedback;

  g_assert_no_error (error);
  lab_window_open_lesson (window, lesson);
  wait_for_page (window);
  card = find_one (GTK_WIDGET (window->lesson_pane), LAB_TYPE_QUESTION_CARD);

  /* The card is a group named by its heading. */
  heading = lab_gui_test_find_label (card, "Question 1");
  g_assert_nonnull (heading);
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (card), GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_test_accessible_assert_relation (GTK_ACCESSIBLE (card), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                       heading, NULL);

  /* The choices: a radio group named by the question, radio buttons named by their text,
   * once (the label inside is hidden, so it is not read a second time). */
  collect (card, LAB_TYPE_CHOICE_BUTTON, choices);
  g_assert_cmpuint (choices->len, ==, 2);
  group = gtk_widget_get_parent (g_ptr_array_index (choices, 0));
  ask = lab_gui_test_find_label (card, "How did this run end?");
  g_assert_nonnull (ask);
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (group), GTK_ACCESSIBLE_ROLE_RADIO_GROUP);
  gtk_test_accessible_assert_relation (GTK_ACCESSIBLE (group),
                                       GTK_ACCESSIBLE_RELATION_LABELLED_BY, ask, NULL);
  for (guint i = 0; i < choices->len; i++)
    {
      GtkWidget *choice = g_ptr_array_index (choices, i);
      GtkWidget *child = gtk_check_button_get_child (GTK_CHECK_BUTTON (choice));

      g_assert_true (gtk_widget_get_parent (choice) == group);
      gtk_test_accessible_assert_role (GTK_ACCESSIBLE (choice), GTK_ACCESSIBLE_ROLE_RADIO);
      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (choice), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                           i == 0 ? "success" : "alert");
      gtk_test_accessible_assert_state (GTK_ACCESSIBLE (choice), GTK_ACCESSIBLE_STATE_CHECKED,
                                        GTK_ACCESSIBLE_TRISTATE_FALSE);
      gtk_test_accessible_assert_state (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_STATE_HIDDEN,
                                        TRUE);
    }

  /* Check: its label says "Check", with no mnemonic underscore to be read or doubled. */
  check_label = lab_gui_test_find_label (card, "Check");
  g_assert_nonnull (check_label);
  check = gtk_widget_get_ancestor (check_label, GTK_TYPE_BUTTON);
  g_assert_nonnull (check);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (check)), ==, "Check");
  g_assert_false (gtk_button_get_use_underline (GTK_BUTTON (check)));
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_ROLE_BUTTON);

  /* Check with nothing chosen: the note takes the focus, so it is read out. */
  lab_gui_test_click (check, -1, -1);
  lab_question_card_get_feedback (LAB_QUESTION_CARD (card), &feedback);
  g_assert_cmpint (feedback, ==, LAB_FEEDBACK_NOTE);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (GTK_IS_LABEL (focus));
  g_assert_true (gtk_widget_is_ancestor (focus, card));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (focus)), ==, "Choose one of the answers first.");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (focus),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "Note");
  g_assert_cmpuint (lab_gui_test_shoot (window, "a11y-question-note"), >, 20000);

  /* A click on the first choice checks it alone: the group is one choice at a time. */
  lab_gui_test_click (g_ptr_array_index (choices, 0), 8, -1);
  gtk_test_accessible_assert_state (GTK_ACCESSIBLE (g_ptr_array_index (choices, 0)),
                                    GTK_ACCESSIBLE_STATE_CHECKED, GTK_ACCESSIBLE_TRISTATE_TRUE);
  gtk_test_accessible_assert_state (GTK_ACCESSIBLE (g_ptr_array_index (choices, 1)),
                                    GTK_ACCESSIBLE_STATE_CHECKED, GTK_ACCESSIBLE_TRISTATE_FALSE);
  lab_gui_test_click (g_ptr_array_index (choices, 1), 8, -1);
  gtk_test_accessible_assert_state (GTK_ACCESSIBLE (g_ptr_array_index (choices, 0)),
                                    GTK_ACCESSIBLE_STATE_CHECKED, GTK_ACCESSIBLE_TRISTATE_FALSE);
  gtk_test_accessible_assert_state (GTK_ACCESSIBLE (g_ptr_array_index (choices, 1)),
                                    GTK_ACCESSIBLE_STATE_CHECKED, GTK_ACCESSIBLE_TRISTATE_TRUE);

  /* The run did not end in an alert: Check says so, and the focus is on what it says. */
  lab_gui_test_click (check, -1, -1);
  lab_question_card_get_feedback (LAB_QUESTION_CARD (card), &feedback);
  g_assert_cmpint (feedback, ==, LAB_FEEDBACK_WRONG);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (GTK_IS_LABEL (focus));
  g_assert_true (gtk_widget_is_ancestor (focus, card));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (focus),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "Not right");

  /* It succeeded: right, and the focus on that. */
  lab_gui_test_click (g_ptr_array_index (choices, 0), 8, -1);
  lab_gui_test_click (check, -1, -1);
  lab_question_card_get_feedback (LAB_QUESTION_CARD (card), &feedback);
  g_assert_cmpint (feedback, ==, LAB_FEEDBACK_RIGHT);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (focus),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "Right");
  g_assert_cmpuint (lab_gui_test_shoot (window, "a11y-question-right"), >, 20000);
  lab_gui_test_activate (window, "win.close-lesson");
  lab_gui_test_close_window (window);
}

/* The page buttons are named once: "Previous page", not "Previous page Back" (the visible
 * word inside is hidden from the screen reader); the same for Next. */
static void
assert_named_once (GtkWidget *root, const char *word, const char *name)
{
  GtkWidget *label = lab_gui_test_find_label (root, word);
  GtkWidget *button;

  g_assert_nonnull (label);
  button = gtk_widget_get_ancestor (label, GTK_TYPE_BUTTON);
  g_assert_nonnull (button);
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_ROLE_BUTTON);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       name);
  gtk_test_accessible_assert_state (GTK_ACCESSIBLE (gtk_button_get_child (GTK_BUTTON (button))),
                                    GTK_ACCESSIBLE_STATE_HIDDEN, TRUE);
}

/* No widget is read by its class name: the outcome banner is a status named by its title,
 * which says how the run ended. */
static void
test_names_said_once (void)
{
  LabWindow *window = lab_gui_test_open_window ();
  g_autoptr (GError) error = NULL;
  g_autofree char *source = g_build_filename (data_dir, "ear.lesson", NULL);
  LabLesson *lesson = lab_lesson_load_data (source, lesson_text, strlen (lesson_text), &error);
  GtkWidget *title;

  title = lab_gui_test_find_label (GTK_WIDGET (window->banner), "The handshake succeeded.");
  g_assert_nonnull (title);
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (window->banner), GTK_ACCESSIBLE_ROLE_STATUS);
  gtk_test_accessible_assert_relation (GTK_ACCESSIBLE (window->banner),
                                       GTK_ACCESSIBLE_RELATION_LABELLED_BY, title, NULL);

  g_assert_no_error (error);
  lab_window_open_lesson (window, lesson);
  wait_for_page (window);
  assert_named_once (GTK_WIDGET (window->lesson_pane), "Back", "Previous page");
  assert_named_once (GTK_WIDGET (window->lesson_pane), "Next", "Next page");
  lab_gui_test_activate (window, "win.close-lesson");
  lab_gui_test_close_window (window);
}

/* A yes/no setting is one switch, named once: the row is the Tab stop with the switch
 * role, its title and its state; the switch drawn in it is neither a stop nor read (it was
 * read after the row: "Verify server certificate Verify server certificate"). */
static void
test_switch_row_said_once (void)
{
  LabWindow *window = lab_gui_test_open_window ();
  LabDocument *document = lab_window_get_document (window);
  GtkWidget *row = lab_switch_panel_get_row (window->panel, "client", "verify-peer");
  GtkWidget *toggle;
  LabTrace *before = lab_document_get_trace (document);

  g_assert_true (LAB_IS_SWITCH_ROW (row));
  toggle = find_one (row, GTK_TYPE_SWITCH);
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_ROLE_SWITCH);
  g_assert_true (gtk_widget_get_focusable (row));
  g_assert_false (gtk_widget_get_focusable (toggle));
  gtk_test_accessible_assert_state (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE);
  g_assert_true (lab_switch_row_get_active (LAB_SWITCH_ROW (row)));
  gtk_test_accessible_assert_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_CHECKED,
                                    GTK_ACCESSIBLE_TRISTATE_TRUE);

  /* A click on the row flips it, and says so; the handshake runs again. */
  lab_gui_test_click (row, 20, -1);
  ITERATE_UNTIL (lab_document_get_trace (document) != before);
  lab_gui_test_wait_for_run (window);
  g_assert_false (lab_switch_row_get_active (LAB_SWITCH_ROW (row)));
  gtk_test_accessible_assert_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_CHECKED,
                                    GTK_ACCESSIBLE_TRISTATE_FALSE);
  lab_gui_test_close_window (window);
}

static void
assert_only_tab_read (LabWindow *window, const char *shown)
{
  static const char *const tabs[] = { "fields", "bytes", "keys", "record", "certificates" };

  for (gsize i = 0; i < G_N_ELEMENTS (tabs); i++)
    gtk_test_accessible_assert_state (GTK_ACCESSIBLE (lab_detail_pane_get_page (window->detail,
                                                                                tabs[i])),
                                      GTK_ACCESSIBLE_STATE_HIDDEN, !g_str_equal (tabs[i], shown));
}

/* Only the tab on show is in what a screen reader reads; a click on another tab's button
 * brings that one in and takes the first out. */
static void
test_hidden_tabs_not_read (void)
{
  LabWindow *window = lab_gui_test_open_window ();
  GtkWidget *keys = lab_gui_test_find_label (GTK_WIDGET (window->detail), "Keys");

  g_assert_cmpstr (lab_detail_pane_get_tab (window->detail), ==, "fields");
  assert_only_tab_read (window, "fields");
  g_assert_nonnull (keys);
  lab_gui_test_click (keys, -1, -1);
  ITERATE_UNTIL (g_strcmp0 (lab_detail_pane_get_tab (window->detail), "keys") == 0);
  assert_only_tab_read (window, "keys");
  lab_gui_test_close_window (window);
}

/* The question card as people see it, light and dark, at two laptop sizes:
 * gui-shots/a11y-WIDTHxHEIGHT-SCHEME.png (the switch rows: test-gui-switches' shots). */
static void
test_screenshots (void)
{
  static const int sizes[][2] = { { 1280, 720 }, { 1024, 768 } };
  AdwStyleManager *style = adw_style_manager_get_default ();
  LabWindow *window = lab_gui_test_open_window ();
  g_autoptr (GError) error = NULL;
  g_autofree char *source = g_build_filename (data_dir, "ear.lesson", NULL);
  LabLesson *lesson = lab_lesson_load_data (source, lesson_text, strlen (lesson_text), &error);

  g_assert_no_error (error);
  lab_window_open_lesson (window, lesson);
  wait_for_page (window);
  g_assert_true (lab_lesson_pane_reply (window->lesson_pane, 0, "alert"));
  for (gsize i = 0; i < G_N_ELEMENTS (sizes); i++)
    for (int dark = 0; dark <= 1; dark++)
      {
        g_autofree char *name = g_strdup_printf ("a11y-%dx%d-%s", sizes[i][0], sizes[i][1],
                                                 dark ? "dark" : "light");

        adw_style_manager_set_color_scheme (style, dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                        : ADW_COLOR_SCHEME_FORCE_LIGHT);
        lab_gui_test_resize (GTK_WINDOW (window), sizes[i][0], sizes[i][1]);
        g_assert_cmpuint (lab_gui_test_shoot (window, name), >, 20000);
      }
  /* and the switches, the lesson closed: the focus was on the feedback, and goes to the
   * ladder (without it GTK 4.8 reported a critical in the next layout) */
  lab_gui_test_activate (window, "win.close-lesson");
  lab_gui_test_iterate (300);
  {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

    g_assert_nonnull (focus);
    g_assert_true (focus == GTK_WIDGET (window->ladder)
                   || gtk_widget_is_ancestor (focus, GTK_WIDGET (window->ladder)));
  }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  lab_gui_test_close_window (window);
}

int
main (int argc, char **argv)
{
  int status;

  /* Before GLib reads it: the learner's progress goes to a fresh directory. */
  data_dir = g_dir_make_tmp ("lab-gui-a11y-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
  if (!lab_gui_test_init (&argc, &argv))
    return 0;
  if (!lab_gui_test_events_init ())
    {
      g_print ("Bail out! real events need xdotool and an X11 display\n");
      return 1;
    }
  g_test_add_func ("/gui/accessibility/question-radio-group", test_question_is_a_radio_group);
  g_test_add_func ("/gui/accessibility/names-said-once", test_names_said_once);
  g_test_add_func ("/gui/accessibility/switch-row-said-once", test_switch_row_said_once);
  g_test_add_func ("/gui/accessibility/hidden-tabs-not-read", test_hidden_tabs_not_read);
  g_test_add_func ("/gui/accessibility/screenshots", test_screenshots);
  status = lab_gui_test_run ();
  lab_test_remove_tree (data_dir);
  g_free (data_dir);
  return status;
}
