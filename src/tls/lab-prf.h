/* lab-prf.h: the TLS 1.2 pseudo-random function (RFC 5246 §5).
 *
 * Built by hand from HMAC rather than through EVP_KDF "TLS1-PRF", so that the lab can
 * show every link of the A(i) chain; the tests hold it against EVP_KDF and published
 * vectors. Digests are named as libcrypto names them: "SHA256" and "SHA384" are the PRF
 * hashes of TLS 1.2 cipher suites, "SHA224" and "SHA512" are accepted so that the
 * published PRF vectors can be checked too. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One round of P_hash (RFC 5246 §5):
 *   A(0) = seed', A(i) = HMAC(secret, A(i-1)), output(i) = HMAC(secret, A(i) || seed')
 * where seed' = label || seed. */
typedef struct
{
  guint index;    /* i, from 1 */
  GBytes *a;      /* A(i) */
  GBytes *output; /* HMAC(secret, A(i) || label || seed): the next bytes of the PRF */
} LabPrfRound;

void lab_prf_round_free (LabPrfRound *round);

/* HMAC(key, data) with the libcrypto digest called `digest` ("SHA1", "SHA256"...). */
GBytes *lab_hmac (const char *digest, const guint8 *key, gsize key_len, const guint8 *data,
                  gsize data_len, GError **error);

/* PRF(secret, label, seed)[0 .. length-1] = P_<digest>(secret, label || seed).
 *
 * label is ASCII without its terminating NUL, as in RFC 5246. When rounds_out is not NULL
 * it receives a GPtrArray of LabPrfRound, one per HMAC block the output needed. */
GBytes *lab_prf (const char *digest, GBytes *secret, const char *label, GBytes *seed,
                 gsize length, GPtrArray **rounds_out, GError **error);

/* The formula of a PRF call for display, with an inclusive byte range:
 * PRF(secret_name, "label", seed_text)[0..length-1] */
char *lab_prf_formula (const char *secret_name, const char *label, const char *seed_text,
                       gsize length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabPrfRound, lab_prf_round_free)

G_END_DECLS
