/* The key schedule reproduces published handshakes: master secret, key block and its
 * split, verify_data, transcript hash — each value with the formula that made it. */
#include <string.h>

#include "tls/lab-error.h"
#include "lab-test-keys.h"
#include "tls/lab-hex.h"
#include "tls/lab-key-schedule.h"

static void
assert_secret (const LabSecret *secret, const char *name, const char *expected_hex,
               const char *expected_formula)
{
  g_autofree char *text = lab_hex_encode_bytes (secret->value);

  g_assert_cmpstr (secret->name, ==, name);
  g_assert_cmpstr (text, ==, expected_hex);
  if (expected_formula != NULL)
    g_assert_cmpstr (secret->formula, ==, expected_formula);
}

/* "The Illustrated TLS 1.2 Connection" (https://tls12.ulfheim.net, source
 * github.com/syncsynchalt/illustrated-tls12, site/index.html): ECDHE-RSA-AES128-SHA with
 * x25519, no extended master secret. Client random 00..1f, server random 70..8f. */
#define ULFHEIM_CLIENT_RANDOM "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
#define ULFHEIM_SERVER_RANDOM "707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f"
#define ULFHEIM_PMS "df4a291baa1eb7cfa6934b29b474baad2697e29f1f920dcc77c8a0a088447624"
#define ULFHEIM_MASTER_SECRET                                                                  \
  "916abf9da55973e13614ae0a3f5d3f37b023ba129aee02cc9134338127cd7049781c8e19fc1eb2a7387ac06ae2" \
  "37344c"

typedef struct
{
  GBytes *pms;
  GBytes *master_secret;
  GBytes *client_random;
  GBytes *server_random;
} Ulfheim;

static void
ulfheim_setup (Ulfheim *u, gconstpointer data)
{
  u->pms = lab_test_hex (ULFHEIM_PMS);
  u->master_secret = lab_test_hex (ULFHEIM_MASTER_SECRET);
  u->client_random = lab_test_hex (ULFHEIM_CLIENT_RANDOM);
  u->server_random = lab_test_hex (ULFHEIM_SERVER_RANDOM);
}

static void
ulfheim_teardown (Ulfheim *u, gconstpointer data)
{
  g_bytes_unref (u->pms);
  g_bytes_unref (u->master_secret);
  g_bytes_unref (u->client_random);
  g_bytes_unref (u->server_random);
}

static void
test_illustrated_master_secret (Ulfheim *u, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LabSecret) master = lab_master_secret (LAB_HASH_SHA256, u->pms, u->client_random,
                                                    u->server_random, &error);

  g_assert_no_error (error);
  assert_secret (master, "master_secret", ULFHEIM_MASTER_SECRET,
                 "PRF(pre_master_secret, \"master secret\", client_random || server_random)"
                 "[0..47]");
  /* 48 bytes of 32-byte HMAC blocks: A(1) and A(2), as the page shows. */
  g_assert_nonnull (master->rounds);
  g_assert_cmpuint (master->rounds->len, ==, 2);
}

