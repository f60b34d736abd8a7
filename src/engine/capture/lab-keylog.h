/* lab-keylog.h: NSS key log files, the way a browser (SSLKEYLOGFILE), curl or OpenSSL's
 * -keylogfile hands over a connection's secrets.
 *
 * One `LABEL <hex> <hex>` per line; `#` starts a comment (NSS "Key Log Format",
 * https://firefox-source-docs.mozilla.org/security/nss/legacy/key_log_format/ and
 * draft-ietf-tls-keylogfile). TLS 1.2 needs `CLIENT_RANDOM <32-byte client random>
 * <48-byte master secret>`; `RSA <first 8 bytes of the encrypted pre-master secret>
 * <48-byte pre-master secret>` is kept too. TLS 1.3 labels and labels this lab does not
 * know are read and skipped. A pcapng Decryption Secrets Block of type TLS key log
 * (draft-ietf-opsawg-pcapng §4.7) holds the same text. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LabKeylog LabKeylog;

LabKeylog *lab_keylog_new (void);
void lab_keylog_free (LabKeylog *keylog);

/* Reads key log text; `source` names it in errors: "FILE:LINE: what is wrong". */
gboolean lab_keylog_add_text (LabKeylog *keylog, const char *source, const char *text, gsize len,
                              GError **error);

/* Reads a key log file, or the Decryption Secrets Blocks of a pcapng file. */
gboolean lab_keylog_load_file (LabKeylog *keylog, const char *path, GError **error);

/* Adds the key logs of every Decryption Secrets Block of a pcapng capture (nothing for
 * other data). FALSE with an error naming the byte offset of a damaged block. */
gboolean lab_keylog_add_pcapng (LabKeylog *keylog, const char *source, const guint8 *data,
                                gsize len, GError **error);

/* The master secret logged for this client random, or NULL. */
GBytes *lab_keylog_lookup (LabKeylog *keylog, GBytes *client_random);
/* The line that gave it ("CLIENT_RANDOM <hex> <hex>"), or NULL. */
const char *lab_keylog_lookup_line (LabKeylog *keylog, GBytes *client_random);

/* The pre-master secret of an RSA key exchange, by the first 8 bytes of the encrypted one. */
GBytes *lab_keylog_lookup_rsa (LabKeylog *keylog, GBytes *encrypted_prefix);

/* How many master secrets it holds. */
guint lab_keylog_size (LabKeylog *keylog);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabKeylog, lab_keylog_free)

G_END_DECLS
