/* Captures into traces: the public corpus (tests/corpus) against what Wireshark found, the lab's own runs written out as captures in every link
 * type the reader knows and with TCP misbehaving on purpose, the lab's pcapng export
 * round-tripping, and damaged captures and key logs giving errors that say where. */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "engine/capture/lab-capture-reader.h"
#include "engine/export/lab-export.h"
#include "engine/capture/lab-import.h"
#include "engine/capture/lab-keylog.h"
#include "engine/trace/lab-steps.h"
#include "engine/capture/lab-tcp-reassembly.h"
#include "lab-test-util.h"
#include "tls/lab-error.h"
#include "tls/lab-hex.h"

/* ---- reading traces ---- */

static const LabEvent *
find_secret (LabTrace *trace, LabSide side, const char *name)
{
  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      if (e->kind == LAB_EVENT_SECRET && e->side == side && g_str_equal (e->name, name)
          && e->bytes != NULL)
        return e;
    }
  return NULL;
}

static const LabEvent *
find_event (LabTrace *trace, LabEventKind kind, const char *name)
{
  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      if (e->kind == kind && (name == NULL || g_strcmp0 (e->name, name) == 0))
        return e;
    }
  return NULL;
}

/* The application data one side sent, in order. */
static GPtrArray *
app_data_sent (LabTrace *trace, LabSide side)
{
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      if (e->kind == LAB_EVENT_APP_DATA && e->sent && e->side == side)
        g_ptr_array_add (out, e->bytes);
    }
  return out;
}

static GBytes *
hello_random (LabTrace *trace, const char *message)
{
  const LabEvent *e = NULL;

  for (guint i = 0; i < lab_trace_get_n_events (trace) && e == NULL; i++)
    {
      const LabEvent *x = lab_trace_get_event (trace, i);
      if (x->kind == LAB_EVENT_MESSAGE && x->sent && g_str_equal (x->name, message))
        e = x;
    }
  g_assert_nonnull (e);
  return g_bytes_new_from_bytes (e->bytes, 6, 32);
}

static void
assert_hex_equal (GBytes *ours, const char *theirs)
{
  g_autofree char *hex = lab_hex_encode_bytes (ours);

  g_assert_cmpstr (hex, ==, theirs);
}

/* ---- the public corpus (Wireshark as the oracle) ---- */

static char *
corpus_dir (void)
{
  return lab_test_corpus_path ("captures", NULL);
}

static void
compare_fragments (LabTrace *trace, JsonArray *fragments)
{
  g_autoptr (GPtrArray) client = app_data_sent (trace, LAB_SIDE_CLIENT);
  g_autoptr (GPtrArray) server = app_data_sent (trace, LAB_SIDE_SERVER);
  GPtrArray *sent[2] = { client, server };
  guint next[2] = { 0, 0 };

  for (guint i = 0; i < json_array_get_length (fragments); i++)
    {
      JsonObject *f = json_array_get_object_element (fragments, i);
      guint from_server = json_object_get_boolean_member (f, "from_server");
      GBytes *ours;
      g_autofree char *sha256 = NULL;

      g_assert_cmpuint (next[from_server], <, sent[from_server]->len);
      ours = g_ptr_array_index (sent[from_server], next[from_server]++);
      sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, ours);
      g_assert_cmpint (g_bytes_get_size (ours), ==, json_object_get_int_member (f, "length"));
      g_assert_cmpstr (sha256, ==, json_object_get_string_member (f, "sha256"));
    }
  g_assert_cmpuint (next[0], ==, sent[0]->len);
  g_assert_cmpuint (next[1], ==, sent[1]->len);
}

static void
assert_every_record_authentic (LabTrace *trace)
{
  guint opened = 0;

  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      if (e->kind != LAB_EVENT_RECORD || !e->encrypted || e->content_type == 20)
        continue;
      g_assert_nonnull (e->decryption);
      g_assert_true (e->decryption->authentic);
      opened++;
    }
  g_assert_cmpuint (opened, >, 2);
}

