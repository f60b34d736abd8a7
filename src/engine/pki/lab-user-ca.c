/* lab-user-ca.c: the user's lasting lab CA: made once with the PKI factory, kept as PEM
 * files, read back by every `listen`. */
#include "lab-user-ca.h"
#include "tls/lab-crypto-autoptr.h"
#include "tls/lab-error.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <string.h>
#include <unistd.h>

#define ROOT_CERT "root-ca.pem"
#define ROOT_KEY "root-ca.key"
#define INTERMEDIATE_CERT "intermediate-ca.pem"
#define INTERMEDIATE_KEY "intermediate-ca.key"

void
lab_pki_authority_free (LabPkiAuthority *authority)
{
  if (authority == NULL)
    return;
  EVP_PKEY_free (authority->root_key);
  EVP_PKEY_free (authority->intermediate_key);
  X509_free (authority->root);
  X509_free (authority->intermediate);
  g_free (authority);
}

char *
lab_user_ca_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "handshake-lab", "ca", NULL);
}

char *
lab_user_ca_root_path (void)
{
  g_autofree char *dir = lab_user_ca_dir ();

  return g_build_filename (dir, ROOT_CERT, NULL);
}

/* ---- PEM text and new files ---- */

static char *
pem_of (gboolean (*write) (BIO *, gconstpointer), gconstpointer object, gsize *len)
{
  g_autoptr (BIO) bio = BIO_new (BIO_s_mem ());
  char *data = NULL;
  long n;

  if (bio == NULL || !write (bio, object))
    {
      ERR_clear_error ();
      return NULL;
    }
  n = BIO_get_mem_data (bio, &data);
  *len = (gsize) n;
  return g_memdup2 (data, (gsize) n);
}

static gboolean
write_cert (BIO *bio, gconstpointer cert)
{
  return PEM_write_bio_X509 (bio, (X509 *) cert) == 1;
}

static gboolean
write_key (BIO *bio, gconstpointer key)
{
  return PEM_write_bio_PrivateKey (bio, (EVP_PKEY *) key, NULL, NULL, 0, NULL, NULL) == 1;
}

/* A file that did not exist, with this mode from the start (a key is never readable by
 * others, not even for a moment). */
static gboolean
write_new_file (const char *path, const char *data, gsize len, int mode, GError **error)
{
  int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  gsize done = 0;
  int saved;

  if (fd < 0)
    {
      saved = errno;
      if (saved == EEXIST)
        g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
                     "%s already exists; the lab never writes over a file: choose another "
                     "name or remove it first", path);
      else
        g_set_error (error, LAB_ERROR, LAB_ERROR_IO, "%s: %s", path, g_strerror (saved));
      return FALSE;
    }
  while (done < len)
    {
      gssize n = write (fd, data + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          saved = errno;
          close (fd);
          g_unlink (path);
          g_set_error (error, LAB_ERROR, LAB_ERROR_IO, "writing %s: %s", path,
                       g_strerror (saved));
          return FALSE;
        }
      done += (gsize) n;
    }
  if (close (fd) != 0)
    {
      saved = errno;
      g_unlink (path);
      g_set_error (error, LAB_ERROR, LAB_ERROR_IO, "writing %s: %s", path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_pem (const char *dir, const char *name, gboolean (*write) (BIO *, gconstpointer),
           gconstpointer object, int mode, GError **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  gsize len = 0;
  g_autofree char *pem = pem_of (write, object, &len);

  if (pem == NULL)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_CRYPTO, "%s: could not encode it as PEM", path);
      return FALSE;
    }
  return write_new_file (path, pem, len, mode, error);
}

/* ---- making it ---- */

