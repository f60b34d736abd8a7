/* lab-hex.h: hexadecimal text to bytes and back, strict about what it accepts. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Lowercase hex, no separators. Returns a newly allocated string. */
char *lab_hex_encode (const guint8 *data, gsize len);
char *lab_hex_encode_bytes (GBytes *bytes);

/* Accepts upper- and lowercase digits and ignores whitespace and ':' separators
 * (so a hex dump pasted from a textbook or Wireshark reads). Anything else, or an odd
 * number of digits, is an error naming the offending character's offset. */
GBytes *lab_hex_decode (const char *text, GError **error);

G_END_DECLS
