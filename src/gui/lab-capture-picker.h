/* lab-capture-picker.h: a capture holds several TLS connections; this dialog lists them
 * (client → server, the suite the server chose, how the handshake ended, whether the key
 * log opened it) and the learner picks one to step through. */
#pragma once

#include <adwaita.h>

#include "engine/capture/lab-import.h"

G_BEGIN_DECLS

#define LAB_TYPE_CAPTURE_PICKER (lab_capture_picker_get_type ())
G_DECLARE_FINAL_TYPE (LabCapturePicker, lab_capture_picker, LAB, CAPTURE_PICKER, AdwWindow)

/* Takes the import; name is the capture's file name, for the title. The picker emits
 * "connection-chosen" (guint index into import->connections) and closes itself. */
LabCapturePicker *lab_capture_picker_new (GtkWindow *parent, LabImport *import,
                                          const char *name);
const LabImport *lab_capture_picker_get_import (LabCapturePicker *self);
/* The capture's file name, as given. */
const char *lab_capture_picker_get_name (LabCapturePicker *self);

/* A connection's row, for tests and for focus; NULL past the last. */
GtkWidget *lab_capture_picker_get_row (LabCapturePicker *self, guint index);

/* What a row says under its endpoints: the suite, how it ended, from which frame. */
char *lab_capture_describe_connection (const LabImportedConnection *connection);

G_END_DECLS
