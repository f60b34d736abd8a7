/* lab-dissect.h: TLS 1.2 and 1.3 bytes -> a field tree with byte ranges (see lab-field.h).
 *
 * The dissector reads only through LabReader. It never fails as a whole: malformed
 * input (truncated, overlong lengths, trailing bytes, unknown types) gives the tree up
 * to the problem plus an error node at the exact offset where reading stopped, covering
 * the bytes that could not be read, so the leaves still cover the input exactly.
 *
 * Where a declared extent is trustworthy (a record, a handshake message or an extension
 * whose length fits), a problem inside it stays inside it and dissection goes on after
 * it. Where the input simply ends early, the error node sits where the bytes ran out. */
#pragma once

#include <glib.h>

#include "lab-field.h"
#include "lab-registry.h"

G_BEGIN_DECLS

typedef struct
{
  /* The negotiated suite, or NULL when unknown. It says how an encrypted record splits
   * and which key exchange a ServerKeyExchange or ClientKeyExchange carries (the
   * messages themselves do not say; without a suite the dissector guesses from the
   * bytes and says so). */
  const LabCipherSuite *suite;
  /* The record's fragment is protected (it follows a ChangeCipherSpec). */
  gboolean encrypted;
  /* CBC suites: encrypt-then-MAC was negotiated (RFC 7366); otherwise MAC-then-encrypt. */
  gboolean encrypt_then_mac;
  /* Handshake records: how many bytes at the start of the fragment finish a message
   * that began in an earlier record (the caller tracks messages across records). */
  gsize continuation;
  /* TLS 1.3 was negotiated (the ServerHello's supported_versions said 0x0304): the
   * Certificate, CertificateRequest and NewSessionTicket of RFC 8446 §4.4.2, §4.3.2 and
   * §4.6.1 replace TLS 1.2's. A TLS 1.3 suite says the same; a ServerHello read in the
   * same call says it for the messages after it. */
  gboolean tls13;
} LabDissectOptions;

/* One or more records back to back: a root "records" with one "record" child each. */
LabField *lab_dissect_records (GBytes *bytes, const LabDissectOptions *options);

/* Exactly one record: the root is the "record"; bytes after it are an error. */
LabField *lab_dissect_record (GBytes *bytes, const LabDissectOptions *options);

/* One bare handshake message (4-byte header and body, as OpenSSL's message callback
 * gives it): the root is named after the message ("ClientHello"); bytes after it are an
 * error. */
LabField *lab_dissect_message (GBytes *bytes, const LabDissectOptions *options);

/* One line of key facts about a handshake message, for a ladder:
 * "TLS 1.2, 9 suites, SNI server.handshake.lab". Empty for messages without content
 * (ServerHelloDone); "malformed: ..." when the message does not parse. */
char *lab_dissect_message_summary (GBytes *message, const LabDissectOptions *options);
/* The same from a message node already dissected (a child of a record, or a root). */
char *lab_dissect_summarize (const LabField *message);

/* What an OCSP response (DER, RFC 6960 §4.2.1) says of the first certificate in it, in
 * words: "serial 0x3001 good (this update ..., next update ...)", "... revoked on ...";
 * NULL when it is not an OCSP response. *status (may be NULL) gets its
 * V_OCSP_CERTSTATUS_* (0 good, 1 revoked, 2 unknown), or -1. Its signature is not
 * checked. */
char *lab_dissect_ocsp_response (const guint8 *der, gsize len, int *status);

/* "TLS 1.2" for 0x0303 ... "SSL 3.0" for 0x0300; NULL for values that name no version. */
const char *lab_dissect_version_name (guint16 version);

/* Every explanation key a field (not a value) of a dissected tree can carry, for tests
 * and for translators: NULL-terminated, static. */
const char *const *lab_dissect_field_keys (void);

G_END_DECLS
