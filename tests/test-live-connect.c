/* `connect`, the lab's client, against real servers on 127.0.0.1: openssl s_server (each
 * master secret compared with the key log it wrote), Python's http.server behind its ssl
 * module (which closes without close_notify), a Python server that cuts its answer short,
 * and servers the lab's client cannot agree with, each failure explained. Skips what is
 * not installed. */
#include <glib/gstdio.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "engine/live/lab-connect.h"
#include "lab-test-live.h"
#include "lab-test-util.h"

typedef LabLiveFixture Fixture;

/* For tests whose data is their case: an ECDSA certificate all the same. */
static void
set_up_ec (Fixture *f, gconstpointer data)
{
  lab_live_fixture_set_up (f, "ec");
}

/* `connect 127.0.0.1:PORT --server-name localhost --ca-file CERT --json`: the exit status,
 * the trace in parser. */
static int
connect_json (Fixture *f, guint16 port, gboolean trust, JsonParser *parser, JsonObject **trace)
{
  g_autofree char *target = g_strdup_printf ("127.0.0.1:%u", port);
  g_autofree char *out = NULL, *err = NULL;
  const char *argv[] = { "connect", target, "--server-name", "localhost", "--json",
                         trust ? "--ca-file" : NULL, f->cert, NULL };
  int status = lab_test_spawn (argv, &out, &err);

  g_test_message ("%s", err);
  *trace = lab_live_parse (parser, out);
  return status;
}

/* ---- openssl s_server ---- */

static void
test_connect (Fixture *f, gconstpointer data)
{
  const char *kind = data;
  guint16 port;
  g_autofree char *keylog = lab_live_path (f, "server.keys");
  g_autoptr (JsonParser) parser = json_parser_new ();
  const char *const rsa[] = { "-cipher", "AES128-GCM-SHA256", NULL };
  GSubprocess *server;
  JsonObject *trace, *pms;
  JsonArray *events;
  int status;

  if (!lab_live_need ("openssl"))
    return;
  port = lab_live_free_port ();
  server = lab_live_start_s_server (f, port, keylog, g_str_equal (kind, "rsa") ? rsa : NULL);
  status = connect_json (f, port, TRUE, parser, &trace);
  lab_live_stop (server);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (lab_live_outcome_member (trace, "result"), ==, "success");
  lab_live_assert_master_secret (trace, "client", keylog);
  events = json_object_get_array_member (trace, "events");
  g_assert_true (json_object_get_boolean_member (
    lab_live_find_event (events, "verify", "client", NULL), "ok"));
  lab_test_assert_contains (json_object_get_string_member (
                              lab_live_find_event (events, "app-data", "client",
                                                   "application data received"),
                              "bytes"),
                            "485454502f312e3020323030"); /* "HTTP/1.0 200" */
  /* what the client can say about the pre-master secret */
  pms = lab_live_find_event (events, "secret", "client", "pre_master_secret");
  g_assert_nonnull (pms);
  if (g_str_equal (kind, "rsa"))
    g_assert_true (g_str_has_prefix (json_object_get_string_member (pms, "value"), "0303"));
  else
    lab_test_assert_contains (json_object_get_string_member (pms, "detail"), "does not expose");
}

/* The system's trust store does not know the test's certificate: the client says so, and
 * why. */
