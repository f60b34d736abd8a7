/* lab-pki.c: the PKI factory: the CAs, each leaf of a profile, the CRL and the man in the
 * middle's certificates (HACKING.md, "Costs" and "Determinism"). Keys come from
 * lab-pki-keys.c, the profiles' and key types' names from lab-pki-names.c. */
#include "lab-pki.h"
#include "lab-pki-keys.h"
#include "lab-ocsp.h"
#include "lab-seeded-rand.h"
#include "tls/lab-crypto-autoptr.h"
#include "tls/lab-error.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <glib/gstdio.h>
#include <openssl/rand.h>

#define DAY (24 * 60 * 60)

/* ---- certificates ---- */

#define LAB_ROOT_NAME "Handshake Lab Root CA"
#define LAB_INTERMEDIATE_NAME "Handshake Lab Intermediate CA"

typedef struct
{
  const char *common_name;
  const char *organization;
  guint64 serial;
  gint64 not_before;
  gint64 not_after;
  gboolean is_ca;
  int path_length;          /* for CAs; -1 for none */
  const char *key_usage;    /* OpenSSL config syntax */
  const char *ext_key_usage;
  const char *dns_name;     /* subjectAltName, or NULL */
  const char *digest;       /* signature hash: "SHA256" unless a profile says otherwise */
  const char *name_constraints; /* for a CA: OpenSSL config syntax, or NULL */
} CertSpec;

static gboolean
add_extension (X509 *cert, X509V3_CTX *ctx, int nid, const char *value, GError **error)
{
  g_autoptr (X509_EXTENSION) ext = X509V3_EXT_nconf_nid (NULL, ctx, nid, value);

  if (ext == NULL || !X509_add_ext (cert, ext, -1))
    {
      lab_set_error_from_openssl (error, "adding a certificate extension");
      return FALSE;
    }
  return TRUE;
}

static gboolean
set_name (X509_NAME *name, const char *organization, const char *common_name)
{
  return X509_NAME_add_entry_by_txt (name, "O", MBSTRING_UTF8,
                                     (const unsigned char *) organization, -1, -1, 0)
         && X509_NAME_add_entry_by_txt (name, "CN", MBSTRING_UTF8,
                                        (const unsigned char *) common_name, -1, -1, 0);
}

static X509 *
make_certificate (OSSL_LIB_CTX *libctx, const CertSpec *spec, EVP_PKEY *key, X509 *issuer,
                  EVP_PKEY *issuer_key, GError **error)
{
  g_autoptr (X509) cert = X509_new_ex (libctx, NULL);
  g_autoptr (EVP_MD_CTX) md_ctx = EVP_MD_CTX_new ();
  g_autofree char *basic = NULL;
  g_autofree char *san = NULL;
  X509V3_CTX ctx;

  ERR_clear_error ();
  if (cert == NULL || md_ctx == NULL || !X509_set_version (cert, X509_VERSION_3)
      || !ASN1_INTEGER_set_uint64 (X509_get_serialNumber (cert), spec->serial)
      || !set_name (X509_get_subject_name (cert),
                    spec->organization ? spec->organization : "Handshake Lab",
                    spec->common_name)
      || !X509_set_issuer_name (cert, issuer ? X509_get_subject_name (issuer)
                                             : X509_get_subject_name (cert))
      || ASN1_TIME_set (X509_getm_notBefore (cert), (time_t) spec->not_before) == NULL
      || ASN1_TIME_set (X509_getm_notAfter (cert), (time_t) spec->not_after) == NULL
      || !X509_set_pubkey (cert, key))
    {
      lab_set_error_from_openssl (error, "building a certificate");
      return NULL;
    }

  X509V3_set_ctx (&ctx, issuer ? issuer : cert, cert, NULL, NULL, 0);
  if (spec->is_ca)
    basic = spec->path_length >= 0
              ? g_strdup_printf ("critical,CA:TRUE,pathlen:%d", spec->path_length)
              : g_strdup ("critical,CA:TRUE");
  else
    basic = g_strdup ("critical,CA:FALSE");
  if (!add_extension (cert, &ctx, NID_basic_constraints, basic, error)
      || !add_extension (cert, &ctx, NID_key_usage, spec->key_usage, error)
      || (spec->ext_key_usage
          && !add_extension (cert, &ctx, NID_ext_key_usage, spec->ext_key_usage, error))
      || !add_extension (cert, &ctx, NID_subject_key_identifier, "hash", error)
      || !add_extension (cert, &ctx, NID_authority_key_identifier, "keyid:always", error)
      || (spec->name_constraints
          && !add_extension (cert, &ctx, NID_name_constraints, spec->name_constraints, error)))
    return NULL;
  if (spec->dns_name != NULL)
    {
      san = g_strdup_printf ("DNS:%s", spec->dns_name);
      if (!add_extension (cert, &ctx, NID_subject_alt_name, san, error))
        return NULL;
    }

  if (EVP_DigestSignInit_ex (md_ctx, NULL, spec->digest ? spec->digest : "SHA256", libctx, NULL,
                             issuer_key ? issuer_key : key, NULL) <= 0
      || X509_sign_ctx (cert, md_ctx) <= 0)
    {
      lab_set_error_from_openssl (error, "signing a certificate");
      return NULL;
    }
  return g_steal_pointer (&cert);
}

