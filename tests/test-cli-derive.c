/* `handshake-lab derive` and `decrypt-record`, run as a user would: published values come
 * out in JSON, and bad input gets exit status 2 and a message naming the option. */
#include <json-glib/json-glib.h>
#include <string.h>

#include "lab-test-util.h"
#include "tls/lab-hex.h"
#include "tls/lab-record-protection.h"

/* "The Illustrated TLS 1.2 Connection" (https://tls12.ulfheim.net, source
 * github.com/syncsynchalt/illustrated-tls12, site/index.html): ECDHE-RSA-AES128-SHA. */
#define CLIENT_RANDOM "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
#define SERVER_RANDOM "707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f"
#define PMS "df4a291baa1eb7cfa6934b29b474baad2697e29f1f920dcc77c8a0a088447624"
#define MASTER_SECRET                                                                          \
  "916abf9da55973e13614ae0a3f5d3f37b023ba129aee02cc9134338127cd7049781c8e19fc1eb2a7387ac06ae2" \
  "37344c"
#define CLIENT_KEY "f656d037b173ef3e11169f27231a84b6"
#define CLIENT_MAC_KEY "1b7d117c7d5f690bc263cae8ef60af0f1878acc2"
#define FINISHED_RECORD                                                                        \
  "1603030040404142434445464748494a4b4c4d4e4f227bc9ba81ef30f2a8a78ff1df50844d5804b7eeb2e214c3" \
  "2b6892aca3db7b78077fdd90067c516bacb3ba90dedf720f"