static void
test_connect_untrusted (Fixture *f, gconstpointer data)
{
  guint16 port;
  g_autofree char *keylog = lab_live_path (f, "server.keys");
  g_autoptr (JsonParser) parser = json_parser_new ();
  GSubprocess *server;
  JsonObject *trace, *outcome;
  int status;

  if (!lab_live_need ("openssl"))
    return;
  port = lab_live_free_port ();
  server = lab_live_start_s_server (f, port, keylog, NULL);
  status = connect_json (f, port, FALSE, parser, &trace);
  lab_live_stop (server);
  g_assert_cmpint (status, ==, 1);
  outcome = json_object_get_object_member (trace, "outcome");
  g_assert_cmpstr (json_object_get_string_member (outcome, "result"), ==, "alert");
  g_assert_cmpstr (json_object_get_string_member (outcome, "alert"), ==, "unknown_ca");
  g_assert_cmpstr (json_object_get_string_member (outcome, "sent_by"), ==, "client");
  g_assert_cmpint (json_object_get_int_member (outcome, "verify_error"), ==, 18);
  lab_test_assert_contains (json_object_get_string_member (outcome, "cause"),
                            "(CN=localhost) is signed by itself");
  lab_test_assert_contains (json_object_get_string_member (outcome, "cause"),
                            "the system's trust store");
}

/* A server the lab's client cannot agree with: the outcome, and the "Why:" that names
 * what the messages showed and the rule that made it fail. */
typedef struct
{
  const char *name;
  const char *const *server_args;
  const char *alert;
  const char *sent_by;
  const char *why[4];
} Refusal;

static const char *const tls13_only[] = { "-tls1_3", NULL };
/* OpenSSL 3 keeps TLS 1.1 below its default security level */
static const char *const tls11_only[] = { "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0", NULL };
static const char *const client_cert_required[] = { "-Verify", "1", NULL };

static const Refusal refusals[] = {
  { "tls13-only", tls13_only, "protocol_version", "server",
    { "offers only TLS 1.2", "no supported_versions extension", "RFC 5246 Appendix E.1",
      "it speaks only TLS 1.3" } },
  { "tls11-only", tls11_only, "protocol_version", "client",
    { "answered with TLS 1.1 (server_version 3,2)", "RFC 5246 §7.4.1.3",
      "does not speak TLS 1.2", "the lab's client sent protocol_version (70)" } },
  { "client-certificate-required", client_cert_required, "handshake_failure", "server",
    { "asked for a client certificate (CertificateRequest)", "sent an empty Certificate",
      "RFC 5246 §7.4.6", "handshake_failure (40)" } },
};

static void
test_connect_refused (Fixture *f, gconstpointer data)
{
  const Refusal *r = data;
  guint16 port;
  g_autoptr (JsonParser) parser = json_parser_new ();
  GSubprocess *server;
  JsonObject *trace;
  const char *cause;
  int status;

  if (!lab_live_need ("openssl"))
    return;
  port = lab_live_free_port ();
  server = lab_live_start_s_server (f, port, NULL, r->server_args);
  status = connect_json (f, port, TRUE, parser, &trace);
  lab_live_stop (server);
  g_assert_cmpint (status, ==, 1);
  g_assert_cmpstr (lab_live_outcome_member (trace, "alert"), ==, r->alert);
  g_assert_cmpstr (lab_live_outcome_member (trace, "sent_by"), ==, r->sent_by);
  cause = lab_live_outcome_member (trace, "cause");
  for (guint i = 0; i < G_N_ELEMENTS (r->why) && r->why[i] != NULL; i++)
    lab_test_assert_contains (cause, r->why[i]);
}

/* ---- servers that close without close_notify ---- */

/* Python's http.server behind its ssl module, serving the fixture's folder: it answers
 * with a Content-Length and closes the socket, never sending close_notify. Runs until
 * killed (a failed accept, like the port probe's, is ignored by socketserver). */
static const char *const http_server_script =
  "import http.server, ssl, sys, os\n"
  "os.chdir(sys.argv[4])\n"
  "ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)\n"
  "ctx.load_cert_chain(sys.argv[2], sys.argv[3])\n"
  "httpd = http.server.HTTPServer(('127.0.0.1', int(sys.argv[1])),\n"
  "                               http.server.SimpleHTTPRequestHandler)\n"
  "httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True)\n"
  "httpd.serve_forever()\n";

/* A server that answers in a way of its choosing, then closes without close_notify
 * (SSLSocket.close() sends none): "cut" announces 1000 bytes and sends 500, "chunked" a
 * whole chunked body, "until-close" a body with no length at all. */
