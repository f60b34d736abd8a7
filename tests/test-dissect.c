/* The dissector names every field of hand-built records and messages, at the right
 * offsets, with the right values. */
#include "test-dissect-samples.h"
#include "tls/lab-dissect.h"

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

static LabField *
dissect_records (GBytes *bytes, const char *suite)
{
  LabDissectOptions options = { .suite = lab_cipher_suite_lookup_name (suite) };
  LabField *tree = lab_dissect_records (bytes, &options);

  g_assert_true (suite == NULL || options.suite != NULL);
  assert_covers (tree, g_bytes_get_size (bytes));
  return tree;
}

static void
test_dissect_client_hello (void)
{
  g_autoptr (GBytes) bytes = sample_client_hello_record ();
  g_autoptr (LabField) tree = dissect_records (bytes, NULL);
  LabField *record = get (tree, "record");
  LabField *suites = get (tree, "ClientHello.cipher_suites");
  g_autofree char *summary = NULL;

  g_assert_null (lab_field_find_error (tree));
  g_assert_cmpstr (record->value, ==, "handshake: ClientHello");
  assert_field (tree, "record.content_type", 0, 1, "handshake (22)");
  g_assert_cmpstr (get (tree, "record.content_type")->value_key, ==, "content.handshake");
  assert_field (tree, "record.version", 1, 2, "TLS 1.2 (0x0303)");
  assert_field (tree, "record.length", 3, 2, NULL);
  g_assert_cmpuint (get (tree, "record.length")->number, ==, g_bytes_get_size (bytes) - 5);
  assert_field (tree, "ClientHello.msg_type", 5, 1, "ClientHello (1)");
  assert_field (tree, "ClientHello.length", 6, 3, NULL);
  assert_field (tree, "ClientHello.client_version", 9, 2, "TLS 1.2 (0x0303)");
  assert_field (tree, "ClientHello.random", 11, 32,
                "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20");
  g_assert_cmpstr (get (tree, "ClientHello.random")->explanation_key, ==, "field.client_random");
  assert_field (tree, "ClientHello.session_id_length", 43, 1, "32");
  assert_field (tree, "ClientHello.session_id", 44, 32, NULL);
  assert_field (tree, "ClientHello.cipher_suites_length", 76, 2, "10");
  assert_field (tree, "ClientHello.cipher_suites", 78, 10, NULL);
  g_assert_cmpuint (lab_field_n_children (suites), ==, 5);
  assert_field (tree, "ClientHello.cipher_suites.cipher_suite", 78, 2,
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 (0xc02b)");
  g_assert_cmpstr (get (tree, "ClientHello.cipher_suites.cipher_suite")->value_key, ==,
                   "suite.ECDHE-ECDSA-AES128-GCM-SHA256");
  assert_field (tree, "ClientHello.cipher_suites.cipher_suite[3]", 84, 2,
                "TLS_EMPTY_RENEGOTIATION_INFO_SCSV (0x00ff)");
  assert_field (tree, "ClientHello.cipher_suites.cipher_suite[4]", 86, 2, "GREASE (0x0a0a)");
  assert_field (tree, "ClientHello.compression_methods.compression_method", 89, 1, "null (0)");
  assert_field (tree, "ClientHello.extensions_length", 90, 2, NULL);

  /* server_name: type 92, length 94, list length 96, name type 98, host length 99 */
  assert_field (tree, "ClientHello.extensions.server_name", 92, 4 + 2 + 1 + 2 + 20, NULL);
  assert_field (tree, "ClientHello.extensions.server_name.extension_type", 92, 2,
                "server_name (0x0000)");
  assert_field (tree, "ClientHello.extensions.server_name.server_name_list.name.name_type", 98, 1,
                "host_name (0)");
  assert_field (tree, "ClientHello.extensions.server_name.server_name_list.name.host_name", 101, 20,
                "server.handshake.lab");
  g_assert_cmpstr (get (tree, "ClientHello.extensions.server_name")->explanation_key, ==,
                   "extension.server_name");

  assert_field (tree, "supported_groups.named_group_list.named_group", 127, 2, "x25519 (0x001d)");
  g_assert_cmpstr (get (tree, "supported_groups.named_group_list.named_group")->value_key, ==,
                   "group.x25519");
  assert_field (tree, "supported_groups.named_group_list.named_group[1]", 129, 2,
                "secp256r1 (0x0017)");
  assert_field (tree, "ec_point_formats.ec_point_format_list.ec_point_format", 136, 1,
                "uncompressed (0)");
  g_assert_cmpstr (get (tree, "signature_algorithms.supported_signature_algorithms."
                              "signature_scheme[1]")
                       ->value,
                   ==, "rsa_pss_rsae_sha256 (0x0804)");
  g_assert_cmpstr (get (tree, "signature_algorithms.supported_signature_algorithms."
                              "signature_scheme[3]")
                       ->value,
                   ==, "rsa_pkcs1_sha1 (0x0201)");
  g_assert_cmpstr (get (tree, "application_layer_protocol_negotiation.protocol_name_list."
                              "protocol_name[1]")
                       ->value,
                   ==, "http/1.1");
  g_assert_cmpstr (get (tree, "status_request.status_type")->value, ==, "ocsp (1)");
  g_assert_cmpuint (get (tree, "signed_certificate_timestamp")->length, ==, 4);
  g_assert_cmpuint (get (tree, "extended_master_secret")->length, ==, 4);
  g_assert_cmpuint (get (tree, "record_size_limit.record_size_limit")->number, ==, 16385);
  g_assert_cmpstr (get (tree, "supported_versions.versions.version")->value, ==,
                   "TLS 1.3 (0x0304)");
  g_assert_cmpstr (get (tree, "key_share.client_shares.key_share_entry.group")->value, ==,
                   "x25519 (0x001d)");
  g_assert_cmpuint (get (tree, "key_share.client_shares.key_share_entry.key_exchange")->length, ==,
                    32);
  g_assert_cmpstr (get (tree, "psk_key_exchange_modes.ke_modes.ke_mode")->value, ==,
                   "psk_dhe_ke (1)");
  g_assert_cmpstr (get (tree, "renegotiation_info.renegotiated_connection")->value, ==, "(empty)");
  g_assert_cmpstr (get (tree, "unknown_extension.extension_type")->value, ==, "unknown (0x1234)");
  g_assert_cmpstr (get (tree, "unknown_extension.extension_data")->value, ==, "616263");
  g_assert_cmpstr (get (tree, "grease.extension_type")->value, ==, "GREASE (0x2a2a)");
  g_assert_cmpstr (get (tree, "padding.padding")->value, ==, "5 bytes of zeros");

  summary = lab_dissect_summarize (get (tree, "ClientHello"));
  g_assert_cmpstr (summary, ==, "offers TLS 1.3/TLS 1.2, 5 suites, SNI server.handshake.lab");
  g_assert_cmpstr (get (tree, "ClientHello")->value, ==, summary);
}

static void
test_dissect_server_hello (void)
{
  g_autoptr (GBytes) bytes = sample_server_hello_record ();
  g_autoptr (LabField) tree = dissect_records (bytes, NULL);
  g_autoptr (GBytes) message = g_bytes_new_from_bytes (bytes, 5, g_bytes_get_size (bytes) - 5);
  g_autofree char *summary = lab_dissect_message_summary (message, NULL);

  g_assert_null (lab_field_find_error (tree));
  assert_field (tree, "ServerHello.server_version", 9, 2, "TLS 1.2 (0x0303)");
  assert_field (tree, "ServerHello.random", 11, 32, NULL);
  g_assert_cmpstr (get (tree, "ServerHello.random")->explanation_key, ==, "field.server_random");
  assert_field (tree, "ServerHello.session_id_length", 43, 1, "0");
  assert_field (tree, "ServerHello.session_id", 44, 0, "(empty)");
  assert_field (tree, "ServerHello.cipher_suite", 44, 2,
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 (0xc02b)");
  assert_field (tree, "ServerHello.compression_method", 46, 1, "null (0)");
  g_assert_cmpuint (get (tree, "ServerHello.extensions.server_name")->length, ==, 4);
  g_assert_cmpstr (get (tree, "ServerHello.extensions.application_layer_protocol_negotiation."
                              "protocol_name_list.protocol_name")
                       ->value,
                   ==, "h2");
  g_assert_cmpstr (summary, ==, "TLS 1.2, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, EMS, ALPN h2");
}

/* Where the DER of `what` sits in bytes, checked against the dissector's range. */
static void
assert_der_at (GBytes *bytes, const LabField *field, const guint8 *der, int length)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  g_assert_cmpint (length, >, 0);
  g_assert_cmpuint (field->length, ==, (gsize)length);
  g_assert_cmpuint (field->offset + field->length, <=, size);
  g_assert_cmpmem (data + field->offset, field->length, der, length);
}

static void
test_dissect_certificate (void)
{
  const Chain *chain = sample_chain ();
  g_autoptr (GBytes) bytes = sample_certificate_record ();
  g_autoptr (LabField) tree = dissect_records (bytes, NULL);
  LabField *leaf = get (tree, "Certificate.certificate_list.certificate");
  LabField *tbs = get (leaf, "certificate.tbs_certificate");
  guint8 *der = NULL;
  int length;
  g_autofree char *summary = lab_dissect_summarize (get (tree, "Certificate"));

  g_assert_null (lab_field_find_error (tree));
  g_assert_cmpuint (lab_field_n_children (get (tree, "Certificate.certificate_list")), ==, 4);
  /* 5 record + 4 message + 3 list + 3 certificate length */
  g_assert_cmpuint (leaf->offset, ==, 15);
  length = i2d_X509 (chain->leaf, &der);
  assert_der_at (bytes, leaf, der, length);
  OPENSSL_free (der);
  der = NULL;
  length = i2d_re_X509_tbs (chain->leaf, &der);
  assert_der_at (bytes, tbs, der, length);
  OPENSSL_free (der);
  der = NULL;
  length = i2d_X509_NAME (X509_get_subject_name (chain->leaf), &der);
  assert_der_at (bytes, get (tbs, "tbs_certificate.subject"), der, length);
  OPENSSL_free (der);
  der = NULL;
  length = i2d_X509_NAME (X509_get_issuer_name (chain->leaf), &der);
  assert_der_at (bytes, get (tbs, "tbs_certificate.issuer"), der, length);
  OPENSSL_free (der);

  g_assert_cmpstr (get (tbs, "tbs_certificate.version")->value, ==, "v3 (2)");
  g_assert_cmpstr (get (tbs, "tbs_certificate.serial_number")->value, ==, "4096 (10:00)");
  g_assert_cmpstr (get (tbs, "tbs_certificate.signature")->value, ==, "ecdsa-with-SHA256");
  g_assert_cmpstr (get (tbs, "tbs_certificate.issuer")->value, ==,
                   "CN=Handshake Lab CA, O=Handshake Lab");
  g_assert_cmpstr (get (tbs, "tbs_certificate.subject")->value, ==,
                   "CN=server.handshake.lab, O=Handshake Lab");
  g_assert_cmpstr (get (tbs, "tbs_certificate.validity.not_before")->value, ==,
                   "2025-01-01 00:00:00 UTC");
  g_assert_cmpstr (get (tbs, "tbs_certificate.validity.not_after")->value, ==,
                   "2026-01-01 00:00:00 UTC");
  g_assert_cmpstr (get (tbs, "tbs_certificate.subject_public_key_info")->value, ==,
                   "EC (prime256v1), 256 bits");
  g_assert_cmpstr (get (tbs, "subject_public_key_info.algorithm")->value, ==, "id-ecPublicKey");
  g_assert_cmpstr (get (tbs, "extensions.subject_alt_name")->value, ==, "DNS:server.handshake.lab");
  g_assert_cmpstr (get (tbs, "extensions.subject_alt_name.extn_id")->value, ==,
                   "X509v3 Subject Alternative Name");
  g_assert_cmpstr (get (tbs, "extensions.basic_constraints")->value, ==, "critical; CA:FALSE");
  g_assert_cmpstr (get (tbs, "extensions.basic_constraints.critical")->value, ==,
                   "yes: a verifier that does not know it must reject");
  g_assert_cmpstr (get (tbs, "extensions.key_usage")->value, ==, "critical; Digital Signature");
  g_assert_cmpstr (get (tbs, "extensions.extended_key_usage")->value, ==,
                   "TLS Web Server Authentication");
  g_assert_nonnull (get (tbs, "extensions.subject_key_identifier"));
  g_assert_cmpstr (get (leaf, "certificate.signature_algorithm")->value, ==, "ecdsa-with-SHA256");
  g_assert_cmpstr (get (tree, "certificate_list.certificate[1].tbs_certificate.extensions."
                              "basic_constraints")
                       ->value,
                   ==, "critical; CA:TRUE");
  g_assert_cmpstr (leaf->value, ==, "CN=server.handshake.lab, O=Handshake Lab");
  g_assert_cmpstr (summary, ==, "2 certificates, leaf CN=server.handshake.lab");
}

static void
test_dissect_server_key_exchange (void)
{
  g_autoptr (GBytes) ecdhe = sample_ske_ecdhe_record ();
  g_autoptr (GBytes) dhe = sample_ske_dhe_record ();
  g_autoptr (LabField) tree = dissect_records (ecdhe, "ECDHE-ECDSA-AES128-GCM-SHA256");
  g_autoptr (LabField) guessed = dissect_records (ecdhe, NULL);
  g_autoptr (LabField) dh = dissect_records (dhe, "DHE-RSA-AES128-GCM-SHA256");

  g_assert_null (lab_field_find_error (tree));
  assert_field (tree, "ServerKeyExchange.curve_type", 9, 1, "named_curve (3)");
  assert_field (tree, "ServerKeyExchange.named_curve", 10, 2, "x25519 (0x001d)");
  assert_field (tree, "ServerKeyExchange.public_length", 12, 1, "32");
  assert_field (tree, "ServerKeyExchange.public", 13, 32, NULL);
  assert_field (tree, "ServerKeyExchange.algorithm", 45, 2, "ecdsa_secp256r1_sha256 (0x0403)");
  assert_field (tree, "ServerKeyExchange.signature", 49, 71, NULL);
  g_assert_cmpstr (get (tree, "ServerKeyExchange")->value, ==, "x25519, ecdsa_secp256r1_sha256");

  /* without a suite the message does not say: the dissector guesses, and says so */
  g_assert_null (lab_field_find_error (guessed));
  g_assert_true (g_str_has_suffix (get (guessed, "curve_type")->value,
                                   "read as ECDHE: no cipher suite was given"));

  g_assert_null (lab_field_find_error (dh));
  assert_field (dh, "ServerKeyExchange.dh_p", 11, 256, NULL);
  g_assert_true (g_str_has_prefix (get (dh, "dh_p")->value, "2048-bit prime; 256 bytes: ffff"));
  assert_field (dh, "ServerKeyExchange.dh_g", 269, 1, "02");
  assert_field (dh, "ServerKeyExchange.dh_Ys", 272, 256, NULL);
  g_assert_cmpstr (get (dh, "ServerKeyExchange")->value, ==,
                   "2048-bit DH group, rsa_pss_rsae_sha256");
}

static void
test_dissect_client_key_exchange (void)
{
  g_autoptr (GBytes) ecdhe = sample_cke_record (1, 32);
  g_autoptr (GBytes) rsa = sample_cke_record (2, 256);
  g_autoptr (LabField) tree = dissect_records (ecdhe, "ECDHE-RSA-AES128-GCM-SHA256");
  g_autoptr (LabField) rsa_tree = dissect_records (rsa, "AES128-GCM-SHA256");
  g_autoptr (LabField) dhe_tree = dissect_records (rsa, "DHE-RSA-AES256-GCM-SHA384");
  g_autoptr (LabField) guessed = dissect_records (rsa, NULL);

  assert_field (tree, "ClientKeyExchange.ecdh_Yc_length", 9, 1, "32");
  assert_field (tree, "ClientKeyExchange.ecdh_Yc", 10, 32, NULL);
  g_assert_cmpstr (get (tree, "ClientKeyExchange")->value, ==, "32-byte public key");
  assert_field (rsa_tree, "ClientKeyExchange.encrypted_pre_master_secret", 11, 256, NULL);
  g_assert_cmpstr (get (rsa_tree, "ClientKeyExchange")->value, ==,
                   "256-byte encrypted pre-master secret");
  assert_field (dhe_tree, "ClientKeyExchange.dh_Yc", 11, 256, NULL);
  g_assert_cmpstr (get (dhe_tree, "ClientKeyExchange")->value, ==, "256-byte public value");
  g_assert_null (lab_field_find_error (guessed));
  g_assert_cmpuint (get (guessed, "ClientKeyExchange.exchange_keys")->length, ==, 256);
}

static void
test_dissect_several_messages_in_one_record (void)
{
  g_autoptr (GBytes) bytes = sample_request_and_done_record ();
  g_autoptr (LabField) tree = dissect_records (bytes, NULL);
  LabField *record = get (tree, "record");
  LabField *done = get (tree, "ServerHelloDone");

  g_assert_null (lab_field_find_error (tree));
  g_assert_cmpstr (record->value, ==, "handshake: CertificateRequest, ServerHelloDone");
  g_assert_cmpuint (done->offset + done->length, ==, g_bytes_get_size (bytes));
  g_assert_cmpuint (done->length, ==, 4);
  g_assert_cmpstr (get (tree, "certificate_types.certificate_type[1]")->value, ==,
                   "ecdsa_sign (64)");
  g_assert_cmpstr (
      get (tree, "CertificateRequest.certificate_authorities.distinguished_name")->value, ==,
      "CN=Handshake Lab CA, O=Handshake Lab");
  g_assert_cmpstr (get (tree, "CertificateRequest")->value, ==,
                   "2 certificate types, 2 signature schemes, 1 CA");
}

/* A whole record holding only the start of a message is fine: the rest comes later. */
static void
test_dissect_message_across_records (void)
{
  g_autoptr (GBytes) whole = sample_finished ();
  const guint8 *message = g_bytes_get_data (whole, NULL);
  Builder *b = builder_new ();
  g_autoptr (GBytes) first = NULL;
  g_autoptr (GBytes) second = NULL;
  g_autoptr (LabField) first_tree = NULL;
  g_autoptr (LabField) second_tree = NULL;
  LabDissectOptions options = { .continuation = 10 };

  open_record (b, LAB_CONTENT_HANDSHAKE);
  put_bytes (b, message, 6);
  close_vector (b);
  first = builder_finish (b);
  b = builder_new ();
  open_record (b, LAB_CONTENT_HANDSHAKE);
  put_bytes (b, message + 6, 10);
  put_bytes (b, message, 16); /* and a whole second message after the continuation */
  close_vector (b);
  second = builder_finish (b);

  first_tree = dissect_records (first, NULL);
  g_assert_null (lab_field_find_error (first_tree));
  assert_field (first_tree, "Finished.partial_body", 9, 2,
                "2 of 12 bytes; the rest follows in the next record");
  g_assert_cmpstr (get (first_tree, "Finished")->value, ==, NULL);

  second_tree = lab_dissect_records (second, &options);
  assert_covers (second_tree, g_bytes_get_size (second));
  g_assert_null (lab_field_find_error (second_tree));
  assert_field (second_tree, "record.continuation", 5, 10, NULL);
  assert_field (second_tree, "Finished.verify_data", 19, 12, "f0f1f2f3f4f5f6f7f8f9fafb");
}

static void
test_dissect_small_records (void)
{
  g_autoptr (GBytes) bytes = sample_small_records ();
  g_autoptr (LabField) tree = dissect_records (bytes, NULL);

  g_assert_null (lab_field_find_error (tree));
  g_assert_cmpstr (tree->value, ==, "4 records");
  assert_field (tree, "record.change_cipher_spec.type", 5, 1, "change_cipher_spec (1)");
  assert_field (tree, "record[1].alert.level", 11, 1, "fatal (2)");
  assert_field (tree, "record[1].alert.description", 12, 1, "bad_record_mac (20)");
  g_assert_cmpstr (get (tree, "record[1].alert.description")->value_key, ==,
                   "alert.bad_record_mac");
  g_assert_cmpstr (get (tree, "record[1]")->value, ==, "alert: fatal bad_record_mac");
  assert_field (tree, "record[2].application_data", 18, 16, NULL);
  assert_field (tree, "record[3].HelloRequest", 39, 4, NULL);
}

static void
assert_encrypted (const char *suite, gboolean etm, gsize fragment, const char *const *names,
                  const gsize *lengths)
{
  g_autoptr (GBytes) bytes = sample_encrypted_record (LAB_CONTENT_HANDSHAKE, fragment);
  LabDissectOptions options = { lab_cipher_suite_lookup_name (suite), TRUE, etm, 0 };
  g_autoptr (LabField) tree = lab_dissect_record (bytes, &options);
  gsize offset = 5;

  g_assert_null (lab_field_find_error (tree));
  assert_covers (tree, g_bytes_get_size (bytes));
  g_assert_cmpstr (tree->value, ==, "handshake, encrypted");
  g_assert_cmpuint (lab_field_n_children (tree), ==, 3 + g_strv_length ((char **)names));
  for (guint i = 0; names[i] != NULL; i++)
    {
      LabField *part = lab_field_get_child (tree, 3 + i);

      g_assert_cmpstr (part->name, ==, names[i]);
      g_assert_cmpuint (part->offset, ==, offset);
      g_assert_cmpuint (part->length, ==, lengths[i]);
      offset += lengths[i];
    }
}

static void
test_dissect_encrypted (void)
{
  const char *const gcm[] = { "nonce_explicit", "ciphertext", "tag", NULL };
  const gsize gcm_lengths[] = { 8, 16, 16 };
  const char *const chacha[] = { "ciphertext", "tag", NULL };
  const gsize chacha_lengths[] = { 24, 16 };
  const char *const etm[] = { "iv", "ciphertext", "mac", NULL };
  const gsize etm_lengths[] = { 16, 32, 20 };
  const char *const mte[] = { "iv", "ciphertext", NULL };
  const gsize mte_lengths[] = { 16, 48 };
  g_autoptr (GBytes) bytes = sample_encrypted_record (LAB_CONTENT_APPLICATION_DATA, 20);
  LabDissectOptions options = { lab_cipher_suite_lookup_name ("AES128-SHA"), TRUE, TRUE, 0 };
  g_autoptr (LabField) short_tree = lab_dissect_record (bytes, &options);
  LabDissectOptions unknown = { NULL, TRUE, FALSE, 0 };
  g_autoptr (LabField) unknown_tree = lab_dissect_record (bytes, &unknown);

  assert_encrypted ("ECDHE-ECDSA-AES128-GCM-SHA256", FALSE, 40, gcm, gcm_lengths);
  assert_encrypted ("ECDHE-RSA-CHACHA20-POLY1305", FALSE, 40, chacha, chacha_lengths);
  assert_encrypted ("ECDHE-RSA-AES128-SHA", TRUE, 68, etm, etm_lengths);
  assert_encrypted ("ECDHE-RSA-AES128-SHA", FALSE, 64, mte, mte_lengths);

  /* 20 bytes cannot hold an IV, a block and a 20-byte MAC */
  assert_covers (short_tree, 25);
  g_assert_cmpuint (lab_field_find_error (short_tree)->offset, ==, 5);
  assert_field (unknown_tree, "record.encrypted_fragment", 5, 20, NULL);
}

static LabField *
dissect_message (GBytes *bytes)
{
  LabField *tree = lab_dissect_message (bytes, NULL);

  assert_covers (tree, g_bytes_get_size (bytes));
  g_assert_null (lab_field_find_error (tree));
  return tree;
}

static void
test_dissect_bare_messages (void)
{
  g_autoptr (GBytes) verify = sample_certificate_verify ();
  g_autoptr (GBytes) finished = sample_finished ();
  g_autoptr (GBytes) ticket = sample_new_session_ticket ();
  g_autoptr (GBytes) status = sample_certificate_status ();
  g_autoptr (LabField) verify_tree = dissect_message (verify);
  g_autoptr (LabField) finished_tree = dissect_message (finished);
  g_autoptr (LabField) ticket_tree = dissect_message (ticket);
  g_autoptr (LabField) status_tree = dissect_message (status);

  g_assert_cmpstr (verify_tree->name, ==, "CertificateVerify");
  g_assert_cmpstr (verify_tree->explanation_key, ==, "message.CertificateVerify");
  assert_field (verify_tree, "CertificateVerify.algorithm", 4, 2, "rsa_pss_rsae_sha256 (0x0804)");
  g_assert_cmpstr (verify_tree->value, ==, "rsa_pss_rsae_sha256, 256-byte signature");
  assert_field (finished_tree, "Finished.verify_data", 4, 12, "f0f1f2f3f4f5f6f7f8f9fafb");
  g_assert_cmpstr (finished_tree->value, ==, "12-byte verify_data");
  assert_field (ticket_tree, "NewSessionTicket.ticket_lifetime_hint", 4, 4, "7200 seconds");
  assert_field (ticket_tree, "NewSessionTicket.ticket", 10, 192, NULL);
  g_assert_cmpstr (ticket_tree->value, ==, "lifetime 7200 s, 192-byte ticket");
  assert_field (status_tree, "CertificateStatus.status_type", 4, 1, "ocsp (1)");
  g_assert_cmpstr (status_tree->value, ==, "100-byte OCSP response");
}

static void
test_dissect_json (void)
{
  g_autoptr (GBytes) bytes = sample_small_records ();
  g_autoptr (LabField) tree = dissect_records (bytes, NULL);
  g_autoptr (JsonNode) node = lab_field_to_json (tree);
  JsonObject *root = json_node_get_object (node);
  JsonObject *record
      = json_array_get_object_element (json_object_get_array_member (root, "children"), 1);
  JsonObject *type
      = json_array_get_object_element (json_object_get_array_member (record, "children"), 0);

  g_assert_cmpstr (json_object_get_string_member (root, "name"), ==, "records");
  g_assert_cmpint (json_object_get_int_member (record, "offset"), ==, 6);
  g_assert_cmpint (json_object_get_int_member (record, "length"), ==, 7);
  g_assert_cmpstr (json_object_get_string_member (type, "name"), ==, "content_type");
  g_assert_cmpstr (json_object_get_string_member (type, "value"), ==, "alert (21)");
  g_assert_cmpstr (json_object_get_string_member (type, "hex"), ==, "15");
  g_assert_cmpstr (json_object_get_string_member (type, "explanation"), ==,
                   "field.record.content_type");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (type, "children")), ==, 0);
  g_assert_false (json_object_has_member (type, "error"));
}

