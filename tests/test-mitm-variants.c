/* What a man in the middle can and cannot do: with a certificate mis-issued by a CA the
 * client trusts, or from its own root in the client's trust store, it reads everything and
 * no check fails; a client that pins the server's key (RFC 7469 §2.4) refuses it all the
 * same. Mallory's certificate is part of the run's PKI, made from the run's seed. */
#include "engine/session/lab-session.h"
#include "lab-test-util.h"
#include "tls/lab-crypto-autoptr.h"

#define MITM "[wire]\nattack = man-in-the-middle\n"
#define MIS_ISSUED MITM "mallory-certificate = mis-issued\n"

static LabTrace *
run (const char *body, guint64 seed)
{
  g_autofree char *text = g_strdup_printf ("[scenario]\ntitle = mitm\n%s", body);
  g_autoptr (LabScenario) scenario = lab_test_scenario (text);

  return lab_test_run (scenario, seed, TRUE);
}

/* The first certificate of a Certificate message (RFC 5246 §7.4.2). */
static X509 *
leaf_of (const LabEvent *message)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (message->bytes, &len);
  const guint8 *der = data + 10;

  g_assert_cmpuint (len, >, 10);
  return d2i_X509 (NULL, &der, (long) len - 10);
}

static char *
common_name (const X509_NAME *name)
{
  char cn[256];

  g_assert_cmpint (X509_NAME_get_text_by_NID ((X509_NAME *) name, NID_commonName, cn,
                                              sizeof cn), >, 0);
  return g_strdup (cn);
}

/* The certificate the client received, and the one the real server sent. */
static void
both_leaves (LabTrace *trace, X509 **received, X509 **real)
{
  *received = leaf_of (lab_test_find_message (trace, LAB_SIDE_CLIENT, FALSE, "Certificate"));
  *real = leaf_of (lab_test_find_message (trace, LAB_SIDE_SERVER, TRUE, "Certificate"));
  g_assert_nonnull (*received);
  g_assert_nonnull (*real);
}

static void
assert_intercepted_without_a_failed_check (LabTrace *trace)
{
  const LabOutcome *o = lab_trace_get_outcome (trace);

  g_assert_cmpint (o->result, ==, LAB_RESULT_SUCCESS);
  g_assert_cmpstr (o->intercepted, ==, "GET / HTTP/1.1");
  g_assert_cmpint (o->verify_error, ==, 0);
  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      if (e->kind == LAB_EVENT_VERIFY)
        g_assert_true (e->verify_ok);
    }
  lab_test_assert_contains (o->cause, "Every check the client made passed");
  lab_test_assert_contains (o->cause, "Mallory decrypted the request");
}

static void
test_mis_issued (void)
{
  g_autoptr (LabTrace) trace = run (MIS_ISSUED, 21);
  g_autoptr (X509) received = NULL;
  g_autoptr (X509) real = NULL;
  g_autofree char *issuer = NULL;

  assert_intercepted_without_a_failed_check (trace);
  both_leaves (trace, &received, &real);
  /* the same name, the same CA; another key and serial number */
  g_assert_cmpint (X509_NAME_cmp (X509_get_subject_name (received), X509_get_subject_name (real)),
                   ==, 0);
  g_assert_cmpint (X509_NAME_cmp (X509_get_issuer_name (received), X509_get_issuer_name (real)),
                   ==, 0);
  issuer = common_name (X509_get_issuer_name (received));
  g_assert_cmpstr (issuer, ==, "Handshake Lab Intermediate CA");
  g_assert_cmpint (EVP_PKEY_eq (X509_get0_pubkey (received), X509_get0_pubkey (real)), !=, 1);
  g_assert_cmpint (ASN1_INTEGER_get (X509_get0_serialNumber (received)), ==, 0x5001);
  lab_test_assert_contains (lab_trace_get_outcome (trace)->cause, "mis-issued");
}

static void
test_trusted_interception_root (void)
{
  g_autoptr (LabTrace) trace = run ("[client]\ntrust-mallory-root = on\n" MITM, 21);
  g_autoptr (LabTrace) untrusted = run (MITM, 21);
  g_autoptr (X509) received = NULL;
  g_autoptr (X509) real = NULL;
  g_autofree char *issuer = NULL;

  assert_intercepted_without_a_failed_check (trace);
  both_leaves (trace, &received, &real);
  issuer = common_name (X509_get_issuer_name (received));
  g_assert_cmpstr (issuer, ==, "Mallory Intermediate CA");
  lab_test_assert_contains (lab_trace_get_outcome (trace)->cause, "trust store");
  /* the same attack against a client that does not trust that root */
  g_assert_cmpstr (lab_alert_lookup ((guint8) lab_trace_get_outcome (untrusted)->alert)->name,
                   ==, "unknown_ca");
}

/* RFC 7469 §2.4: base64 (SHA-256 (SubjectPublicKeyInfo)). */
static char *
pin_of (X509 *cert)
{
  unsigned char *spki = NULL;
  int len = i2d_PUBKEY (X509_get0_pubkey (cert), &spki);
  g_autoptr (GChecksum) sha256 = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize digest_len = sizeof digest;

  g_assert_cmpint (len, >, 0);
  g_checksum_update (sha256, spki, len);
  g_checksum_get_digest (sha256, digest, &digest_len);
  OPENSSL_free (spki);
  return g_base64_encode (digest, digest_len);
}

