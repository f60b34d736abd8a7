/* lab-pki.c: the PKI factory (DESIGN.md §3, "Cost" and "Determinism"). */
#include "lab-pki.h"
#include "lab-seeded-rand.h"
#include "tls/lab-crypto-autoptr.h"
#include "tls/lab-error.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <glib/gstdio.h>
#include <openssl/rand.h>

#define DAY (24 * 60 * 60)

/* ---- keys ---- */

static EVP_PKEY *
generate_key (OSSL_LIB_CTX *libctx, LabKeyType type, GError **error)
{
  EVP_PKEY *key = NULL;

  ERR_clear_error ();
  if (type == LAB_KEY_ECDSA_P256)
    key = EVP_PKEY_Q_keygen (libctx, NULL, "EC", "P-256");
  else
    key = EVP_PKEY_Q_keygen (libctx, NULL, "RSA", (size_t) 2048);
  if (key == NULL)
    lab_set_error_from_openssl (error, "generating a key");
  return key;
}

static char *
rsa_cache_path (const char *role)
{
  return g_build_filename (g_get_user_cache_dir (), "handshake-lab", "keys",
                           role, NULL);
}

static EVP_PKEY *
load_cached_rsa (const char *path)
{
  g_autoptr (BIO) bio = BIO_new_file (path, "r");
  EVP_PKEY *key;

  if (bio == NULL)
    {
      ERR_clear_error ();
      return NULL;
    }
  key = PEM_read_bio_PrivateKey (bio, NULL, NULL, NULL);
  ERR_clear_error ();
  if (key != NULL && (EVP_PKEY_get_base_id (key) != EVP_PKEY_RSA || EVP_PKEY_get_bits (key) != 2048))
    g_clear_pointer (&key, EVP_PKEY_free);
  return key;
}

static void
store_cached_rsa (const char *path, EVP_PKEY *key)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *tmp = g_strconcat (path, ".tmp", NULL);
  g_autoptr (BIO) bio = NULL;

  /* A cache that cannot be written only costs time; never fail a run for it. */
  if (g_mkdir_with_parents (dir, 0700) != 0)
    return;
  bio = BIO_new_file (tmp, "w");
  if (bio == NULL || !PEM_write_bio_PrivateKey (bio, key, NULL, NULL, 0, NULL, NULL))
    {
      ERR_clear_error ();
      return;
    }
  g_clear_pointer (&bio, BIO_free);
  g_rename (tmp, path);
}

/* A key must not outlive the library context it was made in, and the seeded context is
 * freed here: the key moves to OpenSSL's default context through its PEM encoding. */
static EVP_PKEY *
generate_rsa_from_fixed_seed (const char *role, GError **error)
{
  g_autoptr (OSSL_LIB_CTX) fixed = NULL;
  g_autoptr (EVP_PKEY) made = NULL;
  g_autoptr (BIO) pem = NULL;
  guint64 seed = g_str_hash (role) ^ G_GUINT64_CONSTANT (0x4853484b4c414221);
  EVP_PKEY *key;

  fixed = lab_seeded_libctx_new (seed, role, error);
  if (fixed == NULL || (made = generate_key (fixed, LAB_KEY_RSA_2048, error)) == NULL)
    return NULL;
  pem = BIO_new (BIO_s_mem ());
  if (pem == NULL || !PEM_write_bio_PrivateKey (pem, made, NULL, NULL, 0, NULL, NULL)
      || (key = PEM_read_bio_PrivateKey_ex (pem, NULL, NULL, NULL, NULL, NULL)) == NULL)
    {
      lab_set_error_from_openssl (error, "moving an RSA key to the default context");
      return NULL;
    }
  return key;
}

/* RSA keys: one per role per process, each from a fixed seed of its own. */
static EVP_PKEY *
rsa_key_for_role (const char *role, GError **error)
{
  static GMutex lock;
  static GHashTable *keys; /* role -> EVP_PKEY */
  g_autofree char *file = g_strdup_printf ("%s-rsa2048.pem", role);
  g_autofree char *path = rsa_cache_path (file);
  EVP_PKEY *key;

  g_mutex_lock (&lock);
  if (keys == NULL)
    keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                  (GDestroyNotify) EVP_PKEY_free);
  key = g_hash_table_lookup (keys, role);
  if (key == NULL)
    key = load_cached_rsa (path);
  if (key == NULL)
    key = generate_rsa_from_fixed_seed (role, error);
  if (key != NULL && !g_file_test (path, G_FILE_TEST_EXISTS))
    store_cached_rsa (path, key);
  if (key != NULL && !g_hash_table_contains (keys, role))
    g_hash_table_insert (keys, g_strdup (role), key);
  if (key != NULL)
    EVP_PKEY_up_ref (key);
  g_mutex_unlock (&lock);
  return key;
}

static EVP_PKEY *
make_key (OSSL_LIB_CTX *libctx, LabKeyType type, const char *role, GError **error)
{
  if (type == LAB_KEY_RSA_2048)
    return rsa_key_for_role (role, error);
  return generate_key (libctx, type, error);
}

/* ---- certificates ---- */

