/* lab-algorithm-cache.c: one cache per kind of algorithm, kept for the life of the process. */
#include "lab-algorithm-cache.h"

typedef gpointer (*FetchFunc) (const char *name);
typedef int (*UpRefFunc) (gpointer object);

typedef struct
{
  GMutex lock;
  GHashTable *by_name; /* name -> the fetched object (one reference, never dropped) */
} Cache;

static gpointer
cached (Cache *cache, const char *name, FetchFunc fetch, UpRefFunc up_ref)
{
  gpointer object;

  g_mutex_lock (&cache->lock);
  if (cache->by_name == NULL)
    cache->by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  object = g_hash_table_lookup (cache->by_name, name);
  if (object == NULL && (object = fetch (name)) != NULL)
    g_hash_table_insert (cache->by_name, g_strdup (name), object);
  /* a failed fetch is not cached: its error stays on the caller's queue to report */
  if (object != NULL)
    up_ref (object);
  g_mutex_unlock (&cache->lock);
  return object;
}

static gpointer
fetch_mac (const char *name)
{
  return EVP_MAC_fetch (NULL, name, NULL);
}

static gpointer
fetch_md (const char *name)
{
  return EVP_MD_fetch (NULL, name, NULL);
}

static gpointer
fetch_cipher (const char *name)
{
  return EVP_CIPHER_fetch (NULL, name, NULL);
}

static gpointer
fetch_kdf (const char *name)
{
  return EVP_KDF_fetch (NULL, name, NULL);
}

EVP_MAC *
lab_fetch_mac (const char *name)
{
  static Cache cache;

  return cached (&cache, name, fetch_mac, (UpRefFunc) EVP_MAC_up_ref);
}

EVP_MD *
lab_fetch_md (const char *name)
{
  static Cache cache;

  return cached (&cache, name, fetch_md, (UpRefFunc) EVP_MD_up_ref);
}

EVP_CIPHER *
lab_fetch_cipher (const char *name)
{
  static Cache cache;

  return cached (&cache, name, fetch_cipher, (UpRefFunc) EVP_CIPHER_up_ref);
}

EVP_KDF *
lab_fetch_kdf (const char *name)
{
  static Cache cache;

  return cached (&cache, name, fetch_kdf, (UpRefFunc) EVP_KDF_up_ref);
}
