/* Real captures, an external oracle: for every capture in tests/corpus/captures/snet
 * whose suite the lab knows, the key block derived from the key log's master secret is the
 * one Wireshark derived, and every record after each side's ChangeCipherSpec opens as
 * authentic, the application data matching what Wireshark decrypted (expected-tshark.json). */
#include <json-glib/json-glib.h>
#include <string.h>

#include "lab-test-util.h"
#include "tls/lab-hex.h"
#include "tls/lab-key-schedule.h"
#include "tls/lab-reader.h"
#include "tls/lab-record-protection.h"

static GBytes *
member_hex (JsonObject *object, const char *member)
{
  g_autoptr (GError) error = NULL;
  GBytes *bytes = lab_hex_decode (json_object_get_string_member (object, member), &error);

  g_assert_no_error (error);
  return bytes;
}

static guint32
le32 (const guint8 *p)
{
  return p[0] | (p[1] << 8) | (p[2] << 16) | ((guint32) p[3] << 24);
}

static guint16
be16 (const guint8 *p)
{
  return (guint16) ((p[0] << 8) | p[1]);
}

/* The TCP payloads of a classic pcap (Ethernet, IPv4, one TCP connection, no loss or
 * reordering, as these captures are), split by direction. The client is whoever sent the
 * first segment (its SYN). */
static void
split_pcap (GBytes *pcap, GByteArray *to_server, GByteArray *to_client)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (pcap, &len);
  gsize offset = 24;
  guint16 server_port = 0;

  g_assert_cmpuint (len, >=, 24);
  g_assert_cmphex (le32 (data), ==, 0xa1b2c3d4);
  g_assert_cmpuint (le32 (data + 20), ==, 1); /* LINKTYPE_ETHERNET */
  while (offset + 16 <= len)
    {
      gsize captured = le32 (data + offset + 8);
      const guint8 *packet = data + offset + 16;
      const guint8 *ip = packet + 14;
      gsize ip_header, tcp_header, ip_total;

      offset += 16 + captured;
      g_assert_cmpuint (offset, <=, len);
      if (captured < 14 + 20 + 20 || be16 (packet + 12) != 0x0800 || ip[9] != 6)
        continue;
      ip_header = (ip[0] & 0x0f) * 4;
      ip_total = be16 (ip + 2);
      g_assert_cmpuint (14 + ip_total, <=, captured);
      tcp_header = (ip[ip_header + 12] >> 4) * 4;
      if (server_port == 0)
        server_port = be16 (ip + ip_header + 2);
      g_byte_array_append (be16 (ip + ip_header + 2) == server_port ? to_server : to_client,
                           ip + ip_header + tcp_header, ip_total - ip_header - tcp_header);
    }
}

/* Wireshark's build could not do every cipher (ARIA): then it derived no key block, and
 * the lab's own derivation from the key log's master secret must open every record. */
static gboolean
wireshark_derived (JsonObject *session)
{
  return json_object_has_member (session, "master_secret_used")
         && !json_object_get_null_member (session, "key_block");
}

static LabKeyBlock *
derive_and_compare (const LabCipherSuite *suite, JsonObject *session)
{
  g_autoptr (GBytes) master = member_hex (session, wireshark_derived (session)
                                                     ? "master_secret_used"
                                                     : "keylog_master_secret");
  g_autoptr (GBytes) client_random = member_hex (session, "client_random");
  g_autoptr (GBytes) server_random = member_hex (session, "server_random");
  g_autoptr (GBytes) wireshark_block = NULL;
  JsonObject *parts = NULL;
  g_autoptr (GError) error = NULL;
  LabKeyBlock *kb = lab_key_block_derive (suite, master, client_random, server_random, &error);
  /* Wireshark's names for the parts, in the lab's order. */
  const char *wireshark_names[LAB_KEY_N_PARTS] = {
    "client_mac_key", "server_mac_key",  "client_write_key",
    "server_write_key", "client_write_iv", "server_write_iv",
  };
  gsize ours = g_bytes_get_size (kb->key_block->value);

  g_assert_no_error (error);
  if (!wireshark_derived (session))
    return kb;
  wireshark_block = member_hex (session, "key_block");
  parts = json_object_get_object_member (session, "key_block_parts");
  /* Wireshark may cut more (CBC IVs TLS 1.2 does not use): the PRF is one stream, so the
   * lab's key block is the start of Wireshark's. */
  g_assert_cmpuint (ours, <=, g_bytes_get_size (wireshark_block));
  g_assert_cmpmem (g_bytes_get_data (kb->key_block->value, NULL), ours,
                   g_bytes_get_data (wireshark_block, NULL), ours);
  for (guint p = 0; p < LAB_KEY_N_PARTS; p++)
    if (g_bytes_get_size (kb->parts[p]->value) > 0)
      {
        g_autoptr (GBytes) theirs = member_hex (parts, wireshark_names[p]);

        g_assert_true (g_bytes_equal (kb->parts[p]->value, theirs));
      }
  return kb;
}

/* Opens every record after the ChangeCipherSpec of one direction; returns the application
 * data plaintexts in order. */
