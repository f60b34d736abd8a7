/* lab-live-hello.h: what a ClientHello said (RFC 5246 §7.4.1.2, RFC 6066 §3, RFC 8446
 * §4.2.1), of what the live sentences need: the versions it offers, whether it has a
 * signature_algorithms extension, the name it asked for. */
#pragma once

#include <openssl/types.h>

#include "engine/trace/lab-trace.h"

G_BEGIN_DECLS

typedef struct
{
  guint16 version;                /* client_version (TLS 1.3: legacy_version) */
  gboolean has_supported_versions;
  guint16 versions[16];           /* the supported_versions list, in its order */
  guint n_versions;
  gboolean has_signature_algorithms;
  gboolean offers_rsa_key_exchange;
  char *server_name;              /* the server_name extension's host name, or NULL */
} LabLiveHello;

/* Reads a ClientHello message event (header included) into h (cleared first); FALSE
 * when it is too short to be one. */
gboolean lab_live_hello_read (const LabEvent *client_hello, LabLiveHello *h);
void lab_live_hello_clear (LabLiveHello *h);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LabLiveHello, lab_live_hello_clear)

/* Does its supported_versions list name this version? */
gboolean lab_live_hello_offers (const LabLiveHello *h, guint16 version);

/* "TLS 1.3", "TLS 1.3 and TLS 1.2": the versions the list names, GREASE values (RFC 8701)
 * left out. */
char *lab_live_hello_versions (const LabLiveHello *h);

/* "TLS 1.2" for 0x0303; NULL for a version without a name. */
const char *lab_live_version_name (guint16 version);
/* The name, or "version 0x7f1c" for one without (a draft, GREASE). */
char *lab_live_version_text (guint16 version);

/* The first message of this type `sender` sent (its own view) among the first n events. */
const LabEvent *lab_live_sent_message (LabTrace *trace, guint n, guint8 type, LabSide sender);

/* The first DNS name of a certificate's subjectAltName, or NULL. */
char *lab_live_certificate_name (X509 *cert);

G_END_DECLS