static const char *const cutting_server_script =
  "import socket, ssl, sys\n"
  "port, cert, key, mode = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]\n"
  "ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)\n"
  "ctx.load_cert_chain(cert, key)\n"
  "ls = socket.socket()\n"
  "ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
  "ls.bind(('127.0.0.1', port))\n"
  "ls.listen(4)\n"
  "body = b'x' * 1000\n"
  "answers = {\n"
  "  'cut': b'HTTP/1.1 200 OK\\r\\nContent-Length: 1000\\r\\n\\r\\n' + body[:500],\n"
  "  'chunked': b'HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n'\n"
  "             + b'3e8\\r\\n' + body + b'\\r\\n0\\r\\n\\r\\n',\n"
  "  'until-close': b'HTTP/1.0 200 OK\\r\\nContent-Type: text/plain\\r\\n\\r\\n' + body,\n"
  "}\n"
  "while True:\n"
  "  c, _ = ls.accept()\n"
  "  try:\n"
  "    t = ctx.wrap_socket(c, server_side=True)\n"
  "    request = b''\n"
  "    while b'\\r\\n\\r\\n' not in request:\n"
  "      request += t.recv(4096)\n"
  "    t.sendall(answers[mode])\n"
  "    t.close()\n"
  "  except Exception:\n"
  "    c.close()\n";

static GSubprocess *
start_python (Fixture *f, guint16 port, const char *script, const char *last)
{
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  const char *argv[] = { "python3", "-c", script, port_text, f->cert, f->key, last, NULL };

  return lab_live_start_server (port, argv);
}

/* The whole answer came, then the server hung up without close_notify: a success, with
 * the warning and what a truncation attack is (it used to be "alert decode_error",
 * OpenSSL's "unexpected eof while reading", exit 1). */
static void
test_connect_unclosed_whole (Fixture *f, gconstpointer data)
{
  guint16 port;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *target = NULL, *out = NULL;
  GSubprocess *server;
  JsonObject *trace;
  JsonArray *events;
  const char *cause;
  guint protected, opened;
  int status, terminal;

  if (!lab_live_need ("openssl") || !lab_live_need ("python3"))
    return;
  port = lab_live_free_port ();
  server = start_python (f, port, http_server_script, f->dir);
  status = connect_json (f, port, TRUE, parser, &trace);
  /* the terminal says the same */
  target = g_strdup_printf ("127.0.0.1:%u", port);
  terminal = lab_test_spawn ((const char *[]){ "connect", target, "--server-name", "localhost",
                                               "--ca-file", f->cert, NULL },
                             &out, NULL);
  lab_live_stop (server);

  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (lab_live_outcome_member (trace, "result"), ==, "success");
  g_assert_null (lab_live_outcome_member (trace, "alert"));
  lab_test_assert_contains (lab_live_outcome_member (trace, "reason"),
                            "the whole answer arrived, then the server closed the connection "
                            "without close_notify");
  cause = lab_live_outcome_member (trace, "cause");
  lab_test_assert_contains (cause, "RFC 5246 §7.2.1");
  lab_test_assert_contains (cause, "truncation attack");
  lab_test_assert_contains (cause, "Content-Length announced");
  lab_test_assert_contains (cause, "nothing was cut");
  /* no alert of OpenSSL's own for the end of the stream */
  events = json_object_get_array_member (trace, "events");
  g_assert_null (lab_live_find_event (events, "alert", "client", "decode_error"));
  g_assert_nonnull (lab_live_find_event (events, "alert", "client", "close_notify"));
  g_assert_nonnull (lab_live_find_event (events, "tcp", "server", "close"));
  lab_live_count_records (trace, &protected, &opened);
  g_assert_cmpuint (opened, ==, protected);

  g_assert_cmpint (terminal, ==, 0);
  lab_test_assert_contains (out, "Outcome: success: the whole answer arrived");
  lab_test_assert_contains (out, "Why: The server closed its socket without sending "
                                 "close_notify.");
}

