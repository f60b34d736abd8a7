/* TLS 1.3 records (RFC 8446 §5.2-5.4): RFC 8448's client application data record opens to
 * its plaintext with the RFC's key and IV, and sealing that plaintext again gives the same
 * record; every TLS 1.3 suite round-trips; the content type is found after the zero
 * padding; a plaintext of zeros only has no content type; a flipped bit, another sequence
 * number or another header fails the tag. */
#include <json-glib/json-glib.h>
#include <string.h>

#include "lab-test-keys.h"
#include "lab-test-util.h"
#include "tls/lab-key-schedule13.h"
#include "tls/lab-record-protection.h"

static JsonObject *
rfc8448 (JsonParser *parser)
{
  g_autofree char *path = lab_test_corpus_path ("rfc8448.json", NULL);
  g_autoptr (GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                        "rfc8448_simple_1rtt");
}

static LabRecordDecryption *
decrypt (const LabRecordKeys *keys, GBytes *record)
{
  g_autoptr (GError) error = NULL;
  LabRecordDecryption *d = lab_record_decrypt (keys, record, &error);

  g_assert_no_error (error);
  g_assert_nonnull (d);
  g_assert_true (d->tls13);
  g_assert_cmpint (d->authentic, ==, d->verdict == LAB_RECORD_AUTHENTIC);
  g_assert_true (d->authentic == (d->plaintext != NULL));
  return d;
}

static void
test_rfc8448_client_application_data (void)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *v = rfc8448 (parser);
  JsonObject *keys_json = json_object_get_object_member (v, "keys");
  JsonObject *record_json = json_object_get_object_member (v, "client_application_record");
  g_auto (LabRecordKeys) keys = { 0 };
  g_autoptr (GBytes) record = lab_test_hex (json_object_get_string_member (record_json, "record"));
  g_autoptr (LabRecordDecryption) d = NULL;
  g_autoptr (GBytes) again = NULL;
  g_autoptr (GError) error = NULL;

  keys.suite = lab_tls13_suite_lookup_name (json_object_get_string_member (v, "suite"));
  keys.key
    = lab_test_hex (json_object_get_string_member (keys_json, "client_application_write_key"));
  keys.iv = lab_test_hex (json_object_get_string_member (keys_json, "client_application_write_iv"));
  keys.seq = (guint64) json_object_get_int_member (record_json, "seq");
  d = decrypt (&keys, record);
  g_assert_true (d->authentic);
  lab_test_assert_hex (d->plaintext, json_object_get_string_member (record_json, "plaintext"));
  g_assert_cmpuint (d->inner_content_type, ==,
                    json_object_get_int_member (record_json, "content_type"));
  g_assert_cmpuint (g_bytes_get_size (d->padding), ==, 0);
  /* nonce = iv XOR seq (0 here); the additional data is the header itself */
  g_assert_true (g_bytes_equal (d->nonce, keys.iv));
  lab_test_assert_hex (d->aad, "1703030043");
  g_assert_cmpuint (d->content_type, ==, LAB_CONTENT_APPLICATION_DATA);
  /* a deterministic AEAD: sealing the same plaintext with the same key, IV and sequence
   * number gives the RFC's record back */
  again = lab_record_encrypt (&keys, 23, d->plaintext, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (again, record));
}

static LabRecordKeys
keys_for (guint16 suite_id, guint64 seq)
{
  const LabCipherSuite *suite = lab_tls13_suite_lookup (suite_id);
  guint8 key[32], iv[12];

  for (guint i = 0; i < sizeof key; i++)
    key[i] = (guint8) (0x10 + i);
  for (guint i = 0; i < sizeof iv; i++)
    iv[i] = (guint8) (0xa0 + i);
  return (LabRecordKeys){
    suite, g_bytes_new (key, suite->key_length), g_bytes_new (iv, 12), NULL, seq, FALSE
  };
}