static gboolean
check_corpus_capture (const char *snet, JsonObject *capture)
{
  JsonObject *session = json_array_get_object_element (
    json_object_get_array_member (capture, "tls_sessions"), 0);
  guint64 suite_id = g_ascii_strtoull (json_object_get_string_member (session, "cipher_suite"),
                                       NULL, 16);
  g_autofree char *pcap = g_build_filename (snet, json_object_get_string_member (capture, "pcap"),
                                            NULL);
  g_autofree char *keys = g_build_filename (snet, json_object_get_string_member (capture, "keylog"),
                                            NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (LabImport) import = NULL;
  g_autoptr (GBytes) client_random = NULL, server_random = NULL;
  const LabImportedConnection *c;
  const LabEvent *ms, *kb;
  const LabCipherSuite *suite = lab_cipher_suite_lookup ((guint16) suite_id);
  gsize ours;

  if (suite == NULL)
    return FALSE;
  g_test_message ("%s", json_object_get_string_member (capture, "pcap"));
  import = lab_import_file (pcap, keys, &error);
  g_assert_no_error (error);
  g_assert_null (import->damage);
  g_assert_cmpuint (import->connections->len, ==, 1);
  c = g_ptr_array_index (import->connections, 0);
  g_assert_true (c->decrypted);

  client_random = hello_random (c->trace, "ClientHello");
  server_random = hello_random (c->trace, "ServerHello");
  assert_hex_equal (client_random, json_object_get_string_member (session, "client_random"));
  assert_hex_equal (server_random, json_object_get_string_member (session, "server_random"));
  ms = find_secret (c->trace, LAB_SIDE_CLIENT, "master_secret");
  g_assert_nonnull (ms);
  kb = find_secret (c->trace, LAB_SIDE_CLIENT, "key_block");
  g_assert_nonnull (kb);
  /* The suite the ServerHello chose, as the import's recomputation used it. */
  g_assert_cmpuint (suite->id, ==, suite_id);
  if (!json_object_has_member (session, "master_secret_used")
      || json_object_get_null_member (session, "key_block"))
    {
      /* Wireshark's build could not do this cipher (ARIA): the key log's master secret,
       * and every record opening authentic with the lab's keys, are the check. */
      assert_hex_equal (ms->bytes, json_object_get_string_member (session, "keylog_master_secret"));
      assert_every_record_authentic (c->trace);
    }
  else
    {
      assert_hex_equal (ms->bytes, json_object_get_string_member (session, "master_secret_used"));
      /* Wireshark may cut more of the PRF stream than TLS 1.2 uses: ours is its start. */
      ours = g_bytes_get_size (kb->bytes);
      {
        g_autofree char *hex = lab_hex_encode_bytes (kb->bytes);
        g_assert_cmpint (strncmp (hex, json_object_get_string_member (session, "key_block"),
                                  ours * 2), ==, 0);
      }
      compare_fragments (c->trace, json_object_get_array_member (capture,
                                                                 "decrypted_app_data_fragments"));
    }
  g_assert_cmpint (lab_trace_get_outcome (c->trace)->result, ==, LAB_RESULT_SUCCESS);
  g_assert_null (find_event (c->trace, LAB_EVENT_ERROR, NULL));
  return TRUE;
}

static void
test_corpus (void)
{
  g_autofree char *dir = corpus_dir ();
  g_autofree char *expected = NULL, *snet = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonArray *captures;
  guint matched = 0, n;

  expected = g_build_filename (dir, "expected-tshark.json", NULL);
  snet = g_build_filename (dir, "snet", NULL);
  json_parser_load_from_file (parser, expected, &error);
  g_assert_no_error (error);
  captures = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                           "captures");
  n = json_array_get_length (captures);
  for (guint i = 0; i < n; i++)
    matched += check_corpus_capture (snet, json_array_get_object_element (captures, i));
  g_test_message ("%u of %u corpus captures matched Wireshark; the rest use suites the lab's "
                  "table does not know (DSS)", matched, n);
  g_assert_cmpuint (matched, >=, 51);
}

/* Without the key log: the handshake up to ChangeCipherSpec, and a plain why. */
static void
test_corpus_without_keylog (void)
{
  g_autofree char *dir = corpus_dir ();
  g_autofree char *pcap = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (LabImport) import = NULL;
  const LabImportedConnection *c;
  const LabEvent *why;
  g_autoptr (GPtrArray) data = NULL;
  g_autoptr (GPtrArray) steps = NULL;
  guint closed_finished[2] = { 0, 0 };

  pcap = g_build_filename (dir, "snet", "TLS1_2_ECDHE-RSA-AES128-GCM-SHA256_auth.pcap", NULL);
  import = lab_import_file (pcap, NULL, &error);
  g_assert_no_error (error);
  c = g_ptr_array_index (import->connections, 0);
  g_assert_false (c->decrypted);
  g_assert_nonnull (find_event (c->trace, LAB_EVENT_MESSAGE, "ServerKeyExchange"));
  g_assert_nonnull (find_event (c->trace, LAB_EVENT_CCS, NULL));
  g_assert_null (find_event (c->trace, LAB_EVENT_MESSAGE, "Finished"));
  data = app_data_sent (c->trace, LAB_SIDE_CLIENT);
  g_assert_cmpuint (data->len, ==, 0);
  why = find_event (c->trace, LAB_EVENT_ERROR, "records not opened");
  g_assert_nonnull (why);
  lab_test_assert_contains (why->detail, "no key log");
  lab_test_assert_contains (why->detail, "--keylog");
  g_assert_cmpint (lab_trace_get_outcome (c->trace)->result, ==, LAB_RESULT_SUCCESS);

  /* the records that stay closed are still on the ladder: each side's Finished at least */
  steps = lab_steps_from_trace (c->trace);
  for (guint i = 0; i < steps->len; i++)
    {
      const LabStep *step = g_ptr_array_index (steps, i);
      if (g_str_equal (step->title, "Encrypted handshake"))
        {
          closed_finished[step->sender == LAB_SIDE_SERVER]++;
          lab_test_assert_contains (step->facts, "not opened: no key");
          g_assert_cmpint (step->record_event, >=, 0);
        }
    }
  g_assert_cmpuint (closed_finished[0], ==, 1);
  g_assert_cmpuint (closed_finished[1], ==, 1);
}