static void
test_illustrated_key_block (Ulfheim *u, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LabKeyBlock) kb = lab_key_block_derive (lab_test_suite ("ECDHE-RSA-AES128-SHA"),
                                                     u->master_secret, u->client_random,
                                                     u->server_random, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (kb->key_block->value), ==, 72);
  g_assert_cmpstr (kb->key_block->formula, ==,
                   "PRF(master_secret, \"key expansion\", server_random || client_random)"
                   "[0..71]");
  assert_secret (kb->parts[LAB_KEY_CLIENT_WRITE_MAC_KEY], "client_write_mac_key",
                 "1b7d117c7d5f690bc263cae8ef60af0f1878acc2", "key_block[0..19]");
  assert_secret (kb->parts[LAB_KEY_SERVER_WRITE_MAC_KEY], "server_write_mac_key",
                 "2ad8bdd8c601a617126f63540eb20906f781fad2", "key_block[20..39]");
  assert_secret (kb->parts[LAB_KEY_CLIENT_WRITE_KEY], "client_write_key",
                 "f656d037b173ef3e11169f27231a84b6", "key_block[40..55]");
  assert_secret (kb->parts[LAB_KEY_SERVER_WRITE_KEY], "server_write_key",
                 "752a18e7a9fcb7cbcdd8f98dd8f769eb", "key_block[56..71]");
  /* The page goes on to cut 16-byte IVs, as TLS 1.0 did; TLS 1.2 CBC sends its IV in each
   * record and takes none from the key block (RFC 5246 §6.3). */
  assert_secret (kb->parts[LAB_KEY_CLIENT_WRITE_IV], "client_write_iv", "", NULL);
  assert_secret (kb->parts[LAB_KEY_SERVER_WRITE_IV], "server_write_iv", "", NULL);
  g_assert_nonnull (strstr (kb->parts[LAB_KEY_CLIENT_WRITE_IV]->formula, "IV in every record"));
}

static void
test_illustrated_verify_data (Ulfheim *u, gconstpointer data)
{
  g_autoptr (GBytes) client_hash = lab_test_hex (
    "061dda04b3c2217ff73bd79b9cf88a2bb6ec505404aac8722db03ef417b54cb4");
  g_autoptr (GBytes) server_hash = lab_test_hex (
    "b2017ba28d0e27f03ae327456b6ff00b4d5bbf0ef7cda83ce1029b521c3e7c35");
  g_autoptr (GError) error = NULL;
  g_autoptr (LabSecret) client = lab_verify_data (LAB_HASH_SHA256, LAB_FINISHED_CLIENT,
                                                  u->master_secret, client_hash, &error);
  g_autoptr (LabSecret) server = NULL;

  g_assert_no_error (error);
  assert_secret (client, "client_verify_data", "cf919626f1360c536aaad73a",
                 "PRF(master_secret, \"client finished\", SHA256(handshake_messages))[0..11]");
  server = lab_verify_data (LAB_HASH_SHA256, LAB_FINISHED_SERVER, u->master_secret, server_hash,
                            &error);
  g_assert_no_error (error);
  assert_secret (server, "server_verify_data", "844d3c10746dd722f92f0c7e",
                 "PRF(master_secret, \"server finished\", SHA256(handshake_messages))[0..11]");
}

/* NIST ACVP-Server, TLS-v1.2-KDF-RFC7627 internalProjection.json, tgId 2 (SHA2-384) tcId 21:
 * the extended master secret, and a key block whose first 72 bytes are an AES-256-GCM
 * suite's whole key block (the PRF output is one stream, cut to length). */
