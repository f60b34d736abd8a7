/* ALPN (RFC 7301): the client's protocols go into its ClientHello, the server picks by its
 * own preference and names its choice in the ServerHello; with nothing in common the
 * server sends a fatal no_application_protocol (120). */
#include "engine/session/lab-session.h"
#include "lab-test-util.h"
#include "tls/lab-dissect.h"

#define SERVER_PROTOCOL "ServerHello.extensions.application_layer_protocol_negotiation" \
                        ".protocol_name_list.protocol_name"

static LabTrace *
run (const char *client, const char *server)
{
  g_autofree char *text = g_strdup_printf ("[scenario]\ntitle = alpn\n[client]\nalpn = %s\n"
                                           "[server]\nalpn = %s\n",
                                           client, server);
  g_autoptr (LabScenario) scenario = lab_test_scenario (text);

  return lab_test_run (scenario, 12, TRUE);
}

/* The protocol the ServerHello names, or NULL when it has no ALPN extension. */
static char *
chosen (LabTrace *trace)
{
  const LabEvent *hello = lab_test_find_message (trace, LAB_SIDE_CLIENT, FALSE, "ServerHello");
  g_autoptr (LabField) tree = lab_dissect_message (hello->bytes, &(LabDissectOptions){ 0 });
  const LabField *protocol = lab_field_lookup (tree, SERVER_PROTOCOL);

  return protocol ? g_strdup (protocol->value) : NULL;
}

static const LabEvent *
lab_note (LabTrace *trace)
{
  return lab_test_find_event (trace, LAB_EVENT_STATE, "lab note", LAB_SIDE_LAB);
}

static void
test_server_preference_decides (void)
{
  static const struct
  {
    const char *client, *server, *chosen;
  } cases[] = {
    { "h2, http/1.1", "http/1.1", "http/1.1" },
    { "h2, http/1.1", "http/1.1, h2", "http/1.1" }, /* the server's order, not the client's */
    { "http/1.1, h2", "h2, http/1.1", "h2" },
    { "h2, http/1.1", "", NULL },                   /* a server without ALPN answers nothing */
    { "", "http/1.1", NULL },                       /* nothing asked, nothing answered */
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (LabTrace) trace = run (cases[i].client, cases[i].server);
      g_autofree char *protocol = chosen (trace);
      const LabEvent *sent = lab_test_find_message (trace, LAB_SIDE_SERVER, TRUE, "ServerHello");
      g_autofree char *facts = lab_dissect_message_summary (sent->bytes, NULL);

      g_assert_cmpint (lab_trace_get_outcome (trace)->result, ==, LAB_RESULT_SUCCESS);
      g_assert_cmpstr (protocol, ==, cases[i].chosen);
      if (cases[i].chosen != NULL)
        {
          g_autofree char *words = g_strdup_printf ("ALPN %s", cases[i].chosen);
          lab_test_assert_contains (facts, words);
        }
      /* the lab speaks HTTP/1.1, and says so when ALPN chose another protocol */
      if (g_strcmp0 (cases[i].chosen, "h2") == 0)
        lab_test_assert_contains (lab_note (trace)->detail, "speak only HTTP/1.1");
      else
        g_assert_null (lab_note (trace));
    }
}

static void
test_no_overlap (void)
{
  g_autoptr (LabTrace) trace = run ("h2", "http/1.1");
  const LabOutcome *o = lab_trace_get_outcome (trace);
  const LabEvent *alert = lab_test_find_event (trace, LAB_EVENT_ALERT, NULL, LAB_SIDE_SERVER);
  const LabEvent *cause = lab_test_cause_event (trace);

  g_assert_cmpint (o->result, ==, LAB_RESULT_ALERT);
  g_assert_cmpint (o->alert, ==, 120);
  g_assert_cmpstr (lab_alert_lookup (120)->name, ==, "no_application_protocol");
  g_assert_cmpint (o->sent_by, ==, LAB_SIDE_SERVER);
  g_assert_cmpint (alert->alert_level, ==, 2);
  g_assert_null (lab_test_find_event (trace, LAB_EVENT_MESSAGE, "ServerHello", LAB_SIDE_SERVER));
  g_assert_cmpint (cause->handshake_type, ==, LAB_HS_CLIENT_HELLO);
  lab_test_assert_contains (o->cause, "offered h2");
  lab_test_assert_contains (o->cause, "only http/1.1");
  lab_test_assert_contains (o->cause, "RFC 7301 §3.2");
}

static void
test_round_trip_and_bad (void)
{
  g_autoptr (LabScenario) s = lab_test_scenario ("[scenario]\ntitle = x\n[client]\n"
                                                 "alpn = h2 http/1.1\n");
  g_autofree char *value = lab_scenario_get_value (s, "client", "alpn");
  g_autofree char *long_name = g_strnfill (256, 'a');
  g_autoptr (GError) error = NULL;

  g_assert_cmpstr (value, ==, "h2, http/1.1");
  /* RFC 7301 §3.1: a protocol name is 1 to 255 bytes */
  g_assert_false (lab_scenario_set_value (s, "server", "alpn", long_name, &error));
  g_assert_true (g_str_has_prefix (error->message, "a protocol name is at most 255 bytes: 'aaa"));
  lab_test_assert_contains (error->message, "' is not valid for alpn; expected application "
                                            "protocol names such as h2, http/1.1, or nothing");
  g_clear_error (&error);
  g_assert_false (lab_scenario_set_value (s, "server", "alpn", "h2, h\001", &error));
  g_assert_cmpstr (error->message, ==, "'h\001' is not a protocol name: 'h2, h\001' is not "
                                       "valid for alpn; expected application protocol names "
                                       "such as h2, http/1.1, or nothing");
  g_assert_true (lab_scenario_set_value (s, "client", "alpn", "", NULL));
  g_assert_null (s->client.alpn);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/alpn/server-preference", test_server_preference_decides);
  g_test_add_func ("/alpn/no-overlap", test_no_overlap);
  g_test_add_func ("/alpn/round-trip", test_round_trip_and_bad);
  return g_test_run ();
}
