/* The window on a classroom projector: at 1280x720 and 1024x768, in normal and presenter
 * mode (F11 pressed for real), with and without a lesson, in light and dark. The window
 * takes exactly the size asked for (no part of it demands more), the ladder shows enough
 * steps to teach from, the outcome banner keeps to one line and its Why button opens the
 * explanation, details that do not fit open over the ladder from the header, and
 * presenter mode puts the step counter in the header in large type. Suspense ("Reveal the
 * outcome at the end") keeps the banner until the step that decides the outcome.
 * Real key presses, clicks and resizes go through the X server (lab-gui-test-events.h);
 * every combination is shot to gui-shots/projector-*.png for people to look at. */
#include "lab-gui-test-events.h"
#include "lab-gui-test-util.h"
#include "lab-test-util.h"

typedef struct
{
  int width, height;
  gboolean presenter, lesson;
  /* The fewest ladder steps wholly in view at the top of the ladder: the aim at 1280x720
   * in normal mode is 7; in presenter mode, what the large type allows. */
  guint min_steps;
  /* The details have no room beside the ladder (and the lesson): they fold away. */
  gboolean details_folded;
} Combination;

static const Combination combinations[] = {
  { 1280, 720, FALSE, FALSE, 7, FALSE }, { 1280, 720, FALSE, TRUE, 7, FALSE },
  { 1280, 720, TRUE, FALSE, 5, FALSE },  { 1280, 720, TRUE, TRUE, 5, TRUE },
  { 1024, 768, FALSE, FALSE, 8, FALSE }, { 1024, 768, FALSE, TRUE, 8, TRUE },
  { 1024, 768, TRUE, FALSE, 6, TRUE },   { 1024, 768, TRUE, TRUE, 6, TRUE },
};

/* How many steps of the ladder are wholly inside what its scrolled window shows. */
static guint
steps_in_view (LabWindow *window)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (window->ladder_scroller);
  double top = gtk_adjustment_get_value (adjustment);
  double bottom = top + gtk_adjustment_get_page_size (adjustment);
  guint n = lab_document_get_steps (lab_window_get_document (window))->len, seen = 0;
  graphene_point_t origin;

  /* The ladder's place in what scrolls (the hint below it scrolls with it). */
  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (window->ladder),
                                           gtk_widget_get_parent (GTK_WIDGET (window->ladder)),
                                           &GRAPHENE_POINT_INIT (0, 0), &origin));
  for (guint i = 0; i < n; i++)
    {
      double y, height;

      g_assert_true (lab_ladder_view_get_step_extent (window->ladder, i, &y, &height));
      if (origin.y + y >= top && origin.y + y + height <= bottom)
        seen++;
    }
  return seen;
}

/* The current step is wholly in what the ladder's scrolled window shows. */
static gboolean
step_in_view (LabWindow *window)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (window->ladder_scroller);
  int step = lab_document_get_step (lab_window_get_document (window));
  double y, height, top = gtk_adjustment_get_value (adjustment);

  g_assert_true (lab_ladder_view_get_step_extent (window->ladder, (guint) step, &y, &height));
  return y >= top && y + height <= top + gtk_adjustment_get_page_size (adjustment);
}

/* The window is exactly width x height on the X server: without a window manager (Xvfb)
 * GTK keeps a resize border of a few pixels inside that, and the window's widgets fill
 * what is left. Nothing in it asks for more than 1024 pixels. */
static void
assert_window_size (LabWindow *window, int width, int height)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  double border_x, border_y;
  int minimum;

  gtk_native_get_surface_transform (GTK_NATIVE (window), &border_x, &border_y);
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL,
                      NULL);
  g_test_message ("window %dx%d, its widgets %dx%d, the narrowest it can be %d",
                  gdk_surface_get_width (surface), gdk_surface_get_height (surface),
                  gtk_widget_get_width (GTK_WIDGET (window)),
                  gtk_widget_get_height (GTK_WIDGET (window)), minimum);
  g_assert_cmpint (gdk_surface_get_width (surface), ==, width);
  g_assert_cmpint (gdk_surface_get_height (surface), ==, height);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), ==, width - 2 * (int) border_x);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), ==, height - 2 * (int) border_y);
  g_assert_cmpint (minimum, <=, 1024); /* the border included */
}

