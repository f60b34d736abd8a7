/* SNI (RFC 6066 §3): a server with certificates for several names picks one by the name
 * the client asked for, and answers with an empty server_name extension; a name it has no
 * certificate for gets the first name's certificate and no answer, or a fatal
 * unrecognized_name alert. A server without names neither reads nor answers server_name. */
#include "engine/pki/lab-pki.h"
#include "engine/session/lab-session.h"
#include "lab-test-util.h"
#include "tls/lab-dissect.h"
#include "tls/lab-error.h"

#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#define NAMES "[server]\nnames = server.handshake.lab, mail.handshake.lab\n"

static LabTrace *
run (const char *asked, const char *server)
{
  g_autofree char *text = g_strdup_printf ("[scenario]\ntitle = sni\n[client]\nserver-name = %s\n%s",
                                           asked, server);
  g_autoptr (LabScenario) scenario = lab_test_scenario (text);

  return lab_test_run (scenario, 11, TRUE);
}

static LabField *
tree_of (const LabEvent *message)
{
  return lab_dissect_message (message->bytes, &(LabDissectOptions){ 0 });
}

/* Did the server answer server_name in the ServerHello it sent? Its extension is empty
 * when it does (RFC 6066 §3). */
static gboolean
server_answered_name (LabTrace *trace)
{
  const LabEvent *hello = lab_test_find_message (trace, LAB_SIDE_SERVER, TRUE, "ServerHello");
  g_autoptr (LabField) tree = tree_of (hello);
  const LabField *ext = lab_field_lookup (tree, "ServerHello.extensions.server_name");
  const LabField *length = lab_field_lookup (tree, "ServerHello.extensions.server_name.length");

  if (ext == NULL)
    return FALSE;
  g_assert_nonnull (length);
  g_assert_cmpuint (length->number, ==, 0);
  return TRUE;
}

/* The common name of the certificate the server sent. */
static char *
sent_common_name (LabTrace *trace)
{
  const LabEvent *certificate = lab_test_find_message (trace, LAB_SIDE_SERVER, TRUE,
                                                       "Certificate");
  g_autoptr (LabField) tree = tree_of (certificate);
  const LabField *subject = lab_field_lookup (
    tree, "Certificate.certificate_list.certificate.tbs_certificate.subject");

  g_assert_nonnull (subject);
  return g_strdup (subject->value);
}

