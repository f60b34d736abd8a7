/* Public captures (tests/corpus/captures: 52 TLS 1.2 connections with their key logs)
 * imported, against what Wireshark made of the same files: randoms, suite, master secret,
 * key block, every record opened and every application-data fragment; and what the lab
 * can and cannot show without the key log. */
#include <json-glib/json-glib.h>
#include <string.h>

#include "engine/capture/lab-import.h"
#include "engine/trace/lab-steps.h"
#include "lab-test-util.h"
#include "tls/lab-hex.h"

/* ---- the public corpus (Wireshark as the oracle) ---- */

static char *
corpus_dir (void)
{
  return lab_test_corpus_path ("captures", NULL);
}

static void
compare_fragments (LabTrace *trace, JsonArray *fragments)
{
  g_autoptr (GPtrArray) client = lab_test_app_data_sent (trace, LAB_SIDE_CLIENT);
  g_autoptr (GPtrArray) server = lab_test_app_data_sent (trace, LAB_SIDE_SERVER);
  GPtrArray *sent[2] = { client, server };
  guint next[2] = { 0, 0 };

  for (guint i = 0; i < json_array_get_length (fragments); i++)
    {
      JsonObject *f = json_array_get_object_element (fragments, i);
      guint from_server = json_object_get_boolean_member (f, "from_server");
      GBytes *ours;
      g_autofree char *sha256 = NULL;

      g_assert_cmpuint (next[from_server], <, sent[from_server]->len);
      ours = g_ptr_array_index (sent[from_server], next[from_server]++);
      sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, ours);
      g_assert_cmpint (g_bytes_get_size (ours), ==, json_object_get_int_member (f, "length"));
      g_assert_cmpstr (sha256, ==, json_object_get_string_member (f, "sha256"));
    }
  g_assert_cmpuint (next[0], ==, sent[0]->len);
  g_assert_cmpuint (next[1], ==, sent[1]->len);
}

static void
assert_every_record_authentic (LabTrace *trace)
{
  guint opened = 0;

  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      if (e->kind != LAB_EVENT_RECORD || !e->encrypted || e->content_type == 20)
        continue;
      g_assert_nonnull (e->decryption);
      g_assert_true (e->decryption->authentic);
      opened++;
    }
  g_assert_cmpuint (opened, >, 2);
}

static gboolean
check_corpus_capture (const char *snet, JsonObject *capture)
{
  JsonObject *session = json_array_get_object_element (
    json_object_get_array_member (capture, "tls_sessions"), 0);
  guint64 suite_id = g_ascii_strtoull (json_object_get_string_member (session, "cipher_suite"),
                                       NULL, 16);
  g_autofree char *pcap = g_build_filename (snet, json_object_get_string_member (capture, "pcap"),
                                            NULL);
  g_autofree char *keys = g_build_filename (snet, json_object_get_string_member (capture, "keylog"),
                                            NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (LabImport) import = NULL;
  g_autoptr (GBytes) client_random = NULL, server_random = NULL;
  const LabImportedConnection *c;
  const LabEvent *ms, *kb;
  const LabCipherSuite *suite = lab_cipher_suite_lookup ((guint16) suite_id);
  gsize ours;

  if (suite == NULL)
    return FALSE;
  g_test_message ("%s", json_object_get_string_member (capture, "pcap"));
  import = lab_import_file (pcap, keys, &error);
  g_assert_no_error (error);
  g_assert_null (import->damage);
  g_assert_cmpuint (import->connections->len, ==, 1);
  c = g_ptr_array_index (import->connections, 0);
  g_assert_true (c->decrypted);

  client_random = lab_test_hello_random (c->trace, "ClientHello");
  server_random = lab_test_hello_random (c->trace, "ServerHello");
  lab_test_assert_hex_equal (client_random, json_object_get_string_member (session, "client_random"));
  lab_test_assert_hex_equal (server_random, json_object_get_string_member (session, "server_random"));
  ms = lab_test_find_secret (c->trace, LAB_SIDE_CLIENT, "master_secret");
  g_assert_nonnull (ms);
  kb = lab_test_find_secret (c->trace, LAB_SIDE_CLIENT, "key_block");
  g_assert_nonnull (kb);
  /* The suite the ServerHello chose, as the import's recomputation used it. */
  g_assert_cmpuint (suite->id, ==, suite_id);
  if (!json_object_has_member (session, "master_secret_used")
      || json_object_get_null_member (session, "key_block"))
    {
      /* Wireshark's build could not do this cipher (ARIA): the key log's master secret,
       * and every record opening authentic with the lab's keys, are the check. */
      lab_test_assert_hex_equal (ms->bytes, json_object_get_string_member (session, "keylog_master_secret"));
      assert_every_record_authentic (c->trace);
    }
  else
    {
      lab_test_assert_hex_equal (ms->bytes, json_object_get_string_member (session, "master_secret_used"));
      /* Wireshark may cut more of the PRF stream than TLS 1.2 uses: ours is its start. */
      ours = g_bytes_get_size (kb->bytes);
      {
        g_autofree char *hex = lab_hex_encode_bytes (kb->bytes);
        g_assert_cmpint (strncmp (hex, json_object_get_string_member (session, "key_block"),
                                  ours * 2), ==, 0);
      }
      compare_fragments (c->trace, json_object_get_array_member (capture,
                                                                 "decrypted_app_data_fragments"));
    }
  g_assert_cmpint (lab_trace_get_outcome (c->trace)->result, ==, LAB_RESULT_SUCCESS);
  g_assert_null (lab_test_find_event (c->trace, LAB_EVENT_ERROR, NULL, LAB_TEST_ANY_SIDE));
  return TRUE;
}

static void
test_corpus (void)
{
  g_autofree char *dir = corpus_dir ();
  g_autofree char *expected = NULL, *snet = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonArray *captures;
  guint matched = 0, n;

  expected = g_build_filename (dir, "expected-tshark.json", NULL);
  snet = g_build_filename (dir, "snet", NULL);
  json_parser_load_from_file (parser, expected, &error);
  g_assert_no_error (error);
  captures = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                           "captures");
  n = json_array_get_length (captures);
  for (guint i = 0; i < n; i++)
    matched += check_corpus_capture (snet, json_array_get_object_element (captures, i));
  g_test_message ("%u of %u corpus captures matched Wireshark; the rest use suites the lab's "
                  "table does not know (DSS)", matched, n);
  g_assert_cmpuint (matched, >=, 51);
}