/* ---- captures written by the test from a lab run ---- */

enum
{
  LINK_NULL = 0,
  LINK_ETHERNET = 1,
  LINK_RAW = 101,
  LINK_SLL = 113,
};

typedef struct
{
  guint32 link;
  gboolean ipv6;
  GByteArray *out;
  guint32 seq[2];
  guint frames;
} Writer;

static void
put16 (GByteArray *a, guint v)
{
  guint8 b[2] = { v >> 8, v };
  g_byte_array_append (a, b, 2);
}

static void
put32 (GByteArray *a, guint32 v)
{
  guint8 b[4] = { v >> 24, v >> 16, v >> 8, v };
  g_byte_array_append (a, b, 4);
}

static void
put32le (GByteArray *a, guint32 v)
{
  guint8 b[4] = { v, v >> 8, v >> 16, v >> 24 };
  g_byte_array_append (a, b, 4);
}

static void
writer_init (Writer *w, guint32 link, gboolean ipv6)
{
  *w = (Writer){ link, ipv6, g_byte_array_new (), { 1000, 90000 }, 0 };
  /* pcap file header: magic, version 2.4, zone, sigfigs, snaplen, link type (little-endian) */
  put32le (w->out, 0xa1b2c3d4);
  g_byte_array_append (w->out, (const guint8 *) "\x02\x00\x04\x00", 4);
  put32le (w->out, 0);
  put32le (w->out, 0);
  put32le (w->out, 262144);
  put32le (w->out, link);
}

/* One TCP segment from dir 0 (client, port 40000) or 1 (server, port 443). */
static void
writer_segment (Writer *w, guint dir, guint32 seq, guint8 flags, const guint8 *data, gsize len)
{
  g_autoptr (GByteArray) p = g_byte_array_new ();
  guint16 ports[2] = { 40000, 443 };
  guint ip_len = (w->ipv6 ? 40 : 20) + 20 + (guint) len;

  switch (w->link)
    {
    case LINK_ETHERNET:
      g_byte_array_append (p, (const guint8 *) "\x02\x00\x00\x00\x00\x01\x02\x00\x00\x00\x00\x02", 12);
      put16 (p, w->ipv6 ? 0x86dd : 0x0800);
      break;
    case LINK_SLL:
      g_byte_array_append (p, (const guint8 *) "\x00\x00\x00\x01\x00\x06\x02\x00\x00\x00\x00\x01\x00\x00", 14);
      put16 (p, w->ipv6 ? 0x86dd : 0x0800);
      break;
    case LINK_NULL:
      put32le (p, w->ipv6 ? 30 : 2);
      break;
    default:
      break;
    }
  if (w->ipv6)
    {
      put32 (p, 0x60000000);
      put16 (p, 20 + (guint) len);
      g_byte_array_append (p, (const guint8 *) "\x06\x40", 2);
      for (guint i = 0; i < 2; i++)
        {
          g_byte_array_append (p, (const guint8 *) "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0", 15);
          g_byte_array_append (p, (const guint8 *) (i == dir ? "\x01" : "\x02"), 1);
        }
    }
  else
    {
      g_byte_array_append (p, (const guint8 *) "\x45\x00", 2);
      put16 (p, ip_len);
      g_byte_array_append (p, (const guint8 *) "\x00\x00\x40\x00\x40\x06\x00\x00", 8);
      g_byte_array_append (p, (const guint8 *) (dir == 0 ? "\x0a\x00\x00\x01" : "\x0a\x00\x00\x02"), 4);
      g_byte_array_append (p, (const guint8 *) (dir == 0 ? "\x0a\x00\x00\x02" : "\x0a\x00\x00\x01"), 4);
    }
  put16 (p, ports[dir]);
  put16 (p, ports[1 - dir]);
  put32 (p, seq);
  put32 (p, w->seq[1 - dir]);
  put16 (p, 0x5000 | flags | LAB_TCP_ACK * ((flags & LAB_TCP_SYN) == 0 || dir == 1));
  g_byte_array_append (p, (const guint8 *) "\xff\xff\x00\x00\x00\x00", 6);
  g_byte_array_append (p, data, (guint) len);
  /* Ethernet pads short frames: the reader must go by the IP length */
  if (w->link == LINK_ETHERNET && p->len < 60)
    g_byte_array_append (p, (const guint8 *) "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 60 - p->len);

  put32le (w->out, 1700000000);
  put32le (w->out, w->frames++ * 100);
  put32le (w->out, p->len);
  put32le (w->out, p->len);
  g_byte_array_append (w->out, p->data, p->len);
}

typedef enum
{
  TCP_PLAIN,
  TCP_MISBEHAVING, /* out of order, retransmitted, overlapping */
} TcpStyle;

/* A direction's pending bytes as segments of awkward sizes, so records split across
 * segments and several share one. */
static void
flush_direction (Writer *w, guint dir, GByteArray *bytes, TcpStyle style)
{
  static const gsize sizes[] = { 7, 1300, 3, 200, 41, 5000 };
  g_autoptr (GArray) starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  guint32 base = w->seq[dir];

  for (gsize off = 0, k = 0; off < bytes->len; k++)
    {
      g_array_append_val (starts, off);
      off += MIN (sizes[k % G_N_ELEMENTS (sizes)], bytes->len - off);
    }
  for (guint i = 0; i < starts->len; i++)
    {
      /* misbehaving: segment i+1 before segment i, every other pair */
      guint j = style == TCP_MISBEHAVING && i % 4 == 0 && i + 1 < starts->len ? i + 1
                : style == TCP_MISBEHAVING && i % 4 == 1 ? i - 1 : i;
      gsize start = g_array_index (starts, gsize, j);
      gsize end = j + 1 < starts->len ? g_array_index (starts, gsize, j + 1) : bytes->len;

      writer_segment (w, dir, base + (guint32) start, 0x08, bytes->data + start, end - start);
      if (style == TCP_MISBEHAVING && j > 0)
        {
          /* a retransmission of what came before, and one overlapping both sides */
          gsize back = MIN (start, 5);
          writer_segment (w, dir, base + (guint32) (start - back), 0x08,
                          bytes->data + start - back, MIN (end - start + back, back + 2));
        }
    }
  w->seq[dir] += bytes->len;
  g_byte_array_set_size (bytes, 0);
}

/* The lab run's records as a capture: three-way handshake, the records of each direction
 * in the order they crossed, FINs. */
static GBytes *
trace_to_pcap (LabTrace *trace, guint32 link, gboolean ipv6, TcpStyle style)
{
  Writer w;
  g_autoptr (GByteArray) pending = g_byte_array_new ();
  guint pending_dir = 0;

  writer_init (&w, link, ipv6);
  writer_segment (&w, 0, w.seq[0]++, LAB_TCP_SYN, NULL, 0);
  writer_segment (&w, 1, w.seq[1]++, LAB_TCP_SYN, NULL, 0);
  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      guint dir = e->direction == LAB_DIRECTION_SERVER_TO_CLIENT;
      gsize len;
      const guint8 *data;

      if (e->kind != LAB_EVENT_RECORD)
        continue;
      if (dir != pending_dir && pending->len > 0)
        flush_direction (&w, pending_dir, pending, style);
      pending_dir = dir;
      data = g_bytes_get_data (e->bytes, &len);
      g_byte_array_append (pending, data, (guint) len);
    }
  flush_direction (&w, pending_dir, pending, style);
  writer_segment (&w, 0, w.seq[0], LAB_TCP_FIN, NULL, 0);
  writer_segment (&w, 1, w.seq[1], LAB_TCP_FIN, NULL, 0);
  return g_byte_array_free_to_bytes (w.out);
}

