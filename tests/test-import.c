/* Captures into traces: the lab's own runs written out as captures in every link type the
 * reader knows and with TCP misbehaving on purpose, the lab's pcapng export round-tripping,
 * and damaged captures and key logs giving errors that say where. (Public captures against
 * what Wireshark made of them: test-import-corpus.c; TCP reassembly alone:
 * test-tcp-reassembly.c.) */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "engine/capture/lab-capture-reader.h"
#include "engine/export/lab-export.h"
#include "engine/capture/lab-import.h"
#include "engine/capture/lab-keylog.h"
#include "engine/trace/lab-steps.h"
#include "engine/capture/lab-tcp-reassembly.h"
#include "lab-test-capture.h"
#include "lab-test-util.h"
#include "tls/lab-error.h"
#include "tls/lab-hex.h"




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
  g_autoptr (GPtrArray) run_data = lab_test_app_data_sent (run, LAB_SIDE_SERVER);
  g_autoptr (GPtrArray) in_data = lab_test_app_data_sent (imported, LAB_SIDE_SERVER);
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
  g_assert_true (
    g_bytes_equal (lab_test_find_secret (run, LAB_SIDE_CLIENT, "master_secret")->bytes,
                   lab_test_find_secret (imported, LAB_SIDE_CLIENT, "master_secret")->bytes));
  /* the key block is the same, and in both it is shown by the records its parts opened,
   * exactly as each side sent them; a capture's master secret, from the key log, too */
  g_assert_true (
    g_bytes_equal (lab_test_find_secret (run, LAB_SIDE_CLIENT, "key_block")->bytes,
                   lab_test_find_secret (imported, LAB_SIDE_CLIENT, "key_block")->bytes));
  g_assert_cmpint (lab_test_find_secret (run, LAB_SIDE_CLIENT, "key_block")->match, ==,
                   LAB_MATCH_OPENED_RECORD);
  g_assert_cmpint (lab_test_find_secret (imported, LAB_SIDE_CLIENT, "key_block")->match, ==,
                   LAB_MATCH_OPENED_RECORD);
  g_assert_cmpuint (lab_test_find_secret (imported, LAB_SIDE_CLIENT, "key_block")
                      ->n_evidence_records, ==, 2);
  g_assert_null (strstr (lab_test_find_secret (imported, LAB_SIDE_CLIENT, "key_block")->detail,
                         "OpenSSL"));
  g_assert_cmpint (lab_test_find_secret (imported, LAB_SIDE_CLIENT, "master_secret")->match, ==,
                   LAB_MATCH_OPENED_RECORD);
  /* its verify_data against the one the client sent in its Finished */
  g_assert_cmpint (lab_test_find_secret (imported, LAB_SIDE_CLIENT, "client_verify_data")->match,
                   ==, LAB_MATCH_YES);
  lab_test_assert_contains (
    lab_test_find_secret (imported, LAB_SIDE_CLIENT, "client_verify_data")->detail,
    "equals the verify_data the client sent in its Finished");
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
  LabTestTcpStyle style;
} LinkCase;

static void
test_link_types (gconstpointer data)
{
  const LinkCase *lc = data;
  LabTrace *run = lab_run ();
  g_autoptr (GBytes) pcap = lab_test_trace_to_pcap (run, lc->link, lc->ipv6, lc->style);
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
  g_assert_null (lab_test_find_event (c->trace, LAB_EVENT_ERROR, NULL, LAB_TEST_ANY_SIDE));
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
  g_assert_nonnull (
    lab_test_find_event (c->trace, LAB_EVENT_KEYLOG, "CLIENT_RANDOM", LAB_TEST_ANY_SIDE));
}

/* A gap the capture never filled: said, and nothing after it invented. */
static void
test_gap (void)
{
  LabTrace *run = lab_run ();
  g_autoptr (GBytes) pcap = lab_test_trace_to_pcap (run, LAB_TEST_LINK_ETHERNET, FALSE, LAB_TEST_TCP_PLAIN);
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
  gap = lab_test_find_event (((LabImportedConnection *) import->connections->pdata[0])->trace,
                             LAB_EVENT_ERROR, "bytes missing from the capture",
                             LAB_TEST_ANY_SIDE);
  g_assert_nonnull (gap);
  lab_test_assert_contains (gap->detail, "missing");
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
  g_autoptr (GBytes) pcap = lab_test_trace_to_pcap (run, LAB_TEST_LINK_SLL, FALSE, LAB_TEST_TCP_PLAIN);
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
  g_autoptr (GBytes) pcap = lab_test_trace_to_pcap (run, LAB_TEST_LINK_ETHERNET, FALSE, LAB_TEST_TCP_MISBEHAVING);
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
  lab_test_assert_hex_equal (lab_keylog_lookup (keylog, key), master);
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
  g_autoptr (GBytes) pcap = lab_test_trace_to_pcap (run, LAB_TEST_LINK_ETHERNET, FALSE, LAB_TEST_TCP_PLAIN);
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
    { LAB_TEST_LINK_ETHERNET, FALSE, LAB_TEST_TCP_PLAIN },
    { LAB_TEST_LINK_ETHERNET, TRUE, LAB_TEST_TCP_MISBEHAVING },
    { LAB_TEST_LINK_SLL, FALSE, LAB_TEST_TCP_MISBEHAVING },
    { LAB_TEST_LINK_NULL, TRUE, LAB_TEST_TCP_PLAIN },
    { LAB_TEST_LINK_RAW, FALSE, LAB_TEST_TCP_MISBEHAVING },
  };
  static const char *const names[] = { "ethernet", "ethernet-ipv6-misbehaving",
                                       "linux-sll-misbehaving", "null-ipv6",
                                       "raw-ip-misbehaving" };

  g_test_init (&argc, &argv, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (links); i++)
    {
      g_autofree char *path = g_strdup_printf ("/import/link/%s", names[i]);
      g_test_add_data_func (path, &links[i], test_link_types);
    }
  g_test_add_func ("/import/export-round-trip", test_export_round_trip);
  g_test_add_func ("/import/gap", test_gap);
  g_test_add_func ("/import/not-captures", test_not_captures);
  g_test_add_func ("/import/truncated", test_truncated);
  g_test_add_func ("/import/corrupted", test_corrupted);
  g_test_add_func ("/import/keylog-errors", test_keylog_errors);
  g_test_add_func ("/import/cli", test_cli);
  return g_test_run ();
}
