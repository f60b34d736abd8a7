/* `handshake-lab derive`, `decrypt-record` and `dissect` with TLS 1.3, run as a user would,
 * against RFC 8448 §3 (tests/corpus/rfc8448.json): from the shared secret and the
 * transcript hashes of its messages, derive prints every secret, key, IV, finished key
 * and verify_data the RFC prints; decrypt-record opens the RFC's client application
 * record with the key and IV derive printed. */
#include <json-glib/json-glib.h>
#include <string.h>

#include "lab-test-keys.h"
#include "lab-test-util.h"
#include "tls/lab-hex.h"

typedef struct
{
  JsonParser *parser;
  JsonObject *vectors;
  GPtrArray *messages; /* GBytes, header included */
} Rfc8448;

static void
rfc8448_clear (Rfc8448 *rfc)
{
  g_clear_object (&rfc->parser);
  g_clear_pointer (&rfc->messages, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Rfc8448, rfc8448_clear)

static void
rfc8448_load (Rfc8448 *rfc)
{
  g_autofree char *path = lab_test_corpus_path ("rfc8448.json", NULL);
  g_autoptr (GError) error = NULL;
  JsonArray *messages;

  rfc->parser = json_parser_new ();
  json_parser_load_from_file (rfc->parser, path, &error);
  g_assert_no_error (error);
  rfc->vectors = json_object_get_object_member (
    json_node_get_object (json_parser_get_root (rfc->parser)), "rfc8448_simple_1rtt");
  messages = json_object_get_array_member (rfc->vectors, "messages");
  rfc->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  for (guint i = 0; i < json_array_get_length (messages); i++)
    g_ptr_array_add (rfc->messages, lab_test_hex (json_object_get_string_member (
                                      json_array_get_object_element (messages, i), "bytes")));
  g_assert_cmpuint (rfc->messages->len, ==, 7);
}

/* SHA-256 of the first n messages, in hex: Transcript-Hash (RFC 8446 §4.4.1) */
static char *
transcript_hash (const Rfc8448 *rfc, guint n)
{
  g_autoptr (GChecksum) sha256 = g_checksum_new (G_CHECKSUM_SHA256);

  for (guint i = 0; i < n; i++)
    {
      gsize length;
      const guint8 *data = g_bytes_get_data (g_ptr_array_index (rfc->messages, i), &length);

      g_checksum_update (sha256, data, length);
    }
  return g_strdup (g_checksum_get_string (sha256));
}

static const char *
vector (const Rfc8448 *rfc, const char *group, const char *name)
{
  JsonObject *object = group ? json_object_get_object_member (rfc->vectors, group) : rfc->vectors;

  g_assert_true (json_object_has_member (object, name));
  return json_object_get_string_member (object, name);
}

/* Runs argv, which must exit with `status` and print JSON; the parser keeps the result. */
static JsonObject *
run_json (const char *const *argv, int status, JsonParser *parser)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (lab_test_spawn (argv, &out, &err), ==, status);
  g_assert_cmpstr (err, ==, "");
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_derive_rfc8448 (void)
{
  g_auto (Rfc8448) rfc = { 0 };
  g_autofree char *hello = NULL, *server_finished = NULL, *application = NULL;
  g_autofree char *client_finished = NULL, *resumption = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *out;
  static const char *const secrets[] = {
    "early_secret",
    "handshake_secret",
    "client_handshake_traffic_secret",
    "server_handshake_traffic_secret",
    "master_secret",
    "client_application_traffic_secret_0",
    "server_application_traffic_secret_0",
    "exporter_master_secret",
    "resumption_master_secret",
  };
  static const char *const keys[] = {
    "client_handshake_write_key", "client_handshake_write_iv",    "server_handshake_write_key",
    "server_handshake_write_iv",  "client_application_write_key", "client_application_write_iv",
    "server_finished_key",        "client_finished_key",
  };

  rfc8448_load (&rfc);
  hello = transcript_hash (&rfc, 2);           /* ClientHello..ServerHello */
  server_finished = transcript_hash (&rfc, 5); /* ..CertificateVerify */
  application = transcript_hash (&rfc, 6);     /* ..server Finished */
  client_finished = g_strdup (application);    /* no client certificate */
  resumption = transcript_hash (&rfc, 7);      /* ..client Finished */
  {
    const char *argv[] = { "derive",
                           "--suite",
                           "TLS_AES_128_GCM_SHA256",
                           "--shared-secret",
                           vector (&rfc, NULL, "shared_secret"),
                           "--hello-hash",
                           hello,
                           "--server-finished-hash",
                           server_finished,
                           "--application-hash",
                           application,
                           "--client-finished-hash",
                           client_finished,
                           "--resumption-hash",
                           resumption,
                           "--json",
                           NULL };

    out = run_json (argv, 0, parser);
  }
  g_assert_cmpstr (json_object_get_string_member (out, "version"), ==, "TLS 1.3");
  g_assert_cmpstr (json_object_get_string_member (out, "hkdf_hash"), ==, "SHA256");
  for (gsize i = 0; i < G_N_ELEMENTS (secrets); i++)
    g_assert_cmpstr (json_object_get_string_member (out, secrets[i]), ==,
                     vector (&rfc, "secrets", secrets[i]));
  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_cmpstr (json_object_get_string_member (out, keys[i]), ==,
                     vector (&rfc, "keys", keys[i]));
  /* verify_data is the body of each Finished the RFC shows (after its 4-byte header) */
  {
    g_autofree char *sent_by_server = lab_test_hex_of (g_ptr_array_index (rfc.messages, 5), 4, 32);
    g_autofree char *sent_by_client = lab_test_hex_of (g_ptr_array_index (rfc.messages, 6), 4, 32);

    g_assert_cmpstr (json_object_get_string_member (out, "server_verify_data"), ==, sent_by_server);
    g_assert_cmpstr (json_object_get_string_member (out, "client_verify_data"), ==, sent_by_client);
  }
  lab_test_assert_contains (
    json_object_get_string_member (json_object_get_object_member (out, "formulas"),
                                   "client_handshake_traffic_secret"),
    "Derive-Secret(handshake_secret, \"c hs traffic\", ClientHello..ServerHello)");
}

/* The record RFC 8448 §3 shows the client sending first, opened with the key and IV that
 * derive printed (not the RFC's: the two commands together reproduce the RFC). */
static void
test_decrypt_rfc8448_record (void)
{
  g_auto (Rfc8448) rfc = { 0 };
  g_autofree char *hello = NULL, *application = NULL;
  g_autoptr (JsonParser) derived = json_parser_new ();
  g_autoptr (JsonParser) opened = json_parser_new ();
  JsonObject *keys, *out;
  const char *record;

  rfc8448_load (&rfc);
  hello = transcript_hash (&rfc, 2);
  application = transcript_hash (&rfc, 6);
  {
    const char *argv[] = { "derive",
                           "--suite",
                           "TLS_AES_128_GCM_SHA256",
                           "--shared-secret",
                           vector (&rfc, NULL, "shared_secret"),
                           "--hello-hash",
                           hello,
                           "--application-hash",
                           application,
                           "--json",
                           NULL };

    keys = run_json (argv, 0, derived);
  }
  record = json_object_get_string_member (
    json_object_get_object_member (rfc.vectors, "client_application_record"), "record");
  {
    const char *argv[] = { "decrypt-record",
                           "--suite",
                           "TLS_AES_128_GCM_SHA256",
                           "--key",
                           json_object_get_string_member (keys, "client_application_write_key"),
                           "--iv",
                           json_object_get_string_member (keys, "client_application_write_iv"),
                           "--seq",
                           "0",
                           "--json",
                           record,
                           NULL };

    out = run_json (argv, 0, opened);
  }
  g_assert_true (json_object_get_boolean_member (out, "authentic"));
  g_assert_cmpint (json_object_get_int_member (out, "inner_content_type"), ==, 23);
  g_assert_cmpstr (json_object_get_string_member (out, "plaintext"), ==,
                   vector (&rfc, "client_application_record", "plaintext"));
  /* RFC 8446 §5.2: the additional data is the record header itself */
  g_assert_cmpstr (json_object_get_string_member (out, "aad"), ==, "1703030043");
}

/* One byte of the ciphertext changed, or the wrong sequence number: not authentic, exit 1,
 * and nothing decrypted is shown as plaintext. */
static void
test_decrypt_tampered_or_wrong_seq (void)
{
  g_auto (Rfc8448) rfc = { 0 };
  g_autofree char *tampered = NULL;
  const char *record;

  rfc8448_load (&rfc);
  record = json_object_get_string_member (
    json_object_get_object_member (rfc.vectors, "client_application_record"), "record");
  tampered = g_strdup (record);
  tampered[12] = tampered[12] == '0' ? '1' : '0';
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr (JsonParser) parser = json_parser_new ();
      const char *argv[] = { "decrypt-record",
                             "--suite",
                             "TLS_AES_128_GCM_SHA256",
                             "--key",
                             vector (&rfc, "keys", "client_application_write_key"),
                             "--iv",
                             vector (&rfc, "keys", "client_application_write_iv"),
                             "--seq",
                             i == 0 ? "0" : "1",
                             "--json",
                             i == 0 ? tampered : record,
                             NULL };
      JsonObject *out = run_json (argv, 1, parser);

      g_assert_false (json_object_get_boolean_member (out, "authentic"));
      g_assert_cmpstr (json_object_get_string_member (out, "verdict"), ==, "bad-tag");
      g_assert_true (json_object_get_null_member (out, "plaintext"));
    }
}

