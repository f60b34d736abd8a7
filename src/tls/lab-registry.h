/* lab-registry.h: TLS names and numbers, as tables (never switch ladders): TLS 1.2's, and
 * TLS 1.3's beside them.
 *
 * Each entry carries an explanation key: the name of its text under
 * data/explanations (see lab-explanations.h). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* ---- content types (RFC 5246 §6.2.1) and handshake types (§7.4) ---- */

typedef enum
{
  LAB_CONTENT_CHANGE_CIPHER_SPEC = 20,
  LAB_CONTENT_ALERT = 21,
  LAB_CONTENT_HANDSHAKE = 22,
  LAB_CONTENT_APPLICATION_DATA = 23,
  LAB_CONTENT_HEARTBEAT = 24,
} LabContentType;

typedef enum
{
  LAB_HS_HELLO_REQUEST = 0,
  LAB_HS_CLIENT_HELLO = 1,
  LAB_HS_SERVER_HELLO = 2,
  LAB_HS_NEW_SESSION_TICKET = 4,
  LAB_HS_END_OF_EARLY_DATA = 5,    /* TLS 1.3 (RFC 8446 §4.5) */
  LAB_HS_ENCRYPTED_EXTENSIONS = 8, /* TLS 1.3 (RFC 8446 §4.3.1) */
  LAB_HS_CERTIFICATE = 11,
  LAB_HS_SERVER_KEY_EXCHANGE = 12,
  LAB_HS_CERTIFICATE_REQUEST = 13,
  LAB_HS_SERVER_HELLO_DONE = 14,
  LAB_HS_CERTIFICATE_VERIFY = 15,
  LAB_HS_CLIENT_KEY_EXCHANGE = 16,
  LAB_HS_FINISHED = 20,
  LAB_HS_CERTIFICATE_STATUS = 22,
  LAB_HS_KEY_UPDATE = 24, /* TLS 1.3 (RFC 8446 §4.6.3) */
} LabHandshakeType;

/* The five phases of the handshake as it is taught, then the record protocol. */
typedef enum
{
  LAB_PHASE_NONE = 0,
  LAB_PHASE_CONNECTION = 1,
  LAB_PHASE_NEGOTIATION = 2,
  LAB_PHASE_SERVER_AUTH = 3,
  LAB_PHASE_CLIENT_AUTH_KEYS = 4,
  LAB_PHASE_FINISHED = 5,
  LAB_PHASE_RECORD = 6,
  /* a second handshake inside an established connection (RFC 5746), its messages
   * protected by the first one's keys; the record protocol goes on after it */
  LAB_PHASE_RENEGOTIATION = 7,
} LabPhase;

typedef struct
{
  guint8 value;
  const char *name;            /* "application_data" */
  const char *explanation_key; /* "content.application_data" */
} LabContentTypeInfo;

typedef struct
{
  guint8 value;
  const char *name;            /* the message name used everywhere: "ClientHello" */
  const char *rfc_name;        /* "client_hello" */
  LabPhase phase;              /* where the message sits in the taught handshake */
  const char *explanation_key; /* "message.ClientHello" */
} LabHandshakeTypeInfo;

const LabContentTypeInfo *lab_content_type_lookup (guint8 value);
const LabHandshakeTypeInfo *lab_handshake_type_lookup (guint8 value);
const LabHandshakeTypeInfo *lab_handshake_type_lookup_name (const char *name);
const char *lab_phase_name (LabPhase phase);       /* "negotiation" */
const char *lab_phase_title (LabPhase phase);      /* "Negotiation" */

/* ---- alerts (RFC 5246 §7.2) ---- */

typedef struct
{
  guint8 value;
  const char *name;            /* RFC 5246 name: "bad_record_mac" */
  const char *explanation_key; /* "alert.bad_record_mac" */
} LabAlertInfo;

