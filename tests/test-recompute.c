/* Every secret recomputed by the lab equals OpenSSL's own, for every key exchange and
 * record protection, with the extended master secret and encrypt-then-MAC on and off;
 * every protected record opens authentic with the recomputed keys, and a record the
 * wire changed does not. */
#include "engine/session/lab-session.h"
#include "lab-test-util.h"

typedef struct
{
  const char *suite;
  const char *key_type;
  const char *client_extra; /* more [client] keys */
} Case;

static void
count_secrets (LabTrace *trace, guint *yes, guint *no, guint *errors, guint *records,
               guint *authentic, GString *plaintext[2])
{
  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);

      if (e->kind == LAB_EVENT_SECRET)
        {
          *yes += e->match == LAB_MATCH_YES;
          *no += e->match == LAB_MATCH_NO;
        }
      *errors += e->kind == LAB_EVENT_ERROR;
      if (e->kind == LAB_EVENT_RECORD && e->encrypted
          && e->content_type != LAB_CONTENT_CHANGE_CIPHER_SPEC)
        {
          (*records)++;
          if (e->decryption != NULL && e->decryption->authentic)
            {
              (*authentic)++;
              if (e->content_type == LAB_CONTENT_APPLICATION_DATA)
                g_string_append_len (plaintext[e->direction == LAB_DIRECTION_SERVER_TO_CLIENT],
                                     g_bytes_get_data (e->decryption->plaintext, NULL),
                                     (gssize) g_bytes_get_size (e->decryption->plaintext));
            }
        }
    }
}

static void
test_recompute_matches_openssl (gconstpointer data)
{
  const Case *c = data;
  g_autofree char *text = g_strdup_printf (
    "[scenario]\ntitle = %s\nseed = 5\n[client]\ncipher-suites = %s\n%s\n[server]\nkey-type = %s\n"
    "cipher-suites = %s\n",
    c->suite, c->suite, c->client_extra, c->key_type, c->suite);
  g_autoptr (LabScenario) scenario = lab_test_scenario (text);
  g_autoptr (LabTrace) trace = lab_test_run (scenario, 0, FALSE);
  GString *plaintext[2] = { g_string_new (NULL), g_string_new (NULL) };
  GString *exchanged[2] = { g_string_new (NULL), g_string_new (NULL) };
  guint yes = 0, no = 0, errors = 0, records = 0, authentic = 0;

  g_assert_cmpint (lab_trace_get_outcome (trace)->result, ==, LAB_RESULT_SUCCESS);
  count_secrets (trace, &yes, &no, &errors, &records, &authentic, plaintext);
  /* both master secrets and both verify_data, and the RSA pre-master from the key log */
  g_assert_cmpuint (yes, >=, 4);
  g_assert_cmpuint (no, ==, 0);
  g_assert_cmpuint (errors, ==, 0);
  /* Finished, application data and close_notify, each way */
  g_assert_cmpuint (records, ==, 6);
  g_assert_cmpuint (authentic, ==, records);

  /* what the lab decrypted is exactly what the peers wrote, in each direction */
  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      if (e->kind == LAB_EVENT_APP_DATA && e->sent)
        g_string_append_len (exchanged[e->direction == LAB_DIRECTION_SERVER_TO_CLIENT],
                             g_bytes_get_data (e->bytes, NULL), (gssize) g_bytes_get_size (e->bytes));
    }
  for (int d = 0; d < 2; d++)
    {
      g_assert_cmpuint (plaintext[d]->len, >, 50);
      g_assert_cmpstr (plaintext[d]->str, ==, exchanged[d]->str);
      g_string_free (plaintext[d], TRUE);
      g_string_free (exchanged[d], TRUE);
    }
}

static void
test_recompute_rsa_pre_master_matches_key_log (void)
{
  g_autoptr (LabScenario) scenario = lab_test_scenario (
    "[scenario]\ntitle = RSA\n[client]\ncipher-suites = AES128-SHA\n[server]\nkey-type = rsa-2048\n");
  g_autoptr (LabTrace) trace = lab_test_run (scenario, 0, FALSE);
  gboolean checked = FALSE;

  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      if (e->kind == LAB_EVENT_SECRET && g_str_equal (e->name, "pre_master_secret"))
        {
          g_assert_cmpint (e->match, ==, LAB_MATCH_YES);
          g_assert_cmpuint (g_bytes_get_size (e->bytes), ==, 48);
          g_assert_cmpint (((const guint8 *) g_bytes_get_data (e->bytes, NULL))[0], ==, 3);
          checked = TRUE;
        }
    }
  g_assert_true (checked);
}

