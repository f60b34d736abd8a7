/* lab-text.h: text that came from outside the lab — a peer's certificate, an HTTP body, a
 * scenario's title, a file name — made safe to print on a terminal. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A copy of text in which nothing can move the cursor, start a new line or talk to the
 * terminal: control characters become C escapes (\n, \r, \t, \x1b, \x7f; C1 controls
 * such as U+009B \u009b), Unicode line and paragraph separators and the bidirectional
 * overrides and isolates (U+2028, U+2029, U+202A-U+202E, U+2066-U+2069) become \uXXXX,
 * and bytes that are not UTF-8 become \xNN. Everything else, backslashes included, is
 * kept as it is, so ordinary text (accents, "→") reads unchanged. NULL gives NULL. */
char *lab_text_printable (const char *text);

G_END_DECLS