typedef struct
{
  const char *common_name;
  guint64 serial;
  gint64 not_before;
  gint64 not_after;
  gboolean is_ca;
  int path_length;          /* for CAs; -1 for none */
  const char *key_usage;    /* OpenSSL config syntax */
  const char *ext_key_usage;
  const char *dns_name;     /* subjectAltName, or NULL */
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
set_name (X509_NAME *name, const char *common_name)
{
  return X509_NAME_add_entry_by_txt (name, "O", MBSTRING_UTF8,
                                     (const unsigned char *) "Handshake Lab", -1, -1, 0)
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
      || !set_name (X509_get_subject_name (cert), spec->common_name)
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
      || !add_extension (cert, &ctx, NID_authority_key_identifier, "keyid:always", error))
    return NULL;
  if (spec->dns_name != NULL)
    {
      san = g_strdup_printf ("DNS:%s", spec->dns_name);
      if (!add_extension (cert, &ctx, NID_subject_alt_name, san, error))
        return NULL;
    }

  if (EVP_DigestSignInit_ex (md_ctx, NULL, "SHA256", libctx, NULL,
                             issuer_key ? issuer_key : key, NULL) <= 0
      || X509_sign_ctx (cert, md_ctx) <= 0)
    {
      lab_set_error_from_openssl (error, "signing a certificate");
      return NULL;
    }
  return g_steal_pointer (&cert);
}

void
lab_pki_free (LabPki *pki)
{
  if (pki == NULL)
    return;
  g_clear_pointer (&pki->root_key, EVP_PKEY_free);
  g_clear_pointer (&pki->intermediate_key, EVP_PKEY_free);
  g_clear_pointer (&pki->server_key, EVP_PKEY_free);
  g_clear_pointer (&pki->client_key, EVP_PKEY_free);
  g_clear_pointer (&pki->root, X509_free);
  g_clear_pointer (&pki->intermediate, X509_free);
  g_clear_pointer (&pki->server, X509_free);
  g_clear_pointer (&pki->client, X509_free);
  g_free (pki);
}

LabPki *
lab_pki_new (OSSL_LIB_CTX *libctx, const LabPkiOptions *options, GError **error)
{
  g_autoptr (LabPki) pki = g_new0 (LabPki, 1);
  gint64 now = options->clock;
  LabKeyType type = options->key_type;
  const char *leaf_usage = type == LAB_KEY_RSA_2048 ? "critical,digitalSignature,keyEncipherment"
                                                    : "critical,digitalSignature";
  const CertSpec root_spec = {
    "Handshake Lab Root CA", 0x1001, now - 365 * DAY, now + 3650 * DAY, TRUE, 1,
    "critical,keyCertSign,cRLSign", NULL, NULL,
  };
  const CertSpec intermediate_spec = {
    "Handshake Lab Intermediate CA", 0x2001, now - 180 * DAY, now + 1825 * DAY, TRUE, 0,
    "critical,keyCertSign,cRLSign", NULL, NULL,
  };
  const CertSpec server_spec = {
    options->server_name, 0x3001, now - 30 * DAY, now + 60 * DAY, FALSE, -1,
    leaf_usage, "serverAuth", options->server_name,
  };
  const CertSpec client_spec = {
    "Student Client", 0x4001, now - 30 * DAY, now + 60 * DAY, FALSE, -1,
    "critical,digitalSignature", "clientAuth", NULL,
  };

  if ((pki->root_key = make_key (libctx, type, "root", error)) == NULL
      || (pki->root = make_certificate (libctx, &root_spec, pki->root_key, NULL, NULL, error)) == NULL
      || (pki->intermediate_key = make_key (libctx, type, "intermediate", error)) == NULL
      || (pki->intermediate = make_certificate (libctx, &intermediate_spec, pki->intermediate_key,
                                                pki->root, pki->root_key, error)) == NULL
      || (pki->server_key = make_key (libctx, type, "server", error)) == NULL
      || (pki->server = make_certificate (libctx, &server_spec, pki->server_key,
                                          pki->intermediate, pki->intermediate_key, error)) == NULL)
    return NULL;
  if (options->with_client
      && ((pki->client_key = make_key (libctx, type, "client", error)) == NULL
          || (pki->client = make_certificate (libctx, &client_spec, pki->client_key,
                                              pki->intermediate, pki->intermediate_key, error)) == NULL))
    return NULL;
  return g_steal_pointer (&pki);
}

const char *
lab_key_type_name (LabKeyType type)
{
  return type == LAB_KEY_RSA_2048 ? "rsa-2048" : "ecdsa-p256";
}

gboolean
lab_key_type_from_name (const char *name, LabKeyType *out)
{
  if (g_strcmp0 (name, "ecdsa-p256") == 0 || g_strcmp0 (name, "ecdsa") == 0)
    *out = LAB_KEY_ECDSA_P256;
  else if (g_strcmp0 (name, "rsa-2048") == 0 || g_strcmp0 (name, "rsa") == 0)
    *out = LAB_KEY_RSA_2048;
  else
    return FALSE;
  return TRUE;
}
