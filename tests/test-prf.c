/* The TLS 1.2 PRF gives the published outputs, agrees with libcrypto's own TLS1-PRF, and
 * its A(i) chain is what RFC 5246 §5 says it is. */
#include <json-glib/json-glib.h>
#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <string.h>

#include "lab-test-util.h"
#include "tls/lab-crypto-autoptr.h"
#include "tls/lab-error.h"
#include "lab-test-keys.h"
#include "tls/lab-hex.h"
#include "tls/lab-key-schedule.h"
#include "tls/lab-prf.h"

static void
check_prf (const char *digest, const char *secret, const char *label, const char *seed,
           const char *expected)
{
  g_autoptr (GBytes) secret_bytes = lab_test_hex (secret);
  g_autoptr (GBytes) seed_bytes = lab_test_hex (seed);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) out = lab_prf (digest, secret_bytes, label, seed_bytes,
                                    strlen (expected) / 2, NULL, &error);

  g_assert_no_error (error);
  lab_test_assert_hex (out, expected);
}

/* Transcribed so they run anywhere. */
static void
test_prf_published_vectors (void)
{
  /* P_SHA256 and P_SHA384 from the IETF TLS list
   * (https://www.ietf.org/mail-archive/web/tls/current/msg03416.html), as quoted in
   * BearSSL test/test_crypto.c test_PRF() and GnuTLS tests/tls12-prf.c. */
  check_prf ("SHA256", "9bbe436ba940f017b17652849a71db35", "test label",
             "a0ba9f936cda311827a6f796ffd5198c",
             "e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a6b301791e90d35c9"
             "c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab4fbc91666e9def9b97fce34f796789ba"
             "a48082d122ee42c5a72e5a5110fff70187347b66");
  check_prf ("SHA384", "b80b733d6ceefcdc71566ea48e5567df", "test label",
             "cd665cf6a8447dd6ff8b27555edb7465",
             "7b0c18e9ced410ed1804f2cfa34a336a1c14dffb4900bb5fd7942107e81c83cde9ca0faa60be9fe3"
             "4f82b1233c9146a0e534cb400fed2700884f9dc236f80edd8bfa961144c9e8d792eca722a7b32fc3"
             "d416d473ebc2c5fd4abfdad05d9184259b5bf8cd4d90fa0d31e2dec479e4f1a26066f2eea9a69236"
             "a3e52655c9e9aee691c8f3a26854308d5eaa3be85e0990703d73e56f");
  /* GnuTLS tests/tls12-prf.c sha256_test3: an output shorter than one HMAC block. */
  check_prf ("SHA256", "a3691aa1f6814b80592bf1cf2acf1697", "test label",
             "5523d41e320e694d0c1ff5734d830b933e46927071c92621",
             "6ad0984fa06f78fe161bd46d7c261de43340d728dddc3d0ff0dd7e0d");
}

/* RFC 5246 §5: A(0) = seed', A(i) = HMAC(secret, A(i-1)), output(i) = HMAC(secret, A(i) ||
 * seed'), with seed' = label || seed; the output is the outputs one after another. */
static void
test_prf_rounds_are_the_a_chain (void)
{
  g_autoptr (GBytes) secret = lab_test_hex ("9bbe436ba940f017b17652849a71db35");
  g_autoptr (GBytes) seed = lab_test_hex ("a0ba9f936cda311827a6f796ffd5198c");
  g_autoptr (GByteArray) label_seed = g_byte_array_new ();
  g_autoptr (GByteArray) joined = g_byte_array_new ();
  g_autoptr (GPtrArray) rounds = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) out = lab_prf ("SHA256", secret, "test label", seed, 100, &rounds, &error);
  GBytes *previous_a;

  g_assert_no_error (error);
  g_byte_array_append (label_seed, (const guint8 *) "test label", 10);
  g_byte_array_append (label_seed, g_bytes_get_data (seed, NULL), g_bytes_get_size (seed));
  previous_a = g_bytes_new (label_seed->data, label_seed->len); /* A(0) */
  g_assert_cmpuint (rounds->len, ==, 4); /* 100 bytes of 32-byte blocks */
  for (guint i = 0; i < rounds->len; i++)
    {
      LabPrfRound *round = g_ptr_array_index (rounds, i);
      g_autoptr (GBytes) a = lab_hmac ("SHA256", g_bytes_get_data (secret, NULL),
                                       g_bytes_get_size (secret),
                                       g_bytes_get_data (previous_a, NULL),
                                       g_bytes_get_size (previous_a), &error);
      g_autoptr (GByteArray) block_input = g_byte_array_new ();
      g_autoptr (GBytes) block = NULL;

      g_assert_no_error (error);
      g_assert_cmpuint (round->index, ==, i + 1);
      g_assert_true (g_bytes_equal (round->a, a));
      g_byte_array_append (block_input, g_bytes_get_data (a, NULL), g_bytes_get_size (a));
      g_byte_array_append (block_input, label_seed->data, label_seed->len);
      block = lab_hmac ("SHA256", g_bytes_get_data (secret, NULL), g_bytes_get_size (secret),
                        block_input->data, block_input->len, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (round->output, block));
      g_byte_array_append (joined, g_bytes_get_data (block, NULL), g_bytes_get_size (block));
      g_bytes_unref (previous_a);
      previous_a = g_bytes_ref (a);
    }
  g_bytes_unref (previous_a);
  g_assert_cmpmem (joined->data, 100, g_bytes_get_data (out, NULL), g_bytes_get_size (out));
}

