/* The active man in the middle: a verifying client refuses it; a client that skips
 * verification hands it the plaintext, which the trace shows it reading. */
#include "engine/session/lab-session.h"
#include "engine/trace/lab-steps.h"
#include "lab-test-util.h"

#include <string.h>

static const LabEvent *
attacker_read (LabTrace *trace, LabDirection direction)
{
  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      if (e->kind == LAB_EVENT_APP_DATA && e->side == LAB_SIDE_WIRE && e->direction == direction)
        return e;
    }
  return NULL;
}

static void
test_mitm_verifying_client_refuses (void)
{
  g_autoptr (LabScenario) scenario = lab_test_scenario (
    "[scenario]\ntitle = mitm\n[wire]\nattack = man-in-the-middle\n");
  g_autoptr (LabTrace) trace = lab_test_run (scenario, 0, FALSE);
  const LabOutcome *o = lab_trace_get_outcome (trace);

  g_assert_cmpint (o->result, ==, LAB_RESULT_ALERT);
  g_assert_cmpstr (lab_alert_lookup ((guint8) o->alert)->name, ==, "unknown_ca");
  g_assert_cmpint (o->sent_by, ==, LAB_SIDE_CLIENT);
  g_assert_cmpint (o->verify_error, ==, 20);
  g_assert_null (attacker_read (trace, LAB_DIRECTION_CLIENT_TO_SERVER));
  g_assert_true (g_str_has_prefix (o->cause, "A man in the middle answered the client"));
  g_assert_nonnull (strstr (o->cause, "Mallory Root CA"));
}

static void
test_mitm_trusting_client_is_read (void)
{
  g_autoptr (LabScenario) scenario = lab_test_scenario (
    "[scenario]\ntitle = mitm\n[client]\nverify-peer = off\n[wire]\nattack = man-in-the-middle\n");
  g_autoptr (LabTrace) trace = lab_test_run (scenario, 0, FALSE);
  const LabOutcome *o = lab_trace_get_outcome (trace);
  const LabEvent *request = attacker_read (trace, LAB_DIRECTION_CLIENT_TO_SERVER);
  const LabEvent *response = attacker_read (trace, LAB_DIRECTION_SERVER_TO_CLIENT);

  g_assert_cmpint (o->result, ==, LAB_RESULT_SUCCESS);
  g_assert_nonnull (request);
  g_assert_nonnull (response);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (request->bytes, NULL), "GET / HTTP/1.1\r\n"));
  g_assert_true (g_str_has_prefix (g_bytes_get_data (response->bytes, NULL), "HTTP/1.1 200 OK"));
  g_assert_nonnull (strstr (o->cause, "read everything in the clear (\"GET / HTTP/1.1\""));
  g_assert_cmpint (o->cause_event, ==, (int) request->seq);
}

/* The attacker finishes the client's handshake before the real server has said a word,
 * so by the sender's clock the client's whole flight came first. The ladder follows the
 * client instead: each message where the client met it, and each ChangeCipherSpec just
 * before its Finished, so the steps read as the full handshake they were. */
static void
test_mitm_ladder_follows_the_client (void)
{
  g_autoptr (LabScenario) scenario = lab_test_scenario (
    "[scenario]\ntitle = mitm\n[client]\nverify-peer = off\n[wire]\nattack = man-in-the-middle\n");
  g_autoptr (LabTrace) trace = lab_test_run (scenario, 0, FALSE);
  g_autoptr (GPtrArray) steps = lab_steps_from_trace (trace);
  g_autoptr (GString) order = g_string_new (NULL);

  for (guint i = 0; i < steps->len; i++)
    {
      const LabStep *step = g_ptr_array_index (steps, i);
      if (step->kind == LAB_STEP_TCP || step->kind == LAB_STEP_CLOSE)
        continue;
      g_string_append_printf (order, "%s%s %s", order->len ? ", " : "",
                              step->sender == LAB_SIDE_CLIENT ? "c" : "s", step->title);
    }
  g_assert_cmpstr (order->str, ==,
                   "c ClientHello, s ServerHello, s Certificate, s ServerKeyExchange, "
                   "s ServerHelloDone, c ClientKeyExchange, c ChangeCipherSpec, c Finished, "
                   "s ChangeCipherSpec, s Finished, c Application data, s Application data, "
                   "c close_notify, s close_notify");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mitm/verifying-client-refuses", test_mitm_verifying_client_refuses);
  g_test_add_func ("/mitm/trusting-client-is-read", test_mitm_trusting_client_is_read);
  g_test_add_func ("/mitm/ladder-follows-the-client", test_mitm_ladder_follows_the_client);
  return g_test_run ();
}
