/* Scenario files: what an instructor writes loads, and every mistake is named with its
 * file and line. */
#include "engine/scenario/lab-scenario.h"
#include "lab-test-util.h"
#include "tls/lab-error.h"

#include <glib/gstdio.h>
#include <string.h>

static void
test_scenario_loads_all_keys (void)
{
  const char *text = "# a comment\n[scenario]\ntitle = Full\ndescription = All keys\n"
                     "seed = 12345\nclock = 2025-03-01T12:00:00Z\n\n"
                     "[client]\ncipher-suites = ECDHE-RSA-AES128-GCM-SHA256:TLS_RSA_WITH_AES_128_CBC_SHA\n"
                     "server-name = www.example.org\ncertificate = none\n"
                     "[server]\ncipher-suites = AES128-SHA; ECDHE-RSA-AES128-GCM-SHA256\n"
                     "certificate = valid\nkey-type = rsa-2048\n"
                     "[expect]\noutcome = alert\nalert = bad_record_mac\nsent-by = server\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (LabScenario) s = lab_scenario_load_data ("full.scenario", text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_cmpstr (s->title, ==, "Full");
  g_assert_true (s->has_seed);
  g_assert_cmpuint (s->seed, ==, 12345);
  g_assert_true (s->has_clock);
  g_assert_cmpint (s->clock, ==, 1740830400);
  g_assert_cmpstr (s->client.cipher_suites, ==, "ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA");
  g_assert_cmpstr (s->server.cipher_suites, ==, "AES128-SHA:ECDHE-RSA-AES128-GCM-SHA256");
  g_assert_cmpstr (s->server_name, ==, "www.example.org");
  g_assert_cmpint (s->client.certificate, ==, -1);
  g_assert_cmpint (s->key_type, ==, LAB_KEY_RSA_2048);
  g_assert_true (s->has_expect);
  g_assert_cmpint (s->expect_result, ==, LAB_RESULT_ALERT);
  g_assert_cmpint (s->expect_alert, ==, 20);
  g_assert_cmpint (s->expect_sent_by, ==, LAB_SIDE_SERVER);
}

static void
test_scenario_builtin_default (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LabScenario) s = lab_scenario_load_builtin ("default", &error);
  g_auto (GStrv) names = lab_scenario_list_builtin ();

  g_assert_no_error (error);
  g_assert_cmpstr (s->client.cipher_suites, ==, "ECDHE-ECDSA-AES128-GCM-SHA256");
  g_assert_true (g_strv_contains ((const char *const *) names, "default"));
  g_assert_null (lab_scenario_load_builtin ("no-such-scenario", &error));
  g_assert_error (error, LAB_ERROR, LAB_ERROR_NOT_FOUND);
}

