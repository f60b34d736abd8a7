/* Exports: the NSS key log, and the pcapng capture read back block by block and segment
 * by segment by the test itself (draft-ietf-opsawg-pcapng), then opened by tshark — the
 * external oracle — which must decrypt exactly the bytes the peers exchanged. */
#include "engine/export/lab-export.h"
#include "engine/session/lab-session.h"
#include "lab-test-capture.h"
#include "lab-test-util.h"
#include "tls/lab-error.h"
#include "tls/lab-hex.h"

#include <glib/gstdio.h>
#include <string.h>

/* ---- runs ---- */

static LabTrace *
run_text (const char *text)
{
  g_autoptr (LabScenario) scenario = lab_test_scenario (text);

  return lab_test_run (scenario, 7, TRUE);
}

static LabTrace *
run_default (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LabScenario) scenario = lab_scenario_load_builtin ("default", &error);

  g_assert_no_error (error);
  return lab_test_run (scenario, 7, TRUE);
}

/* ---- the key log ---- */

static void
test_keylog_client_random (void)
{
  g_autoptr (LabTrace) trace = run_default ();
  g_autofree char *text = lab_export_keylog_text (trace);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_auto (GStrv) fields = NULL;
  const LabEvent *hello
    = lab_test_find_event (trace, LAB_EVENT_MESSAGE, "ClientHello", LAB_SIDE_CLIENT);
  const LabEvent *ms
    = lab_test_find_event (trace, LAB_EVENT_SECRET, "master_secret", LAB_SIDE_CLIENT);
  g_autofree char *client_random = NULL, *master = NULL;

  /* both peers logged the line; the file has it once, newline-terminated */
  g_assert_cmpuint (lab_test_count_kind (trace, LAB_EVENT_KEYLOG), >=, 2);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  g_assert_cmpstr (lines[1], ==, "");
  fields = g_strsplit (lines[0], " ", -1);
  g_assert_cmpuint (g_strv_length (fields), ==, 3);
  g_assert_cmpstr (fields[0], ==, "CLIENT_RANDOM");

  /* handshake header (4), client_version (2), then the 32-byte random (RFC 5246 §7.4.1.2) */
  g_assert_nonnull (hello);
  client_random = lab_test_hex_of (hello->bytes, 6, 32);
  g_assert_cmpstr (fields[1], ==, client_random);
  g_assert_nonnull (ms);
  master = lab_hex_encode_bytes (ms->bytes);
  g_assert_cmpstr (fields[2], ==, master);
}

static void
test_keylog_rsa_key_exchange (void)
{
  g_autoptr (LabTrace) trace = run_text ("[scenario]\ntitle = RSA\n[client]\n"
                                         "cipher-suites = AES128-SHA\n[server]\n"
                                         "key-type = rsa-2048\n");
  g_autofree char *text = lab_export_keylog_text (trace);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  const LabEvent *cke = lab_test_find_event (trace, LAB_EVENT_MESSAGE, "ClientKeyExchange",
                                    LAB_SIDE_CLIENT);
  g_autofree char *encrypted_prefix = NULL;
  gboolean client_random = FALSE, rsa = FALSE;

  g_assert_nonnull (cke);
  /* the RSA line names the first 8 bytes of the encrypted pre-master, after the 4-byte
   * handshake header and the 2-byte length */
  encrypted_prefix = lab_test_hex_of (cke->bytes, 6, 8);
  for (guint i = 0; lines[i] != NULL && *lines[i] != '\0'; i++)
    {
      g_auto (GStrv) fields = g_strsplit (lines[i], " ", -1);

      g_assert_cmpuint (g_strv_length (fields), ==, 3);
      if (g_str_equal (fields[0], "RSA"))
        {
          g_assert_false (rsa);
          g_assert_cmpstr (fields[1], ==, encrypted_prefix);
          g_assert_cmpuint (strlen (fields[2]), ==, 96);
          g_assert_true (g_str_has_prefix (fields[2], "0303"));
          rsa = TRUE;
        }
      else
        {
          g_assert_cmpstr (fields[0], ==, "CLIENT_RANDOM");
          g_assert_false (client_random);
          client_random = TRUE;
        }
    }
  g_assert_true (rsa);
  g_assert_true (client_random);
}

