/* lab-seeded-rand.h: library contexts whose randomness is a hash stream of a seed.
 *
 * With one library context per role (PKI, server, client) each drawing from its own
 * stream, every random byte of a run — hello randoms, ephemeral keys, signatures,
 * nonces, session IDs — is the same in every run and process with the same seed
 * (DESIGN.md §3, "Determinism"). A seeded context must never talk to anything outside
 * the lab, and must be used by one thread at a time. */
#pragma once

#include <glib.h>
#include <openssl/types.h>

G_BEGIN_DECLS

/* A new library context with the default provider and a deterministic DRBG drawing
 * from SHA-256(seed || role || instance || counter). */
OSSL_LIB_CTX *lab_seeded_libctx_new (guint64 seed, const char *role, GError **error);

G_END_DECLS
