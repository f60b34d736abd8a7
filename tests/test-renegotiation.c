/* Secure renegotiation (RFC 5746): a client that renegotiates after its first request runs
 * a second handshake inside the connection, encrypted under the first one's keys; the
 * steps show it as the renegotiation phase, the lab recomputes both handshakes' secrets
 * and opens every record with the keys in force, and checks renegotiation_info against
 * the first handshake's Finished values. tshark, decrypting the export, is the oracle. A
 * server that refuses answers with a warning no_renegotiation, and OpenSSL's client ends
 * the connection with handshake_failure. */
#include "engine/export/lab-export.h"
#include "engine/session/lab-session.h"
#include "engine/trace/lab-steps.h"
#include "lab-test-util.h"
#include "tls/lab-dissect.h"

#define RENEGOTIATE(policy) "[client]\nrenegotiate = on\n[server]\nrenegotiation = " policy "\n"

static LabTrace *
run (const char *body)
{
  g_autofree char *text = g_strdup_printf ("[scenario]\ntitle = renegotiation\n%s", body);
  g_autoptr (LabScenario) scenario = lab_test_scenario (text);

  return lab_test_run (scenario, 14, TRUE);
}

/* The n-th secret with this name in one side's view (0 first). */
static const LabEvent *
nth_secret (LabTrace *trace, LabSide side, const char *name, guint n)
{
  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      if (e->kind == LAB_EVENT_SECRET && e->side == side && g_strcmp0 (e->name, name) == 0
          && e->bytes != NULL && n-- == 0)
        return e;
    }
  return NULL;
}

static void
test_second_handshake (void)
{
  g_autoptr (LabTrace) trace = run (RENEGOTIATE ("accept"));
  g_autoptr (GPtrArray) steps = lab_steps_from_trace (trace);
  g_autoptr (GString) renegotiation = g_string_new (NULL);
  g_autofree char *sent = lab_test_messages (trace, LAB_SIDE_CLIENT, TRUE);
  const LabStep *hello = NULL;
  guint requests = 0;

  g_assert_cmpint (lab_trace_get_outcome (trace)->result, ==, LAB_RESULT_SUCCESS);
  g_assert_cmpstr (sent, ==, "ClientHello ClientKeyExchange ChangeCipherSpec Finished "
                             "ClientHello ClientKeyExchange ChangeCipherSpec Finished");
  for (guint i = 0; i < steps->len; i++)
    {
      const LabStep *step = g_ptr_array_index (steps, i);

      g_assert_cmpuint (step->connection, ==, 0); /* one TCP connection throughout */
      if (step->phase == LAB_PHASE_RENEGOTIATION)
        {
          g_string_append_printf (renegotiation, "%s%s", renegotiation->len ? " " : "",
                                  step->title);
          if (hello == NULL)
            hello = step;
        }
      requests += step->kind == LAB_STEP_APP_DATA && step->from == LAB_SIDE_CLIENT;
    }
  g_assert_cmpstr (renegotiation->str, ==,
                   "ClientHello ServerHello Certificate ServerKeyExchange ServerHelloDone "
                   "ClientKeyExchange ChangeCipherSpec Finished ChangeCipherSpec Finished");
  g_assert_cmpuint (requests, ==, 2);
  /* the second ClientHello crossed the wire encrypted, and says it renegotiates */
  g_assert_nonnull (hello);
  g_assert_true (lab_trace_get_event (trace, (guint) hello->record_event)->encrypted);
  lab_test_assert_contains (hello->facts, "renegotiating, renegotiation_info 12 bytes");
}

/* Both key schedules recomputed and equal to OpenSSL's; renegotiation_info carries the
 * first handshake's verify_data; every protected record opens with the keys in force. */
