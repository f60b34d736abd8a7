/* `handshake-lab import`: what its summary says about the key log and about what it left
 * out. A capture whose Decryption Secrets Block holds the wrong master secret is not
 * "opened with the key log": the lab says the secret opens none of the records. A
 * capture with more connections than the lab keeps counts the ones left out, once each,
 * not once per segment. */
#include "lab-test-util.h"
#include "engine/export/lab-export.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

/* ---- a wrong secret ---- */

static void
test_wrong_secret (void)
{
  g_autoptr (LabScenario) scenario = lab_test_scenario ("[scenario]\ntitle = w\nseed = 1\n");
  g_autoptr (LabTrace) trace = lab_test_run (scenario, 1, TRUE);
  g_autoptr (GBytes) capture = lab_export_pcapng_bytes (trace);
  g_autofree char *dir = g_dir_make_tmp ("lab-import-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "wrong.pcapng", NULL);
  g_autofree char *out = NULL, *json = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  gsize len = g_bytes_get_size (capture);
  char *data = g_memdup2 (g_bytes_get_data (capture, NULL), len);
  char *line = memmem (data, len, "CLIENT_RANDOM ", strlen ("CLIENT_RANDOM "));
  char *secret;
  JsonObject *connection;

  /* the master secret is the third word of the line: change its first digit */
  g_assert_nonnull (line);
  secret = strchr (line + strlen ("CLIENT_RANDOM "), ' ') + 1;
  *secret = *secret == '0' ? '1' : '0';
  g_assert_true (g_file_set_contents (path, data, (gssize) len, NULL));
  g_free (data);

  g_assert_cmpint (lab_test_spawn ((const char *[]){ "import", path, NULL }, &out, NULL), ==, 0);
  g_assert_false (strstr (out, "opened with the key log") != NULL);
  g_assert_true (g_regex_match_simple ("^Connection 1: client 127\\.0\\.0\\.1:[0-9]+ → server "
                                       "127\\.0\\.0\\.1:443, from frame 1, not opened: the key "
                                       "log's master secret for it opens none of its 6 protected "
                                       "records$",
                                       out, G_REGEX_MULTILINE, 0));
  lab_test_assert_contains (out, "Protected records: 6, opened and authentic: 0.\n");
  lab_test_assert_contains (out, "Not shown — records not opened: the key log has a master secret "
                                 "for this connection's client random ");
  lab_test_assert_contains (out, "but none of the 6 protected records opens as authentic with the "
                                 "keys made from it: it is not the secret these peers used");

  g_assert_cmpint (lab_test_spawn ((const char *[]){ "import", "--json", path, NULL }, &json, NULL),
                   ==, 0);
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  connection = json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                  "connections"),
    0);
  g_assert_false (json_object_get_boolean_member (connection, "decrypted"));
  g_assert_true (json_object_get_boolean_member (connection, "master_secret_found"));
  g_assert_cmpint (json_object_get_int_member (connection, "protected_records"), ==, 6);
  g_assert_cmpint (json_object_get_int_member (connection, "records_opened"), ==, 0);
  lab_test_remove_tree (dir);
}

/* ---- more connections than the lab keeps ---- */

static void
put_u16 (GByteArray *out, guint16 v)
{
  guint8 b[2] = { v >> 8, v & 0xff };
  g_byte_array_append (out, b, 2);
}

static void
put_u32 (GByteArray *out, guint32 v)
{
  guint8 b[4] = { v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff };
  g_byte_array_append (out, b, 4);
}

static void
put_le32 (GByteArray *out, guint32 v)
{
  guint32 le = GUINT32_TO_LE (v);
  g_byte_array_append (out, (const guint8 *) &le, 4);
}

/* One raw IPv4 TCP segment as a pcap record (RFC 791 §3.1, RFC 793 §3.1). */
static void
put_tcp (GByteArray *out, guint32 src, guint16 src_port, guint32 dst, guint16 dst_port,
         guint8 flags, guint32 seq, const guint8 *payload, gsize len)
{
  put_le32 (out, 1);
  put_le32 (out, 0);
  put_le32 (out, (guint32) (40 + len));
  put_le32 (out, (guint32) (40 + len));
  put_u16 (out, 0x4500);
  put_u16 (out, (guint16) (40 + len));
  put_u32 (out, 0);
  put_u16 (out, 0x4006); /* TTL 64, TCP */
  put_u16 (out, 0);
  put_u32 (out, src);
  put_u32 (out, dst);
  put_u16 (out, src_port);
  put_u16 (out, dst_port);
  put_u32 (out, seq);
  put_u32 (out, 0);
  g_byte_array_append (out, (const guint8 *) "\x50", 1);
  g_byte_array_append (out, &flags, 1);
  put_u16 (out, 65535);
  put_u32 (out, 0);
  g_byte_array_append (out, payload, (guint) len);
}