/* libcrypto's TLS1-PRF, the independent implementation the lab is held against. */
static GBytes *
evp_tls1_prf (const char *digest, GBytes *secret, const char *label, GBytes *seed, gsize len)
{
  g_autoptr (EVP_KDF) kdf = EVP_KDF_fetch (NULL, "TLS1-PRF", NULL);
  g_autoptr (EVP_KDF_CTX) ctx = EVP_KDF_CTX_new (kdf);
  g_autofree guint8 *out = g_malloc (len);
  OSSL_PARAM params[] = {
    OSSL_PARAM_construct_utf8_string (OSSL_KDF_PARAM_DIGEST, (char *) digest, 0),
    OSSL_PARAM_construct_octet_string (OSSL_KDF_PARAM_SECRET,
                                       (void *) g_bytes_get_data (secret, NULL),
                                       g_bytes_get_size (secret)),
    OSSL_PARAM_construct_octet_string (OSSL_KDF_PARAM_SEED, (void *) label, strlen (label)),
    OSSL_PARAM_construct_octet_string (OSSL_KDF_PARAM_SEED,
                                       (void *) g_bytes_get_data (seed, NULL),
                                       g_bytes_get_size (seed)),
    OSSL_PARAM_construct_end (),
  };

  g_assert_nonnull (ctx);
  g_assert_cmpint (EVP_KDF_derive (ctx, out, len, params), ==, 1);
  return g_bytes_new (out, len);
}

static GBytes *
random_bytes (gsize len)
{
  guint8 *data = g_malloc (len);

  for (gsize i = 0; i < len; i++)
    data[i] = (guint8) g_test_rand_int_range (0, 256);
  return g_bytes_new_take (data, len);
}

static void
test_prf_matches_evp_kdf (void)
{
  const char *digests[] = { "SHA256", "SHA384", "SHA224", "SHA512" };
  const gsize lengths[] = { 1, 12, 31, 32, 33, 48, 64, 104, 160, 200 };

  for (gsize d = 0; d < G_N_ELEMENTS (digests); d++)
    for (gsize l = 0; l < G_N_ELEMENTS (lengths); l++)
      {
        g_autoptr (GBytes) secret = random_bytes (1 + l * 7);
        g_autoptr (GBytes) seed = random_bytes (64);
        g_autoptr (GError) error = NULL;
        g_autoptr (GBytes) ours = lab_prf (digests[d], secret, "key expansion", seed,
                                           lengths[l], NULL, &error);
        g_autoptr (GBytes) theirs = evp_tls1_prf (digests[d], secret, "key expansion", seed,
                                                  lengths[l]);

        g_assert_no_error (error);
        g_assert_true (g_bytes_equal (ours, theirs));
      }
}

/* HMAC pads its key with zeros to a block, so an empty secret must act like 64 zero bytes
 * (SHA-256's block), which libcrypto's TLS1-PRF accepts. */
static void
test_prf_empty_secret (void)
{
  g_autoptr (GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr (GBytes) zeros = g_bytes_new_take (g_malloc0 (64), 64);
  g_autoptr (GBytes) seed = random_bytes (32);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) ours = lab_prf ("SHA256", empty, "master secret", seed, 48, NULL, &error);
  g_autoptr (GBytes) theirs = evp_tls1_prf ("SHA256", zeros, "master secret", seed, 48);

  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (ours, theirs));
}

static void
test_prf_unknown_digest (void)
{
  g_autoptr (GBytes) secret = random_bytes (16);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) out = lab_prf ("NO-SUCH-DIGEST", secret, "x", secret, 16, NULL, &error);

  g_assert_null (out);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_CRYPTO);
  g_assert_nonnull (strstr (error->message, "NO-SUCH-DIGEST"));
}

static void
test_prf_formula (void)
{
  g_autofree char *formula = lab_prf_formula ("pre_master_secret", "extended master secret",
                                              "session_hash", 48);

  g_assert_cmpstr (formula, ==,
                   "PRF(pre_master_secret, \"extended master secret\", session_hash)[0..47]");
}

/* ---- tests/corpus/prf-vectors.json: every vector ---- */

static JsonArray *
corpus_section (JsonParser *parser, const char *section)
{
  g_autofree char *path = lab_test_corpus_path ("prf-vectors.json", NULL);
  g_autoptr (GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                       section);
}

static GBytes *
member_hex (JsonObject *vector, const char *member)
{
  return lab_test_hex (json_object_get_string_member (vector, member));
}

/* "sha256" -> the suite hash, for the vectors a TLS 1.2 suite can meet. */
static LabPrfHash
vector_hash (JsonObject *vector)
{
  const char *name = json_object_get_string_member (vector, "hash");

  g_assert_true (g_str_equal (name, "sha256") || g_str_equal (name, "sha384"));
  return g_str_equal (name, "sha384") ? LAB_HASH_SHA384 : LAB_HASH_SHA256;
}