static LabTrace *
lab_run (void)
{
  static LabTrace *trace;

  if (trace == NULL)
    {
      g_autoptr (LabScenario) scenario = lab_scenario_new_default ();
      trace = lab_test_run (scenario, 7, TRUE);
      g_assert_cmpint (lab_trace_get_outcome (trace)->result, ==, LAB_RESULT_SUCCESS);
    }
  return trace;
}

static LabKeylog *
run_keylog (LabTrace *trace)
{
  LabKeylog *keylog = lab_keylog_new ();
  g_autofree char *text = lab_export_keylog_text (trace);
  g_autoptr (GError) error = NULL;

  g_assert_true (lab_keylog_add_text (keylog, "run.keys", text, strlen (text), &error));
  g_assert_no_error (error);
  return keylog;
}

/* The imported trace shows what the run's trace shows: the same records each way, the
 * same messages, the same master secret and application data. */
static void
assert_same_as_run (LabTrace *run, LabTrace *imported)
{
  g_autofree char *run_client = lab_test_messages (run, LAB_SIDE_CLIENT, TRUE);
  g_autofree char *run_server = lab_test_messages (run, LAB_SIDE_SERVER, TRUE);
  g_autofree char *in_client = lab_test_messages (imported, LAB_SIDE_CLIENT, TRUE);
  g_autofree char *in_server = lab_test_messages (imported, LAB_SIDE_SERVER, TRUE);
  g_autofree char *in_server_received = lab_test_messages (imported, LAB_SIDE_SERVER, FALSE);
  g_autoptr (GPtrArray) run_data = app_data_sent (run, LAB_SIDE_SERVER);
  g_autoptr (GPtrArray) in_data = app_data_sent (imported, LAB_SIDE_SERVER);
  g_autoptr (GPtrArray) steps = lab_steps_from_trace (imported);
  g_autoptr (GByteArray) run_bytes = g_byte_array_new ();
  g_autoptr (GByteArray) in_bytes = g_byte_array_new ();

  for (guint d = LAB_DIRECTION_CLIENT_TO_SERVER; d <= LAB_DIRECTION_SERVER_TO_CLIENT; d++)
    {
      g_autoptr (GBytes) a = lab_test_wire_bytes (run, d);
      g_autoptr (GBytes) b = lab_test_wire_bytes (imported, d);
      g_assert_true (g_bytes_equal (a, b));
    }
  g_assert_cmpstr (in_client, ==, run_client);
  g_assert_cmpstr (in_server, ==, run_server);
  g_assert_cmpstr (in_server_received, ==, run_client);
  g_assert_true (g_bytes_equal (find_secret (run, LAB_SIDE_CLIENT, "master_secret")->bytes,
                                find_secret (imported, LAB_SIDE_CLIENT, "master_secret")->bytes));
  /* the key block is the same, and a capture's has no OpenSSL to be checked against */
  g_assert_true (g_bytes_equal (find_secret (run, LAB_SIDE_CLIENT, "key_block")->bytes,
                                find_secret (imported, LAB_SIDE_CLIENT, "key_block")->bytes));
  lab_test_assert_contains (find_secret (run, LAB_SIDE_CLIENT, "key_block")->detail,
                            "OpenSSL does not expose it");
  lab_test_assert_contains (find_secret (imported, LAB_SIDE_CLIENT, "key_block")->detail,
                            "nothing in the capture to check it against");
  /* the server's page, as one record or several */
  for (guint i = 0; i < run_data->len; i++)
    g_byte_array_append (run_bytes, g_bytes_get_data (run_data->pdata[i], NULL),
                         (guint) g_bytes_get_size (run_data->pdata[i]));
  for (guint i = 0; i < in_data->len; i++)
    g_byte_array_append (in_bytes, g_bytes_get_data (in_data->pdata[i], NULL),
                         (guint) g_bytes_get_size (in_data->pdata[i]));
  g_assert_cmpmem (run_bytes->data, run_bytes->len, in_bytes->data, in_bytes->len);
  g_assert_cmpint (lab_trace_get_outcome (imported)->result, ==, LAB_RESULT_SUCCESS);
  /* every step has a receiver's view and the record that carried it */
  for (guint i = 0; i < steps->len; i++)
    {
      const LabStep *step = g_ptr_array_index (steps, i);
      if (step->kind == LAB_STEP_MESSAGE || step->kind == LAB_STEP_CCS)
        {
          g_assert_cmpint (step->received_event, >=, 0);
          g_assert_cmpint (step->record_event, >=, 0);
          g_assert_false (step->received_differs);
        }
    }
}

