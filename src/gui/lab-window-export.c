/* lab-window-export.c: the Export menu: the ladder as PNG, SVG or PDF (drawn by the
 * render code of `diagram`), the run as JSON, pcapng or key log. Its two check items,
 * export.slide and export.hide-unsent, shape the ladder pictures as `diagram --slide` and
 * `--hide-unsent` do. */
#include "lab-file-chooser.h"
#include "lab-window-private.h"
#include "engine/export/lab-export.h"
#include "engine/export/lab-json.h"
#include "engine/export/lab-trace-json.h"
#include "render/lab-ladder-export.h"

#include <string.h>

static gboolean
write_json (LabWindow *self, const char *path, GError **error)
{
  g_autoptr (JsonNode) node = lab_trace_to_json (lab_document_get_trace (self->document),
                                                 lab_document_get_scenario (self->document));

  return lab_json_save (node, path, error);
}

static gboolean
export_option (LabWindow *self, const char *name)
{
  g_autoptr (GVariant) state = g_action_group_get_action_state (self->export_options, name);

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

/* user_data: the format */
static void
export_file_chosen (GtkWindow *window, GFile *file, gboolean choice, gpointer user_data)
{
  LabWindow *self = LAB_WINDOW (window);
  g_autofree char *path = g_file_get_path (file);
  g_autoptr (GError) error = NULL;

  if (path != NULL && lab_window_export (self, user_data, path, &error))
    {
      g_autofree char *name = g_file_get_basename (file);
      lab_window_toast (self, "Saved “%s”", name);
    }
  else
    lab_window_toast (self, "Could not save: %s", error ? error->message : "not a local file");
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
  LabFileRequest request = { .accept_label = "_Export" };

  while (kind + 1 < G_N_ELEMENTS (kinds) && !g_str_equal (kinds[kind].format, shape))
    kind++;
  if (dot != NULL)
    *dot = '\0';
  name = g_strconcat (base, kinds[kind].suffix, NULL);
  request.title = kinds[kind].title;
  request.save_as = name;
  lab_file_chooser_ask (GTK_WINDOW (self), &request, export_file_chosen, g_strdup (format),
                        g_free);
}

void
lab_window_export_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.export", "s", export_action);
}

void
lab_window_export_init (LabWindow *self)
{
  GSimpleActionGroup *options = g_simple_action_group_new ();
  /* Boolean state and no parameter: a check item, toggled by GSimpleAction itself. */
  static const GActionEntry entries[] = {
    { "slide", NULL, NULL, "false" },
    { "hide-unsent", NULL, NULL, "false" },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (options), entries, G_N_ELEMENTS (entries), NULL);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "export", G_ACTION_GROUP (options));
  self->export_options = G_ACTION_GROUP (options);
}
