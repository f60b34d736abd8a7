/* lab-file-chooser.h: the native file chooser GTK 4.8 has, set up as the lab asks for a
 * file to open: modal, a filter for the kind of file wanted, and All files. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A chooser for one file whose name ends in one of suffixes (NULL-terminated, without
 * dots); the caller shows it and unrefs it in its "response" handler. */
GtkFileChooserNative *lab_file_chooser_new (GtkWindow *parent, const char *title,
                                            const char *accept_label, const char *filter_name,
                                            const char *const *suffixes);

G_END_DECLS
