/* lab-connect-dialog.c: lab_connect blocks until the handshake is over or the engine's
 * timeout has passed, so it runs in a GTask thread. Cancel stops waiting: the task
 * returns at once and the thread, bounded by that timeout, ends on its own with its
 * result dropped. */
#include "lab-connect-dialog.h"
#include "lab-file-chooser.h"
#include "engine/live/lab-connect.h"

/* The whole connection, handshake, request and answer; the dialog says the number. */
#define CONNECT_TIMEOUT_MS 10000

struct _LabConnectDialog
{
  AdwWindow parent_instance;

  /* template */
  GtkWidget *connect_button;
  AdwEntryRow *target_row;
  AdwEntryRow *server_name_row;
  GtkWidget *server_group;
  GtkWidget *trust_group;
  AdwActionRow *ca_row;
  GtkWidget *ca_clear_button;
  GtkWidget *status_box;
  GtkSpinner *spinner;
  GtkWidget *error_icon;
  GtkLabel *status;

  GFile *ca_file;
  GCancellable *cancellable; /* of the connection going, NULL when none is */
  char *error;
};

G_DEFINE_FINAL_TYPE (LabConnectDialog, lab_connect_dialog, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_CONNECTING,
  N_PROPS
};

enum
{
  CONNECTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  char *target;
  char *server_name; /* NULL: the host */
  char *ca_file;     /* NULL: the system's trust store */
} Request;

typedef struct
{
  LabTrace *trace;
  char *remote;
} Connection;

static void
request_free (gpointer data)
{
  Request *request = data;

  g_free (request->target);
  g_free (request->server_name);
  g_free (request->ca_file);
  g_free (request);
}

static void
connection_free (gpointer data)
{
  Connection *connection = data;

  g_clear_object (&connection->trace);
  g_free (connection->remote);
  g_free (connection);
}

/* ---- what the dialog shows ---- */

static void
update_actions (LabConnectDialog *self)
{
  g_autofree char *target = g_strstrip (g_strdup (lab_connect_dialog_get_target (self)));
  gboolean idle = self->cancellable == NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.connect", idle && *target != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.choose-ca-file", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.clear-ca-file", idle);
}

/* text NULL hides the status line; error marks it as a failure. */
static void
show_status (LabConnectDialog *self, const char *text, gboolean error)
{
  gtk_widget_set_visible (self->status_box, text != NULL);
  gtk_label_set_text (self->status, text ? text : "");
  gtk_widget_set_visible (self->error_icon, error);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->cancellable != NULL);
  gtk_spinner_set_spinning (self->spinner, self->cancellable != NULL);
}

static void
set_connecting (LabConnectDialog *self, GCancellable *cancellable)
{
  g_clear_object (&self->cancellable);
  self->cancellable = cancellable;
  /* What was typed stays readable but cannot change under a connection going. GTK 4.8
   * does not tell an entry that loses the focus by turning insensitive, and its cursor
   * would go on blinking: the focus leaves first. */
  if (cancellable != NULL)
    gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_widget_set_sensitive (self->server_group, cancellable == NULL);
  gtk_widget_set_sensitive (self->trust_group, cancellable == NULL);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTING]);
}

static void
stop_waiting (LabConnectDialog *self)
{
  if (self->cancellable == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  set_connecting (self, NULL);
}

/* ---- connecting ---- */

static void
connect_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  const Request *request = task_data;
  const LabConnectOptions options = {
    .target = request->target,
    .server_name = request->server_name,
    .ca_file = request->ca_file,
    .timeout_ms = CONNECT_TIMEOUT_MS,
  };
  GError *error = NULL;
  Connection *connection = g_new0 (Connection, 1);

  connection->trace = lab_connect (&options, &connection->remote, &error);
  if (connection->trace == NULL)
    {
      connection_free (connection);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, connection, connection_free);
}