static void
put_segment (GByteArray *out, guint32 client, guint8 flags, guint32 seq, const char *payload)
{
  put_tcp (out, client, 40000, 0x0a010001 /* 10.1.0.1 */, 443, flags, seq,
           (const guint8 *) payload, strlen (payload));
}

/* The pcap header: magic, version 2.4, zone, accuracy, snap length, LINKTYPE_RAW. */
static void
put_pcap_header (GByteArray *pcap)
{
  put_le32 (pcap, 0xa1b2c3d4);
  put_le32 (pcap, 0x00040002);
  put_le32 (pcap, 0);
  put_le32 (pcap, 0);
  put_le32 (pcap, 65535);
  put_le32 (pcap, 101);
}

static void
test_dropped_connections_counted_once (void)
{
  const guint connections = 4096 + 5;
  g_autoptr (GByteArray) pcap = g_byte_array_new ();
  g_autofree char *dir = g_dir_make_tmp ("lab-import-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "many.pcap", NULL);
  g_autofree char *err = NULL, *warning = NULL;

  put_pcap_header (pcap);
  for (guint i = 0; i < connections; i++)
    {
      guint32 client = 0x0a000000 | (i + 1); /* 10.0.x.y, one each */

      put_segment (pcap, client, 0x02, 1000, "");          /* SYN */
      put_segment (pcap, client, 0x18, 1001, "hello");     /* PSH+ACK, not TLS */
      put_segment (pcap, client, 0x11, 1006, "");          /* FIN+ACK */
    }
  g_assert_true (g_file_set_contents (path, (const char *) pcap->data, pcap->len, NULL));
  g_assert_cmpint (lab_test_spawn ((const char *[]){ "import", path, NULL }, NULL, &err), ==, 0);
  warning = g_strdup_printf ("handshake-lab import: warning: %s: 5 connections past the first "
                             "4096 are not shown\n", path);
  lab_test_assert_contains (err, warning);
  lab_test_remove_tree (dir);
}

/* ---- an alert the registry does not name ---- */

/* The wire turns the client's certificate_expired into alert 153 and the capture keeps
 * what the server received: every view calls it "unknown (153)", the JSON included. */
static void
test_unknown_alert_named (void)
{
  g_autoptr (LabScenario) scenario = lab_test_scenario (
    "[scenario]\ntitle = u\nseed = 1\n[server]\ncertificate = expired\n[tamper 1]\n"
    "direction = client-to-server\ncontent-type = alert\naction = set-byte\noffset = -1\n"
    "value = 0x99\n");
  g_autoptr (LabTrace) trace = lab_test_run (scenario, 1, TRUE);
  g_autoptr (GBytes) capture = lab_export_pcapng_bytes (trace);
  g_autofree char *dir = g_dir_make_tmp ("lab-import-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "alert.pcapng", NULL);
  g_autofree char *out = NULL, *json = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonObject *connection_trace, *outcome;
  JsonArray *events;
  gboolean named = FALSE;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (capture, NULL),
                                      (gssize) g_bytes_get_size (capture), NULL));
  g_assert_cmpint (lab_test_spawn ((const char *[]){ "import", path, NULL }, &out, NULL), ==, 0);
  lab_test_assert_contains (out, "unknown (153)        fatal alert unknown (153)  ✖ FATAL\n");
  lab_test_assert_contains (out, "Outcome: alert unknown (153), sent by the client");
  g_assert_cmpint (lab_test_spawn ((const char *[]){ "import", "--json", path, NULL }, &json, NULL),
                   ==, 0);
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  connection_trace = json_object_get_object_member (
    json_array_get_object_element (
      json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                    "connections"),
      0),
    "trace");
  outcome = json_object_get_object_member (connection_trace, "outcome");
  g_assert_cmpstr (json_object_get_string_member (outcome, "alert"), ==, "unknown (153)");
  events = json_object_get_array_member (connection_trace, "events");
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *e = json_array_get_object_element (events, i);

      if (!g_str_equal (json_object_get_string_member (e, "kind"), "alert"))
        continue;
      g_assert_cmpstr (json_object_get_string_member (e, "name"), ==, "unknown (153)");
      g_assert_cmpstr (json_object_get_string_member (e, "description"), ==, "unknown (153)");
      named = TRUE;
    }
  g_assert_true (named);
  lab_test_remove_tree (dir);
}

/* ---- a DHE-DSS connection between two OpenSSL programs ---- */

