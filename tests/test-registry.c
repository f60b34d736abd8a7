/* The protocol tables answer by number and by name, and their numbers are consistent. */
#include "tls/lab-registry.h"

#include <openssl/evp.h>
#include <openssl/ssl.h>

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

  /* the NULL cipher: MAC keys only, the MAC ends the record */
  s = lab_cipher_suite_lookup_name ("NULL-MD5");
  g_assert_cmphex (s->id, ==, 0x0001);
  g_assert_cmpint (s->protection, ==, LAB_RECORD_NULL_CIPHER);
  g_assert_cmpuint (lab_cipher_suite_key_block_length (s), ==, 32);
  g_assert_cmpuint (s->tag_length, ==, 16);
  s = lab_cipher_suite_lookup (0x006A); /* the one a public capture had */
  g_assert_cmpstr (s->iana_name, ==, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256");
  g_assert_cmpint (s->auth, ==, LAB_AUTH_DSS);
  g_assert_cmpuint (lab_cipher_suite_key_block_length (s), ==, 2 * (32 + 32));

  all = lab_cipher_suite_all (&n);
  for (gsize i = 0; i < n; i++)
    {
      const LabCipherSuiteName *named = lab_cipher_suite_name_lookup (all[i].id);

      g_assert_true (lab_cipher_suite_lookup (all[i].id) == &all[i]);
      g_assert_true (g_str_has_prefix (all[i].iana_name, "TLS_"));
      g_assert_true ((all[i].mac == LAB_MAC_AEAD)
                     == (all[i].protection != LAB_RECORD_CBC
                         && all[i].protection != LAB_RECORD_NULL_CIPHER));
      /* every suite the lab opens is the IANA registry's, by the registry's name */
      g_assert_nonnull (named);
      g_assert_cmpstr (named->iana_name, ==, all[i].iana_name);
    }
}

static LabKeyExchange
kx_of (int nid)
{
  static const struct
  {
    int nid;
    LabKeyExchange kx;
  } map[] = { { NID_kx_rsa, LAB_KX_RSA },         { NID_kx_dhe, LAB_KX_DHE },
              { NID_kx_ecdhe, LAB_KX_ECDHE },     { NID_kx_psk, LAB_KX_PSK },
              { NID_kx_dhe_psk, LAB_KX_DHE_PSK }, { NID_kx_ecdhe_psk, LAB_KX_ECDHE_PSK },
              { NID_kx_rsa_psk, LAB_KX_RSA_PSK }, { NID_kx_srp, LAB_KX_SRP } };

  for (gsize i = 0; i < G_N_ELEMENTS (map); i++)
    if (map[i].nid == nid)
      return map[i].kx;
  g_error ("no key exchange for NID %d", nid);
}

static LabAuthentication
auth_of (int nid)
{
  static const struct
  {
    int nid;
    LabAuthentication auth;
  } map[] = { { NID_auth_rsa, LAB_AUTH_RSA }, { NID_auth_ecdsa, LAB_AUTH_ECDSA },
              { NID_auth_dss, LAB_AUTH_DSS }, { NID_auth_null, LAB_AUTH_NONE },
              { NID_auth_psk, LAB_AUTH_PSK }, { NID_auth_srp, LAB_AUTH_SRP } };

  for (gsize i = 0; i < G_N_ELEMENTS (map); i++)
    if (map[i].nid == nid)
      return map[i].auth;
  g_error ("no authentication for NID %d", nid);
}

/* libssl is the oracle: every suite it can negotiate in TLS 1.2, at security level 0, is
 * in the table, with its names, key exchange, authentication, cipher and key length,
 * block and IV sizes, MAC and PRF hash as libssl has them; and the table holds nothing
 * else. */