static void
assert_usage_error (const char *const *argv, const char *expected)
{
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (lab_test_spawn (argv, &out, &err), ==, 2);
  g_test_message ("%s", err);
  g_assert_cmpstr (out, ==, "");
  lab_test_assert_contains (err, expected);
}

static void
test_derive_bad_input (void)
{
  const char *hash = "0000000000000000000000000000000000000000000000000000000000000000";
  const char *tls12_option[] = { "derive",
                                 "--suite",
                                 "TLS_AES_128_GCM_SHA256",
                                 "--shared-secret",
                                 "01",
                                 "--hello-hash",
                                 hash,
                                 "--pms",
                                 "01",
                                 NULL };
  const char *no_shared[]
    = { "derive", "--suite", "TLS_AES_128_GCM_SHA256", "--hello-hash", hash, NULL };
  const char *short_hash[]
    = { "derive", "--suite", "TLS_AES_256_GCM_SHA384", "--shared-secret", "01", "--hello-hash",
        hash,     NULL };
  const char *resumption_alone[] = { "derive",
                                     "--suite",
                                     "TLS_AES_128_GCM_SHA256",
                                     "--shared-secret",
                                     "01",
                                     "--hello-hash",
                                     hash,
                                     "--resumption-hash",
                                     hash,
                                     NULL };
  const char *tls13_option[]
    = { "derive", "--suite", "ECDHE-RSA-AES128-GCM-SHA256", "--hello-hash", hash, NULL };

  assert_usage_error (tls12_option, "--pms: TLS_AES_128_GCM_SHA256 is a TLS 1.3 suite");
  assert_usage_error (no_shared, "--shared-secret is required");
  assert_usage_error (short_hash, "--hello-hash is 32 bytes; it must be 48");
  assert_usage_error (resumption_alone, "--resumption-hash needs --application-hash");
  assert_usage_error (tls13_option, "are for TLS 1.3 suites");
}

