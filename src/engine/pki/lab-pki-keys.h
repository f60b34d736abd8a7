/* lab-pki-keys.h: the PKI factory's keys (lab-pki-keys.c), for lab-pki.c. */
#pragma once

#include "lab-pki.h"

G_BEGIN_DECLS

/* An RSA key of `bits` for `role` ("root", "server"...): the same in every run and
 * process, from a fixed seed of the role's own (a new reference). */
EVP_PKEY *lab_pki_rsa_key_for_role (const char *role, guint bits, GError **error);

/* A key of `type` for `role`: RSA as above, ECDSA P-256 fresh from libctx. */
EVP_PKEY *lab_pki_make_key (OSSL_LIB_CTX *libctx, LabKeyType type, const char *role,
                            GError **error);

G_END_DECLS
