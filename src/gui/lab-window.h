#pragma once

#include <adwaita.h>

#include "lab-application.h"
#include "lab-document.h"

G_BEGIN_DECLS

#define LAB_TYPE_WINDOW (lab_window_get_type ())
G_DECLARE_FINAL_TYPE (LabWindow, lab_window, LAB, WINDOW, AdwApplicationWindow)

LabWindow *lab_window_new (LabApplication *app);

/* Runs a shipped scenario by name ("default"). */
void lab_window_open_builtin (LabWindow *self, const char *name);
/* Runs a scenario file; a file that does not load is reported (file:line) and the
 * current run stays: then FALSE. */
gboolean lab_window_open_file (LabWindow *self, GFile *file);

LabDocument *lab_window_get_document (LabWindow *self);

G_END_DECLS
