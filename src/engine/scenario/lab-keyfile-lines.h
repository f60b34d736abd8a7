/* lab-keyfile-lines.h: line numbers for GKeyFile-format files.
 *
 * GKeyFile reads values but forgets where they stood; an instructor needs "file:line:
 * what is wrong". This scanner checks the syntax line by line first (so a malformed line
 * is reported with its number) and remembers the line of every group and key. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LabKeyfileLines LabKeyfileLines;

/* Scans text; on a syntax error (a line that is neither a group, a key = value pair, a
 * comment nor blank; a duplicate group or key; a key before any group; a translated key
 * such as 'title[de]', which GKeyFile would set aside unread; bytes that are not UTF-8)
 * sets error to "SOURCE:LINE: what" and returns NULL. */
LabKeyfileLines *lab_keyfile_lines_scan (const char *source, const char *text, gsize len,
                                         GError **error);
void lab_keyfile_lines_free (LabKeyfileLines *lines);

/* The 1-based line of a group header or a key, 0 when absent. */
guint lab_keyfile_lines_group (LabKeyfileLines *lines, const char *group);
guint lab_keyfile_lines_key (LabKeyfileLines *lines, const char *group, const char *key);

/* Sets error to "SOURCE:LINE: message" (LAB_ERROR_INVALID). */
void lab_keyfile_lines_error (LabKeyfileLines *lines, GError **error, guint line,
                              const char *format, ...) G_GNUC_PRINTF (4, 5);
const char *lab_keyfile_lines_source (LabKeyfileLines *lines);

/* The largest scenario or lesson file the lab reads. */
#define LAB_KEYFILE_MAX_SIZE (1024 * 1024)

/* The text of an instructor's file (a scenario, a lesson): a regular file (not a folder,
 * a FIFO or a device), readable, at most LAB_KEYFILE_MAX_SIZE, checked before it is read
 * (lab_file_read). `what` names the kind of file for the messages ("scenario"). */
char *lab_keyfile_read (const char *path, const char *what, gsize *len, GError **error);

/* The names (without the suffix, sorted) of the files ending in suffix shipped in a
 * GResource folder; free with g_strfreev. */
char **lab_keyfile_list_resources (const char *dir, const char *suffix);

/* The text of the built-in file `name` of a kind ("scenario": DIR/NAME.scenario), and in
 * *source how messages name it ("NAME.scenario (built in)"); NULL and LAB_ERROR_NOT_FOUND
 * when the binary has none of that name. */
GBytes *lab_keyfile_lookup_resource (const char *dir, const char *kind, const char *name,
                                     char **source, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabKeyfileLines, lab_keyfile_lines_free)

G_END_DECLS