/* `dissect --message`: the ServerHello is called TLS 1.3, a bare Certificate read with its
 * TLS 1.3 layout when --tls13 says so. */
static void
test_dissect_messages (void)
{
  g_auto (Rfc8448) rfc = { 0 };
  g_autofree char *hello = NULL, *certificate = NULL;
  g_autofree char *out = NULL, *err = NULL;

  rfc8448_load (&rfc);
  hello = lab_hex_encode_bytes (g_ptr_array_index (rfc.messages, 1));
  certificate = lab_hex_encode_bytes (g_ptr_array_index (rfc.messages, 3));
  {
    const char *argv[] = { "dissect", "--message", hello, NULL };

    g_assert_cmpint (lab_test_spawn (argv, &out, &err), ==, 0);
    lab_test_assert_contains (out,
                              "ServerHello: TLS 1.3, TLS_AES_128_GCM_SHA256, key share x25519");
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *argv[] = { "dissect", "--message", "--tls13", certificate, NULL };

    g_assert_cmpint (lab_test_spawn (argv, &out, &err), ==, 0);
    lab_test_assert_contains (out, "Certificate: 1 certificate, leaf CN=rsa");
    lab_test_assert_contains (out, "Certificate request context length: 0");
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli-tls13/derive/rfc8448", test_derive_rfc8448);
  g_test_add_func ("/cli-tls13/derive/bad-input", test_derive_bad_input);
  g_test_add_func ("/cli-tls13/decrypt-record/rfc8448", test_decrypt_rfc8448_record);
  g_test_add_func ("/cli-tls13/decrypt-record/tampered-or-wrong-seq",
                   test_decrypt_tampered_or_wrong_seq);
  g_test_add_func ("/cli-tls13/dissect/messages", test_dissect_messages);
  return g_test_run ();
}