typedef struct
{
  int status;
  char *out;
  char *err;
  JsonParser *parser;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
  g_clear_object (&run->parser);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run (Run *result, const char *const *argv)
{
  result->status = lab_test_spawn (argv, &result->out, &result->err);
}

/* Runs a command that must succeed (or, with expected_status 1, report a mismatch) and
 * print JSON; returns the top-level object. */
static JsonObject *
run_json (Run *result, const char *const *argv, int expected_status)
{
  g_autoptr (GError) error = NULL;

  run (result, argv);
  g_assert_cmpstr (result->err, ==, "");
  g_assert_cmpint (result->status, ==, expected_status);
  result->parser = json_parser_new ();
  json_parser_load_from_data (result->parser, result->out, -1, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (result->parser));
}

static void
assert_usage_error (const char *const *argv, const char *expected_message)
{
  g_auto (Run) result = { 0 };

  run (&result, argv);
  g_test_message ("%s", result.err);
  g_assert_cmpint (result.status, ==, 2);
  g_assert_cmpstr (result.out, ==, "");
  g_assert_nonnull (strstr (result.err, expected_message));
}

#define MEMBER(object, name) json_object_get_string_member (object, name)

static void
test_derive_published_handshake (void)
{
  const char *argv[] = {
    "derive", "--suite", "ECDHE-RSA-AES128-SHA", "--client-random", CLIENT_RANDOM,
    "--server-random", SERVER_RANDOM, "--pms", PMS, "--client-finished-hash",
    "061dda04b3c2217ff73bd79b9cf88a2bb6ec505404aac8722db03ef417b54cb4",
    "--server-finished-hash",
    "b2017ba28d0e27f03ae327456b6ff00b4d5bbf0ef7cda83ce1029b521c3e7c35", "--json", NULL,
  };
  g_auto (Run) result = { 0 };
  JsonObject *o = run_json (&result, argv, 0);
  JsonObject *formulas = json_object_get_object_member (o, "formulas");

  g_assert_cmpstr (MEMBER (o, "suite"), ==, "ECDHE-RSA-AES128-SHA");
  g_assert_cmpstr (MEMBER (o, "prf_hash"), ==, "SHA256");
  g_assert_cmpstr (MEMBER (o, "master_secret"), ==, MASTER_SECRET);
  g_assert_cmpstr (MEMBER (o, "client_write_mac_key"), ==, CLIENT_MAC_KEY);
  g_assert_cmpstr (MEMBER (o, "server_write_mac_key"), ==,
                   "2ad8bdd8c601a617126f63540eb20906f781fad2");
  g_assert_cmpstr (MEMBER (o, "client_write_key"), ==, CLIENT_KEY);
  g_assert_cmpstr (MEMBER (o, "server_write_key"), ==, "752a18e7a9fcb7cbcdd8f98dd8f769eb");
  g_assert_cmpstr (MEMBER (o, "client_write_iv"), ==, "");
  g_assert_cmpstr (MEMBER (o, "server_write_iv"), ==, "");
  g_assert_cmpint (strlen (MEMBER (o, "key_block")), ==, 2 * 72);
  g_assert_cmpstr (MEMBER (o, "client_verify_data"), ==, "cf919626f1360c536aaad73a");
  g_assert_cmpstr (MEMBER (o, "server_verify_data"), ==, "844d3c10746dd722f92f0c7e");
  g_assert_cmpstr (MEMBER (formulas, "master_secret"), ==,
                   "PRF(pre_master_secret, \"master secret\", client_random || server_random)"
                   "[0..47]");
  g_assert_cmpstr (MEMBER (formulas, "client_write_key"), ==, "key_block[40..55]");
}

/* NIST ACVP-Server TLS-v1.2-KDF-RFC7627 tgId 2 tcId 21 (SHA-384), with an IANA name. */
static void
test_derive_extended_master_secret (void)
{
  const char *argv[] = {
    "derive", "--suite", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "--client-random",
    "ac8dc581d5d2565efa46e8aa926de0f590bcd39f2de5f7d8462fd753f0713528", "--server-random",
    "12c55904fd9277ef3f8f0469e58639481ed74e0582676af45ef7d8a7470af164", "--pms",
    "0a9b21cb57f550954e79f23a733ef942a654c45a432ed06c94707284c04afd457cbe19bd10803985839fe473"
    "985319ac",
    "--session-hash",
    "3997d6c67bca04f2777cea7a3fb123354bc9197d332bfb8353414bdac4cddae5c0285bb6a22bbea93906cb29"
    "694a1a92",
    "--json", NULL,
  };
  g_auto (Run) result = { 0 };
  JsonObject *o = run_json (&result, argv, 0);

  g_assert_cmpstr (MEMBER (o, "master_secret"), ==,
                   "d810f74746b196c7e0813a029b9422707a4d1e799f365d9b0ee53618edb49fd6c3a2fd034361d4"
                   "46ef2675229b434510");
  g_assert_cmpstr (MEMBER (o, "client_write_key"), ==,
                   "c92e21212137114475911f9e391434a85ea1162e8ebf8ca80ea2256c9886fb93");
  g_assert_cmpstr (MEMBER (json_object_get_object_member (o, "formulas"), "master_secret"), ==,
                   "PRF(pre_master_secret, \"extended master secret\", session_hash)[0..47]");
  g_assert_false (json_object_has_member (o, "client_verify_data"));
}

static void
test_derive_text (void)
{
  const char *argv[] = { "derive", "--suite", "ecdhe-rsa-aes128-sha", "--client-random",
                         CLIENT_RANDOM, "--server-random", SERVER_RANDOM, "--master-secret",
                         MASTER_SECRET, NULL };
  g_auto (Run) result = { 0 };

  run (&result, argv);
  g_assert_cmpint (result.status, ==, 0);
  /* Hex wraps at 32 bytes a line. */
  g_assert_nonnull (strstr (result.out, "master_secret (48 bytes)\n  = given (--master-secret)\n"
                                        "  916abf9da55973e13614ae0a3f5d3f37b023ba129aee02cc913433"
                                        "8127cd7049\n  781c8e19fc1eb2a7387ac06ae237344c\n"));
  g_assert_nonnull (strstr (result.out, "client_write_key (16 bytes)\n  = key_block[40..55]\n"
                                        "  " CLIENT_KEY "\n"));
}

static void
test_derive_bad_input (void)
{
  const char *short_random[] = { "derive", "--suite", "AES128-SHA", "--client-random",
                                 "00010203040506070809", "--server-random", SERVER_RANDOM,
                                 "--pms", PMS, NULL };
  const char *unknown_suite[] = { "derive", "--suite", "RC4-MD5", NULL };
  const char *no_secret[] = { "derive", "--suite", "AES128-SHA", "--client-random",
                              CLIENT_RANDOM, "--server-random", SERVER_RANDOM, NULL };
  const char *both[] = { "derive", "--suite", "AES128-SHA", "--pms", PMS, "--master-secret",
                         MASTER_SECRET, NULL };
  const char *bad_hex[] = { "derive", "--suite", "AES128-SHA", "--client-random",
                            CLIENT_RANDOM, "--server-random", SERVER_RANDOM, "--pms", "0g",
                            NULL };
  const char *short_hash[] = { "derive", "--suite", "AES256-GCM-SHA384", "--client-random",
                               CLIENT_RANDOM, "--server-random", SERVER_RANDOM, "--pms", PMS,
                               "--session-hash", PMS, NULL };
  const char *missing_suite[] = { "derive", "--pms", PMS, NULL };
  const char *unknown_option[] = { "derive", "--nope", NULL };

  assert_usage_error (short_random, "--client-random is 10 bytes; it must be 32");
  assert_usage_error (unknown_suite, "--suite: unknown cipher suite 'RC4-MD5'");
  assert_usage_error (no_secret, "--pms or --master-secret is required");
  assert_usage_error (both, "not both");
  assert_usage_error (bad_hex, "--pms: not a hexadecimal digit at offset 1");
  assert_usage_error (short_hash, "--session-hash is 32 bytes; it must be 48");
  assert_usage_error (missing_suite, "--suite is required");
  assert_usage_error (unknown_option, "--nope");
}

static void
test_decrypt_published_record (void)
{
  const char *argv[] = { "decrypt-record", "--suite", "ECDHE-RSA-AES128-SHA", "--key",
                         CLIENT_KEY, "--mac-key", CLIENT_MAC_KEY, "--seq", "0", "--json",
                         FINISHED_RECORD, NULL };
  g_auto (Run) result = { 0 };
  JsonObject *o = run_json (&result, argv, 0);

  g_assert_true (json_object_get_boolean_member (o, "authentic"));
  g_assert_cmpstr (MEMBER (o, "verdict"), ==, "authentic");
  g_assert_true (json_object_get_null_member (o, "reason"));
  g_assert_false (json_object_get_boolean_member (o, "encrypt_then_mac"));
  g_assert_cmpstr (MEMBER (o, "plaintext"), ==, "1400000ccf919626f1360c536aaad73a");
  g_assert_cmpstr (MEMBER (o, "iv"), ==, "404142434445464748494a4b4c4d4e4f");
  g_assert_cmpstr (MEMBER (o, "padding"), ==, "0b0b0b0b0b0b0b0b0b0b0b0b");
  g_assert_true (json_object_get_boolean_member (o, "padding_ok"));
  g_assert_cmpstr (MEMBER (o, "mac_input"), ==,
                   "00000000000000001603030010" "1400000ccf919626f1360c536aaad73a");
  g_assert_cmpstr (MEMBER (o, "mac_input_formula"), ==,
                   "seq_num || type || version || length(plaintext) || plaintext");
  g_assert_cmpstr (MEMBER (o, "received_mac"), ==, "a5a03d233056e4ac6eba7fd9e5317fac2db5b70e");
  g_assert_cmpstr (MEMBER (o, "computed_mac"), ==, MEMBER (o, "received_mac"));
}

static void
test_decrypt_tampered_record (void)
{
  g_autofree char *tampered = g_strdup (FINISHED_RECORD);
  const char *argv[] = { "decrypt-record", "--suite", "ECDHE-RSA-AES128-SHA", "--key",
                         CLIENT_KEY, "--mac-key", CLIENT_MAC_KEY, "--seq", "0", "--json",
                         tampered, NULL };
  g_auto (Run) result = { 0 };
  JsonObject *o;

  tampered[20] = '0'; /* IV byte 5, 45 -> 05: the first plaintext block changes */
  o = run_json (&result, argv, 1);
  g_assert_false (json_object_get_boolean_member (o, "authentic"));
  g_assert_cmpstr (MEMBER (o, "verdict"), ==, "bad-mac");
  g_assert_nonnull (strstr (MEMBER (o, "reason"), "HMAC-SHA1"));
  g_assert_true (json_object_get_null_member (o, "plaintext"));
}

/* A GCM record made by the library, opened by the command; the hex arrives in pieces, as a
 * dump pasted without quotes would. */
static void
test_decrypt_gcm_record (void)
{
  const LabCipherSuite *suite = lab_cipher_suite_lookup_name ("AES128-GCM-SHA256");
  g_autoptr (GBytes) key = g_bytes_new ("0123456789abcdef", 16);
  g_autoptr (GBytes) salt = g_bytes_new ("salt", 4);
  g_autoptr (GBytes) plaintext = g_bytes_new ("hello", 5);
  LabRecordKeys keys = { suite, key, salt, NULL, 42, FALSE };
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) record = lab_record_encrypt (&keys, 23, plaintext, NULL, &error);
  g_autofree char *record_hex = lab_hex_encode_bytes (record);
  g_autofree char *key_hex = lab_hex_encode_bytes (key);
  g_autofree char *head = g_strndup (record_hex, 10);
  const char *argv[] = { "decrypt-record", "--suite", "AES128-GCM-SHA256", "--key", key_hex,
                         "--iv", "73616c74", "--seq", "42", "--json", head, record_hex + 10,
                         NULL };
  g_auto (Run) result = { 0 };
  JsonObject *o;

  g_assert_no_error (error);
  o = run_json (&result, argv, 0);
  g_assert_cmpstr (MEMBER (o, "plaintext"), ==, "68656c6c6f");
  g_assert_cmpstr (MEMBER (o, "explicit_nonce"), ==, "000000000000002a");
  g_assert_cmpstr (MEMBER (o, "nonce"), ==, "73616c74000000000000002a");
  g_assert_cmpstr (MEMBER (o, "nonce_formula"), ==, "salt || explicit_nonce");
  g_assert_cmpstr (MEMBER (o, "aad"), ==, "000000000000002a" "17" "0303" "0005");
  g_assert_cmpint (strlen (MEMBER (o, "tag")), ==, 32);
  g_assert_false (json_object_has_member (o, "encrypt_then_mac"));
}

