/* Every secret recomputed by the lab equals OpenSSL's own, for every key exchange and
 * record protection, with the extended master secret and encrypt-then-MAC on and off;
 * every protected record opens authentic with the recomputed keys, and a record the
 * wire changed does not. Every value of a successful handshake says what shows it is the
 * one OpenSSL used, and a key the lab got wrong is caught by the record it cannot open. */
#include "engine/session/lab-session.h"
#include "engine/trace/lab-key-evidence.h"
#include "lab-test-util.h"

#include <string.h>

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

/* In a successful handshake nothing is left without evidence: each value equals
 * OpenSSL's, is an input of a master secret that does, or opened a record OpenSSL
 * protected with it (a key-block part, in both views). */
static void
assert_every_secret_has_evidence (LabTrace *trace)
{
  guint parts = 0;

  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);

      if (e->kind != LAB_EVENT_SECRET)
        continue;
      if (e->match != LAB_MATCH_YES && e->match != LAB_MATCH_IMPLIED
          && e->match != LAB_MATCH_OPENED_RECORD)
        g_error ("%s (%s's view) has no evidence: %s: %s", e->name, lab_side_name (e->side),
                 lab_match_name (e->match), e->detail);
      if (g_str_equal (e->name, "pre_master_secret") || g_str_equal (e->name, "session_hash"))
        g_assert_cmpint (e->match, !=, LAB_MATCH_OPENED_RECORD);
      if (g_str_has_suffix (e->name, "_key") || g_str_has_suffix (e->name, "_iv"))
        {
          const LabEvent *record;

          g_assert_cmpint (e->match, ==, LAB_MATCH_OPENED_RECORD);
          g_assert_cmpuint (e->n_evidence_records, ==, 1);
          record = lab_trace_get_event (trace, e->evidence_records[0]);
          g_assert_cmpint (record->kind, ==, LAB_EVENT_RECORD);
          g_assert_true (record->decryption->authentic);
          g_assert_cmpint (record->direction, ==,
                           g_str_has_prefix (e->name, "client_") ? LAB_DIRECTION_CLIENT_TO_SERVER
                                                                 : LAB_DIRECTION_SERVER_TO_CLIENT);
          parts++;
        }
      if (g_str_equal (e->name, "key_block"))
        g_assert_cmpuint (e->n_evidence_records, ==, 2);
    }
  g_assert_cmpuint (parts, >=, 4); /* two keys and two IVs or MAC keys, per view */
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
  assert_every_secret_has_evidence (trace);
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

/* ---- a key the lab got wrong ---- */

static GBytes *
input_of (const LabEvent *e, const char *name)
{
  for (guint i = 0; e->inputs != NULL && i < e->inputs->len; i++)
    {
      const LabNamedBytes *input = g_ptr_array_index (e->inputs, i);
      if (g_str_equal (input->name, name))
        return input->value;
    }
  g_assert_not_reached ();
}

/* The client's key block of a successful run, derived again from the trace's own values,
 * with one part's first byte flipped when `flip` is a part. */
static LabKeyBlock *
client_key_block (LabTrace *trace, const LabCipherSuite *suite, int flip)
{
  const LabEvent *kb = lab_test_find_secret (trace, LAB_SIDE_CLIENT, "key_block");
  g_autoptr (GError) error = NULL;
  LabKeyBlock *keys = lab_key_block_derive (suite, input_of (kb, "master_secret"),
                                            input_of (kb, "client_random"),
                                            input_of (kb, "server_random"), &error);

  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (keys->key_block->value, kb->bytes));
  if (flip >= 0)
    {
      GBytes *value = keys->parts[flip]->value;
      g_autofree guint8 *data = g_memdup2 (g_bytes_get_data (value, NULL),
                                           g_bytes_get_size (value));

      data[0] ^= 0x01;
      keys->parts[flip]->value = g_bytes_new (data, g_bytes_get_size (value));
      g_bytes_unref (value);
    }
  return keys;
}

typedef struct
{
  const char *suite;
  const char *client_extra;
  int flip;                        /* the part flipped */
  LabMatch expected[LAB_KEY_N_PARTS]; /* what each used part shows then */
} FlipCase;

#define OPENED LAB_MATCH_OPENED_RECORD
#define NOT_OPENED LAB_MATCH_NOT_OPENED
#define UNUSED LAB_MATCH_NO_EVIDENCE

/* The evidence logic on a real run's trace, with the client's key block recomputed and
 * one part of it wrong: the record that part was used for no longer opens, and says so;
 * the other direction's parts still open theirs. Under AEAD the tag cannot tell key from
 * IV, so both are caught; under encrypt-then-MAC the MAC still verifies with a wrong key,
 * and only the plaintext shows the key is not the one the client used. */