typedef struct
{
  const char *mode;
  const char *result;
  const char *reason;
  const char *why;
} Ending;

static const Ending endings[] = {
  { "cut", "error",
    "the answer was cut short: its Content-Length announced 1000 bytes of body and only 500 "
    "arrived",
    "what such an attack looks like" },
  { "chunked", "success", "the whole answer arrived", "the last, zero-size chunk arrived" },
  { "until-close", "error", "the answer may have been cut short",
    "neither a Content-Length nor chunked framing" },
};

/* HTTP's framing decides: an answer short of what it announced, or one that only
 * close_notify could have shown whole, is not a success. */
static void
test_connect_unclosed (Fixture *f, gconstpointer data)
{
  const Ending *e = data;
  guint16 port;
  g_autoptr (JsonParser) parser = json_parser_new ();
  GSubprocess *server;
  JsonObject *trace;
  int status;

  if (!lab_live_need ("openssl") || !lab_live_need ("python3"))
    return;
  port = lab_live_free_port ();
  server = start_python (f, port, cutting_server_script, e->mode);
  status = connect_json (f, port, TRUE, parser, &trace);
  lab_live_stop (server);
  g_assert_cmpint (status, ==, g_str_equal (e->result, "success") ? 0 : 1);
  g_assert_cmpstr (lab_live_outcome_member (trace, "result"), ==, e->result);
  lab_test_assert_contains (lab_live_outcome_member (trace, "reason"), e->reason);
  lab_test_assert_contains (lab_live_outcome_member (trace, "cause"), e->why);
  lab_test_assert_contains (lab_live_outcome_member (trace, "cause"), "RFC 9112 §8");
}

/* ---- bad input, and a server that never answers ---- */

static void
test_connect_bad_input (Fixture *f, gconstpointer data)
{
  g_autofree char *closed = g_strdup_printf ("127.0.0.1:%u", lab_live_free_port ());
  g_autofree char *missing = lab_live_path (f, "missing.pem");
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

/* A server that takes the connection and never answers: the connection is bounded, and
 * the lab says what did not happen. */
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
  lab_test_assert_contains (outcome->cause, "sent nothing back to the lab's ClientHello");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/live/connect/ecdhe", Fixture, "ec", lab_live_fixture_set_up, test_connect,
              lab_live_fixture_tear_down);
  g_test_add ("/live/connect/rsa-key-exchange", Fixture, "rsa", lab_live_fixture_set_up,
              test_connect, lab_live_fixture_tear_down);
  g_test_add ("/live/connect/untrusted", Fixture, "ec", lab_live_fixture_set_up,
              test_connect_untrusted, lab_live_fixture_tear_down);
  for (gsize i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autofree char *path = g_strdup_printf ("/live/connect/why/%s", refusals[i].name);
      g_test_add (path, Fixture, &refusals[i], set_up_ec, test_connect_refused,
                  lab_live_fixture_tear_down);
    }
  g_test_add ("/live/connect/no-close-notify/whole-answer", Fixture, "ec",
              lab_live_fixture_set_up, test_connect_unclosed_whole, lab_live_fixture_tear_down);
  for (gsize i = 0; i < G_N_ELEMENTS (endings); i++)
    {
      g_autofree char *path = g_strdup_printf ("/live/connect/no-close-notify/%s",
                                               endings[i].mode);
      g_test_add (path, Fixture, &endings[i], set_up_ec, test_connect_unclosed,
                  lab_live_fixture_tear_down);
    }
  g_test_add ("/live/connect/bad-input", Fixture, NULL, lab_live_fixture_set_up,
              test_connect_bad_input, lab_live_fixture_tear_down);
  g_test_add_func ("/live/connect/timeout", test_connect_timeout);
  return g_test_run ();
}