typedef struct
{
  guint32 link;
  gboolean ipv6;
  TcpStyle style;
} LinkCase;

static void
test_link_types (gconstpointer data)
{
  const LinkCase *lc = data;
  LabTrace *run = lab_run ();
  g_autoptr (GBytes) pcap = trace_to_pcap (run, lc->link, lc->ipv6, lc->style);
  g_autoptr (LabKeylog) keylog = run_keylog (run);
  g_autoptr (GError) error = NULL;
  g_autoptr (LabImport) import = lab_import_bytes ("test.pcap", g_bytes_get_data (pcap, NULL),
                                                   g_bytes_get_size (pcap), keylog, &error);
  const LabImportedConnection *c;

  g_assert_no_error (error);
  g_assert_null (import->damage);
  g_assert_cmpuint (import->connections->len, ==, 1);
  c = g_ptr_array_index (import->connections, 0);
  g_assert_true (c->decrypted);
  g_assert_cmpstr (c->server, ==, lc->ipv6 ? "[2001:db8::2]:443" : "10.0.0.2:443");
  assert_same_as_run (run, c->trace);
  g_assert_null (find_event (c->trace, LAB_EVENT_ERROR, NULL));
}

/* The lab's own pcapng export, with its Decryption Secrets Block, needs no key log. */
static void
test_export_round_trip (void)
{
  LabTrace *run = lab_run ();
  g_autoptr (GBytes) pcapng = lab_export_pcapng_bytes (run);
  g_autoptr (GError) error = NULL;
  g_autoptr (LabImport) import = lab_import_bytes ("export.pcapng",
                                                   g_bytes_get_data (pcapng, NULL),
                                                   g_bytes_get_size (pcapng), NULL, &error);
  const LabImportedConnection *c;

  g_assert_no_error (error);
  g_assert_null (import->damage);
  g_assert_cmpstr (import->capture.format, ==, "pcapng");
  g_assert_cmpuint (import->connections->len, ==, 1);
  c = g_ptr_array_index (import->connections, 0);
  g_assert_true (c->decrypted);
  assert_same_as_run (run, c->trace);
  g_assert_nonnull (find_event (c->trace, LAB_EVENT_KEYLOG, "CLIENT_RANDOM"));
}

/* A gap the capture never filled: said, and nothing after it invented. */
static void
test_gap (void)
{
  LabTrace *run = lab_run ();
  g_autoptr (GBytes) pcap = trace_to_pcap (run, LINK_ETHERNET, FALSE, TCP_PLAIN);
  g_autoptr (GByteArray) cut = g_byte_array_new ();
  gsize len;
  const guint8 *data = g_bytes_get_data (pcap, &len);
  gsize offset = 24;
  guint frame = 0;
  g_autoptr (LabImport) import = NULL;
  const LabEvent *gap;

  /* drop the fourth packet (data from the client) */
  g_byte_array_append (cut, data, 24);
  while (offset + 16 <= len)
    {
      guint32 caplen = data[offset + 8] | data[offset + 9] << 8 | data[offset + 10] << 16;
      if (++frame != 4)
        g_byte_array_append (cut, data + offset, 16 + caplen);
      offset += 16 + caplen;
    }
  import = lab_import_bytes ("gap.pcap", cut->data, cut->len, NULL, NULL);
  g_assert_nonnull (import);
  g_assert_cmpuint (import->connections->len, ==, 1);
  gap = find_event (((LabImportedConnection *) import->connections->pdata[0])->trace,
                    LAB_EVENT_ERROR, "bytes missing from the capture");
  g_assert_nonnull (gap);
  lab_test_assert_contains (gap->detail, "missing");
}