static const CertSpec *
ca_spec (CertSpec *spec, gboolean root, const char *organization, gint64 now)
{
  *spec = (CertSpec){
    .common_name = root ? LAB_ROOT_NAME : LAB_INTERMEDIATE_NAME,
    .organization = organization,
    .serial = root ? 0x1001 : 0x2001,
    .not_before = now - (root ? 365 : 180) * DAY,
    .not_after = now + (root ? 3650 : 1825) * DAY,
    .is_ca = TRUE,
    .path_length = root ? 1 : 0,
    .key_usage = "critical,keyCertSign,cRLSign",
  };
  return spec;
}

/* Where a leaf comes from: the issuer that signs it and what its owner sends with it. */
typedef struct
{
  OSSL_LIB_CTX *libctx;
  LabPki *pki;
  const LabPkiOptions *options;
  GPtrArray *owned;      /* X509 made for one leaf only (rogue CAs...) */
  GPtrArray *owned_keys; /* EVP_PKEY of those */
  X509 *rogue_root;      /* the last "Mallory Root CA" made (in owned), or NULL */
} Factory;

static void
chain_add (LabPkiLeaf *leaf, X509 *cert)
{
  X509_up_ref (cert);
  g_ptr_array_add (leaf->chain, cert);
}

/* Flips the lowest bit of the signature's last byte: the certificate still parses,
 * but no key can verify it. */
static void
corrupt_signature (X509 *cert)
{
  const ASN1_BIT_STRING *sig = NULL;
  unsigned char *data;
  int len;

  X509_get0_signature (&sig, NULL, cert);
  len = ASN1_STRING_length (sig);
  data = (unsigned char *) ASN1_STRING_get0_data (sig);
  if (len > 0)
    data[len - 1] ^= 0x01;
}

/* A leaf for the client, or for the server's host name `host` (serial: its serial number);
 * `role` names whose key it is ("server", "client", "mallory": RSA keys are one per role). */
