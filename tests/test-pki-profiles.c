/* Certificate path validation profiles: a CA's name constraints (RFC 5280 §4.2.1.10), its
 * path length constraint (§4.2.1.9) and a leaf whose key may not sign (§4.2.1.3). The
 * certificates carry exactly the extensions that break them, `openssl verify` (an oracle
 * outside the lab) refuses the chains for the same reasons, and real runs end the way
 * OpenSSL 3.0 ends them. */
#include "engine/pki/lab-pki.h"
#include "engine/session/lab-session.h"
#include "lab-test-util.h"
#include "tls/lab-crypto-autoptr.h"

#include <openssl/pem.h>
#include <openssl/x509v3.h>

#define CLOCK G_GINT64_CONSTANT (1735689600) /* 2025-01-01 */

static LabPki *
make_pki (LabCertProfile profile, LabKeyType key_type)
{
  LabPkiOptions options = {
    .key_type = key_type,
    .clock = CLOCK,
    .server_name = "server.handshake.lab",
    .server_profile = profile,
  };
  g_autoptr (GError) error = NULL;
  LabPki *pki = lab_pki_new (NULL, &options, &error);

  g_assert_no_error (error);
  g_assert_nonnull (pki);
  return pki;
}

static X509 *
chain_at (const LabPki *pki, guint i)
{
  g_assert_cmpuint (pki->server.chain->len, >, i);
  return g_ptr_array_index (pki->server.chain, i);
}

/* Was `cert` signed by the key in `issuer`? */
static gboolean
signed_by (X509 *cert, X509 *issuer)
{
  return X509_verify (cert, X509_get0_pubkey (issuer)) == 1;
}

static void
test_name_not_permitted_certificates (void)
{
  g_autoptr (LabPki) pki = make_pki (LAB_PROFILE_NAME_NOT_PERMITTED, LAB_KEY_ECDSA_P256);
  X509 *ca = chain_at (pki, 0);
  int critical = -1;
  NAME_CONSTRAINTS *nc = X509_get_ext_d2i (ca, NID_name_constraints, &critical, NULL);
  const GENERAL_SUBTREE *subtree;

  /* one CA sent, under the lab's root, that signed the leaf */
  g_assert_cmpuint (pki->server.chain->len, ==, 1);
  g_assert_true (signed_by (ca, pki->root));
  g_assert_true (signed_by (pki->server.cert, ca));
  g_assert_cmpint (X509_check_ca (ca), ==, 1);
  /* RFC 5280 §4.2.1.10: conforming CAs MUST mark this extension critical */
  g_assert_nonnull (nc);
  g_assert_cmpint (critical, ==, 1);
  g_assert_cmpint (sk_GENERAL_SUBTREE_num (nc->permittedSubtrees), ==, 1);
  g_assert_null (nc->excludedSubtrees);
  subtree = sk_GENERAL_SUBTREE_value (nc->permittedSubtrees, 0);
  g_assert_cmpint (subtree->base->type, ==, GEN_DNS);
  g_assert_cmpstr ((const char *) ASN1_STRING_get0_data (subtree->base->d.dNSName), ==,
                   LAB_PKI_PERMITTED_DOMAIN);
  NAME_CONSTRAINTS_free (nc);
  g_assert_cmpint (X509_check_host (pki->server.cert, "server.handshake.lab", 0, 0, NULL), ==, 1);
}

static void
test_path_too_long_certificates (void)
{
  g_autoptr (LabPki) pki = make_pki (LAB_PROFILE_PATH_TOO_LONG, LAB_KEY_ECDSA_P256);
  X509 *issuing = chain_at (pki, 0);
  X509 *intermediate = chain_at (pki, 1);

  g_assert_cmpuint (pki->server.chain->len, ==, 2);
  g_assert_true (intermediate == pki->intermediate);
  g_assert_cmpint (X509_get_pathlen (intermediate), ==, 0);
  /* the extra CA: a CA, without a limit of its own, certified by the intermediate */
  g_assert_cmpint (X509_check_ca (issuing), ==, 1);
  g_assert_cmpint (X509_get_pathlen (issuing), ==, -1);
  g_assert_true (signed_by (issuing, intermediate));
  g_assert_true (signed_by (pki->server.cert, issuing));
}

