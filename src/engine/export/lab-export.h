/* lab-export.h: a run as files that other tools open. The NSS key log lets Wireshark,
 * curl or any NSS-compatible tool decrypt the connection; the pcapng capture carries the
 * records themselves, in synthetic TCP/IPv4/Ethernet framing, with the key log embedded
 * so that Wireshark decrypts everything with no key file. */
#pragma once

#include <glib.h>

#include "engine/trace/lab-trace.h"

G_BEGIN_DECLS

/* The NSS key log (one `LABEL <hex> <hex>` line each, newline-terminated): every line
 * OpenSSL's keylog callback emitted in the run, CLIENT_RANDOM and, with RSA key exchange,
 * RSA lines, in the order first emitted and each once (client and server both log the
 * same CLIENT_RANDOM line). Empty when the run never got that far. */
char *lab_export_keylog_text (LabTrace *trace);
gboolean lab_export_keylog (LabTrace *trace, const char *path, GError **error);

/* The pcapng capture (draft-ietf-opsawg-pcapng): one section, one Ethernet interface
 * with microsecond timestamps, a Decryption Secrets Block holding the key log, then for
 * each connection of the run one TCP stream from the client's real port to port 443 (the
 * SYN's comment names the server's real port): the three-way handshake, one segment per
 * record as the receiver got it (a dropped record is not there), and FIN/ACK for each
 * side's close. Timestamps count from the start of the run (the trace keeps no
 * wall-clock time). */
GBytes *lab_export_pcapng_bytes (LabTrace *trace);
gboolean lab_export_pcapng (LabTrace *trace, const char *path, GError **error);

/* Writes the exports a user asked for; a NULL path is skipped. */
gboolean lab_export_files (LabTrace *trace, const char *pcapng_path, const char *keylog_path,
                           GError **error);

/* Replaces the file at path with contents; the error names the file. */
gboolean lab_export_save (const char *path, GBytes *contents, GError **error);

G_END_DECLS
