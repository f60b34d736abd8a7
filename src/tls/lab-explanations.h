/* lab-explanations.h: the learner-facing texts, by key ("alert.bad_record_mac",
 * "message.ClientHello", "field.client_random", "verify.CERT_HAS_EXPIRED"...).
 *
 * The texts live in data/explanations/ (one .ini file per topic), compiled into the
 * binary's GResource under /io/github/handshakelab/HandshakeLab/explanations/.
 * Each file is a GKeyFile: one
 * group per key, with `title=` (short, for a heading), `text=` (what it is, why it
 * exists, what goes wrong without it) and `rfc=` (where the specification says so).
 * Translations go beside the original as `title[de]=`, `text[de]=`; the current locale
 * picks them. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *key;
  const char *title;
  const char *text;
  const char *rfc; /* "RFC 5246 §7.2.2"; NULL when there is none */
} LabExplanation;

/* NULL when there is no text for key (or key is NULL). */
const LabExplanation *lab_explanation_lookup (const char *key);

/* The first sentence of the text, for one-line displays. */
char *lab_explanation_first_sentence (const LabExplanation *explanation);

/* Every key there is a text for, sorted; free the array (not the strings). */
GPtrArray *lab_explanation_keys (void);

/* FALSE when a file could not be read or broke the format (a group without a title or
 * text, an unknown key, a key defined twice), with every problem in the message. */
gboolean lab_explanations_check (GError **error);

G_END_DECLS
