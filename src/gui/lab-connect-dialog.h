/* lab-connect-dialog.h: "Watch a Real Server": asks for HOST:PORT, a server name and a
 * CA file, and connects the lab's client to that server in a thread (lab_connect) while
 * a spinner turns. The one place the lab leaves this computer, and the dialog says so.
 * A failed connection is shown in the dialog, so the learner can fix what was typed; a
 * handshake, whatever its outcome, is handed on with "connected" and the dialog hides
 * itself, keeping what was typed for the next time. */
#pragma once

#include <adwaita.h>

#include "engine/trace/lab-trace.h"

G_BEGIN_DECLS

#define LAB_TYPE_CONNECT_DIALOG (lab_connect_dialog_get_type ())
G_DECLARE_FINAL_TYPE (LabConnectDialog, lab_connect_dialog, LAB, CONNECT_DIALOG, AdwWindow)

LabConnectDialog *lab_connect_dialog_new (GtkWindow *parent);

/* What the fields hold; "" for an empty one. The CA file is NULL for the system's trust
 * store. */
void lab_connect_dialog_set_target (LabConnectDialog *self, const char *target);
const char *lab_connect_dialog_get_target (LabConnectDialog *self);
void lab_connect_dialog_set_server_name (LabConnectDialog *self, const char *server_name);
void lab_connect_dialog_set_ca_file (LabConnectDialog *self, GFile *ca_file);
GFile *lab_connect_dialog_get_ca_file (LabConnectDialog *self);

/* Connects, as the Connect button does; nothing happens while a connection is going or
 * with no HOST:PORT typed. */
void lab_connect_dialog_connect (LabConnectDialog *self);
gboolean lab_connect_dialog_get_connecting (LabConnectDialog *self);
/* Why the last connection failed, or NULL. */
const char *lab_connect_dialog_get_error (LabConnectDialog *self);

G_END_DECLS
