/* lab-prf.c: the TLS 1.2 PRF (RFC 5246 §5) as a visible chain of HMAC blocks. */
#include "lab-prf.h"

#include "lab-crypto-autoptr.h"
#include "lab-error.h"
#include "lab-algorithm-cache.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <string.h>

void
lab_prf_round_free (LabPrfRound *round)
{
  if (round == NULL)
    return;
  g_clear_pointer (&round->a, g_bytes_unref);
  g_clear_pointer (&round->output, g_bytes_unref);
  g_free (round);
}

/* HMAC keyed once: every block of the PRF uses the same key, and re-initialising a keyed
 * context is cheaper than fetching and keying a new one per block. */
static EVP_MAC_CTX *
hmac_context_new (const char *digest, const guint8 *key, gsize key_len, GError **error)
{
  g_autoptr (EVP_MAC) mac = NULL;
  g_autoptr (EVP_MAC_CTX) ctx = NULL;
  OSSL_PARAM params[] = {
    OSSL_PARAM_construct_utf8_string (OSSL_MAC_PARAM_DIGEST, (char *) digest, 0),
    OSSL_PARAM_construct_end (),
  };
  /* An empty secret is still a key: HMAC must not be left unkeyed. */
  static const guint8 empty_key[1] = { 0 };

  ERR_clear_error ();
  mac = lab_fetch_mac ("HMAC");
  if (mac == NULL)
    {
      lab_set_error_from_openssl (error, "HMAC is not available");
      return NULL;
    }
  ctx = EVP_MAC_CTX_new (mac);
  if (ctx == NULL || !EVP_MAC_init (ctx, key_len > 0 ? key : empty_key, key_len, params))
    {
      g_autofree char *doing = g_strdup_printf ("HMAC with digest %s", digest);
      lab_set_error_from_openssl (error, doing);
      return NULL;
    }
  return g_steal_pointer (&ctx);
}

/* out = HMAC(key, a || b). out may be a: the input is consumed before out is written. */
static gboolean
hmac_block (EVP_MAC_CTX *ctx, const guint8 *a, gsize a_len, const guint8 *b, gsize b_len,
            guint8 out[EVP_MAX_MD_SIZE], gsize *out_len, GError **error)
{
  ERR_clear_error ();
  if (!EVP_MAC_init (ctx, NULL, 0, NULL) || (a_len > 0 && !EVP_MAC_update (ctx, a, a_len))
      || (b_len > 0 && !EVP_MAC_update (ctx, b, b_len))
      || !EVP_MAC_final (ctx, out, out_len, EVP_MAX_MD_SIZE))
    {
      lab_set_error_from_openssl (error, "computing an HMAC");
      return FALSE;
    }
  return TRUE;
}

GBytes *
lab_hmac (const char *digest, const guint8 *key, gsize key_len, const guint8 *data,
          gsize data_len, GError **error)
{
  g_autoptr (EVP_MAC_CTX) ctx = hmac_context_new (digest, key, key_len, error);
  guint8 out[EVP_MAX_MD_SIZE];
  gsize out_len = 0;

  if (ctx == NULL || !hmac_block (ctx, data, data_len, NULL, 0, out, &out_len, error))
    return NULL;
  return g_bytes_new (out, out_len);
}

static LabPrfRound *
prf_round_new (guint index, const guint8 *a, gsize a_len, const guint8 *output, gsize len)
{
  LabPrfRound *round = g_new0 (LabPrfRound, 1);

  round->index = index;
  round->a = g_bytes_new (a, a_len);
  round->output = g_bytes_new (output, len);
  return round;
}

/* The last PRF this thread computed. The lab recomputes each secret once per side, from
 * that side's own view, so that a change on the wire shows as two different values; when
 * nothing changed, the second side asks for exactly the first's PRF again. */
typedef struct
{
  char *digest;
  GBytes *secret;
  char *label;
  GBytes *seed;
  gsize length;
  GBytes *out;
  GPtrArray *rounds;
} PrfMemo;

