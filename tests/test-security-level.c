/* Security level as a switch: `security-level = 0..5` on each side goes to
 * SSL_CTX_set_security_level, unset it leaves OpenSSL's own default (Debian builds it
 * with 2, upstream ships 1: HACKING.md, "Security level: Debian differs from upstream"),
 * and the same RSA-1024 certificate or 1024-bit DH group is refused at level 2 and
 * accepted at level 1, whatever the distribution's default. */
#include "engine/session/lab-peer-config.h"
#include "engine/session/lab-session.h"
#include "lab-test-util.h"
#include "engine/io/lab-ssl-autoptr.h"
#include "tls/lab-error.h"

#include <openssl/x509_vfy.h>

#define CLOCK G_GINT64_CONSTANT (1735689600)
#define WEAK_KEY(level)                                                                     \
  "[client]\ncipher-suites = ECDHE-RSA-AES128-GCM-SHA256\nsecurity-level = " level "\n"   \
  "[server]\ncertificate = weak-key\nkey-type = rsa-2048\n"
#define WEAK_DH(level)                                                                      \
  "[client]\ncipher-suites = DHE-RSA-AES128-GCM-SHA256\nsecurity-level = " level "\n"     \
  "[server]\nkey-type = rsa-2048\ndh-group = dh1024\n"

static LabScenario *
scenario (const char *body)
{
  g_autofree char *text = g_strdup_printf ("[scenario]\ntitle = level\n%s", body);
  return lab_test_scenario (text);
}

/* The level each side's context really has. */
static void
test_level_reaches_the_context (void)
{
  LabPkiOptions options = { .clock = CLOCK, .server_name = "server.handshake.lab" };
  g_autoptr (LabPki) pki = lab_pki_new (NULL, &options, NULL);
  g_autoptr (SSL_CTX) plain = SSL_CTX_new (TLS_method ());
  int openssl_default = SSL_CTX_get_security_level (plain);

  g_assert_nonnull (pki);
  for (int level = -1; level <= 3; level++)
    {
      g_autoptr (LabScenario) s = scenario ("");
      g_autoptr (SSL_CTX) client = NULL;
      g_autoptr (SSL_CTX) server = NULL;
      g_autoptr (GError) error = NULL;

      s->client.security_level = level;
      s->server.security_level = level < 0 ? -1 : 3 - level;
      client = lab_peer_ctx_new (s, pki, NULL, FALSE, CLOCK, &error);
      g_assert_no_error (error);
      server = lab_peer_ctx_new (s, pki, NULL, TRUE, CLOCK, &error);
      g_assert_no_error (error);
      g_assert_cmpint (SSL_CTX_get_security_level (client), ==,
                       level < 0 ? openssl_default : level);
      g_assert_cmpint (SSL_CTX_get_security_level (server), ==,
                       level < 0 ? openssl_default : 3 - level);
    }
}

static void
test_round_trip (void)
{
  g_autoptr (LabScenario) s = scenario ("[client]\nsecurity-level = 1\n");
  g_autofree char *client = lab_scenario_get_value (s, "client", "security-level");
  g_autofree char *server = lab_scenario_get_value (s, "server", "security-level");
  g_autoptr (GError) error = NULL;
  g_autofree char *five = NULL;

  g_assert_cmpstr (client, ==, "1");
  g_assert_cmpstr (server, ==, "default");
  g_assert_true (lab_scenario_set_value (s, "server", "security-level", "5", &error));
  five = lab_scenario_get_value (s, "server", "security-level");
  g_assert_cmpstr (five, ==, "5");
  g_assert_false (lab_scenario_set_value (s, "server", "security-level", "6", &error));
  g_assert_error (error, LAB_ERROR, LAB_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "'6' is not valid for security-level; expected one of: default, 0, 1, 2, 3, "
                   "4, 5");
  g_assert_true (lab_scenario_set_value (s, "server", "security-level", "default", NULL));
  g_assert_cmpint (s->server.security_level, ==, -1);
}

static const LabOutcome *
outcome_of (const char *body, LabTrace **trace)
{
  g_autoptr (LabScenario) s = scenario (body);

  *trace = lab_test_run (s, 5, TRUE);
  return lab_trace_get_outcome (*trace);
}

/* The same certificate and the same group, on either side of the line. */
static void
test_level_decides (void)
{
  static const struct
  {
    const char *body;
    LabResult result;
    int verify_error;
    const char *reason;
  } cases[] = {
    { WEAK_KEY ("2"), LAB_RESULT_ALERT, X509_V_ERR_EE_KEY_TOO_SMALL, NULL },
    { WEAK_KEY ("1"), LAB_RESULT_SUCCESS, 0, NULL },
    { WEAK_KEY ("0"), LAB_RESULT_SUCCESS, 0, NULL },
    { WEAK_DH ("2"), LAB_RESULT_ALERT, 0, "dh key too small" },
    { WEAK_DH ("1"), LAB_RESULT_SUCCESS, 0, NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (LabTrace) trace = NULL;
      const LabOutcome *o = outcome_of (cases[i].body, &trace);

      g_test_message ("case %" G_GSIZE_FORMAT ": %s", i, o->cause ? o->cause : "(no cause)");
      g_assert_cmpint (o->result, ==, cases[i].result);
      g_assert_cmpint (o->verify_error, ==, cases[i].verify_error);
      if (cases[i].reason != NULL)
        g_assert_cmpstr (o->reason, ==, cases[i].reason);
    }
}

/* Above what the server's key gives, no suite can work, and the cause says why. */
static void
test_level_above_the_key (void)
{
  g_autoptr (LabTrace) trace = NULL;
  const LabOutcome *o = outcome_of ("[client]\nsecurity-level = 4\n", &trace);

  g_assert_cmpint (o->result, ==, LAB_RESULT_ALERT);
  g_assert_cmpstr (lab_alert_lookup ((guint8) o->alert)->name, ==, "handshake_failure");
  g_assert_cmpint (o->sent_by, ==, LAB_SIDE_SERVER);
  lab_test_assert_contains (o->cause, "security level 4");
  lab_test_assert_contains (o->cause, "192 bits");
  lab_test_assert_contains (o->cause, "P-256 key gives about 128");
}

/* A level the scenario sets for the server is kept, even one its own weak certificate
 * fails: the run cannot be set up, and the error says why. */
static void
test_server_level_is_kept (void)
{
  g_autoptr (LabScenario) s = scenario (WEAK_KEY ("default") "security-level = 2\n");
  g_autoptr (GError) error = NULL;
  LabSessionOptions options = { .has_seed = TRUE, .seed = 5 };
  g_autoptr (LabTrace) trace = lab_session_run (s, &options, &error);

  g_assert_null (trace);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_CRYPTO);
  g_assert_cmpstr (error->message, ==,
                   "the server refuses to load its own certificate at security level 2: ee key "
                   "too small");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/security-level/context", test_level_reaches_the_context);
  g_test_add_func ("/security-level/round-trip", test_round_trip);
  g_test_add_func ("/security-level/decides", test_level_decides);
  g_test_add_func ("/security-level/above-the-key", test_level_above_the_key);
  g_test_add_func ("/security-level/server-kept", test_server_level_is_kept);
  return g_test_run ();
}