static void
test_acvp_extended_master_secret_sha384 (void)
{
  g_autoptr (GBytes) pms = lab_test_hex (
    "0a9b21cb57f550954e79f23a733ef942a654c45a432ed06c94707284c04afd457cbe19bd10803985839fe4739"
    "85319ac");
  g_autoptr (GBytes) session_hash = lab_test_hex (
    "3997d6c67bca04f2777cea7a3fb123354bc9197d332bfb8353414bdac4cddae5c0285bb6a22bbea93906cb29"
    "694a1a92");
  g_autoptr (GBytes) client_random = lab_test_hex (
    "ac8dc581d5d2565efa46e8aa926de0f590bcd39f2de5f7d8462fd753f0713528");
  g_autoptr (GBytes) server_random = lab_test_hex (
    "12c55904fd9277ef3f8f0469e58639481ed74e0582676af45ef7d8a7470af164");
  g_autoptr (GError) error = NULL;
  g_autoptr (LabSecret) master = lab_extended_master_secret (LAB_HASH_SHA384, pms, session_hash,
                                                             &error);
  g_autoptr (LabKeyBlock) kb = NULL;

  g_assert_no_error (error);
  assert_secret (master, "master_secret",
                 "d810f74746b196c7e0813a029b9422707a4d1e799f365d9b0ee53618edb49fd6c3a2fd034361d4"
                 "46ef2675229b434510",
                 "PRF(pre_master_secret, \"extended master secret\", session_hash)[0..47]");
  kb = lab_key_block_derive (lab_test_suite ("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
                             master->value, client_random, server_random, &error);
  g_assert_no_error (error);
  assert_secret (kb->key_block, "key_block",
                 "c92e21212137114475911f9e391434a85ea1162e8ebf8ca80ea2256c9886fb93f561ab76878eda"
                 "49ae08a199e18249678ed9db0a74cc20f8e1aaf9aaf4a9fb282d2affd9eea8dc5d",
                 NULL);
  assert_secret (kb->parts[LAB_KEY_CLIENT_WRITE_MAC_KEY], "client_write_mac_key", "", NULL);
  assert_secret (kb->parts[LAB_KEY_SERVER_WRITE_IV], "server_write_iv", "eea8dc5d", NULL);
}

/* Every suite's key block is exactly its parts, in RFC 5246 §6.3 order, with the lengths
 * measured on OpenSSL (MAC/key/IV bytes per side; HACKING.md, "Key block"). */
static void
test_split_follows_the_table (Ulfheim *u, gconstpointer data)
{
  const struct
  {
    const char *name;
    gsize mac, key, iv;
  } measured[] = {
    { "ECDHE-RSA-AES128-GCM-SHA256", 0, 16, 4 },  { "ECDHE-RSA-AES256-GCM-SHA384", 0, 32, 4 },
    { "ECDHE-RSA-CHACHA20-POLY1305", 0, 32, 12 }, { "AES128-SHA", 20, 16, 0 },
    { "ECDHE-RSA-AES256-SHA384", 48, 32, 0 },     { "ECDHE-ECDSA-AES128-CCM8", 0, 16, 4 },
  };
  gsize n_suites;
  const LabCipherSuite *all = lab_cipher_suite_all (&n_suites);

  for (gsize i = 0; i < G_N_ELEMENTS (measured); i++)
    {
      const LabCipherSuite *s = lab_test_suite (measured[i].name);

      g_assert_cmpuint (s->mac_key_length, ==, measured[i].mac);
      g_assert_cmpuint (s->key_length, ==, measured[i].key);
      g_assert_cmpuint (s->fixed_iv_length, ==, measured[i].iv);
    }
  for (gsize i = 0; i < n_suites; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (LabKeyBlock) kb = lab_key_block_derive (&all[i], u->master_secret,
                                                         u->client_random, u->server_random,
                                                         &error);
      g_autoptr (GByteArray) joined = g_byte_array_new ();

      g_assert_no_error (error);
      g_assert_cmpuint (g_bytes_get_size (kb->key_block->value), ==,
                        lab_cipher_suite_key_block_length (&all[i]));
      for (guint p = 0; p < LAB_KEY_N_PARTS; p++)
        g_byte_array_append (joined, g_bytes_get_data (kb->parts[p]->value, NULL),
                             g_bytes_get_size (kb->parts[p]->value));
      g_assert_cmpmem (joined->data, joined->len, g_bytes_get_data (kb->key_block->value, NULL),
                       g_bytes_get_size (kb->key_block->value));
      g_assert_cmpuint (g_bytes_get_size (kb->parts[LAB_KEY_SERVER_WRITE_KEY]->value), ==,
                        all[i].key_length);
    }
}

/* The hash is GLib's (an implementation independent of libcrypto); the formula names the
 * messages found in the bytes, and says so when the bytes stop mid-message. */
static void
test_transcript_hash (void)
{
  const char *transcript_hex = "0100000401020304" /* ClientHello, 4-byte body */
                               "02000000"         /* ServerHello, empty */
                               "63000001ff"       /* type 99 */
                               "0b0000";          /* a Certificate header cut short */
  g_autoptr (GBytes) transcript = lab_test_hex (transcript_hex);
  g_autoptr (GError) error = NULL;
  const struct
  {
    LabPrfHash hash;
    GChecksumType checksum;
  } hashes[] = { { LAB_HASH_SHA256, G_CHECKSUM_SHA256 }, { LAB_HASH_SHA384, G_CHECKSUM_SHA384 } };

  for (gsize i = 0; i < G_N_ELEMENTS (hashes); i++)
    {
      g_autoptr (LabSecret) hash = lab_transcript_hash (hashes[i].hash, transcript, &error);
      g_autofree char *expected = g_compute_checksum_for_bytes (hashes[i].checksum, transcript);
      g_autofree char *formula = g_strdup_printf (
        "%s(ClientHello || ServerHello || handshake message type 99 || 3 bytes that are not a "
        "whole handshake message)",
        lab_prf_hash_name (hashes[i].hash));

      g_assert_no_error (error);
      assert_secret (hash, "handshake_hash", expected, formula);
      g_assert_cmpuint (g_bytes_get_size (hash->value), ==, lab_prf_hash_length (hashes[i].hash));
    }
}

static void
assert_invalid (gpointer result, GError *error, const char *message)
{
  g_assert_null (result);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_rejects_wrong_lengths (Ulfheim *u, gconstpointer data)
{
  GBytes *pms = u->pms, *random = u->client_random;
  g_autoptr (GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr (GBytes) random31 = lab_test_hex ("000102030405060708090a0b0c0d0e0f"
                                               "101112131415161718191a1b1c1d1e");
  g_autoptr (GError) error = NULL;
  gpointer result;

  result = lab_master_secret (LAB_HASH_SHA256, pms, random31, random, &error);
  assert_invalid (result, error, "client_random is 31 bytes; it must be 32");
  g_clear_error (&error);
  result = lab_master_secret (LAB_HASH_SHA256, empty, random, random, &error);
  assert_invalid (result, error, "pre_master_secret is empty");
  g_clear_error (&error);
  result = lab_extended_master_secret (LAB_HASH_SHA384, pms, random, &error);
  assert_invalid (result, error, "session_hash is 32 bytes; it must be 48");
  g_clear_error (&error);
  result = lab_key_block_derive (lab_test_suite ("AES128-SHA"), pms, random, random, &error);
  assert_invalid (result, error, "master_secret is 32 bytes; it must be 48");
  g_clear_error (&error);
  result = lab_verify_data (LAB_HASH_SHA256, LAB_FINISHED_CLIENT, pms, random, &error);
  assert_invalid (result, error, "master_secret is 32 bytes; it must be 48");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/key-schedule/illustrated/master-secret", Ulfheim, NULL, ulfheim_setup,
              test_illustrated_master_secret, ulfheim_teardown);
  g_test_add ("/key-schedule/illustrated/key-block", Ulfheim, NULL, ulfheim_setup,
              test_illustrated_key_block, ulfheim_teardown);
  g_test_add ("/key-schedule/illustrated/verify-data", Ulfheim, NULL, ulfheim_setup,
              test_illustrated_verify_data, ulfheim_teardown);
  g_test_add_func ("/key-schedule/acvp/extended-master-secret-sha384",
                   test_acvp_extended_master_secret_sha384);
  g_test_add ("/key-schedule/split-follows-the-table", Ulfheim, NULL, ulfheim_setup,
              test_split_follows_the_table, ulfheim_teardown);
  g_test_add_func ("/key-schedule/transcript-hash", test_transcript_hash);
  g_test_add ("/key-schedule/rejects-wrong-lengths", Ulfheim, NULL, ulfheim_setup,
              test_rejects_wrong_lengths, ulfheim_teardown);
  return g_test_run ();
}
