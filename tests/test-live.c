/* The lab against real peers on 127.0.0.1: `connect` against `openssl s_server`, and
 * `listen` driven by `openssl s_client` and `curl -k`, each master secret compared with
 * the key log the other program wrote. Skips what is not installed. */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "engine/live/lab-connect.h"
#include "engine/capture/lab-import.h"
#include "lab-test-util.h"

typedef struct
{
  char *dir;
  char *cert, *key;
} Fixture;

static guint16
free_port (void)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t len = sizeof addr;
  int fd = socket (AF_INET, SOCK_STREAM, 0);

  g_assert_cmpint (bind (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &addr, &len), ==, 0);
  close (fd);
  return ntohs (addr.sin_port);
}

static gboolean
port_open (guint16 port)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK),
                              .sin_port = htons (port) };
  int fd = socket (AF_INET, SOCK_STREAM, 0);
  gboolean ok = connect (fd, (struct sockaddr *) &addr, sizeof addr) == 0;

  close (fd);
  return ok;
}

static char *
path_in (Fixture *f, const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

/* A self-signed certificate for "localhost", made by openssl req. */
static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  const char *kind = data;
  g_autoptr (GError) error = NULL;
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  int status = 0;

  f->dir = g_dir_make_tmp ("lab-live-XXXXXX", &error);
  g_assert_no_error (error);
  f->cert = path_in (f, "cert.pem");
  f->key = path_in (f, "key.pem");
  if (kind == NULL || openssl == NULL)
    return;
  {
    const char *argv[] = { "openssl", "req", "-x509", "-newkey",
                           g_str_equal (kind, "rsa") ? "rsa:2048" : "ec", "-pkeyopt",
                           g_str_equal (kind, "rsa") ? "rsa_keygen_bits:2048"
                                                     : "ec_paramgen_curve:P-256",
                           "-nodes", "-keyout", f->key, "-out", f->cert, "-days", "2", "-subj",
                           "/CN=localhost", "-addext", "subjectAltName=DNS:localhost", NULL };
    g_spawn_sync (NULL, (char **) argv, NULL,
                  G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autoptr (GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = path_in (f, name);
      g_remove (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->cert);
  g_free (f->key);
}

static gboolean
need (const char *program)
{
  g_autofree char *path = g_find_program_in_path (program);

  if (path == NULL)
    {
      g_autofree char *why = g_strdup_printf ("%s is not installed", program);
      g_test_skip (why);
    }
  return path != NULL;
}

/* ---- reading key logs and JSON traces ---- */

static char *
keylog_master (const char *path, const char *client_random)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) words = g_strsplit (lines[i], " ", -1);
      if (g_strv_length (words) == 3 && g_str_equal (words[0], "CLIENT_RANDOM")
          && g_ascii_strcasecmp (words[1], client_random) == 0)
        return g_ascii_strdown (words[2], -1);
    }
  return NULL;
}

static JsonObject *
find_json_event (JsonArray *events, const char *kind, const char *side, const char *name)
{
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *e = json_array_get_object_element (events, i);
      if (g_str_equal (json_object_get_string_member (e, "kind"), kind)
          && (side == NULL || g_str_equal (json_object_get_string_member (e, "side"), side))
          && (name == NULL
              || g_strcmp0 (json_object_get_string_member_with_default (e, "name", NULL), name)
                   == 0))
        return e;
    }
  return NULL;
}

/* The trace's master secret (`side`'s view) equals the one in the other program's key log
 * for the trace's client random; every protected record opened. */
static void
assert_master_secret (JsonObject *trace, const char *side, const char *keylog_path)
{
  JsonArray *events = json_object_get_array_member (trace, "events");
  JsonObject *hello = find_json_event (events, "message", "client", "ClientHello");
  JsonObject *ms = find_json_event (events, "secret", side, "master_secret");
  g_autofree char *random = NULL, *logged = NULL;
  guint protected = 0;

  g_assert_nonnull (hello);
  g_assert_nonnull (ms);
  random = g_strndup (json_object_get_string_member (hello, "bytes") + 12, 64);
  logged = keylog_master (keylog_path, random);
  g_assert_nonnull (logged);
  g_assert_cmpstr (json_object_get_string_member (ms, "value"), ==, logged);
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *e = json_array_get_object_element (events, i);
      if (g_str_equal (json_object_get_string_member (e, "kind"), "record")
          && json_object_get_boolean_member (e, "encrypted"))
        {
          protected++;
          g_assert_true (json_object_has_member (e, "decryption"));
          g_assert_true (json_object_get_boolean_member (
            json_object_get_object_member (e, "decryption"), "authentic"));
        }
    }
  g_assert_cmpuint (protected, >=, 4);
}