/* ---- TCP reassembly on its own ---- */

typedef struct
{
  GByteArray *bytes[2];
  GString *notes;
} Collected;

static void
collect_data (LabTcpConnection *c, guint dir, const guint8 *data, gsize len,
              const LabTcpSegment *seg, gpointer user_data)
{
  Collected *out = user_data;
  g_byte_array_append (out->bytes[dir], data, (guint) len);
}

static void
collect_note (LabTcpConnection *c, guint dir, LabTcpNote note, const LabTcpSegment *seg,
              const char *detail, gpointer user_data)
{
  Collected *out = user_data;
  g_string_append_printf (out->notes, "%u:%d ", dir, note);
}

static void
add_segment (LabTcpReassembly *r, guint dir, guint32 seq, guint8 flags, const char *text)
{
  LabTcpSegment seg = { .seq = seq, .flags = flags, .payload = (const guint8 *) text,
                        .payload_len = text ? strlen (text) : 0 };

  seg.src.family = seg.dst.family = 4;
  seg.src.port = dir == 0 ? 40000 : 443;
  seg.dst.port = dir == 0 ? 443 : 40000;
  lab_tcp_reassembly_add (r, &seg);
}

static void
test_reassembly (void)
{
  static const LabTcpCallbacks callbacks = { collect_data, collect_note };
  Collected out = { { g_byte_array_new (), g_byte_array_new () }, g_string_new (NULL) };
  g_autoptr (LabTcpReassembly) r = lab_tcp_reassembly_new (&callbacks, &out);

  /* sequence numbers that wrap around 2^32 on the way */
  add_segment (r, 0, 0xfffffff0u, LAB_TCP_SYN, NULL);
  add_segment (r, 1, 500, LAB_TCP_SYN | LAB_TCP_ACK, NULL);
  add_segment (r, 0, 0xfffffff1u + 10, 0, "KLMNOPQRST");     /* early */
  add_segment (r, 0, 0xfffffff1u, 0, "ABCDEFGHIJ");          /* fills the gap */
  add_segment (r, 0, 0xfffffff1u + 5, 0, "fghijKLMNO");      /* old: overlaps both */
  add_segment (r, 0, 0xfffffff1u + 18, 0, "ST__uvw");        /* half new */
  add_segment (r, 1, 501, 0, "hello");
  add_segment (r, 1, 501, 0, "hello");                       /* retransmitted */
  add_segment (r, 0, 0xfffffff1u + 25, LAB_TCP_FIN, NULL);
  lab_tcp_reassembly_finish (r);
  g_assert_cmpmem (out.bytes[0]->data, out.bytes[0]->len, "ABCDEFGHIJKLMNOPQRST__uvw", 25);
  g_assert_cmpmem (out.bytes[1]->data, out.bytes[1]->len, "hello", 5);
  g_assert_cmpstr (out.notes->str, ==, "0:0 1:1 0:2 ");
  g_assert_cmpuint (((LabTcpConnection *) lab_tcp_reassembly_connections (r)->pdata[0])
                      ->retransmitted[1], ==, 5);
  g_byte_array_unref (out.bytes[0]);
  g_byte_array_unref (out.bytes[1]);
  g_string_free (out.notes, TRUE);
}

/* Past the cap on bytes waiting behind a gap the direction stops, with a note; memory
 * stays bounded. */
static void
test_reassembly_limit (void)
{
  static const LabTcpCallbacks callbacks = { collect_data, collect_note };
  Collected out = { { g_byte_array_new (), g_byte_array_new () }, g_string_new (NULL) };
  g_autoptr (LabTcpReassembly) r = lab_tcp_reassembly_new (&callbacks, &out);
  g_autofree char *chunk = g_strnfill (60000, 'x');

  add_segment (r, 0, 100, LAB_TCP_SYN, NULL);
  add_segment (r, 0, 101, 0, "first");
  /* byte 106 never comes */
  for (guint i = 0; i < 100; i++)
    add_segment (r, 0, 107 + i * 60000, 0, chunk);
  lab_tcp_reassembly_finish (r);
  g_assert_cmpuint (out.bytes[0]->len, ==, 5);
  g_assert_cmpstr (out.notes->str, ==, "0:0 0:5 ");
  g_byte_array_unref (out.bytes[0]);
  g_byte_array_unref (out.bytes[1]);
  g_string_free (out.notes, TRUE);
}

/* ---- damaged input ---- */

static void
assert_import_error (const guint8 *data, gsize len, const char *needle)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LabImport) import = lab_import_bytes ("bad.pcap", data, len, NULL, &error);

  g_assert_null (import);
  g_assert_error (error, LAB_ERROR, error->code);
  lab_test_assert_contains (error->message, "bad.pcap: ");
  lab_test_assert_contains (error->message, needle);
}