static void
test_picks_by_name (void)
{
  static const struct
  {
    const char *asked;
    const char *subject;
  } cases[] = {
    { "server.handshake.lab", "CN=server.handshake.lab" },
    { "mail.handshake.lab", "CN=mail.handshake.lab" },
    /* names are compared without regard to case (RFC 6066 §3, RFC 4343) */
    { "MAIL.Handshake.lab", "CN=mail.handshake.lab" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (LabTrace) trace = run (cases[i].asked, NAMES);
      g_autofree char *subject = sent_common_name (trace);

      g_assert_cmpint (lab_trace_get_outcome (trace)->result, ==, LAB_RESULT_SUCCESS);
      lab_test_assert_contains (subject, cases[i].subject);
      g_assert_true (server_answered_name (trace));
    }
}

/* The default scenario's server has one certificate and ignores the name: no answer,
 * although the client sent one. */
static void
test_one_certificate_ignores_name (void)
{
  g_autoptr (LabTrace) trace = run ("www.example.lab", "");
  const LabEvent *hello = lab_test_find_message (trace, LAB_SIDE_CLIENT, TRUE, "ClientHello");
  g_autoptr (LabField) tree = tree_of (hello);

  g_assert_nonnull (lab_field_lookup (tree, "ClientHello.extensions.server_name"));
  g_assert_cmpint (lab_trace_get_outcome (trace)->result, ==, LAB_RESULT_SUCCESS);
  g_assert_false (server_answered_name (trace));
}

static void
test_unknown_name_default_certificate (void)
{
  g_autoptr (LabTrace) trace = run ("www.unknown.lab", NAMES "unknown-name = default-certificate\n");
  const LabOutcome *o = lab_trace_get_outcome (trace);
  g_autofree char *subject = sent_common_name (trace);

  lab_test_assert_contains (subject, "CN=server.handshake.lab");
  g_assert_false (server_answered_name (trace));
  g_assert_cmpint (o->result, ==, LAB_RESULT_ALERT);
  g_assert_cmpstr (lab_alert_lookup ((guint8) o->alert)->name, ==, "bad_certificate");
  g_assert_cmpint (o->sent_by, ==, LAB_SIDE_CLIENT);
  g_assert_cmpint (o->verify_error, ==, X509_V_ERR_HOSTNAME_MISMATCH);
  lab_test_assert_contains (o->cause, "asked for www.unknown.lab");
  lab_test_assert_contains (o->cause, "certificates for server.handshake.lab and "
                                      "mail.handshake.lab only");
  lab_test_assert_contains (o->cause, "left server_name unanswered");
}

static void
test_unknown_name_alert (void)
{
  g_autoptr (LabTrace) trace = run ("www.unknown.lab", NAMES "unknown-name = alert\n");
  const LabOutcome *o = lab_trace_get_outcome (trace);
  const LabEvent *cause = lab_test_cause_event (trace);
  const LabEvent *alert = lab_test_find_event (trace, LAB_EVENT_ALERT, NULL, LAB_SIDE_SERVER);

  g_assert_cmpint (o->result, ==, LAB_RESULT_ALERT);
  g_assert_cmpint (o->alert, ==, 112);
  g_assert_cmpstr (lab_alert_lookup (112)->name, ==, "unrecognized_name");
  g_assert_cmpint (o->sent_by, ==, LAB_SIDE_SERVER);
  g_assert_nonnull (alert);
  g_assert_cmpint (alert->alert_level, ==, 2); /* fatal, as RFC 6066 §3 recommends */
  /* nothing after the ClientHello: no ServerHello at all */
  g_assert_null (lab_test_find_event (trace, LAB_EVENT_MESSAGE, "ServerHello", LAB_SIDE_SERVER));
  g_assert_cmpint (cause->kind, ==, LAB_EVENT_MESSAGE);
  g_assert_cmpint (cause->handshake_type, ==, LAB_HS_CLIENT_HELLO);
  lab_test_assert_contains (o->cause, "asked for www.unknown.lab");
  lab_test_assert_contains (o->cause, "unrecognized_name (112)");
}

/* Resuming a session by its ID: the client asks for the name again, but "when resuming
 * a session, the server MUST NOT include a server_name extension in the server hello"
 * (RFC 6066 §3), and OpenSSL does not. */
static void
test_resumed_connection_answers_too (void)
{
  g_autoptr (LabTrace) trace = run ("mail.handshake.lab", "resume = session-id\n" NAMES);
  guint answered = 0;

  g_assert_cmpint (lab_trace_get_outcome (trace)->result, ==, LAB_RESULT_SUCCESS);
  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      g_autoptr (LabField) tree = NULL;

      if (e->kind != LAB_EVENT_MESSAGE || e->side != LAB_SIDE_SERVER || !e->sent
          || e->handshake_type != LAB_HS_SERVER_HELLO)
        continue;
      tree = tree_of (e);
      answered += lab_field_lookup (tree, "ServerHello.extensions.server_name") != NULL;
    }
  g_assert_cmpuint (answered, ==, 1);
}

