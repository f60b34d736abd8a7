/* lab-pki.h: the PKI factory. Real certificates with real extensions, made fresh for
 * each run against the scenario's clock: a root CA, an intermediate CA, and leaves for
 * the server and (when asked) the client, each leaf following a certificate profile
 * that is valid or broken in one teachable way. */
#pragma once

#include <glib.h>
#include <openssl/types.h>

G_BEGIN_DECLS

typedef enum
{
  LAB_KEY_ECDSA_P256,
  LAB_KEY_RSA_2048,
} LabKeyType;

typedef enum
{
  LAB_PROFILE_VALID,
  LAB_PROFILE_EXPIRED,              /* notAfter before the clock */
  LAB_PROFILE_NOT_YET_VALID,        /* notBefore after the clock */
  LAB_PROFILE_WRONG_HOST,           /* the SAN names another host */
  LAB_PROFILE_SELF_SIGNED,          /* the leaf signed itself */
  LAB_PROFILE_UNTRUSTED_ROOT,       /* a whole chain under a root the peer does not trust */
  LAB_PROFILE_MISSING_INTERMEDIATE, /* the intermediate is not sent */
  LAB_PROFILE_EXPIRED_INTERMEDIATE, /* the intermediate's notAfter is before the clock */
  LAB_PROFILE_REVOKED,              /* listed in the intermediate's CRL */
  LAB_PROFILE_WEAK_KEY,             /* RSA-1024 */
  LAB_PROFILE_SHA1_SIGNATURE,       /* signed with SHA-1 */
  LAB_PROFILE_CLIENT_AUTH_ONLY,     /* EKU clientAuth only: wrong for a server */
  LAB_PROFILE_SERVER_AUTH_ONLY,     /* EKU serverAuth only: wrong for a client */
  LAB_PROFILE_ISSUER_NOT_CA,        /* issued by a certificate that is not a CA */
  LAB_PROFILE_BAD_SIGNATURE,        /* one bit of the signature flipped */
  LAB_PROFILE_NAME_NOT_PERMITTED,   /* issued by a CA whose nameConstraints permit only
                                     * another domain (RFC 5280 §4.2.1.10) */
  LAB_PROFILE_PATH_TOO_LONG,        /* issued by a CA below the intermediate, whose
                                     * pathLenConstraint 0 allows none (RFC 5280 §4.2.1.9) */
  LAB_PROFILE_NO_DIGITAL_SIGNATURE, /* keyUsage without digitalSignature (RFC 5280 §4.2.1.3) */
  LAB_N_PROFILES
} LabCertProfile;

/* Where the man in the middle's certificate for the server's name comes from. */
typedef enum
{
  LAB_MALLORY_NONE,       /* no man in the middle */
  LAB_MALLORY_OWN_CA,     /* "Mallory Root CA", a CA of its own */
  LAB_MALLORY_MIS_ISSUED, /* the lab's own intermediate CA, fooled into issuing it */
} LabMalloryCertificate;

/* The only domain the name-not-permitted profile's CA may vouch for. */
#define LAB_PKI_PERMITTED_DOMAIN "another-site.lab"

/* A CA made once and kept (lab-user-ca.h): its root and intermediate with their keys. */
typedef struct
{
  EVP_PKEY *root_key, *intermediate_key;
  X509 *root, *intermediate;
} LabPkiAuthority;

void lab_pki_authority_free (LabPkiAuthority *authority);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabPkiAuthority, lab_pki_authority_free)

typedef struct
{
  LabKeyType key_type;          /* of the whole chain (of the leaves, with an authority) */
  gint64 clock;                 /* Unix time the certificates are valid around */
  const char *server_name;      /* the server leaf's CN and subjectAltName */
  /* more host names the server has a certificate of its own for (NULL-terminated, or
   * NULL): each a leaf with the server's profile, in LabPki.more_servers */
  const char *const *more_server_names;
  LabCertProfile server_profile;
  gboolean with_client;         /* also make a client certificate */
  gboolean with_ocsp;           /* also make the CA's OCSP response for each server leaf */
  LabMalloryCertificate mallory; /* also make the man in the middle's certificate */
  LabCertProfile client_profile;
  /* Sign the leaves with this CA instead of making a root and an intermediate: `listen`'s
   * lasting CA, which real clients can be told to trust. Never for a seeded run, whose
   * whole PKI comes from its seed. */
  const LabPkiAuthority *authority;
} LabPkiOptions;

/* One leaf and what its owner sends with it. */
typedef struct
{
  char *host;       /* a server leaf's: the host name it was made for (the profile may put
                     * another in the certificate); NULL for the client's */
  EVP_PKEY *key;
  X509 *cert;
  GPtrArray *chain; /* X509*, the certificates sent after the leaf (may be empty) */
  /* A twin of cert that OpenSSL's server agrees to use, for a profile it would refuse to
   * sign with (no-digital-signature: the twin has the digitalSignature bit); the lab's
   * server loads the twin and sends cert once it has chosen the suite. NULL otherwise. */
  X509 *loadable;
  X509 *issuer;          /* the CA that signed cert (cert itself when self-signed) */
  EVP_PKEY *issuer_key;
  GBytes *ocsp_response; /* with_ocsp: its CA's OCSP response about it (DER), good, or
                          * revoked for the revoked profile; else NULL */
} LabPkiLeaf;

typedef struct
{
  EVP_PKEY *root_key, *intermediate_key;
  X509 *root;          /* the trust anchor both peers trust */
  X509 *intermediate;
  X509_CRL *crl;       /* the intermediate's CRL: lists every revoked leaf */
  LabPkiLeaf server;   /* for server_name: the server's default certificate */
  LabPkiLeaf client;   /* key and cert NULL unless with_client */
  GPtrArray *more_servers; /* LabPkiLeaf*, one per more_server_names entry, in order */
  LabPkiLeaf mallory;  /* the man in the middle's leaf for server_name; empty unless asked */
  X509 *mallory_root;  /* LAB_MALLORY_OWN_CA: the root of its chain (not sent); else NULL */
  gint64 clock;        /* what the certificates were made around */
} LabPki;

/* Draws keys and signatures from libctx (seeded or not). RSA keys are the exception:
 * each comes from a fixed seed of its own and is made at most once per process
 * (and cached under the user's cache directory), because RSA-2048 generation costs
 * 50-500 ms; they are the same in every process, so seeded runs stay byte-identical. */
LabPki *lab_pki_new (OSSL_LIB_CTX *libctx, const LabPkiOptions *options, GError **error);
void lab_pki_free (LabPki *pki);

const char *lab_key_type_name (LabKeyType type); /* "ecdsa-p256", "rsa-2048" */
gboolean lab_key_type_from_name (const char *name, LabKeyType *out);

const char *lab_cert_profile_name (LabCertProfile profile); /* "expired" */
gboolean lab_cert_profile_from_name (const char *name, LabCertProfile *out);
/* The profile names, NULL-terminated, for settings and documentation. */
const char *const *lab_cert_profile_names (void);
/* The server's leaf whose certificate (or its twin, `loadable`) is `cert`, or NULL. */
const LabPkiLeaf *lab_pki_server_leaf_of (const LabPki *pki, const X509 *cert);

/* The server's leaf made for this host name (ASCII case ignored), or NULL. */
const LabPkiLeaf *lab_pki_server_leaf_for (const LabPki *pki, const char *host);

/* Does a peer presenting this profile need a lowered security level to load it? */
gboolean lab_cert_profile_is_weak (LabCertProfile profile);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabPki, lab_pki_free)

G_END_DECLS
