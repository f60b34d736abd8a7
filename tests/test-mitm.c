/* The active man in the middle: a verifying client refuses it; a client that skips
 * verification hands it the plaintext. Either way the attacker is a third column on the
 * ladder: two connections, client <-> Mallory and Mallory <-> server, each message where
 * it really went, the two handshakes in step, phase by phase. */
#include "engine/trace/lab-outcome-text.h"
#include "engine/session/lab-session.h"
#include "engine/trace/lab-steps.h"
#include "tls/lab-dissect.h"
#include "lab-test-util.h"

#include <string.h>

#define MITM "[scenario]\ntitle = mitm\n[wire]\nattack = man-in-the-middle\n"
#define MITM_NO_VERIFY                                                                      \
  "[scenario]\ntitle = mitm\n[client]\nverify-peer = off\n[wire]\nattack = man-in-the-middle\n"

static const LabEvent *
attacker_read (LabTrace *trace, LabDirection direction)
{
  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      if (e->kind == LAB_EVENT_APP_DATA && e->side == LAB_SIDE_ATTACKER && !e->sent
          && e->direction == direction)
        return e;
    }
  return NULL;
}

static const LabStep *
find_step (GPtrArray *steps, const char *title, LabSide from, LabSide to)
{
  for (guint i = 0; i < steps->len; i++)
    {
      const LabStep *step = g_ptr_array_index (steps, i);
      if (g_str_equal (step->title, title) && step->from == from && step->to == to)
        return step;
    }
  return NULL;
}

/* The leaf's issuer in a Certificate message event, as the dissector names it. */
static char *
leaf_issuer (LabTrace *trace, int seq)
{
  const LabEvent *e = lab_trace_get_event (trace, (guint) seq);
  g_autoptr (LabField) root = lab_dissect_message (e->bytes, &(LabDissectOptions){ 0 });
  LabField *issuer
    = lab_field_lookup (root, "Certificate.certificate_list.certificate.tbs_certificate.issuer");

  g_assert_nonnull (issuer);
  return g_strdup (issuer->value);
}

/* Every step spans two of the three columns, and every phase is one group on the
 * ladder: once the steps have left a phase, they never come back to it. */
static void
assert_columns_and_phases (GPtrArray *steps)
{
  gboolean left[LAB_PHASE_RECORD + 1] = { FALSE };

  for (guint i = 0; i < steps->len; i++)
    {
      const LabStep *step = g_ptr_array_index (steps, i);

      g_assert_true (step->from == LAB_SIDE_CLIENT || step->from == LAB_SIDE_SERVER
                     || step->from == LAB_SIDE_ATTACKER);
      g_assert_true (step->to == LAB_SIDE_CLIENT || step->to == LAB_SIDE_SERVER
                     || step->to == LAB_SIDE_ATTACKER);
      g_assert_cmpint (step->from, !=, step->to);
      /* nobody talks to the real server or the client but Mallory */
      g_assert_true (lab_step_involves_attacker (step));
      if (i > 0)
        {
          const LabStep *before = g_ptr_array_index (steps, i - 1);
          if (before->phase != step->phase)
            {
              left[before->phase] = TRUE;
              if (left[step->phase])
                g_test_message ("step %u (%s) goes back to phase %s", i + 1, step->title,
                                lab_phase_name (step->phase));
              g_assert_false (left[step->phase]);
            }
        }
    }
}

