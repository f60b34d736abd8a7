/* lab-window-capture.c: Open Capture and Watch a Real Server. What they show was not
 * made by the lab, so it goes to the document as a frozen trace without a scenario
 * (lab_document_show_trace): the ladder, the details and the outcome read it as they
 * read a lab run, the switches are greyed out under a note that says where it came
 * from, and Re-run is off. Re-running would only show the same capture again; for a
 * real server the dialog keeps what was typed, so connecting again is one click there.
 * Captures are read in a GTask thread, the server is watched from the dialog's. */
#include "lab-window-private.h"
#include "lab-capture-picker.h"
#include "lab-connect-dialog.h"
#include "lab-file-chooser.h"

/* A capture's notes listed in full; more are counted. */
#define MAX_NOTES 12

typedef struct
{
  GFile *capture;
  char *capture_path;
  char *keylog_path; /* NULL: none */
  guint generation;
} ImportRequest;

static void
import_request_free (gpointer data)
{
  ImportRequest *request = data;

  g_clear_object (&request->capture);
  g_free (request->capture_path);
  g_free (request->keylog_path);
  g_free (request);
}

/* ---- telling the learner ---- */

static void
show_message (LabWindow *self, const char *heading, const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", "_Close");
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The damage and the warnings, one paragraph each; NULL when there are none. */
static char *
capture_notes (const LabImport *import)
{
  GString *notes = g_string_new (NULL);
  guint n = import->warnings->len;

  if (import->damage != NULL)
    g_string_append_printf (notes, "%s. Everything before the damage is shown.",
                            import->damage->message);
  for (guint i = 0; i < n && i < MAX_NOTES; i++)
    g_string_append_printf (notes, "%s• %s", notes->len ? "\n\n" : "",
                            (const char *) g_ptr_array_index (import->warnings, i));
  if (n > MAX_NOTES)
    g_string_append_printf (notes, "\n\n… and %u more.", n - MAX_NOTES);
  if (notes->len == 0)
    {
      g_string_free (notes, TRUE);
      return NULL;
    }
  return g_string_free (notes, FALSE);
}

/* What a toast's Details button shows; it lives as long as the toast's handler. */
typedef struct
{
  LabWindow *window;
  char *heading;
  char *notes;
} Details;

static void
details_free (gpointer data, GClosure *closure)
{
  Details *details = data;

  g_free (details->heading);
  g_free (details->notes);
  g_free (details);
}

static void
notes_clicked (AdwToast *toast, Details *details)
{
  show_message (details->window, details->heading, details->notes);
}

/* A toast tells what nothing else on show tells: that the capture is damaged, or that
 * parts of it could not be read, with the details a click away. (A missing key is told
 * by the panel's note, the outcome and the Keys tab.) */
static void
report_import (LabWindow *self, const LabImport *import, const char *name)
{
  g_autofree char *notes = capture_notes (import);
  g_autofree char *title = NULL;
  AdwToast *toast;
  Details *details;

  if (notes == NULL)
    return;
  title = import->damage ? g_strdup_printf ("“%s” is damaged part-way: what came before is shown",
                                            name)
                         : g_strdup_printf ("Some of “%s” could not be read", name);
  toast = adw_toast_new (title);
  adw_toast_set_timeout (toast, 8);
  adw_toast_set_button_label (toast, "_Details");
  details = g_new0 (Details, 1);
  details->window = self;
  details->heading = g_strdup_printf ("What the lab could not read in “%s”", name);
  details->notes = g_steal_pointer (&notes);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (notes_clicked), details,
                         details_free, 0);
  adw_toast_overlay_add_toast (self->toasts, toast);
}

/* ---- showing a recorded trace ---- */

