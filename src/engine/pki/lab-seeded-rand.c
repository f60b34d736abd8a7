/* lab-seeded-rand.c: a tiny built-in RAND provider for byte-reproducible runs.
 *
 * RAND_set_seed_source_type() under the normal DRBG did not give determinism
 * (HACKING.md, "Determinism"), so the whole DRBG is replaced: each instance's output is
 * SHA-256 blocks of (seed, role, instance number, block counter). Instances are numbered
 * in the order the library context creates them, which is fixed when one thread uses the
 * context. */
#include "lab-seeded-rand.h"
#include "tls/lab-crypto-autoptr.h"
#include "tls/lab-error.h"

#include <openssl/core_dispatch.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/params.h>
#include <openssl/crypto.h>
#include <openssl/provider.h>
#include <openssl/rand.h>
#include <string.h>

#define PROVIDER_NAME "lab-seeded"
#define RAND_NAME "LAB-SEEDED"

typedef struct
{
  guint64 seed;
  char role[32];
  guint next_instance;
} SeedProvider;

typedef struct
{
  SeedProvider *provider;
  guint instance;
  guint64 counter;
  int state;
  GMutex lock;
} SeedRand;

/* Provider init runs synchronously inside OSSL_PROVIDER_load() on the loading thread,
 * so the seed for that load is handed over through a thread-local slot. */
static GPrivate pending_seed;

static void *
seed_rand_newctx (void *provctx, void *parent, const OSSL_DISPATCH *parent_calls)
{
  SeedRand *r = g_new0 (SeedRand, 1);

  r->provider = provctx;
  r->instance = r->provider->next_instance++;
  r->state = EVP_RAND_STATE_UNINITIALISED;
  g_mutex_init (&r->lock);
  return r;
}

static void
seed_rand_freectx (void *vctx)
{
  SeedRand *r = vctx;

  g_mutex_clear (&r->lock);
  g_free (r);
}

static int
seed_rand_instantiate (void *vctx, unsigned int strength, int prediction_resistance,
                       const unsigned char *pstr, size_t pstr_len, const OSSL_PARAM params[])
{
  SeedRand *r = vctx;

  r->counter = 0;
  r->state = EVP_RAND_STATE_READY;
  return 1;
}

static int
seed_rand_uninstantiate (void *vctx)
{
  ((SeedRand *) vctx)->state = EVP_RAND_STATE_UNINITIALISED;
  return 1;
}

static int
seed_rand_generate (void *vctx, unsigned char *out, size_t outlen, unsigned int strength,
                    int prediction_resistance, const unsigned char *adin, size_t adin_len)
{
  SeedRand *r = vctx;
  GChecksum *sha = g_checksum_new (G_CHECKSUM_SHA256);

  while (outlen > 0)
    {
      guint8 block[32];
      gsize block_len = sizeof block;
      guint8 header[8 + 32 + 4 + 8];
      gsize n;

      memset (header, 0, sizeof header);
      for (int i = 0; i < 8; i++)
        header[i] = (guint8) (r->provider->seed >> (56 - 8 * i));
      memcpy (header + 8, r->provider->role, 32);
      for (int i = 0; i < 4; i++)
        header[40 + i] = (guint8) (r->instance >> (24 - 8 * i));
      for (int i = 0; i < 8; i++)
        header[44 + i] = (guint8) (r->counter >> (56 - 8 * i));
      r->counter++;

      g_checksum_reset (sha);
      g_checksum_update (sha, header, sizeof header);
      g_checksum_get_digest (sha, block, &block_len);
      n = MIN (outlen, block_len);
      memcpy (out, block, n);
      out += n;
      outlen -= n;
    }
  g_checksum_free (sha);
  return 1;
}

static int
seed_rand_reseed (void *vctx, int prediction_resistance, const unsigned char *ent,
                  size_t ent_len, const unsigned char *adin, size_t adin_len)
{
  return 1;
}

static int
seed_rand_enable_locking (void *vctx)
{
  return 1;
}

static int
seed_rand_lock (void *vctx)
{
  g_mutex_lock (&((SeedRand *) vctx)->lock);
  return 1;
}

static void
seed_rand_unlock (void *vctx)
{
  g_mutex_unlock (&((SeedRand *) vctx)->lock);
}

static int
seed_rand_get_ctx_params (void *vctx, OSSL_PARAM params[])
{
  SeedRand *r = vctx;
  OSSL_PARAM *p;

  if ((p = OSSL_PARAM_locate (params, OSSL_RAND_PARAM_STATE)) != NULL
      && !OSSL_PARAM_set_int (p, r->state))
    return 0;
  if ((p = OSSL_PARAM_locate (params, OSSL_RAND_PARAM_STRENGTH)) != NULL
      && !OSSL_PARAM_set_uint (p, 256))
    return 0;
  if ((p = OSSL_PARAM_locate (params, OSSL_RAND_PARAM_MAX_REQUEST)) != NULL
      && !OSSL_PARAM_set_size_t (p, 1 << 16))
    return 0;
  return 1;
}

static const OSSL_PARAM *
seed_rand_gettable_ctx_params (void *vctx, void *provctx)
{
  static const OSSL_PARAM gettable[] = {
    OSSL_PARAM_int (OSSL_RAND_PARAM_STATE, NULL),
    OSSL_PARAM_uint (OSSL_RAND_PARAM_STRENGTH, NULL),
    OSSL_PARAM_size_t (OSSL_RAND_PARAM_MAX_REQUEST, NULL),
    OSSL_PARAM_END,
  };
  return gettable;
}