static gboolean
make_leaf (Factory *f, LabPkiLeaf *leaf, gboolean server, const char *host, guint64 serial,
           LabCertProfile profile, const char *role, GError **error)
{
  const LabPkiOptions *o = f->options;
  gint64 now = o->clock;
  gboolean rsa = o->key_type == LAB_KEY_RSA_2048 || profile == LAB_PROFILE_WEAK_KEY;
  CertSpec spec = {
    .common_name = server ? host : "Student Client",
    .serial = serial,
    .not_before = now - 30 * DAY,
    .not_after = now + 60 * DAY,
    .path_length = -1,
    .key_usage = !rsa ? "critical,digitalSignature"
                 : server ? "critical,digitalSignature,keyEncipherment"
                          : "critical,digitalSignature",
    .ext_key_usage = server ? "serverAuth" : "clientAuth",
    .dns_name = server ? host : NULL,
  };
  X509 *issuer = f->pki->intermediate;
  EVP_PKEY *issuer_key = f->pki->intermediate_key;
  gboolean send_intermediate = TRUE;

  leaf->chain = g_ptr_array_new_with_free_func ((GDestroyNotify) X509_free);
  leaf->host = g_strdup (host);
  if (profile == LAB_PROFILE_WEAK_KEY)
    leaf->key = lab_pki_rsa_key_for_role (role, 1024, error);
  else
    leaf->key = lab_pki_make_key (f->libctx, o->key_type, role, error);
  if (leaf->key == NULL)
    return FALSE;

  switch (profile)
    {
    case LAB_PROFILE_EXPIRED:
      spec.not_before = now - 120 * DAY;
      spec.not_after = now - 1 * DAY;
      break;
    case LAB_PROFILE_NOT_YET_VALID:
      spec.not_before = now + 2 * DAY;
      spec.not_after = now + 92 * DAY;
      break;
    case LAB_PROFILE_WRONG_HOST:
      spec.common_name = spec.dns_name = server ? "www.another-site.lab" : "Someone Else";
      if (!server)
        spec.dns_name = NULL;
      break;
    case LAB_PROFILE_SELF_SIGNED:
      issuer = NULL;
      issuer_key = NULL;
      send_intermediate = FALSE;
      break;
    case LAB_PROFILE_MISSING_INTERMEDIATE:
      send_intermediate = FALSE;
      break;
    case LAB_PROFILE_SHA1_SIGNATURE:
      spec.digest = "SHA1";
      break;
    case LAB_PROFILE_CLIENT_AUTH_ONLY:
      spec.ext_key_usage = "clientAuth";
      break;
    case LAB_PROFILE_SERVER_AUTH_ONLY:
      spec.ext_key_usage = "serverAuth";
      break;
    case LAB_PROFILE_NO_DIGITAL_SIGNATURE:
      /* a key for key transport or key agreement only: it may not sign (RFC 5280 §4.2.1.3) */
      spec.key_usage = rsa ? "critical,keyEncipherment" : "critical,keyAgreement";
      break;
    case LAB_PROFILE_UNTRUSTED_ROOT:
    case LAB_PROFILE_EXPIRED_INTERMEDIATE:
    case LAB_PROFILE_ISSUER_NOT_CA:
    case LAB_PROFILE_NAME_NOT_PERMITTED:
    case LAB_PROFILE_PATH_TOO_LONG:
      {
        /* A CA of this leaf's own: a rogue chain, an expired intermediate (same name and
         * key as the lab's, so only its dates are wrong), or a leaf posing as an issuer. */
        CertSpec ca;
        EVP_PKEY *ca_key = f->pki->intermediate_key;
        EVP_PKEY *rogue_root_key = NULL;
        X509 *ca_issuer = f->pki->root;
        EVP_PKEY *ca_issuer_key = f->pki->root_key;
        X509 *made;

        if (profile == LAB_PROFILE_UNTRUSTED_ROOT)
          {
            X509 *rogue_root;
            CertSpec root_spec;

            /* keys of their own, so nothing in the rogue chain points at the lab's CAs */
            rogue_root_key = lab_pki_make_key (f->libctx, o->key_type, "rogue-root", error);
            if (rogue_root_key == NULL)
              return FALSE;
            g_ptr_array_add (f->owned_keys, rogue_root_key);
            ca_key = lab_pki_make_key (f->libctx, o->key_type, "rogue-intermediate", error);
            if (ca_key == NULL)
              return FALSE;
            g_ptr_array_add (f->owned_keys, ca_key);
            ca_spec (&root_spec, TRUE, "Mallory's Certificates Ltd", now);
            root_spec.common_name = "Mallory Root CA";
            rogue_root = make_certificate (f->libctx, &root_spec, rogue_root_key, NULL, NULL,
                                           error);
            if (rogue_root == NULL)
              return FALSE;
            g_ptr_array_add (f->owned, rogue_root);
            f->rogue_root = rogue_root;
            ca_issuer = rogue_root;
            ca_issuer_key = rogue_root_key;
            ca_spec (&ca, FALSE, "Mallory's Certificates Ltd", now);
            ca.common_name = "Mallory Intermediate CA";
          }
        else if (profile == LAB_PROFILE_EXPIRED_INTERMEDIATE)
          {
            ca_spec (&ca, FALSE, NULL, now);
            ca.not_before = now - 800 * DAY;
            ca.not_after = now - 10 * DAY;
          }
        else if (profile == LAB_PROFILE_NAME_NOT_PERMITTED)
          {
            /* a company's own CA under the lab's root, allowed to vouch only for names in
             * its own domain (RFC 5280 §4.2.1.10: critical, DNS names in permittedSubtrees) */
            ca_key = lab_pki_make_key (f->libctx, o->key_type, "constrained-intermediate", error);
            if (ca_key == NULL)
              return FALSE;
            g_ptr_array_add (f->owned_keys, ca_key);
            ca_spec (&ca, FALSE, "Another Site Ltd", now);
            ca.common_name = "Another Site Intermediate CA";
            ca.serial = 0x2003;
            ca.name_constraints = "critical,permitted;DNS:" LAB_PKI_PERMITTED_DOMAIN;
          }
        else if (profile == LAB_PROFILE_PATH_TOO_LONG)
          {
            /* one CA more below the intermediate, whose pathLenConstraint 0 allows no CA
             * below it (RFC 5280 §4.2.1.9) */
            ca_key = lab_pki_make_key (f->libctx, o->key_type, "issuing-ca", error);
            if (ca_key == NULL)
              return FALSE;
            g_ptr_array_add (f->owned_keys, ca_key);
            ca_spec (&ca, FALSE, NULL, now);
            ca.common_name = "Handshake Lab Issuing CA";
            ca.serial = 0x2004;
            ca.path_length = -1;
            ca_issuer = f->pki->intermediate;
            ca_issuer_key = f->pki->intermediate_key;
          }
        else
          {
            ca_spec (&ca, FALSE, NULL, now);
            ca.common_name = "Handshake Lab Web Server (not a CA)";
            ca.serial = 0x2002;
            ca.is_ca = FALSE;
            ca.key_usage = "critical,digitalSignature";
            ca.ext_key_usage = "serverAuth";
            ca_issuer = f->pki->intermediate;
            ca_issuer_key = f->pki->intermediate_key;
          }
        made = make_certificate (f->libctx, &ca, ca_key, ca_issuer, ca_issuer_key, error);
        if (made == NULL)
          return FALSE;
        g_ptr_array_add (f->owned, made);
        issuer = made;
        issuer_key = ca_key;
        chain_add (leaf, made);
        if (profile == LAB_PROFILE_ISSUER_NOT_CA || profile == LAB_PROFILE_PATH_TOO_LONG)
          chain_add (leaf, f->pki->intermediate);
        send_intermediate = FALSE;
        break;
      }
    default:
      break;
    }

  leaf->cert = make_certificate (f->libctx, &spec, leaf->key, issuer, issuer_key, error);
  if (leaf->cert == NULL)
    return FALSE;
  if (profile == LAB_PROFILE_NO_DIGITAL_SIGNATURE && server)
    {
      /* OpenSSL's server will not use an ECDSA certificate that may not sign for an
       * ECDSA suite (HACKING.md, "Key usage and the chain's constraints"): the twin it
       * loads may sign */
      spec.key_usage = "critical,digitalSignature";
      leaf->loadable = make_certificate (f->libctx, &spec, leaf->key, issuer, issuer_key, error);
      if (leaf->loadable == NULL)
        return FALSE;
    }
  /* who signed it, for the OCSP response its CA makes later */
  leaf->issuer = X509_up_ref (issuer ? issuer : leaf->cert) ? (issuer ? issuer : leaf->cert) : NULL;
  leaf->issuer_key = EVP_PKEY_up_ref (issuer_key ? issuer_key : leaf->key)
                       ? (issuer_key ? issuer_key : leaf->key)
                       : NULL;
  if (profile == LAB_PROFILE_BAD_SIGNATURE)
    corrupt_signature (leaf->cert);
  if (send_intermediate)
    chain_add (leaf, f->pki->intermediate);
  return TRUE;
}