static JsonObject *
parse_object (JsonParser *parser, const char *text)
{
  g_autoptr (GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

/* ---- connect against openssl s_server ---- */

static GSubprocess *
start_s_server (Fixture *f, guint16 port, const char *keylog, const char *cipher)
{
  g_autofree char *accept = g_strdup_printf ("127.0.0.1:%u", port);
  g_autoptr (GError) error = NULL;
  GSubprocess *server;
  GPtrArray *argv = g_ptr_array_new ();

  g_ptr_array_add (argv, "openssl");
  g_ptr_array_add (argv, "s_server");
  g_ptr_array_add (argv, "-accept");
  g_ptr_array_add (argv, accept);
  g_ptr_array_add (argv, "-cert");
  g_ptr_array_add (argv, f->cert);
  g_ptr_array_add (argv, "-key");
  g_ptr_array_add (argv, f->key);
  g_ptr_array_add (argv, "-keylogfile");
  g_ptr_array_add (argv, (gpointer) keylog);
  g_ptr_array_add (argv, "-www");
  if (cipher != NULL)
    {
      g_ptr_array_add (argv, "-cipher");
      g_ptr_array_add (argv, (gpointer) cipher);
    }
  g_ptr_array_add (argv, NULL);
  server = g_subprocess_newv ((const char *const *) argv->pdata,
                              G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE
                                | G_SUBPROCESS_FLAGS_STDIN_PIPE,
                              &error);
  g_ptr_array_unref (argv);
  g_assert_no_error (error);
  /* s_server -www answers a bare connect and close without harm */
  for (guint i = 0; i < 100 && !port_open (port); i++)
    g_usleep (50 * 1000);
  return server;
}

static void
stop (GSubprocess *process)
{
  g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, NULL);
  g_object_unref (process);
}

static void
test_connect (Fixture *f, gconstpointer data)
{
  const char *kind = data;
  guint16 port;
  g_autofree char *keylog = path_in (f, "server.keys");
  g_autofree char *target = NULL, *out = NULL, *err = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  GSubprocess *server;
  JsonObject *trace, *pms;
  JsonArray *events;
  int status;

  if (!need ("openssl"))
    return;
  port = free_port ();
  target = g_strdup_printf ("127.0.0.1:%u", port);
  server = start_s_server (f, port, keylog, g_str_equal (kind, "rsa") ? "AES128-GCM-SHA256" : NULL);
  status = lab_test_spawn ((const char *[]){ "connect", target, "--server-name", "localhost",
                                             "--ca-file", f->cert, "--json", NULL },
                           &out, &err);
  stop (server);
  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 0);
  trace = parse_object (parser, out);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (trace, "outcome"),
                                                  "result"), ==, "success");
  assert_master_secret (trace, "client", keylog);
  events = json_object_get_array_member (trace, "events");
  g_assert_true (json_object_get_boolean_member (find_json_event (events, "verify", "client", NULL),
                                                 "ok"));
  lab_test_assert_contains (json_object_get_string_member (
                     find_json_event (events, "app-data", "client", "application data received"),
                     "bytes"),
                   "485454502f312e3020323030"); /* "HTTP/1.0 200" */
  /* what the client can say about the pre-master secret */
  pms = find_json_event (events, "secret", "client", "pre_master_secret");
  g_assert_nonnull (pms);
  if (g_str_equal (kind, "rsa"))
    g_assert_true (g_str_has_prefix (json_object_get_string_member (pms, "value"), "0303"));
  else
    lab_test_assert_contains (json_object_get_string_member (pms, "detail"), "does not expose");
}

/* The system's trust store does not know the test's certificate: the client says so. */
static void
test_connect_untrusted (Fixture *f, gconstpointer data)
{
  guint16 port;
  g_autofree char *keylog = path_in (f, "server.keys");
  g_autofree char *target = NULL, *out = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  GSubprocess *server;
  JsonObject *outcome;
  int status;

  if (!need ("openssl"))
    return;
  port = free_port ();
  target = g_strdup_printf ("127.0.0.1:%u", port);
  server = start_s_server (f, port, keylog, NULL);
  status = lab_test_spawn ((const char *[]){ "connect", target, "--server-name", "localhost",
                                             "--json", NULL },
                           &out, NULL);
  stop (server);
  g_assert_cmpint (status, ==, 1);
  outcome = json_object_get_object_member (parse_object (parser, out), "outcome");
  g_assert_cmpstr (json_object_get_string_member (outcome, "result"), ==, "alert");
  g_assert_cmpstr (json_object_get_string_member (outcome, "alert"), ==, "unknown_ca");
  g_assert_cmpstr (json_object_get_string_member (outcome, "sent_by"), ==, "client");
  g_assert_cmpint (json_object_get_int_member (outcome, "verify_error"), ==, 18);
}

