/* `handshake-lab run`: the ladder, the JSON trace, and the exit statuses. */
#include "lab-test-util.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

static char *
write_temp (const char *name, const char *text)
{
  g_autofree char *dir = g_dir_make_tmp ("lab-cli-XXXXXX", NULL);
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static void
test_cli_run_default_ladder (void)
{
  const char *argv[] = { "run", NULL };
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (lab_test_spawn (argv, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "A healthy handshake"));
  g_assert_nonnull (strstr (out, "negotiation"));
  g_assert_nonnull (strstr (out, "client → server  ClientHello"));
  g_assert_nonnull (strstr (out, "server → client  ServerKeyExchange"));
  g_assert_nonnull (strstr (out, "Outcome: success"));
}

static void
test_cli_run_json (void)
{
  const char *argv[] = { "run", "--json", "--seed", "1", NULL };
  g_autofree char *out = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonObject *root, *outcome;
  JsonArray *events;
  gboolean saw_client_hello = FALSE, saw_record = FALSE;
  GHashTable *kinds = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpint (lab_test_spawn (argv, &out, NULL), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (root, "scenario"),
                                               "seed"), ==, 1);
  outcome = json_object_get_object_member (root, "outcome");
  g_assert_cmpstr (json_object_get_string_member (outcome, "result"), ==, "success");
  g_assert_true (json_object_has_member (outcome, "alert"));
  events = json_object_get_array_member (root, "events");
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *e = json_array_get_object_element (events, i);
      const char *kind = json_object_get_string_member (e, "kind");

      g_assert_cmpint (json_object_get_int_member (e, "seq"), ==, i);
      g_assert_true (json_object_has_member (e, "side"));
      g_assert_true (json_object_has_member (e, "phase"));
      g_hash_table_add (kinds, (gpointer) kind);
      if (g_str_equal (kind, "record"))
        {
          saw_record = TRUE;
          g_assert_true (g_str_has_suffix (json_object_get_string_member (e, "direction"),
                                           "-to-server")
                         || g_str_has_suffix (json_object_get_string_member (e, "direction"),
                                              "-to-client"));
          g_assert_cmpuint (strlen (json_object_get_string_member (e, "bytes")), >=, 10);
        }
      if (g_str_equal (kind, "message")
          && g_str_equal (json_object_get_string_member (e, "name"), "ClientHello"))
        {
          saw_client_hello = TRUE;
          g_assert_true (g_str_has_prefix (json_object_get_string_member (e, "bytes"), "010000"));
        }
    }
  g_assert_true (saw_client_hello);
  g_assert_true (saw_record);
  for (const char *const *k = (const char *const[]){ "tcp", "record", "message", "ccs", "alert",
                                                     "state", "verify", "keylog", "app-data",
                                                     "outcome", NULL };
       *k; k++)
    g_assert_true (g_hash_table_contains (kinds, *k));
  g_hash_table_unref (kinds);
}

static void
test_cli_run_alert_scenario (void)
{
  g_autofree char *path = write_temp ("nocipher.scenario",
    "[scenario]\ntitle = No shared suite\n[client]\ncipher-suites = AES128-SHA\n"
    "[server]\ncipher-suites = ECDHE-ECDSA-AES128-GCM-SHA256\n"
    "[expect]\noutcome = alert\nalert = handshake_failure\nsent-by = server\n");
  const char *argv[] = { "run", path, NULL };
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (lab_test_spawn (argv, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Outcome: alert handshake_failure (40), sent by the server: "
                                 "no shared cipher."));
}

/* The shipped man in the middle scenarios: Mallory's own messages on the ladder, on their
 * connections, and an interception said to be one. */
static void
test_cli_run_man_in_the_middle (void)
{
  g_autofree char *refused = g_build_filename (lab_test_source_dir (), "lessons", "scenarios",
                                               "man-in-the-middle.scenario", NULL);
  g_autofree char *read = g_build_filename (lab_test_source_dir (), "lessons", "scenarios",
                                            "man-in-the-middle-no-verify.scenario", NULL);
  const char *refused_argv[] = { "run", refused, NULL };
  const char *read_argv[] = { "run", read, NULL };
  const char *json_argv[] = { "run", "--json", read, NULL };
  g_autofree char *out = NULL, *out2 = NULL, *json = NULL;

  g_assert_cmpint (lab_test_spawn (refused_argv, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "client → Mallory ClientHello"));
  g_assert_nonnull (strstr (out, "Mallory → server ClientHello"));
  g_assert_nonnull (strstr (out, "server → Mallory ServerHello"));
  g_assert_nonnull (strstr (out, "Mallory → client ServerHello"));
  g_assert_nonnull (strstr (out, "Mallory → client Certificate"));
  g_assert_nonnull (strstr (out, "Mallory's own chain, not the server's"));
  g_assert_nonnull (strstr (out, "client → Mallory unknown_ca"));
  g_assert_nonnull (strstr (out, "ClientKeyExchange (client → Mallory)")); /* never sent */
  g_assert_null (strstr (out, "ServerHello (")); /* what happened is not "never sent" */
  g_assert_null (strstr (out, "Certificate ("));
  g_assert_nonnull (strstr (out, "Outcome: alert unknown_ca (48), sent by the client"));
  g_assert_nonnull (strstr (out, "Mallory learned no key and read nothing."));

  g_assert_cmpint (lab_test_spawn (read_argv, &out2, NULL), ==, 0);
  g_assert_nonnull (strstr (out2, "Mallory → server ClientKeyExchange"));
  g_assert_nonnull (strstr (out2, "client → Mallory Application data     GET / HTTP/1.1 (92 bytes)"
                                  "  ⚠ Mallory read it in the clear"));
  g_assert_nonnull (strstr (out2, "Outcome: INTERCEPTED. The attacker read the request: "
                                  "\"GET / HTTP/1.1\""));
  g_assert_null (strstr (out2, "Outcome: success"));
  g_assert_null (strstr (out2, "agreed on keys"));

  g_assert_cmpint (lab_test_spawn (json_argv, &json, NULL), ==, 0);
  g_assert_nonnull (strstr (json, "\"intercepted\" : \"GET / HTTP/1.1\""));
  g_assert_nonnull (strstr (json, "\"side\" : \"attacker\""));
}