static void
test_decrypt_bad_input (void)
{
  const char *no_seq[] = { "decrypt-record", "--suite", "AES128-SHA", "--key", CLIENT_KEY,
                           "--mac-key", CLIENT_MAC_KEY, FINISHED_RECORD, NULL };
  const char *bad_seq[] = { "decrypt-record", "--suite", "AES128-SHA", "--key", CLIENT_KEY,
                            "--mac-key", CLIENT_MAC_KEY, "--seq=x1", FINISHED_RECORD,
                            NULL };
  const char *short_key[] = { "decrypt-record", "--suite", "AES128-SHA", "--key", "00",
                              "--mac-key", CLIENT_MAC_KEY, "--seq", "0", FINISHED_RECORD,
                              NULL };
  const char *cbc_iv[] = { "decrypt-record", "--suite", "AES128-SHA", "--key", CLIENT_KEY,
                           "--iv", "00", "--mac-key", CLIENT_MAC_KEY, "--seq", "0",
                           FINISHED_RECORD, NULL };
  const char *no_mac_key[] = { "decrypt-record", "--suite", "AES128-SHA", "--key", CLIENT_KEY,
                               "--seq", "0", FINISHED_RECORD, NULL };
  const char *no_iv[] = { "decrypt-record", "--suite", "AES128-GCM-SHA256", "--key",
                          CLIENT_KEY, "--seq", "0", FINISHED_RECORD, NULL };
  const char *etm_aead[] = { "decrypt-record", "--suite", "AES128-GCM-SHA256", "--key",
                             CLIENT_KEY, "--iv", "00010203", "--seq", "0",
                             "--encrypt-then-mac", FINISHED_RECORD, NULL };
  const char *no_record[] = { "decrypt-record", "--suite", "AES128-SHA", "--key", CLIENT_KEY,
                              "--mac-key", CLIENT_MAC_KEY, "--seq", "0", NULL };
  const char *bad_record[] = { "decrypt-record", "--suite", "AES128-SHA", "--key", CLIENT_KEY,
                               "--mac-key", CLIENT_MAC_KEY, "--seq", "0", "16030", NULL };

  assert_usage_error (no_seq, "--seq is required");
  assert_usage_error (bad_seq, "--seq: ");
  assert_usage_error (short_key, "--key is 1 byte; it must be 16");
  assert_usage_error (cbc_iv, "--iv: AES128-SHA has no IV in the key block");
  assert_usage_error (no_mac_key, "--mac-key is required for AES128-SHA");
  assert_usage_error (no_iv, "--iv is required for AES128-GCM-SHA256");
  assert_usage_error (etm_aead, "--encrypt-then-mac applies to CBC suites only");
  assert_usage_error (no_record, "the record is missing");
  assert_usage_error (bad_record, "RECORD_HEX: odd number of hexadecimal digits");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/derive/published-handshake", test_derive_published_handshake);
  g_test_add_func ("/cli/derive/extended-master-secret", test_derive_extended_master_secret);
  g_test_add_func ("/cli/derive/text", test_derive_text);
  g_test_add_func ("/cli/derive/bad-input", test_derive_bad_input);
  g_test_add_func ("/cli/decrypt-record/published-record", test_decrypt_published_record);
  g_test_add_func ("/cli/decrypt-record/tampered-record", test_decrypt_tampered_record);
  g_test_add_func ("/cli/decrypt-record/gcm-record", test_decrypt_gcm_record);
  g_test_add_func ("/cli/decrypt-record/bad-input", test_decrypt_bad_input);
  return g_test_run ();
}
