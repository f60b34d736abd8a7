/* lab-cipher-suites.c: the one table of TLS 1.2 cipher suites the lab knows.
 * Key block lengths follow RFC 5246 §6.3 and App. C, RFC 5288 (GCM), RFC 6655 (CCM),
 * RFC 7905 (ChaCha20-Poly1305); SHA-384 suites use SHA-384 as their PRF (RFC 5289). */
#include "lab-registry.h"

#define GCM(id, iana, ossl, kx, auth, ciph, klen, prf, evp)                                     \
  { id, iana, ossl, kx, auth, ciph, LAB_MAC_AEAD, prf, LAB_RECORD_AEAD_EXPLICIT_NONCE, 0, klen, 4, \
    8, 16, 0, evp, "suite." ossl }
#define CCM(id, iana, ossl, kx, auth, ciph, klen, tag, evp)                                     \
  { id, iana, ossl, kx, auth, ciph, LAB_MAC_AEAD, LAB_HASH_SHA256,                              \
    LAB_RECORD_AEAD_EXPLICIT_NONCE, 0, klen, 4, 8, tag, 0, evp, "suite." ossl }
#define CHACHA(id, iana, ossl, kx, auth)                                                        \
  { id, iana, ossl, kx, auth, LAB_CIPHER_CHACHA20_POLY1305, LAB_MAC_AEAD, LAB_HASH_SHA256,      \
    LAB_RECORD_AEAD_XOR_NONCE, 0, 32, 12, 0, 16, 0, "ChaCha20-Poly1305", "suite." ossl }
/* CBC() expands its arguments first so that A128, SHA1... may stand for two fields. */
#define CBC(...) CBC_ (__VA_ARGS__)
#define CBC_(id, iana, ossl, kx, auth, ciph, klen, mac, maclen, prf, evp)                       \
  { id, iana, ossl, kx, auth, ciph, mac, prf, LAB_RECORD_CBC, maclen, klen, 0, 16, maclen, 16,  \
    evp, "suite." ossl }

#define A128 LAB_CIPHER_AES_128_CBC, 16
#define A256 LAB_CIPHER_AES_256_CBC, 32
#define SHA1 LAB_MAC_SHA1, 20
#define SHA256 LAB_MAC_SHA256, 32
#define SHA384 LAB_MAC_SHA384, 48
#define P256 LAB_HASH_SHA256
#define P384 LAB_HASH_SHA384