/* The height of one line of a label's text, in its own font. */
static int
line_height (GtkWidget *label)
{
  g_autoptr (PangoLayout) layout = gtk_widget_create_pango_layout (label, "Xy");
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  return height;
}

static GtkWidget *
find_widget (GtkWidget *root, GType type, const char *css_class)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type)
      && (css_class == NULL || gtk_widget_has_css_class (root, css_class)))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, css_class);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The header's label with the step counter in it ("Step 1 of 18"). */
static GtkWidget *
step_counter (LabWindow *window)
{
  GtkWidget *first = find_widget (GTK_WIDGET (window->title), GTK_TYPE_LABEL, NULL);

  for (GtkWidget *w = first; w != NULL; w = gtk_widget_get_next_sibling (w))
    if (GTK_IS_LABEL (w) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (w)), "Step "))
      return w;
  g_assert_not_reached ();
}

static double
font_size (GtkWidget *widget)
{
  PangoContext *context = gtk_widget_get_pango_context (widget);

  return pango_font_description_get_size (pango_context_get_font_description (context));
}

static gboolean
get_boolean (LabWindow *window, const char *property)
{
  gboolean on;

  g_object_get (window, property, &on, NULL);
  return on;
}

/* The banner's button that shows the cause: it follows win.show-cause's state. */
static GtkWidget *
cause_button (LabWindow *window)
{
  GtkWidget *button = find_widget (GTK_WIDGET (window->banner), GTK_TYPE_BUTTON, "outcome-cause");

  g_assert_nonnull (button);
  return button;
}

static LabWindow *
open_window (const char *scenario)
{
  LabWindow *window = lab_gui_test_open_window ();
  LabDocument *document = lab_window_get_document (window);
  LabTrace *before = lab_document_get_trace (document);

  if (g_strcmp0 (scenario, "default") != 0)
    {
      lab_window_open_builtin (window, scenario);
      ITERATE_UNTIL (lab_document_get_trace (document) != before);
      lab_gui_test_wait_for_run (window);
    }
  return window;
}

/* A second click on a button: `xdotool mousemove --sync` waits for the pointer to move,
 * so it must go to another point of it than the first click's middle. */
static void
click_again (GtkWidget *button)
{
  lab_gui_test_click (button, gtk_widget_get_width (button) / 2.0 - 3,
                      gtk_widget_get_height (button) / 2.0 - 2);
}

/* The banner's title on one line, then the Why button opening the explanation. */
static void
assert_banner_one_line_then_why (LabWindow *window, const char *shot)
{
  LabOutcomeBanner *banner = window->banner;
  const char *why = lab_outcome_banner_get_why (banner);
  GtkWidget *title = lab_gui_test_find_label (GTK_WIDGET (banner),
                                              lab_outcome_banner_get_title (banner));
  GtkWidget *button = lab_gui_test_find_label (GTK_WIDGET (banner), "Why?");

  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (banner)));
  g_assert_nonnull (title);
  g_assert_nonnull (button);
  g_assert_cmpstr (why, !=, "");
  g_assert_cmpint (gtk_widget_get_height (title), <, 2 * line_height (title));
  g_assert_null (lab_gui_test_find_label (GTK_WIDGET (banner), why));

  lab_gui_test_click (button, -1, -1);
  g_assert_nonnull (lab_gui_test_find_label (GTK_WIDGET (banner), why));
  ITERATE_UNTIL (step_in_view (window)); /* the taller banner does not hide the step */
  if (shot != NULL)
    lab_gui_test_shoot_screen (shot);
  click_again (button);
  g_assert_null (lab_gui_test_find_label (GTK_WIDGET (banner), why));
  lab_gui_test_responsive ("closing the Why");
  g_assert_cmpint (gtk_widget_get_height (title), <, 2 * line_height (title));
}

