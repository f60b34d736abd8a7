/* The TLS 1.3 key schedule against public vectors: from RFC 8448 §3's ECDHE private keys and
 * plaintext messages, every secret, traffic key, IV, finished key and verify_data the RFC
 * prints, and the server's CertificateVerify checked with its certificate's key over the
 * content the lab builds; HKDF-Expand-Label against libcrypto's own "TLS13-KDF"; and the
 * first chain of the ACVP TLS 1.3 KDF vectors (tests/corpus/rfc8448.json). */
#include <json-glib/json-glib.h>
#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <openssl/rsa.h>
#include <string.h>

#include "lab-test-keys.h"
#include "lab-test-util.h"
#include "tls/lab-crypto-autoptr.h"
#include "tls/lab-error.h"
#include "tls/lab-key-schedule13.h"

static JsonObject *
corpus_member (JsonParser *parser, const char *member)
{
  g_autofree char *path = lab_test_corpus_path ("rfc8448.json", NULL);
  g_autoptr (GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                        member);
}

static GBytes *
hex_member (JsonObject *object, const char *member)
{
  g_assert_true (json_object_has_member (object, member));
  return lab_test_hex (json_object_get_string_member (object, member));
}

/* ---- HKDF ---- */

static void
test_hkdf_label (void)
{
  g_autoptr (GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr (GBytes) label = lab_hkdf_label ("key", empty, 16);
  g_autoptr (GBytes) context = lab_test_hex ("0102");
  g_autoptr (GBytes) with_context = lab_hkdf_label ("c hs traffic", context, 32);
  g_autoptr (GError) error = NULL;
  g_autofree char *long_label = g_strnfill (250, 'x');
  g_autoptr (GBytes) secret = lab_test_hex ("00");

  /* RFC 8446 §7.1: uint16 length, "tls13 " + label with a 1-byte length, the context with
   * a 1-byte length */
  lab_test_assert_hex (label, "0010"
                              "09"
                              "746c73313320"
                              "6b6579"
                              "00");
  lab_test_assert_hex (with_context, "0020"
                                     "12"
                                     "746c73313320"
                                     "6320687320747261666669"
                                     "63"
                                     "02"
                                     "0102");
  g_assert_null (lab_hkdf_expand_label (LAB_HASH_SHA256, secret, long_label, empty, 16, &error));
  g_assert_error (error, LAB_ERROR, LAB_ERROR_INVALID);
}

/* libcrypto's TLS13-KDF (the KDF libssl itself uses) in EXPAND_ONLY mode. */
static GBytes *
tls13_kdf_expand (const char *digest, GBytes *secret, const char *label, GBytes *context,
                  gsize length)
{
  g_autoptr (EVP_KDF) kdf = EVP_KDF_fetch (NULL, "TLS13-KDF", NULL);
  g_autoptr (EVP_KDF_CTX) ctx = EVP_KDF_CTX_new (kdf);
  int mode = EVP_KDF_HKDF_MODE_EXPAND_ONLY;
  guint8 out[64];
  static const guint8 nothing = 0; /* libcrypto wants a pointer even for no bytes */
  OSSL_PARAM params[] = {
    OSSL_PARAM_construct_utf8_string (OSSL_KDF_PARAM_DIGEST, (char *) digest, 0),
    OSSL_PARAM_construct_int (OSSL_KDF_PARAM_MODE, &mode),
    OSSL_PARAM_construct_octet_string (OSSL_KDF_PARAM_KEY, (void *) g_bytes_get_data (secret, NULL),
                                       g_bytes_get_size (secret)),
    OSSL_PARAM_construct_octet_string (OSSL_KDF_PARAM_PREFIX, (void *) "tls13 ", 6),
    OSSL_PARAM_construct_octet_string (OSSL_KDF_PARAM_LABEL, (void *) label, strlen (label)),
    OSSL_PARAM_construct_octet_string (OSSL_KDF_PARAM_DATA,
                                       g_bytes_get_size (context) > 0
                                         ? (void *) g_bytes_get_data (context, NULL)
                                         : (void *) &nothing,
                                       g_bytes_get_size (context)),
    OSSL_PARAM_construct_end (),
  };

  g_assert_nonnull (ctx);
  g_assert_cmpuint (length, <=, sizeof out);
  g_assert_cmpint (EVP_KDF_derive (ctx, out, length, params), ==, 1);
  return g_bytes_new (out, length);
}

static void
test_expand_label_agrees_with_tls13_kdf (void)
{
  static const struct
  {
    LabPrfHash hash;
    const char *label;
    gsize context_length, length;
  } cases[] = {
    { LAB_HASH_SHA256, "key", 0, 16 },           { LAB_HASH_SHA256, "iv", 0, 12 },
    { LAB_HASH_SHA256, "c hs traffic", 32, 32 }, { LAB_HASH_SHA384, "s ap traffic", 48, 48 },
    { LAB_HASH_SHA384, "finished", 0, 48 },      { LAB_HASH_SHA256, "derived", 32, 32 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GBytes) secret = g_bytes_new_take (g_malloc (48), 48);
      g_autoptr (GBytes) context = NULL;
      g_autoptr (GBytes) ours = NULL;
      g_autoptr (GBytes) theirs = NULL;
      g_autoptr (GError) error = NULL;
      guint8 *data = (guint8 *) g_bytes_get_data (secret, NULL);
      guint8 ctx[48];

      for (guint k = 0; k < 48; k++)
        data[k] = (guint8) (i * 31 + k);
      for (guint k = 0; k < sizeof ctx; k++)
        ctx[k] = (guint8) (0xa0 + k);
      context = g_bytes_new (ctx, cases[i].context_length);
      ours = lab_hkdf_expand_label (cases[i].hash, secret, cases[i].label, context, cases[i].length,
                                    &error);
      g_assert_no_error (error);
      theirs = tls13_kdf_expand (lab_prf_hash_name (cases[i].hash), secret, cases[i].label, context,
                                 cases[i].length);
      g_assert_true (g_bytes_equal (ours, theirs));
    }
}

/* NIST ACVP TLS 1.3 KDF, the first chain of OpenSSL's evpkdf_tls13_kdf.txt: a PSK's early
 * secret and two secrets derived from it over a ClientHello hash. */
static void
test_acvp_chain (void)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *chain = corpus_member (parser, "acvp_tls13_kdf_chain");
  g_autoptr (GBytes) psk = hex_member (chain, "psk");
  g_autoptr (GBytes) hello_hash = hex_member (chain, "client_hello_hash");
  g_autoptr (GBytes) zero = g_bytes_new_take (g_malloc0 (32), 32);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) early = lab_hkdf_extract (LAB_HASH_SHA256, zero, psk, &error);
  JsonArray *expand = json_object_get_array_member (chain, "expand");

  g_assert_no_error (error);
  lab_test_assert_hex (early, json_object_get_string_member (chain, "early_secret"));
  g_assert_cmpuint (json_array_get_length (expand), ==, 2);
  for (guint i = 0; i < json_array_get_length (expand); i++)
    {
      JsonObject *step = json_array_get_object_element (expand, i);
      g_autoptr (LabSecret) secret = lab_tls13_derive_secret (
        "x", LAB_HASH_SHA256, early, "early_secret", json_object_get_string_member (step, "label"),
        hello_hash, "ClientHello", &error);

      g_assert_no_error (error);
      lab_test_assert_hex (secret->value, json_object_get_string_member (step, "output"));
    }
}

