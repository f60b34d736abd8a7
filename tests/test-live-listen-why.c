/* `listen`'s "Why:" for real clients it cannot agree with: a client that offers only
 * TLS 1.3, one with no suite in common, a hand-made ClientHello without the
 * signature_algorithms extension (and the same with it, which succeeds), a client that
 * does not trust the lab's CA, one that asks for an IP address, plain HTTP to the TLS
 * port. Each sentence is checked for what the messages showed and the RFC it cites. */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "lab-test-capture.h"
#include "lab-test-live.h"
#include "lab-test-util.h"
#include "test-dissect-builder.h"

typedef LabLiveFixture Fixture;

/* A folder for the test; the test's data is its case. */
static void
set_up (Fixture *f, gconstpointer data)
{
  lab_live_fixture_set_up (f, NULL);
}


/* ---- clients the lab's server cannot agree with ---- */

/* A TLS 1.2 ClientHello made by hand, with or without a signature_algorithms extension
 * (which lab_live_s_client -sigalgs cannot leave out): ECDHE suites, P-256 and X25519. */
static GBytes *
client_hello (gboolean with_signature_algorithms)
{
  Builder *b = builder_new ();

  open_record (b, 22);
  open_message (b, 1);
  put_uint (b, 0x0303, 2);
  put_fill (b, 0x5a, 32); /* random */
  open_vector (b, 1);     /* no session ID */
  close_vector (b);
  open_vector (b, 2);
  put_uint (b, 0xc02b, 2); /* ECDHE-ECDSA-AES128-GCM-SHA256 */
  put_uint (b, 0xc02c, 2); /* ECDHE-ECDSA-AES256-GCM-SHA384 */
  put_uint (b, 0xc02f, 2); /* ECDHE-RSA-AES128-GCM-SHA256 */
  close_vector (b);
  put_uint (b, 1, 1); /* compression: null */
  put_uint (b, 0, 1);
  open_vector (b, 2);
  open_extension (b, 10); /* supported_groups */
  open_vector (b, 2);
  put_uint (b, 0x0017, 2);
  put_uint (b, 0x001d, 2);
  close_vector (b);
  close_vector (b);
  open_extension (b, 11); /* ec_point_formats: uncompressed */
  open_vector (b, 1);
  put_uint (b, 0, 1);
  close_vector (b);
  close_vector (b);
  if (with_signature_algorithms)
    {
      open_extension (b, 13);
      open_vector (b, 2);
      put_uint (b, 0x0403, 2); /* ecdsa_secp256r1_sha256 */
      close_vector (b);
      close_vector (b);
    }
  close_vector (b); /* extensions */
  close_vector (b); /* message */
  close_vector (b); /* record */
  return builder_finish (b);
}

typedef struct
{
  const char *name;
  const char *result;
  const char *alert;
  const char *why[4];
} Refusal;

static const Refusal refusals[] = {
  { "tls13-client", "alert", "protocol_version",
    { "The client offers only TLS 1.3", "supported_versions extension lists TLS 1.3",
      "The lab's server speaks TLS 1.2 only", "protocol_version (70)" } },
  { "no-shared-suite", "alert", "handshake_failure",
    { "The client offered AES128-SHA", "ECDHE-ECDSA-AES128-GCM-SHA256",
      "an ECDSA P-256 certificate", "RFC 5246 §7.4.1.3" } },
  { "no-signature-algorithms", "alert", "handshake_failure",
    { "has no signature_algorithms extension", "RFC 5246 §7.4.1.4.1", "{sha1,ecdsa}",
      "security level" } },
  { "untrusted-by-client", "alert", "unknown_ca",
    { "refused it with unknown_ca (48)", "RFC 5246 §7.2.2", "handshake-lab ca --export FILE",
      "curl -k" } },
  { "asked-by-address", "success", NULL,
    { "asked for no name at all", "the lab's certificate names server.handshake.lab",
      "as curl does", "curl --resolve server.handshake.lab:" } },
  { "plain-http", "error", NULL,
    { "The client spoke plain HTTP (\"GET / HTTP/1.1\")", "RFC 5246 §6.2.1",
      "Ask for https://", NULL } },
};