static void
test_not_captures (void)
{
  static const guint8 pcap_80211[24] = { 0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0,
                                         0, 0, 0, 0, 0, 0, 4, 0, 105, 0, 0, 0 };

  assert_import_error ((const guint8 *) "", 0, "byte 0: not a pcap or pcapng capture");
  assert_import_error ((const guint8 *) "GET / HTTP/1.1\r\n", 16, "byte 0: not a pcap");
  assert_import_error (pcap_80211, 10, "byte 0");
  assert_import_error (pcap_80211, sizeof pcap_80211, "link type");
}

/* Every prefix of a capture: an error naming a byte offset, or what was there before
 * the cut; never a crash. */
static void
test_truncated (void)
{
  LabTrace *run = lab_run ();
  g_autoptr (GBytes) pcap = trace_to_pcap (run, LINK_SLL, FALSE, TCP_PLAIN);
  g_autoptr (GBytes) pcapng = lab_export_pcapng_bytes (run);
  GBytes *captures[] = { pcap, pcapng };
  guint damaged = 0;

  for (guint k = 0; k < G_N_ELEMENTS (captures); k++)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (captures[k], &len);

      for (gsize cut = 0; cut < len; cut++)
        {
          g_autoptr (GError) error = NULL;
          /* a copy of exactly `cut` bytes, so that reading past it is caught by ASan */
          g_autofree guint8 *copy = g_memdup2 (data, cut);
          g_autoptr (LabImport) import = lab_import_bytes ("cut", copy, cut, NULL, &error);

          if (import == NULL)
            lab_test_assert_contains (error->message, "byte ");
          else if (import->damage != NULL)
            {
              lab_test_assert_contains (import->damage->message, "byte ");
              damaged++;
            }
        }
    }
  g_assert_cmpuint (damaged, >, 0);
}

/* Bytes flipped all over a capture: whatever comes out, nothing crashes. */
static void
test_corrupted (void)
{
  LabTrace *run = lab_run ();
  g_autoptr (GBytes) pcap = trace_to_pcap (run, LINK_ETHERNET, FALSE, TCP_MISBEHAVING);
  gsize len;
  const guint8 *data = g_bytes_get_data (pcap, &len);
  GRand *rand = g_rand_new_with_seed (42);

  for (guint round = 0; round < 300; round++)
    {
      g_autofree guint8 *copy = g_memdup2 (data, len);

      for (guint k = 0; k < 1 + round % 8; k++)
        copy[24 + g_rand_int_range (rand, 0, (gint32) len - 24)] ^= 1u << g_rand_int_range (rand, 0, 8);
      lab_fuzz_capture (copy, len);
    }
  g_rand_free (rand);
}

/* ---- key logs ---- */

typedef struct
{
  const char *text;
  const char *message;
  gsize len; /* 0: strlen (text) */
} BadKeylog;

static void
test_keylog_errors (void)
{
  static const char random[] = "5a5b5c5d5e5f606162636465666768696a6b6c6d6e6f70717273747576777879";
  static const char master[] = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
                               "202122232425262728292a2b2c2d2e2f";
  g_autofree char *good = g_strdup_printf ("# comment\n\nCLIENT_RANDOM %s %s\r\n", random, master);
  g_autofree char *short_ms = g_strdup_printf ("CLIENT_RANDOM %s 0011\n", random);
  g_autofree char *bad_hex = g_strdup_printf ("\nCLIENT_RANDOM %s %.94szz\n", random, master);
  g_autofree char *two = g_strdup_printf ("CLIENT_RANDOM %s\n", random);
  g_autofree char *conflict = g_strdup_printf ("CLIENT_RANDOM %s %s\nCLIENT_RANDOM %s %.94s00\n",
                                               random, master, random, master);
  const BadKeylog bad[] = {
    { short_ms, "test.keys:1: the master secret is 2 bytes, not 48" },
    { bad_hex, "test.keys:2: the master secret is not hexadecimal" },
    { two, "test.keys:1: expected LABEL <hex> <hex>" },
    { "client_random 00 11\n", "test.keys:1: expected LABEL" },
    { "CLIENT_RANDOM 00 11\n", "test.keys:1: the client random is 1 byte, not 32" },
    { conflict, "test.keys:2: another secret for the random (or RSA key) of line 1" },
    { "RSA 0011 2233\n", "test.keys:1: the encrypted pre-master secret's first bytes is 2 bytes" },
    { "CLIENT_RANDOM\0 x y\n", "test.keys:1: a NUL byte", 19 },
  };
  g_autoptr (LabKeylog) keylog = lab_keylog_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) key = lab_hex_decode (random, NULL);

  g_assert_true (lab_keylog_add_text (keylog, "test.keys", good, strlen (good), &error));
  g_assert_no_error (error);
  /* TLS 1.3 lines and unknown labels are read and skipped */
  {
    const char *tls13 = "CLIENT_TRAFFIC_SECRET_0 00 11\nECH_SECRET aa bb\n";
    g_assert_true (lab_keylog_add_text (keylog, "test.keys", tls13, strlen (tls13), &error));
  }
  g_assert_no_error (error);
  assert_hex_equal (lab_keylog_lookup (keylog, key), master);
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (LabKeylog) k = lab_keylog_new ();
      g_autoptr (GError) e = NULL;
      gsize len = bad[i].len ? bad[i].len : strlen (bad[i].text);

      g_assert_false (lab_keylog_add_text (k, "test.keys", bad[i].text, len, &e));
      g_assert_error (e, LAB_ERROR, LAB_ERROR_INVALID);
      lab_test_assert_contains (e->message, bad[i].message);
    }
}

