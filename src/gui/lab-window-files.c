/* lab-window-files.c: the scenario chooser (lab-scenario-chooser.c) in the header bar,
 * opening files, and exporting the ladder (the render code of `diagram`) and the run.
 * The Export menu's two check items, export.slide and export.hide-unsent, shape the
 * ladder pictures as `diagram --slide` and `--hide-unsent` do. */
#include "lab-scenario-chooser.h"
#include "lab-window-private.h"
#include "engine/export/lab-export.h"
#include "engine/export/lab-json.h"
#include "engine/export/lab-trace-json.h"
#include "render/lab-ladder-export.h"

#include <string.h>

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

G_GNUC_BEGIN_IGNORE_DEPRECATIONS /* GtkFileChooserNative: the API GTK 4.8 has */

typedef gboolean (*OpenFunc) (LabWindow *self, GFile *file);

static void
open_response (GtkNativeDialog *dialog, int response, LabWindow *self)
{
  OpenFunc open = g_object_get_data (G_OBJECT (dialog), "lab-open");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      open (self, file);
    }
  g_object_unref (dialog);
}

void
lab_window_choose_file (LabWindow *self, const char *title, const char *filter_name,
                        const char *suffix, OpenFunc open)
{
  GtkFileChooserNative *dialog
    = gtk_file_chooser_native_new (title, GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                   "_Open", "_Cancel");
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, filter_name);
  gtk_file_filter_add_suffix (filter, suffix);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_object_unref (filter);
  g_object_set_data (G_OBJECT (dialog), "lab-open", open);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (open_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
open_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  lab_window_choose_file (LAB_WINDOW (widget), "Open Scenario", "Scenarios", "scenario",
                          lab_window_open_file);
}

/* ---- exporting ---- */

static gboolean
write_json (LabWindow *self, const char *path, GError **error)
{
  g_autoptr (JsonNode) node = lab_trace_to_json (lab_document_get_trace (self->document),
                                                 lab_document_get_scenario (self->document));

  return lab_json_save (node, path, error);
}

#define EXPORT_ACTIONS "lab-export-actions"

static gboolean
export_option (LabWindow *self, const char *name)
{
  GActionGroup *group = g_object_get_data (G_OBJECT (self), EXPORT_ACTIONS);
  g_autoptr (GVariant) state = g_action_group_get_action_state (group, name);

  return g_variant_get_boolean (state);
}

gboolean
lab_window_export (LabWindow *self, const char *format, const char *path, GError **error)
{
  LabTrace *trace = lab_document_get_trace (self->document);
  LabLadderExportOptions options = {
    .title = lab_document_get_title (self->document),
    .palette = lab_ladder_palette_light (),
    .state = { .current = -1, .captions = lab_document_get_captions (self->document) },
    .scale = 2, /* PNG: sharp on a slide or a HiDPI screen; a slide 1920x1080 */
    .slide = export_option (self, "slide"),
    .hide_unsent = export_option (self, "hide-unsent"),
    /* no scenario: a capture or a real server's handshake, not two peers the lab ran */
    .observed = lab_document_get_scenario (self->document) == NULL,
  };

  g_return_val_if_fail (LAB_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (trace != NULL, FALSE);

  if (g_str_equal (format, "json"))
    return write_json (self, path, error);
  if (g_str_equal (format, "pcapng"))
    return lab_export_pcapng (trace, path, error);
  if (g_str_equal (format, "keylog"))
    return lab_export_keylog (trace, path, error);
  return lab_ladder_export (trace, lab_document_get_steps (self->document), &options, path,
                            error);
}

static void
export_response (GtkNativeDialog *dialog, int response, LabWindow *self)
{
  const char *format = g_object_get_data (G_OBJECT (dialog), "lab-format");
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  if (response != GTK_RESPONSE_ACCEPT)
    {
      g_object_unref (dialog);
      return;
    }
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  path = g_file_get_path (file);
  if (path != NULL && lab_window_export (self, format, path, &error))
    {
      g_autofree char *name = g_file_get_basename (file);
      lab_window_toast (self, "Saved “%s”", name);
    }
  else
    lab_window_toast (self, "Could not save: %s", error ? error->message : "not a local file");
  g_object_unref (dialog);
}

static void
export_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);
  const char *format = g_variant_get_string (parameter, NULL);
  /* format: the window title and the file name's ending */
  static const struct
  {
    const char *format, *title, *suffix;
  } kinds[] = {
    { "png", "Export the Ladder as PNG", "-ladder.png" },
    { "svg", "Export the Ladder as SVG", "-ladder.svg" },
    { "pdf", "Export the Ladder as PDF", "-ladder.pdf" },
    { "slide-png", "Export a Slide as PNG", "-slide.png" },
    { "slide-svg", "Export a Slide as SVG", "-slide.svg" },
    { "slide-pdf", "Export the Ladder as Slides (PDF)", "-slides.pdf" },
    { "json", "Export the Run as JSON", ".json" },
    { "pcapng", "Export a Capture for Wireshark", ".pcapng" },
    { "keylog", "Export the Key Log", "-keylog.txt" },
  };
  gsize kind = 0;
  GtkFileChooserNative *dialog;
  const LabScenario *scenario = lab_document_get_scenario (self->document);
  /* The scenario file's name, else the title of what is on show up to its first space
   * ("trace.pcapng · 2 of 3", "example.com:443"). */
  g_autofree char *base = scenario ? g_path_get_basename (scenario->source)
                                   : g_strdup (lab_document_get_title (self->document));
  g_autofree char *name = NULL;
  char *dot = strchr (base, scenario ? '.' : ' ');

  static const char *const ladder_formats[] = { "png", "svg", "pdf", NULL };
  /* the ladder's pictures come in two shapes, tall or slides */
  gboolean slide = g_strv_contains (ladder_formats, format) && export_option (self, "slide");
  g_autofree char *shape = g_strconcat (slide ? "slide-" : "", format, NULL);

  while (kind + 1 < G_N_ELEMENTS (kinds) && !g_str_equal (kinds[kind].format, shape))
    kind++;
  dialog = gtk_file_chooser_native_new (kinds[kind].title, GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, "_Export", "_Cancel");
  if (dot != NULL)
    *dot = '\0';
  name = g_strconcat (base, kinds[kind].suffix, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_object_set_data_full (G_OBJECT (dialog), "lab-format", g_strdup (format), g_free);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (export_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

G_GNUC_END_IGNORE_DEPRECATIONS

void
lab_window_files_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-builtin", "s", open_builtin_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.export", "s", export_action);
}

void
lab_window_files_init (LabWindow *self)
{
  GSimpleActionGroup *export_actions = g_simple_action_group_new ();
  /* Boolean state and no parameter: a check item, toggled by GSimpleAction itself. */
  static const GActionEntry export_options[] = {
    { "slide", NULL, NULL, "false" },
    { "hide-unsent", NULL, NULL, "false" },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (export_actions), export_options,
                                   G_N_ELEMENTS (export_options), NULL);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "export", G_ACTION_GROUP (export_actions));
  g_object_set_data_full (G_OBJECT (self), EXPORT_ACTIONS, export_actions, g_object_unref);

  /* filled in once the first frame is on screen (lab-window-loading.c) */
  gtk_menu_button_set_popover (self->scenario_button, lab_scenario_chooser_new ());
}