const LabAlertInfo *lab_alert_lookup (guint8 value);
const LabAlertInfo *lab_alert_lookup_name (const char *name);
/* An alert's name as the lab shows it everywhere (the ladder, JSON, check, lessons):
 * "bad_record_mac", or "unknown (153)" for a value the registry does not name; NULL for
 * a negative value (no alert). Free with g_free. */
char *lab_alert_describe (int value);
const char *lab_alert_level_name (guint8 level); /* "warning", "fatal" */

/* ---- cipher suites (RFC 5246 App. A.5, RFC 5289, 7905, 6655, 5288) ----
 *
 * Every TLS 1.2 suite OpenSSL 3.0 can negotiate is in the table, with what it takes to
 * open its records; every other suite the IANA registry names is known by name only
 * (lab_cipher_suite_name_lookup). */

typedef enum
{
  LAB_KX_RSA,
  LAB_KX_DHE,       /* also DH_anon: ephemeral, unsigned */
  LAB_KX_ECDHE,     /* also ECDH_anon */
  LAB_KX_PSK,       /* RFC 4279 §2: a pre-shared key alone */
  LAB_KX_DHE_PSK,   /* RFC 4279 §3 */
  LAB_KX_ECDHE_PSK, /* RFC 5489 §2 */
  LAB_KX_RSA_PSK,   /* RFC 4279 §4 */
  LAB_KX_SRP,       /* RFC 5054 §2 */
  LAB_KX_TLS13,     /* a TLS 1.3 suite fixes none: key_share and pre_shared_key choose it
                       (RFC 8446 §4.2.8, §4.2.11) */
} LabKeyExchange;

typedef enum
{
  LAB_AUTH_RSA,
  LAB_AUTH_ECDSA,
  LAB_AUTH_DSS,   /* a DSA certificate */
  LAB_AUTH_NONE,  /* anonymous: no certificate, no signature */
  LAB_AUTH_PSK,   /* knowing the pre-shared key */
  LAB_AUTH_SRP,   /* knowing the password */
  LAB_AUTH_TLS13, /* a TLS 1.3 suite fixes none: the certificate and signature_algorithms
                     do (RFC 8446 §4.2.3) */
} LabAuthentication;

typedef enum
{
  LAB_CIPHER_AES_128_GCM,
  LAB_CIPHER_AES_256_GCM,
  LAB_CIPHER_CHACHA20_POLY1305,
  LAB_CIPHER_AES_128_CBC,
  LAB_CIPHER_AES_256_CBC,
  LAB_CIPHER_AES_128_CCM,
  LAB_CIPHER_AES_256_CCM,
  LAB_CIPHER_AES_128_CCM_8,
  LAB_CIPHER_AES_256_CCM_8,
  LAB_CIPHER_CAMELLIA_128_CBC,
  LAB_CIPHER_CAMELLIA_256_CBC,
  LAB_CIPHER_ARIA_128_GCM,
  LAB_CIPHER_ARIA_256_GCM,
  LAB_CIPHER_NULL, /* no encryption: only the MAC protects the record */
} LabBulkCipher;

typedef enum
{
  LAB_MAC_AEAD, /* no separate MAC: the cipher authenticates */
  LAB_MAC_SHA1,
  LAB_MAC_SHA256,
  LAB_MAC_SHA384,
  LAB_MAC_MD5,
} LabMacAlgorithm;

typedef enum
{
  LAB_HASH_SHA256,
  LAB_HASH_SHA384,
} LabPrfHash;

typedef enum
{
  LAB_RECORD_AEAD_EXPLICIT_NONCE, /* GCM, CCM: 4-byte salt, 8-byte nonce in each record */
  LAB_RECORD_AEAD_XOR_NONCE,      /* ChaCha20-Poly1305: IV XOR sequence number */
  LAB_RECORD_CBC,                 /* explicit IV, padding, HMAC (MtE or EtM) */
  LAB_RECORD_NULL_CIPHER,         /* content || HMAC, nothing encrypted (RFC 5246 §6.2.3.1) */
  LAB_RECORD_TLS13,               /* TLS 1.3 AEAD: IV XOR sequence number, the header as
                                     additional data, the true content type inside
                                     (RFC 8446 §5.2, §5.3) */
} LabRecordProtection;

