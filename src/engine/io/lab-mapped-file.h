/* lab-mapped-file.h: the files a user names — a scenario, a lesson, a key log, a capture,
 * dissect's @FILE — opened one way, with the lab's errors.
 *
 * Each is opened once and asked what it is before a byte of it is read: a folder, a FIFO,
 * a device or a socket is refused by name (a FIFO would make the reader wait for a writer
 * forever, /dev/zero would never end), and so is a file larger than its kind may be (a
 * sparse 1.5 GB ".scenario" is refused at its size, not after 1.5 GB of reading). What is
 * read is what was checked: the checks are made on the opened file, not on its name. */
#pragma once

#include <glib.h>
#include <sys/types.h>

G_BEGIN_DECLS

/* No limit but the address space: for files that are mapped and read piece by piece. */
#define LAB_FILE_ANY_SIZE G_MAXSIZE

/* The whole of path, at most max_size bytes. Errors (LAB_ERROR), each naming the file:
 * - "Failed to open file “PATH”: No such file or directory" (or another reason), NOT_FOUND;
 * - "PATH: is a directory, not a WHAT file", INVALID;
 * - "PATH: not a regular file (a FIFO); a WHAT is read only from a regular file", INVALID
 *   (a character device, a block device, a socket);
 * - "PATH: too large for a WHAT (N bytes; at most M MiB)", INVALID. */
GBytes *lab_file_read (const char *path, const char *what, gsize max_size, GError **error);

/* The same checks, then the file mapped read-only instead of read. */
GMappedFile *lab_mapped_file_open (const char *path, const char *what, gsize max_size,
                                   GError **error);

/* What a file that is not a plain one is, for an error message: "a directory", "a FIFO",
 * "a character device", "a block device", "a socket", else "not a plain file". */
const char *lab_file_kind_name (mode_t mode);

/* "PATH: too large for a WHAT (N bytes; at most M MiB)" for data read some other way
 * (standard input). */
void lab_file_set_too_large (GError **error, const char *path, const char *what, guint64 size,
                             gsize max_size);

G_END_DECLS
