/* A session runs a real handshake over the wire: every required suite completes with
 * the expected message sequences, failures end as alerts or timeouts, seeded runs are
 * byte-identical, and nothing is left behind. */
#include "engine/session/lab-session.h"
#include "lab-test-util.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <openssl/x509_vfy.h>

static const char *const full_flight_client =
  "ClientHello ClientKeyExchange ChangeCipherSpec Finished";
static const char *const full_flight_server_ecdhe =
  "ServerHello Certificate ServerKeyExchange ServerHelloDone ChangeCipherSpec Finished";
static const char *const full_flight_server_rsa =
  "ServerHello Certificate ServerHelloDone ChangeCipherSpec Finished";

static char *
suite_scenario (const char *suite, const char *key_type)
{
  return g_strdup_printf ("[scenario]\ntitle = %s\n[client]\ncipher-suites = %s\n"
                          "[server]\ncipher-suites = %s\nkey-type = %s\n",
                          suite, suite, suite, key_type);
}

static const LabEvent *
find_app_data (LabTrace *trace, LabSide side, gboolean sent)
{
  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      if (e->kind == LAB_EVENT_APP_DATA && e->side == side && e->sent == sent)
        return e;
    }
  return NULL;
}

static void
test_session_suite_completes (gconstpointer data)
{
  const char *const *row = data; /* suite, key type, rsa kx? */
  g_autofree char *text = suite_scenario (row[0], row[1]);
  g_autoptr (LabScenario) scenario = lab_test_scenario (text);
  g_autoptr (LabTrace) trace = lab_test_run (scenario, 0, FALSE);
  const LabOutcome *outcome = lab_trace_get_outcome (trace);
  g_autofree char *client_sent = lab_test_messages (trace, LAB_SIDE_CLIENT, TRUE);
  g_autofree char *server_sent = lab_test_messages (trace, LAB_SIDE_SERVER, TRUE);
  g_autofree char *server_received = lab_test_messages (trace, LAB_SIDE_SERVER, FALSE);
  const LabEvent *request, *response;

  g_assert_cmpstr (lab_result_name (outcome->result), ==, "success");
  g_assert_cmpstr (client_sent, ==, full_flight_client);
  g_assert_cmpstr (server_sent, ==,
                   g_str_equal (row[2], "rsa-kx") ? full_flight_server_rsa
                                                  : full_flight_server_ecdhe);
  /* The server received every handshake message the client sent (a received CCS shows
   * only as a record header: HACKING.md, "Message callbacks"). */
  g_assert_cmpstr (server_received, ==, "ClientHello ClientKeyExchange Finished");

  request = find_app_data (trace, LAB_SIDE_SERVER, FALSE);
  response = find_app_data (trace, LAB_SIDE_CLIENT, FALSE);
  g_assert_nonnull (request);
  g_assert_nonnull (response);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (request->bytes, NULL), "GET / HTTP/1.1\r\n"));
  g_assert_true (g_str_has_prefix (g_bytes_get_data (response->bytes, NULL), "HTTP/1.1 200 OK"));

  g_assert_cmpuint (lab_test_count_kind (trace, LAB_EVENT_TCP), ==, 4); /* connect, accept, 2 closes */
  g_assert_cmpuint (lab_test_count_kind (trace, LAB_EVENT_KEYLOG), >=, 1);
  g_assert_cmpuint (lab_test_count_kind (trace, LAB_EVENT_VERIFY), ==, 3); /* root, intermediate, leaf */
  g_assert_cmpuint (lab_test_count_kind (trace, LAB_EVENT_RECORD), >=, 13);
}

static void
test_session_no_shared_cipher_is_a_server_alert (void)
{
  g_autoptr (LabScenario) scenario = lab_test_scenario (
    "[scenario]\ntitle = no shared suite\n"
    "[client]\ncipher-suites = ECDHE-ECDSA-AES128-GCM-SHA256\n"
    "[server]\ncipher-suites = ECDHE-ECDSA-CHACHA20-POLY1305\n"
    "[expect]\noutcome = alert\nalert = handshake_failure\nsent-by = server\n");
  g_autoptr (LabTrace) trace = lab_test_run (scenario, 0, FALSE);
  const LabOutcome *outcome = lab_trace_get_outcome (trace);
  g_autofree char *server_sent = lab_test_messages (trace, LAB_SIDE_SERVER, TRUE);
  g_autofree char *why = NULL;

  g_assert_cmpint (outcome->result, ==, LAB_RESULT_ALERT);
  g_assert_cmpint (outcome->alert, ==, 40);
  g_assert_cmpint (outcome->sent_by, ==, LAB_SIDE_SERVER);
  g_assert_cmpstr (outcome->reason, ==, "no shared cipher");
  g_assert_cmpstr (server_sent, ==, ""); /* right after the ClientHello: nothing sent */
  g_assert_true (lab_scenario_outcome_matches (scenario, outcome, &why));
}

