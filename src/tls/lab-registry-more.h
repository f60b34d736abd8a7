/* lab-registry-more.h: more TLS names and numbers as tables: extensions, named groups,
 * signature schemes and X.509 verification errors.
 *
 * Like lab-registry.h, each entry carries the key of its explanation text under
 * data/explanations (see lab-explanations.h). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* RFC 8701: the sixteen GREASE values 0x0a0a, 0x1a1a ... 0xfafa that clients sprinkle
 * into every list so that servers learn to ignore values they do not know. */
gboolean lab_is_grease (guint16 value);

/* ---- hello extensions (RFC 5246 §7.4.1.4 and the IANA registry) ---- */

typedef struct
{
  guint16 value;
  const char *name;            /* IANA name: "server_name" */
  const char *rfc;             /* where it is defined: "RFC 6066 §3" */
  const char *explanation_key; /* "extension.server_name" */
} LabExtensionInfo;

const LabExtensionInfo *lab_extension_lookup (guint16 value);
const LabExtensionInfo *lab_extension_lookup_name (const char *name);
const LabExtensionInfo *lab_extension_all (gsize *n_extensions);

/* ---- named groups (RFC 8422 §5.1.1, RFC 7919, RFC 8446 §4.2.7) ---- */

typedef enum
{
  LAB_GROUP_ECDHE_PRIME,      /* a short-Weierstrass prime curve: secp256r1, brainpool... */
  LAB_GROUP_ECDHE_MONTGOMERY, /* x25519, x448 (RFC 7748) */
  LAB_GROUP_FFDHE,            /* finite-field Diffie-Hellman group (RFC 7919) */
  LAB_GROUP_HYBRID,           /* classical + post-quantum key agreement (drafts) */
  LAB_GROUP_EXPLICIT,         /* a curve described in the message itself (deprecated) */
} LabGroupKind;

typedef struct
{
  guint16 value;
  const char *name;         /* IANA name: "x25519", "secp256r1", "ffdhe2048" */
  const char *openssl_name; /* a group name libcrypto knows ("P-256"), or NULL */
  LabGroupKind kind;
  guint16 bits;                /* size of the group: 255, 256, 2048... (0: not fixed) */
  guint16 public_length;       /* bytes of a public value on the wire (0: not fixed) */
  const char *explanation_key; /* "group.x25519" */
} LabGroupInfo;

const LabGroupInfo *lab_group_lookup (guint16 value);
/* Accepts the IANA or the libcrypto name, case-insensitively. */
const LabGroupInfo *lab_group_lookup_name (const char *name);
const LabGroupInfo *lab_group_all (gsize *n_groups);

/* ---- signature schemes (RFC 5246 §7.4.1.4.1 hash/signature pairs, RFC 8446 §4.2.3) ---- */

typedef enum
{
  LAB_SIGNATURE_RSA_PKCS1,
  LAB_SIGNATURE_RSA_PSS_RSAE, /* PSS padding, key from an ordinary RSA certificate */
  LAB_SIGNATURE_RSA_PSS_PSS,  /* PSS padding, key from an RSASSA-PSS certificate */
  LAB_SIGNATURE_ECDSA,
  LAB_SIGNATURE_EDDSA,
  LAB_SIGNATURE_DSA,
} LabSignatureKind;

typedef struct
{
  guint16 value;
  const char *name; /* "ecdsa_secp256r1_sha256" */
  const char *hash; /* EVP digest name: "SHA256"; NULL for EdDSA */
  LabSignatureKind kind;
  gboolean legacy;             /* MD5, SHA-1 or SHA-224: too weak for new signatures */
  const char *explanation_key; /* "signature_scheme.ecdsa_secp256r1_sha256" */
} LabSignatureSchemeInfo;

const LabSignatureSchemeInfo *lab_signature_scheme_lookup (guint16 value);
const LabSignatureSchemeInfo *lab_signature_scheme_lookup_name (const char *name);
const LabSignatureSchemeInfo *lab_signature_scheme_all (gsize *n_schemes);
/* RFC 5246 §7.4.1.4.1 names for the two bytes of a pair no scheme names: "sha512",
 * "ecdsa"; NULL when the byte has no name. */
const char *lab_hash_algorithm_name (guint8 hash);
const char *lab_signature_algorithm_name (guint8 signature);

/* ---- X.509 verification errors (OpenSSL 3.0 x509_vfy.h) ---- */

typedef struct
{
  int code;                    /* X509_V_ERR_* (0 is X509_V_OK) */
  const char *symbol;          /* without the X509_V_ERR_ prefix: "CERT_HAS_EXPIRED" */
  const char *text;            /* OpenSSL's own string: "certificate has expired" */
  const char *explanation_key; /* "verify.CERT_HAS_EXPIRED" */
} LabVerifyErrorInfo;

const LabVerifyErrorInfo *lab_verify_error_lookup (int code);
/* Accepts "CERT_HAS_EXPIRED" or "X509_V_ERR_CERT_HAS_EXPIRED", case-insensitively. */
const LabVerifyErrorInfo *lab_verify_error_lookup_symbol (const char *symbol);
const LabVerifyErrorInfo *lab_verify_error_all (gsize *n_errors);

G_END_DECLS