static void
test_mitm_verifying_client_refuses (void)
{
  g_autoptr (LabScenario) scenario = lab_test_scenario (MITM);
  g_autoptr (LabTrace) trace = lab_test_run (scenario, 0, FALSE);
  const LabOutcome *o = lab_trace_get_outcome (trace);
  g_autoptr (GPtrArray) steps = lab_steps_from_trace (trace);
  const LabStep *hello, *certificate, *real_certificate, *key_exchange;
  g_autofree char *received_issuer = NULL, *sent_issuer = NULL;

  g_assert_cmpint (o->result, ==, LAB_RESULT_ALERT);
  g_assert_cmpstr (lab_alert_lookup ((guint8) o->alert)->name, ==, "unknown_ca");
  g_assert_cmpint (o->sent_by, ==, LAB_SIDE_CLIENT);
  g_assert_cmpint (o->verify_error, ==, 20);
  g_assert_null (o->intercepted);
  g_assert_null (attacker_read (trace, LAB_DIRECTION_CLIENT_TO_SERVER));
  g_assert_true (g_str_has_prefix (o->cause, "A man in the middle, Mallory, answered the client"));
  g_assert_nonnull (strstr (o->cause, "Mallory Root CA"));
  g_assert_nonnull (strstr (o->cause, "Mallory learned no key and read nothing"));

  /* Mallory's ServerHello and Certificate really went to the client */
  hello = find_step (steps, "ServerHello", LAB_SIDE_ATTACKER, LAB_SIDE_CLIENT);
  certificate = find_step (steps, "Certificate", LAB_SIDE_ATTACKER, LAB_SIDE_CLIENT);
  g_assert_nonnull (hello);
  g_assert_nonnull (certificate);
  g_assert_false (hello->never_happened);
  g_assert_false (certificate->never_happened);
  g_assert_cmpint (certificate->received_event, >=, 0);
  g_assert_cmpint (lab_trace_get_event (trace, (guint) certificate->received_event)->side, ==,
                   LAB_SIDE_CLIENT);
  /* ... after the server's had reached Mallory */
  real_certificate = find_step (steps, "Certificate", LAB_SIDE_SERVER, LAB_SIDE_ATTACKER);
  g_assert_nonnull (real_certificate);
  g_assert_cmpuint (real_certificate->index, <, certificate->index);
  g_assert_cmpint (lab_steps_counterpart (steps, certificate), ==, (int) real_certificate->index);
  g_assert_cmpint (lab_steps_counterpart (steps, real_certificate), ==, (int) certificate->index);

  /* the chain the client received is Mallory's; the server's is the lab's */
  received_issuer = leaf_issuer (trace, certificate->received_event);
  sent_issuer = leaf_issuer (trace, real_certificate->event);
  g_assert_cmpstr (received_issuer, ==, "CN=Mallory Intermediate CA, O=Mallory's Certificates Ltd");
  g_assert_cmpstr (sent_issuer, ==, "CN=Handshake Lab Intermediate CA, O=Handshake Lab");

  /* What never happened is drawn so, on both connections; what did, is not. (Whether
   * Mallory's ServerKeyExchange and ServerHelloDone left before the client hung up is a
   * race between Mallory passing them on and the client checking the chain: either way
   * the ladder says which.) */
  key_exchange = find_step (steps, "ClientKeyExchange", LAB_SIDE_CLIENT, LAB_SIDE_ATTACKER);
  g_assert_nonnull (key_exchange);
  g_assert_true (key_exchange->never_happened);
  g_assert_nonnull (find_step (steps, "ClientKeyExchange", LAB_SIDE_ATTACKER, LAB_SIDE_SERVER));
  for (guint i = 0; i < steps->len; i++)
    {
      const LabStep *step = g_ptr_array_index (steps, i);
      g_assert_true (step->never_happened == (step->event < 0));
      if (step->never_happened)
        g_assert_true (!g_str_equal (step->title, "ClientHello")
                       && !g_str_equal (step->title, "ServerHello")
                       && !g_str_equal (step->title, "Certificate"));
    }
  assert_columns_and_phases (steps);
}

static void
test_mitm_trusting_client_is_read (void)
{
  g_autoptr (LabScenario) scenario = lab_test_scenario (MITM_NO_VERIFY);
  g_autoptr (LabTrace) trace = lab_test_run (scenario, 0, FALSE);
  const LabOutcome *o = lab_trace_get_outcome (trace);
  const LabEvent *request = attacker_read (trace, LAB_DIRECTION_CLIENT_TO_SERVER);
  const LabEvent *response = attacker_read (trace, LAB_DIRECTION_SERVER_TO_CLIENT);
  g_autofree char *headline = lab_outcome_headline (o, FALSE);
  g_autofree char *banner = lab_outcome_interception (o);

  /* the TLS result is a success: that is the danger; the lab says what really happened */
  g_assert_cmpint (o->result, ==, LAB_RESULT_SUCCESS);
  g_assert_cmpstr (o->intercepted, ==, "GET / HTTP/1.1");
  g_assert_nonnull (request);
  g_assert_nonnull (response);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (request->bytes, NULL), "GET / HTTP/1.1\r\n"));
  g_assert_true (g_str_has_prefix (g_bytes_get_data (response->bytes, NULL), "HTTP/1.1 200 OK"));
  g_assert_nonnull (strstr (o->cause, "Mallory decrypted the request (\"GET / HTTP/1.1\")"));
  g_assert_nonnull (strstr (o->cause, "unable to get local issuer certificate (X509_V_ERR 20)"));
  g_assert_nonnull (strstr (o->cause, "RFC 5280 §6"));
  g_assert_nonnull (strstr (o->cause, "Mallory Root CA"));
  g_assert_cmpint (o->cause_event, ==, (int) request->seq);
  g_assert_cmpstr (banner, ==, "The attacker read the request: \"GET / HTTP/1.1\".");
  g_assert_true (g_str_has_prefix (headline, "Outcome: INTERCEPTED. The attacker read the "
                                             "request: \"GET / HTTP/1.1\"."));
}

/* Mallory opens its handshake with the server as soon as the ClientHello has come, and
 * passes each of its own messages on once the one it stands for has reached it: the two
 * handshakes go side by side, and the ladder is one handshake's phases, each once. */
