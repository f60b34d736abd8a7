/* lab-algorithm-cache.h: OpenSSL algorithms fetched once per process.
 *
 * OpenSSL 3.0 looks an algorithm up by name and property query on every fetch, under a
 * lock; the lab's recomputation asks for the same few (HMAC, HKDF, a digest, a cipher) a dozen
 * times per handshake. Each call returns a new reference to the one fetched object, to be
 * freed as a fetched one would be (EVP_MAC_free...). From OpenSSL's default library
 * context only: the lab's recomputation never uses a seeded one. */
#pragma once

#include <glib.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>

G_BEGIN_DECLS

EVP_MAC *lab_fetch_mac (const char *name);
EVP_MD *lab_fetch_md (const char *name);
EVP_CIPHER *lab_fetch_cipher (const char *name);
EVP_KDF *lab_fetch_kdf (const char *name);

G_END_DECLS
