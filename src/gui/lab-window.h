#pragma once

#include <adwaita.h>

#include "lab-application.h"
#include "lab-document.h"
#include "engine/lesson/lab-lesson.h"

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

/* Reads a pcap or pcapng capture off the main thread, with a key log when keylog is not
 * NULL (a pcapng's own Decryption Secrets Block counts as one). A capture with one TLS
 * connection is shown at once, one with several offers a picker; damage or parts that
 * could not be read are told in a toast. A file that shows nothing is reported and the
 * current run stays: then finish gives the error. */
void lab_window_open_capture (LabWindow *self, GFile *capture, GFile *keylog,
                              GAsyncReadyCallback callback, gpointer user_data);
gboolean lab_window_open_capture_finish (LabWindow *self, GAsyncResult *result,
                                         GError **error);

LabDocument *lab_window_get_document (LabWindow *self);

/* Writes the current run: "png", "svg" or "pdf" (the ladder, drawn as `diagram` draws
 * it: as 16:9 slides when the export.slide action is on, without the steps the run never
 * reached when export.hide-unsent is), "json" (the trace), "pcapng" (a capture Wireshark
 * decrypts) or "keylog". */
gboolean lab_window_export (LabWindow *self, const char *format, const char *path,
                            GError **error);

G_END_DECLS