/* `run --json` of a successful handshake, for every family of suites the lab ships: every
 * secret says what shows it is the value OpenSSL used, and none is left without evidence;
 * `run --keys` prints the same for each value, `run` a one-line summary. */
typedef struct
{
  const char *family;
  const char *suite;
  const char *key_type;
  const char *client_extra;
} Family;

static void
test_cli_run_every_secret_checked (gconstpointer data)
{
  const Family *f = data;
  g_autofree char *text = g_strdup_printf (
    "[scenario]\ntitle = %s\nseed = 3\n[client]\ncipher-suites = %s\n%s[server]\n"
    "key-type = %s\n[expect]\noutcome = success\n",
    f->family, f->suite, f->client_extra, f->key_type);
  g_autofree char *path = write_temp ("family.scenario", text);
  const char *json_argv[] = { "run", "--json", path, NULL };
  const char *keys_argv[] = { "run", "--keys", path, NULL };
  const char *plain_argv[] = { "run", path, NULL };
  g_autofree char *out = NULL, *keys = NULL, *plain = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonArray *events;
  guint secrets = 0, opened = 0, implied = 0, matches = 0;

  g_assert_cmpint (lab_test_spawn (json_argv, &out, NULL), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  events = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                         "events");
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *e = json_array_get_object_element (events, i);
      const char *match;

      if (!g_str_equal (json_object_get_string_member (e, "kind"), "secret"))
        continue;
      secrets++;
      match = json_object_get_string_member (e, "match");
      g_test_message ("%s %s: %s", json_object_get_string_member (e, "side"),
                      json_object_get_string_member (e, "name"), match);
      matches += g_str_equal (match, "matches");
      implied += g_str_equal (match, "implied-by-master-secret");
      opened += g_str_has_prefix (match, "opened-record");
      g_assert_true (g_str_equal (match, "matches")
                     || g_str_equal (match, "implied-by-master-secret")
                     || g_str_has_prefix (match, "opened-record ")
                     || g_str_has_prefix (match, "opened-records "));
    }
  g_assert_cmpuint (secrets, ==, matches + implied + opened);
  g_assert_cmpuint (matches, >=, 4);  /* both master secrets and both verify_data */
  g_assert_cmpuint (implied, >=, 1);  /* the pre-master secret (or the RSA key log's) */
  g_assert_cmpuint (opened, >=, 10);  /* both key blocks and their parts */
  g_assert_null (strstr (out, "not-checked"));
  g_assert_null (strstr (out, "no-evidence"));

  g_assert_cmpint (lab_test_spawn (keys_argv, &keys, NULL), ==, 0);
  g_assert_nonnull (strstr (keys, "Keys, the client's view:"));
  g_assert_nonnull (strstr (keys, "Keys, the server's view:"));
  g_assert_nonnull (strstr (keys, "matches: equals OpenSSL's own (SSL_SESSION_get_master_key)"));
  g_assert_nonnull (strstr (keys, "client_write_key"));
  g_assert_nonnull (strstr (keys, ": opened the client's Finished record (event "));
  g_assert_cmpint (lab_test_spawn (plain_argv, &plain, NULL), ==, 0);
  g_assert_nonnull (strstr (plain, "Secrets: "));
  g_assert_null (strstr (plain, "no evidence"));
}

static void
test_cli_run_expectation_mismatch_exits_1 (void)
{
  g_autofree char *path = write_temp ("wrong.scenario",
    "[scenario]\ntitle = Wrong expectation\n[expect]\noutcome = alert\n"
    "alert = certificate_expired\n");
  const char *argv[] = { "run", path, NULL };
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (lab_test_spawn (argv, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "did not behave as [expect] says: expected alert, got success"));
}