static void
test_everything_recomputed (void)
{
  g_autoptr (LabTrace) trace = run (RENEGOTIATE ("accept"));
  const LabEvent *first_client_finished = nth_secret (trace, LAB_SIDE_CLIENT, "client_verify_data", 0);
  const LabEvent *first_server_finished = nth_secret (trace, LAB_SIDE_SERVER, "server_verify_data", 0);
  const LabEvent *hello = NULL;
  guint records = 0, changes = 0;

  g_assert_cmpuint (lab_test_count_kind (trace, LAB_EVENT_ERROR), ==, 0);
  for (int side = 0; side < 2; side++)
    {
      LabSide s = side ? LAB_SIDE_SERVER : LAB_SIDE_CLIENT;
      const LabEvent *first = nth_secret (trace, s, "master_secret", 0);
      const LabEvent *second = nth_secret (trace, s, "master_secret", 1);
      const LabEvent *tie = nth_secret (trace, s, "renegotiated_connection", 0);

      g_assert_nonnull (first);
      g_assert_nonnull (second);
      g_assert_cmpint (first->match, ==, LAB_MATCH_YES);
      g_assert_cmpint (second->match, ==, LAB_MATCH_YES);
      g_assert_cmpint (second->phase, ==, LAB_PHASE_RENEGOTIATION);
      lab_test_assert_contains (second->detail, "of the renegotiation");
      g_assert_false (g_bytes_equal (first->bytes, second->bytes));
      g_assert_nonnull (tie);
      g_assert_cmpint (tie->match, ==, LAB_MATCH_YES);
      g_assert_cmpint (nth_secret (trace, s, side ? "server_verify_data" : "client_verify_data",
                                   1)->match, ==, LAB_MATCH_YES);
    }
  /* RFC 5746 §3.5: the second ClientHello carries the first client_verify_data */
  for (guint i = 0, n = 0; i < lab_trace_get_n_events (trace) && hello == NULL; i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      if (e->kind == LAB_EVENT_MESSAGE && e->side == LAB_SIDE_CLIENT && e->sent
          && e->handshake_type == LAB_HS_CLIENT_HELLO && n++ == 1)
        hello = e;
    }
  {
    g_autoptr (LabField) tree = lab_dissect_message (hello->bytes, &(LabDissectOptions){ 0 });
    const LabField *carried = lab_field_lookup (
      tree, "ClientHello.extensions.renegotiation_info.renegotiated_connection");
    gsize len;
    const guint8 *data = lab_field_get_data (carried, &len);
    g_autoptr (GBytes) bytes = g_bytes_new (data, len);

    g_assert_true (g_bytes_equal (bytes, first_client_finished->bytes));
    g_assert_nonnull (first_server_finished);
  }
  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      if (e->kind != LAB_EVENT_RECORD || !e->encrypted)
        continue;
      records++;
      changes += e->content_type == LAB_CONTENT_CHANGE_CIPHER_SPEC;
      g_assert_nonnull (e->decryption);
      g_assert_true (e->decryption->authentic);
    }
  /* the renegotiation's two ChangeCipherSpecs travel protected by the first keys */
  g_assert_cmpuint (changes, ==, 2);
  g_assert_cmpuint (records, >=, 18);
}

/* The ChangeCipherSpecs a side sent, in order: their event seqs. */
static guint
nth_change_cipher_spec (LabTrace *trace, LabDirection direction, guint n)
{
  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      if (e->kind == LAB_EVENT_RECORD && e->direction == direction
          && e->content_type == LAB_CONTENT_CHANGE_CIPHER_SPEC && n-- == 0)
        return e->seq;
    }
  g_assert_not_reached ();
}

/* Every secret of both handshakes is settled by something that shows it, and each
 * handshake's key block by records its own keys protected: the first's before the second
 * ChangeCipherSpec in each direction, the renegotiation's after it (lab-key-evidence.h). */
static void
test_each_handshake_has_its_evidence (void)
{
  g_autoptr (LabTrace) trace = run (RENEGOTIATE ("accept"));
  guint key_blocks = 0;

  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      gboolean second = e->phase == LAB_PHASE_RENEGOTIATION;

      if (e->kind != LAB_EVENT_SECRET)
        continue;
      g_assert_nonnull (e->detail);
      g_assert_cmpint (e->match, !=, LAB_MATCH_NO_EVIDENCE);
      g_assert_false (lab_match_is_failure (e->match));
      if (g_strcmp0 (e->name, "key_block") != 0)
        continue;
      key_blocks++;
      g_assert_cmpint (e->match, ==, LAB_MATCH_OPENED_RECORD);
      g_assert_cmpuint (e->n_evidence_records, ==, 2);
      for (guint r = 0; r < e->n_evidence_records; r++)
        {
          const LabEvent *record = lab_trace_get_event (trace, e->evidence_records[r]);
          guint change = nth_change_cipher_spec (trace, record->direction, 1);

          if (second)
            g_assert_cmpuint (record->seq, >, change);
          else
            g_assert_cmpuint (record->seq, <, change);
        }
    }
  g_assert_cmpuint (key_blocks, ==, 4); /* two views, two handshakes */
}

