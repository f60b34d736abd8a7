/* The dissector reads TLS 1.3 (RFC 8446 §4): RFC 8448 §3's handshake messages
 * (tests/corpus/rfc8448.json) field by field, the version taken from supported_versions
 * so that a TLS 1.3 ServerHello is never called TLS 1.2, and hand-built messages for what
 * RFC 8448 §3 does not hold: a HelloRetryRequest with a cookie, pre_shared_key,
 * CertificateRequest, NewSessionTicket and KeyUpdate. */
#include <json-glib/json-glib.h>
#include <string.h>

#include "lab-test-keys.h"
#include "lab-test-util.h"
#include "test-dissect-samples.h"
#include "tls/lab-dissect.h"
#include "tls/lab-key-schedule13.h"

enum
{
  CLIENT_HELLO,
  SERVER_HELLO,
  ENCRYPTED_EXTENSIONS,
  CERTIFICATE,
  CERTIFICATE_VERIFY,
  SERVER_FINISHED,
  CLIENT_FINISHED,
};

/* RFC 8448 §3's message `index`, header included */
static GBytes *
rfc8448_message (guint index)
{
  g_autofree char *path = lab_test_corpus_path ("rfc8448.json", NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonObject *vectors;
  JsonArray *messages;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  vectors = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                           "rfc8448_simple_1rtt");
  messages = json_object_get_array_member (vectors, "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 7);
  return lab_test_hex (
    json_object_get_string_member (json_array_get_object_element (messages, index), "bytes"));
}

static LabField *
get (const LabField *tree, const char *path)
{
  LabField *field = lab_field_lookup (tree, path);

  if (field == NULL)
    g_error ("no field at %s", path);
  return field;
}

static void
assert_field (const LabField *tree, const char *path, gsize offset, gsize length, const char *value)
{
  LabField *field = get (tree, path);

  g_assert_cmpuint (field->offset, ==, offset);
  g_assert_cmpuint (field->length, ==, length);
  if (value != NULL)
    g_assert_cmpstr (field->value, ==, value);
}

/* One bare message, read whole: no error node, every byte in a leaf. */
static LabField *
dissect (GBytes *bytes, gboolean tls13)
{
  LabDissectOptions options = { .tls13 = tls13 };
  LabField *tree = lab_dissect_message (bytes, &options);
  LabField *error = lab_field_find_error (tree);

  if (error != NULL)
    g_error ("%s at %" G_GSIZE_FORMAT, error->error, error->offset);
  assert_covers (tree, g_bytes_get_size (bytes));
  return tree;
}

static void
test_rfc8448_client_hello (void)
{
  g_autoptr (GBytes) bytes = rfc8448_message (CLIENT_HELLO);
  g_autoptr (LabField) tree = dissect (bytes, FALSE);
  g_autofree char *summary = lab_dissect_summarize (tree);
  LabField *share;

  /* RFC 8446 §4.2.1: the offer is the list; legacy_version stays 0x0303 */
  assert_field (tree, "ClientHello.client_version", 4, 2, "TLS 1.2 (0x0303)");
  assert_field (tree, "ClientHello.extensions.supported_versions", 141, 7, NULL);
  assert_field (tree, "ClientHello.extensions.supported_versions.versions_length", 145, 1, "2");
  assert_field (tree, "ClientHello.extensions.supported_versions.versions.version", 146, 2,
                "TLS 1.3 (0x0304)");
  g_assert_cmpstr (summary, ==, "offers TLS 1.3, 3 suites, SNI server");
  assert_field (tree, "ClientHello.cipher_suites.cipher_suite[0]", 41, 2,
                "TLS_AES_128_GCM_SHA256 (0x1301)");
  /* RFC 8446 §4.2.8: one x25519 share, the client's public key of RFC 8448 */
  share = get (tree, "ClientHello.extensions.key_share.client_shares.key_share_entry");
  g_assert_cmpuint (
    lab_field_n_children (get (tree, "ClientHello.extensions.key_share.client_shares")), ==, 1);
  assert_field (share, "key_share_entry.group", 105, 2, "x25519 (0x001d)");
  assert_field (share, "key_share_entry.key_exchange", 109, 32,
                "99381de560e4bd43d23d8e435a7dbafeb3c06e51c13cae4d5413691e529aaf2c");
  /* RFC 8446 §4.2.9 */
  assert_field (tree, "ClientHello.extensions.psk_key_exchange_modes.ke_modes.ke_mode", 189, 1,
                "psk_dhe_ke (1)");
  assert_field (tree, "ClientHello.extensions.record_size_limit.record_size_limit", 194, 2,
                "16385");
}

static void
test_rfc8448_server_hello (void)
{
  g_autoptr (GBytes) bytes = rfc8448_message (SERVER_HELLO);
  g_autoptr (LabField) tree = dissect (bytes, FALSE);
  g_autofree char *summary = lab_dissect_summarize (tree);
  LabField *legacy = get (tree, "ServerHello.server_version");

  /* the bug: a TLS 1.3 ServerHello was summarized "TLS 1.2, ..." */
  g_autofree char *ladder_summary = lab_dissect_message_summary (bytes, NULL);

  g_assert_cmpstr (summary, ==, "TLS 1.3, TLS_AES_128_GCM_SHA256, key share x25519");
  /* the ladder's summary, made from a tree built for summaries only, says the same */
  g_assert_cmpstr (ladder_summary, ==, summary);
  g_assert_true (g_str_has_prefix (legacy->value, "TLS 1.2 (0x0303), legacy_version only"));
  lab_test_assert_contains (legacy->value, "the version is TLS 1.3, from supported_versions");
  assert_field (tree, "ServerHello.extensions.supported_versions.selected_version", 88, 2,
                "TLS 1.3 (0x0304)");
  assert_field (tree, "ServerHello.extensions.key_share.key_share_entry.group", 48, 2,
                "x25519 (0x001d)");
  assert_field (tree, "ServerHello.extensions.key_share.key_share_entry.key_exchange", 52, 32,
                "c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f");
}

static void
test_rfc8448_encrypted_extensions (void)
{
  g_autoptr (GBytes) bytes = rfc8448_message (ENCRYPTED_EXTENSIONS);
  g_autoptr (LabField) tree = dissect (bytes, FALSE);
  g_autofree char *summary = lab_dissect_summarize (tree);

  /* RFC 8448 §3: supported_groups, record_size_limit and an empty server_name */
  g_assert_cmpstr (tree->name, ==, "EncryptedExtensions");
  g_assert_cmpstr (summary, ==, "3 extensions");
  assert_field (tree,
                "EncryptedExtensions.extensions.supported_groups.named_group_list.named_group", 12,
                2, "x25519 (0x001d)");
  assert_field (tree, "EncryptedExtensions.extensions.record_size_limit.record_size_limit", 34, 2,
                "16385");
  assert_field (tree, "EncryptedExtensions.extensions.server_name", 36, 4, NULL);
}

static void
test_rfc8448_certificate (void)
{
  g_autoptr (GBytes) bytes = rfc8448_message (CERTIFICATE);
  g_autoptr (LabField) tree = dissect (bytes, TRUE);
  g_autofree char *summary = lab_dissect_summarize (tree);
  g_autoptr (LabField) as_tls12 = lab_dissect_message (bytes, NULL);
  LabField *entry = get (tree, "Certificate.certificate_list.certificate_entry");

  /* RFC 8446 §4.4.2: an empty request context, then one CertificateEntry */
  assert_field (tree, "Certificate.certificate_request_context_length", 4, 1, "0");
  assert_field (tree, "Certificate.certificate_list_length", 5, 3, NULL);
  g_assert_cmpuint (entry->offset, ==, 8);
  g_assert_cmpuint (entry->length, ==, 3 + 432 + 2);
  assert_field (entry, "certificate_entry.certificate_length", 8, 3, "432");
  assert_field (entry, "certificate_entry.certificate", 11, 432, NULL);
  assert_field (entry, "certificate_entry.extensions_length", 443, 2, "0");
  LabDissectOptions tls13 = { .tls13 = TRUE };
  g_autofree char *ladder_summary = lab_dissect_message_summary (bytes, &tls13);

  g_assert_cmpstr (summary, ==, "1 certificate, leaf CN=rsa");
  g_assert_cmpstr (ladder_summary, ==, summary);
  /* read as TLS 1.2 the same bytes are not a certificate list: the version matters */
  g_assert_nonnull (lab_field_find_error (as_tls12));
}

static void
test_rfc8448_certificate_verify_and_finished (void)
{
  g_autoptr (GBytes) verify = rfc8448_message (CERTIFICATE_VERIFY);
  g_autoptr (GBytes) finished = rfc8448_message (SERVER_FINISHED);
  g_autoptr (LabField) verify_tree = dissect (verify, TRUE);
  g_autoptr (LabField) finished_tree = dissect (finished, TRUE);
  g_autofree char *verify_summary = lab_dissect_summarize (verify_tree);

  /* RFC 8446 §4.4.3: the TLS 1.2 shape, a SignatureScheme and the signature */
  assert_field (verify_tree, "CertificateVerify.algorithm", 4, 2, NULL);
  lab_test_assert_contains (get (verify_tree, "CertificateVerify.algorithm")->value,
                            "rsa_pss_rsae_sha256");
  g_assert_cmpstr (verify_summary, ==, "rsa_pss_rsae_sha256, 128-byte signature");
  /* RFC 8446 §4.4.4: verify_data is Hash.length long, and that is not remarked on */
  assert_field (finished_tree, "Finished.verify_data", 4, 32,
                "9b9b141d906337fbd2cbdce71df4deda4ab42c309572cb7fffee5454b78f0718");
}

/* The ServerHello's version reaches the messages after it in the same call: its
 * Certificate is read with the TLS 1.3 layout without being told. */
static void
test_version_carries_over (void)
{
  g_autoptr (GBytes) hello = rfc8448_message (SERVER_HELLO);
  g_autoptr (GBytes) certificate = rfc8448_message (CERTIFICATE);
  Builder *b = builder_new ();
  g_autoptr (GBytes) records = NULL;
  g_autoptr (LabField) tree = NULL;

  open_record (b, 22);
  put_bytes (b, g_bytes_get_data (hello, NULL), g_bytes_get_size (hello));
  close_vector (b);
  open_record (b, 22);
  put_bytes (b, g_bytes_get_data (certificate, NULL), g_bytes_get_size (certificate));
  close_vector (b);
  records = builder_finish (b);
  tree = lab_dissect_records (records, NULL);
  g_assert_null (lab_field_find_error (tree));
  assert_covers (tree, g_bytes_get_size (records));
  get (tree, "records.record[1].Certificate.certificate_list.certificate_entry");
}

/* RFC 8446 §4.1.3: a ServerHello with SHA-256("HelloRetryRequest") for a random, a
 * key_share naming only the group, and a cookie (§4.2.2). */
static void
test_hello_retry_request (void)
{
  guint8 digest[32];
  gsize digest_length = sizeof digest;
  g_autoptr (GChecksum) sha256 = g_checksum_new (G_CHECKSUM_SHA256);
  Builder *b = builder_new ();
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (LabField) tree = NULL;
  g_autofree char *summary = NULL;

  g_checksum_update (sha256, (const guchar *) "HelloRetryRequest", strlen ("HelloRetryRequest"));
  g_checksum_get_digest (sha256, digest, &digest_length);
  g_assert_cmpmem (digest, sizeof digest, lab_tls13_hello_retry_random, 32);

  put_uint (b, 2, 1);
  open_vector (b, 3);
  put_uint (b, 0x0303, 2);
  put_bytes (b, lab_tls13_hello_retry_random, 32);
  put_uint (b, 0, 1); /* empty legacy_session_id_echo */
  put_uint (b, 0x1301, 2);
  put_uint (b, 0, 1);
  open_vector (b, 2);
  put_uint (b, 43, 2), open_vector (b, 2), put_uint (b, 0x0304, 2), close_vector (b);
  put_uint (b, 51, 2), open_vector (b, 2), put_uint (b, 0x0017, 2), close_vector (b);
  put_uint (b, 44, 2), open_vector (b, 2), open_vector (b, 2), put_string (b, "state");
  close_vector (b), close_vector (b);
  close_vector (b);
  close_vector (b);
  bytes = builder_finish (b);
  tree = dissect (bytes, FALSE);
  summary = lab_dissect_summarize (tree);

  g_assert_cmpstr (summary, ==,
                   "HelloRetryRequest, TLS 1.3, TLS_AES_128_GCM_SHA256, key share secp256r1");
  lab_test_assert_contains (get (tree, "ServerHello.random")->value,
                            "HelloRetryRequest: SHA-256(\"HelloRetryRequest\")");
  assert_field (tree, "ServerHello.extensions.key_share.group", 54, 2, "secp256r1 (0x0017)");
  assert_field (tree, "ServerHello.extensions.cookie.cookie_length", 60, 2, "5");
  assert_field (tree, "ServerHello.extensions.cookie.cookie", 62, 5, NULL);
}

/* RFC 8446 §4.1.3: a TLS 1.2 ServerHello from a server that speaks TLS 1.3 ends its random
 * with the downgrade sentinel. */
static void
test_downgrade_sentinel (void)
{
  Builder *b = builder_new ();
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (LabField) tree = NULL;
  g_autofree char *summary = NULL;

  put_uint (b, 2, 1);
  open_vector (b, 3);
  put_uint (b, 0x0303, 2);
  put_fill (b, 0x42, 24);
  put_string (b, "DOWNGRD");
  put_uint (b, 1, 1);
  put_uint (b, 0, 1);
  put_uint (b, 0xc02f, 2);
  put_uint (b, 0, 1);
  close_vector (b);
  bytes = builder_finish (b);
  tree = dissect (bytes, FALSE);
  summary = lab_dissect_summarize (tree);
  lab_test_assert_contains (get (tree, "ServerHello.random")->value,
                            "downgrade sentinel DOWNGRD 01: a server that speaks TLS 1.3 chose "
                            "TLS 1.2");
  g_assert_cmpstr (summary, ==, "TLS 1.2, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
}

/* RFC 8446 §4.2.11: a ClientHello's OfferedPsks and the ServerHello's selected_identity. */
static void
test_pre_shared_key (void)
{
  Builder *b = builder_new ();
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (LabField) tree = NULL;
  g_autoptr (GBytes) server_bytes = NULL;
  g_autoptr (LabField) server_tree = NULL;
  LabField *identity;

  put_uint (b, 1, 1);
  open_vector (b, 3);
  put_uint (b, 0x0303, 2);
  put_fill (b, 0x11, 32);
  put_uint (b, 0, 1);
  open_vector (b, 2), put_uint (b, 0x1301, 2), close_vector (b);
  open_vector (b, 1), put_uint (b, 0, 1), close_vector (b);
  open_vector (b, 2); /* extensions, from offset 47 */
  put_uint (b, 41, 2);
  open_vector (b, 2);
  open_vector (b, 2); /* identities at 51 */
  open_vector (b, 2);
  put_string (b, "ticket");
  close_vector (b);
  put_uint (b, 0x01020304, 4);
  close_vector (b);
  open_vector (b, 2); /* binders */
  open_vector (b, 1);
  put_fill (b, 0xbb, 32);
  close_vector (b);
  close_vector (b);
  close_vector (b);
  close_vector (b);
  close_vector (b);
  bytes = builder_finish (b);
  tree = dissect (bytes, FALSE);

  identity = get (tree, "ClientHello.extensions.pre_shared_key.identities.psk_identity");
  assert_field (tree, "ClientHello.extensions.pre_shared_key.identities_length", 51, 2, "12");
  assert_field (identity, "psk_identity.identity", 55, 6, NULL);
  assert_field (identity, "psk_identity.obfuscated_ticket_age", 61, 4, NULL);
  g_assert_cmpuint (get (identity, "psk_identity.obfuscated_ticket_age")->number, ==, 0x01020304);
  assert_field (tree, "ClientHello.extensions.pre_shared_key.binders.binder", 68, 32, NULL);

  b = builder_new ();
  put_uint (b, 2, 1);
  open_vector (b, 3);
  put_uint (b, 0x0303, 2);
  put_fill (b, 0x22, 32);
  put_uint (b, 0, 1);
  put_uint (b, 0x1301, 2);
  put_uint (b, 0, 1);
  open_vector (b, 2);
  put_uint (b, 41, 2), open_vector (b, 2), put_uint (b, 0, 2), close_vector (b);
  close_vector (b);
  close_vector (b);
  server_bytes = builder_finish (b);
  server_tree = dissect (server_bytes, FALSE);
  assert_field (server_tree, "ServerHello.extensions.pre_shared_key.selected_identity", 48, 2, "0");
}

/* RFC 8446 §4.3.2, §4.6.1, §4.6.3. */
static void
test_certificate_request_ticket_key_update (void)
{
  Builder *b = builder_new ();
  g_autoptr (GBytes) request = NULL, ticket = NULL, update = NULL;
  g_autoptr (LabField) request_tree = NULL, ticket_tree = NULL, update_tree = NULL;
  g_autofree char *request_summary = NULL, *ticket_summary = NULL, *update_summary = NULL;

  put_uint (b, 13, 1);
  open_vector (b, 3);
  open_vector (b, 1), close_vector (b);
  open_vector (b, 2);
  put_uint (b, 13, 2), open_vector (b, 2), open_vector (b, 2);
  put_uint (b, 0x0804, 2), put_uint (b, 0x0403, 2);
  close_vector (b), close_vector (b);
  close_vector (b);
  close_vector (b);
  request = builder_finish (b);
  request_tree = dissect (request, TRUE);
  request_summary = lab_dissect_summarize (request_tree);
  g_assert_cmpstr (request_summary, ==, "2 signature schemes");
  assert_field (request_tree, "CertificateRequest.certificate_request_context_length", 4, 1, "0");

  b = builder_new ();
  put_uint (b, 4, 1);
  open_vector (b, 3);
  put_uint (b, 7200, 4);
  put_uint (b, 0xdeadbeef, 4);
  open_vector (b, 1), put_uint (b, 0, 1), close_vector (b);
  open_vector (b, 2), put_fill (b, 0xcc, 16), close_vector (b);
  open_vector (b, 2);
  put_uint (b, 42, 2), open_vector (b, 2), put_uint (b, 16384, 4), close_vector (b);
  close_vector (b);
  close_vector (b);
  ticket = builder_finish (b);
  ticket_tree = dissect (ticket, TRUE);
  ticket_summary = lab_dissect_summarize (ticket_tree);
  g_assert_cmpstr (ticket_summary, ==, "lifetime 7200 s, 16-byte ticket");
  assert_field (ticket_tree, "NewSessionTicket.ticket_lifetime", 4, 4, "7200 seconds");
  assert_field (ticket_tree, "NewSessionTicket.ticket_age_add", 8, 4, NULL);
  assert_field (ticket_tree, "NewSessionTicket.ticket_nonce", 13, 1, NULL);
  assert_field (ticket_tree, "NewSessionTicket.ticket", 16, 16, NULL);
  assert_field (ticket_tree, "NewSessionTicket.extensions.early_data.max_early_data_size", 38, 4,
                "16384");

  b = builder_new ();
  put_uint (b, 24, 1);
  open_vector (b, 3), put_uint (b, 1, 1), close_vector (b);
  update = builder_finish (b);
  update_tree = dissect (update, FALSE);
  update_summary = lab_dissect_summarize (update_tree);
  g_assert_cmpstr (update_tree->name, ==, "KeyUpdate");
  g_assert_cmpstr (update_summary, ==, "update_requested");
  assert_field (update_tree, "KeyUpdate.request_update", 4, 1, "update_requested (1)");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dissect13/rfc8448/client-hello", test_rfc8448_client_hello);
  g_test_add_func ("/dissect13/rfc8448/server-hello-is-tls13", test_rfc8448_server_hello);
  g_test_add_func ("/dissect13/rfc8448/encrypted-extensions", test_rfc8448_encrypted_extensions);
  g_test_add_func ("/dissect13/rfc8448/certificate", test_rfc8448_certificate);
  g_test_add_func ("/dissect13/rfc8448/certificate-verify-and-finished",
                   test_rfc8448_certificate_verify_and_finished);
  g_test_add_func ("/dissect13/version-carries-over", test_version_carries_over);
  g_test_add_func ("/dissect13/hello-retry-request", test_hello_retry_request);
  g_test_add_func ("/dissect13/pre-shared-key", test_pre_shared_key);
  g_test_add_func ("/dissect13/downgrade-sentinel", test_downgrade_sentinel);
  g_test_add_func ("/dissect13/certificate-request-ticket-key-update",
                   test_certificate_request_ticket_key_update);
  return g_test_run ();
}
