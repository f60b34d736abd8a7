/* lab-pki-keys.c: the PKI's keys. EC keys are made fresh from the run's library context
 * (seeded or not); RSA keys, slow to make, one per role and size per process, each from a
 * fixed seed of its own and cached on disk (HACKING.md, "Costs"). */
#include "lab-pki-keys.h"
#include "lab-seeded-rand.h"
#include "tls/lab-crypto-autoptr.h"
#include "tls/lab-error.h"

#include <glib/gstdio.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

static EVP_PKEY *
generate_key (OSSL_LIB_CTX *libctx, LabKeyType type, guint rsa_bits, GError **error)
{
  EVP_PKEY *key = NULL;

  ERR_clear_error ();
  if (type == LAB_KEY_ECDSA_P256)
    key = EVP_PKEY_Q_keygen (libctx, NULL, "EC", "P-256");
  else
    key = EVP_PKEY_Q_keygen (libctx, NULL, "RSA", (size_t) rsa_bits);
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
load_cached_rsa (const char *path, guint bits)
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
  if (key != NULL && (EVP_PKEY_get_base_id (key) != EVP_PKEY_RSA || EVP_PKEY_get_bits (key) != (int) bits))
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
generate_rsa_from_fixed_seed (const char *role, guint bits, GError **error)
{
  OSSL_LIB_CTX *fixed;
  EVP_PKEY *made = NULL;
  BIO *pem = NULL;
  guint64 seed = g_str_hash (role) ^ G_GUINT64_CONSTANT (0x4853484b4c414221);
  EVP_PKEY *key = NULL;

  fixed = lab_seeded_libctx_new (seed, role, error);
  if (fixed == NULL || (made = generate_key (fixed, LAB_KEY_RSA_2048, bits, error)) == NULL)
    goto done;
  pem = BIO_new (BIO_s_mem ());
  if (pem == NULL || !PEM_write_bio_PrivateKey (pem, made, NULL, NULL, 0, NULL, NULL)
      || (key = PEM_read_bio_PrivateKey_ex (pem, NULL, NULL, NULL, NULL, NULL)) == NULL)
    lab_set_error_from_openssl (error, "moving an RSA key to the default context");

done:
  /* the key made in the seeded context goes before the context does */
  BIO_free (pem);
  EVP_PKEY_free (made);
  lab_seeded_libctx_free (fixed);
  return key;
}

/* RSA keys: one per role per process, each from a fixed seed of its own. */
EVP_PKEY *
lab_pki_rsa_key_for_role (const char *role, guint bits, GError **error)
{
  static GMutex lock;
  static GHashTable *keys; /* file name -> EVP_PKEY */
  g_autofree char *file = g_strdup_printf ("%s-rsa%u.pem", role, bits);
  g_autofree char *path = rsa_cache_path (file);
  EVP_PKEY *key;

  g_mutex_lock (&lock);
  if (keys == NULL)
    keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                  (GDestroyNotify) EVP_PKEY_free);
  key = g_hash_table_lookup (keys, file);
  if (key == NULL)
    key = load_cached_rsa (path, bits);
  if (key == NULL)
    key = generate_rsa_from_fixed_seed (file, bits, error);
  if (key != NULL && !g_file_test (path, G_FILE_TEST_EXISTS))
    store_cached_rsa (path, key);
  if (key != NULL && !g_hash_table_contains (keys, file))
    g_hash_table_insert (keys, g_strdup (file), key);
  if (key != NULL)
    EVP_PKEY_up_ref (key);
  g_mutex_unlock (&lock);
  return key;
}

EVP_PKEY *
lab_pki_make_key (OSSL_LIB_CTX *libctx, LabKeyType type, const char *role, GError **error)
{
  if (type == LAB_KEY_RSA_2048)
    return lab_pki_rsa_key_for_role (role, 2048, error);
  return generate_key (libctx, type, 0, error);
}
