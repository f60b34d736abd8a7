/* lab-signature-schemes.c: signature schemes as a table. In TLS 1.2 the two bytes are a
 * HashAlgorithm and a SignatureAlgorithm (RFC 5246 §7.4.1.4.1); RFC 8446 §4.2.3 renamed
 * the pairs as schemes and added RSA-PSS and EdDSA, which TLS 1.2 uses too (RFC 8446
 * §1.3, RFC 8422 §5.1.3). */
#include "lab-signature-schemes.h"

#define SCHEME(value, name, hash, kind, legacy)                                                    \
  {                                                                                                \
    value, name, hash, kind, legacy, "signature_scheme." name                                      \
  }
#define PKCS1 LAB_SIGNATURE_RSA_PKCS1
#define ECDSA LAB_SIGNATURE_ECDSA
#define DSA LAB_SIGNATURE_DSA

static const LabSignatureSchemeInfo schemes[] = {
  SCHEME (0x0101, "rsa_pkcs1_md5", "MD5", PKCS1, TRUE),
  SCHEME (0x0201, "rsa_pkcs1_sha1", "SHA1", PKCS1, TRUE),
  SCHEME (0x0202, "dsa_sha1", "SHA1", DSA, TRUE),
  SCHEME (0x0203, "ecdsa_sha1", "SHA1", ECDSA, TRUE),
  SCHEME (0x0301, "rsa_pkcs1_sha224", "SHA224", PKCS1, TRUE),
  SCHEME (0x0302, "dsa_sha224", "SHA224", DSA, TRUE),
  SCHEME (0x0303, "ecdsa_sha224", "SHA224", ECDSA, TRUE),
  SCHEME (0x0401, "rsa_pkcs1_sha256", "SHA256", PKCS1, FALSE),
  SCHEME (0x0402, "dsa_sha256", "SHA256", DSA, FALSE),
  SCHEME (0x0403, "ecdsa_secp256r1_sha256", "SHA256", ECDSA, FALSE),
  SCHEME (0x0501, "rsa_pkcs1_sha384", "SHA384", PKCS1, FALSE),
  SCHEME (0x0502, "dsa_sha384", "SHA384", DSA, FALSE),
  SCHEME (0x0503, "ecdsa_secp384r1_sha384", "SHA384", ECDSA, FALSE),
  SCHEME (0x0601, "rsa_pkcs1_sha512", "SHA512", PKCS1, FALSE),
  SCHEME (0x0602, "dsa_sha512", "SHA512", DSA, FALSE),
  SCHEME (0x0603, "ecdsa_secp521r1_sha512", "SHA512", ECDSA, FALSE),
  SCHEME (0x0804, "rsa_pss_rsae_sha256", "SHA256", LAB_SIGNATURE_RSA_PSS_RSAE, FALSE),
  SCHEME (0x0805, "rsa_pss_rsae_sha384", "SHA384", LAB_SIGNATURE_RSA_PSS_RSAE, FALSE),
  SCHEME (0x0806, "rsa_pss_rsae_sha512", "SHA512", LAB_SIGNATURE_RSA_PSS_RSAE, FALSE),
  SCHEME (0x0807, "ed25519", NULL, LAB_SIGNATURE_EDDSA, FALSE),
  SCHEME (0x0808, "ed448", NULL, LAB_SIGNATURE_EDDSA, FALSE),
  SCHEME (0x0809, "rsa_pss_pss_sha256", "SHA256", LAB_SIGNATURE_RSA_PSS_PSS, FALSE),
  SCHEME (0x080a, "rsa_pss_pss_sha384", "SHA384", LAB_SIGNATURE_RSA_PSS_PSS, FALSE),
  SCHEME (0x080b, "rsa_pss_pss_sha512", "SHA512", LAB_SIGNATURE_RSA_PSS_PSS, FALSE),
  SCHEME (0x081a, "ecdsa_brainpoolP256r1tls13_sha256", "SHA256", ECDSA, FALSE),
  SCHEME (0x081b, "ecdsa_brainpoolP384r1tls13_sha384", "SHA384", ECDSA, FALSE),
  SCHEME (0x081c, "ecdsa_brainpoolP512r1tls13_sha512", "SHA512", ECDSA, FALSE),
};

/* RFC 5246 §7.4.1.4.1 and RFC 8422 §5.1.3 (intrinsic, ed25519, ed448) */
static const char *const hash_names[] = {
  "none", "md5", "sha1", "sha224", "sha256", "sha384", "sha512", NULL, "intrinsic",
};
static const char *const signature_names[] = {
  "anonymous", "rsa", "dsa", "ecdsa", NULL, NULL, NULL, "ed25519", "ed448",
};

const LabSignatureSchemeInfo *
lab_signature_scheme_lookup (guint16 value)
{
  for (gsize i = 0; i < G_N_ELEMENTS (schemes); i++)
    if (schemes[i].value == value)
      return &schemes[i];
  return NULL;
}

const LabSignatureSchemeInfo *
lab_signature_scheme_lookup_name (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (schemes); i++)
    if (g_strcmp0 (schemes[i].name, name) == 0)
      return &schemes[i];
  return NULL;
}

const LabSignatureSchemeInfo *
lab_signature_scheme_all (gsize *n_schemes)
{
  *n_schemes = G_N_ELEMENTS (schemes);
  return schemes;
}

const char *
lab_hash_algorithm_name (guint8 hash)
{
  return hash < G_N_ELEMENTS (hash_names) ? hash_names[hash] : NULL;
}

const char *
lab_signature_algorithm_name (guint8 signature)
{
  return signature < G_N_ELEMENTS (signature_names) ? signature_names[signature] : NULL;
}