/* Folded, the details open over the ladder from the header's button, and close again. */
static void
assert_details_from_header (LabWindow *window, const char *shot)
{
  GtkWidget *button = GTK_WIDGET (window->details_button);

  g_assert_false (adw_flap_get_reveal_flap (window->detail_flap));
  lab_gui_test_click (button, -1, -1);
  ITERATE_UNTIL (adw_flap_get_reveal_progress (window->detail_flap) == 1.0);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window->detail)));
  lab_gui_test_assert_visible (GTK_WIDGET (window->detail), 10, 10);
  lab_gui_test_shoot_screen (shot);
  click_again (button);
  ITERATE_UNTIL (adw_flap_get_reveal_progress (window->detail_flap) == 0.0);
}

/* Folded, the switches open over the ladder with F9, and close with it again. */
static void
assert_switches_over_ladder (LabWindow *window, const char *shot)
{
  g_assert_false (adw_flap_get_reveal_flap (window->flap));
  lab_gui_test_key (GTK_WINDOW (window), "F9");
  ITERATE_UNTIL (adw_flap_get_reveal_progress (window->flap) == 1.0);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window->panel)));
  lab_gui_test_shoot_screen (shot);
  lab_gui_test_key (GTK_WINDOW (window), "F9");
  ITERATE_UNTIL (adw_flap_get_reveal_progress (window->flap) == 0.0);
}

static void
shoot_light_and_dark (const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *dark = g_strconcat (name, "-dark", NULL);

  lab_gui_test_shoot_screen (name);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  lab_gui_test_shoot_screen (dark);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_projector_sizes (gconstpointer data)
{
  const Combination *c = data;
  LabWindow *window = open_window ("expired-certificate");
  LabDocument *document = lab_window_get_document (window);
  double counter_normal = font_size (step_counter (window));
  g_autofree char *name
    = g_strdup_printf ("projector-%dx%d%s%s", c->width, c->height,
                       c->presenter ? "-presenter" : "", c->lesson ? "-lesson" : "");
  /* The Why opened, at the narrowest size only: the shots take time. */
  g_autofree char *why_shot = c->width == 1024 ? g_strconcat (name, "-why", NULL) : NULL;
  g_autofree char *details_shot = g_strconcat (name, "-details", NULL);
  g_autofree char *switches_shot = g_strconcat (name, "-switches", NULL);
  guint seen;

  if (c->lesson)
    {
      g_assert_true (lab_lesson_progress_save ("05-certificate-failures", 0, -1, NULL));
      lab_window_open_builtin_lesson (window, "05-certificate-failures");
      ITERATE_UNTIL (!window->lesson_pending);
      lab_gui_test_wait_for_run (window);
    }
  /* A projector's screen; in presenter mode, as full screen would make it (without a
   * window manager, full screen keeps the window's size). */
  lab_gui_test_resize (GTK_WINDOW (window), c->width, c->height);
  if (c->presenter)
    {
      lab_gui_test_key (GTK_WINDOW (window), "F11");
      g_assert_true (get_boolean (window, "presenter"));
    }
  assert_window_size (window, c->width, c->height);

  lab_gui_test_key (GTK_WINDOW (window), "Home");
  g_assert_cmpint (lab_document_get_step (document), ==, 0);
  lab_gui_test_responsive ("laying the ladder out at its top");
  seen = steps_in_view (window);
  g_test_message ("%dx%d%s%s: %u steps in view; switches %s, details %s", c->width, c->height,
                  c->presenter ? " presenter" : "", c->lesson ? " lesson" : "", seen,
                  !adw_flap_get_reveal_flap (window->flap) ? "hidden"
                  : adw_flap_get_folded (window->flap)     ? "over the ladder"
                                                           : "beside it",
                  adw_flap_get_folded (window->detail_flap) ? "folded" : "beside the ladder");
  g_assert_cmpuint (seen, >=, c->min_steps);
  g_assert_cmpint (adw_flap_get_folded (window->detail_flap), ==, c->details_folded);

  /* The outcome on the alert's step (the lesson's second page), or the ladder's last. */
  lab_gui_test_key (GTK_WINDOW (window), c->lesson ? "Page_Down" : "End");
  if (c->lesson)
    {
      ITERATE_UNTIL (!window->lesson_pending);
      g_assert_cmpuint (lab_lesson_pane_get_page (window->lesson_pane), ==, 1);
      g_assert_true (lab_document_get_current_step (document)->is_fatal);
    }
  assert_banner_one_line_then_why (window, why_shot);
  if (c->presenter)
    g_assert_cmpfloat (font_size (step_counter (window)), >=, counter_normal * 1.5);
  else
    g_assert_cmpfloat (font_size (step_counter (window)), ==, counter_normal);
  if (adw_flap_get_folded (window->flap) && !c->presenter && !c->lesson)
    assert_switches_over_ladder (window, switches_shot);
  if (adw_flap_get_folded (window->detail_flap))
    {
      assert_details_from_header (window, details_shot);
      /* Show the cause opens them where it shows the cause: the failed check. */
      lab_gui_test_click (cause_button (window), -1, -1);
      ITERATE_UNTIL (adw_flap_get_reveal_progress (window->detail_flap) == 1.0);
      g_assert_cmpstr (lab_detail_pane_get_tab (window->detail), ==, "certificates");
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window->detail)));
      lab_gui_test_click (GTK_WIDGET (window->details_button), -1, -1);
      ITERATE_UNTIL (adw_flap_get_reveal_progress (window->detail_flap) == 0.0);
    }
  shoot_light_and_dark (name);
  lab_gui_test_close_window (window);
}

