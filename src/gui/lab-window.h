#pragma once

#include <adwaita.h>

#include "lab-application.h"
#include "lab-document.h"
#include "engine/lab-lesson.h"

G_BEGIN_DECLS

#define LAB_TYPE_WINDOW (lab_window_get_type ())
G_DECLARE_FINAL_TYPE (LabWindow, lab_window, LAB, WINDOW, AdwApplicationWindow)

LabWindow *lab_window_new (LabApplication *app);

/* Runs a shipped scenario by name ("default"). */
void lab_window_open_builtin (LabWindow *self, const char *name);
/* Runs a scenario file; a file that does not load is reported (file:line) and the
 * current run stays: then FALSE. */
gboolean lab_window_open_file (LabWindow *self, GFile *file);

/* Opens a lesson beside the ladder at the page the learner last reached: a shipped one
 * by name ("01-the-handshake-at-a-glance"), a file (a file that does not load is
 * reported, file:line, and FALSE), or one already loaded (taken). */
void lab_window_open_builtin_lesson (LabWindow *self, const char *name);
gboolean lab_window_open_lesson_file (LabWindow *self, GFile *file);
void lab_window_open_lesson (LabWindow *self, LabLesson *lesson);

LabDocument *lab_window_get_document (LabWindow *self);

/* Writes the current run: "png", "svg" or "pdf" (the ladder, drawn as `diagram` draws
 * it), "json" (the trace), "pcapng" (a capture Wireshark decrypts) or "keylog". */
gboolean lab_window_export (LabWindow *self, const char *format, const char *path,
                            GError **error);

G_END_DECLS