static const LabCipherSuite suites[] = {
  /* ECDHE with ECDSA certificates */
  GCM (0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256",
       LAB_KX_ECDHE, LAB_AUTH_ECDSA, LAB_CIPHER_AES_128_GCM, 16, P256, "AES-128-GCM"),
  GCM (0xC02C, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384",
       LAB_KX_ECDHE, LAB_AUTH_ECDSA, LAB_CIPHER_AES_256_GCM, 32, P384, "AES-256-GCM"),
  CHACHA (0xCCA9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
          "ECDHE-ECDSA-CHACHA20-POLY1305", LAB_KX_ECDHE, LAB_AUTH_ECDSA),
  CCM (0xC0AC, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM", "ECDHE-ECDSA-AES128-CCM", LAB_KX_ECDHE,
       LAB_AUTH_ECDSA, LAB_CIPHER_AES_128_CCM, 16, 16, "AES-128-CCM"),
  CCM (0xC0AD, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM", "ECDHE-ECDSA-AES256-CCM", LAB_KX_ECDHE,
       LAB_AUTH_ECDSA, LAB_CIPHER_AES_256_CCM, 32, 16, "AES-256-CCM"),
  CCM (0xC0AE, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", "ECDHE-ECDSA-AES128-CCM8", LAB_KX_ECDHE,
       LAB_AUTH_ECDSA, LAB_CIPHER_AES_128_CCM_8, 16, 8, "AES-128-CCM"),
  CCM (0xC0AF, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8", "ECDHE-ECDSA-AES256-CCM8", LAB_KX_ECDHE,
       LAB_AUTH_ECDSA, LAB_CIPHER_AES_256_CCM_8, 32, 8, "AES-256-CCM"),
  CBC (0xC023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "ECDHE-ECDSA-AES128-SHA256",
       LAB_KX_ECDHE, LAB_AUTH_ECDSA, A128, SHA256, P256, "AES-128-CBC"),
  CBC (0xC024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "ECDHE-ECDSA-AES256-SHA384",
       LAB_KX_ECDHE, LAB_AUTH_ECDSA, A256, SHA384, P384, "AES-256-CBC"),
  CBC (0xC009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "ECDHE-ECDSA-AES128-SHA", LAB_KX_ECDHE,
       LAB_AUTH_ECDSA, A128, SHA1, P256, "AES-128-CBC"),
  CBC (0xC00A, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "ECDHE-ECDSA-AES256-SHA", LAB_KX_ECDHE,
       LAB_AUTH_ECDSA, A256, SHA1, P256, "AES-256-CBC"),

  /* ECDHE with RSA certificates */
  GCM (0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
       LAB_KX_ECDHE, LAB_AUTH_RSA, LAB_CIPHER_AES_128_GCM, 16, P256, "AES-128-GCM"),
  GCM (0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
       LAB_KX_ECDHE, LAB_AUTH_RSA, LAB_CIPHER_AES_256_GCM, 32, P384, "AES-256-GCM"),
  CHACHA (0xCCA8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-RSA-CHACHA20-POLY1305",
          LAB_KX_ECDHE, LAB_AUTH_RSA),
  CBC (0xC027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "ECDHE-RSA-AES128-SHA256", LAB_KX_ECDHE,
       LAB_AUTH_RSA, A128, SHA256, P256, "AES-128-CBC"),
  CBC (0xC028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "ECDHE-RSA-AES256-SHA384", LAB_KX_ECDHE,
       LAB_AUTH_RSA, A256, SHA384, P384, "AES-256-CBC"),
  CBC (0xC013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "ECDHE-RSA-AES128-SHA", LAB_KX_ECDHE,
       LAB_AUTH_RSA, A128, SHA1, P256, "AES-128-CBC"),
  CBC (0xC014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "ECDHE-RSA-AES256-SHA", LAB_KX_ECDHE,
       LAB_AUTH_RSA, A256, SHA1, P256, "AES-256-CBC"),

  /* finite-field DHE with RSA certificates */
  GCM (0x009E, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "DHE-RSA-AES128-GCM-SHA256", LAB_KX_DHE,
       LAB_AUTH_RSA, LAB_CIPHER_AES_128_GCM, 16, P256, "AES-128-GCM"),
  GCM (0x009F, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "DHE-RSA-AES256-GCM-SHA384", LAB_KX_DHE,
       LAB_AUTH_RSA, LAB_CIPHER_AES_256_GCM, 32, P384, "AES-256-GCM"),
  CHACHA (0xCCAA, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "DHE-RSA-CHACHA20-POLY1305",
          LAB_KX_DHE, LAB_AUTH_RSA),
  CCM (0xC09E, "TLS_DHE_RSA_WITH_AES_128_CCM", "DHE-RSA-AES128-CCM", LAB_KX_DHE, LAB_AUTH_RSA,
       LAB_CIPHER_AES_128_CCM, 16, 16, "AES-128-CCM"),
  CCM (0xC09F, "TLS_DHE_RSA_WITH_AES_256_CCM", "DHE-RSA-AES256-CCM", LAB_KX_DHE, LAB_AUTH_RSA,
       LAB_CIPHER_AES_256_CCM, 32, 16, "AES-256-CCM"),
  CCM (0xC0A2, "TLS_DHE_RSA_WITH_AES_128_CCM_8", "DHE-RSA-AES128-CCM8", LAB_KX_DHE,
       LAB_AUTH_RSA, LAB_CIPHER_AES_128_CCM_8, 16, 8, "AES-128-CCM"),
  CCM (0xC0A3, "TLS_DHE_RSA_WITH_AES_256_CCM_8", "DHE-RSA-AES256-CCM8", LAB_KX_DHE,
       LAB_AUTH_RSA, LAB_CIPHER_AES_256_CCM_8, 32, 8, "AES-256-CCM"),
  CBC (0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", "DHE-RSA-AES128-SHA256", LAB_KX_DHE,
       LAB_AUTH_RSA, A128, SHA256, P256, "AES-128-CBC"),
  CBC (0x006B, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", "DHE-RSA-AES256-SHA256", LAB_KX_DHE,
       LAB_AUTH_RSA, A256, SHA256, P256, "AES-256-CBC"),
  CBC (0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", "DHE-RSA-AES128-SHA", LAB_KX_DHE,
       LAB_AUTH_RSA, A128, SHA1, P256, "AES-128-CBC"),
  CBC (0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", "DHE-RSA-AES256-SHA", LAB_KX_DHE,
       LAB_AUTH_RSA, A256, SHA1, P256, "AES-256-CBC"),

  /* RSA key exchange: the client encrypts the pre-master secret to the server's key */
  GCM (0x009C, "TLS_RSA_WITH_AES_128_GCM_SHA256", "AES128-GCM-SHA256", LAB_KX_RSA,
       LAB_AUTH_RSA, LAB_CIPHER_AES_128_GCM, 16, P256, "AES-128-GCM"),
  GCM (0x009D, "TLS_RSA_WITH_AES_256_GCM_SHA384", "AES256-GCM-SHA384", LAB_KX_RSA,
       LAB_AUTH_RSA, LAB_CIPHER_AES_256_GCM, 32, P384, "AES-256-GCM"),
  CCM (0xC09C, "TLS_RSA_WITH_AES_128_CCM", "AES128-CCM", LAB_KX_RSA, LAB_AUTH_RSA,
       LAB_CIPHER_AES_128_CCM, 16, 16, "AES-128-CCM"),
  CCM (0xC09D, "TLS_RSA_WITH_AES_256_CCM", "AES256-CCM", LAB_KX_RSA, LAB_AUTH_RSA,
       LAB_CIPHER_AES_256_CCM, 32, 16, "AES-256-CCM"),
  CCM (0xC0A0, "TLS_RSA_WITH_AES_128_CCM_8", "AES128-CCM8", LAB_KX_RSA, LAB_AUTH_RSA,
       LAB_CIPHER_AES_128_CCM_8, 16, 8, "AES-128-CCM"),
  CCM (0xC0A1, "TLS_RSA_WITH_AES_256_CCM_8", "AES256-CCM8", LAB_KX_RSA, LAB_AUTH_RSA,
       LAB_CIPHER_AES_256_CCM_8, 32, 8, "AES-256-CCM"),
  CBC (0x003C, "TLS_RSA_WITH_AES_128_CBC_SHA256", "AES128-SHA256", LAB_KX_RSA, LAB_AUTH_RSA,
       A128, SHA256, P256, "AES-128-CBC"),
  CBC (0x003D, "TLS_RSA_WITH_AES_256_CBC_SHA256", "AES256-SHA256", LAB_KX_RSA, LAB_AUTH_RSA,
       A256, SHA256, P256, "AES-256-CBC"),
  CBC (0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA", "AES128-SHA", LAB_KX_RSA, LAB_AUTH_RSA, A128,
       SHA1, P256, "AES-128-CBC"),
  CBC (0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA", "AES256-SHA", LAB_KX_RSA, LAB_AUTH_RSA, A256,
       SHA1, P256, "AES-256-CBC"),
};