/* A scenario names its topic, and says in a few words what it expects. */
static void
test_scenario_topic_and_expect_summary (void)
{
  static const struct
  {
    const char *expect, *summary;
  } cases[] = {
    { "", NULL },
    { "[expect]\noutcome = success\n", "succeeds" },
    { "[expect]\noutcome = alert\n", "alert" },
    { "[expect]\noutcome = alert\nalert = certificate_expired\nsent-by = client\n",
      "alert certificate_expired from the client" },
    { "[expect]\noutcome = timeout\n", "times out" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text
        = g_strconcat ("[scenario]\ntitle = x\ntopic = key-exchange\n", cases[i].expect, NULL);
      g_autoptr (GError) error = NULL;
      g_autoptr (LabScenario) s = lab_scenario_load_data ("t.scenario", text, strlen (text), &error);
      g_autoptr (LabScenario) copy = NULL;
      g_autofree char *summary = NULL;

      g_assert_no_error (error);
      copy = lab_scenario_copy (s);
      g_assert_cmpstr (copy->topic, ==, "key-exchange");
      summary = lab_scenario_expect_summary (copy);
      g_assert_cmpstr (summary, ==, cases[i].summary);
    }
  g_assert_cmpstr (lab_scenario_topic_at (0)->name, ==, "negotiation");
  g_assert_null (lab_scenario_topic_at (6));
}

static const LabTestBadScenario bad_scenarios[] = {
  { "unknown-key", "[scenario]\ntitle = x\ncolour = red\n",
    "bad.scenario:3: unknown key 'colour' in [scenario]; known keys: title, description, topic, "
    "seed, clock, timeout" },
  { "unknown-group", "[scenario]\ntitle = x\n\n[attacker]\nmode = on\n",
    "bad.scenario:4: unknown group [attacker]; expected [scenario], [client], [server], [wire], "
    "[tamper N] or [expect]" },
  { "bad-seed", "[scenario]\ntitle = x\nseed = -4\n",
    "bad.scenario:3: '-4' is not valid for seed; expected a whole number from 0 to "
    "18446744073709551615 (or 0x hex)" },
  { "bad-clock", "[scenario]\ntitle = x\nclock = yesterday\n",
    "bad.scenario:3: 'yesterday' is not valid for clock; expected 'now', an ISO 8601 time such "
    "as 2025-03-01T12:00:00Z, or Unix seconds" },
  { "unknown-suite", "[scenario]\ntitle = x\n[client]\ncipher-suites = AES128-SHA:RC4-MD5\n",
    "bad.scenario:4: unknown cipher suite 'RC4-MD5': 'AES128-SHA:RC4-MD5' is not valid for "
    "cipher-suites; expected TLS 1.2 cipher suites by OpenSSL or IANA name, separated by ':'" },
  { "bad-topic", "[scenario]\ntitle = x\ntopic = ciphers\n",
    "bad.scenario:3: 'ciphers' is not valid for topic; expected one of: negotiation, "
    "certificates, key-exchange, client-authentication, resumption, wire" },
  { "bad-key-type", "[scenario]\ntitle = x\n[server]\nkey-type = dsa\n",
    "bad.scenario:4: 'dsa' is not valid for key-type; expected one of: ecdsa-p256, rsa-2048" },
  { "bad-alert", "[scenario]\ntitle = x\n[expect]\noutcome = alert\nalert = certificate_old\n",
    "bad.scenario:5: 'certificate_old' is not valid for alert; expected an alert's RFC 5246 "
    "name such as certificate_expired or bad_record_mac" },
  { "alert-without-outcome", "[scenario]\ntitle = x\n[expect]\nalert = bad_record_mac\n",
    "bad.scenario:4: [expect] names an alert but no 'outcome = alert'" },
  { "contradiction", "[scenario]\ntitle = x\n[expect]\noutcome = success\nsent-by = client\n",
    "bad.scenario:5: an alert is expected, but outcome is 'success'; write 'outcome = alert' "
    "or remove this line" },
  { "duplicate-key", "[scenario]\ntitle = x\ntitle = y\n",
    "bad.scenario:3: key 'title' appears twice in [scenario] (first at line 2)" },
  { "not-a-pair", "[scenario]\ntitle = x\njust words\n",
    "bad.scenario:3: expected 'key = value', a [group], or a # comment" },
  { "key-before-group", "title = x\n[scenario]\n",
    "bad.scenario:1: key 'title' comes before any [group]" },
  { "missing-title", "[scenario]\ndescription = none\n",
    "bad.scenario:1: [scenario] needs a title" },
  { "no-scenario-group", "[client]\nserver-name = a.b\n",
    "bad.scenario:1: a scenario needs a [scenario] group with a title" },
  { "bad-server-name", "[scenario]\ntitle = x\n[client]\nserver-name = a b\n",
    "bad.scenario:4: ' ' cannot be in a host name (letters, digits, hyphens and dots only; RFC "
    "1123 §2.1): 'a b' is not valid for server-name; expected a host name such as "
    "server.handshake.lab: labels of letters, digits and hyphens, at most 63 characters each and "
    "64 in all" },
  { "binary", "[scenario]\ntitle = \xff\xfe\n",
    "bad.scenario: not a text file (it contains bytes that are not UTF-8 text)" },
};

static void
test_scenario_files_on_disk (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lab-scenario-XXXXXX", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.scenario", NULL);

  g_assert_null (lab_scenario_load_file ("/nonexistent/x.scenario", &error));
  g_assert_error (error, LAB_ERROR, LAB_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nonexistent/x.scenario"));
  g_clear_error (&error);

  g_assert_null (lab_scenario_load_file (dir, &error));
  g_assert_error (error, LAB_ERROR, LAB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "is a directory"));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  g_assert_null (lab_scenario_load_file (empty, &error));
  g_assert_error (error, LAB_ERROR, LAB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "empty.scenario:1: a scenario needs a [scenario]"));
  g_remove (empty);
  g_rmdir (dir);
}

static void
test_scenario_settings_round_trip (void)
{
  g_autoptr (LabScenario) s = lab_scenario_new_default ();
  g_autoptr (GError) error = NULL;
  g_autofree char *key_type = NULL;
  gsize n = 0, in_panel = 0;

  for (const LabSetting *setting; (setting = lab_scenario_setting_at (n)) != NULL; n++)
    {
      g_autofree char *value = lab_scenario_get_value (s, setting->group, setting->key);
      g_assert_nonnull (value);
      in_panel += setting->in_panel;
      if (setting->kind == LAB_SETTING_CHOICE)
        g_assert_nonnull (setting->choices);
    }
  g_assert_cmpuint (n, >=, 13);
  g_assert_cmpuint (in_panel, >=, 6);

  g_assert_true (lab_scenario_set_value (s, "server", "key-type", "rsa-2048", &error));
  g_assert_no_error (error);
  key_type = lab_scenario_get_value (s, "server", "key-type");
  g_assert_cmpstr (key_type, ==, "rsa-2048");

  /* a bad value is refused with the file reader's words and changes nothing */
  g_assert_false (lab_scenario_set_value (s, "client", "cipher-suites", "AES128-SHA:NOPE", &error));
  g_assert_error (error, LAB_ERROR, LAB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "unknown cipher suite 'NOPE'"));
  g_assert_null (s->client.cipher_suites);
  g_clear_error (&error);
  g_assert_false (lab_scenario_set_value (s, "client", "colour", "red", &error));
  g_assert_error (error, LAB_ERROR, LAB_ERROR_NOT_FOUND);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/scenario/loads-all-keys", test_scenario_loads_all_keys);
  g_test_add_func ("/scenario/builtin-default", test_scenario_builtin_default);
  g_test_add_func ("/scenario/topic-and-expect-summary", test_scenario_topic_and_expect_summary);
  lab_test_add_bad_scenarios ("/scenario/bad", bad_scenarios, G_N_ELEMENTS (bad_scenarios));
  g_test_add_func ("/scenario/files-on-disk", test_scenario_files_on_disk);
  g_test_add_func ("/scenario/settings-round-trip", test_scenario_settings_round_trip);
  return g_test_run ();
}
