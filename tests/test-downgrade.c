/* Downgrade protection: TLS_FALLBACK_SCSV (RFC 7507), which a client sends on a retry at
 * a lower version and a server that supports a higher one answers with
 * inappropriate_fallback (86); and the TLS 1.3 downgrade sentinel (RFC 8446 §4.1.3), the
 * last 8 bytes of the random of a server that supports TLS 1.3 but negotiates TLS 1.2,
 * which a client that offered TLS 1.3 refuses with illegal_parameter. */
#include "engine/session/lab-session.h"
#include "lab-test-util.h"
#include "tls/lab-dissect.h"

#define STRIP_VERSIONS                                                                      \
  "[tamper 1]\nmessage = ClientHello\naction = strip-extension\n"                         \
  "extension = supported_versions\n"

static const guint8 sentinel[8] = { 'D', 'O', 'W', 'N', 'G', 'R', 'D', 0x01 };

static LabTrace *
run (const char *body)
{
  g_autofree char *text = g_strdup_printf ("[scenario]\ntitle = downgrade\n%s", body);
  g_autoptr (LabScenario) scenario = lab_test_scenario (text);

  return lab_test_run (scenario, 13, TRUE);
}

/* The last suite the ClientHello offered (RFC 5246 §7.4.1.2). */
static guint16
last_offered_suite (LabTrace *trace)
{
  const LabEvent *hello = lab_test_find_message (trace, LAB_SIDE_CLIENT, TRUE, "ClientHello");
  gsize len;
  const guint8 *data = g_bytes_get_data (hello->bytes, &len);
  gsize at = 4 + 2 + 32;
  gsize suites_len;

  at += 1 + data[at];
  suites_len = (gsize) (data[at] << 8 | data[at + 1]);
  at += 2 + suites_len - 2;
  g_assert_cmpuint (at + 2, <=, len);
  return (guint16) (data[at] << 8 | data[at + 1]);
}

static gboolean
server_random_has_sentinel (LabTrace *trace)
{
  GBytes *random = lab_test_hello_random (trace, "ServerHello");
  gboolean found = memcmp ((const guint8 *) g_bytes_get_data (random, NULL) + 24, sentinel, 8) == 0;

  g_bytes_unref (random);
  return found;
}

static void
test_fallback_scsv (void)
{
  g_autoptr (LabTrace) refused = run ("[client]\nfallback-scsv = on\n"
                                      "[server]\nversions = TLSv1.2:TLSv1.3\n");
  g_autoptr (LabTrace) accepted = run ("[client]\nfallback-scsv = on\n");
  g_autoptr (LabTrace) plain = run ("[server]\nversions = TLSv1.2:TLSv1.3\n");
  const LabOutcome *o = lab_trace_get_outcome (refused);
  const LabEvent *alert = lab_test_find_event (refused, LAB_EVENT_ALERT, NULL, LAB_SIDE_SERVER);

  g_assert_cmphex (last_offered_suite (refused), ==, 0x5600);
  g_assert_cmphex (last_offered_suite (plain), !=, 0x5600);
  /* a server that supports TLS 1.3 refuses a fallback to 1.2 */
  g_assert_cmpint (o->result, ==, LAB_RESULT_ALERT);
  g_assert_cmpint (o->alert, ==, 86);
  g_assert_cmpstr (lab_alert_lookup (86)->name, ==, "inappropriate_fallback");
  g_assert_cmpint (o->sent_by, ==, LAB_SIDE_SERVER);
  g_assert_cmpint (alert->alert_level, ==, 2);
  g_assert_null (lab_test_find_event (refused, LAB_EVENT_MESSAGE, "ServerHello", LAB_SIDE_SERVER));
  g_assert_cmpint (lab_test_cause_event (refused)->handshake_type, ==, LAB_HS_CLIENT_HELLO);
  lab_test_assert_contains (o->cause, "TLS_FALLBACK_SCSV (0x5600)");
  lab_test_assert_contains (o->cause, "at most TLS 1.2");
  lab_test_assert_contains (o->cause, "RFC 7507 §3");
  /* one whose highest version is the client's has nothing to refuse */
  g_assert_cmpint (lab_trace_get_outcome (accepted)->result, ==, LAB_RESULT_SUCCESS);
  /* without the signal, the same two negotiate TLS 1.2 */
  g_assert_cmpint (lab_trace_get_outcome (plain)->result, ==, LAB_RESULT_SUCCESS);
}

static void
test_sentinel_catches_a_downgrade (void)
{
  g_autoptr (LabTrace) trace = run ("[client]\nversions = TLSv1.2:TLSv1.3\n"
                                    "[server]\nversions = TLSv1.2:TLSv1.3\n" STRIP_VERSIONS);
  const LabOutcome *o = lab_trace_get_outcome (trace);
  const LabEvent *hello = lab_test_find_message (trace, LAB_SIDE_SERVER, TRUE, "ServerHello");
  g_autoptr (LabField) tree = lab_dissect_message (hello->bytes, &(LabDissectOptions){ 0 });
  const LabField *random = lab_field_lookup (tree, "ServerHello.random");

  g_assert_true (server_random_has_sentinel (trace));
  lab_test_assert_contains (random->value, "RFC 8446 §4.1.3");
  g_assert_cmpint (o->result, ==, LAB_RESULT_ALERT);
  g_assert_cmpstr (lab_alert_lookup ((guint8) o->alert)->name, ==, "illegal_parameter");
  g_assert_cmpint (o->sent_by, ==, LAB_SIDE_CLIENT);
  g_assert_cmpstr (o->reason, ==, "inappropriate fallback");
  lab_test_assert_contains (o->cause, "stripped the supported_versions extension");
  lab_test_assert_contains (o->cause, "44 4f 57 4e 47 52 44 01");
  lab_test_assert_contains (o->cause, "RFC 8446 §4.1.3");
}

/* The sentinel comes from the server's own support of TLS 1.3, and only a client that
 * supports TLS 1.3 looks for it. */
static void
test_sentinel_only_from_a_tls13_server (void)
{
  g_autoptr (LabTrace) old_server = run ("[client]\nversions = TLSv1.2:TLSv1.3\n" STRIP_VERSIONS);
  g_autoptr (LabTrace) old_client = run ("[server]\nversions = TLSv1.2:TLSv1.3\n");

  /* a TLS 1.2 server puts nothing there; the stripped extension still changed the
   * transcript, which the Finished messages catch */
  g_assert_false (server_random_has_sentinel (old_server));
  g_assert_cmpint (lab_trace_get_outcome (old_server)->result, ==, LAB_RESULT_ALERT);
  g_assert_cmpstr (lab_trace_get_outcome (old_server)->reason, !=, "inappropriate fallback");
  /* a TLS 1.2 client gets the sentinel and does not look */
  g_assert_true (server_random_has_sentinel (old_client));
  g_assert_cmpint (lab_trace_get_outcome (old_client)->result, ==, LAB_RESULT_SUCCESS);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/downgrade/fallback-scsv", test_fallback_scsv);
  g_test_add_func ("/downgrade/sentinel", test_sentinel_catches_a_downgrade);
  g_test_add_func ("/downgrade/sentinel-needs-both", test_sentinel_only_from_a_tls13_server);
  return g_test_run ();
}
