/* lab-pki.h: the PKI factory. Real certificates with real extensions, made fresh for
 * each run against the scenario's clock: a root CA, an intermediate CA, and leaves for
 * the server and (when asked) the client. */
#pragma once

#include <glib.h>
#include <openssl/types.h>

G_BEGIN_DECLS

typedef enum
{
  LAB_KEY_ECDSA_P256,
  LAB_KEY_RSA_2048,
} LabKeyType;

typedef struct
{
  LabKeyType key_type;      /* of the whole chain */
  gint64 clock;             /* Unix time the certificates are valid around */
  const char *server_name;  /* the server leaf's CN and subjectAltName */
  gboolean with_client;     /* also make a client certificate */
} LabPkiOptions;

typedef struct
{
  EVP_PKEY *root_key, *intermediate_key, *server_key, *client_key;
  X509 *root, *intermediate, *server, *client;
} LabPki;

/* Draws keys and signatures from libctx (seeded or not). RSA keys are the exception:
 * each comes from a fixed seed of its own and is made at most once per process
 * (and cached under the user's cache directory), because RSA-2048 generation costs
 * 50-500 ms; they are the same in every process, so seeded runs stay byte-identical. */
LabPki *lab_pki_new (OSSL_LIB_CTX *libctx, const LabPkiOptions *options, GError **error);
void lab_pki_free (LabPki *pki);

const char *lab_key_type_name (LabKeyType type); /* "ecdsa-p256", "rsa-2048" */
gboolean lab_key_type_from_name (const char *name, LabKeyType *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabPki, lab_pki_free)

G_END_DECLS