static void
test_pinned_client_refuses (void)
{
  static const char *const bodies[] = {
    "[client]\npin = server-key\n" MIS_ISSUED,
    /* strict pinning: a root the client was told to trust does not lift the pin */
    "[client]\npin = server-key\ntrust-mallory-root = on\n" MITM,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr (LabTrace) trace = run (bodies[i], 22);
      const LabOutcome *o = lab_trace_get_outcome (trace);
      const LabEvent *cause = lab_test_cause_event (trace);
      g_autoptr (X509) received = NULL;
      g_autoptr (X509) real = NULL;
      g_autofree char *received_pin = NULL, *real_pin = NULL;

      both_leaves (trace, &received, &real);
      received_pin = pin_of (received);
      real_pin = pin_of (real);
      g_assert_cmpint (o->result, ==, LAB_RESULT_ALERT);
      g_assert_cmpstr (lab_alert_lookup ((guint8) o->alert)->name, ==, "handshake_failure");
      g_assert_cmpint (o->sent_by, ==, LAB_SIDE_CLIENT);
      g_assert_cmpint (o->verify_error, ==, X509_V_ERR_APPLICATION_VERIFICATION);
      g_assert_null (o->intercepted);
      /* the failed check is the client's, on the leaf, after the chain passed */
      g_assert_cmpint (cause->kind, ==, LAB_EVENT_VERIFY);
      g_assert_cmpint (cause->side, ==, LAB_SIDE_CLIENT);
      g_assert_cmpint (cause->depth, ==, 0);
      g_assert_cmpint (cause->verify_error, ==, X509_V_ERR_APPLICATION_VERIFICATION);
      lab_test_assert_contains (o->cause, real_pin);
      lab_test_assert_contains (o->cause, received_pin);
      lab_test_assert_contains (o->cause, "RFC 7469 §2.4");
      lab_test_assert_contains (o->cause, "Mallory learned no key and read nothing");
    }
}

/* Without a man in the middle the pin holds, for every name the server has. */
static void
test_pin_accepts_the_real_server (void)
{
  g_autoptr (LabTrace) one = run ("[client]\npin = server-key\n", 23);
  g_autoptr (LabTrace) named = run ("[client]\npin = server-key\nserver-name = mail.handshake.lab\n"
                                    "[server]\nnames = server.handshake.lab, mail.handshake.lab\n",
                                    23);
  g_autoptr (LabTrace) trusting = run ("[client]\ntrust-mallory-root = on\n", 23);

  g_assert_cmpint (lab_trace_get_outcome (one)->result, ==, LAB_RESULT_SUCCESS);
  g_assert_cmpint (lab_trace_get_outcome (named)->result, ==, LAB_RESULT_SUCCESS);
  g_assert_cmpint (lab_trace_get_outcome (trusting)->result, ==, LAB_RESULT_SUCCESS);
}

/* Mallory's certificate comes from the run's seed: the same in every seeded run. */
static void
test_mallory_certificate_is_seeded (void)
{
  g_autoptr (LabTrace) a = run (MIS_ISSUED, 24);
  g_autoptr (LabTrace) b = run (MIS_ISSUED, 24);
  const LabEvent *x = lab_test_find_message (a, LAB_SIDE_CLIENT, FALSE, "Certificate");
  const LabEvent *y = lab_test_find_message (b, LAB_SIDE_CLIENT, FALSE, "Certificate");

  g_assert_true (g_bytes_equal (x->bytes, y->bytes));
}

static void
test_settings_round_trip (void)
{
  g_autoptr (LabScenario) s = lab_test_scenario ("[scenario]\ntitle = x\n" MIS_ISSUED);
  g_autofree char *kind = lab_scenario_get_value (s, "wire", "mallory-certificate");
  g_autofree char *pin = lab_scenario_get_value (s, "client", "pin");
  g_autoptr (GError) error = NULL;

  g_assert_cmpstr (kind, ==, "mis-issued");
  g_assert_cmpstr (pin, ==, "none");
  g_assert_false (lab_scenario_set_value (s, "wire", "mallory-certificate", "stolen", &error));
  g_assert_cmpstr (error->message, ==, "'stolen' is not valid for mallory-certificate; expected "
                                       "one of: own-ca, mis-issued");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mitm-variants/mis-issued", test_mis_issued);
  g_test_add_func ("/mitm-variants/trusted-root", test_trusted_interception_root);
  g_test_add_func ("/mitm-variants/pinned", test_pinned_client_refuses);
  g_test_add_func ("/mitm-variants/pin-accepts-server", test_pin_accepts_the_real_server);
  g_test_add_func ("/mitm-variants/seeded", test_mallory_certificate_is_seeded);
  g_test_add_func ("/mitm-variants/round-trip", test_settings_round_trip);
  return g_test_run ();
}