static void
remove_folder (const char *dir)
{
  const char *names[] = { ROOT_CERT, ROOT_KEY, INTERMEDIATE_CERT, INTERMEDIATE_KEY };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

/* The CA's four files in a folder of its own, then the folder renamed into place at once:
 * a reader sees the whole CA or none, and of two processes making one, the second's
 * rename fails and it reads the first's. */
static gboolean
make_ca (const char *dir, GError **error)
{
  g_autofree char *parent = g_path_get_dirname (dir);
  g_autofree char *staging = g_build_filename (parent, "ca.new-XXXXXX", NULL);
  g_autoptr (LabPki) pki = NULL;
  LabPkiOptions options = {
    .key_type = LAB_KEY_ECDSA_P256,
    .clock = g_get_real_time () / G_USEC_PER_SEC,
    .server_name = "server.handshake.lab",
    .server_profile = LAB_PROFILE_VALID,
  };

  if (g_mkdir_with_parents (parent, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, LAB_ERROR, LAB_ERROR_IO, "making %s: %s", parent, g_strerror (saved));
      return FALSE;
    }
  if (g_mkdtemp_full (staging, 0700) == NULL)
    {
      int saved = errno;
      g_set_error (error, LAB_ERROR, LAB_ERROR_IO, "making a folder in %s: %s", parent,
                   g_strerror (saved));
      return FALSE;
    }
  /* the factory's own CAs, with fresh keys from the system's randomness */
  if ((pki = lab_pki_new (NULL, &options, error)) == NULL
      || !write_pem (staging, ROOT_CERT, write_cert, pki->root, 0644, error)
      || !write_pem (staging, ROOT_KEY, write_key, pki->root_key, 0600, error)
      || !write_pem (staging, INTERMEDIATE_CERT, write_cert, pki->intermediate, 0644, error)
      || !write_pem (staging, INTERMEDIATE_KEY, write_key, pki->intermediate_key, 0600, error))
    {
      remove_folder (staging);
      return FALSE;
    }
  if (g_rename (staging, dir) != 0)
    {
      int saved = errno;

      remove_folder (staging);
      if (saved != EEXIST && saved != ENOTEMPTY)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_IO, "making %s: %s", dir,
                       g_strerror (saved));
          return FALSE;
        }
    }
  return TRUE;
}

/* ---- reading it ---- */

static gpointer
read_pem (const char *dir, const char *name, gboolean key, GError **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (BIO) bio = BIO_new_file (path, "r");
  gpointer object;

  if (bio == NULL)
    {
      ERR_clear_error ();
      g_set_error (error, LAB_ERROR, LAB_ERROR_NOT_FOUND,
                   "%s: cannot be read (%s); the lab's CA is incomplete: move %s away and the "
                   "lab makes a new one", path, g_strerror (errno), dir);
      return NULL;
    }
  object = key ? (gpointer) PEM_read_bio_PrivateKey (bio, NULL, NULL, NULL)
               : (gpointer) PEM_read_bio_X509 (bio, NULL, NULL, NULL);
  if (object == NULL)
    {
      g_autofree char *reason = lab_openssl_last_reason ();
      ERR_clear_error ();
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
                   "%s: not a PEM %s (%s); move %s away and the lab makes a new CA", path,
                   key ? "private key" : "certificate", reason ? reason : "?", dir);
    }
  return object;
}

static gboolean
check_ca (const char *dir, const LabPkiAuthority *ca, GError **error)
{
  g_autofree char *root = g_build_filename (dir, ROOT_CERT, NULL);
  g_autofree char *intermediate = g_build_filename (dir, INTERMEDIATE_CERT, NULL);
  const char *broken = NULL;

  if (X509_check_private_key (ca->root, ca->root_key) != 1)
    broken = root;
  else if (X509_check_private_key (ca->intermediate, ca->intermediate_key) != 1
           || X509_check_issued (ca->root, ca->intermediate) != X509_V_OK)
    broken = intermediate;
  ERR_clear_error ();
  if (broken != NULL)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
                   "%s: does not fit the rest of the lab's CA (its key, or its issuer); move %s "
                   "away and the lab makes a new one", broken, dir);
      return FALSE;
    }
  /* the intermediate ends first (ca_spec: 5 years against the root's 10) */
  if (X509_cmp_current_time (X509_get0_notAfter (ca->intermediate)) <= 0
      || X509_cmp_current_time (X509_get0_notAfter (ca->root)) <= 0)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
                   "%s: the lab's CA has expired; move %s away and the lab makes a new one "
                   "(clients must then be given the new root)", intermediate, dir);
      return FALSE;
    }
  return TRUE;
}