const LabCipherSuite *
lab_cipher_suite_all (gsize *n_suites)
{
  *n_suites = G_N_ELEMENTS (suites);
  return suites;
}

const LabCipherSuite *
lab_cipher_suite_lookup (guint16 id)
{
  for (gsize i = 0; i < G_N_ELEMENTS (suites); i++)
    if (suites[i].id == id)
      return &suites[i];
  return NULL;
}

const LabCipherSuite *
lab_cipher_suite_lookup_name (const char *name)
{
  if (name == NULL)
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (suites); i++)
    if (g_ascii_strcasecmp (suites[i].openssl_name, name) == 0
        || g_ascii_strcasecmp (suites[i].iana_name, name) == 0)
      return &suites[i];
  return NULL;
}

gsize
lab_cipher_suite_key_block_length (const LabCipherSuite *suite)
{
  return 2 * ((gsize) suite->mac_key_length + suite->key_length + suite->fixed_iv_length);
}

const char *
lab_key_exchange_name (LabKeyExchange kx)
{
  static const char *const names[] = { [LAB_KX_RSA] = "RSA", [LAB_KX_DHE] = "DHE",
                                       [LAB_KX_ECDHE] = "ECDHE" };
  return names[kx];
}

const char *
lab_authentication_name (LabAuthentication auth)
{
  static const char *const names[] = { [LAB_AUTH_RSA] = "RSA", [LAB_AUTH_ECDSA] = "ECDSA" };
  return names[auth];
}

const char *
lab_prf_hash_name (LabPrfHash hash)
{
  return hash == LAB_HASH_SHA384 ? "SHA384" : "SHA256";
}

const char *
lab_mac_name (LabMacAlgorithm mac)
{
  static const char *const names[] = { [LAB_MAC_AEAD] = "AEAD", [LAB_MAC_SHA1] = "SHA1",
                                       [LAB_MAC_SHA256] = "SHA256",
                                       [LAB_MAC_SHA384] = "SHA384" };
  return names[mac];
}