static void
test_cli_run_bad_input_exits_2 (void)
{
  g_autofree char *path = write_temp ("bad.scenario", "[scenario]\ntitle = x\nflavour = 1\n");
  const char *bad_key[] = { "run", path, NULL };
  const char *missing[] = { "run", "/nonexistent.scenario", NULL };
  const char *bad_seed[] = { "run", "--seed", "banana", NULL };
  const char *two_files[] = { "run", path, path, NULL };
  const char *bad_option[] = { "run", "--frobnicate", NULL };
  const char *unknown_command[] = { "frobnicate", NULL };
  g_autofree char *err = NULL;

  g_assert_cmpint (lab_test_spawn (bad_key, NULL, &err), ==, 2);
  g_assert_nonnull (strstr (err, "bad.scenario:3: unknown key 'flavour' in [scenario]"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (lab_test_spawn (missing, NULL, &err), ==, 2);
  g_assert_nonnull (strstr (err, "/nonexistent.scenario"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (lab_test_spawn (bad_seed, NULL, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--seed: 'banana' is not a whole number"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (lab_test_spawn (two_files, NULL, NULL), ==, 2);
  g_assert_cmpint (lab_test_spawn (bad_option, NULL, NULL), ==, 2);
  g_assert_cmpint (lab_test_spawn (unknown_command, NULL, NULL), ==, 2);
}

/* An input is never written over, by any name: through a symlink to it, or a symlink
 * whose target is the other output. The files are as they were, and nothing ran. */
static void
test_cli_run_never_overwrites (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lab-cli-XXXXXX", NULL);
  const char *text = "[scenario]\ntitle = Kept\nseed = 1\n";
  g_autofree char *scenario = lab_test_write_file (dir, "kept.scenario", text);
  g_autofree char *link = g_build_filename (dir, "link.pcapng", NULL);
  g_autofree char *dangling = g_build_filename (dir, "keys.link", NULL);
  g_autofree char *target = g_build_filename (dir, "keys.txt", NULL);
  g_autofree char *out = NULL, *err = NULL, *contents = NULL, *expected = NULL;

  g_assert_cmpint (symlink ("kept.scenario", link), ==, 0);
  g_assert_cmpint (symlink ("keys.txt", dangling), ==, 0);
  g_assert_cmpint (lab_test_spawn ((const char *[]){ "run", scenario, "--pcapng", link, NULL },
                                   &out, &err), ==, 2);
  expected = g_strdup_printf ("handshake-lab run: --pcapng %s: that is the scenario being run "
                              "(%s); the lab never writes over a file it reads\n", link, scenario);
  g_assert_cmpstr (err, ==, expected);
  g_assert_cmpstr (out, ==, "");
  g_assert_true (g_file_get_contents (scenario, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, text);
  g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));

  /* a symlink that points at nothing yet lands where its target would be */
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&expected, g_free);
  g_assert_cmpint (lab_test_spawn ((const char *[]){ "run", scenario, "--keylog", dangling,
                                                     "--pcapng", target, NULL },
                                   NULL, &err), ==, 2);
  expected = g_strdup_printf ("handshake-lab run: --pcapng %s and --keylog %s are the same file; "
                              "give each its own\n", target, dangling);
  g_assert_cmpstr (err, ==, expected);
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
  lab_test_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  static const Family families[] = {
    { "ecdhe-ecdsa-gcm", "ECDHE-ECDSA-AES128-GCM-SHA256", "ecdsa-p256", "" },
    { "ecdhe-rsa-gcm", "ECDHE-RSA-AES256-GCM-SHA384", "rsa-2048", "" },
    { "chacha20", "ECDHE-ECDSA-CHACHA20-POLY1305", "ecdsa-p256", "" },
    { "cbc-encrypt-then-mac", "ECDHE-ECDSA-AES128-SHA256", "ecdsa-p256", "" },
    { "cbc-mac-then-encrypt", "ECDHE-RSA-AES128-SHA", "rsa-2048", "encrypt-then-mac = off\n" },
    { "rsa-key-exchange", "AES128-GCM-SHA256", "rsa-2048", "" },
    { "dhe", "DHE-RSA-AES128-GCM-SHA256", "rsa-2048", "" },
  };

  g_test_init (&argc, &argv, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (families); i++)
    {
      g_autofree char *test = g_strdup_printf ("/cli/run/every-secret-checked/%s",
                                               families[i].family);
      g_test_add_data_func (test, &families[i], test_cli_run_every_secret_checked);
    }
  g_test_add_func ("/cli/run/default-ladder", test_cli_run_default_ladder);
  g_test_add_func ("/cli/run/json", test_cli_run_json);
  g_test_add_func ("/cli/run/alert-scenario", test_cli_run_alert_scenario);
  g_test_add_func ("/cli/run/man-in-the-middle", test_cli_run_man_in_the_middle);
  g_test_add_func ("/cli/run/expectation-mismatch-exits-1", test_cli_run_expectation_mismatch_exits_1);
  g_test_add_func ("/cli/run/bad-input-exits-2", test_cli_run_bad_input_exits_2);
  g_test_add_func ("/cli-run/never-overwrites", test_cli_run_never_overwrites);
  return g_test_run ();
}