/* The step that decides the outcome: the fatal alert's, or the last for a success. */
static int
deciding_step (LabWindow *window)
{
  LabDocument *document = lab_window_get_document (window);
  GPtrArray *steps = lab_document_get_steps (document);

  if (lab_trace_get_outcome (lab_document_get_trace (document))->result == LAB_RESULT_SUCCESS)
    return (int) steps->len - 1;
  for (guint i = 0; i < steps->len; i++)
    if (((LabStep *) g_ptr_array_index (steps, i))->is_fatal)
      return (int) i;
  g_assert_not_reached ();
}

static void
assert_revealed (LabWindow *window, gboolean revealed)
{
  int step = lab_document_get_step (lab_window_get_document (window));
  gboolean failed = lab_trace_get_outcome (lab_document_get_trace (
                      lab_window_get_document (window)))->result != LAB_RESULT_SUCCESS;

  if (gtk_widget_get_visible (GTK_WIDGET (window->banner)) != revealed)
    g_error ("at step %d the banner is %s", step + 1, revealed ? "hidden" : "shown");
  g_assert_cmpint (lab_outcome_banner_get_withheld (window->banner), ==, !revealed);
  /* Show the cause, and whatever shortcut it has, only once the outcome is out. */
  g_assert_cmpint (gtk_widget_get_sensitive (cause_button (window)), ==, revealed && failed);
}

/* Suspense: on by default in presenter mode, the banner waits for the deciding step,
 * stepping through with Right; Left before it hides it again. */