static guint16
listen_port (int *fd_out)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t len = sizeof addr;
  int fd = socket (AF_INET, SOCK_STREAM, 0);

  g_assert_cmpint (bind (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &addr, &len), ==, 0);
  if (fd_out != NULL)
    {
      g_assert_cmpint (listen (fd, 1), ==, 0);
      *fd_out = fd;
    }
  else
    close (fd);
  return ntohs (addr.sin_port);
}

static int
connect_to (guint16 port)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK),
                              .sin_port = htons (port) };
  int fd = socket (AF_INET, SOCK_STREAM, 0);

  if (connect (fd, (struct sockaddr *) &addr, sizeof addr) == 0)
    return fd;
  close (fd);
  return -1;
}

/* Passes bytes between the client (accepted on `listener`) and the server until both
 * have closed, keeping each direction's bytes exactly: the capture of the connection. */
static void
relay (int listener, guint16 server_port, GByteArray *to_server, GByteArray *to_client,
       GArray *reads)
{
  int client = accept (listener, NULL, NULL);
  int server = -1;
  gboolean open[2] = { TRUE, TRUE };
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_assert_cmpint (client, >=, 0);
  for (guint i = 0; i < 100 && (server = connect_to (server_port)) < 0; i++)
    g_usleep (50 * 1000);
  g_assert_cmpint (server, >=, 0);
  while ((open[0] || open[1]) && g_get_monotonic_time () < deadline)
    {
      struct pollfd fds[2] = { { client, POLLIN, 0 }, { server, POLLIN, 0 } };

      if (poll (fds, 2, 500) <= 0)
        continue;
      for (guint d = 0; d < 2; d++)
        {
          guint8 buf[16384];
          ssize_t n;

          if (!open[d] || !(fds[d].revents & (POLLIN | POLLHUP | POLLERR)))
            continue;
          n = read (fds[d].fd, buf, sizeof buf);
          if (n <= 0)
            {
              open[d] = FALSE;
              shutdown (fds[1 - d].fd, SHUT_WR);
              continue;
            }
          g_byte_array_append (d == 0 ? to_server : to_client, buf, (guint) n);
          {
            /* which way and how much, in the order the bytes crossed */
            gint64 read = d == 0 ? (gint64) n : -(gint64) n;
            g_array_append_val (reads, read);
          }
          g_assert_cmpint (write (fds[1 - d].fd, buf, (size_t) n), ==, n);
        }
    }
  close (client);
  close (server);
}

/* One read's bytes of one direction as segments of at most 1000 bytes. */
static void
put_stream (GByteArray *pcap, gboolean from_client, guint32 *seq, const guint8 *bytes, gsize len)
{
  for (gsize at = 0; at < len; at += 1000)
    {
      guint n = (guint) MIN (1000u, len - at);

      if (from_client)
        put_tcp (pcap, 0x0a000001, 40000, 0x0a010001, 443, 0x18, *seq, bytes + at, n);
      else
        put_tcp (pcap, 0x0a010001, 443, 0x0a000001, 40000, 0x18, *seq, bytes + at, n);
      *seq += n;
    }
}

/* Both directions' bytes in the order the relay read them, as a capture has them: the
 * handshake messages of the two sides interleave as they were sent, which is the order
 * the transcript (and so each Finished) is made in. */
static void
put_reads (GByteArray *pcap, guint32 seq[2], const GByteArray *to_server,
           const GByteArray *to_client, const GArray *reads)
{
  gsize at[2] = { 0, 0 };

  for (guint i = 0; i < reads->len; i++)
    {
      gint64 read = g_array_index (reads, gint64, i);
      gboolean from_client = read > 0;
      const GByteArray *bytes = from_client ? to_server : to_client;
      gsize len = (gsize) (from_client ? read : -read);

      put_stream (pcap, from_client, &seq[!from_client], bytes->data + at[!from_client], len);
      at[!from_client] += len;
    }
}

