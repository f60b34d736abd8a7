/* `listen`, the lab's server, driven by real clients on 127.0.0.1: openssl s_client and
 * curl (each master secret compared with the key log the client wrote), resumed sessions,
 * many clients at once with one that never speaks, and what `--save` writes. (The "Why:"
 * of clients it cannot agree with: test-live-listen-why.c.) Skips what is not
 * installed. */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "engine/capture/lab-import.h"
#include "lab-test-capture.h"
#include "lab-test-live.h"
#include "lab-test-util.h"

typedef LabLiveFixture Fixture;

/* A folder for the test; the test's data is its case. */
static void
set_up (Fixture *f, gconstpointer data)
{
  lab_live_fixture_set_up (f, NULL);
}

/* What `listen --save` wrote opens like any capture, every record decrypted by the key
 * log inside it, and shows the client's FIN: what the lab received. */
static void
assert_saved_capture_opens (Fixture *f, const char *name)
{
  g_autofree char *saved = lab_live_path (f, name);
  g_autoptr (GError) error = NULL;
  g_autoptr (LabImport) import = lab_import_file (saved, NULL, &error);
  const LabImportedConnection *c;
  guint finished = 0;
  LabLiveCaptureView view;

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
  view = lab_live_read_capture (saved);
  g_assert_true (view.client_fin);
  g_byte_array_unref (view.from_client);
}

/* ---- real clients that succeed ---- */

static void
finish_one (GSubprocess *listen, GDataInputStream *err_stream, const char *keylog)
{
  LabLiveTraces t;
  JsonArray *events;
  JsonObject *ms;

  lab_live_traces_read (&t, lab_live_finish_listen (listen, err_stream, NULL));
  g_assert_cmpuint (t.n, ==, 1);
  g_assert_cmpstr (lab_live_outcome_member (t.traces[0], "result"), ==, "success");
  lab_test_assert_contains (json_object_get_string_member (t.traces[0], "client"), "127.0.0.1:");
  lab_live_assert_master_secret (t.traces[0], "server", keylog);
  /* the lab's server recomputed it from its own ephemeral key: OpenSSL agrees */
  events = json_object_get_array_member (t.traces[0], "events");
  ms = lab_live_find_event (events, "secret", "server", "master_secret");
  g_assert_cmpstr (json_object_get_string_member (ms, "match"), ==, "matches");
  g_assert_nonnull (lab_live_find_event (events, "secret", "server", "pre_master_secret"));
  /* the real client's view has no OpenSSL of the lab's: its master secret is shown by the
   * client's own record it opened, its verify_data against the Finished as received */
  g_assert_true (g_str_has_prefix (json_object_get_string_member (
                                     lab_live_find_event (events, "secret", "client",
                                                          "master_secret"),
                                     "match"),
                                   "opened-record "));
  lab_test_assert_contains (
    json_object_get_string_member (
      lab_live_find_event (events, "secret", "client", "client_verify_data"), "detail"),
    "as the lab's OpenSSL received it (SSL_get_peer_finished)");
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *e = json_array_get_object_element (events, i);
      if (g_str_equal (json_object_get_string_member (e, "kind"), "secret")
          && g_str_equal (json_object_get_string_member (e, "side"), "client"))
        g_assert_cmpstr (json_object_get_string_member (e, "match"), !=, "no-evidence");
    }
  lab_live_traces_clear (&t);
}

static void
test_listen_s_client (Fixture *f, gconstpointer data)
{
  guint16 port;
  g_autofree char *keylog = lab_live_path (f, "client.keys");
  g_autofree char *out = NULL;
  GDataInputStream *err_stream;
  GSubprocess *listen;

  if (!lab_live_need ("openssl"))
    return;
  port = lab_live_free_port ();
  listen = lab_live_start_listen (port, (const char *[]){ "--count", "1", "--save", f->dir, NULL },
                                  &err_stream);
  out = lab_live_s_client (port, keylog, NULL);
  lab_test_assert_contains (out, "Hello from Handshake Lab");
  finish_one (listen, err_stream, keylog);
  assert_saved_capture_opens (f, "connection-1.pcapng");
}