static void
test_projector_suspense (gconstpointer data)
{
  const char *scenario = data;
  LabWindow *window = open_window (scenario);
  LabDocument *document = lab_window_get_document (window);
  int n = (int) lab_document_get_steps (document)->len, deciding = deciding_step (window);
  g_autofree char *shot = g_strdup_printf ("projector-suspense-%s", scenario);

  /* Off in normal mode: the banner shows from the first step, as it always did. */
  g_assert_false (get_boolean (window, "suspense"));
  assert_revealed (window, TRUE);
  lab_gui_test_key (GTK_WINDOW (window), "F11");
  g_assert_true (get_boolean (window, "presenter"));
  g_assert_true (get_boolean (window, "suspense"));
  lab_gui_test_resize (GTK_WINDOW (window), 1280, 720);

  lab_gui_test_key (GTK_WINDOW (window), "Home");
  for (int step = 0;; step++)
    {
      g_assert_cmpint (lab_document_get_step (document), ==, step);
      assert_revealed (window, step >= deciding);
      if (step == deciding - 1)
        {
          /* Withheld, Show the cause does nothing, whatever asks for it. */
          gtk_widget_activate_action (GTK_WIDGET (window), "win.show-cause", NULL);
          lab_gui_test_responsive ("asking for the cause before the ending");
          g_assert_cmpint (lab_document_get_step (document), ==, step);
        }
      if (step == n - 1)
        break;
      lab_gui_test_key (GTK_WINDOW (window), "Right");
    }
  lab_gui_test_key (GTK_WINDOW (window), "End");
  lab_gui_test_shoot_screen (shot);

  /* Back to the deciding step, then one before it: hidden again. */
  while (lab_document_get_step (document) > deciding)
    lab_gui_test_key (GTK_WINDOW (window), "Left");
  assert_revealed (window, TRUE);
  lab_gui_test_key (GTK_WINDOW (window), "Left");
  g_assert_cmpint (lab_document_get_step (document), ==, deciding - 1);
  assert_revealed (window, FALSE);

  /* Show the cause goes back to the cause, and the banner that sent it there stays. */
  if (lab_trace_get_outcome (lab_document_get_trace (document))->result != LAB_RESULT_SUCCESS)
    {
      int cause;

      lab_gui_test_key (GTK_WINDOW (window), "Right");
      lab_gui_test_click (cause_button (window), -1, -1);
      cause = lab_document_get_step (document);
      g_test_message ("deciding step %d, cause step %d", deciding + 1, cause + 1);
      g_assert_cmpint (cause, <=, deciding);
      assert_revealed (window, TRUE);
      if (cause > 0 && cause < deciding)
        {
          /* Stepping with the Bytes tab of a changed record on show can draw a hex view's
           * scrollbar before GTK has placed it (a warning this test is not about). */
          lab_gui_test_click (lab_gui_test_find_label (GTK_WIDGET (window->detail), "Fields"),
                              -1, -1);
          lab_gui_test_key (GTK_WINDOW (window), "Left");
          assert_revealed (window, FALSE);
          lab_gui_test_key (GTK_WINDOW (window), "Right");
          assert_revealed (window, FALSE); /* walking the story again keeps the ending */
        }
    }

  /* Set by hand, suspense stays as set, whatever the mode: off in presenter mode ... */
  lab_gui_test_key (GTK_WINDOW (window), "Home");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.suspense", NULL);
  g_assert_false (get_boolean (window, "suspense"));
  assert_revealed (window, TRUE);
  lab_gui_test_key (GTK_WINDOW (window), "Escape");
  g_assert_false (get_boolean (window, "presenter"));
  lab_gui_test_key (GTK_WINDOW (window), "F11");
  g_assert_false (get_boolean (window, "suspense"));
  /* ... and on in normal mode. */
  lab_gui_test_key (GTK_WINDOW (window), "Escape");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.suspense", NULL);
  g_assert_true (get_boolean (window, "suspense"));
  assert_revealed (window, deciding == 0);
  lab_gui_test_close_window (window);
}

/* A window on a scenario at 1600x1000, the README's pictures' size. GTK keeps a window
 * and its resize border inside the screen, so this needs a screen larger than tools/test's
 * 1600x1000 (see main). */
static LabWindow *
open_readme_window (const char *scenario)
{
  LabWindow *window = lab_gui_test_open_window ();
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (window));

  lab_gui_test_close_window (window);
  window = lab_window_new (LAB_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 1610, 1010); /* with the border */
  lab_window_open_builtin (window, scenario);
  gtk_window_present (GTK_WINDOW (window));
  ITERATE_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  lab_gui_test_wait_for_run (window);
  ITERATE_UNTIL (gtk_widget_get_width (GTK_WIDGET (window)) == 1600
                 && gtk_widget_get_height (GTK_WIDGET (window)) == 1000);
  return window;
}