static void
test_no_digital_signature_certificates (void)
{
  static const struct
  {
    LabKeyType key_type;
    guint32 usage;
  } cases[] = {
    { LAB_KEY_ECDSA_P256, X509v3_KU_KEY_AGREEMENT },
    { LAB_KEY_RSA_2048, X509v3_KU_KEY_ENCIPHERMENT },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (LabPki) pki = make_pki (LAB_PROFILE_NO_DIGITAL_SIGNATURE, cases[i].key_type);
      g_autoptr (LabPki) valid = make_pki (LAB_PROFILE_VALID, cases[i].key_type);

      g_assert_cmpuint (X509_get_key_usage (pki->server.cert), ==, cases[i].usage);
      /* the twin the lab's server loads: the same key and names, allowed to sign */
      g_assert_nonnull (pki->server.loadable);
      g_assert_cmpuint (X509_get_key_usage (pki->server.loadable), ==,
                        X509v3_KU_DIGITAL_SIGNATURE);
      g_assert_cmpint (EVP_PKEY_eq (X509_get0_pubkey (pki->server.cert),
                                    X509_get0_pubkey (pki->server.loadable)), ==, 1);
      g_assert_cmpint (X509_NAME_cmp (X509_get_subject_name (pki->server.cert),
                                      X509_get_subject_name (pki->server.loadable)), ==, 0);
      g_assert_true (signed_by (pki->server.cert, pki->intermediate));
      /* no other profile has a twin */
      g_assert_null (valid->server.loadable);
    }
}

/* The rogue chain is whole: Mallory's intermediate signed the leaf, so the chain fails
 * only for want of a trusted root. */
static void
test_rogue_chain_is_consistent (void)
{
  g_autoptr (LabPki) pki = make_pki (LAB_PROFILE_UNTRUSTED_ROOT, LAB_KEY_ECDSA_P256);

  g_assert_true (signed_by (pki->server.cert, chain_at (pki, 0)));
  g_assert_false (signed_by (pki->server.cert, pki->intermediate));
}

/* ---- `openssl verify` as the oracle ---- */

static char *
write_pem (const char *dir, const char *name, X509 *const *certs, guint n)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (BIO) bio = BIO_new_file (path, "w");

  g_assert_nonnull (bio);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (PEM_write_bio_X509 (bio, certs[i]), ==, 1);
  return g_steal_pointer (&path);
}

static void
test_openssl_verify_agrees (void)
{
  static const struct
  {
    LabCertProfile profile;
    const char *error; /* what `openssl verify` prints */
  } cases[] = {
    { LAB_PROFILE_VALID, NULL },
    { LAB_PROFILE_NAME_NOT_PERMITTED, "permitted subtree violation" },
    { LAB_PROFILE_PATH_TOO_LONG, "path length constraint exceeded" },
    /* the key usage is not the chain's business: only TLS knows which key must sign */
    { LAB_PROFILE_NO_DIGITAL_SIGNATURE, NULL },
  };
  g_autofree char *dir = g_dir_make_tmp ("lab-pki-XXXXXX", NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (LabPki) pki = make_pki (cases[i].profile, LAB_KEY_ECDSA_P256);
      g_autofree char *root = write_pem (dir, "root.pem", &pki->root, 1);
      g_autofree char *chain = write_pem (dir, "chain.pem", (X509 **) pki->server.chain->pdata,
                                          pki->server.chain->len);
      g_autofree char *leaf = write_pem (dir, "leaf.pem", &pki->server.cert, 1);
      g_autofree char *at = g_strdup_printf ("%" G_GINT64_FORMAT, CLOCK);
      const char *argv[] = { "openssl", "verify", "-CAfile", root, "-untrusted", chain,
                             "-attime", at, "-purpose", "sslserver", leaf, NULL };
      g_autofree char *out = NULL, *err = NULL;
      g_autofree char *all = NULL;
      int status = 0;
      g_autoptr (GError) error = NULL;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                   &out, &err, &status, &error));
      g_assert_no_error (error);
      all = g_strconcat (out, err, NULL);
      g_test_message ("%s: %s", lab_cert_profile_name (cases[i].profile), all);
      if (cases[i].error == NULL)
        {
          g_assert_true (g_spawn_check_wait_status (status, NULL));
          lab_test_assert_contains (all, ": OK");
        }
      else
        {
          g_assert_false (g_spawn_check_wait_status (status, NULL));
          lab_test_assert_contains (all, cases[i].error);
        }
    }
  lab_test_remove_tree (dir);
}

/* ---- runs ---- */

static LabTrace *
run (const char *body)
{
  g_autofree char *text = g_strdup_printf ("[scenario]\ntitle = profiles\n%s", body);
  g_autoptr (LabScenario) scenario = lab_test_scenario (text);

  return lab_test_run (scenario, 3, TRUE);
}

/* With an ECDHE-ECDSA suite the client refuses a server key that may not sign, although
 * every check of the chain passed: OpenSSL's "bad ecc cert", handshake_failure. */