static void
test_recompute_wrong_key_is_caught (gconstpointer data)
{
  const FlipCase *f = data;
  g_autofree char *text = g_strdup_printf (
    "[scenario]\ntitle = flip\nseed = 7\n[client]\ncipher-suites = %s\n%s\n", f->suite,
    f->client_extra);
  g_autoptr (LabScenario) scenario = lab_test_scenario (text);
  g_autoptr (LabTrace) trace = lab_test_run (scenario, 0, FALSE);
  const LabCipherSuite *suite = lab_cipher_suite_lookup_name (f->suite);
  gboolean etm = strstr (f->client_extra, "encrypt-then-mac = off") == NULL
                 && suite->protection == LAB_RECORD_CBC;
  gboolean from_client = f->flip % 2 == 0; /* client parts come first in each pair */
  LabDirection direction = from_client ? LAB_DIRECTION_CLIENT_TO_SERVER
                                       : LAB_DIRECTION_SERVER_TO_CLIENT;
  const LabEvent *finished_record = NULL;

  g_assert_cmpint (lab_trace_get_outcome (trace)->result, ==, LAB_RESULT_SUCCESS);
  /* the flipped part's direction: its Finished is the first record under the new keys */
  for (guint i = 0; i < lab_trace_get_n_events (trace) && finished_record == NULL; i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      if (e->kind == LAB_EVENT_RECORD && e->encrypted && e->direction == direction
          && e->content_type == LAB_CONTENT_HANDSHAKE)
        finished_record = e;
    }
  g_assert_nonnull (finished_record);

  for (int round = 0; round < 2; round++)
    {
      /* first as derived (everything opens), then with the part flipped */
      g_autoptr (LabKeyBlock) keys = client_key_block (trace, suite, round == 0 ? -1 : f->flip);
      LabKeyEvidenceInput in = {
        .trace = trace,
        .connection = 0,
        .view = LAB_SIDE_CLIENT,
        .suite = suite,
        .encrypt_then_mac = etm,
        .keys = keys,
        .verify_data = {
          lab_test_find_secret (trace, LAB_SIDE_CLIENT, "client_verify_data")->bytes,
          lab_test_find_secret (trace, LAB_SIDE_SERVER, "server_verify_data")->bytes,
        },
      };
      LabKeyEvidence evidence[LAB_KEY_N_PARTS];

      lab_key_evidence_find (&in, evidence);
      for (int p = 0; p < LAB_KEY_N_PARTS; p++)
        {
          LabMatch expected = round == 0 && f->expected[p] != UNUSED ? OPENED : f->expected[p];

          g_test_message ("%s %s: %s: %s", round ? "flipped" : "as derived",
                          keys->parts[p]->name, lab_match_name (evidence[p].match),
                          evidence[p].why ? evidence[p].why : "");
          g_assert_cmpint (evidence[p].match, ==, expected);
          if (expected == NOT_OPENED)
            {
              g_assert_cmpuint (evidence[p].record, ==, finished_record->seq);
              lab_test_assert_contains (evidence[p].why, from_client ? "did NOT open the client's"
                                                                     : "did NOT open the server's");
            }
        }
      lab_key_evidence_clear (evidence);
    }
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

  /* [part] = what it shows with `flip` wrong; UNUSED for the parts the suite has not */
  static const FlipCase flips[] = {
    { "ECDHE-ECDSA-AES128-GCM-SHA256", "", LAB_KEY_CLIENT_WRITE_KEY,
      { UNUSED, UNUSED, NOT_OPENED, OPENED, NOT_OPENED, OPENED } },
    { "ECDHE-ECDSA-AES128-GCM-SHA256", "", LAB_KEY_CLIENT_WRITE_IV,
      { UNUSED, UNUSED, NOT_OPENED, OPENED, NOT_OPENED, OPENED } },
    { "ECDHE-ECDSA-CHACHA20-POLY1305", "", LAB_KEY_SERVER_WRITE_KEY,
      { UNUSED, UNUSED, OPENED, NOT_OPENED, OPENED, NOT_OPENED } },
    { "ECDHE-ECDSA-AES128-SHA256", "", LAB_KEY_CLIENT_WRITE_KEY,
      { OPENED, OPENED, NOT_OPENED, OPENED, UNUSED, UNUSED } },
    { "ECDHE-ECDSA-AES128-SHA256", "", LAB_KEY_CLIENT_WRITE_MAC_KEY,
      { NOT_OPENED, OPENED, NOT_OPENED, OPENED, UNUSED, UNUSED } },
    { "ECDHE-ECDSA-AES128-SHA256", "encrypt-then-mac = off", LAB_KEY_CLIENT_WRITE_KEY,
      { NOT_OPENED, OPENED, NOT_OPENED, OPENED, UNUSED, UNUSED } },
  };
  static const char *const flip_names[] = { "client_write_mac_key", "server_write_mac_key",
                                            "client_write_key", "server_write_key",
                                            "client_write_iv", "server_write_iv" };

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
  for (gsize i = 0; i < G_N_ELEMENTS (flips); i++)
    {
      g_autofree char *path = g_strdup_printf ("/recompute/wrong-key-is-caught/%s/%s%s",
                                               flips[i].suite, flips[i].client_extra[0] ? "mte/" : "",
                                               flip_names[flips[i].flip]);
      g_test_add_data_func (path, &flips[i], test_recompute_wrong_key_is_caught);
    }
  return g_test_run ();
}