static void
test_dissect_errors_in_json_and_summary (void)
{
  /* a ServerHello whose session_id claims 33 bytes */
  const guint8 bad[] = { 0x02, 0x00, 0x00, 0x26, 0x03, 0x03, [6 ... 37] = 0x42, 0x21 };
  g_autoptr (GBytes) bytes = g_bytes_new (bad, sizeof bad);
  g_autoptr (LabField) tree = lab_dissect_message (bytes, NULL);
  g_autoptr (JsonNode) node = lab_field_to_json (tree);
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autofree char *json = NULL;
  LabField *error = lab_field_find_error (tree);
  g_autofree char *summary = lab_dissect_message_summary (bytes, NULL);

  assert_covers (tree, sizeof bad);
  g_assert_nonnull (error);
  g_assert_cmpuint (error->offset, ==, 39);
  g_assert_true (g_str_has_prefix (error->error, "A session ID is at most 32 bytes"));
  json_generator_set_root (generator, node);
  json = json_generator_to_data (generator, NULL);
  g_assert_nonnull (strstr (json, "\"error\":\"A session ID is at most 32 bytes"));
  g_assert_true (g_str_has_prefix (summary, "malformed: A session ID"));
}

static void
test_field_lookup (void)
{
  g_autoptr (GBytes) bytes = sample_client_hello_record ();
  g_autoptr (LabField) tree = dissect_records (bytes, NULL);
  g_autoptr (GBytes) random = lab_field_get_bytes (get (tree, "random"));

  g_assert_null (lab_field_lookup (tree, "ServerHello.cipher_suite"));
  g_assert_null (lab_field_lookup (tree, "cipher_suites.cipher_suite[9]"));
  g_assert_null (lab_field_lookup (tree, "cipher_suites.cipher_suite[x]"));
  g_assert_null (lab_field_lookup (tree, ""));
  g_assert_true (lab_field_lookup (tree, "records") == tree);
  g_assert_true (lab_field_lookup (tree, "cipher_suite")
                 == lab_field_lookup (tree, "ClientHello.cipher_suites.cipher_suite[0]"));
  g_assert_null (lab_field_lookup (tree, "ClientHello."));
  g_assert_cmpuint (g_bytes_get_size (random), ==, 32);
}