static void
test_listen_refused (Fixture *f, gconstpointer data)
{
  const Refusal *r = data;
  guint16 port;
  GDataInputStream *err_stream;
  GSubprocess *listen;
  const char *cause;
  LabLiveTraces t;

  if (!lab_live_need ("openssl") || !lab_live_need ("curl"))
    return;
  port = lab_live_free_port ();
  listen = lab_live_start_listen (port, (const char *[]){ "--count", "1", "--save", f->dir, NULL },
                                  &err_stream);
  if (g_str_equal (r->name, "untrusted-by-client"))
    {
      /* curl with the system's trust store only */
      g_autofree char *url = g_strdup_printf ("https://127.0.0.1:%u/", port);
      g_assert_cmpint (lab_live_run ((const char *[]){ "curl", "-sS", "--max-time", "20", url,
                                                       NULL },
                                     NULL, NULL),
                       ==, 60);
    }
  else if (g_str_equal (r->name, "asked-by-address"))
    {
      /* the lab's CA trusted, but the certificate's name never asked for */
      g_autofree char *url = g_strdup_printf ("https://127.0.0.1:%u/", port);
      g_autofree char *root = lab_live_ca_root ();
      g_assert_cmpint (lab_live_run ((const char *[]){ "curl", "-sS", "--max-time", "20",
                                                       "--cacert", root, url, NULL },
                                     NULL, NULL),
                       ==, 60);
    }
  else if (g_str_equal (r->name, "tls13-client"))
    g_free (lab_live_s_client (port, NULL, (const char *[]){ "-tls1_3", NULL }));
  else if (g_str_equal (r->name, "no-shared-suite"))
    g_free (lab_live_s_client (port, NULL, (const char *[]){ "-tls1_2", "-cipher", "AES128-SHA", NULL }));
  else if (g_str_equal (r->name, "no-signature-algorithms"))
    {
      g_autoptr (GBytes) hello = client_hello (FALSE);
      g_autoptr (GBytes) answer = lab_live_exchange_raw (port, hello);
      /* a fatal handshake_failure alert record: 15 03 03 00 02 02 28 */
      g_assert_cmpuint (g_bytes_get_size (answer), ==, 7);
      g_assert_cmpmem (g_bytes_get_data (answer, NULL), 7, "\x15\x03\x03\x00\x02\x02\x28", 7);
    }
  else
    {
      const char *request = "GET / HTTP/1.1\r\nHost: server.handshake.lab\r\n\r\n";
      g_autoptr (GBytes) bytes = g_bytes_new_static (request, strlen (request));
      g_autoptr (GBytes) answer = lab_live_exchange_raw (port, bytes);
      g_autofree char *saved = lab_live_path (f, "connection-1.pcapng");
      LabLiveCaptureView view;

      g_assert_cmpuint (g_bytes_get_size (answer), ==, 0);
      lab_live_traces_read (&t, lab_live_finish_listen (listen, err_stream, NULL));
      /* what the lab received is what the capture shows: the whole request, the FIN */
      view = lab_live_read_capture (saved);
      g_assert_cmpmem (view.from_client->data, view.from_client->len, request, strlen (request));
      g_assert_true (view.client_fin);
      g_byte_array_unref (view.from_client);
      goto check;
    }
  lab_live_traces_read (&t, lab_live_finish_listen (listen, err_stream, NULL));
check:
  g_assert_cmpuint (t.n, ==, 1);
  g_assert_cmpstr (lab_live_outcome_member (t.traces[0], "result"), ==, r->result);
  g_assert_cmpstr (lab_live_outcome_member (t.traces[0], "alert"), ==, r->alert);
  cause = lab_live_outcome_member (t.traces[0], "cause");
  for (guint i = 0; i < G_N_ELEMENTS (r->why) && r->why[i] != NULL; i++)
    lab_test_assert_contains (cause, r->why[i]);
  lab_live_traces_clear (&t);
}

/* The same hand-made ClientHello with a signature_algorithms extension gets a
 * ServerHello: the missing extension is the whole difference. */
static void
test_listen_signature_algorithms_control (Fixture *f, gconstpointer data)
{
  guint16 port = lab_live_free_port ();
  GDataInputStream *err_stream;
  GSubprocess *listen = lab_live_start_listen (port, (const char *[]){ "--count", "1", NULL },
                                               &err_stream);
  g_autoptr (GBytes) hello = client_hello (TRUE);
  g_autoptr (GBytes) answer = lab_live_exchange_raw (port, hello);
  const guint8 *bytes = g_bytes_get_data (answer, NULL);

  g_assert_cmpuint (g_bytes_get_size (answer), >, 9);
  g_assert_cmpuint (bytes[0], ==, 22); /* handshake */
  g_assert_cmpuint (bytes[5], ==, 2);  /* ServerHello */
  g_strfreev (lab_live_finish_listen (listen, err_stream, NULL));
}

int
main (int argc, char **argv)
{
  g_autofree char *data_home = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  data_home = lab_live_private_data_home ();
  for (gsize i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autofree char *path = g_strdup_printf ("/live/listen/why/%s", refusals[i].name);
      g_test_add (path, Fixture, &refusals[i], set_up, test_listen_refused,
                  lab_live_fixture_tear_down);
    }
  g_test_add ("/live/listen/why/signature-algorithms-control", Fixture, NULL, set_up,
              test_listen_signature_algorithms_control, lab_live_fixture_tear_down);
  status = g_test_run ();
  lab_test_remove_tree (data_home);
  return status;
}
