/* `handshake-lab import`: what its summary says about the key log and about what it left
 * out. A capture whose Decryption Secrets Block holds the wrong master secret is not
 * "opened with the key log": the lab says the secret opens none of the records. A
 * capture with more connections than the lab keeps counts the ones left out, once each,
 * not once per segment. */
#include "lab-test-util.h"
#include "engine/export/lab-export.h"

#include <json-glib/json-glib.h>

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
put_segment (GByteArray *out, guint32 client, guint8 flags, guint32 seq, const char *payload)
{
  gsize len = strlen (payload);

  put_le32 (out, 1);
  put_le32 (out, 0);
  put_le32 (out, (guint32) (40 + len));
  put_le32 (out, (guint32) (40 + len));
  put_u16 (out, 0x4500);
  put_u16 (out, (guint16) (40 + len));
  put_u32 (out, 0);
  put_u16 (out, 0x4006); /* TTL 64, TCP */
  put_u16 (out, 0);
  put_u32 (out, client);
  put_u32 (out, 0x0a010001); /* 10.1.0.1 */
  put_u16 (out, 40000);
  put_u16 (out, 443);
  put_u32 (out, seq);
  put_u32 (out, 0);
  g_byte_array_append (out, (const guint8 *) "\x50", 1);
  g_byte_array_append (out, &flags, 1);
  put_u16 (out, 65535);
  put_u32 (out, 0);
  g_byte_array_append (out, (const guint8 *) payload, (guint) len);
}

static void
test_dropped_connections_counted_once (void)
{
  const guint connections = 4096 + 5;
  g_autoptr (GByteArray) pcap = g_byte_array_new ();
  g_autofree char *dir = g_dir_make_tmp ("lab-import-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "many.pcap", NULL);
  g_autofree char *err = NULL, *warning = NULL;

  /* the pcap header: magic, version 2.4, zone, accuracy, snap length, LINKTYPE_RAW */
  put_le32 (pcap, 0xa1b2c3d4);
  put_le32 (pcap, 0x00040002);
  put_le32 (pcap, 0);
  put_le32 (pcap, 0);
  put_le32 (pcap, 65535);
  put_le32 (pcap, 101);
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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli-import/wrong-secret", test_wrong_secret);
  g_test_add_func ("/cli-import/dropped-connections-counted-once",
                   test_dropped_connections_counted_once);
  g_test_add_func ("/cli-import/unknown-alert-named", test_unknown_alert_named);
  return g_test_run ();
}