static char *
tshark_fields (const char *capture, const char *home, const char *filter, const char *field)
{
  const char *argv[] = { "tshark", "-r", capture, "-Y", filter, "-T", "fields", "-e", field, NULL };
  g_auto (GStrv) envp = g_environ_setenv (g_get_environ (), "HOME", home, TRUE);
  char *out = NULL;
  int status = 0;

  envp = g_environ_setenv (envp, "XDG_CONFIG_HOME", home, TRUE);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, envp,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                               NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* tshark, with the key log inside the export, opens both handshakes' records: two
 * ClientHellos, the second found only by decrypting, and both requests. */
static void
test_tshark_decrypts_both (void)
{
  g_autoptr (LabTrace) trace = NULL;
  g_autofree char *tshark = g_find_program_in_path ("tshark");
  g_autofree char *dir = NULL, *capture = NULL, *hellos = NULL, *requests = NULL;
  g_autoptr (GBytes) pcapng = NULL;
  g_auto (GStrv) frames = NULL;

  if (tshark == NULL)
    {
      g_test_skip ("tshark is not installed");
      return;
    }
  trace = run (RENEGOTIATE ("accept"));
  dir = g_dir_make_tmp ("lab-renegotiation-XXXXXX", NULL);
  pcapng = lab_export_pcapng_bytes (trace);
  capture = g_build_filename (dir, "run.pcapng", NULL);
  g_assert_true (g_file_set_contents (capture, g_bytes_get_data (pcapng, NULL),
                                      (gssize) g_bytes_get_size (pcapng), NULL));
  hellos = tshark_fields (capture, dir, "tls.handshake.type == 1", "frame.number");
  requests = tshark_fields (capture, dir, "http.request", "http.request.uri");
  frames = g_strsplit (g_strstrip (hellos), "\n", -1);
  g_assert_cmpuint (g_strv_length (frames), ==, 2);
  g_assert_cmpstr (g_strstrip (requests), ==, "/\n/");
  lab_test_remove_tree (dir);
}

static void
test_refused (void)
{
  g_autoptr (LabTrace) trace = run (RENEGOTIATE ("refuse"));
  const LabOutcome *o = lab_trace_get_outcome (trace);
  const LabEvent *warning = lab_test_cause_event (trace);
  g_autoptr (GPtrArray) steps = lab_steps_from_trace (trace);
  const LabStep *last = g_ptr_array_index (steps, steps->len - 1);

  g_assert_cmpint (o->result, ==, LAB_RESULT_ALERT);
  g_assert_cmpstr (lab_alert_lookup ((guint8) o->alert)->name, ==, "handshake_failure");
  g_assert_cmpint (o->sent_by, ==, LAB_SIDE_CLIENT);
  g_assert_cmpstr (o->reason, ==, "no renegotiation");
  /* the server's answer: a warning, no_renegotiation (RFC 5246 §7.2.2) */
  g_assert_cmpint (warning->kind, ==, LAB_EVENT_ALERT);
  g_assert_cmpint (warning->side, ==, LAB_SIDE_SERVER);
  g_assert_cmpint (warning->alert_level, ==, 1);
  g_assert_cmpint (warning->alert_description, ==, 100);
  g_assert_cmpint (warning->phase, ==, LAB_PHASE_RENEGOTIATION);
  lab_test_assert_contains (o->cause, "no_renegotiation (100)");
  lab_test_assert_contains (o->cause, "RFC 5746 §3.5");
  /* the first handshake and its exchange were whole: nothing missing, nothing doubted */
  g_assert_false (last->never_happened);
  g_assert_cmpuint (lab_test_count_kind (trace, LAB_EVENT_ERROR), ==, 0);
  g_assert_null (nth_secret (trace, LAB_SIDE_CLIENT, "master_secret", 1));
  g_assert_cmpint (nth_secret (trace, LAB_SIDE_CLIENT, "master_secret", 0)->match, ==,
                   LAB_MATCH_YES);
}

static const LabTestBadScenario bad[] = {
  { "with-resume", "[scenario]\ntitle = x\n[client]\nrenegotiate = on\nresume = session-id\n",
    "bad.scenario:4: renegotiate runs one connection with the server itself: it does not "
    "combine with resume or attack = man-in-the-middle" },
  { "with-mitm", "[scenario]\ntitle = x\n[client]\nrenegotiate = on\n[wire]\n"
                 "attack = man-in-the-middle\n",
    "bad.scenario:4: renegotiate runs one connection with the server itself: it does not "
    "combine with resume or attack = man-in-the-middle" },
  { "policy", "[scenario]\ntitle = x\n[server]\nrenegotiation = maybe\n",
    "bad.scenario:4: 'maybe' is not valid for renegotiation; expected one of: refuse, accept" },
};

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/renegotiation/second-handshake", test_second_handshake);
  g_test_add_func ("/renegotiation/recomputed", test_everything_recomputed);
  g_test_add_func ("/renegotiation/evidence", test_each_handshake_has_its_evidence);
  g_test_add_func ("/renegotiation/tshark", test_tshark_decrypts_both);
  g_test_add_func ("/renegotiation/refused", test_refused);
  lab_test_add_bad_scenarios ("/renegotiation/bad", bad, G_N_ELEMENTS (bad));
  return g_test_run ();
}
