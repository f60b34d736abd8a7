/* lab-peer-contexts.c: making, and for unseeded runs sharing, a run's PKI and contexts. */
#include "lab-peer-contexts.h"
#include "lab-peer-config.h"
#include "engine/pki/lab-seeded-rand.h"

#define CACHE_ENTRIES 8
#define CACHE_LIFETIME_US (10 * 60 * G_USEC_PER_SEC)

static GMutex cache_lock;
static GHashTable *cache; /* key -> LabPeerContexts (one reference held by the cache) */

void
lab_peer_contexts_release (LabPeerContexts *c)
{
  if (c == NULL || !g_atomic_int_dec_and_test (&c->ref))
    return;
  /* contexts first: they hold the library contexts' algorithms */
  g_clear_pointer (&c->server, SSL_CTX_free);
  g_clear_pointer (&c->client, SSL_CTX_free);
  g_clear_pointer (&c->mallory_server, SSL_CTX_free);
  g_clear_pointer (&c->mallory_client, SSL_CTX_free);
  g_clear_pointer (&c->pki, lab_pki_free);
  g_clear_pointer (&c->pki_libctx, lab_seeded_libctx_free);
  g_clear_pointer (&c->server_libctx, lab_seeded_libctx_free);
  g_clear_pointer (&c->client_libctx, lab_seeded_libctx_free);
  g_free (c);
}

void
lab_peer_contexts_leave (LabPeerContexts *c)
{
  lab_seeded_libctx_leave (c->pki_libctx);
  lab_seeded_libctx_leave (c->server_libctx);
  lab_seeded_libctx_leave (c->client_libctx);
}

static gboolean
add_callbacks (SSL_CTX *ctx, const LabPeerCallbacks *callbacks)
{
  if (callbacks == NULL)
    return TRUE;
  SSL_CTX_set_msg_callback (ctx, callbacks->message);
  SSL_CTX_set_info_callback (ctx, callbacks->info);
  SSL_CTX_set_keylog_callback (ctx, callbacks->keylog);
  /* the verify mode lab_peer_ctx_new chose, with the lab's callback to record each check */
  SSL_CTX_set_verify (ctx, SSL_CTX_get_verify_mode (ctx), callbacks->verify);
  /* A shared server context must not hoard sessions across runs. */
  SSL_CTX_sess_set_cache_size (ctx, 16);
  return TRUE;
}

static LabPeerContexts *
make (const LabScenario *s, gboolean seeded, guint64 seed, gint64 clock,
      const LabPeerCallbacks *callbacks, GError **error)
{
  LabPeerContexts *c = g_new0 (LabPeerContexts, 1);
  g_auto (GStrv) names = NULL;
  LabPkiOptions pki_options;

  lab_peer_pki_options (s, clock, &pki_options, &names);

  c->ref = 1;
  c->clock = clock;
  c->made_us = g_get_monotonic_time ();
  if (seeded
      && ((c->pki_libctx = lab_seeded_libctx_new (seed, "pki", error)) == NULL
          || (c->server_libctx = lab_seeded_libctx_new (seed, "server", error)) == NULL
          || (c->client_libctx = lab_seeded_libctx_new (seed, "client", error)) == NULL))
    goto failed;
  if ((c->pki = lab_pki_new (c->pki_libctx, &pki_options, error)) == NULL
      || (c->server = lab_peer_ctx_new (s, c->pki, c->server_libctx, TRUE, clock, error)) == NULL
      || (c->client = lab_peer_ctx_new (s, c->pki, c->client_libctx, FALSE, clock, error)) == NULL)
    goto failed;
  if (s->attack == LAB_ATTACK_MAN_IN_THE_MIDDLE
      && ((c->mallory_server = lab_peer_ctx_new_mallory (s, c->pki, TRUE, clock, error)) == NULL
          || (c->mallory_client = lab_peer_ctx_new_mallory (s, c->pki, FALSE, clock, error))
               == NULL))
    goto failed;
  add_callbacks (c->server, callbacks);
  add_callbacks (c->client, callbacks);
  return c;

failed:
  lab_peer_contexts_release (c);
  return NULL;
}

/* Everything that shapes the contexts: every client and server setting, the clock when
 * the scenario fixes one, and the man in the middle's certificate when there is one. Made
 * on every run, so appended piece by piece: a printf a setting cost about 70,000
 * instructions a run (tools/count-instructions). */
static char *
cache_key (const LabScenario *s, const LabPeerCallbacks *callbacks)
{
  g_autoptr (GString) key = g_string_sized_new (1024);
  const LabSetting *setting;

  for (gsize i = 0; (setting = lab_scenario_setting_at (i)) != NULL; i++)
    {
      g_autofree char *value = NULL;

      if (!g_str_equal (setting->group, "client") && !g_str_equal (setting->group, "server"))
        continue;
      value = lab_scenario_get_setting_value (s, setting);
      g_string_append (key, setting->group);
      g_string_append_c (key, '.');
      g_string_append (key, setting->key);
      g_string_append_c (key, '=');
      g_string_append (key, value != NULL ? value : "");
      g_string_append_c (key, '\n');
    }
  if (s->has_clock)
    g_string_append_printf (key, "clock=%" G_GINT64_FORMAT "\n", s->clock);
  /* the man in the middle's certificate is part of the run's PKI */
  if (s->attack == LAB_ATTACK_MAN_IN_THE_MIDDLE)
    g_string_append_printf (key, "mallory=%d\n", s->mallory_certificate);
  /* the lab's peers and the man in the middle never share contexts */
  g_string_append_printf (key, "callbacks=%p\n", (const void *) callbacks);
  return g_string_free (g_steal_pointer (&key), FALSE);
}

static void
evict_stale (gint64 now)
{
  GHashTableIter iter;
  gpointer value;
  LabPeerContexts *oldest = NULL;

  g_hash_table_iter_init (&iter, cache);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      LabPeerContexts *c = value;
      if (now - c->made_us > CACHE_LIFETIME_US)
        g_hash_table_iter_remove (&iter);
      else if (oldest == NULL || c->made_us < oldest->made_us)
        oldest = c;
    }
  if (g_hash_table_size (cache) >= CACHE_ENTRIES && oldest != NULL)
    {
      g_hash_table_iter_init (&iter, cache);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        if (value == oldest)
          {
            g_hash_table_iter_remove (&iter);
            break;
          }
    }
}

LabPeerContexts *
lab_peer_contexts_acquire (const LabScenario *s, gboolean seeded, guint64 seed, gint64 clock,
                           const LabPeerCallbacks *callbacks, GError **error)
{
  g_autofree char *key = NULL;
  LabPeerContexts *c;
  gint64 now = g_get_monotonic_time ();

  if (seeded)
    return make (s, TRUE, seed, clock, callbacks, error);

  key = cache_key (s, callbacks);
  g_mutex_lock (&cache_lock);
  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify) lab_peer_contexts_release);
  evict_stale (now);
  c = g_hash_table_lookup (cache, key);
  if (c == NULL && (c = make (s, FALSE, 0, clock, callbacks, error)) != NULL)
    g_hash_table_insert (cache, g_steal_pointer (&key), c);
  if (c != NULL)
    g_atomic_int_inc (&c->ref);
  g_mutex_unlock (&cache_lock);
  return c;
}
