/* lab-lesson-private.h: what the lesson files share. */
#pragma once

#include "lab-lesson.h"
#include "tls/lab-field.h"

G_BEGIN_DECLS

/* The prefixes of answers read from a field, bytes or a secret ("field:", ...), and the
 * words answered from the outcome ("alert", ...). */
extern const char *const lab_lesson_answer_kinds[];
extern const char *const lab_lesson_answer_words[];

/* Sets "source:line: message" with code LAB_ERROR_FAILED (the page does not fit its run)
 * or LAB_ERROR_INVALID (it names what does not exist: bad input); returns FALSE. */
gboolean lab_lesson_error_at (const LabLesson *lesson, guint line, int code, GError **error,
                              const char *format, ...) G_GNUC_PRINTF (5, 6);

/* "client." or "server." before a step's name: the step at that side, to or from it,
 * rather than the one on a man in the middle's other connection; -1 without a prefix,
 * else the LabSide. */
int lab_lesson_step_side (const char *spec);

/* "Finished#2" -> "Finished" and 2; without "#", 1; *occurrence is 0 when the number
 * after "#" is not one from 1 to 1000. */
char *lab_lesson_split_occurrence (const char *spec, guint *occurrence);

/* The field a path names in the run ("ServerHello.cipher_suite", "client.Certificate..."):
 * NULL when there is no such message; otherwise *tree_out is the dissected message (the
 * caller frees it) and the result its field at the path, NULL when there is none. */
LabField *lab_lesson_field_in_run (LabTrace *trace, const char *path, LabField **tree_out);

G_END_DECLS