/* ---- RFC 8448 §3 ---- */

/* X25519(ours, theirs) from raw keys. */
static GBytes *
x25519 (GBytes *private_key, GBytes *peer_public)
{
  g_autoptr (EVP_PKEY) ours = EVP_PKEY_new_raw_private_key_ex (
    NULL, "X25519", NULL, g_bytes_get_data (private_key, NULL), g_bytes_get_size (private_key));
  g_autoptr (EVP_PKEY) peer = EVP_PKEY_new_raw_public_key_ex (
    NULL, "X25519", NULL, g_bytes_get_data (peer_public, NULL), g_bytes_get_size (peer_public));
  g_autoptr (EVP_PKEY_CTX) ctx = EVP_PKEY_CTX_new_from_pkey (NULL, ours, NULL);
  guint8 out[32];
  gsize len = sizeof out;

  g_assert_nonnull (ours);
  g_assert_nonnull (peer);
  g_assert_cmpint (EVP_PKEY_derive_init (ctx), ==, 1);
  g_assert_cmpint (EVP_PKEY_derive_set_peer (ctx, peer), ==, 1);
  g_assert_cmpint (EVP_PKEY_derive (ctx, out, &len), ==, 1);
  return g_bytes_new (out, len);
}

typedef struct
{
  JsonParser *parser;
  JsonObject *vectors;
  GPtrArray *messages; /* GBytes, in transcript order */
} Rfc8448;

static void
rfc8448_load (Rfc8448 *rfc)
{
  JsonArray *messages;

  rfc->parser = json_parser_new ();
  rfc->vectors = corpus_member (rfc->parser, "rfc8448_simple_1rtt");
  rfc->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  messages = json_object_get_array_member (rfc->vectors, "messages");
  for (guint i = 0; i < json_array_get_length (messages); i++)
    g_ptr_array_add (rfc->messages,
                     hex_member (json_array_get_object_element (messages, i), "bytes"));
  g_assert_cmpuint (rfc->messages->len, ==, 7);
}

