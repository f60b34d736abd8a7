/* The protocol tables answer by number and by name, and their numbers are consistent. */
#include "tls/lab-registry.h"

static void
test_registry_suites (void)
{
  const LabCipherSuite *s = lab_cipher_suite_lookup_name ("ECDHE-ECDSA-AES128-GCM-SHA256");
  const LabCipherSuite *all;
  gsize n;

  g_assert_nonnull (s);
  g_assert_cmphex (s->id, ==, 0xC02B);
  g_assert_true (s == lab_cipher_suite_lookup_name ("tls_ecdhe_ecdsa_with_aes_128_gcm_sha256"));
  g_assert_true (s == lab_cipher_suite_lookup (0xC02B));
  g_assert_cmpuint (lab_cipher_suite_key_block_length (s), ==, 40);

  /* key block lengths per side, and the PRF hash gotcha
   * (HACKING.md, "Key block" and "The PRF hash") */
  s = lab_cipher_suite_lookup_name ("AES128-SHA");
  g_assert_cmpuint (s->mac_key_length, ==, 20);
  g_assert_cmpuint (s->key_length, ==, 16);
  g_assert_cmpuint (s->record_iv_length, ==, 16);
  g_assert_cmpint (s->prf_hash, ==, LAB_HASH_SHA256);
  s = lab_cipher_suite_lookup_name ("ECDHE-ECDSA-AES256-SHA384");
  g_assert_cmpuint (s->mac_key_length, ==, 48);
  g_assert_cmpint (s->prf_hash, ==, LAB_HASH_SHA384);
  s = lab_cipher_suite_lookup_name ("ECDHE-RSA-CHACHA20-POLY1305");
  g_assert_cmpuint (s->fixed_iv_length, ==, 12);
  g_assert_cmpuint (lab_cipher_suite_key_block_length (s), ==, 88);
  g_assert_null (lab_cipher_suite_lookup_name ("NOT-A-SUITE"));

  all = lab_cipher_suite_all (&n);
  for (gsize i = 0; i < n; i++)
    {
      g_assert_true (lab_cipher_suite_lookup (all[i].id) == &all[i]);
      g_assert_true (g_str_has_prefix (all[i].iana_name, "TLS_"));
      g_assert_true ((all[i].mac == LAB_MAC_AEAD) == (all[i].protection != LAB_RECORD_CBC));
    }
}

static void
test_registry_alerts_and_messages (void)
{
  g_assert_cmpstr (lab_alert_lookup (20)->name, ==, "bad_record_mac");
  g_assert_cmpint (lab_alert_lookup_name ("certificate_expired")->value, ==, 45);
  g_assert_null (lab_alert_lookup (255));
  /* one name for every view: the registry's, or "unknown (N)" */
  {
    g_autofree char *known = lab_alert_describe (20);
    g_autofree char *unknown = lab_alert_describe (153);

    g_assert_cmpstr (known, ==, "bad_record_mac");
    g_assert_cmpstr (unknown, ==, "unknown (153)");
    g_assert_null (lab_alert_describe (-1));
  }
  g_assert_cmpstr (lab_handshake_type_lookup (1)->name, ==, "ClientHello");
  g_assert_cmpint (lab_handshake_type_lookup_name ("ServerKeyExchange")->phase, ==,
                   LAB_PHASE_SERVER_AUTH);
  g_assert_cmpint (lab_handshake_type_lookup (16)->phase, ==, LAB_PHASE_CLIENT_AUTH_KEYS);
  g_assert_cmpstr (lab_content_type_lookup (23)->name, ==, "application_data");
  g_assert_cmpstr (lab_phase_name (LAB_PHASE_FINISHED), ==, "end-of-handshake");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/registry/suites", test_registry_suites);
  g_test_add_func ("/registry/alerts-and-messages", test_registry_alerts_and_messages);
  return g_test_run ();
}