static void
test_corpus_prf (void)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonArray *vectors = corpus_section (parser, "prf");

  g_assert_cmpuint (json_array_get_length (vectors), >, 0);
  for (guint i = 0; i < json_array_get_length (vectors); i++)
    {
      JsonObject *v = json_array_get_object_element (vectors, i);
      g_autoptr (GBytes) label = member_hex (v, "label");
      g_autofree char *label_text = g_strndup (g_bytes_get_data (label, NULL),
                                               g_bytes_get_size (label));
      g_autofree char *digest = g_ascii_strup (json_object_get_string_member (v, "hash"), -1);

      g_test_message ("%s", json_object_get_string_member (v, "id"));
      g_assert_cmpuint (strlen (label_text), ==, g_bytes_get_size (label));
      g_assert_cmpint (json_object_get_int_member (v, "output_length") * 2, ==,
                       strlen (json_object_get_string_member (v, "output")));
      check_prf (digest, json_object_get_string_member (v, "secret"), label_text,
                 json_object_get_string_member (v, "seed"),
                 json_object_get_string_member (v, "output"));
    }
}

/* key_block = PRF(master_secret, "key expansion", server_random || client_random) */
static void
check_corpus_key_block (JsonObject *v, GBytes *master_secret)
{
  g_autoptr (GBytes) client_random = NULL;
  g_autoptr (GBytes) server_random = NULL;
  g_autoptr (GBytes) seed = NULL;
  g_autoptr (GBytes) key_block = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *digest = NULL;
  GByteArray *joined;

  if (!json_object_has_member (v, "key_block"))
    return;
  client_random = member_hex (v, "client_random");
  server_random = member_hex (v, "server_random");
  joined = g_byte_array_new ();
  g_byte_array_append (joined, g_bytes_get_data (server_random, NULL), 32);
  g_byte_array_append (joined, g_bytes_get_data (client_random, NULL), 32);
  seed = g_byte_array_free_to_bytes (joined);
  digest = g_ascii_strup (json_object_get_string_member (v, "hash"), -1);
  key_block = lab_prf (digest, master_secret, "key expansion", seed,
                       json_object_get_int_member (v, "key_block_length"), NULL, &error);
  g_assert_no_error (error);
  lab_test_assert_hex (key_block, json_object_get_string_member (v, "key_block"));
}

/* ACVP feeds the master secret the hello randoms, the key block other randoms. */
static LabSecret *
corpus_master_secret (JsonObject *v, GError **error)
{
  g_autoptr (GBytes) pms = member_hex (v, "pre_master_secret");
  g_autoptr (GBytes) client_random = NULL;
  g_autoptr (GBytes) server_random = NULL;
  g_autoptr (GBytes) session_hash = NULL;

  if (json_object_has_member (v, "session_hash"))
    {
      session_hash = member_hex (v, "session_hash");
      return lab_extended_master_secret (vector_hash (v), pms, session_hash, error);
    }
  client_random = member_hex (v, "client_hello_random");
  server_random = member_hex (v, "server_hello_random");
  return lab_master_secret (vector_hash (v), pms, client_random, server_random, error);
}

/* pre-master secret -> master secret (-> key block) */
static void
check_corpus_key_schedule (const char *section)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonArray *vectors = corpus_section (parser, section);

  g_assert_cmpuint (json_array_get_length (vectors), >, 0);
  for (guint i = 0; i < json_array_get_length (vectors); i++)
    {
      JsonObject *v = json_array_get_object_element (vectors, i);
      g_autoptr (GError) error = NULL;
      g_autoptr (LabSecret) master = corpus_master_secret (v, &error);

      g_test_message ("%s", json_object_get_string_member (v, "id"));
      g_assert_no_error (error);
      lab_test_assert_hex (master->value, json_object_get_string_member (v, "master_secret"));
      check_corpus_key_block (v, master->value);
    }
}

static void
test_corpus_tls12_kdf (void)
{
  check_corpus_key_schedule ("tls12_kdf");
}

static void
test_corpus_extended_master_secret (void)
{
  check_corpus_key_schedule ("extended_master_secret");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/prf/published-vectors", test_prf_published_vectors);
  g_test_add_func ("/prf/rounds-are-the-a-chain", test_prf_rounds_are_the_a_chain);
  g_test_add_func ("/prf/matches-evp-kdf", test_prf_matches_evp_kdf);
  g_test_add_func ("/prf/empty-secret", test_prf_empty_secret);
  g_test_add_func ("/prf/unknown-digest", test_prf_unknown_digest);
  g_test_add_func ("/prf/formula", test_prf_formula);
  g_test_add_func ("/prf/corpus/prf", test_corpus_prf);
  g_test_add_func ("/prf/corpus/tls12-kdf", test_corpus_tls12_kdf);
  g_test_add_func ("/prf/corpus/extended-master-secret", test_corpus_extended_master_secret);
  return g_test_run ();
}
