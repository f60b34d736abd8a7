#include "lab-gui-test-util.h"

#include <glib/gstdio.h>

static LabApplication *app;

gboolean
lab_gui_test_init (int *argc, char ***argv)
{
  /* gtk_test_init aborts without a display; tools/test starts Xvfb. */
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display\n");
      return FALSE;
    }
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "test", FALSE);
  gtk_test_init (argc, argv, NULL);
  adw_init ();
  app = lab_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  return TRUE;
}

int
lab_gui_test_run (void)
{
  int status = g_test_run ();

  g_clear_object (&app);
  return status;
}

void
lab_gui_test_iterate (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

void
lab_gui_test_wait_for_run (LabWindow *window)
{
  LabDocument *document = lab_window_get_document (window);

  double y, height;

  ITERATE_UNTIL (!lab_document_get_running (document) && lab_document_get_trace (document));
  /* A new window shows its panes only after its first frame (lab-window-loading.c): wait
   * until they are shown and the ladder laid out. */
  ITERATE_UNTIL (gtk_widget_get_visible (window->zoom_box)
                 && (lab_document_get_steps (document)->len == 0
                     || lab_ladder_view_get_step_extent (window->ladder, 0, &y, &height)));
  lab_gui_test_iterate (150); /* let layout and drawing catch up */
}

LabWindow *
lab_gui_test_open_window (void)
{
  LabWindow *window = lab_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1500, 920);
  lab_window_open_builtin (window, "default");
  gtk_window_present (GTK_WINDOW (window));
  ITERATE_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  lab_gui_test_wait_for_run (window);
  return window;
}

gsize
lab_gui_test_shoot (LabWindow *window, const char *name)
{
  return lab_gui_test_shoot_widget (GTK_WIDGET (window), name);
}

gsize
lab_gui_test_shoot_widget (GtkWidget *widget, const char *name)
{
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

      lab_gui_test_iterate (50);
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), gtk_widget_get_width (widget),
                              gtk_widget_get_height (widget));
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return (gsize) st.st_size;
}

void
lab_gui_test_close_window (LabWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  lab_gui_test_iterate (50);
}

int
lab_gui_test_find_step (LabWindow *window, const char *title)
{
  GPtrArray *steps = lab_document_get_steps (lab_window_get_document (window));

  for (guint i = 0; i < steps->len; i++)
    if (g_str_equal (((LabStep *) g_ptr_array_index (steps, i))->title, title))
      return (int) i;
  g_assert_not_reached ();
}

void
lab_gui_test_activate (LabWindow *window, const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action, NULL));
  lab_gui_test_iterate (50);
}

GtkWidget *
lab_gui_test_find_label (GtkWidget *root, const char *text)
{
  if (!gtk_widget_get_mapped (root))
    return NULL;
  if (GTK_IS_LABEL (root) && g_str_equal (gtk_label_get_text (GTK_LABEL (root)), text))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = lab_gui_test_find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

void
lab_gui_test_assert_visible (GtkWidget *widget, double x, double y)
{
  GtkWidget *viewport = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  graphene_point_t point;

  if (viewport == NULL)
    viewport = GTK_WIDGET (gtk_widget_get_native (widget));
  g_assert_true (gtk_widget_compute_point (widget, viewport, &GRAPHENE_POINT_INIT ((float) x, (float) y),
                                           &point));
  g_assert_cmpfloat (point.x, >=, 0);
  g_assert_cmpfloat (point.y, >=, 0);
  g_assert_cmpfloat (point.x, <, gtk_widget_get_width (viewport));
  g_assert_cmpfloat (point.y, <, gtk_widget_get_height (viewport));
}
