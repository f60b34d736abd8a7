/* lab-signature-schemes.h: signature schemes as a table (RFC 5246 §7.4.1.4.1 hash/signature pairs, RFC 8446 §4.2.3).
 *
 * Each entry carries the key of its explanation text under data/explanations (see
 * lab-explanations.h). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

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

G_END_DECLS