/* The intermediate's CRL (RFC 5280 §5), listing the leaves whose profile is revoked. */
static X509_CRL *
make_crl (Factory *f, GError **error)
{
  g_autoptr (X509_CRL) crl = X509_CRL_new_ex (f->libctx, NULL);
  g_autoptr (ASN1_TIME) last = ASN1_TIME_set (NULL, (time_t) (f->options->clock - DAY));
  g_autoptr (ASN1_TIME) next = ASN1_TIME_set (NULL, (time_t) (f->options->clock + 7 * DAY));
  g_autoptr (EVP_MD_CTX) md_ctx = EVP_MD_CTX_new ();
  g_autoptr (GPtrArray) leaves = g_ptr_array_new ();
  g_autoptr (GArray) profiles = g_array_new (FALSE, FALSE, sizeof (LabCertProfile));

  ERR_clear_error ();
  if (crl == NULL || !X509_CRL_set_version (crl, X509_CRL_VERSION_2)
      || !X509_CRL_set_issuer_name (crl, X509_get_subject_name (f->pki->intermediate))
      || !X509_CRL_set1_lastUpdate (crl, last) || !X509_CRL_set1_nextUpdate (crl, next))
    {
      lab_set_error_from_openssl (error, "building the CRL");
      return NULL;
    }
  g_ptr_array_add (leaves, &f->pki->server);
  g_array_append_val (profiles, f->options->server_profile);
  g_ptr_array_add (leaves, &f->pki->client);
  g_array_append_val (profiles, f->options->client_profile);
  for (guint i = 0; i < f->pki->more_servers->len; i++)
    {
      g_ptr_array_add (leaves, g_ptr_array_index (f->pki->more_servers, i));
      g_array_append_val (profiles, f->options->server_profile);
    }
  for (guint i = 0; i < leaves->len; i++)
    {
      const LabPkiLeaf *leaf = g_ptr_array_index (leaves, i);
      X509_REVOKED *revoked;

      if (leaf->cert == NULL || g_array_index (profiles, LabCertProfile, i) != LAB_PROFILE_REVOKED)
        continue;
      revoked = X509_REVOKED_new ();
      if (revoked == NULL
          || !X509_REVOKED_set_serialNumber (revoked, X509_get_serialNumber (leaf->cert))
          || !X509_REVOKED_set_revocationDate (revoked, last)
          || !X509_CRL_add0_revoked (crl, revoked))
        {
          X509_REVOKED_free (revoked);
          lab_set_error_from_openssl (error, "listing a revoked certificate");
          return NULL;
        }
    }
  if (md_ctx == NULL
      || EVP_DigestSignInit_ex (md_ctx, NULL, "SHA256", f->libctx, NULL,
                                f->pki->intermediate_key, NULL) <= 0
      || !X509_CRL_sort (crl) || X509_CRL_sign_ctx (crl, md_ctx) <= 0)
    {
      lab_set_error_from_openssl (error, "signing the CRL");
      return NULL;
    }
  return g_steal_pointer (&crl);
}