/* The certificates: one per name, each its own key and serial, all under the lab's CA. */
static void
test_one_leaf_per_name (void)
{
  const char *const more[] = { "mail.handshake.lab", "www.handshake.lab", NULL };
  LabPkiOptions options = { .clock = 1735689600, .server_name = "server.handshake.lab",
                            .more_server_names = more };
  g_autoptr (GError) error = NULL;
  g_autoptr (LabPki) pki = lab_pki_new (NULL, &options, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (pki->more_servers->len, ==, 2);
  g_assert_true (lab_pki_server_leaf_for (pki, "SERVER.handshake.lab") == &pki->server);
  g_assert_null (lab_pki_server_leaf_for (pki, "other.handshake.lab"));
  for (guint i = 0; i < 2; i++)
    {
      const LabPkiLeaf *leaf = g_ptr_array_index (pki->more_servers, i);

      g_assert_true (lab_pki_server_leaf_for (pki, more[i]) == leaf);
      g_assert_cmpint (X509_check_host (leaf->cert, more[i], 0, 0, NULL), ==, 1);
      g_assert_cmpint (X509_check_host (leaf->cert, "server.handshake.lab", 0, 0, NULL), ==, 0);
      g_assert_cmpint (X509_verify (leaf->cert, X509_get0_pubkey (pki->intermediate)), ==, 1);
      g_assert_cmpint (ASN1_INTEGER_cmp (X509_get0_serialNumber (leaf->cert),
                                         X509_get0_serialNumber (pki->server.cert)), !=, 0);
      g_assert_cmpint (EVP_PKEY_eq (leaf->key, pki->server.key), !=, 1);
    }
}

static const LabTestBadScenario bad[] = {
  { "not-a-name", "[scenario]\ntitle = x\n[server]\nnames = server.handshake.lab, mail_box\n",
    "bad.scenario:4: 'mail_box': '_' cannot be in a host name (letters, digits, hyphens and "
    "dots only; RFC 1123 §2.1): 'server.handshake.lab, mail_box' is not valid "
    "for names; expected up to 8 DNS names separated by ',' (the first is the default "
    "certificate), or nothing" },
  { "twice", "[scenario]\ntitle = x\n[server]\nnames = a.lab, b.lab, A.lab\n",
    "bad.scenario:4: 'A.lab' is named twice: 'a.lab, b.lab, A.lab' is not valid for names; "
    "expected up to 8 DNS names separated by ',' (the first is the default certificate), or "
    "nothing" },
  { "too-many", "[scenario]\ntitle = x\n[server]\nnames = a, b, c, d, e, f, g, h, i\n",
    "bad.scenario:4: more than 8 names: 'a, b, c, d, e, f, g, h, i' is not valid for names; "
    "expected up to 8 DNS names separated by ',' (the first is the default certificate), or "
    "nothing" },
  { "policy", "[scenario]\ntitle = x\n[server]\nunknown-name = ignore\n",
    "bad.scenario:4: 'ignore' is not valid for unknown-name; expected one of: "
    "default-certificate, alert" },
};

static void
test_round_trip (void)
{
  g_autoptr (LabScenario) s = lab_test_scenario ("[scenario]\ntitle = x\n[server]\n"
                                                 "names = a.lab:b.lab\n");
  g_autofree char *names = lab_scenario_get_value (s, "server", "names");
  g_autofree char *policy = lab_scenario_get_value (s, "server", "unknown-name");
  g_autofree char *none = NULL;

  g_assert_cmpstr (names, ==, "a.lab, b.lab");
  g_assert_cmpstr (policy, ==, "default-certificate");
  g_assert_true (lab_scenario_set_value (s, "server", "names", "", NULL));
  g_assert_null (s->server_names);
  none = lab_scenario_get_value (s, "server", "names");
  g_assert_cmpstr (none, ==, "");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sni/picks-by-name", test_picks_by_name);
  g_test_add_func ("/sni/one-certificate-ignores-name", test_one_certificate_ignores_name);
  g_test_add_func ("/sni/unknown-name/default-certificate", test_unknown_name_default_certificate);
  g_test_add_func ("/sni/unknown-name/alert", test_unknown_name_alert);
  g_test_add_func ("/sni/resumed", test_resumed_connection_answers_too);
  g_test_add_func ("/sni/one-leaf-per-name", test_one_leaf_per_name);
  g_test_add_func ("/sni/round-trip", test_round_trip);
  lab_test_add_bad_scenarios ("/sni/bad", bad, G_N_ELEMENTS (bad));
  return g_test_run ();
}
