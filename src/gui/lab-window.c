/* lab-window.c: the main window. Until the step-through views land (issue "The window"),
 * it says so plainly and points at the CLI, which is complete. */
#include "lab-window.h"

struct _LabWindow
{
  AdwApplicationWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (LabWindow, lab_window, ADW_TYPE_APPLICATION_WINDOW)

static void
lab_window_class_init (LabWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/handshakelab/HandshakeLab/ui/lab-window.ui");
}

static void
lab_window_init (LabWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

LabWindow *
lab_window_new (LabApplication *app)
{
  return g_object_new (LAB_TYPE_WINDOW, "application", app, NULL);
}