static GPtrArray *
open_direction (const LabCipherSuite *suite, const LabKeyBlock *kb, gboolean from_server,
                gboolean encrypt_then_mac, GByteArray *stream)
{
  GPtrArray *app_data = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  LabRecordKeys keys = {
    suite,
    kb->parts[from_server ? LAB_KEY_SERVER_WRITE_KEY : LAB_KEY_CLIENT_WRITE_KEY]->value,
    suite->fixed_iv_length > 0
      ? kb->parts[from_server ? LAB_KEY_SERVER_WRITE_IV : LAB_KEY_CLIENT_WRITE_IV]->value
      : NULL,
    suite->mac_key_length > 0
      ? kb->parts[from_server ? LAB_KEY_SERVER_WRITE_MAC_KEY : LAB_KEY_CLIENT_WRITE_MAC_KEY]
          ->value
      : NULL,
    0,
    encrypt_then_mac,
  };
  gboolean encrypted = FALSE;
  guint opened = 0;
  LabReader reader;

  lab_reader_init (&reader, stream->data, stream->len);
  while (!lab_reader_at_end (&reader))
    {
      gsize start = lab_reader_offset (&reader);
      guint8 type;
      guint16 version;
      LabReader fragment;
      g_autoptr (GBytes) record = NULL;
      g_autoptr (LabRecordDecryption) d = NULL;
      g_autoptr (GError) error = NULL;

      g_assert_true (lab_reader_u8 (&reader, &type) && lab_reader_u16 (&reader, &version));
      g_assert_true (lab_reader_vector (&reader, 2, &fragment, NULL));
      if (!encrypted)
        {
          encrypted = type == LAB_CONTENT_CHANGE_CIPHER_SPEC;
          continue;
        }
      record = g_bytes_new (stream->data + start, lab_reader_offset (&reader) - start);
      d = lab_record_decrypt (&keys, record, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (d->reason, ==, NULL);
      if (opened++ == 0) /* the Finished: a 12-byte verify_data */
        g_assert_cmpmem (g_bytes_get_data (d->plaintext, NULL), 4, "\x14\x00\x00\x0c", 4);
      if (type == LAB_CONTENT_APPLICATION_DATA)
        g_ptr_array_add (app_data, g_bytes_ref (d->plaintext));
      keys.seq++;
    }
  g_assert_true (encrypted);
  g_assert_cmpuint (opened, >, 0);
  return app_data;
}

/* Wireshark's fragments of one direction, in order, against the lab's plaintexts. */
static void
compare_app_data (JsonArray *fragments, gboolean from_server, GPtrArray *ours)
{
  guint next = 0;

  for (guint i = 0; i < json_array_get_length (fragments); i++)
    {
      JsonObject *f = json_array_get_object_element (fragments, i);
      GBytes *plaintext;
      g_autofree char *sha256 = NULL;
      g_autofree char *head = NULL;
      const char *expected_head = json_object_get_string_member (f, "head_hex");

      if (json_object_get_boolean_member (f, "from_server") != from_server)
        continue;
      g_assert_cmpuint (next, <, ours->len);
      plaintext = g_ptr_array_index (ours, next++);
      sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, plaintext);
      head = lab_hex_encode (g_bytes_get_data (plaintext, NULL),
                             MIN (g_bytes_get_size (plaintext), strlen (expected_head) / 2));
      g_assert_cmpint (g_bytes_get_size (plaintext), ==,
                       json_object_get_int_member (f, "length"));
      g_assert_cmpstr (sha256, ==, json_object_get_string_member (f, "sha256"));
      g_assert_cmpstr (head, ==, expected_head);
    }
  g_assert_cmpuint (next, ==, ours->len);
}

static gboolean
check_capture (const char *dir, JsonObject *capture)
{
  JsonObject *session = json_array_get_object_element (
    json_object_get_array_member (capture, "tls_sessions"), 0);
  const LabCipherSuite *suite = lab_cipher_suite_lookup_name (
    json_object_get_string_member (session, "cipher_suite_openssl_name"));
  g_autofree char *path = NULL;
  char *contents = NULL;
  gsize length = 0;
  g_autoptr (GBytes) pcap = NULL;
  g_autoptr (GByteArray) to_server = g_byte_array_new ();
  g_autoptr (GByteArray) to_client = g_byte_array_new ();
  g_autoptr (LabKeyBlock) kb = NULL;
  g_autoptr (GError) error = NULL;
  gboolean etm;

  if (suite == NULL) /* DSS: not in the lab's table */
    return FALSE;
  g_test_message ("%s", json_object_get_string_member (capture, "pcap"));
  path = g_build_filename (dir, json_object_get_string_member (capture, "pcap"), NULL);
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  pcap = g_bytes_new_take (contents, length);
  split_pcap (pcap, to_server, to_client);
  kb = derive_and_compare (suite, session);
  etm = json_object_get_boolean_member (session, "encrypt_then_mac_negotiated");
  for (guint side = 0; side < 2; side++)
    {
      g_autoptr (GPtrArray) app_data = open_direction (suite, kb, side == 1, etm,
                                                       side == 1 ? to_client : to_server);

      if (wireshark_derived (session))
        compare_app_data (json_object_get_array_member (capture, "decrypted_app_data_fragments"),
                          side == 1, app_data);
      /* else: open_direction has already held every record, the Finished first, to opening
       * authentic with the lab's keys, which only the right keys can do */
    }
  return TRUE;
}

static void
test_captures_decrypt (void)
{
  g_autofree char *dir = lab_test_corpus_path ("captures", NULL);
  g_autofree char *expected = g_build_filename (dir, "expected-tshark.json", NULL);
  g_autofree char *snet = g_build_filename (dir, "snet", NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonArray *captures;
  guint checked = 0;

  json_parser_load_from_file (parser, expected, &error);
  g_assert_no_error (error);
  captures = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                           "captures");
  for (guint i = 0; i < json_array_get_length (captures); i++)
    checked += check_capture (snet, json_array_get_object_element (captures, i));
  /* GCM, CCM, CCM8, ChaCha20-Poly1305 and CBC encrypt-then-MAC, RSA/DHE/ECDHE. */
  g_assert_cmpuint (checked, >=, 30);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/record/captures/decrypt", test_captures_decrypt);
  return g_test_run ();
}