static void
rfc8448_clear (Rfc8448 *rfc)
{
  g_clear_object (&rfc->parser);
  g_clear_pointer (&rfc->messages, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Rfc8448, rfc8448_clear)

enum
{
  CLIENT_HELLO,
  SERVER_HELLO,
  ENCRYPTED_EXTENSIONS,
  CERTIFICATE,
  CERTIFICATE_VERIFY,
  SERVER_FINISHED,
  CLIENT_FINISHED
};

/* Transcript-Hash of the first n messages. */
static GBytes *
hash_of_first (const Rfc8448 *rfc, guint n)
{
  g_autoptr (GByteArray) all = g_byte_array_new ();
  g_autoptr (GBytes) transcript = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (LabSecret) hash = NULL;

  for (guint i = 0; i < n; i++)
    {
      GBytes *m = g_ptr_array_index (rfc->messages, i);
      g_byte_array_append (all, g_bytes_get_data (m, NULL), g_bytes_get_size (m));
    }
  transcript = g_byte_array_free_to_bytes (g_steal_pointer (&all));
  hash = lab_transcript_hash (LAB_HASH_SHA256, transcript, &error);
  g_assert_no_error (error);
  return g_bytes_ref (hash->value);
}

static GBytes *
finished_body (const Rfc8448 *rfc, guint index)
{
  GBytes *message = g_ptr_array_index (rfc->messages, index);

  return g_bytes_new_from_bytes (message, 4, g_bytes_get_size (message) - 4);
}

static void
assert_secret (const Rfc8448 *rfc, const LabSecret *secret)
{
  JsonObject *secrets = json_object_get_object_member (rfc->vectors, "secrets");
  JsonObject *keys = json_object_get_object_member (rfc->vectors, "keys");
  JsonObject *where = json_object_has_member (secrets, secret->name) ? secrets : keys;

  g_test_message ("%s = %s", secret->name, secret->formula);
  g_assert_nonnull (secret);
  lab_test_assert_hex (secret->value, json_object_get_string_member (where, secret->name));
}

static void
test_rfc8448_shared_secret (void)
{
  g_auto (Rfc8448) rfc = { 0 };
  g_autoptr (GBytes) client_private = NULL, server_private = NULL;
  g_autoptr (GBytes) client_public = NULL, server_public = NULL;
  g_autoptr (GBytes) by_client = NULL, by_server = NULL;

  rfc8448_load (&rfc);
  client_private = hex_member (rfc.vectors, "client_private_key");
  server_private = hex_member (rfc.vectors, "server_private_key");
  client_public = hex_member (rfc.vectors, "client_public_key");
  server_public = hex_member (rfc.vectors, "server_public_key");
  by_client = x25519 (client_private, server_public);
  by_server = x25519 (server_private, client_public);
  lab_test_assert_hex (by_client, json_object_get_string_member (rfc.vectors, "shared_secret"));
  g_assert_true (g_bytes_equal (by_client, by_server));
}

static void
test_rfc8448_schedule (void)
{
  g_auto (Rfc8448) rfc = { 0 };
  const LabCipherSuite *suite = lab_tls13_suite_lookup_name ("TLS_AES_128_GCM_SHA256");
  g_autoptr (LabTls13Schedule) schedule = lab_tls13_schedule_new (suite);
  g_autoptr (GBytes) shared = NULL;
  g_autoptr (GBytes) hello_hash = NULL, server_finished_hash = NULL;
  g_autoptr (GBytes) client_finished_hash = NULL;
  g_autoptr (GError) error = NULL;

  rfc8448_load (&rfc);
  g_assert_nonnull (suite);
  shared = hex_member (rfc.vectors, "shared_secret");
  hello_hash = hash_of_first (&rfc, SERVER_HELLO + 1);
  server_finished_hash = hash_of_first (&rfc, SERVER_FINISHED + 1);
  client_finished_hash = hash_of_first (&rfc, CLIENT_FINISHED + 1);
  g_assert_true (lab_tls13_schedule_early (schedule, NULL, &error));
  g_assert_true (lab_tls13_schedule_handshake (schedule, shared, hello_hash, &error));
  g_assert_true (lab_tls13_schedule_master (schedule, server_finished_hash, &error));
  g_assert_true (lab_tls13_schedule_resumption (schedule, client_finished_hash, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < LAB_TLS13_N_SECRETS; i++)
    {
      g_assert_cmpstr (schedule->secrets[i]->name, ==, lab_tls13_secret_name (i));
      assert_secret (&rfc, schedule->secrets[i]);
    }
  lab_test_assert_contains (schedule->secrets[LAB_TLS13_CLIENT_HANDSHAKE_TRAFFIC_SECRET]->formula,
                            "Derive-Secret(handshake_secret, \"c hs traffic\", "
                            "ClientHello..ServerHello)");
  g_assert_nonnull (schedule->secrets[LAB_TLS13_MASTER_SECRET]->formula);
}

/* Handshake and application keys and IVs, both finished keys and both verify_data. */
static void
test_rfc8448_keys_and_finished (void)
{
  g_auto (Rfc8448) rfc = { 0 };
  const LabCipherSuite *suite = lab_tls13_suite_lookup (0x1301);
  JsonObject *secrets;
  g_autoptr (GError) error = NULL;
  static const struct
  {
    const char *secret, *prefix;
  } traffic[] = {
    { "client_handshake_traffic_secret", "client_handshake" },
    { "server_handshake_traffic_secret", "server_handshake" },
    { "client_application_traffic_secret_0", "client_application" },
  };

  rfc8448_load (&rfc);
  secrets = json_object_get_object_member (rfc.vectors, "secrets");
  for (gsize i = 0; i < G_N_ELEMENTS (traffic); i++)
    {
      g_autoptr (GBytes) secret = hex_member (secrets, traffic[i].secret);
      g_autoptr (LabSecret) key = NULL;
      g_autoptr (LabSecret) iv = NULL;

      g_assert_true (lab_tls13_traffic_keys (suite, secret, traffic[i].secret, traffic[i].prefix,
                                             &key, &iv, &error));
      g_assert_no_error (error);
      assert_secret (&rfc, key);
      assert_secret (&rfc, iv);
      g_assert_nonnull (key->hkdf_label);
    }
  for (guint server = 0; server < 2; server++)
    {
      g_autoptr (GBytes) base = hex_member (secrets, server ? "server_handshake_traffic_secret"
                                                            : "client_handshake_traffic_secret");
      g_autoptr (LabSecret) finished_key
        = lab_tls13_finished_key (server ? "server_finished_key" : "client_finished_key",
                                  LAB_HASH_SHA256, base, "handshake traffic secret", &error);
      /* the server's Finished covers the messages up to its CertificateVerify, the
       * client's everything up to the server's Finished */
      g_autoptr (GBytes) hash
        = hash_of_first (&rfc, server ? CERTIFICATE_VERIFY + 1 : SERVER_FINISHED + 1);
      g_autoptr (LabSecret) verify = NULL;
      g_autoptr (GBytes) sent = finished_body (&rfc, server ? SERVER_FINISHED : CLIENT_FINISHED);

      g_assert_no_error (error);
      assert_secret (&rfc, finished_key);
      verify = lab_tls13_verify_data (server ? "server_verify_data" : "client_verify_data",
                                      LAB_HASH_SHA256, finished_key->value, finished_key->name,
                                      hash, "ClientHello..", &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (verify->value, sent));
    }
}

/* The server signed the content the lab builds: 64 spaces, the context string, a zero and
 * the transcript hash up to its Certificate (RFC 8446 §4.4.3), with rsa_pss_rsae_sha256. */
static void
test_rfc8448_certificate_verify (void)
{
  g_auto (Rfc8448) rfc = { 0 };
  GBytes *certificate, *verify;
  const guint8 *cert_data, *verify_data, *der;
  gsize cert_len, verify_len;
  g_autoptr (X509) x509 = NULL;
  g_autoptr (GBytes) hash = NULL, content = NULL, client_content = NULL;
  g_autoptr (EVP_MD_CTX) md = EVP_MD_CTX_new ();
  EVP_PKEY_CTX *pctx = NULL;

  rfc8448_load (&rfc);
  certificate = g_ptr_array_index (rfc.messages, CERTIFICATE);
  verify = g_ptr_array_index (rfc.messages, CERTIFICATE_VERIFY);
  cert_data = g_bytes_get_data (certificate, &cert_len);
  verify_data = g_bytes_get_data (verify, &verify_len);
  /* RFC 8446 §4.4.2: header, an empty request context, the list's length, the first
   * entry's length, then its DER */
  g_assert_cmpuint (cert_data[4], ==, 0);
  der = cert_data + 11;
  x509 = d2i_X509 (NULL, &der, (long) cert_len - 11);
  g_assert_nonnull (x509);
  hash = hash_of_first (&rfc, CERTIFICATE + 1);
  content = lab_tls13_certificate_verify_content (TRUE, hash);
  client_content = lab_tls13_certificate_verify_content (FALSE, hash);
  g_assert_cmpuint (g_bytes_get_size (content), ==, 64 + 33 + 1 + 32);
  g_assert_cmpmem (g_bytes_get_data (content, NULL), 64,
                   "                                "
                   "                                ",
                   64);
  /* 0x0804 is rsa_pss_rsae_sha256; then a 2-byte length and the signature */
  g_assert_cmpuint (verify_data[4], ==, 0x08);
  g_assert_cmpuint (verify_data[5], ==, 0x04);
  g_assert_cmpint (
    EVP_DigestVerifyInit_ex (md, &pctx, "SHA256", NULL, NULL, X509_get0_pubkey (x509), NULL), ==,
    1);
  g_assert_cmpint (EVP_PKEY_CTX_set_rsa_padding (pctx, RSA_PKCS1_PSS_PADDING), ==, 1);
  g_assert_cmpint (EVP_PKEY_CTX_set_rsa_pss_saltlen (pctx, RSA_PSS_SALTLEN_DIGEST), ==, 1);
  g_assert_cmpint (EVP_DigestVerify (md, verify_data + 8, verify_len - 8,
                                     g_bytes_get_data (content, NULL), g_bytes_get_size (content)),
                   ==, 1);
  /* the client's context string does not verify: the signature covers which side */
  g_assert_cmpint (
    EVP_DigestVerifyInit_ex (md, &pctx, "SHA256", NULL, NULL, X509_get0_pubkey (x509), NULL), ==,
    1);
  g_assert_cmpint (EVP_PKEY_CTX_set_rsa_padding (pctx, RSA_PKCS1_PSS_PADDING), ==, 1);
  g_assert_cmpint (EVP_DigestVerify (md, verify_data + 8, verify_len - 8,
                                     g_bytes_get_data (client_content, NULL),
                                     g_bytes_get_size (client_content)),
                   !=, 1);
}

/* RFC 8446 §4.4.1: after a HelloRetryRequest the first ClientHello is replaced by
 * message_hash: 254, a 3-byte length and its hash. */
static void
test_message_hash (void)
{
  g_autoptr (GBytes) hello = lab_test_hex ("0100000103");
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) synthetic = lab_tls13_message_hash (LAB_HASH_SHA384, hello, &error);
  const guint8 *data;
  gsize len;

  g_assert_no_error (error);
  data = g_bytes_get_data (synthetic, &len);
  g_assert_cmpuint (len, ==, 4 + 48);
  g_assert_cmpmem (data, 4, "\xfe\x00\x00\x30", 4);
}

static void
test_suites (void)
{
  gsize n;
  const LabCipherSuite *all = lab_tls13_suite_all (&n);

  g_assert_cmpuint (n, ==, 5);
  for (gsize i = 0; i < n; i++)
    {
      g_assert_true (lab_cipher_suite_is_tls13 (&all[i]));
      /* never in TLS 1.2's table */
      g_assert_null (lab_cipher_suite_lookup (all[i].id));
      g_assert_cmpuint (all[i].fixed_iv_length, ==, 12);
      g_assert_cmpuint (all[i].record_iv_length, ==, 0);
    }
  g_assert_cmpuint (lab_tls13_suite_lookup (0x1302)->prf_hash, ==, LAB_HASH_SHA384);
  g_assert_cmpuint (lab_tls13_suite_lookup (0x1305)->tag_length, ==, 8);
  g_assert_null (lab_tls13_suite_lookup (0xC02B));
  g_assert_false (lab_cipher_suite_is_tls13 (lab_test_suite ("ECDHE-ECDSA-AES128-GCM-SHA256")));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/key-schedule13/hkdf-label", test_hkdf_label);
  g_test_add_func ("/key-schedule13/expand-label-agrees-with-tls13-kdf",
                   test_expand_label_agrees_with_tls13_kdf);
  g_test_add_func ("/key-schedule13/acvp-chain", test_acvp_chain);
  g_test_add_func ("/key-schedule13/rfc8448/shared-secret", test_rfc8448_shared_secret);
  g_test_add_func ("/key-schedule13/rfc8448/every-secret", test_rfc8448_schedule);
  g_test_add_func ("/key-schedule13/rfc8448/keys-and-finished", test_rfc8448_keys_and_finished);
  g_test_add_func ("/key-schedule13/rfc8448/certificate-verify", test_rfc8448_certificate_verify);
  g_test_add_func ("/key-schedule13/message-hash", test_message_hash);
  g_test_add_func ("/key-schedule13/suites", test_suites);
  return g_test_run ();
}
