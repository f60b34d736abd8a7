/* The current step stays in the ladder's view, whatever the teacher does: "Show the
 * cause", a click on a step and then on each tab, End, a window of another size; and a
 * scenario opened starts at the top. Checked against the ladder's scrolled window (its
 * vertical adjustment) and the step's row (lab_ladder_view_get_step_extent), after real
 * clicks and key presses, at the window's usual size, 1280x720 and 1024x768. */
#include "lab-gui-test-classroom.h"

static const struct
{
  int width, height;
} sizes[] = { { 1400, 880 }, { 1500, 920 }, { 1280, 720 }, { 1024, 768 } };

static const char *const tabs[] = { "Fields", "Bytes", "Keys", "Record", "Certificates" };

static void
set_size (LabWindow *window, int width, int height)
{
  lab_gui_test_resize (GTK_WINDOW (window), width, height);
  lab_gui_test_responsive ("laying out the window at a new size");
}

/* Turns the wheel over the ladder until the step's row is in view, and clicks it. */
static void
scroll_to_and_click_step (LabWindow *window, int step)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (window->ladder_scroller);

  for (int turns = 0; turns < 100; turns++)
    {
      double y, height, top = gtk_adjustment_get_value (adjustment);

      g_assert_true (lab_ladder_view_get_step_extent (window->ladder, (guint) step, &y, &height));
      if (y < top)
        lab_gui_test_wheel (GTK_WIDGET (window->ladder_scroller), -1, -1, -1);
      else if (y + height > top + gtk_adjustment_get_page_size (adjustment))
        lab_gui_test_wheel (GTK_WIDGET (window->ladder_scroller), -1, -1, 1);
      else
        {
          lab_gui_test_click_step (window, step);
          return;
        }
    }
  g_error ("the wheel did not bring step %d into view", step);
}

/* Clicks the outcome banner's button, whichever it is. */
static void
click_show_cause (LabWindow *window)
{
  GtkWidget *label = lab_gui_test_find_label (GTK_WIDGET (window->banner),
                                              "Show the changed bytes");

  if (label == NULL)
    label = lab_gui_test_find_label (GTK_WIDGET (window->banner), "Show the cause");
  g_assert_nonnull (label);
  lab_gui_test_click (label, -1, -1);
}

/* The outcome banner's button takes the ladder to the cause and the detail pane to the
 * tab that explains it (Bytes for a record the wire changed, far down the run, past what
 * a window shows; Certificates for a certificate that failed, near the top), and the step
 * stays in view, whether the ladder was at the top or scrolled to the end before. */
static void
test_step_in_view_after_show_cause (void)
{
  static const struct
  {
    const char *scenario, *tab;
    int at_least;
  } failures[] = {
    { "flip-application-data", "bytes", 12 },
    { "expired-certificate", "certificates", 3 },
  };
  LabWindow *window = lab_gui_test_open_window ();
  LabDocument *document = lab_window_get_document (window);

  for (gsize f = 0; f < G_N_ELEMENTS (failures); f++)
    {
      lab_gui_test_open_scenario (window, failures[f].scenario);
      for (gsize i = 0; i < G_N_ELEMENTS (sizes); i++)
        for (gsize from_end = 0; from_end < 2; from_end++)
          {
            set_size (window, sizes[i].width, sizes[i].height);
            lab_gui_test_key (GTK_WINDOW (window), from_end ? "End" : "Home");
            lab_gui_test_click_tab (window, "Fields");
            click_show_cause (window);
            g_assert_cmpint (lab_document_get_step (document), >=, failures[f].at_least);
            g_assert_cmpstr (lab_detail_pane_get_tab (window->detail), ==, failures[f].tab);
            lab_gui_test_assert_step_in_view (window);
          }
    }
  lab_gui_test_close_window (window);
}

/* A click on step 13, then on each tab: the tabs' contents differ in size, and the step
 * stays where it was seen. */
static void
test_step_in_view_across_tabs (void)
{
  LabWindow *window = lab_gui_test_open_window ();

  for (gsize i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      set_size (window, sizes[i].width, sizes[i].height);
      lab_gui_test_key (GTK_WINDOW (window), "Home");
      scroll_to_and_click_step (window, 13);
      lab_gui_test_assert_step_in_view (window);
      for (gsize t = 0; t < G_N_ELEMENTS (tabs); t++)
        {
          lab_gui_test_click_tab (window, tabs[t]);
          lab_gui_test_assert_step_in_view (window);
        }
      lab_gui_test_key (GTK_WINDOW (window), "End");
      lab_gui_test_assert_step_in_view (window);
      for (gsize t = 0; t < G_N_ELEMENTS (tabs); t++)
        {
          lab_gui_test_click_tab (window, tabs[t]);
          lab_gui_test_assert_step_in_view (window);
        }
      lab_gui_test_key (GTK_WINDOW (window), "Home");
      lab_gui_test_assert_step_in_view (window);
      g_assert_cmpfloat (lab_gui_test_ladder_scroll (window), ==, 0);
    }
  lab_gui_test_close_window (window);
}

/* Resizing the window, with a step far down selected, keeps it in view. */
static void
test_step_in_view_across_sizes (void)
{
  LabWindow *window = lab_gui_test_open_window ();

  lab_gui_test_key (GTK_WINDOW (window), "End");
  for (gsize i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      set_size (window, sizes[i].width, sizes[i].height);
      lab_gui_test_assert_step_in_view (window);
    }
  lab_gui_test_close_window (window);
}

/* Another scenario, opened with the ladder scrolled down, starts at the top. */
static void
test_new_scenario_starts_at_top (void)
{
  static const char *const scenarios[]
    = { "expired-certificate", "default", "man-in-the-middle", "flip-finished" };
  LabWindow *window = lab_gui_test_open_window ();

  for (gsize i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      set_size (window, sizes[i].width, sizes[i].height);
      lab_gui_test_key (GTK_WINDOW (window), "End");
      lab_gui_test_assert_step_in_view (window);
      g_assert_cmpfloat (lab_gui_test_ladder_scroll (window), >, 0);
      lab_gui_test_open_scenario (window, scenarios[i]);
      lab_gui_test_responsive ("laying out the new run's ladder");
      g_assert_cmpint (lab_document_get_step (lab_window_get_document (window)), ==, 0);
      g_assert_cmpfloat (lab_gui_test_ladder_scroll (window), ==, 0);
      lab_gui_test_assert_step_in_view (window);
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
      g_print ("Bail out! real events need xdotool and an X11 display\n");
      return 1;
    }
  g_test_add_func ("/gui/step-in-view/show-cause", test_step_in_view_after_show_cause);
  g_test_add_func ("/gui/step-in-view/tabs", test_step_in_view_across_tabs);
  g_test_add_func ("/gui/step-in-view/sizes", test_step_in_view_across_sizes);
  g_test_add_func ("/gui/step-in-view/new-scenario", test_new_scenario_starts_at_top);
  return lab_gui_test_run ();
}
