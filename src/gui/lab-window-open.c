/* lab-window-open.c: opening scenarios: the scenario chooser (lab-scenario-chooser.c) in
 * the header bar, shipped scenarios by name, recent files, and Open Scenario File…; and
 * how the window says that a file did not open. */
#include "lab-file-chooser.h"
#include "lab-scenario-chooser.h"
#include "lab-window-private.h"

/* ---- the scenario chooser ---- */

void
lab_window_update_scenario_menu (LabWindow *self)
{
  lab_scenario_chooser_load (
    LAB_SCENARIO_CHOOSER (gtk_menu_button_get_popover (self->scenario_button)));
}

/* ---- opening ---- */

void
lab_window_open_builtin (LabWindow *self, const char *name)
{
  g_autoptr (GError) error = NULL;
  LabScenario *scenario = lab_scenario_load_builtin (name, &error);

  g_return_if_fail (LAB_IS_WINDOW (self));

  if (scenario == NULL)
    {
      lab_window_toast (self, "%s", error->message);
      return;
    }
  lab_document_load (self->document, scenario);
}

void
lab_window_show_open_error (LabWindow *self, GFile *file, const GError *error)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *heading = g_strdup_printf ("Could not open “%s”", name);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, NULL);

  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  "%s\n\nThe current run stays as it was.", error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", "_Close");
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
lab_window_open_file (LabWindow *self, GFile *file)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *uri = g_file_get_uri (file);
  LabScenario *scenario;

  g_return_val_if_fail (LAB_IS_WINDOW (self), FALSE);

  scenario = path ? lab_scenario_load_file (path, &error) : NULL;
  if (scenario == NULL)
    {
      if (error == NULL)
        g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "%s is not a local file", uri);
      lab_window_show_open_error (self, file, error);
      return FALSE;
    }
  gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
  lab_document_load (self->document, scenario);
  return TRUE;
}

/* ---- the actions ---- */

/* Chosen from the scenario chooser (or the note that brings the lab back): the ladder
 * takes the keys again, so that Space plays the new run rather than reopen the chooser. */
static void
open_builtin_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  lab_window_open_builtin (LAB_WINDOW (widget), g_variant_get_string (parameter, NULL));
  gtk_widget_grab_focus (GTK_WIDGET (LAB_WINDOW (widget)->ladder));
}

static void
open_recent_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  g_autoptr (GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  lab_window_open_file (LAB_WINDOW (widget), file);
  gtk_widget_grab_focus (GTK_WIDGET (LAB_WINDOW (widget)->ladder));
}

static void
scenario_file_chosen (GtkWindow *window, GFile *file, gboolean choice, gpointer user_data)
{
  lab_window_open_file (LAB_WINDOW (window), file);
}

static void
open_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  static const char *const suffixes[] = { "scenario", NULL };
  const LabFileRequest request = {
    .title = "Open Scenario",
    .accept_label = "_Open",
    .filter_name = "Scenarios",
    .suffixes = suffixes,
  };

  lab_file_chooser_ask (GTK_WINDOW (widget), &request, scenario_file_chosen, NULL, NULL);
}

void
lab_window_open_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-builtin", "s", open_builtin_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
}

void
lab_window_open_init (LabWindow *self)
{
  /* filled in once the first frame is on screen (lab-window-loading.c) */
  gtk_menu_button_set_popover (self->scenario_button, lab_scenario_chooser_new ());
}