static void
test_registry_every_openssl_suite (void)
{
  SSL_CTX *ctx = SSL_CTX_new (TLS_method ());
  STACK_OF (SSL_CIPHER) *ciphers;
  gsize n_table, checked = 0;

  g_assert_nonnull (ctx);
  SSL_CTX_set_security_level (ctx, 0);
  g_assert_true (SSL_CTX_set_cipher_list (ctx, "ALL:COMPLEMENTOFALL"));
  ciphers = SSL_CTX_get_ciphers (ctx);
  for (int i = 0; i < sk_SSL_CIPHER_num (ciphers); i++)
    {
      const SSL_CIPHER *c = sk_SSL_CIPHER_value (ciphers, i);
      guint16 id = (guint16) SSL_CIPHER_get_protocol_id (c);
      const LabCipherSuite *s = lab_cipher_suite_lookup (id);
      int cipher_nid = SSL_CIPHER_get_cipher_nid (c);
      const EVP_MD *prf = SSL_CIPHER_get_handshake_digest (c);

      if (g_str_equal (SSL_CIPHER_get_version (c), "TLSv1.3"))
        continue; /* TLS 1.3 */
      if (s == NULL)
        g_error ("libssl negotiates %s (0x%04x), which the table lacks",
                 SSL_CIPHER_standard_name (c), id);
      g_assert_cmpstr (s->iana_name, ==, SSL_CIPHER_standard_name (c));
      g_assert_cmpstr (s->openssl_name, ==, SSL_CIPHER_get_name (c));
      g_assert_cmpint (s->kx, ==, kx_of (SSL_CIPHER_get_kx_nid (c)));
      g_assert_cmpint (s->auth, ==, auth_of (SSL_CIPHER_get_auth_nid (c)));
      if (cipher_nid == NID_undef)
        {
          g_assert_cmpint (s->cipher, ==, LAB_CIPHER_NULL);
          g_assert_cmpint (s->protection, ==, LAB_RECORD_NULL_CIPHER);
          g_assert_cmpuint (s->key_length, ==, 0);
          g_assert_null (s->evp_cipher);
        }
      else
        {
          const EVP_CIPHER *e = EVP_get_cipherbynid (cipher_nid);

          g_assert_nonnull (e);
          g_assert_cmpint (EVP_CIPHER_get_nid (EVP_get_cipherbyname (s->evp_cipher)), ==,
                           cipher_nid);
          g_assert_cmpuint (s->key_length, ==, EVP_CIPHER_get_key_length (e));
          if (s->protection == LAB_RECORD_CBC)
            {
              g_assert_cmpuint (s->block_size, ==, EVP_CIPHER_get_block_size (e));
              g_assert_cmpuint (s->record_iv_length, ==, EVP_CIPHER_get_iv_length (e));
            }
        }
      g_assert_cmpint (s->mac == LAB_MAC_AEAD, ==, SSL_CIPHER_is_aead (c));
      if (!SSL_CIPHER_is_aead (c))
        {
          const EVP_MD *md = EVP_get_digestbynid (SSL_CIPHER_get_digest_nid (c));

          g_assert_cmpint (EVP_MD_get_type (EVP_get_digestbyname (lab_mac_name (s->mac))), ==,
                           EVP_MD_get_type (md));
          g_assert_cmpuint (s->mac_key_length, ==, EVP_MD_get_size (md));
          g_assert_cmpuint (s->tag_length, ==, EVP_MD_get_size (md));
        }
      /* OpenSSL names MD5-SHA1 for the SHA-1 suites; TLS 1.2 uses SHA-256 there
       * (HACKING.md, "The PRF hash") */
      g_assert_cmpint (s->prf_hash, ==,
                       EVP_MD_get_type (prf) == NID_sha384 ? LAB_HASH_SHA384 : LAB_HASH_SHA256);
      checked++;
    }
  lab_cipher_suite_all (&n_table);
  g_test_message ("%" G_GSIZE_FORMAT " suites checked against libssl", checked);
  g_assert_cmpuint (checked, ==, n_table);
  SSL_CTX_free (ctx);
}

/* The names-only table is the registry's: in order, each value once, every name a TLS
 * one; and a value no one assigned is not named. */
static void
test_registry_iana_names (void)
{
  gsize n;
  const LabCipherSuiteName *names = lab_cipher_suite_name_all (&n);

  g_assert_cmpuint (n, >, 300);
  for (gsize i = 0; i < n; i++)
    {
      g_assert_true (g_str_has_prefix (names[i].iana_name, "TLS_"));
      g_assert_true (i == 0 || names[i - 1].id < names[i].id);
      g_assert_true (lab_cipher_suite_name_lookup (names[i].id) == &names[i]);
    }
  g_assert_cmpstr (lab_cipher_suite_name_lookup (0x0030)->iana_name, ==,
                   "TLS_DH_DSS_WITH_AES_128_CBC_SHA");
  g_assert_null (lab_cipher_suite_lookup (0x0030)); /* static DH: OpenSSL 3.0 has none */
  g_assert_null (lab_cipher_suite_name_lookup (0x0a0a)); /* GREASE */
  g_assert_null (lab_cipher_suite_name_lookup (0xfefe));
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
  g_test_add_func ("/registry/every-openssl-suite", test_registry_every_openssl_suite);
  g_test_add_func ("/registry/iana-names", test_registry_iana_names);
  g_test_add_func ("/registry/alerts-and-messages", test_registry_alerts_and_messages);
  return g_test_run ();
}