static LabWireVerdict
drop_from_server (const LabWireRecord *record, GByteArray *replacement, char **action,
                  gpointer user_data)
{
  if (record->direction != LAB_DIRECTION_SERVER_TO_CLIENT)
    return LAB_WIRE_KEEP;
  *action = g_strdup ("dropped");
  return LAB_WIRE_DROP;
}

static void
test_session_stalled_wire_times_out (void)
{
  g_autoptr (LabScenario) scenario = lab_scenario_new_default ();
  LabSessionOptions options = { .timeout_ms = 700, .wire_filter = drop_from_server };
  g_autoptr (GError) error = NULL;
  guint fds_before = lab_test_count_fds ();
  g_autoptr (LabTrace) trace = lab_session_run (scenario, &options, &error);
  const LabOutcome *outcome;

  g_assert_no_error (error);
  outcome = lab_trace_get_outcome (trace);
  g_assert_cmpint (outcome->result, ==, LAB_RESULT_TIMEOUT);
  /* what ended the run was the watchdog at this run's own deadline, with both peers still
   * waiting for each other: no alert, no other stop */
  g_assert_cmpint (outcome->alert, ==, -1);
  g_assert_nonnull (strstr (outcome->reason, "nothing more happened for 0.7 s"));
  g_assert_nonnull (strstr (outcome->reason, "the client was in the handshake"));
  g_assert_nonnull (strstr (outcome->reason, "the server was in the handshake"));
  g_assert_cmpuint (lab_test_count_fds (), ==, fds_before);
}

/* Bulk data flows whole through the wire, and the trace stays small: the first records
 * are kept, the rest counted, and the trace says so. */
static void
test_session_bulk_data_is_counted_not_kept (void)
{
  g_autoptr (LabScenario) scenario = lab_scenario_new_default ();
  LabSessionOptions options = { .bulk_bytes = 4 * 1024 * 1024 };
  g_autoptr (GError) error = NULL;
  g_autoptr (LabTrace) trace = lab_session_run (scenario, &options, &error);
  guint kept = 0, summaries = 0;

  g_assert_no_error (error);
  g_assert_cmpint (lab_trace_get_outcome (trace)->result, ==, LAB_RESULT_SUCCESS);
  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);

      kept += e->kind == LAB_EVENT_RECORD && e->side == LAB_SIDE_WIRE && e->content_type == 23;
      if (e->name != NULL && g_str_equal (e->name, "records counted, not kept"))
        summaries++;
      if (e->kind == LAB_EVENT_APP_DATA && e->name != NULL
          && g_str_has_prefix (e->name, "bulk data"))
        g_assert_cmpstr (e->detail, ==, "4194304 bytes of bulk data");
    }
  g_assert_cmpuint (kept, <=, 64 + 4); /* the cap, and the page and close after it */
  g_assert_cmpuint (kept, >, 0);
  g_assert_cmpuint (summaries, ==, 1);
  g_assert_nonnull (find_app_data (trace, LAB_SIDE_CLIENT, FALSE)); /* the page still came */
}

static void
test_session_seeded_runs_are_identical (void)
{
  g_autoptr (LabScenario) scenario = lab_scenario_new_default ();
  g_autoptr (LabTrace) a = lab_test_run (scenario, 42, TRUE);
  g_autoptr (LabTrace) b = NULL, c = NULL, d = NULL;

  /* a second apart: a seed fixes the clock too, so the certificates' dates agree */
  g_usleep (1100 * 1000);
  b = lab_test_run (scenario, 42, TRUE);
  c = lab_test_run (scenario, 43, TRUE);
  d = lab_test_run (scenario, 0, FALSE);

  for (int dir = LAB_DIRECTION_CLIENT_TO_SERVER; dir <= LAB_DIRECTION_SERVER_TO_CLIENT; dir++)
    {
      g_autoptr (GBytes) wa = lab_test_wire_bytes (a, dir);
      g_autoptr (GBytes) wb = lab_test_wire_bytes (b, dir);
      g_autoptr (GBytes) wc = lab_test_wire_bytes (c, dir);
      g_autoptr (GBytes) wd = lab_test_wire_bytes (d, dir);

      g_assert_cmpuint (g_bytes_get_size (wa), >, 100);
      g_assert_true (g_bytes_equal (wa, wb));
      g_assert_false (g_bytes_equal (wa, wc));
      g_assert_false (g_bytes_equal (wa, wd));
    }
}