static void
show_capture_connection (LabWindow *self, const LabImport *import, guint index, const char *name)
{
  const LabImportedConnection *c = g_ptr_array_index (import->connections, index);
  guint n = import->connections->len;
  g_autofree char *title = n == 1 ? g_strdup (name)
                                  : g_strdup_printf ("%s · %u of %u", name, index + 1, n);
  g_autofree char *body = g_strdup_printf (
    "%s → %s, read from “%s”. The lab did not make this handshake, so there are no "
    "switches to change and nothing to re-run.%s",
    c->client, c->server, name,
    c->decrypted ? ""
                 : "\n\nThere was no key for this connection: what it sent encrypted after "
                   "ChangeCipherSpec stays closed, and the Keys tab says why.");
  const char *const captions[] = { c->client, "as captured", c->server, NULL };

  lab_document_show_trace (self->document, c->trace, title, captions);
  lab_switch_panel_show_recorded (self->panel, "document-open-symbolic", "Read from a capture",
                                  body);
  report_import (self, import, name);
}

static void
connection_chosen (LabCapturePicker *picker, guint index, LabWindow *self)
{
  /* a copy: the picker closes itself once this returns */
  g_autofree char *name = g_strdup (lab_capture_picker_get_name (picker));

  show_capture_connection (self, lab_capture_picker_get_import (picker), index, name);
}

static void
server_connected (LabConnectDialog *dialog, LabTrace *trace, const char *target,
                  const char *remote, LabWindow *self)
{
  g_autofree char *where = remote && !g_str_equal (remote, target)
                             ? g_strdup_printf ("%s (%s)", target, remote)
                             : g_strdup (target);
  g_autofree char *body = g_strdup_printf (
    "The lab’s client connected to %s over the network, and this is everything it saw. A "
    "real server has no switches, and Re-run cannot call it again: to connect again, use "
    "Watch a Real Server… in the main menu.",
    where);
  const char *const captions[] = { "the lab’s client", "the network", target, NULL };

  lab_document_show_trace (self->document, trace, target, captions);
  lab_switch_panel_show_recorded (self->panel, "network-server-symbolic", "A real server", body);
}

/* ---- importing ---- */

static void
import_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  const ImportRequest *request = task_data;
  GError *error = NULL;
  LabImport *import = lab_import_file (request->capture_path, request->keylog_path, &error);

  if (import == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, import, (GDestroyNotify) lab_import_free);
}

/* Shows what the capture holds; FALSE with the error reported when it holds nothing to
 * show. Takes the import. */
static gboolean
show_import (LabWindow *self, LabImport *import, GFile *file, GError **error)
{
  g_autofree char *name = g_file_get_basename (file);
  LabCapturePicker *picker;

  if (import->connections->len == 0)
    {
      g_autofree char *notes = capture_notes (import);
      g_autofree char *other = g_strdup_printf (
        "%u TCP connection%s but no TLS.", import->other_connections,
        import->other_connections == 1 ? "" : "s");

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "The capture holds %u packets and %s%s%s", import->capture.packets,
                   import->other_connections ? other : "no TCP connection with TLS in it.",
                   notes ? "\n\n" : "", notes ? notes : "");
      lab_window_show_open_error (self, file, *error);
      lab_import_free (import);
      return FALSE;
    }
  if (import->connections->len == 1)
    {
      show_capture_connection (self, import, 0, name);
      lab_import_free (import);
      return TRUE;
    }
  picker = lab_capture_picker_new (GTK_WINDOW (self), import, name);
  g_signal_connect_object (picker, "connection-chosen", G_CALLBACK (connection_chosen), self, 0);
  gtk_window_present (GTK_WINDOW (picker));
  return TRUE;
}

static void
import_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  LabWindow *self = LAB_WINDOW (source);
  g_autoptr (GTask) outer = user_data;
  const ImportRequest *request = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  LabImport *import = g_task_propagate_pointer (G_TASK (result), &error);

  lab_outcome_banner_set_running (self->banner, lab_document_get_running (self->document));
  if (request->generation != self->capture_generation)
    {
      g_clear_pointer (&import, lab_import_free);
      g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               "Another capture was opened meanwhile");
      return;
    }
  if (import == NULL)
    {
      lab_window_show_open_error (self, request->capture, error);
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }
  if (!show_import (self, import, request->capture, &error))
    g_task_return_error (outer, g_steal_pointer (&error));
  else
    g_task_return_boolean (outer, TRUE);
}