static void
test_connect_bad_input (Fixture *f, gconstpointer data)
{
  g_autofree char *closed = g_strdup_printf ("127.0.0.1:%u", free_port ());
  g_autofree char *missing = path_in (f, "missing.pem");
  static const char *const not_targets[] = { "nonsense", "127.0.0.1", "127.0.0.1:99999",
                                             "[::1", NULL };

  for (guint i = 0; not_targets[i] != NULL; i++)
    {
      g_autofree char *err = NULL;
      g_assert_cmpint (lab_test_spawn ((const char *[]){ "connect", not_targets[i], NULL }, NULL,
                                       &err),
                       ==, 2);
      lab_test_assert_contains (err, "is not HOST:PORT");
    }
  {
    g_autofree char *err = NULL;
    g_assert_cmpint (lab_test_spawn ((const char *[]){ "connect", closed, NULL }, NULL, &err), ==,
                     2);
    lab_test_assert_contains (err, closed);
    lab_test_assert_contains (err, "refused");
  }
  {
    g_autofree char *err = NULL;
    g_assert_cmpint (lab_test_spawn ((const char *[]){ "connect", closed, "--ca-file", missing,
                                                       NULL },
                                     NULL, &err),
                     ==, 2);
    lab_test_assert_contains (err, "missing.pem");
  }
}

/* A server that takes the connection and never answers: the connection is bounded. */
static void
test_connect_timeout (void)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t len = sizeof addr;
  int fd = socket (AF_INET, SOCK_STREAM, 0);
  g_autofree char *target = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (LabTrace) trace = NULL;
  LabConnectOptions options = { .server_name = "localhost", .timeout_ms = 300 };
  const LabOutcome *outcome;

  /* the kernel completes the TCP handshake for a listening socket; nobody reads */
  g_assert_cmpint (bind (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (listen (fd, 1), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &addr, &len), ==, 0);
  target = g_strdup_printf ("127.0.0.1:%u", ntohs (addr.sin_port));
  options.target = target;
  trace = lab_connect (&options, NULL, &error);
  close (fd);
  g_assert_no_error (error);
  outcome = lab_trace_get_outcome (trace);
  g_assert_cmpint (outcome->result, ==, LAB_RESULT_TIMEOUT);
  /* The 300 ms bound ended it, and says so (it used to say "0 s"). */
  lab_test_assert_contains (outcome->reason, "took longer than 0.3 s");
}

/* ---- listen, driven by real clients ---- */

/* Starts `listen --count 1 --json [--save DIR]` and waits for it to say it is listening. */
static GSubprocess *
start_listen (guint16 port, const char *save_dir, GDataInputStream **err_stream)
{
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  const char *argv[] = { lab_test_binary (), "listen", "--port", port_text, "--count", "1",
                         "--json", save_dir ? "--save" : NULL, save_dir, NULL };
  g_autoptr (GError) error = NULL;
  g_autofree char *line = NULL;
  GSubprocess *listen = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                   | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                           &error);

  g_assert_no_error (error);
  *err_stream = g_data_input_stream_new (g_subprocess_get_stderr_pipe (listen));
  line = g_data_input_stream_read_line_utf8 (*err_stream, NULL, NULL, &error);
  g_assert_no_error (error);
  lab_test_assert_contains (line, "listening on https://127.0.0.1:");
  return listen;
}

static void
finish_listen (GSubprocess *listen, GDataInputStream *err_stream, const char *side_keylog)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *trace;
  JsonArray *events;
  JsonObject *ms;

  g_subprocess_communicate_utf8 (listen, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (listen));
  /* one connection, one line */
  g_assert_nonnull (strchr (out, '\n'));
  g_assert_cmpstr (strchr (out, '\n') + 1, ==, "");
  trace = parse_object (parser, out);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (trace, "outcome"),
                                                  "result"), ==, "success");
  lab_test_assert_contains (json_object_get_string_member (trace, "client"), "127.0.0.1:");
  assert_master_secret (trace, "server", side_keylog);
  /* the lab's server recomputed it from its own ephemeral key: OpenSSL agrees */
  events = json_object_get_array_member (trace, "events");
  ms = find_json_event (events, "secret", "server", "master_secret");
  g_assert_cmpstr (json_object_get_string_member (ms, "match"), ==, "matches");
  g_assert_nonnull (find_json_event (events, "secret", "server", "pre_master_secret"));
  g_object_unref (err_stream);
  g_object_unref (listen);
}

/* What `listen --save` wrote opens like any capture, every record decrypted by the key
 * log inside it: the same trace the window shows with Open Capture. */
