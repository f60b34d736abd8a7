/* lab-key-schedule13.h: the TLS 1.3 key schedule (RFC 8446 §7), each value with the
 * formula that made it.
 *
 *   early_secret     = HKDF-Extract(0, PSK or 0)
 *   handshake_secret = HKDF-Extract(Derive-Secret(early_secret, "derived", ""), (EC)DHE)
 *     -> client/server handshake traffic secrets over ClientHello..ServerHello
 *   master_secret    = HKDF-Extract(Derive-Secret(handshake_secret, "derived", ""), 0)
 *     -> client/server application traffic secrets and the exporter master secret over
 *        ClientHello..server Finished, the resumption master secret over ..client Finished
 *
 * Each traffic secret gives a record key and IV (§7.3) and, for the handshake, a finished
 * key (§4.4.4). HKDF runs through libcrypto's EVP_KDF "HKDF" (tests/test-key-schedule13.c
 * holds it against "TLS13-KDF", RFC 8448 and the ACVP vectors). Every hash is the suite's
 * (its prf_hash); "0" is a string of Hash.length zero bytes. */
#pragma once

#include <glib.h>

#include "lab-key-schedule.h"
#include "lab-registry.h"

G_BEGIN_DECLS

#define LAB_TLS13_VERSION 0x0304

/* HKDF-Extract(salt, IKM) = HMAC-Hash(salt, IKM) (RFC 5869 §2.2). */
GBytes *lab_hkdf_extract (LabPrfHash hash, GBytes *salt, GBytes *ikm, GError **error);

/* The HkdfLabel of RFC 8446 §7.1: uint16 length || opaque label<7..255> ("tls13 " and the
 * label) || opaque context<0..255>. */
GBytes *lab_hkdf_label (const char *label, GBytes *context, gsize length);

/* HKDF-Expand-Label(Secret, Label, Context, Length) = HKDF-Expand(Secret, HkdfLabel, Length)
 * (RFC 8446 §7.1). A label or context too long for its vector is an error. */
GBytes *lab_hkdf_expand_label (LabPrfHash hash, GBytes *secret, const char *label, GBytes *context,
                               gsize length, GError **error);

/* The same as named secrets for display: the formula names the inputs as given, and
 * `hkdf_label` keeps the HkdfLabel that was expanded. */
LabSecret *lab_tls13_extract (const char *name, LabPrfHash hash, GBytes *salt,
                              const char *salt_name, GBytes *ikm, const char *ikm_name,
                              GError **error);
LabSecret *lab_tls13_expand_label (const char *name, LabPrfHash hash, GBytes *secret,
                                   const char *secret_name, const char *label, GBytes *context,
                                   const char *context_name, gsize length, GError **error);
/* Derive-Secret(Secret, Label, Messages) = HKDF-Expand-Label(Secret, Label,
 * Transcript-Hash(Messages), Hash.length) (RFC 8446 §7.1), from the transcript hash;
 * `messages` names them for the formula ("ClientHello..ServerHello"). */
LabSecret *lab_tls13_derive_secret (const char *name, LabPrfHash hash, GBytes *secret,
                                    const char *secret_name, const char *label,
                                    GBytes *transcript_hash, const char *messages, GError **error);

/* The secrets of the schedule, in the order RFC 8446 §7.1 derives them. */
typedef enum
{
  LAB_TLS13_EARLY_SECRET,
  LAB_TLS13_EARLY_DERIVED, /* Derive-Secret(early_secret, "derived", "") */
  LAB_TLS13_HANDSHAKE_SECRET,
  LAB_TLS13_CLIENT_HANDSHAKE_TRAFFIC_SECRET,
  LAB_TLS13_SERVER_HANDSHAKE_TRAFFIC_SECRET,
  LAB_TLS13_HANDSHAKE_DERIVED, /* Derive-Secret(handshake_secret, "derived", "") */
  LAB_TLS13_MASTER_SECRET,
  LAB_TLS13_CLIENT_APPLICATION_TRAFFIC_SECRET,
  LAB_TLS13_SERVER_APPLICATION_TRAFFIC_SECRET,
  LAB_TLS13_EXPORTER_MASTER_SECRET,
  LAB_TLS13_RESUMPTION_MASTER_SECRET,
  LAB_TLS13_N_SECRETS,
} LabTls13SecretId;