/* The README's two pictures in data/screenshots, at 1600x1000 as they are there:
 * gui-shots/readme-main-window.png and gui-shots/readme-lesson.png, copied by hand. */
static void
test_projector_readme_shots (void)
{
  LabWindow *window = open_readme_window ("expired-certificate");
  GtkWidget *choice;

  lab_gui_test_click (cause_button (window), -1, -1);
  g_assert_true (lab_document_get_current_step (lab_window_get_document (window))->is_fatal);
  lab_gui_test_click (lab_gui_test_find_label (GTK_WIDGET (window->banner), "Why?"), -1, -1);
  g_assert_cmpuint (lab_gui_test_shoot (window, "readme-main-window"), >, 20000);
  lab_gui_test_close_window (window);

  window = open_readme_window ("default");
  g_assert_true (lab_lesson_progress_save ("02-hello", 2, -1, NULL));
  lab_window_open_builtin_lesson (window, "02-hello");
  ITERATE_UNTIL (!window->lesson_pending);
  lab_gui_test_wait_for_run (window);
  choice = lab_gui_test_find_label (GTK_WIDGET (window->lesson_pane),
                                    "Two unrelated values: each side picks its own");
  g_assert_nonnull (choice);
  lab_gui_test_responsive ("laying the lesson's page out");
  lab_gui_test_click (choice, -1, -1);
  g_assert_true (gtk_check_button_get_active (
    GTK_CHECK_BUTTON (gtk_widget_get_ancestor (choice, GTK_TYPE_CHECK_BUTTON))));
  lab_gui_test_click (lab_gui_test_find_label (GTK_WIDGET (window->lesson_pane), "Check"), -1, -1);
  g_assert_cmpuint (lab_gui_test_shoot (window, "readme-lesson"), >, 20000);
  lab_gui_test_close_window (window);
}

int
main (int argc, char **argv)
{
  g_autofree char *data_dir = g_dir_make_tmp ("lab-gui-projector-XXXXXX", NULL);
  int status;

  /* Before GLib reads it: the learner's progress goes to a fresh directory. */
  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
  if (!lab_gui_test_init (&argc, &argv))
    return 0;
  if (!lab_gui_test_events_init ())
    {
      /* tools/install-deps installs xdotool, and tools/test starts an X server. */
      g_print ("Bail out! real events need xdotool and an X11 display\n");
      return 1;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (combinations); i++)
    {
      const Combination *c = &combinations[i];
      g_autofree char *path = g_strdup_printf ("/gui/projector/%dx%d/%s/%s", c->width, c->height,
                                               c->presenter ? "presenter" : "normal",
                                               c->lesson ? "lesson" : "no-lesson");

      g_test_add_data_func (path, c, test_projector_sizes);
    }
  g_test_add_data_func ("/gui/projector/suspense/expired-certificate", "expired-certificate",
                        test_projector_suspense);
  g_test_add_data_func ("/gui/projector/suspense/default", "default", test_projector_suspense);
  /* The cause (the ClientHello the wire changed) comes long before the alert. */
  g_test_add_data_func ("/gui/projector/suspense/flip-client-random", "flip-client-random",
                        test_projector_suspense);
  /* By hand, when the window's look changed, on a larger screen: Xvfb :N -screen 0
   * 1920x1200x24, then LAB_README_SHOTS=1 DISPLAY=:N tests/test-gui-projector -p
   * /gui/projector/readme-shots, and copy the two PNGs to data/screenshots. */
  if (g_getenv ("LAB_README_SHOTS") != NULL)
    g_test_add_func ("/gui/projector/readme-shots", test_projector_readme_shots);
  status = lab_gui_test_run ();
  lab_test_remove_tree (data_dir);
  return status;
}