static void
test_recompute_tampered_record_is_not_authentic (void)
{
  g_autoptr (LabScenario) scenario = lab_test_scenario (
    "[scenario]\ntitle = flip\n[wire]\nattack = flip-application-data\n");
  g_autoptr (LabTrace) trace = lab_test_run (scenario, 0, FALSE);
  gboolean seen = FALSE;

  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      if (e->kind == LAB_EVENT_RECORD && e->forwarded_decryption != NULL)
        {
          g_assert_true (e->decryption->authentic);          /* as the client sent it */
          g_assert_false (e->forwarded_decryption->authentic); /* as the server got it */
          g_assert_cmpint (e->forwarded_decryption->verdict, ==, LAB_RECORD_BAD_TAG);
          g_assert_nonnull (e->forwarded_decryption->reason);
          seen = TRUE;
        }
    }
  g_assert_true (seen);
}

/* With a changed ClientHello and EMS, each side's master secret is its own: the lab
 * recomputes both views, each equal to that side's OpenSSL, and different from each other. */
static void
test_recompute_views_differ_after_downgrade (void)
{
  g_autoptr (LabScenario) scenario = lab_test_scenario (
    "[scenario]\ntitle = downgrade\n[client]\ncipher-suites = "
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305\n[wire]\nattack = downgrade-suite\n");
  g_autoptr (LabTrace) trace = lab_test_run (scenario, 0, FALSE);
  GBytes *client_ms = NULL, *server_ms = NULL;

  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      if (e->kind == LAB_EVENT_SECRET && g_str_equal (e->name, "master_secret"))
        {
          g_assert_cmpint (e->match, ==, LAB_MATCH_YES);
          if (e->side == LAB_SIDE_CLIENT)
            client_ms = e->bytes;
          else
            server_ms = e->bytes;
        }
    }
  g_assert_nonnull (client_ms);
  g_assert_nonnull (server_ms);
  g_assert_false (g_bytes_equal (client_ms, server_ms));
}

int
main (int argc, char **argv)
{
  static const Case cases[] = {
    { "ECDHE-ECDSA-AES128-GCM-SHA256", "ecdsa-p256", "" },
    { "ECDHE-ECDSA-AES128-GCM-SHA256", "ecdsa-p256", "groups = P-256" },
    { "ECDHE-ECDSA-AES256-GCM-SHA384", "ecdsa-p256", "groups = P-384:P-256" },
    { "ECDHE-ECDSA-CHACHA20-POLY1305", "ecdsa-p256", "extended-master-secret = off" },
    { "ECDHE-ECDSA-AES128-SHA256", "ecdsa-p256", "" },
    { "ECDHE-ECDSA-AES128-SHA256", "ecdsa-p256", "encrypt-then-mac = off" },
    { "ECDHE-ECDSA-AES256-SHA384", "ecdsa-p256", "encrypt-then-mac = off\nextended-master-secret = off" },
    { "ECDHE-ECDSA-AES128-CCM", "ecdsa-p256", "" },
    { "ECDHE-ECDSA-AES256-CCM8", "ecdsa-p256", "" },
    { "ECDHE-RSA-AES256-GCM-SHA384", "rsa-2048", "" },
    { "ECDHE-RSA-CHACHA20-POLY1305", "rsa-2048", "" },
    { "ECDHE-RSA-AES128-SHA", "rsa-2048", "" },
    { "DHE-RSA-AES128-GCM-SHA256", "rsa-2048", "" },
    { "DHE-RSA-AES256-SHA256", "rsa-2048", "extended-master-secret = off" },
    { "AES128-SHA", "rsa-2048", "" },
    { "AES256-GCM-SHA384", "rsa-2048", "extended-master-secret = off" },
    { "AES128-SHA256", "rsa-2048", "encrypt-then-mac = off" },
  };

  g_test_init (&argc, &argv, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *extra = g_strdelimit (g_strdup (cases[i].client_extra), "\n", ',');
      g_autofree char *compact = g_strdelimit (g_strjoinv ("", (char *[]){ extra, NULL }), " ", '_');
      g_autofree char *path = g_strdup_printf ("/recompute/matches-openssl/%s%s%s", cases[i].suite,
                                               *extra ? "/" : "", compact);
      g_test_add_data_func (path, &cases[i], test_recompute_matches_openssl);
    }
  g_test_add_func ("/recompute/rsa-pre-master-matches-key-log",
                   test_recompute_rsa_pre_master_matches_key_log);
  g_test_add_func ("/recompute/tampered-record-is-not-authentic",
                   test_recompute_tampered_record_is_not_authentic);
  g_test_add_func ("/recompute/views-differ-after-downgrade",
                   test_recompute_views_differ_after_downgrade);
  return g_test_run ();
}
