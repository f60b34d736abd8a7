/* lab-cipher-suites13.c: the five TLS 1.3 cipher suites (RFC 8446 §B.4), all of which
 * OpenSSL 3.0 can negotiate (`openssl ciphers -V -tls1_3 ALL`; tests/test-registry.c holds
 * libssl's own list against it). A TLS 1.3 suite names only the record protection and the
 * hash of the key schedule (RFC 8446 §4.1.1): the key exchange and the certificate are
 * negotiated apart. Each traffic secret gives a key of the cipher's length and a 12-byte
 * IV (RFC 8446 §7.3); nothing explicit travels in a record (§5.3). */
#include "lab-registry.h"

#define TLS13(id, name, cipher, klen, hash, tag, evp)                                              \
  {                                                                                                \
    id, name, name, LAB_KX_TLS13, LAB_AUTH_TLS13, cipher, LAB_MAC_AEAD, hash, LAB_RECORD_TLS13, 0, \
      klen, 12, 0, tag, 0, evp, "suite." name                                                      \
  }

static const LabCipherSuite suites[] = {
  TLS13 (0x1301, "TLS_AES_128_GCM_SHA256", LAB_CIPHER_AES_128_GCM, 16, LAB_HASH_SHA256, 16,
         "AES-128-GCM"),
  TLS13 (0x1302, "TLS_AES_256_GCM_SHA384", LAB_CIPHER_AES_256_GCM, 32, LAB_HASH_SHA384, 16,
         "AES-256-GCM"),
  TLS13 (0x1303, "TLS_CHACHA20_POLY1305_SHA256", LAB_CIPHER_CHACHA20_POLY1305, 32, LAB_HASH_SHA256,
         16, "ChaCha20-Poly1305"),
  TLS13 (0x1304, "TLS_AES_128_CCM_SHA256", LAB_CIPHER_AES_128_CCM, 16, LAB_HASH_SHA256, 16,
         "AES-128-CCM"),
  TLS13 (0x1305, "TLS_AES_128_CCM_8_SHA256", LAB_CIPHER_AES_128_CCM_8, 16, LAB_HASH_SHA256, 8,
         "AES-128-CCM"),
};

const LabCipherSuite *
lab_tls13_suite_all (gsize *n_suites)
{
  *n_suites = G_N_ELEMENTS (suites);
  return suites;
}

const LabCipherSuite *
lab_tls13_suite_lookup (guint16 id)
{
  for (gsize i = 0; i < G_N_ELEMENTS (suites); i++)
    if (suites[i].id == id)
      return &suites[i];
  return NULL;
}

const LabCipherSuite *
lab_tls13_suite_lookup_name (const char *name)
{
  if (name == NULL)
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (suites); i++)
    if (g_ascii_strcasecmp (suites[i].iana_name, name) == 0)
      return &suites[i];
  return NULL;
}

gboolean
lab_cipher_suite_is_tls13 (const LabCipherSuite *suite)
{
  return suite != NULL && suite->protection == LAB_RECORD_TLS13;
}
