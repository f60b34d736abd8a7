/* The tables the dissector names things with agree with each other and with libcrypto:
 * verification errors carry OpenSSL's own strings, groups make keys of the public
 * length they promise, signature schemes name digests libcrypto has. */
#include <openssl/core_names.h>
#include <openssl/x509_vfy.h>

#include "tls/lab-crypto-autoptr.h"
#include "tls/lab-extensions.h"
#include "tls/lab-groups.h"
#include "tls/lab-signature-schemes.h"
#include "tls/lab-verify-errors.h"

static void
test_registry_verify_errors (void)
{
  gsize n;
  const LabVerifyErrorInfo *errors = lab_verify_error_all (&n);

  g_assert_cmpuint (n, ==, 95);
  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *prefixed = g_strconcat ("X509_V_ERR_", errors[i].symbol, NULL);

      g_assert_cmpstr (errors[i].text, ==, X509_verify_cert_error_string (errors[i].code));
      g_assert_true (lab_verify_error_lookup (errors[i].code) == &errors[i]);
      g_assert_true (lab_verify_error_lookup_symbol (errors[i].symbol) == &errors[i]);
      if (errors[i].code != X509_V_OK)
        g_assert_true (lab_verify_error_lookup_symbol (prefixed) == &errors[i]);
    }
  g_assert_cmpstr (lab_verify_error_lookup (X509_V_ERR_CERT_HAS_EXPIRED)->symbol, ==,
                   "CERT_HAS_EXPIRED");
  g_assert_cmpstr (lab_verify_error_lookup (62)->text, ==, "hostname mismatch");
  g_assert_cmpint (lab_verify_error_lookup_symbol ("x509_v_ok")->code, ==, 0);
  g_assert_null (lab_verify_error_lookup (-1));
  g_assert_null (lab_verify_error_lookup_symbol ("NO_SUCH_ERROR"));
}

static gsize
public_length (const char *type, const char *group)
{
  g_autoptr (EVP_PKEY) key = g_str_equal (type, "EC") ? EVP_PKEY_Q_keygen (NULL, NULL, type, group)
                                                      : EVP_PKEY_Q_keygen (NULL, NULL, type);
  guint8 *encoded = NULL;
  gsize length;

  g_assert_nonnull (key);
  length = EVP_PKEY_get1_encoded_public_key (key, &encoded);
  OPENSSL_free (encoded);
  return length;
}

static void
test_registry_groups (void)
{
  gsize n;
  const LabGroupInfo *groups = lab_group_all (&n);

  for (gsize i = 0; i < n; i++)
    {
      g_assert_true (lab_group_lookup (groups[i].value) == &groups[i]);
      g_assert_true (lab_group_lookup_name (groups[i].name) == &groups[i]);
      g_assert_true (g_str_has_prefix (groups[i].explanation_key, "group."));
      if (groups[i].kind == LAB_GROUP_ECDHE_PRIME)
        g_assert_cmpuint (public_length ("EC", groups[i].openssl_name), ==,
                          groups[i].public_length);
      if (groups[i].kind == LAB_GROUP_ECDHE_MONTGOMERY)
        g_assert_cmpuint (public_length (groups[i].openssl_name, NULL), ==,
                          groups[i].public_length);
      if (groups[i].kind == LAB_GROUP_FFDHE)
        g_assert_cmpuint (groups[i].public_length * 8, ==, groups[i].bits);
    }
  g_assert_cmpuint (lab_group_lookup_name ("P-256")->value, ==, 23);
  g_assert_cmpstr (lab_group_lookup (29)->name, ==, "x25519");
  g_assert_null (lab_group_lookup (0x0a0a));
}

static void
test_registry_signature_schemes (void)
{
  gsize n;
  const LabSignatureSchemeInfo *schemes = lab_signature_scheme_all (&n);

  for (gsize i = 0; i < n; i++)
    {
      g_assert_true (lab_signature_scheme_lookup (schemes[i].value) == &schemes[i]);
      g_assert_true (lab_signature_scheme_lookup_name (schemes[i].name) == &schemes[i]);
      if (schemes[i].hash != NULL)
        {
          g_autoptr (EVP_MD) md = EVP_MD_fetch (NULL, schemes[i].hash, NULL);
          g_assert_nonnull (md);
        }
      /* TLS 1.2 pairs: the first byte names the hash (RFC 5246 §7.4.1.4.1) */
      if (schemes[i].value < 0x0700)
        {
          g_autofree char *hash
              = g_ascii_strup (lab_hash_algorithm_name (schemes[i].value >> 8), -1);
          g_assert_cmpstr (hash, ==, schemes[i].hash);
          g_assert_nonnull (lab_signature_algorithm_name (schemes[i].value & 0xff));
        }
    }
  g_assert_true (lab_signature_scheme_lookup (0x0201)->legacy);
  g_assert_false (lab_signature_scheme_lookup (0x0804)->legacy);
  g_assert_cmpstr (lab_hash_algorithm_name (8), ==, "intrinsic");
  g_assert_null (lab_signature_algorithm_name (200));
}

static void
test_registry_extensions (void)
{
  gsize n;
  const LabExtensionInfo *extensions = lab_extension_all (&n);

  for (gsize i = 0; i < n; i++)
    {
      g_assert_true (lab_extension_lookup (extensions[i].value) == &extensions[i]);
      g_assert_true (lab_extension_lookup_name (extensions[i].name) == &extensions[i]);
      g_assert_false (lab_is_grease (extensions[i].value));
    }
  g_assert_cmpstr (lab_extension_lookup (0xff01)->name, ==, "renegotiation_info");
  g_assert_cmpstr (lab_extension_lookup (23)->explanation_key, ==,
                   "extension.extended_master_secret");
  for (guint value = 0; value <= 0xffff; value++)
    g_assert_cmpint (lab_is_grease (value), ==,
                     (value & 0x0f0f) == 0x0a0a && (value >> 12) == ((value >> 4) & 0xf));
  g_assert_true (lab_is_grease (0xfafa));
  g_assert_false (lab_is_grease (0x0a1a));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dissect-registry/verify-errors", test_registry_verify_errors);
  g_test_add_func ("/dissect-registry/groups", test_registry_groups);
  g_test_add_func ("/dissect-registry/signature-schemes", test_registry_signature_schemes);
  g_test_add_func ("/dissect-registry/extensions", test_registry_extensions);
  return g_test_run ();
}