/* lab_field_follow only goes down from where it starts: each step names a child. */
static void
test_field_follow (void)
{
  g_autoptr (GBytes) bytes = sample_client_hello_record ();
  g_autoptr (LabField) tree = dissect_records (bytes, NULL);
  LabField *hello = lab_field_lookup (tree, "ClientHello");

  g_assert_nonnull (hello);
  g_assert_true (lab_field_follow (hello, "cipher_suites.cipher_suite[1]")
                 == lab_field_lookup (tree, "ClientHello.cipher_suites.cipher_suite[1]"));
  g_assert_nonnull (lab_field_follow (hello, "random"));
  g_assert_null (lab_field_follow (tree, "random")); /* not a child of the root */
  g_assert_null (lab_field_follow (hello, "cipher_suites."));
  g_assert_null (lab_field_follow (hello, "cipher_suites.cipher_suite[x]"));
  g_assert_true (lab_field_follow (hello, "") == NULL);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dissect/client-hello", test_dissect_client_hello);
  g_test_add_func ("/dissect/server-hello", test_dissect_server_hello);
  g_test_add_func ("/dissect/certificate", test_dissect_certificate);
  g_test_add_func ("/dissect/server-key-exchange", test_dissect_server_key_exchange);
  g_test_add_func ("/dissect/client-key-exchange", test_dissect_client_key_exchange);
  g_test_add_func ("/dissect/several-messages-in-one-record",
                   test_dissect_several_messages_in_one_record);
  g_test_add_func ("/dissect/message-across-records", test_dissect_message_across_records);
  g_test_add_func ("/dissect/small-records", test_dissect_small_records);
  g_test_add_func ("/dissect/encrypted", test_dissect_encrypted);
  g_test_add_func ("/dissect/bare-messages", test_dissect_bare_messages);
  g_test_add_func ("/dissect/json", test_dissect_json);
  g_test_add_func ("/dissect/errors-in-json-and-summary", test_dissect_errors_in_json_and_summary);
  g_test_add_func ("/dissect/field-lookup", test_field_lookup);
  g_test_add_func ("/dissect/field-follow", test_field_follow);
  return g_test_run ();
}
