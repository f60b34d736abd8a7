/* lab-cli-derive13.c: the TLS 1.3 half of `handshake-lab derive`: early, handshake and
 * master secrets and their children (RFC 8446 §7.1), each traffic secret's key and IV
 * (§7.3), the finished keys and verify_data (§4.4.4), each with its formula. */
#include "lab-cli-derive13.h"

#include "tls/lab-error.h"
#include "tls/lab-key-schedule13.h"

void
lab_cli_derive13_inputs_clear (LabCliDerive13Inputs *in)
{
  g_clear_pointer (&in->shared_secret, g_bytes_unref);
  g_clear_pointer (&in->psk, g_bytes_unref);
  g_clear_pointer (&in->hello_hash, g_bytes_unref);
  g_clear_pointer (&in->server_finished_hash, g_bytes_unref);
  g_clear_pointer (&in->application_hash, g_bytes_unref);
  g_clear_pointer (&in->client_finished_hash, g_bytes_unref);
  g_clear_pointer (&in->resumption_hash, g_bytes_unref);
}

/* A traffic secret's key and IV, when the secret was derived. */
static gboolean
add_traffic_keys (GPtrArray *out, const LabCipherSuite *suite, const LabSecret *secret,
                  const char *prefix, GError **error)
{
  LabSecret *key = NULL, *iv = NULL;

  if (secret == NULL)
    return TRUE;
  if (!lab_tls13_traffic_keys (suite, secret->value, secret->name, prefix, &key, &iv, error))
    return FALSE;
  g_ptr_array_add (out, key);
  g_ptr_array_add (out, iv);
  return TRUE;
}

/* One side's finished key and, given the hash of the messages before its Finished, its
 * verify_data. */
static gboolean
add_finished (GPtrArray *out, const LabCipherSuite *suite, const LabSecret *traffic_secret,
              const char *side, GBytes *finished_hash, const char *messages, GError **error)
{
  g_autofree char *key_name = g_strdup_printf ("%s_finished_key", side);
  g_autofree char *verify_name = g_strdup_printf ("%s_verify_data", side);
  LabSecret *finished_key = lab_tls13_finished_key (
    key_name, suite->prf_hash, traffic_secret->value, traffic_secret->name, error);
  LabSecret *verify_data;

  if (finished_key == NULL)
    return FALSE;
  g_ptr_array_add (out, finished_key);
  if (finished_hash == NULL)
    return TRUE;
  verify_data = lab_tls13_verify_data (verify_name, suite->prf_hash, finished_key->value,
                                       finished_key->name, finished_hash, messages, error);
  if (verify_data == NULL)
    return FALSE;
  g_ptr_array_add (out, verify_data);
  return TRUE;
}

/* The schedule's secret `id` among those moved to `out`, or NULL if it was not derived. */
static const LabSecret *
find (GPtrArray *out, LabTls13SecretId id)
{
  for (guint i = 0; i < out->len; i++)
    {
      const LabSecret *secret = g_ptr_array_index (out, i);

      if (g_str_equal (secret->name, lab_tls13_secret_name (id)))
        return secret;
    }
  return NULL;
}

GPtrArray *
lab_cli_derive13 (const LabCipherSuite *suite, const LabCliDerive13Inputs *in, GError **error)
{
  g_autoptr (LabTls13Schedule) schedule = lab_tls13_schedule_new (suite);
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) lab_secret_free);
  LabSecret **s = schedule->secrets;
  const LabSecret *chts, *shts;

  if (!lab_tls13_schedule_early (schedule, in->psk, error)
      || !lab_tls13_schedule_handshake (schedule, in->shared_secret, in->hello_hash, error))
    return NULL;
  if (in->application_hash != NULL
      && !lab_tls13_schedule_master (schedule, in->application_hash, error))
    return NULL;
  if (in->resumption_hash != NULL
      && !lab_tls13_schedule_resumption (schedule, in->resumption_hash, error))
    return NULL;
  /* the schedule's secrets pass to the array */
  for (guint i = 0; i < LAB_TLS13_N_SECRETS; i++)
    if (s[i] != NULL)
      g_ptr_array_add (out, g_steal_pointer (&s[i]));
  chts = find (out, LAB_TLS13_CLIENT_HANDSHAKE_TRAFFIC_SECRET);
  shts = find (out, LAB_TLS13_SERVER_HANDSHAKE_TRAFFIC_SECRET);
  if (!add_traffic_keys (out, suite, chts, "client_handshake", error)
      || !add_traffic_keys (out, suite, shts, "server_handshake", error)
      || !add_traffic_keys (out, suite, find (out, LAB_TLS13_CLIENT_APPLICATION_TRAFFIC_SECRET),
                            "client_application", error)
      || !add_traffic_keys (out, suite, find (out, LAB_TLS13_SERVER_APPLICATION_TRAFFIC_SECRET),
                            "server_application", error)
      || !add_finished (out, suite, shts, "server", in->server_finished_hash,
                        "messages before the server's Finished", error)
      || !add_finished (out, suite, chts, "client", in->client_finished_hash,
                        "messages before the client's Finished", error))
    return NULL;
  return g_steal_pointer (&out);
}
