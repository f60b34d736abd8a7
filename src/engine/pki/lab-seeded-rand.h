/* lab-seeded-rand.h: library contexts whose randomness is a hash stream of a seed.
 *
 * With one library context per role (PKI, server, client) each drawing from its own
 * stream, every random byte of a run — hello randoms, ephemeral keys, signatures,
 * nonces, session IDs — is the same in every run and process with the same seed
 * (HACKING.md, "Determinism"). A seeded context must never talk to anything outside
 * the lab, and must be used by one thread at a time. */
#pragma once

#include <glib.h>
#include <openssl/types.h>

G_BEGIN_DECLS

/* A new library context with the default provider and a deterministic DRBG drawing
 * from SHA-256(seed || role || instance || counter). */
OSSL_LIB_CTX *lab_seeded_libctx_new (guint64 seed, const char *role, GError **error);

/* Frees a context lab_seeded_libctx_new made: the calling thread's state for it, the
 * providers it loaded, then the context. Every other thread that used it must have
 * called lab_seeded_libctx_leave first. */
void lab_seeded_libctx_free (OSSL_LIB_CTX *libctx);

/* A thread is done with the context: OpenSSL keeps a DRBG per thread per context, which
 * a long-lived worker thread would otherwise hold until it exits. NULL is ignored. */
void lab_seeded_libctx_leave (OSSL_LIB_CTX *libctx);

G_END_DECLS
