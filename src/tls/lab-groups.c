/* lab-groups.c: named groups for (EC)DHE as a table. RFC 8422 §5.1.1 (curves),
 * RFC 7748 (x25519, x448), RFC 7919 §2 (ffdhe), RFC 8734 (brainpool for TLS 1.3),
 * RFC 8446 §4.2.7 (the registry), draft-ietf-tls-ecdhe-mlkem (hybrids). */
#include "lab-groups.h"

#define GROUP(value, name, ossl, kind, bits, publen)                                               \
  {                                                                                                \
    value, name, ossl, kind, bits, publen, "group." name                                           \
  }
#define PRIME LAB_GROUP_ECDHE_PRIME
#define MONT LAB_GROUP_ECDHE_MONTGOMERY
#define FFDHE LAB_GROUP_FFDHE

/* Public lengths: an uncompressed point is 1 + 2 * field bytes (RFC 8422 §5.4); a
 * finite-field value is padded to the size of the prime (RFC 7919 §3). */
static const LabGroupInfo groups[] = {
  GROUP (19, "secp192r1", "P-192", PRIME, 192, 49),
  GROUP (21, "secp224r1", "P-224", PRIME, 224, 57),
  GROUP (22, "secp256k1", "secp256k1", PRIME, 256, 65),
  GROUP (23, "secp256r1", "P-256", PRIME, 256, 65),
  GROUP (24, "secp384r1", "P-384", PRIME, 384, 97),
  GROUP (25, "secp521r1", "P-521", PRIME, 521, 133),
  GROUP (26, "brainpoolP256r1", "brainpoolP256r1", PRIME, 256, 65),
  GROUP (27, "brainpoolP384r1", "brainpoolP384r1", PRIME, 384, 97),
  GROUP (28, "brainpoolP512r1", "brainpoolP512r1", PRIME, 512, 129),
  GROUP (29, "x25519", "X25519", MONT, 255, 32),
  GROUP (30, "x448", "X448", MONT, 448, 56),
  GROUP (31, "brainpoolP256r1tls13", "brainpoolP256r1", PRIME, 256, 65),
  GROUP (32, "brainpoolP384r1tls13", "brainpoolP384r1", PRIME, 384, 97),
  GROUP (33, "brainpoolP512r1tls13", "brainpoolP512r1", PRIME, 512, 129),
  GROUP (256, "ffdhe2048", "ffdhe2048", FFDHE, 2048, 256),
  GROUP (257, "ffdhe3072", "ffdhe3072", FFDHE, 3072, 384),
  GROUP (258, "ffdhe4096", "ffdhe4096", FFDHE, 4096, 512),
  GROUP (259, "ffdhe6144", "ffdhe6144", FFDHE, 6144, 768),
  GROUP (260, "ffdhe8192", "ffdhe8192", FFDHE, 8192, 1024),
  GROUP (0x11ec, "X25519MLKEM768", NULL, LAB_GROUP_HYBRID, 0, 0),
  GROUP (0x6399, "X25519Kyber768Draft00", NULL, LAB_GROUP_HYBRID, 0, 0),
  GROUP (0xff01, "arbitrary_explicit_prime_curves", NULL, LAB_GROUP_EXPLICIT, 0, 0),
  GROUP (0xff02, "arbitrary_explicit_char2_curves", NULL, LAB_GROUP_EXPLICIT, 0, 0),
};

const LabGroupInfo *
lab_group_lookup (guint16 value)
{
  for (gsize i = 0; i < G_N_ELEMENTS (groups); i++)
    if (groups[i].value == value)
      return &groups[i];
  return NULL;
}

const LabGroupInfo *
lab_group_lookup_name (const char *name)
{
  if (name == NULL)
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (groups); i++)
    if (g_ascii_strcasecmp (groups[i].name, name) == 0
        || g_ascii_strcasecmp (groups[i].openssl_name ? groups[i].openssl_name : "", name) == 0)
      return &groups[i];
  return NULL;
}

const LabGroupInfo *
lab_group_all (gsize *n_groups)
{
  *n_groups = G_N_ELEMENTS (groups);
  return groups;
}