static void
connect_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  LabConnectDialog *self = LAB_CONNECT_DIALOG (source);
  const Request *request = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  Connection *connection = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return; /* Cancel: the dialog has moved on already */
  set_connecting (self, NULL);
  g_clear_pointer (&self->error, g_free);
  if (connection == NULL)
    {
      g_autofree char *text = g_strdup_printf ("%c%s.", g_ascii_toupper (error->message[0]),
                                               error->message + 1);

      self->error = g_strdup (error->message);
      show_status (self, text, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->target_row));
      return;
    }
  show_status (self, NULL, FALSE);
  gtk_window_close (GTK_WINDOW (self));
  g_signal_emit (self, signals[CONNECTED], 0, connection->trace, request->target,
                 connection->remote);
  connection_free (connection);
}

void
lab_connect_dialog_connect (LabConnectDialog *self)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *text = NULL;
  Request *request;
  const char *server_name;

  g_return_if_fail (LAB_IS_CONNECT_DIALOG (self));

  if (self->cancellable != NULL)
    return;
  request = g_new0 (Request, 1);
  request->target = g_strstrip (g_strdup (lab_connect_dialog_get_target (self)));
  if (*request->target == '\0')
    {
      request_free (request);
      return;
    }
  server_name = gtk_editable_get_text (GTK_EDITABLE (self->server_name_row));
  request->server_name = *server_name ? g_strstrip (g_strdup (server_name)) : NULL;
  request->ca_file = self->ca_file ? g_file_get_path (self->ca_file) : NULL;

  set_connecting (self, g_cancellable_new ());
  text = g_strdup_printf ("Connecting to %s… The lab gives up after %u seconds.",
                          request->target, CONNECT_TIMEOUT_MS / 1000);
  show_status (self, text, FALSE);
  task = g_task_new (self, self->cancellable, connect_done, NULL);
  g_task_set_source_tag (task, lab_connect_dialog_connect);
  g_task_set_task_data (task, request, request_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, connect_thread);
}

gboolean
lab_connect_dialog_get_connecting (LabConnectDialog *self)
{
  g_return_val_if_fail (LAB_IS_CONNECT_DIALOG (self), FALSE);
  return self->cancellable != NULL;
}

const char *
lab_connect_dialog_get_error (LabConnectDialog *self)
{
  g_return_val_if_fail (LAB_IS_CONNECT_DIALOG (self), NULL);
  return self->error;
}

/* ---- the fields ---- */

void
lab_connect_dialog_set_target (LabConnectDialog *self, const char *target)
{
  g_return_if_fail (LAB_IS_CONNECT_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->target_row), target ? target : "");
}

const char *
lab_connect_dialog_get_target (LabConnectDialog *self)
{
  g_return_val_if_fail (LAB_IS_CONNECT_DIALOG (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->target_row));
}

void
lab_connect_dialog_set_server_name (LabConnectDialog *self, const char *server_name)
{
  g_return_if_fail (LAB_IS_CONNECT_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->server_name_row), server_name ? server_name : "");
}

void
lab_connect_dialog_set_ca_file (LabConnectDialog *self, GFile *ca_file)
{
  g_autofree char *name = NULL;

  g_return_if_fail (LAB_IS_CONNECT_DIALOG (self));

  g_set_object (&self->ca_file, ca_file);
  name = ca_file ? g_file_get_parse_name (ca_file) : NULL;
  adw_action_row_set_subtitle (self->ca_row, name ? name : "This computer’s trust store");
  gtk_widget_set_visible (self->ca_clear_button, ca_file != NULL);
}

GFile *
lab_connect_dialog_get_ca_file (LabConnectDialog *self)
{
  g_return_val_if_fail (LAB_IS_CONNECT_DIALOG (self), NULL);
  return self->ca_file;
}

static void
target_changed (LabConnectDialog *self)
{
  update_actions (self);
}

static void
ca_file_chosen (GtkWindow *window, GFile *file, gboolean choice, gpointer user_data)
{
  lab_connect_dialog_set_ca_file (LAB_CONNECT_DIALOG (window), file);
}