/* "client_handshake_traffic_secret": the secret's name, its JSON key. */
const char *lab_tls13_secret_name (LabTls13SecretId id);
/* The NSS key-log label OpenSSL writes the secret under ("CLIENT_HANDSHAKE_TRAFFIC_SECRET",
 * "CLIENT_TRAFFIC_SECRET_0", "EXPORTER_SECRET"), or NULL for one it never logs. */
const char *lab_tls13_secret_keylog_label (LabTls13SecretId id);

typedef struct
{
  const LabCipherSuite *suite;
  LabSecret *secrets[LAB_TLS13_N_SECRETS]; /* NULL until derived */
} LabTls13Schedule;

LabTls13Schedule *lab_tls13_schedule_new (const LabCipherSuite *suite);
void lab_tls13_schedule_free (LabTls13Schedule *schedule);

/* Each stage needs the one before. psk NULL: no pre-shared key (a full handshake).
 * hello_hash is Transcript-Hash(ClientHello..ServerHello), server_finished_hash up to the
 * server's Finished, client_finished_hash up to the client's. */
gboolean lab_tls13_schedule_early (LabTls13Schedule *schedule, GBytes *psk, GError **error);
gboolean lab_tls13_schedule_handshake (LabTls13Schedule *schedule, GBytes *shared_secret,
                                       GBytes *hello_hash, GError **error);
gboolean lab_tls13_schedule_master (LabTls13Schedule *schedule, GBytes *server_finished_hash,
                                    GError **error);
gboolean lab_tls13_schedule_resumption (LabTls13Schedule *schedule, GBytes *client_finished_hash,
                                        GError **error);

/* A traffic secret's record key and IV (RFC 8446 §7.3): HKDF-Expand-Label(secret, "key",
 * "", key_length) and (secret, "iv", "", 12), named prefix + "_write_key" / "_write_iv"
 * ("client_handshake_write_key"). */
gboolean lab_tls13_traffic_keys (const LabCipherSuite *suite, GBytes *traffic_secret,
                                 const char *secret_name, const char *prefix, LabSecret **key,
                                 LabSecret **iv, GError **error);

/* finished_key = HKDF-Expand-Label(BaseKey, "finished", "", Hash.length) (RFC 8446 §4.4.4),
 * where BaseKey is the sender's handshake traffic secret. */
LabSecret *lab_tls13_finished_key (const char *name, LabPrfHash hash, GBytes *base_key,
                                   const char *base_key_name, GError **error);
/* verify_data = HMAC(finished_key, Transcript-Hash(every message before this Finished)). */
LabSecret *lab_tls13_verify_data (const char *name, LabPrfHash hash, GBytes *finished_key,
                                  const char *finished_key_name, GBytes *transcript_hash,
                                  const char *messages, GError **error);

/* What a CertificateVerify signs (RFC 8446 §4.4.3): 64 spaces, the context string
 * ("TLS 1.3, server CertificateVerify" or "TLS 1.3, client CertificateVerify"), one zero
 * byte, then Transcript-Hash(every message before the CertificateVerify). */
GBytes *lab_tls13_certificate_verify_content (gboolean server, GBytes *transcript_hash);
/* The content's formula, for display. */
const char *lab_tls13_certificate_verify_formula (gboolean server);

/* The PSK a NewSessionTicket makes (RFC 8446 §4.6.1): HKDF-Expand-Label(
 * resumption_master_secret, "resumption", ticket_nonce, Hash.length). */
LabSecret *lab_tls13_ticket_psk (LabPrfHash hash, GBytes *resumption_master_secret,
                                 GBytes *ticket_nonce, GError **error);

/* The message_hash message that stands for the first ClientHello in the transcript after a
 * HelloRetryRequest (RFC 8446 §4.4.1): 254 || 00 00 || Hash.length || Hash(ClientHello1). */
GBytes *lab_tls13_message_hash (LabPrfHash hash, GBytes *client_hello1, GError **error);

/* The random a HelloRetryRequest carries instead of a server random (RFC 8446 §4.1.3):
 * SHA-256("HelloRetryRequest"). */
extern const guint8 lab_tls13_hello_retry_random[32];

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabTls13Schedule, lab_tls13_schedule_free)

G_END_DECLS