static void
test_keylog_file (void)
{
  g_autoptr (LabTrace) trace = run_default ();
  g_autofree char *dir = g_dir_make_tmp ("lab-export-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "keys.log", NULL);
  g_autofree char *text = lab_export_keylog_text (trace);
  g_autofree char *written = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (lab_export_keylog (trace, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &written, NULL, NULL));
  g_assert_cmpstr (written, ==, text);

  g_assert_false (lab_export_keylog (trace, dir, &error));
  g_assert_error (error, LAB_ERROR, LAB_ERROR_IO);
  g_assert_nonnull (strstr (error->message, dir));
  g_unlink (path);
  g_rmdir (dir);
}

/* ---- the capture, read back ---- */

static void
test_pcapng_structure (void)
{
  g_autoptr (LabTrace) trace = run_default ();
  g_autoptr (GBytes) capture = lab_export_pcapng_bytes (trace);
  const LabEvent *connect = lab_test_find_event (trace, LAB_EVENT_TCP, "connect", LAB_SIDE_CLIENT);
  const LabEvent *accept = lab_test_find_event (trace, LAB_EVENT_TCP, "accept", LAB_SIDE_SERVER);
  LabTestCaptureSummary summary = lab_test_check_capture (trace, capture);
  g_autofree char *client = NULL, *server = NULL;

  g_assert_true (summary.has_secrets);
  /* a full handshake, one request, one response and two close_notify */
  g_assert_cmpuint (summary.data_segments, ==, lab_test_count_kind (trace, LAB_EVENT_RECORD));
  g_assert_cmpuint (summary.data_segments, >=, 12);
  g_assert_cmpuint (summary.control_segments, ==, 7);

  /* the client's port is the one the run really used; the server's real port, shown as
   * 443, is in the SYN's comment */
  client = g_strdup_printf ("from 127.0.0.1:%u ", summary.client_port);
  g_assert_nonnull (strstr (connect->detail, client));
  g_assert_nonnull (strstr (summary.syn_comment, client));
  server = g_strdup_printf ("listening on 127.0.0.1:%s.", strrchr (accept->detail, ' ') + 1);
  g_assert_nonnull (strstr (summary.syn_comment, server));
}

static void
test_pcapng_file (void)
{
  g_autoptr (LabTrace) trace = run_default ();
  g_autoptr (GBytes) capture = lab_export_pcapng_bytes (trace);
  g_autofree char *dir = g_dir_make_tmp ("lab-export-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "run.pcapng", NULL);
  g_autofree char *written = NULL;
  gsize len = 0;
  g_autoptr (GError) error = NULL;

  g_assert_true (lab_export_pcapng (trace, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &written, &len, NULL));
  g_assert_cmpmem (written, len, g_bytes_get_data (capture, NULL), g_bytes_get_size (capture));

  g_assert_false (lab_export_pcapng (trace, dir, &error));
  g_assert_error (error, LAB_ERROR, LAB_ERROR_IO);
  g_unlink (path);
  g_rmdir (dir);
}

/* What the wire changed is in the capture as the receiver got it; a dropped record is not. */
static void
test_pcapng_wire_changes (void)
{
  static const char *const attacks[] = { "flip-application-data", "drop-change-cipher-spec" };

  for (gsize a = 0; a < G_N_ELEMENTS (attacks); a++)
    {
      g_autofree char *text = g_strdup_printf ("[scenario]\ntitle = %s\n[wire]\nattack = %s\n",
                                               attacks[a], attacks[a]);
      g_autoptr (LabTrace) trace = run_text (text);
      g_autoptr (GBytes) capture = lab_export_pcapng_bytes (trace);
      guint changed = 0;

      for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
        changed += lab_trace_get_event (trace, i)->forwarded != NULL;
      g_assert_cmpuint (changed, >=, 1);
      lab_test_check_capture (trace, capture);
    }
}

static void
test_pcapng_failed_handshake_has_no_secrets (void)
{
  g_autoptr (LabTrace) trace = run_text (
    "[scenario]\ntitle = No shared suite\n[client]\ncipher-suites = AES128-SHA\n"
    "[server]\ncipher-suites = ECDHE-ECDSA-AES128-GCM-SHA256\n");
  g_autoptr (GBytes) capture = lab_export_pcapng_bytes (trace);
  LabTestCaptureSummary summary = lab_test_check_capture (trace, capture);

  g_assert_false (summary.has_secrets);
  g_assert_cmpuint (summary.data_segments, >=, 2); /* ClientHello and the alert */
}

static LabEvent *
record (LabDirection direction, gsize len, gssize forwarded_len)
{
  LabEvent *e = lab_event_new (LAB_EVENT_RECORD, LAB_SIDE_WIRE);
  guint8 *data = g_malloc (len);

  for (gsize i = 0; i < len; i++)
    data[i] = (guint8) (i * 7 + len);
  e->direction = direction;
  e->bytes = g_bytes_new_take (data, len);
  if (forwarded_len >= 0)
    e->forwarded = g_bytes_new_take (g_malloc0 ((gsize) forwarded_len), (gsize) forwarded_len);
  return e;
}

static LabEvent *
tcp_close (LabSide side)
{
  LabEvent *e = lab_event_new (LAB_EVENT_TCP, side);

  e->name = g_strdup ("close");
  return e;
}

static LabEvent *
keylog (const char *line)
{
  LabEvent *e = lab_event_new (LAB_EVENT_KEYLOG, LAB_SIDE_CLIENT);

  e->name = g_strdup ("CLIENT_RANDOM");
  e->detail = g_strdup (line);
  return e;
}

/* A trace made by hand: no connect or accept event (the default ports), a record larger
 * than one packet holds, a close logged before the closing side's last record, a
 * dropped and a changed record, duplicate key-log lines, and a second connection. */
static void
test_pcapng_edge_cases (void)
{
  g_autoptr (LabTrace) trace = lab_trace_new ();
  g_autoptr (GBytes) capture = NULL;
  g_autofree char *text = NULL;
  LabTestCaptureSummary summary;
  LabEvent *second = record (LAB_DIRECTION_CLIENT_TO_SERVER, 20, -1);

  second->connection = 1;
  lab_trace_append (trace, keylog ("CLIENT_RANDOM 00 11"));
  lab_trace_append (trace, keylog ("CLIENT_RANDOM 00 11"));
  lab_trace_append (trace, keylog ("CLIENT_RANDOM 22 33"));
  lab_trace_append (trace, record (LAB_DIRECTION_CLIENT_TO_SERVER, 100, -1));
  lab_trace_append (trace, tcp_close (LAB_SIDE_CLIENT));
  lab_trace_append (trace, record (LAB_DIRECTION_CLIENT_TO_SERVER, 70000, -1));
  lab_trace_append (trace, record (LAB_DIRECTION_SERVER_TO_CLIENT, 50, 0));
  lab_trace_append (trace, record (LAB_DIRECTION_SERVER_TO_CLIENT, 10, 12));
  lab_trace_append (trace, tcp_close (LAB_SIDE_SERVER));
  lab_trace_append (trace, second);

  text = lab_export_keylog_text (trace);
  g_assert_cmpstr (text, ==, "CLIENT_RANDOM 00 11\nCLIENT_RANDOM 22 33\n");
  capture = lab_export_pcapng_bytes (trace);
  summary = lab_test_check_capture (trace, capture);
  g_assert_true (summary.has_secrets);
  g_assert_cmpuint (summary.client_port, ==, 49152);
  g_assert_cmpuint (summary.server_port, ==, 443);
  g_assert_cmpstr (summary.syn_comment, ==, "");
  g_assert_cmpuint (summary.connections, ==, 2);
  g_assert_cmpuint (summary.client_ports[1], ==, 49153);
  g_assert_cmpuint (summary.data_segments, ==, 5); /* 100, 65481 + 4519, 12; 20 */
  g_assert_cmpuint (summary.control_segments, ==, 3 + 4 + 3);
}

/* ---- tshark, the oracle ---- */

static gboolean
have_tshark (void)
{
  g_autofree char *path = g_find_program_in_path ("tshark");

  return path != NULL;
}

typedef struct
{
  const char *name;
  const char *scenario; /* NULL: the built-in default */
} TsharkCase;

static char *
tshark (const char *home, const char *capture, const char *const *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_auto (GStrv) envp = g_get_environ ();
  g_autoptr (GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_ptr_array_add (argv, (gpointer) "tshark");
  g_ptr_array_add (argv, (gpointer) "-r");
  g_ptr_array_add (argv, (gpointer) capture);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  /* No user profile (key log files, disabled protocols) may help or hinder the oracle. */
  envp = g_environ_setenv (envp, "HOME", home, TRUE);
  envp = g_environ_setenv (envp, "XDG_CONFIG_HOME", home, TRUE);
  g_spawn_sync (NULL, (char **) argv->pdata, envp,
                G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* `-z follow,tls,raw,N`: the decrypted stream as hex lines after the "Node 1:" line;
 * the second node's lines are indented with a tab. Which end tshark 4.0 calls node 0
 * varies (and it prints node 1's address as ":0"), so node 0's port says who it is. */
static void
read_follow_raw (const char *out, guint16 client_port, GByteArray *streams[2])
{
  g_auto (GStrv) lines = g_strsplit (out, "\n", -1);
  gboolean in_data = FALSE, node0_is_client = TRUE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      g_autoptr (GBytes) bytes = NULL;
      g_autoptr (GError) error = NULL;
      int node;

      if (g_str_has_prefix (line, "Node 0: "))
        {
          const char *port = strrchr (line, ':');

          g_assert_nonnull (port);
          node0_is_client = g_ascii_strtoull (port + 1, NULL, 10) == client_port;
        }
      if (!in_data)
        {
          in_data = g_str_has_prefix (line, "Node 1:");
          continue;
        }
      if (g_str_has_prefix (line, "====="))
        return;
      node = line[0] == '\t';
      bytes = lab_hex_decode (line + node, &error);
      g_assert_no_error (error);
      g_byte_array_append (streams[node0_is_client ? node : !node], g_bytes_get_data (bytes, NULL),
                           (guint) g_bytes_get_size (bytes));
    }
  g_assert_not_reached ();
}

static void
check_tshark_follows (LabTrace *trace, const char *capture, const char *home, guint connection,
                      guint16 client_port)
{
  g_autofree char *stream = g_strdup_printf ("follow,tls,raw,%u", connection);
  const char *const follow[] = { "-q", "-z", stream, NULL };
  g_autofree char *followed = tshark (home, capture, follow);
  g_autoptr (GByteArray) dec_c2s = g_byte_array_new (), dec_s2c = g_byte_array_new ();
  g_autoptr (GByteArray) sent_c2s = g_byte_array_new (), sent_s2c = g_byte_array_new ();
  GByteArray *decrypted[2] = { dec_c2s, dec_s2c }, *sent[2] = { sent_c2s, sent_s2c };

  read_follow_raw (followed, client_port, decrypted);
  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      if (e->kind == LAB_EVENT_APP_DATA && e->sent && e->connection == connection)
        g_byte_array_append (sent[e->direction == LAB_DIRECTION_SERVER_TO_CLIENT],
                             g_bytes_get_data (e->bytes, NULL), (guint) g_bytes_get_size (e->bytes));
    }
  g_assert_true (g_str_has_prefix ((const char *) sent[0]->data, "GET / HTTP/1.1\r\n"));
  g_assert_true (g_str_has_prefix ((const char *) sent[1]->data, "HTTP/1.1 200 OK\r\n"));
  for (int d = 0; d < 2; d++)
    g_assert_cmpmem (decrypted[d]->data, decrypted[d]->len, sent[d]->data, sent[d]->len);
}

/* tshark read every packet with its checksums right, saw one ClientHello per connection,
 * opened both encrypted Finished messages of each, and had nothing to warn about. */
static void
check_tshark_packets (const char *capture, const char *home, const LabTestCaptureSummary *summary)
{
  static const char *const fields[] = {
    "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-T", "fields",
    "-E", "separator=;", "-e", "ip.checksum.status", "-e", "tcp.checksum.status",
    "-e", "tls.handshake.type", NULL };
  static const char *const expert[] = {
    "-q", "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-z", "expert,warn",
    NULL };
  g_autofree char *packets = tshark (home, capture, fields);
  g_autofree char *warnings = tshark (home, capture, expert);
  g_auto (GStrv) lines = g_strsplit (packets, "\n", -1);
  guint client_hellos = 0, finished = 0, n_packets = 0;

  for (guint i = 0; lines[i] != NULL && *lines[i] != '\0'; i++)
    {
      g_auto (GStrv) f = g_strsplit (lines[i], ";", 3);
      g_auto (GStrv) types = NULL;

      g_assert_cmpuint (g_strv_length (f), ==, 3);
      g_assert_cmpstr (f[0], ==, "1"); /* good */
      g_assert_cmpstr (f[1], ==, "1");
      types = g_strsplit (f[2], ",", -1);
      for (guint t = 0; types[t] != NULL; t++)
        {
          client_hellos += g_str_equal (types[t], "1");
          finished += g_str_equal (types[t], "20");
        }
      n_packets++;
    }
  g_assert_cmpuint (n_packets, ==, summary->data_segments + summary->control_segments);
  g_assert_cmpuint (client_hellos, ==, summary->connections);
  g_assert_cmpuint (finished, ==, 2 * summary->connections);
  /* no expert warning or error at all: no bad checksum, no unseen segment, no TCP oddity */
  g_assert_cmpstr (g_strstrip (warnings), ==, "");
}

static void
test_tshark_decrypts (gconstpointer data)
{
  const TsharkCase *c = data;
  g_autoptr (LabTrace) trace = NULL;
  g_autofree char *dir = NULL, *capture = NULL;
  g_autoptr (GError) error = NULL;
  LabTestCaptureSummary summary;

  if (!have_tshark ())
    {
      g_test_skip ("tshark is not installed");
      return;
    }
  trace = c->scenario != NULL ? run_text (c->scenario) : run_default ();
  g_assert_cmpint (lab_trace_get_outcome (trace)->result, ==, LAB_RESULT_SUCCESS);
  dir = g_dir_make_tmp ("lab-tshark-XXXXXX", NULL);
  capture = g_build_filename (dir, "run.pcapng", NULL);
  g_assert_true (lab_export_pcapng (trace, capture, &error));
  g_assert_no_error (error);
  {
    g_autoptr (GBytes) bytes = lab_export_pcapng_bytes (trace);
    summary = lab_test_check_capture (trace, bytes);
  }

  for (guint connection = 0; connection < summary.connections; connection++)
    check_tshark_follows (trace, capture, dir, connection, summary.client_ports[connection]);
  check_tshark_packets (capture, dir, &summary);
  lab_test_remove_tree (dir);
}

/* ---- `run --pcapng --keylog` ---- */

static void
test_cli_run_writes_exports (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lab-export-XXXXXX", NULL);
  g_autofree char *capture = g_build_filename (dir, "run.pcapng", NULL);
  g_autofree char *keys = g_build_filename (dir, "keys.log", NULL);
  const char *argv[] = { "run", "--seed", "3", "--pcapng", capture, "--keylog", keys, NULL };
  g_autofree char *out = NULL, *keylog = NULL, *data = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GArray) blocks = NULL;
  gsize len = 0;

  g_assert_cmpint (lab_test_spawn (argv, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Outcome: success"));
  g_assert_true (g_file_get_contents (keys, &keylog, NULL, NULL));
  g_assert_true (g_str_has_prefix (keylog, "CLIENT_RANDOM "));
  g_assert_true (g_file_get_contents (capture, &data, &len, NULL));
  bytes = g_bytes_new (data, len);
  blocks = lab_test_pcapng_blocks (bytes);
  g_assert_cmpuint (blocks->len, >, 3 + 12 + 7);
  lab_test_check_section_header (&g_array_index (blocks, LabPcapngBlock, 0));
  lab_test_check_interface (&g_array_index (blocks, LabPcapngBlock, 1));
  lab_test_check_secrets (&g_array_index (blocks, LabPcapngBlock, 2), keylog);

  if (have_tshark ())
    {
      static const char *const follow[] = { "-q", "-z", "follow,tls,raw,0", NULL };
      g_autofree char *followed = tshark (dir, capture, follow);
      g_autoptr (GByteArray) c2s = g_byte_array_new (), s2c = g_byte_array_new ();
      LabTestSegment syn = lab_test_read_segment (&g_array_index (blocks, LabPcapngBlock, 3));

      g_free (syn.comment);
      read_follow_raw (followed, syn.src_port, (GByteArray *[]){ c2s, s2c });
      g_byte_array_append (c2s, (const guint8 *) "", 1);
      g_assert_cmpstr ((const char *) c2s->data, ==,
                       "GET / HTTP/1.1\r\nHost: server.handshake.lab\r\n"
                       "User-Agent: handshake-lab\r\nConnection: close\r\n\r\n");
      g_assert_cmpuint (s2c->len, >, 100);
    }
  lab_test_remove_tree (dir);
}

static void
test_cli_run_bad_export_path_exits_2 (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lab-export-XXXXXX", NULL);
  const char *bad_capture[] = { "run", "--pcapng", dir, NULL };
  const char *bad_keylog[] = { "run", "--keylog", dir, NULL };
  g_autofree char *err = NULL;

  g_assert_cmpint (lab_test_spawn (bad_capture, NULL, &err), ==, 2);
  g_assert_true (g_str_has_prefix (err, "handshake-lab run: "));
  g_assert_nonnull (strstr (err, dir));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (lab_test_spawn (bad_keylog, NULL, &err), ==, 2);
  g_assert_nonnull (strstr (err, dir));
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  static const TsharkCase cases[] = {
    { "default", NULL },
    { "ECDHE-RSA-AES256-GCM-SHA384",
      "[scenario]\ntitle = t\n[client]\ncipher-suites = ECDHE-RSA-AES256-GCM-SHA384\n"
      "[server]\nkey-type = rsa-2048\n" },
    { "ECDHE-RSA-CHACHA20-POLY1305",
      "[scenario]\ntitle = t\n[client]\ncipher-suites = ECDHE-RSA-CHACHA20-POLY1305\n"
      "[server]\nkey-type = rsa-2048\n" },
    { "AES128-SHA",
      "[scenario]\ntitle = t\n[client]\ncipher-suites = AES128-SHA\n"
      "[server]\nkey-type = rsa-2048\n" },
    { "DHE-RSA-AES128-GCM-SHA256",
      "[scenario]\ntitle = t\n[client]\ncipher-suites = DHE-RSA-AES128-GCM-SHA256\n"
      "[server]\nkey-type = rsa-2048\n" },
    { "ECDHE-ECDSA-AES128-SHA256/encrypt-then-mac=off",
      "[scenario]\ntitle = t\n[client]\ncipher-suites = ECDHE-ECDSA-AES128-SHA256\n"
      "encrypt-then-mac = off\n" },
    { "ECDHE-ECDSA-AES256-SHA384/extended-master-secret=off",
      "[scenario]\ntitle = t\n[client]\ncipher-suites = ECDHE-ECDSA-AES256-SHA384\n"
      "extended-master-secret = off\n" },
    { "resume-session-id", "[scenario]\ntitle = t\n[client]\nresume = session-id\n" },
    { "resume-ticket", "[scenario]\ntitle = t\n[client]\nresume = ticket\n" },
  };

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/export/keylog/client-random", test_keylog_client_random);
  g_test_add_func ("/export/keylog/rsa-key-exchange", test_keylog_rsa_key_exchange);
  g_test_add_func ("/export/keylog/file", test_keylog_file);
  g_test_add_func ("/export/pcapng/structure", test_pcapng_structure);
  g_test_add_func ("/export/pcapng/file", test_pcapng_file);
  g_test_add_func ("/export/pcapng/wire-changes", test_pcapng_wire_changes);
  g_test_add_func ("/export/pcapng/failed-handshake-has-no-secrets",
                   test_pcapng_failed_handshake_has_no_secrets);
  g_test_add_func ("/export/pcapng/edge-cases", test_pcapng_edge_cases);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/export/tshark-decrypts/%s", cases[i].name);
      g_test_add_data_func (path, &cases[i], test_tshark_decrypts);
    }
  g_test_add_func ("/export/cli/run-writes-exports", test_cli_run_writes_exports);
  g_test_add_func ("/export/cli/bad-export-path-exits-2", test_cli_run_bad_export_path_exits_2);
  return g_test_run ();
}