static void
assert_saved_capture_opens (Fixture *f)
{
  g_autofree char *saved = g_build_filename (f->dir, "connection-1.pcapng", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (LabImport) import = lab_import_file (saved, NULL, &error);
  const LabImportedConnection *c;
  guint finished = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (import->connections->len, ==, 1);
  c = g_ptr_array_index (import->connections, 0);
  g_assert_true (c->decrypted);
  for (guint i = 0; i < lab_trace_get_n_events (c->trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (c->trace, i);
      finished += e->kind == LAB_EVENT_MESSAGE && g_str_equal (e->name, "Finished");
    }
  g_assert_cmpuint (finished, >=, 2); /* both sides' Finished, opened */
}

static void
test_listen_s_client (Fixture *f, gconstpointer data)
{
  guint16 port;
  g_autofree char *connect = NULL, *keylog = path_in (f, "client.keys");
  g_autofree char *out = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) client = NULL;
  GDataInputStream *err_stream;
  GSubprocess *listen;

  if (!need ("openssl"))
    return;
  port = free_port ();
  connect = g_strdup_printf ("127.0.0.1:%u", port);
  listen = start_listen (port, f->dir, &err_stream);
  client = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                               | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                             &error, "openssl", "s_client", "-connect", connect, "-servername",
                             "server.handshake.lab", "-keylogfile", keylog, "-ign_eof", "-quiet",
                             NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (client, "GET / HTTP/1.0\r\n\r\n", NULL, &out, NULL, &error);
  g_assert_no_error (error);
  lab_test_assert_contains (out, "Hello from Handshake Lab");
  finish_listen (listen, err_stream, keylog);
  assert_saved_capture_opens (f);
}

static void
test_listen_curl (Fixture *f, gconstpointer data)
{
  guint16 port;
  g_autofree char *url = NULL, *keylog = path_in (f, "curl.keys");
  g_autofree char *out = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) client = NULL;
  GDataInputStream *err_stream;
  GSubprocess *listen;

  if (!need ("curl"))
    return;
  port = free_port ();
  url = g_strdup_printf ("https://127.0.0.1:%u/", port);
  listen = start_listen (port, NULL, &err_stream);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  /* curl built on OpenSSL writes the NSS key log SSLKEYLOGFILE names */
  g_subprocess_launcher_setenv (launcher, "SSLKEYLOGFILE", keylog, TRUE);
  client = g_subprocess_launcher_spawn (launcher, &error, "curl", "-k", "-s", "--max-time", "10",
                                        url, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (client, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  lab_test_assert_contains (out, "Hello from Handshake Lab");
  if (!g_file_test (keylog, G_FILE_TEST_EXISTS))
    {
      g_subprocess_force_exit (listen);
      g_object_unref (err_stream);
      g_object_unref (listen);
      g_test_skip ("this curl does not write SSLKEYLOGFILE");
      return;
    }
  finish_listen (listen, err_stream, keylog);
}

static void
test_listen_bad_input (void)
{
  static const char *const bad[][3] = {
    { "--address", "nonsense", "is not an IP address" },
    { "--port", "70000", "is not a port" },
    { "--count", "-1", "is not a number of connections" },
    { "--save", "/nonexistent-folder", "--save: /nonexistent-folder is not a folder" },
    { "--scenario", "/nonexistent.scenario", "nonexistent.scenario" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *err = NULL;
      g_assert_cmpint (lab_test_spawn ((const char *[]){ "listen", bad[i][0], bad[i][1], NULL },
                                       NULL, &err),
                       ==, 2);
      lab_test_assert_contains (err, bad[i][2]);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/live/connect/ecdhe", Fixture, "ec", fixture_set_up, test_connect,
              fixture_tear_down);
  g_test_add ("/live/connect/rsa-key-exchange", Fixture, "rsa", fixture_set_up, test_connect,
              fixture_tear_down);
  g_test_add ("/live/connect/untrusted", Fixture, "ec", fixture_set_up, test_connect_untrusted,
              fixture_tear_down);
  g_test_add ("/live/connect/bad-input", Fixture, NULL, fixture_set_up, test_connect_bad_input,
              fixture_tear_down);
  g_test_add_func ("/live/connect/timeout", test_connect_timeout);
  g_test_add ("/live/listen/s_client", Fixture, NULL, fixture_set_up, test_listen_s_client,
              fixture_tear_down);
  g_test_add ("/live/listen/curl", Fixture, NULL, fixture_set_up, test_listen_curl,
              fixture_tear_down);
  g_test_add_func ("/live/listen/bad-input", test_listen_bad_input);
  return g_test_run ();
}