static void
test_round_trip_with_padding (void)
{
  gsize n;
  const LabCipherSuite *suites = lab_tls13_suite_all (&n);
  g_autoptr (GBytes) content = g_bytes_new_static ("\x14\x00\x00\x02hi", 6);

  for (gsize i = 0; i < n; i++)
    for (gsize zeros = 0; zeros < 20; zeros += 7)
      {
        g_auto (LabRecordKeys) keys = keys_for (suites[i].id, 5);
        g_autoptr (GError) error = NULL;
        g_autoptr (GBytes) record
          = lab_record_encrypt_padded (&keys, LAB_CONTENT_HANDSHAKE, content, zeros, &error);
        g_autoptr (LabRecordDecryption) d = NULL;
        const guint8 *bytes;

        g_assert_no_error (error);
        bytes = g_bytes_get_data (record, NULL);
        /* the outside says application_data, 03 03, and the length of everything after */
        g_assert_cmpuint (bytes[0], ==, 23);
        g_assert_cmpuint (g_bytes_get_size (record), ==, 5 + 6 + 1 + zeros + suites[i].tag_length);
        d = decrypt (&keys, record);
        g_assert_true (d->authentic);
        g_assert_cmpuint (d->inner_content_type, ==, LAB_CONTENT_HANDSHAKE);
        g_assert_true (g_bytes_equal (d->plaintext, content));
        g_assert_cmpuint (g_bytes_get_size (d->padding), ==, zeros);
        g_assert_cmpuint (g_bytes_get_size (d->decrypted), ==, 6 + 1 + zeros);
      }
}

static void
test_no_content_type (void)
{
  g_auto (LabRecordKeys) keys = keys_for (0x1301, 0);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) empty = g_bytes_new_static ("", 0);
  /* content type 0 with no content: the plaintext is zeros only */
  g_autoptr (GBytes) record = lab_record_encrypt_padded (&keys, 0, empty, 3, &error);
  g_autoptr (LabRecordDecryption) d = NULL;

  g_assert_no_error (error);
  d = decrypt (&keys, record);
  g_assert_false (d->authentic);
  g_assert_cmpint (d->verdict, ==, LAB_RECORD_NO_CONTENT_TYPE);
  g_assert_cmpstr (lab_record_verdict_name (d->verdict), ==, "no-content-type");
  lab_test_assert_contains (d->reason, "unexpected_message");
}

static void
test_tampering_fails_the_tag (void)
{
  g_auto (LabRecordKeys) keys = keys_for (0x1303, 7);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) content = g_bytes_new_static ("GET /", 5);
  g_autoptr (GBytes) record = lab_record_encrypt (&keys, 23, content, NULL, &error);
  gsize len = 0;
  g_autofree guint8 *bytes = NULL;

  g_assert_no_error (error);
  bytes = g_memdup2 (g_bytes_get_data (record, &len), g_bytes_get_size (record));
  for (gsize at = 0; at < len; at++)
    {
      g_autoptr (GBytes) flipped = NULL;
      g_autoptr (LabRecordDecryption) d = NULL;

      /* a flipped length byte makes the record another length: not the tag's business */
      if (at == 3 || at == 4)
        continue;
      bytes[at] ^= 0x01;
      flipped = g_bytes_new (bytes, len);
      bytes[at] ^= 0x01;
      d = decrypt (&keys, flipped);
      g_assert_false (d->authentic);
      g_assert_cmpint (d->verdict, ==, LAB_RECORD_BAD_TAG);
    }
  {
    g_autoptr (LabRecordDecryption) d = NULL;

    keys.seq = 8;
    d = decrypt (&keys, record);
    g_assert_cmpint (d->verdict, ==, LAB_RECORD_BAD_TAG);
  }
}

static void
test_truncated (void)
{
  g_auto (LabRecordKeys) keys = keys_for (0x1301, 0);
  g_autoptr (GBytes) record = lab_test_hex ("1703030010"
                                            "00112233445566778899aabbccddeeff");
  g_autoptr (LabRecordDecryption) d = decrypt (&keys, record);

  /* 16 bytes are the tag alone: no room for the content type */
  g_assert_cmpint (d->verdict, ==, LAB_RECORD_TRUNCATED);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/record13/rfc8448-client-application-data",
                   test_rfc8448_client_application_data);
  g_test_add_func ("/record13/round-trip-with-padding", test_round_trip_with_padding);
  g_test_add_func ("/record13/no-content-type", test_no_content_type);
  g_test_add_func ("/record13/tampering-fails-the-tag", test_tampering_fails_the_tag);
  g_test_add_func ("/record13/truncated", test_truncated);
  return g_test_run ();
}