static void
test_mitm_handshakes_in_step (void)
{
  g_autoptr (LabScenario) scenario = lab_test_scenario (MITM_NO_VERIFY);
  g_autoptr (LabTrace) trace = lab_test_run (scenario, 0, FALSE);
  g_autoptr (GPtrArray) steps = lab_steps_from_trace (trace);
  g_autoptr (GString) order = g_string_new (NULL);

  for (guint i = 0; i < steps->len; i++)
    {
      const LabStep *step = g_ptr_array_index (steps, i);
      g_autofree char *span = lab_step_span (step, ">");

      g_assert_false (step->never_happened);
      if (step->kind == LAB_STEP_TCP || step->kind == LAB_STEP_CLOSE)
        continue;
      g_string_append_printf (order, "%s%s %s", order->len ? ", " : "", span, step->title);
    }
  g_assert_cmpstr (
    order->str, ==,
    "client>Mallory ClientHello, Mallory>server ClientHello, server>Mallory ServerHello, "
    "Mallory>client ServerHello, server>Mallory Certificate, Mallory>client Certificate, "
    "server>Mallory ServerKeyExchange, Mallory>client ServerKeyExchange, "
    "server>Mallory ServerHelloDone, Mallory>client ServerHelloDone, "
    "client>Mallory ClientKeyExchange, Mallory>server ClientKeyExchange, "
    "client>Mallory ChangeCipherSpec, Mallory>server ChangeCipherSpec, "
    "client>Mallory Finished, Mallory>server Finished, server>Mallory ChangeCipherSpec, "
    "Mallory>client ChangeCipherSpec, server>Mallory Finished, Mallory>client Finished, "
    "client>Mallory Application data, Mallory>server Application data, "
    "server>Mallory Application data, Mallory>client Application data, "
    "client>Mallory close_notify, Mallory>client close_notify, "
    "Mallory>server close_notify, server>Mallory close_notify");
  assert_columns_and_phases (steps);
  /* each message Mallory sent was received as sent, on its own connection */
  for (guint i = 0; i < steps->len; i++)
    {
      const LabStep *step = g_ptr_array_index (steps, i);
      if (step->kind == LAB_STEP_MESSAGE)
        {
          g_assert_cmpint (step->received_event, >=, 0);
          g_assert_false (step->received_differs);
        }
    }
  /* the four TCP steps of each connection, in the order they must have come */
  {
    const LabStep *first = g_ptr_array_index (steps, 0), *second = g_ptr_array_index (steps, 1);
    const LabStep *third = g_ptr_array_index (steps, 2), *fourth = g_ptr_array_index (steps, 3);
    g_autofree char *a = lab_step_span (first, ">"), *b = lab_step_span (second, ">");
    g_autofree char *c = lab_step_span (third, ">"), *d = lab_step_span (fourth, ">");

    g_assert_cmpstr (first->title, ==, "TCP connect");
    g_assert_cmpstr (a, ==, "client>Mallory");
    g_assert_cmpstr (second->title, ==, "TCP accept");
    g_assert_cmpstr (b, ==, "Mallory>client");
    g_assert_cmpstr (third->title, ==, "TCP connect");
    g_assert_cmpstr (c, ==, "Mallory>server");
    g_assert_cmpstr (fourth->title, ==, "TCP accept");
    g_assert_cmpstr (d, ==, "server>Mallory");
  }
}

/* A client that resumes its session with Mallory makes Mallory resume its own with the
 * server: two abbreviated handshakes, still in step, and no run waits for ever when the
 * two handshakes differ in shape (a server that asks Mallory for a certificate). */
static void
test_mitm_resumes_and_other_shapes (void)
{
  g_autoptr (LabScenario) resume = lab_test_scenario (
    "[scenario]\ntitle = mitm\n[client]\nverify-peer = off\nresume = session-id\n"
    "[wire]\nattack = man-in-the-middle\n");
  g_autoptr (LabScenario) asks = lab_test_scenario (
    "[scenario]\ntitle = mitm\n[client]\nverify-peer = off\n[server]\n"
    "client-certificate = request\n[wire]\nattack = man-in-the-middle\n");
  g_autoptr (LabTrace) resumed = lab_test_run (resume, 0, FALSE);
  g_autoptr (LabTrace) asked = lab_test_run (asks, 0, FALSE);
  g_autoptr (GPtrArray) steps = lab_steps_from_trace (resumed);
  guint certificates = 0, second = 0;

  g_assert_cmpint (lab_trace_get_outcome (resumed)->result, ==, LAB_RESULT_SUCCESS);
  g_assert_nonnull (lab_trace_get_outcome (resumed)->intercepted);
  for (guint i = 0; i < steps->len; i++)
    {
      const LabStep *step = g_ptr_array_index (steps, i);
      if (step->connection == 1)
        {
          second++;
          certificates += g_str_equal (step->title, "Certificate");
        }
    }
  g_assert_cmpuint (second, >, 0);
  g_assert_cmpuint (certificates, ==, 0); /* both connections abbreviated */
  g_assert_cmpint (lab_trace_get_outcome (asked)->result, ==, LAB_RESULT_SUCCESS);
  g_assert_nonnull (lab_trace_get_outcome (asked)->intercepted);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mitm/verifying-client-refuses", test_mitm_verifying_client_refuses);
  g_test_add_func ("/mitm/trusting-client-is-read", test_mitm_trusting_client_is_read);
  g_test_add_func ("/mitm/handshakes-in-step", test_mitm_handshakes_in_step);
  g_test_add_func ("/mitm/resumes-and-other-shapes", test_mitm_resumes_and_other_shapes);
  return g_test_run ();
}
