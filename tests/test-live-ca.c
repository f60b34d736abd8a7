/* `handshake-lab ca`: the lab's lasting CA, made once per user with its keys private,
 * exported without ever writing over a file, and trusted for real: curl --cacert verifies
 * `listen`, and a client certificate from it passes a scenario that requires one. Runs
 * with XDG_DATA_HOME in a folder of its own. */
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "lab-test-live.h"
#include "lab-test-util.h"

typedef LabLiveFixture Fixture;

static void
set_up (Fixture *f, gconstpointer data)
{
  lab_live_fixture_set_up (f, NULL);
}

static guint
mode_of (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

static char *
ca_file (const char *name)
{
  return g_build_filename (g_getenv ("XDG_DATA_HOME"), "handshake-lab", "ca", name, NULL);
}

/* Made on first use in the user data folder, the keys for the user alone; the same CA
 * every time after. */
static void
test_ca_made_once (Fixture *f, gconstpointer data)
{
  g_autofree char *first = NULL, *second = NULL;
  g_autofree char *dir = ca_file (NULL);
  g_autofree char *root_key = ca_file ("root-ca.key");
  g_autofree char *intermediate_key = ca_file ("intermediate-ca.key");
  g_autofree char *root = ca_file ("root-ca.pem");
  const char *fingerprint;

  g_assert_cmpint (lab_test_spawn ((const char *[]){ "ca", NULL }, &first, NULL), ==, 0);
  g_assert_cmpint (lab_test_spawn ((const char *[]){ "ca", NULL }, &second, NULL), ==, 0);
  lab_test_assert_contains (first, root);
  g_assert_null (strstr (second, "made just now"));
  fingerprint = strstr (first, "SHA256 ");
  g_assert_nonnull (fingerprint);
  lab_test_assert_contains (second, fingerprint);
  g_assert_cmpuint (mode_of (dir), ==, 0700);
  g_assert_cmpuint (mode_of (root_key), ==, 0600);
  g_assert_cmpuint (mode_of (intermediate_key), ==, 0600);
}

/* Exports refuse an existing file (exit 2, the file untouched) and need both halves of a
 * client certificate. */
static void
test_ca_export_never_overwrites (Fixture *f, gconstpointer data)
{
  g_autofree char *exported = lab_live_path (f, "lab-ca.pem");
  g_autofree char *cert = lab_live_path (f, "client.pem");
  g_autofree char *key = lab_live_path (f, "client.key");
  g_autofree char *root = ca_file ("root-ca.pem");
  g_autofree char *mine = lab_test_write_file (f->dir, "mine.pem", "mine\n");
  g_autofree char *a = NULL, *b = NULL, *text = NULL, *err = NULL;

  g_assert_cmpint (lab_test_spawn ((const char *[]){ "ca", "--export", exported, NULL }, NULL,
                                   NULL),
                   ==, 0);
  g_assert_true (g_file_get_contents (exported, &a, NULL, NULL));
  g_assert_true (g_file_get_contents (root, &b, NULL, NULL));
  g_assert_cmpstr (a, ==, b);
  lab_test_assert_contains (a, "-----BEGIN CERTIFICATE-----");

  g_assert_cmpint (lab_test_spawn ((const char *[]){ "ca", "--export", mine, NULL }, NULL, &err),
                   ==, 2);
  lab_test_assert_contains (err, "mine.pem already exists");
  g_assert_true (g_file_get_contents (mine, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "mine\n");
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (lab_test_spawn ((const char *[]){ "ca", "--export-client-cert", cert, NULL },
                                   NULL, &err),
                   ==, 2);
  lab_test_assert_contains (err, "go together");
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (lab_test_spawn ((const char *[]){ "ca", "--export-client-cert", cert,
                                                     "--export-client-key", mine, NULL },
                                   NULL, &err),
                   ==, 2);
  lab_test_assert_contains (err, "mine.pem already exists");
  g_assert_false (g_file_test (cert, G_FILE_TEST_EXISTS));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (lab_test_spawn ((const char *[]){ "ca", "--export-client-cert", cert,
                                                     "--export-client-key", key, NULL },
                                   NULL, NULL),
                   ==, 0);
  g_assert_cmpuint (mode_of (key), ==, 0600);
  g_clear_pointer (&a, g_free);
  g_assert_true (g_file_get_contents (cert, &a, NULL, NULL));
  /* the leaf and its intermediate */
  g_assert_nonnull (strstr (strstr (a, "BEGIN CERTIFICATE") + 1, "BEGIN CERTIFICATE"));
}

/* A CA file that is not one: `ca` names it, exit 2. */
static void
test_ca_broken (Fixture *f, gconstpointer data)
{
  g_autofree char *home = g_build_filename (f->dir, "data", NULL);
  g_autofree char *dir = g_build_filename (home, "handshake-lab", "ca", NULL);
  g_autofree char *root = NULL, *err = NULL;
  g_autofree char *saved = g_strdup (g_getenv ("XDG_DATA_HOME"));

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  root = lab_test_write_file (dir, "root-ca.pem", "not a certificate\n");
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  g_assert_cmpint (lab_test_spawn ((const char *[]){ "ca", NULL }, NULL, &err), ==, 2);
  g_setenv ("XDG_DATA_HOME", saved, TRUE);
  lab_test_assert_contains (err, root);
  lab_test_assert_contains (err, "not a PEM certificate");
}

/* The bytes of the Certificate message the server sent, from a run's JSON. */
static char *
server_certificate (const char *json)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *trace = lab_live_parse (parser, json);
  JsonObject *message = lab_live_find_event (json_object_get_array_member (trace, "events"),
                                             "message", "server", "Certificate");

  g_assert_nonnull (message);
  return g_strdup (json_object_get_string_member (message, "bytes"));
}

/* A seeded run never makes or uses the lab's CA: its PKI is its seed's. */
static void
test_ca_not_for_seeded_runs (Fixture *f, gconstpointer data)
{
  g_autofree char *home = g_build_filename (f->dir, "empty-data", NULL);
  g_autofree char *lab = g_build_filename (home, "handshake-lab", NULL);
  g_autofree char *saved = g_strdup (g_getenv ("XDG_DATA_HOME"));
  g_autofree char *first = NULL, *second = NULL, *a = NULL, *b = NULL;

  g_assert_cmpint (g_mkdir_with_parents (home, 0700), ==, 0);
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  g_assert_cmpint (lab_test_spawn ((const char *[]){ "run", "--seed", "5", "--json", NULL },
                                   &first, NULL),
                   ==, 0);
  g_assert_cmpint (lab_test_spawn ((const char *[]){ "run", "--seed", "5", "--json", NULL },
                                   &second, NULL),
                   ==, 0);
  g_setenv ("XDG_DATA_HOME", saved, TRUE);
  g_assert_false (g_file_test (lab, G_FILE_TEST_EXISTS));
  /* the same certificate chain, byte for byte, from the seed */
  a = server_certificate (first);
  b = server_certificate (second);
  g_assert_cmpstr (a, ==, b);
}

/* curl checks the lab's server against the exported root, for real: it verifies, and
 * without the root (the system's store only) it refuses. listen prints the line. */
static void
test_ca_curl_verifies_listen (Fixture *f, gconstpointer data)
{
  g_autofree char *exported = lab_live_path (f, "lab-ca.pem");
  guint16 port;
  g_autofree char *resolve = NULL, *url = NULL, *out = NULL, *line = NULL;
  g_autoptr (GError) error = NULL;
  GDataInputStream *err_stream;
  GSubprocess *listen;
  char **traces;

  if (!lab_live_need ("curl"))
    return;
  g_assert_cmpint (lab_test_spawn ((const char *[]){ "ca", "--export", exported, NULL }, NULL,
                                   NULL),
                   ==, 0);
  port = lab_live_free_port ();
  resolve = g_strdup_printf ("server.handshake.lab:%u:127.0.0.1", port);
  url = g_strdup_printf ("https://server.handshake.lab:%u/", port);
  listen = lab_live_start_listen (port, (const char *[]){ "--count", "2", NULL }, &err_stream);
  line = g_data_input_stream_read_line_utf8 (err_stream, NULL, NULL, &error);
  g_assert_no_error (error);
  {
    g_autofree char *root = lab_live_ca_root ();
    g_autofree char *expected = g_strdup_printf ("curl --cacert %s --resolve %s %s", root,
                                                 resolve, url);
    lab_test_assert_contains (line, expected);
  }
  g_assert_cmpint (lab_live_run ((const char *[]){ "curl", "-sS", "--max-time", "20", "--cacert",
                                                   exported, "--resolve", resolve, url, NULL },
                                 NULL, &out),
                   ==, 0);
  lab_test_assert_contains (out, "Hello from Handshake Lab");
  /* curl's 60: the peer's certificate could not be verified */
  g_assert_cmpint (lab_live_run ((const char *[]){ "curl", "-sS", "--max-time", "20",
                                                   "--resolve", resolve, url, NULL },
                                 NULL, NULL),
                   ==, 60);
  traces = lab_live_finish_listen (listen, err_stream, NULL);
  g_assert_cmpuint (g_strv_length (traces), ==, 2);
  g_strfreev (traces);
}

/* A scenario that requires a client certificate: the exported one passes, none fails
 * with the reason and what to do. */
static void
test_ca_client_certificate (Fixture *f, gconstpointer data)
{
  g_autofree char *scenario = lab_test_write_file (
    f->dir, "require.scenario",
    "[scenario]\ntitle = Client certificates\n\n[server]\nclient-certificate = require\n");
  g_autofree char *cert = lab_live_path (f, "client.pem");
  g_autofree char *key = lab_live_path (f, "client.key");
  g_autofree char *root = NULL, *resolve = NULL, *url = NULL, *out = NULL;
  g_autoptr (JsonParser) with = json_parser_new (), without = json_parser_new ();
  guint16 port;
  GDataInputStream *err_stream;
  GSubprocess *listen;
  char **traces;

  if (!lab_live_need ("curl"))
    return;
  g_assert_cmpint (lab_test_spawn ((const char *[]){ "ca", "--export-client-cert", cert,
                                                     "--export-client-key", key, NULL },
                                   NULL, NULL),
                   ==, 0);
  root = lab_live_ca_root ();
  port = lab_live_free_port ();
  resolve = g_strdup_printf ("server.handshake.lab:%u:127.0.0.1", port);
  url = g_strdup_printf ("https://server.handshake.lab:%u/", port);
  listen = lab_live_start_listen (port, (const char *[]){ "--count", "2", "--scenario", scenario,
                                                          NULL },
                                  &err_stream);
  g_assert_cmpint (lab_live_run ((const char *[]){ "curl", "-sS", "--max-time", "20", "--cacert",
                                                   root, "--cert", cert, "--key", key,
                                                   "--resolve", resolve, url, NULL },
                                 NULL, &out),
                   ==, 0);
  lab_test_assert_contains (out, "Hello from Handshake Lab");
  g_assert_cmpint (lab_live_run ((const char *[]){ "curl", "-sS", "--max-time", "20", "--cacert",
                                                   root, "--resolve", resolve, url, NULL },
                                 NULL, NULL),
                   !=, 0);
  traces = lab_live_finish_listen (listen, err_stream, NULL);
  g_assert_cmpuint (g_strv_length (traces), ==, 2);
  {
    JsonObject *ok = lab_live_parse (with, traces[0]);
    JsonObject *refused = lab_live_parse (without, traces[1]);

    g_assert_cmpstr (lab_live_outcome_member (ok, "result"), ==, "success");
    g_assert_cmpstr (lab_live_outcome_member (refused, "alert"), ==, "handshake_failure");
    lab_test_assert_contains (lab_live_outcome_member (refused, "cause"),
                              "client-certificate = require");
    lab_test_assert_contains (lab_live_outcome_member (refused, "cause"),
                              "handshake-lab ca --export-client-cert");
  }
  g_strfreev (traces);
}

int
main (int argc, char **argv)
{
  g_autofree char *data_home = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  data_home = lab_live_private_data_home ();
  g_test_add ("/live/ca/made-once", Fixture, NULL, set_up, test_ca_made_once,
              lab_live_fixture_tear_down);
  g_test_add ("/live/ca/export-never-overwrites", Fixture, NULL, set_up,
              test_ca_export_never_overwrites, lab_live_fixture_tear_down);
  g_test_add ("/live/ca/broken", Fixture, NULL, set_up, test_ca_broken,
              lab_live_fixture_tear_down);
  g_test_add ("/live/ca/not-for-seeded-runs", Fixture, NULL, set_up,
              test_ca_not_for_seeded_runs, lab_live_fixture_tear_down);
  g_test_add ("/live/ca/curl-verifies-listen", Fixture, NULL, set_up,
              test_ca_curl_verifies_listen, lab_live_fixture_tear_down);
  g_test_add ("/live/ca/client-certificate", Fixture, NULL, set_up, test_ca_client_certificate,
              lab_live_fixture_tear_down);
  status = g_test_run ();
  lab_test_remove_tree (data_home);
  return status;
}