/* Without the key log: the handshake up to ChangeCipherSpec, and a plain why. */
static void
test_corpus_without_keylog (void)
{
  g_autofree char *dir = corpus_dir ();
  g_autofree char *pcap = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (LabImport) import = NULL;
  const LabImportedConnection *c;
  const LabEvent *why;
  g_autoptr (GPtrArray) data = NULL;
  g_autoptr (GPtrArray) steps = NULL;
  guint closed_finished[2] = { 0, 0 };

  pcap = g_build_filename (dir, "snet", "TLS1_2_ECDHE-RSA-AES128-GCM-SHA256_auth.pcap", NULL);
  import = lab_import_file (pcap, NULL, &error);
  g_assert_no_error (error);
  c = g_ptr_array_index (import->connections, 0);
  g_assert_false (c->decrypted);
  g_assert_nonnull (
    lab_test_find_event (c->trace, LAB_EVENT_MESSAGE, "ServerKeyExchange", LAB_TEST_ANY_SIDE));
  g_assert_nonnull (lab_test_find_event (c->trace, LAB_EVENT_CCS, NULL, LAB_TEST_ANY_SIDE));
  g_assert_null (lab_test_find_event (c->trace, LAB_EVENT_MESSAGE, "Finished", LAB_TEST_ANY_SIDE));
  data = lab_test_app_data_sent (c->trace, LAB_SIDE_CLIENT);
  g_assert_cmpuint (data->len, ==, 0);
  why = lab_test_find_event (c->trace, LAB_EVENT_ERROR, "records not opened", LAB_TEST_ANY_SIDE);
  g_assert_nonnull (why);
  lab_test_assert_contains (why->detail, "no key log");
  lab_test_assert_contains (why->detail, "--keylog");
  g_assert_cmpint (lab_trace_get_outcome (c->trace)->result, ==, LAB_RESULT_SUCCESS);

  /* the records that stay closed are still on the ladder: each side's Finished at least */
  steps = lab_steps_from_trace (c->trace);
  for (guint i = 0; i < steps->len; i++)
    {
      const LabStep *step = g_ptr_array_index (steps, i);
      if (g_str_equal (step->title, "Encrypted handshake"))
        {
          closed_finished[step->sender == LAB_SIDE_SERVER]++;
          lab_test_assert_contains (step->facts, "not opened: no key");
          g_assert_cmpint (step->record_event, >=, 0);
        }
    }
  g_assert_cmpuint (closed_finished[0], ==, 1);
  g_assert_cmpuint (closed_finished[1], ==, 1);
}
int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/import/corpus", test_corpus);
  g_test_add_func ("/import/corpus/without-keylog", test_corpus_without_keylog);
  return g_test_run ();
}