static void
leaf_clear (LabPkiLeaf *leaf)
{
  g_clear_pointer (&leaf->host, g_free);
  g_clear_pointer (&leaf->key, EVP_PKEY_free);
  g_clear_pointer (&leaf->cert, X509_free);
  g_clear_pointer (&leaf->loadable, X509_free);
  g_clear_pointer (&leaf->issuer, X509_free);
  g_clear_pointer (&leaf->issuer_key, EVP_PKEY_free);
  g_clear_pointer (&leaf->ocsp_response, g_bytes_unref);
  g_clear_pointer (&leaf->chain, g_ptr_array_unref);
}

/* The man in the middle's certificate for the server's name, with a key of its own: from
 * a CA of its own ("Mallory Root CA", which a client trusts only when told to), or, mis-
 * issued, from the lab's own intermediate, which every client trusts. After everything
 * else, so that a seeded run's other certificates stay as they were. */
static gboolean
make_mallory (Factory *f, GError **error)
{
  const LabPkiOptions *o = f->options;

  if (o->mallory == LAB_MALLORY_MIS_ISSUED)
    return make_leaf (f, &f->pki->mallory, TRUE, o->server_name, 0x5001, LAB_PROFILE_VALID,
                      "mallory", error);
  f->rogue_root = NULL;
  if (!make_leaf (f, &f->pki->mallory, TRUE, o->server_name, 0x5001, LAB_PROFILE_UNTRUSTED_ROOT,
                  "mallory", error))
    return FALSE;
  if (f->rogue_root == NULL || !X509_up_ref (f->rogue_root))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_CRYPTO, "making the man in the middle's root CA");
      return FALSE;
    }
  f->pki->mallory_root = f->rogue_root;
  return TRUE;
}

static void
leaf_free (gpointer leaf)
{
  leaf_clear (leaf);
  g_free (leaf);
}

void
lab_pki_free (LabPki *pki)
{
  if (pki == NULL)
    return;
  g_clear_pointer (&pki->root_key, EVP_PKEY_free);
  g_clear_pointer (&pki->intermediate_key, EVP_PKEY_free);
  g_clear_pointer (&pki->root, X509_free);
  g_clear_pointer (&pki->intermediate, X509_free);
  g_clear_pointer (&pki->crl, X509_CRL_free);
  leaf_clear (&pki->server);
  leaf_clear (&pki->client);
  leaf_clear (&pki->mallory);
  g_clear_pointer (&pki->mallory_root, X509_free);
  g_clear_pointer (&pki->more_servers, g_ptr_array_unref);
  g_free (pki);
}