static void
run_quietly (const char *const *argv)
{
  g_autoptr (GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL,
                G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* A DHE-DSS suite in a capture opens: openssl s_server with a DSA certificate and
 * openssl s_client, both allowed the suite (security level 0), talk through a relay that
 * keeps every byte; the capture made of those bytes and the server's key log opens in
 * `import`, every protected record authentic. */
static void
test_dhe_dss_capture_opens (void)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autofree char *dir = g_dir_make_tmp ("lab-import-XXXXXX", NULL);
  g_autofree char *params = g_build_filename (dir, "dsa.params", NULL);
  g_autofree char *key = g_build_filename (dir, "dsa.key", NULL);
  g_autofree char *cert = g_build_filename (dir, "dsa.pem", NULL);
  g_autofree char *keylog = g_build_filename (dir, "server.keys", NULL);
  g_autofree char *capture = g_build_filename (dir, "dss.pcap", NULL);
  g_autofree char *accept_on = NULL, *connect_to_text = NULL, *out = NULL;
  g_autofree char *newkey = g_strconcat ("dsa:", params, NULL);
  g_autoptr (GByteArray) to_server = g_byte_array_new ();
  g_autoptr (GByteArray) to_client = g_byte_array_new ();
  g_autoptr (GByteArray) pcap = g_byte_array_new ();
  g_autoptr (GArray) reads = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GSubprocess) server = NULL, client = NULL;
  g_autoptr (GError) error = NULL;
  const char *suite = "DHE-DSS-AES128-GCM-SHA256:@SECLEVEL=0";
  guint32 seq[2] = { 1000, 5000 };
  guint16 server_port;
  int listener;

  if (openssl == NULL)
    {
      g_test_skip ("openssl is not installed");
      return;
    }
  run_quietly ((const char *[]){ "openssl", "genpkey", "-genparam", "-algorithm", "DSA", "-pkeyopt",
                                 "dsa_paramgen_bits:1024", "-out", params, NULL });
  run_quietly ((const char *[]){ "openssl", "req", "-x509", "-newkey", newkey,
                                 "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj",
                                 "/CN=localhost", NULL });
  server_port = listen_port (NULL);
  accept_on = g_strdup_printf ("127.0.0.1:%u", server_port);
  server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE
                               | G_SUBPROCESS_FLAGS_STDIN_PIPE,
                             &error, "openssl", "s_server", "-accept", accept_on, "-cert", cert,
                             "-key", key, "-cipher", suite, "-keylogfile", keylog, "-www", NULL);
  g_assert_no_error (error);
  connect_to_text = g_strdup_printf ("127.0.0.1:%u", listen_port (&listener));
  client = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                               | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                             &error, "openssl", "s_client", "-connect", connect_to_text, "-tls1_2",
                             "-cipher", suite, "-ign_eof", NULL);
  g_assert_no_error (error);
  {
    GOutputStream *in = g_subprocess_get_stdin_pipe (client);

    g_output_stream_write_all (in, "GET / HTTP/1.0\r\n\r\n", 18, NULL, NULL, &error);
    g_assert_no_error (error);
    g_output_stream_close (in, NULL, NULL);
  }
  relay (listener, server_port, to_server, to_client, reads);
  close (listener);
  g_subprocess_wait (client, NULL, NULL);
  g_subprocess_force_exit (server);
  g_subprocess_wait (server, NULL, NULL);
  g_assert_cmpuint (to_server->len, >, 0);
  g_assert_cmpuint (to_client->len, >, 0);

  /* SYN, SYN+ACK, the client's bytes, the server's, FIN both ways */
  put_pcap_header (pcap);
  put_tcp (pcap, 0x0a000001, 40000, 0x0a010001, 443, 0x02, seq[0]++, NULL, 0);
  put_tcp (pcap, 0x0a010001, 443, 0x0a000001, 40000, 0x12, seq[1]++, NULL, 0);
  put_reads (pcap, seq, to_server, to_client, reads);
  put_tcp (pcap, 0x0a000001, 40000, 0x0a010001, 443, 0x11, seq[0], NULL, 0);
  put_tcp (pcap, 0x0a010001, 443, 0x0a000001, 40000, 0x11, seq[1], NULL, 0);
  g_assert_true (g_file_set_contents (capture, (const char *) pcap->data, pcap->len, NULL));

  g_assert_cmpint (lab_test_spawn ((const char *[]){ "import", capture, "--keylog", keylog, NULL },
                                   &out, NULL), ==, 0);
  g_test_message ("%s", out);
  lab_test_assert_contains (out, "from frame 1, opened with the key log\n");
  lab_test_assert_contains (out, "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256");
  g_assert_true (g_regex_match_simple ("^Protected records: ([0-9]+), opened and authentic: "
                                       "\\1\\.$",
                                       out, G_REGEX_MULTILINE, 0));
  /* with the messages in the order they crossed, each Finished recomputes right */
  g_assert_false (strstr (out, "Not shown") != NULL);
  g_assert_false (strstr (out, "DIFFERS") != NULL);
  lab_test_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli-import/wrong-secret", test_wrong_secret);
  g_test_add_func ("/cli-import/dropped-connections-counted-once",
                   test_dropped_connections_counted_once);
  g_test_add_func ("/cli-import/unknown-alert-named", test_unknown_alert_named);
  g_test_add_func ("/cli-import/dhe-dss-capture-opens", test_dhe_dss_capture_opens);
  return g_test_run ();
}