void
lab_window_open_capture (LabWindow *self, GFile *capture, GFile *keylog,
                         GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *outer;
  g_autoptr (GTask) task = NULL;
  ImportRequest *request;

  g_return_if_fail (LAB_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (capture));

  outer = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (outer, lab_window_open_capture);
  request = g_new0 (ImportRequest, 1);
  request->capture = g_object_ref (capture);
  request->capture_path = g_file_get_path (capture);
  request->keylog_path = keylog ? g_file_get_path (keylog) : NULL;
  if (request->capture_path == NULL || (keylog != NULL && request->keylog_path == NULL))
    {
      g_autofree char *uri = g_file_get_uri (request->capture_path ? keylog : capture);
      g_autoptr (GError) error = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                              "%s is not a local file", uri);

      lab_window_show_open_error (self, capture, error);
      g_task_return_error (outer, g_steal_pointer (&error));
      g_object_unref (outer);
      import_request_free (request);
      return;
    }
  request->generation = ++self->capture_generation;
  lab_outcome_banner_set_running (self->banner, TRUE);
  task = g_task_new (self, NULL, import_done, outer);
  g_task_set_source_tag (task, lab_window_open_capture);
  g_task_set_task_data (task, request, import_request_free);
  g_task_run_in_thread (task, import_thread);
}

gboolean
lab_window_open_capture_finish (LabWindow *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- the actions ---- */

/* user_data: the capture, whose key log this is */
static void
keylog_chosen (GtkWindow *window, GFile *keylog, gboolean choice, gpointer user_data)
{
  lab_window_open_capture (LAB_WINDOW (window), user_data, keylog, NULL, NULL);
}

/* choice: the learner has a key log (SSLKEYLOGFILE) to open the encrypted part with; a
 * pcapng may carry its own. */
static void
capture_chosen (GtkWindow *window, GFile *capture, gboolean choice, gpointer user_data)
{
  static const char *const suffixes[] = { "txt", "log", "keys", "keylog", NULL };
  const LabFileRequest request = {
    .title = "Choose the Key Log",
    .accept_label = "_Open",
    .filter_name = "Key logs",
    .suffixes = suffixes,
  };

  if (!choice)
    lab_window_open_capture (LAB_WINDOW (window), capture, NULL, NULL, NULL);
  else
    lab_file_chooser_ask (window, &request, keylog_chosen, g_object_ref (capture),
                          g_object_unref);
}

static void
open_capture_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  static const char *const suffixes[] = { "pcapng", "pcap", "cap", "ntar", NULL };
  const LabFileRequest request = {
    .title = "Open a Capture",
    .accept_label = "_Open",
    .filter_name = "Captures (pcap, pcapng)",
    .suffixes = suffixes,
    .choice = "Add a key log (SSLKEYLOGFILE) to open the encrypted records",
  };

  lab_file_chooser_ask (GTK_WINDOW (widget), &request, capture_chosen, NULL, NULL);
}

static void
watch_server_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);

  if (self->connect_dialog == NULL)
    {
      self->connect_dialog = GTK_WINDOW (lab_connect_dialog_new (GTK_WINDOW (self)));
      g_signal_connect (self->connect_dialog, "connected", G_CALLBACK (server_connected), self);
    }
  gtk_window_present (self->connect_dialog);
}

void
lab_window_capture_class_init (GtkWidgetClass *widget_class)
{
  g_type_ensure (LAB_TYPE_CAPTURE_PICKER);
  g_type_ensure (LAB_TYPE_CONNECT_DIALOG);
  gtk_widget_class_install_action (widget_class, "win.open-capture", NULL, open_capture_action);
  gtk_widget_class_install_action (widget_class, "win.watch-server", NULL, watch_server_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.open-capture", NULL);
}
