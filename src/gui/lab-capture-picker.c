/* lab-capture-picker.c: one activatable row per TLS connection of an import, in the
 * order they appear in the capture. */
#include "lab-capture-picker.h"
#include "engine/trace/lab-steps.h"

struct _LabCapturePicker
{
  AdwWindow parent_instance;

  /* template */
  AdwWindowTitle *window_title;
  GtkLabel *intro;
  GtkListBox *list;

  LabImport *import;
};

G_DEFINE_FINAL_TYPE (LabCapturePicker, lab_capture_picker, ADW_TYPE_WINDOW)

enum
{
  CONNECTION_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The suite as the ServerHello's facts name it ("TLS_ECDHE_RSA_WITH_…"), else all of
 * its facts; NULL without a ServerHello. */
static char *
chosen_suite (LabTrace *trace)
{
  g_autoptr (GPtrArray) steps = lab_steps_from_trace (trace);

  for (guint i = 0; i < steps->len; i++)
    {
      const LabStep *step = g_ptr_array_index (steps, i);
      g_auto (GStrv) facts = NULL;

      if (step->never_happened || !g_str_equal (step->title, "ServerHello") || !step->facts)
        continue;
      facts = g_strsplit (step->facts, ", ", -1);
      for (guint j = 0; facts[j] != NULL; j++)
        if (g_str_has_prefix (facts[j], "TLS_"))
          return g_strdup (facts[j]);
      return g_strdup (step->facts);
    }
  return NULL;
}

static char *
describe_outcome (const LabOutcome *outcome)
{
  const LabAlertInfo *alert = outcome->alert >= 0 ? lab_alert_lookup ((guint8) outcome->alert)
                                                  : NULL;

  switch (outcome->result)
    {
    case LAB_RESULT_SUCCESS:
      return g_strdup ("handshake completed");
    case LAB_RESULT_ALERT:
      return g_strdup_printf ("the %s sent a fatal %s", lab_side_name (outcome->sent_by),
                              alert ? alert->name : "alert");
    case LAB_RESULT_TIMEOUT:
    case LAB_RESULT_ERROR:
    default:
      return g_strdup ("handshake not finished in the capture");
    }
}

char *
lab_capture_describe_connection (const LabImportedConnection *connection)
{
  g_autofree char *suite = chosen_suite (connection->trace);
  g_autofree char *outcome = describe_outcome (lab_trace_get_outcome (connection->trace));

  return g_strdup_printf ("%s · %s · from frame %u", suite ? suite : "no ServerHello", outcome,
                          connection->first_frame);
}

static GtkWidget *
decrypted_tag (gboolean decrypted)
{
  GtkWidget *tag = gtk_label_new (decrypted ? "Decrypted" : "Not decrypted");

  gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (tag, "capture-tag");
  gtk_widget_add_css_class (tag, decrypted ? "decrypted" : "encrypted");
  gtk_widget_set_tooltip_text (tag, decrypted
                                      ? "The key log has this connection’s master secret: "
                                        "every record opens"
                                      : "No master secret for this connection: the records "
                                        "after ChangeCipherSpec stay closed");
  return tag;
}

static GtkWidget *
connection_row (const LabImportedConnection *connection, guint index)
{
  g_autofree char *title = g_strdup_printf ("%s → %s", connection->client, connection->server);
  g_autofree char *subtitle = lab_capture_describe_connection (connection);
  g_autofree char *number = g_strdup_printf ("%u", index + 1);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (number);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "numeric");
  gtk_label_set_width_chars (GTK_LABEL (label), 2);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), label);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), decrypted_tag (connection->decrypted));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

static char *
intro_text (const LabImport *import)
{
  guint n = import->connections->len, decrypted = 0;
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    decrypted += ((LabImportedConnection *) g_ptr_array_index (import->connections, i))->decrypted;
  g_string_printf (text, "This capture holds %u TLS connections. Choose one to step through "
                         "its handshake.", n);
  if (decrypted == 0)
    g_string_append (text, " No key log opened any of them, so each shows its handshake up "
                           "to ChangeCipherSpec but not what was encrypted after it.");
  else if (decrypted < n)
    g_string_append_printf (text, " The key log opened %u of them.", decrypted);
  if (import->other_connections > 0)
    g_string_append_printf (text, " %u other TCP connection%s carried no TLS and %s left out.",
                            import->other_connections,
                            import->other_connections == 1 ? "" : "s",
                            import->other_connections == 1 ? "is" : "are");
  return g_string_free (text, FALSE);
}

static void
row_activated (LabCapturePicker *self, GtkListBoxRow *row)
{
  guint index = (guint) gtk_list_box_row_get_index (row);

  g_object_ref (self);
  g_signal_emit (self, signals[CONNECTION_CHOSEN], 0, index);
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);
}

const LabImport *
lab_capture_picker_get_import (LabCapturePicker *self)
{
  g_return_val_if_fail (LAB_IS_CAPTURE_PICKER (self), NULL);
  return self->import;
}

GtkWidget *
lab_capture_picker_get_row (LabCapturePicker *self, guint index)
{
  g_return_val_if_fail (LAB_IS_CAPTURE_PICKER (self), NULL);
  return GTK_WIDGET (gtk_list_box_get_row_at_index (self->list, (int) index));
}

static void
lab_capture_picker_dispose (GObject *object)
{
  LabCapturePicker *self = LAB_CAPTURE_PICKER (object);

  g_clear_pointer (&self->import, lab_import_free);
  gtk_widget_dispose_template (GTK_WIDGET (object), LAB_TYPE_CAPTURE_PICKER);
  G_OBJECT_CLASS (lab_capture_picker_parent_class)->dispose (object);
}

static void
lab_capture_picker_class_init (LabCapturePickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lab_capture_picker_dispose;

  signals[CONNECTION_CHOSEN]
    = g_signal_new ("connection-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                    NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/handshakelab/HandshakeLab/ui/lab-capture-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, LabCapturePicker, window_title);
  gtk_widget_class_bind_template_child (widget_class, LabCapturePicker, intro);
  gtk_widget_class_bind_template_child (widget_class, LabCapturePicker, list);
  gtk_widget_class_bind_template_callback (widget_class, row_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
lab_capture_picker_init (LabCapturePicker *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

const char *
lab_capture_picker_get_name (LabCapturePicker *self)
{
  g_return_val_if_fail (LAB_IS_CAPTURE_PICKER (self), NULL);
  return adw_window_title_get_subtitle (self->window_title);
}

LabCapturePicker *
lab_capture_picker_new (GtkWindow *parent, LabImport *import, const char *name)
{
  LabCapturePicker *self;
  g_autofree char *intro = NULL;

  g_return_val_if_fail (import != NULL, NULL);

  self = g_object_new (LAB_TYPE_CAPTURE_PICKER, "transient-for", parent, NULL);
  self->import = import;
  adw_window_title_set_subtitle (self->window_title, name);
  intro = intro_text (import);
  gtk_label_set_text (self->intro, intro);
  for (guint i = 0; i < import->connections->len; i++)
    gtk_list_box_append (self->list,
                         connection_row (g_ptr_array_index (import->connections, i), i));
  return self;
}