static void
choose_ca_file_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  static const char *const pem[] = { "pem", "crt", "cer", NULL };
  const LabFileRequest request = {
    .title = "Choose Trusted Certificates",
    .accept_label = "_Choose",
    .filter_name = "PEM certificates",
    .suffixes = pem,
  };

  lab_file_chooser_ask (GTK_WINDOW (widget), &request, ca_file_chosen, NULL, NULL);
}

static void
clear_ca_file_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  lab_connect_dialog_set_ca_file (LAB_CONNECT_DIALOG (widget), NULL);
}

static void
connect_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  lab_connect_dialog_connect (LAB_CONNECT_DIALOG (widget));
}

/* ---- GObject ---- */

/* Closing stops waiting for a connection; what was typed stays for the next time. */
static gboolean
lab_connect_dialog_close_request (GtkWindow *window)
{
  LabConnectDialog *self = LAB_CONNECT_DIALOG (window);

  stop_waiting (self);
  show_status (self, NULL, FALSE);
  /* A hidden entry that keeps the focus would go on blinking its cursor. */
  gtk_window_set_focus (window, NULL);
  return GTK_WINDOW_CLASS (lab_connect_dialog_parent_class)->close_request (window);
}

static void
lab_connect_dialog_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (lab_connect_dialog_parent_class)->map (widget);
  gtk_widget_grab_focus (GTK_WIDGET (LAB_CONNECT_DIALOG (widget)->target_row));
}

static void
lab_connect_dialog_get_property (GObject *object, guint prop_id, GValue *value,
                                 GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_CONNECTING:
      g_value_set_boolean (value, LAB_CONNECT_DIALOG (object)->cancellable != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lab_connect_dialog_dispose (GObject *object)
{
  LabConnectDialog *self = LAB_CONNECT_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->ca_file);
  g_clear_pointer (&self->error, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (object), LAB_TYPE_CONNECT_DIALOG);
  G_OBJECT_CLASS (lab_connect_dialog_parent_class)->dispose (object);
}

static void
lab_connect_dialog_class_init (LabConnectDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->get_property = lab_connect_dialog_get_property;
  object_class->dispose = lab_connect_dialog_dispose;
  widget_class->map = lab_connect_dialog_map;
  window_class->close_request = lab_connect_dialog_close_request;

  properties[PROP_CONNECTING]
    = g_param_spec_boolean ("connecting", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The handshake happened (its outcome may still be a failure): the frozen trace, the
   * target as typed, and the address connected to (may be NULL). */
  signals[CONNECTED] = g_signal_new ("connected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 3, LAB_TYPE_TRACE,
                                     G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/handshakelab/HandshakeLab/ui/lab-connect-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LabConnectDialog, connect_button);
  gtk_widget_class_bind_template_child (widget_class, LabConnectDialog, target_row);
  gtk_widget_class_bind_template_child (widget_class, LabConnectDialog, server_name_row);
  gtk_widget_class_bind_template_child (widget_class, LabConnectDialog, server_group);
  gtk_widget_class_bind_template_child (widget_class, LabConnectDialog, trust_group);
  gtk_widget_class_bind_template_child (widget_class, LabConnectDialog, ca_row);
  gtk_widget_class_bind_template_child (widget_class, LabConnectDialog, ca_clear_button);
  gtk_widget_class_bind_template_child (widget_class, LabConnectDialog, status_box);
  gtk_widget_class_bind_template_child (widget_class, LabConnectDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, LabConnectDialog, error_icon);
  gtk_widget_class_bind_template_child (widget_class, LabConnectDialog, status);

  gtk_widget_class_install_action (widget_class, "dialog.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "dialog.choose-ca-file", NULL,
                                   choose_ca_file_action);
  gtk_widget_class_install_action (widget_class, "dialog.clear-ca-file", NULL,
                                   clear_ca_file_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
lab_connect_dialog_init (LabConnectDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->target_row, "changed", G_CALLBACK (target_changed), self);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->connect_button);
  update_actions (self);
}

LabConnectDialog *
lab_connect_dialog_new (GtkWindow *parent)
{
  return g_object_new (LAB_TYPE_CONNECT_DIALOG, "transient-for", parent, NULL);
}