/* Across processes too: the CLI twice with the same seed, RSA chain included. */
static void
test_session_seeded_runs_are_identical_across_processes (void)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "lab-seeded-rsa.scenario", NULL);
  g_autofree char *text = suite_scenario ("ECDHE-RSA-AES256-GCM-SHA384", "rsa-2048");
  g_autofree char *out1 = NULL, *out2 = NULL;
  const char *argv[] = { "run", "--json", "--seed", "7", path, NULL };
  g_autoptr (JsonParser) p1 = json_parser_new ();
  g_autoptr (JsonParser) p2 = json_parser_new ();
  g_autoptr (GString) w1 = g_string_new (NULL), w2 = g_string_new (NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  g_assert_cmpint (lab_test_spawn (argv, &out1, NULL), ==, 0);
  g_assert_cmpint (lab_test_spawn (argv, &out2, NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (p1, out1, -1, NULL));
  g_assert_true (json_parser_load_from_data (p2, out2, -1, NULL));
  for (int k = 0; k < 2; k++)
    {
      JsonArray *events = json_object_get_array_member (
        json_node_get_object (json_parser_get_root (k ? p2 : p1)), "events");
      for (guint i = 0; i < json_array_get_length (events); i++)
        {
          JsonObject *e = json_array_get_object_element (events, i);
          if (g_str_equal (json_object_get_string_member (e, "kind"), "record"))
            g_string_append_printf (k ? w2 : w1, "%s %s\n",
                                    json_object_get_string_member (e, "direction"),
                                    json_object_get_string_member (e, "bytes"));
        }
    }
  g_assert_cmpuint (w1->len, >, 1000);
  g_assert_cmpstr (w1->str, ==, w2->str);
  g_unlink (path);
}

static void
test_session_leaves_nothing_behind (void)
{
  g_autoptr (LabScenario) scenario = lab_scenario_new_default ();
  guint fds, threads;

  /* one run to warm up OpenSSL's lazily created state */
  g_object_unref (lab_test_run (scenario, 0, FALSE));
  fds = lab_test_count_fds ();
  threads = lab_test_count_threads ();
  for (int i = 0; i < 200; i++)
    {
      g_autoptr (LabTrace) trace = lab_test_run (scenario, (guint64) i, i % 2 == 0);
      g_assert_cmpint (lab_trace_get_outcome (trace)->result, ==, LAB_RESULT_SUCCESS);
    }
  g_assert_cmpuint (lab_test_count_fds (), ==, fds);
  g_assert_cmpuint (lab_test_count_threads (), ==, threads);
}

int
main (int argc, char **argv)
{
  static const char *const suites[][3] = {
    { "ECDHE-ECDSA-AES128-GCM-SHA256", "ecdsa-p256", "ecdhe" },
    { "ECDHE-RSA-AES256-GCM-SHA384", "rsa-2048", "ecdhe" },
    { "ECDHE-RSA-CHACHA20-POLY1305", "rsa-2048", "ecdhe" },
    { "AES128-SHA", "rsa-2048", "rsa-kx" },
    { "DHE-RSA-AES128-GCM-SHA256", "rsa-2048", "dhe" },
  };

  g_test_init (&argc, &argv, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (suites); i++)
    {
      g_autofree char *path = g_strdup_printf ("/session/completes/%s", suites[i][0]);
      g_test_add_data_func (path, suites[i], test_session_suite_completes);
    }
  g_test_add_func ("/session/no-shared-cipher-is-a-server-alert",
                   test_session_no_shared_cipher_is_a_server_alert);
  g_test_add_func ("/session/stalled-wire-times-out", test_session_stalled_wire_times_out);
  g_test_add_func ("/session/seeded-runs-are-identical", test_session_seeded_runs_are_identical);
  g_test_add_func ("/session/seeded-runs-are-identical-across-processes",
                   test_session_seeded_runs_are_identical_across_processes);
  g_test_add_func ("/session/bulk-data-is-counted-not-kept",
                   test_session_bulk_data_is_counted_not_kept);
  g_test_add_func ("/session/leaves-nothing-behind", test_session_leaves_nothing_behind);
  return g_test_run ();
}