static void
prf_memo_free (PrfMemo *m)
{
  if (m == NULL)
    return;
  g_free (m->digest);
  g_bytes_unref (m->secret);
  g_free (m->label);
  g_bytes_unref (m->seed);
  g_bytes_unref (m->out);
  g_ptr_array_unref (m->rounds);
  g_free (m);
}

static GPrivate last_prf = G_PRIVATE_INIT ((GDestroyNotify) prf_memo_free);

static GBytes *
prf_compute (const char *digest, GBytes *secret, const char *label, GBytes *seed,
             gsize length, GPtrArray **rounds_out, GError **error);

GBytes *
lab_prf (const char *digest, GBytes *secret, const char *label, GBytes *seed, gsize length,
         GPtrArray **rounds_out, GError **error)
{
  PrfMemo *m = g_private_get (&last_prf);

  if (m == NULL || m->length != length || !g_str_equal (m->digest, digest)
      || !g_str_equal (m->label, label) || !g_bytes_equal (m->secret, secret)
      || !g_bytes_equal (m->seed, seed))
    {
      GPtrArray *rounds = NULL;
      GBytes *out = prf_compute (digest, secret, label, seed, length, &rounds, error);

      if (out == NULL)
        return NULL;
      m = g_new0 (PrfMemo, 1);
      m->digest = g_strdup (digest);
      m->secret = g_bytes_ref (secret);
      m->label = g_strdup (label);
      m->seed = g_bytes_ref (seed);
      m->length = length;
      m->out = out;
      m->rounds = rounds;
      g_private_replace (&last_prf, m);
    }
  /* neither is changed once made: the caller shares them with the memo */
  if (rounds_out != NULL)
    *rounds_out = g_ptr_array_ref (m->rounds);
  return g_bytes_ref (m->out);
}

static GBytes *
prf_compute (const char *digest, GBytes *secret, const char *label, GBytes *seed,
             gsize length, GPtrArray **rounds_out, GError **error)
{
  g_autoptr (EVP_MAC_CTX) ctx = NULL;
  g_autoptr (GByteArray) label_seed = g_byte_array_new ();
  g_autoptr (GByteArray) out = g_byte_array_sized_new (length);
  g_autoptr (GPtrArray) rounds = g_ptr_array_new_with_free_func (
    (GDestroyNotify) lab_prf_round_free);
  gsize secret_len = 0, seed_len = 0;
  const guint8 *secret_data = g_bytes_get_data (secret, &secret_len);
  const guint8 *seed_data = g_bytes_get_data (seed, &seed_len);
  const guint8 *previous;
  gsize previous_len;
  guint8 a[EVP_MAX_MD_SIZE], block[EVP_MAX_MD_SIZE];
  gsize a_len = 0, block_len = 0;

  ctx = hmac_context_new (digest, secret_data, secret_len, error);
  if (ctx == NULL)
    return NULL;

  /* The label is part of the seed from the first HMAC on (RFC 5246 §5). */
  g_byte_array_append (label_seed, (const guint8 *) label, strlen (label));
  if (seed_len > 0)
    g_byte_array_append (label_seed, seed_data, seed_len);

  previous = label_seed->data; /* A(0) */
  previous_len = label_seed->len;
  for (guint i = 1; out->len < length; i++)
    {
      if (!hmac_block (ctx, previous, previous_len, NULL, 0, a, &a_len, error)
          || !hmac_block (ctx, a, a_len, label_seed->data, label_seed->len, block, &block_len,
                          error))
        return NULL;
      g_byte_array_append (out, block, MIN (block_len, length - out->len));
      g_ptr_array_add (rounds, prf_round_new (i, a, a_len, block, block_len));
      previous = a;
      previous_len = a_len;
    }

  if (rounds_out != NULL)
    *rounds_out = g_steal_pointer (&rounds);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

char *
lab_prf_formula (const char *secret_name, const char *label, const char *seed_text,
                 gsize length)
{
  g_return_val_if_fail (length > 0, NULL);

  return g_strdup_printf ("PRF(%s, \"%s\", %s)[0..%" G_GSIZE_FORMAT "]", secret_name, label,
                          seed_text, length - 1);
}