typedef struct
{
  guint16 id;                  /* IANA value */
  const char *iana_name;       /* TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 */
  const char *openssl_name;    /* ECDHE-ECDSA-AES128-GCM-SHA256 */
  LabKeyExchange kx;
  LabAuthentication auth;
  LabBulkCipher cipher;
  LabMacAlgorithm mac;
  LabPrfHash prf_hash;         /* TLS 1.2: SHA-256 unless the suite says SHA-384 */
  LabRecordProtection protection;
  guint8 mac_key_length;       /* key block bytes per side */
  guint8 key_length;
  guint8 fixed_iv_length;      /* key block IV bytes per side (GCM salt, ChaCha IV, CBC 0,
                                  NULL 0) */
  guint8 record_iv_length;     /* bytes sent in each record (GCM nonce, CBC IV) */
  guint8 tag_length;           /* AEAD tag, or MAC length for CBC */
  guint8 block_size;           /* CBC block size, 0 for AEAD */
  const char *evp_cipher;      /* libcrypto name: "AES-128-GCM"; NULL for the NULL cipher */
  const char *explanation_key; /* "suite.ECDHE-ECDSA-AES128-GCM-SHA256" */
} LabCipherSuite;

/* The suites the lab can open, by value; NULL for any other. */
const LabCipherSuite *lab_cipher_suite_lookup (guint16 id);
/* Accepts the OpenSSL or the IANA name, case-insensitively. */
const LabCipherSuite *lab_cipher_suite_lookup_name (const char *name);
const LabCipherSuite *lab_cipher_suite_all (gsize *n_suites);
const char *lab_key_exchange_name (LabKeyExchange kx); /* "ECDHE" */
const char *lab_authentication_name (LabAuthentication auth);
const char *lab_prf_hash_name (LabPrfHash hash);       /* "SHA256" (an EVP digest name) */
const char *lab_mac_name (LabMacAlgorithm mac);        /* "SHA1"; "AEAD" */
gsize lab_cipher_suite_key_block_length (const LabCipherSuite *suite);

/* The TLS 1.3 suites (RFC 8446 §B.4), every one OpenSSL 3.0 has, in a table of their own:
 * lab_cipher_suite_lookup and lab_cipher_suite_all stay TLS 1.2's, so that nothing made
 * for TLS 1.2 (a scenario's suite list, the key block) ever meets one. A TLS 1.3 suite
 * names the AEAD and the hash of the key schedule (prf_hash); its key_length and
 * fixed_iv_length are what HKDF-Expand-Label makes of each traffic secret (RFC 8446 §7.3),
 * its record_iv_length is 0 (nothing explicit in a record), its protection
 * LAB_RECORD_TLS13. Its OpenSSL name is the IANA name. */
const LabCipherSuite *lab_tls13_suite_lookup (guint16 id);
const LabCipherSuite *lab_tls13_suite_lookup_name (const char *name);
const LabCipherSuite *lab_tls13_suite_all (gsize *n_suites);
gboolean lab_cipher_suite_is_tls13 (const LabCipherSuite *suite);

/* A suite of the IANA TLS Cipher Suites registry, by name only. */
typedef struct
{
  guint16 id;
  const char *iana_name;       /* as the registry spells it: "TLS_DH_DSS_WITH_AES_128_CBC_SHA" */
  const char *explanation_key; /* what it is; NULL: "suite.not-openable" says it */
} LabCipherSuiteName;

/* Every suite the IANA registry names, the ones the lab opens among them (TLS 1.3
 * suites and signalling values too); NULL for a value it has not assigned. */
const LabCipherSuiteName *lab_cipher_suite_name_lookup (guint16 id);
const LabCipherSuiteName *lab_cipher_suite_name_all (gsize *n);
/* The explanation of a suite known by name only. */
#define LAB_CIPHER_SUITE_NOT_OPENABLE_KEY "suite.not-openable"

G_END_DECLS
