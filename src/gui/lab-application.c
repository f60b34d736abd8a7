/* lab-application.c: the application object: windows, app-wide actions, About. */
#include "lab-application.h"
#include "lab-window.h"

struct _LabApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (LabApplication, lab_application, ADW_TYPE_APPLICATION)

static void
lab_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      window = GTK_WINDOW (lab_window_new (LAB_APPLICATION (app)));
      lab_window_open_builtin (LAB_WINDOW (window), "default");
    }
  gtk_window_present (window);
}

/* `handshake-lab FILE.scenario|FILE.lesson|FILE.pcapng...`: a window per file, each on
 * its own run. A file that does not load leaves its window on the default scenario, with
 * the error shown; so does a capture while it is being read. */
static void
lab_application_open (GApplication *app, GFile **files, int n_files, const char *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      LabWindow *window = lab_window_new (LAB_APPLICATION (app));
      g_autofree char *name = g_file_get_basename (files[i]);
      gboolean capture = g_str_has_suffix (name, ".pcapng") || g_str_has_suffix (name, ".pcap");
      gboolean opened = !capture && (g_str_has_suffix (name, ".lesson")
                                       ? lab_window_open_lesson_file (window, files[i])
                                       : lab_window_open_file (window, files[i]));

      /* Read off the main thread: shown once read, over the default run started below. */
      if (capture)
        lab_window_open_capture (window, files[i], NULL, NULL, NULL);
      gtk_window_present (GTK_WINDOW (window));
      if (!opened)
        lab_window_open_builtin (window, "default");
    }
}

static void
quit_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  const char *developers[] = { "The Handshake Lab team", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", "Handshake Lab",
                         "application-icon", LAB_APP_ID,
                         "version", LAB_VERSION,
                         "comments", "Step through a real TLS 1.2 handshake, byte by byte.",
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "about", about_activated },
};

static void
lab_application_startup (GApplication *app)
{
  const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (lab_application_parent_class)->startup (app);
  /* The icon ships inside the binary too (the resource's icons/ folder is on the theme's
   * search path), so windows have it even when not installed. */
  gtk_window_set_default_icon_name (LAB_APP_ID);
  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
}

static void
lab_application_class_init (LabApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = lab_application_activate;
  app_class->open = lab_application_open;
  app_class->startup = lab_application_startup;
}

static void
lab_application_init (LabApplication *self)
{
}

LabApplication *
lab_application_new (void)
{
  return g_object_new (LAB_TYPE_APPLICATION,
                       "application-id", LAB_APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/handshakelab/HandshakeLab",
                       NULL);
}