/* The CLI: bad input is a message naming the file (and line), exit 2. */
static void
test_cli (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lab-import-XXXXXX", NULL);
  g_autofree char *pcap_path = g_build_filename (dir, "run.pcap", NULL);
  g_autofree char *keys_path = g_build_filename (dir, "run.keys", NULL);
  g_autofree char *bad_keys = g_build_filename (dir, "bad.keys", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.pcap", NULL);
  LabTrace *run = lab_run ();
  g_autoptr (GBytes) pcap = trace_to_pcap (run, LINK_ETHERNET, FALSE, TCP_PLAIN);
  g_autofree char *keys = lab_export_keylog_text (run);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonObject *root;

  g_assert_true (g_file_set_contents (pcap_path, g_bytes_get_data (pcap, NULL),
                                      (gssize) g_bytes_get_size (pcap), NULL));
  g_assert_true (g_file_set_contents (keys_path, keys, -1, NULL));
  g_assert_true (g_file_set_contents (bad_keys, "# ok\nCLIENT_RANDOM xyz\n", -1, NULL));

  g_assert_cmpint (lab_test_spawn ((const char *[]){ "import", pcap_path, "--keylog", keys_path,
                                                     NULL },
                                   &out, &err),
                   ==, 0);
  lab_test_assert_contains (out, "opened with the key log");
  lab_test_assert_contains (out, "Finished");
  lab_test_assert_contains (out, "Outcome: success");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (lab_test_spawn ((const char *[]){ "import", pcap_path, "--json", NULL }, &out,
                                   &err),
                   ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "connections")),
                    ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (lab_test_spawn ((const char *[]){ "import", missing, NULL }, NULL, &err), ==, 2);
  lab_test_assert_contains (err, "missing.pcap");
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (lab_test_spawn ((const char *[]){ "import", keys_path, NULL }, NULL, &err), ==,
                   2);
  lab_test_assert_contains (err, "run.keys: byte 0: not a pcap or pcapng capture");
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (lab_test_spawn ((const char *[]){ "import", pcap_path, "--keylog", bad_keys,
                                                     NULL },
                                   NULL, &err),
                   ==, 2);
  lab_test_assert_contains (err, "bad.keys:2: expected LABEL <hex> <hex>");
  g_clear_pointer (&err, g_free);

  /* a capture cut in the middle of a packet: what came before, and where it broke */
  g_assert_true (g_file_set_contents (pcap_path, g_bytes_get_data (pcap, NULL),
                                      (gssize) g_bytes_get_size (pcap) - 30, NULL));
  g_assert_cmpint (lab_test_spawn ((const char *[]){ "import", pcap_path, NULL }, &out, &err), ==,
                   2);
  lab_test_assert_contains (out, "ClientHello");
  lab_test_assert_contains (err, "run.pcap: byte ");
  lab_test_assert_contains (err, "truncated");

  g_remove (pcap_path);
  g_remove (keys_path);
  g_remove (bad_keys);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  static const LinkCase links[] = {
    { LINK_ETHERNET, FALSE, TCP_PLAIN },
    { LINK_ETHERNET, TRUE, TCP_MISBEHAVING },
    { LINK_SLL, FALSE, TCP_MISBEHAVING },
    { LINK_NULL, TRUE, TCP_PLAIN },
    { LINK_RAW, FALSE, TCP_MISBEHAVING },
  };
  static const char *const names[] = { "ethernet", "ethernet-ipv6-misbehaving",
                                       "linux-sll-misbehaving", "null-ipv6",
                                       "raw-ip-misbehaving" };

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/import/corpus", test_corpus);
  g_test_add_func ("/import/corpus/without-keylog", test_corpus_without_keylog);
  for (gsize i = 0; i < G_N_ELEMENTS (links); i++)
    {
      g_autofree char *path = g_strdup_printf ("/import/link/%s", names[i]);
      g_test_add_data_func (path, &links[i], test_link_types);
    }
  g_test_add_func ("/import/export-round-trip", test_export_round_trip);
  g_test_add_func ("/import/gap", test_gap);
  g_test_add_func ("/import/reassembly", test_reassembly);
  g_test_add_func ("/import/reassembly-limit", test_reassembly_limit);
  g_test_add_func ("/import/not-captures", test_not_captures);
  g_test_add_func ("/import/truncated", test_truncated);
  g_test_add_func ("/import/corrupted", test_corrupted);
  g_test_add_func ("/import/keylog-errors", test_keylog_errors);
  g_test_add_func ("/import/cli", test_cli);
  return g_test_run ();
}