static void
test_listen_curl (Fixture *f, gconstpointer data)
{
  guint16 port;
  g_autofree char *url = NULL, *keylog = lab_live_path (f, "curl.keys");
  g_autofree char *out = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) client = NULL;
  GDataInputStream *err_stream;
  GSubprocess *listen;

  if (!lab_live_need ("curl"))
    return;
  port = lab_live_free_port ();
  url = g_strdup_printf ("https://127.0.0.1:%u/", port);
  listen = lab_live_start_listen (port, (const char *[]){ "--count", "1", NULL }, &err_stream);
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
      g_strfreev (lab_live_finish_listen (listen, err_stream, NULL));
      g_test_skip ("this curl does not write SSLKEYLOGFILE");
      return;
    }
  finish_one (listen, err_stream, keylog);
}

/* A resumed session, by session ID or by ticket: the abbreviated handshake has no key
 * exchange, and every record of both peers is opened with the session's master secret
 * (the client's used to stay closed: 3 of 6). */
static void
test_listen_resumed (Fixture *f, gconstpointer data)
{
  gboolean by_ticket = GPOINTER_TO_INT (data);
  guint16 port;
  g_autofree char *session = lab_live_path (f, "session.pem");
  g_autofree char *keylog = lab_live_path (f, "client.keys");
  g_autofree char *first = NULL, *second = NULL;
  GDataInputStream *err_stream;
  GSubprocess *listen;
  LabLiveTraces t;

  if (!lab_live_need ("openssl"))
    return;
  port = lab_live_free_port ();
  listen = lab_live_start_listen (port, (const char *[]){ "--count", "2", NULL }, &err_stream);
  {
    const char *out_args[] = { "-tls1_2", "-sess_out", session, by_ticket ? NULL : "-no_ticket",
                               NULL };
    const char *in_args[] = { "-tls1_2", "-sess_in", session, by_ticket ? NULL : "-no_ticket",
                              NULL };
    first = lab_live_s_client (port, keylog, out_args);
    second = lab_live_s_client (port, keylog, in_args);
  }
  lab_test_assert_contains (first, "New, TLSv1.2");
  lab_test_assert_contains (second, "Reused, TLSv1.2");
  lab_live_traces_read (&t, lab_live_finish_listen (listen, err_stream, NULL));
  g_assert_cmpuint (t.n, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      guint protected, opened;

      g_assert_cmpstr (lab_live_outcome_member (t.traces[i], "result"), ==, "success");
      lab_live_count_records (t.traces[i], &protected, &opened);
      g_test_message ("connection %u: %u of %u records opened", i + 1, opened, protected);
      g_assert_cmpuint (protected, ==, 6);
      g_assert_cmpuint (opened, ==, protected);
      lab_live_assert_master_secret (t.traces[i], "server", keylog);
      lab_live_assert_master_secret (t.traces[i], "client", keylog);
    }
  /* the second had no key exchange at all */
  g_assert_null (lab_live_find_event (json_object_get_array_member (t.traces[1], "events"),
                                      "message", "client", "ClientKeyExchange"));
  lab_live_traces_clear (&t);
}

/* ---- many clients, one idle ---- */

/* Twenty clients at once and one that connects first and never speaks: all twenty are
 * served while the idle one waits (it used to hold the only slot for 10 s), and it is cut
 * at the scenario's deadline (timeout = 8, which listen used to ignore for its own 10 s;
 * long enough that the twenty end first even on a loaded machine). Each curl checks the
 * lab's certificate against the lab's CA. */
