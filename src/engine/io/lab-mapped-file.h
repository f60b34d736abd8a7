/* lab-mapped-file.h: a capture or key log mapped into memory, with the lab's errors. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* FALSE (with "PATH: is a directory, not a WHAT file") when path names a folder: every
 * file the user names is refused this way, before GLib says it in its own words. */
gboolean lab_file_refuse_directory (const char *path, const char *what, GError **error);

/* Maps path read-only. A folder is refused by name ("PATH: is a directory, not a WHAT
 * file") rather than with mmap's own words; a missing or unreadable file gets GLib's
 * message, which names it. Errors are LAB_ERROR. */
GMappedFile *lab_mapped_file_open (const char *path, const char *what, GError **error);

G_END_DECLS