LabPkiAuthority *
lab_user_ca_get (gboolean *created, GError **error)
{
  g_autofree char *dir = lab_user_ca_dir ();
  g_autoptr (LabPkiAuthority) ca = g_new0 (LabPkiAuthority, 1);
  gboolean made = FALSE;

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      if (!make_ca (dir, error))
        return NULL;
      made = TRUE;
    }
  if ((ca->root = read_pem (dir, ROOT_CERT, FALSE, error)) == NULL
      || (ca->root_key = read_pem (dir, ROOT_KEY, TRUE, error)) == NULL
      || (ca->intermediate = read_pem (dir, INTERMEDIATE_CERT, FALSE, error)) == NULL
      || (ca->intermediate_key = read_pem (dir, INTERMEDIATE_KEY, TRUE, error)) == NULL
      || !check_ca (dir, ca, error))
    return NULL;
  if (created != NULL)
    *created = made;
  return g_steal_pointer (&ca);
}

/* ---- handing it out ---- */

gboolean
lab_user_ca_export_root (const LabPkiAuthority *ca, const char *path, GError **error)
{
  gsize len = 0;
  g_autofree char *pem = pem_of (write_cert, ca->root, &len);

  if (pem == NULL)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_CRYPTO, "the lab's root CA could not be encoded");
      return FALSE;
    }
  return write_new_file (path, pem, len, 0644, error);
}

gboolean
lab_user_ca_export_client (const LabPkiAuthority *ca, const char *cert_path,
                           const char *key_path, GError **error)
{
  LabPkiOptions options = {
    .key_type = LAB_KEY_ECDSA_P256,
    .clock = g_get_real_time () / G_USEC_PER_SEC,
    .server_name = "server.handshake.lab",
    .server_profile = LAB_PROFILE_VALID,
    .with_client = TRUE,
    .client_profile = LAB_PROFILE_VALID,
    .authority = ca,
  };
  g_autoptr (LabPki) pki = NULL;
  g_autoptr (GString) chain = g_string_new (NULL);
  g_autofree char *key = NULL;
  gsize key_len = 0;
  const char *existing = g_file_test (cert_path, G_FILE_TEST_EXISTS) ? cert_path
                         : g_file_test (key_path, G_FILE_TEST_EXISTS) ? key_path
                                                                      : NULL;

  if (g_strcmp0 (cert_path, key_path) == 0)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
                   "the certificate and the key need two files, not both %s", cert_path);
      return FALSE;
    }
  if (existing != NULL)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
                   "%s already exists; the lab never writes over a file: choose another name "
                   "or remove it first", existing);
      return FALSE;
    }
  if ((pki = lab_pki_new (NULL, &options, error)) == NULL)
    return FALSE;
  /* the leaf, then what its owner sends with it (RFC 5246 §7.4.6: the sender's certificate
   * first, each following one certifying the one before) */
  {
    gsize len = 0;
    g_autofree char *leaf = pem_of (write_cert, pki->client.cert, &len);
    g_string_append_len (chain, leaf, (gssize) len);
    for (guint i = 0; i < pki->client.chain->len; i++)
      {
        g_autofree char *more = pem_of (write_cert, g_ptr_array_index (pki->client.chain, i),
                                        &len);
        g_string_append_len (chain, more, (gssize) len);
      }
  }
  key = pem_of (write_key, pki->client.key, &key_len);
  if (!write_new_file (key_path, key, key_len, 0600, error))
    return FALSE;
  if (!write_new_file (cert_path, chain->str, chain->len, 0644, error))
    {
      g_unlink (key_path);
      return FALSE;
    }
  return TRUE;
}

char *
lab_user_ca_fingerprint (X509 *cert)
{
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  g_autoptr (GString) out = g_string_new ("SHA256 ");

  if (!X509_digest (cert, EVP_sha256 (), md, &len))
    return g_strdup ("?");
  for (unsigned int i = 0; i < len; i++)
    g_string_append_printf (out, "%s%02X", i ? ":" : "", md[i]);
  return g_string_free (g_steal_pointer (&out), FALSE);
}