static void
test_ecdsa_key_that_may_not_sign_is_refused (void)
{
  g_autoptr (LabTrace) trace = run ("[client]\ncipher-suites = ECDHE-ECDSA-AES128-GCM-SHA256\n"
                                    "[server]\ncertificate = no-digital-signature\n");
  const LabOutcome *o = lab_trace_get_outcome (trace);
  const LabEvent *received = lab_test_find_message (trace, LAB_SIDE_CLIENT, FALSE, "Certificate");
  const LabEvent *cause = lab_test_cause_event (trace);
  const guint8 *der = (const guint8 *) g_bytes_get_data (received->bytes, NULL) + 10;
  g_autoptr (X509) leaf = d2i_X509 (NULL, &der, (long) g_bytes_get_size (received->bytes) - 10);

  g_assert_cmpint (o->result, ==, LAB_RESULT_ALERT);
  g_assert_cmpstr (lab_alert_lookup ((guint8) o->alert)->name, ==, "handshake_failure");
  g_assert_cmpint (o->sent_by, ==, LAB_SIDE_CLIENT);
  g_assert_cmpstr (o->reason, ==, "bad ecc cert");
  g_assert_cmpint (o->verify_error, ==, 0);
  /* what crossed the wire is the certificate the profile describes, not the twin */
  g_assert_nonnull (leaf);
  g_assert_cmpuint (X509_get_key_usage (leaf), ==, X509v3_KU_KEY_AGREEMENT);
  g_assert_cmpint (lab_test_count_kind (trace, LAB_EVENT_VERIFY), >, 0);
  /* the cause points at the certificate the client received */
  g_assert_true (cause == received);
  lab_test_assert_contains (o->cause, "keyAgreement, not digitalSignature");
  lab_test_assert_contains (o->cause, "RFC 5280 §4.2.1.3");
  lab_test_assert_contains (o->cause, "bad ecc cert");
}

/* OpenSSL 3.0's client does not look at an RSA key's usage (RFC 5246 §7.4.2 says the
 * digitalSignature bit must be set for ECDHE-RSA), nor does its server at a client's. */
static void
test_openssl_accepts_what_rfc_refuses (void)
{
  static const char *const bodies[] = {
    ("[client]\ncipher-suites = ECDHE-RSA-AES128-GCM-SHA256\n"
     "[server]\ncertificate = no-digital-signature\nkey-type = rsa-2048\n"),
    "[client]\ncertificate = no-digital-signature\n[server]\nclient-certificate = require\n",
    /* a client certificate names no host: DNS name constraints do not touch it */
    "[client]\ncertificate = name-not-permitted\n[server]\nclient-certificate = require\n",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr (LabTrace) trace = run (bodies[i]);
      g_assert_cmpint (lab_trace_get_outcome (trace)->result, ==, LAB_RESULT_SUCCESS);
    }
}

static void
test_client_chain_too_long (void)
{
  g_autoptr (LabTrace) trace = run ("[client]\ncertificate = path-too-long\n"
                                    "[server]\nclient-certificate = require\n");
  const LabOutcome *o = lab_trace_get_outcome (trace);
  const LabEvent *cause = lab_test_cause_event (trace);

  g_assert_cmpstr (lab_alert_lookup ((guint8) o->alert)->name, ==, "unknown_ca");
  g_assert_cmpint (o->sent_by, ==, LAB_SIDE_SERVER);
  g_assert_cmpint (o->verify_error, ==, X509_V_ERR_PATH_LENGTH_EXCEEDED);
  g_assert_cmpint (cause->kind, ==, LAB_EVENT_VERIFY);
  g_assert_cmpint (cause->side, ==, LAB_SIDE_SERVER);
  lab_test_assert_contains (o->cause, "which issued the client's certificate");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/pki-profiles/name-not-permitted/certificates",
                   test_name_not_permitted_certificates);
  g_test_add_func ("/pki-profiles/path-too-long/certificates", test_path_too_long_certificates);
  g_test_add_func ("/pki-profiles/no-digital-signature/certificates",
                   test_no_digital_signature_certificates);
  g_test_add_func ("/pki-profiles/untrusted-root/consistent", test_rogue_chain_is_consistent);
  g_test_add_func ("/pki-profiles/openssl-verify-agrees", test_openssl_verify_agrees);
  g_test_add_func ("/pki-profiles/no-digital-signature/ecdsa-refused",
                   test_ecdsa_key_that_may_not_sign_is_refused);
  g_test_add_func ("/pki-profiles/no-digital-signature/openssl-accepts",
                   test_openssl_accepts_what_rfc_refuses);
  g_test_add_func ("/pki-profiles/path-too-long/client", test_client_chain_too_long);
  return g_test_run ();
}