static void
test_listen_many_and_idle (Fixture *f, gconstpointer data)
{
  guint16 port;
  g_autofree char *scenario = lab_test_write_file (f->dir, "patient.scenario",
                                                   "[scenario]\ntitle = Patient\ntimeout = 8\n");
  g_autofree char *root = lab_live_ca_root ();
  g_autofree char *resolve = NULL, *url = NULL;
  g_autoptr (GSocketConnection) idle = NULL;
  g_autoptr (GPtrArray) clients = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GError) error = NULL;
  GDataInputStream *err_stream;
  GSubprocess *listen;
  guint8 byte;
  LabLiveTraces t;

  if (!lab_live_need ("curl"))
    return;
  port = lab_live_free_port ();
  resolve = g_strdup_printf ("server.handshake.lab:%u:127.0.0.1", port);
  url = g_strdup_printf ("https://server.handshake.lab:%u/", port);
  listen = lab_live_start_listen (port, (const char *[]){ "--count", "21", "--scenario", scenario,
                                                          NULL },
                                  &err_stream);
  idle = lab_live_open_raw (port);
  for (guint i = 0; i < 20; i++)
    {
      GSubprocess *curl = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                              | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                            &error, "curl", "-sS", "--max-time", "60",
                                            "--cacert", root, "--resolve", resolve, url, NULL);
      g_assert_no_error (error);
      g_ptr_array_add (clients, curl);
    }
  for (guint i = 0; i < clients->len; i++)
    {
      g_autofree char *out = NULL;

      g_subprocess_communicate_utf8 (g_ptr_array_index (clients, i), NULL, NULL, &out, NULL,
                                     &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_successful (g_ptr_array_index (clients, i)));
      lab_test_assert_contains (out, "Hello from Handshake Lab");
    }
  /* the idle one: the lab closes it at the deadline */
  g_assert_cmpint (g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (idle)),
                                        &byte, 1, NULL, NULL),
                   ==, 0);
  lab_live_traces_read (&t, lab_live_finish_listen (listen, err_stream, NULL));
  g_assert_cmpuint (t.n, ==, 21);
  /* reported as each ends: the twenty first, the idle one at its deadline, last */
  for (guint i = 0; i < 20; i++)
    g_assert_cmpstr (lab_live_outcome_member (t.traces[i], "result"), ==, "success");
  g_assert_cmpstr (lab_live_outcome_member (t.traces[20], "result"), ==, "timeout");
  lab_test_assert_contains (lab_live_outcome_member (t.traces[20], "reason"),
                            "took longer than 8 s");
  lab_test_assert_contains (lab_live_outcome_member (t.traces[20], "cause"),
                            "sent nothing");
  lab_live_traces_clear (&t);
}

/* ---- what --save writes ---- */

/* A second `listen --save DIR` numbers its files past the ones there: a file the user has
 * is never replaced. */
static void
test_listen_save_never_overwrites (Fixture *f, gconstpointer data)
{
  g_autofree char *mine = lab_test_write_file (f->dir, "connection-1.pcapng", "my own file\n");
  g_autofree char *second = lab_live_path (f, "connection-2.pcapng");
  g_autofree char *third = lab_live_path (f, "connection-3.pcapng");
  g_autofree char *text = NULL;

  if (!lab_live_need ("openssl"))
    return;
  for (guint run = 0; run < 2; run++)
    {
      guint16 port = lab_live_free_port ();
      GDataInputStream *err_stream;
      GSubprocess *listen = lab_live_start_listen (
        port, (const char *[]){ "--count", "1", "--save", f->dir, NULL }, &err_stream);
      g_autofree char *err = NULL;

      g_free (lab_live_s_client (port, NULL, NULL));
      g_strfreev (lab_live_finish_listen (listen, err_stream, &err));
      lab_test_assert_contains (err, run == 0 ? second : third);
    }
  g_assert_true (g_file_get_contents (mine, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "my own file\n");
  assert_saved_capture_opens (f, "connection-2.pcapng");
  assert_saved_capture_opens (f, "connection-3.pcapng");
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
  g_autofree char *data_home = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  data_home = lab_live_private_data_home ();
  g_test_add ("/live/listen/s_client", Fixture, NULL, set_up,
              test_listen_s_client, lab_live_fixture_tear_down);
  g_test_add ("/live/listen/curl", Fixture, NULL, set_up, test_listen_curl,
              lab_live_fixture_tear_down);
  g_test_add ("/live/listen/resumed/session-id", Fixture, GINT_TO_POINTER (FALSE),
              set_up, test_listen_resumed, lab_live_fixture_tear_down);
  g_test_add ("/live/listen/resumed/ticket", Fixture, GINT_TO_POINTER (TRUE),
              set_up, test_listen_resumed, lab_live_fixture_tear_down);
  g_test_add ("/live/listen/many-and-idle", Fixture, NULL, lab_live_fixture_set_up,
              test_listen_many_and_idle, lab_live_fixture_tear_down);
  g_test_add ("/live/listen/save-never-overwrites", Fixture, NULL, lab_live_fixture_set_up,
              test_listen_save_never_overwrites, lab_live_fixture_tear_down);
  g_test_add_func ("/live/listen/bad-input", test_listen_bad_input);
  status = g_test_run ();
  lab_test_remove_tree (data_home);
  return status;
}