LabPki *
lab_pki_new (OSSL_LIB_CTX *libctx, const LabPkiOptions *options, GError **error)
{
  g_autoptr (LabPki) pki = g_new0 (LabPki, 1);
  g_autoptr (GPtrArray) owned = g_ptr_array_new_with_free_func ((GDestroyNotify) X509_free);
  g_autoptr (GPtrArray) owned_keys = g_ptr_array_new_with_free_func ((GDestroyNotify) EVP_PKEY_free);
  Factory f = { libctx, pki, options, owned, owned_keys };
  CertSpec root_spec, intermediate_spec;

  pki->more_servers = g_ptr_array_new_with_free_func (leaf_free);
  pki->clock = options->clock;

  if (options->authority != NULL)
    {
      const LabPkiAuthority *a = options->authority;

      EVP_PKEY_up_ref (pki->root_key = a->root_key);
      EVP_PKEY_up_ref (pki->intermediate_key = a->intermediate_key);
      X509_up_ref (pki->root = a->root);
      X509_up_ref (pki->intermediate = a->intermediate);
    }
  else if ((pki->root_key = lab_pki_make_key (libctx, options->key_type, "root", error)) == NULL
           || (pki->root = make_certificate (libctx,
                                             ca_spec (&root_spec, TRUE, NULL, options->clock),
                                             pki->root_key, NULL, NULL, error)) == NULL
           || (pki->intermediate_key = lab_pki_make_key (libctx, options->key_type, "intermediate",
                                                 error)) == NULL
           || (pki->intermediate = make_certificate (libctx,
                                                     ca_spec (&intermediate_spec, FALSE, NULL,
                                                              options->clock),
                                                     pki->intermediate_key, pki->root,
                                                     pki->root_key, error)) == NULL)
    return NULL;
  if (!make_leaf (&f, &pki->server, TRUE, options->server_name, 0x3001, options->server_profile,
                  "server", error))
    return NULL;
  if (options->with_client
      && !make_leaf (&f, &pki->client, FALSE, NULL, 0x4001, options->client_profile, "client",
                     error))
    return NULL;
  /* after the others, so that a seeded run's other certificates stay as they were */
  for (guint i = 0; options->more_server_names && options->more_server_names[i]; i++)
    {
      LabPkiLeaf *leaf = g_new0 (LabPkiLeaf, 1);

      g_ptr_array_add (pki->more_servers, leaf);
      if (!make_leaf (&f, leaf, TRUE, options->more_server_names[i], 0x3002 + i,
                      options->server_profile, "server", error))
        return NULL;
    }
  if ((pki->crl = make_crl (&f, error)) == NULL)
    return NULL;
  /* last of all, so that a seeded run without them keeps its bytes */
  for (guint i = 0; options->with_ocsp && i <= pki->more_servers->len; i++)
    {
      LabPkiLeaf *leaf = i == 0 ? &pki->server : g_ptr_array_index (pki->more_servers, i - 1);

      leaf->ocsp_response = lab_ocsp_response_new (libctx, leaf->cert, leaf->issuer,
                                                   leaf->issuer_key,
                                                   options->server_profile == LAB_PROFILE_REVOKED,
                                                   options->clock, error);
      if (leaf->ocsp_response == NULL)
        return NULL;
    }
  if (options->mallory != LAB_MALLORY_NONE && !make_mallory (&f, error))
    return NULL;
  return g_steal_pointer (&pki);
}

const LabPkiLeaf *
lab_pki_server_leaf_of (const LabPki *pki, const X509 *cert)
{
  for (guint i = 0; cert != NULL && i <= pki->more_servers->len; i++)
    {
      const LabPkiLeaf *leaf = i == 0 ? &pki->server : g_ptr_array_index (pki->more_servers, i - 1);
      if (leaf->cert == cert || leaf->loadable == cert)
        return leaf;
    }
  return NULL;
}

const LabPkiLeaf *
lab_pki_server_leaf_for (const LabPki *pki, const char *host)
{
  if (host == NULL)
    return NULL;
  if (g_ascii_strcasecmp (pki->server.host, host) == 0)
    return &pki->server;
  for (guint i = 0; i < pki->more_servers->len; i++)
    {
      const LabPkiLeaf *leaf = g_ptr_array_index (pki->more_servers, i);
      if (g_ascii_strcasecmp (leaf->host, host) == 0)
        return leaf;
    }
  return NULL;
}