static const OSSL_DISPATCH seed_rand_functions[] = {
  { OSSL_FUNC_RAND_NEWCTX, (void (*) (void)) seed_rand_newctx },
  { OSSL_FUNC_RAND_FREECTX, (void (*) (void)) seed_rand_freectx },
  { OSSL_FUNC_RAND_INSTANTIATE, (void (*) (void)) seed_rand_instantiate },
  { OSSL_FUNC_RAND_UNINSTANTIATE, (void (*) (void)) seed_rand_uninstantiate },
  { OSSL_FUNC_RAND_GENERATE, (void (*) (void)) seed_rand_generate },
  { OSSL_FUNC_RAND_RESEED, (void (*) (void)) seed_rand_reseed },
  { OSSL_FUNC_RAND_ENABLE_LOCKING, (void (*) (void)) seed_rand_enable_locking },
  { OSSL_FUNC_RAND_LOCK, (void (*) (void)) seed_rand_lock },
  { OSSL_FUNC_RAND_UNLOCK, (void (*) (void)) seed_rand_unlock },
  { OSSL_FUNC_RAND_GET_CTX_PARAMS, (void (*) (void)) seed_rand_get_ctx_params },
  { OSSL_FUNC_RAND_GETTABLE_CTX_PARAMS, (void (*) (void)) seed_rand_gettable_ctx_params },
  { 0, NULL },
};

static const OSSL_ALGORITHM seed_rand_algorithms[] = {
  { RAND_NAME, "provider=" PROVIDER_NAME, seed_rand_functions, "Handshake Lab seeded DRBG" },
  { NULL, NULL, NULL, NULL },
};

static const OSSL_ALGORITHM *
seed_provider_query (void *provctx, int operation_id, int *no_cache)
{
  *no_cache = 0;
  return operation_id == OSSL_OP_RAND ? seed_rand_algorithms : NULL;
}

static void
seed_provider_teardown (void *provctx)
{
  g_free (provctx);
}

static const OSSL_DISPATCH seed_provider_functions[] = {
  { OSSL_FUNC_PROVIDER_QUERY_OPERATION, (void (*) (void)) seed_provider_query },
  { OSSL_FUNC_PROVIDER_TEARDOWN, (void (*) (void)) seed_provider_teardown },
  { 0, NULL },
};

static int
seed_provider_init (const OSSL_CORE_HANDLE *handle, const OSSL_DISPATCH *in,
                    const OSSL_DISPATCH **out, void **provctx)
{
  const SeedProvider *pending = g_private_get (&pending_seed);

  if (pending == NULL)
    return 0;
  *provctx = g_memdup2 (pending, sizeof *pending);
  *out = seed_provider_functions;
  return 1;
}

OSSL_LIB_CTX *
lab_seeded_libctx_new (guint64 seed, const char *role, GError **error)
{
  g_autoptr (OSSL_LIB_CTX) libctx = OSSL_LIB_CTX_new ();
  SeedProvider pending = { .seed = seed };
  OSSL_PROVIDER *prov;

  g_strlcpy (pending.role, role, sizeof pending.role);
  ERR_clear_error ();
  if (libctx == NULL || OSSL_PROVIDER_load (libctx, "default") == NULL)
    {
      lab_set_error_from_openssl (error, "creating a library context");
      return NULL;
    }
  if (!OSSL_PROVIDER_add_builtin (libctx, PROVIDER_NAME, seed_provider_init))
    {
      lab_set_error_from_openssl (error, "adding the seeded RAND provider");
      return NULL;
    }
  g_private_set (&pending_seed, &pending);
  prov = OSSL_PROVIDER_load (libctx, PROVIDER_NAME);
  g_private_set (&pending_seed, NULL);
  if (prov == NULL
      || !RAND_set_DRBG_type (libctx, RAND_NAME, "provider=" PROVIDER_NAME, NULL, NULL))
    {
      lab_set_error_from_openssl (error, "installing the seeded DRBG");
      return NULL;
    }
  return g_steal_pointer (&libctx);
}

void
lab_seeded_libctx_leave (OSSL_LIB_CTX *libctx)
{
  if (libctx != NULL)
    OPENSSL_thread_stop_ex (libctx);
}

static int
collect_provider (OSSL_PROVIDER *provider, void *providers)
{
  g_ptr_array_add (providers, provider);
  return 1;
}

void
lab_seeded_libctx_free (OSSL_LIB_CTX *libctx)
{
  g_autoptr (GPtrArray) providers = NULL;

  if (libctx == NULL)
    return;
  lab_seeded_libctx_leave (libctx);
  /* each OSSL_PROVIDER_load above (the default provider and the seeded one) is balanced
   * by an unload: freeing the context alone leaves the loaded providers behind */
  providers = g_ptr_array_new ();
  OSSL_PROVIDER_do_all (libctx, collect_provider, providers);
  for (guint i = 0; i < providers->len; i++)
    OSSL_PROVIDER_unload (g_ptr_array_index (providers, i));
  OSSL_LIB_CTX_free (libctx);
}
