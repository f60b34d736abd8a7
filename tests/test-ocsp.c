/* OCSP stapling (RFC 6066 §8, RFC 6960): the lab's CA signs a real OCSP response about the
 * server's certificate at the lab's clock, `openssl ocsp` (an oracle outside the lab)
 * accepts it and reads the same status, the server staples it when the client asks, and
 * the client refuses a revoked status, or a missing one when it requires one, with
 * bad_certificate_status_response (113). */
#include "engine/pki/lab-ocsp.h"
#include "engine/pki/lab-pki.h"
#include "engine/session/lab-session.h"
#include "lab-test-util.h"
#include "tls/lab-crypto-autoptr.h"
#include "tls/lab-dissect.h"

#include <openssl/pem.h>

#define CLOCK G_GINT64_CONSTANT (1735689600) /* 2025-01-01 */
#define DAY (24 * 60 * 60)

static LabPki *
make_pki (LabCertProfile profile, const char *const *more)
{
  LabPkiOptions options = { .clock = CLOCK, .server_name = "server.handshake.lab",
                            .more_server_names = more, .server_profile = profile,
                            .with_ocsp = TRUE };
  g_autoptr (GError) error = NULL;
  LabPki *pki = lab_pki_new (NULL, &options, &error);

  g_assert_no_error (error);
  return pki;
}

static LabOcspVerdict
check (GBytes *response, X509 *cert, const LabPki *pki, gint64 clock, char **why)
{
  gsize len;
  const guint8 *der = g_bytes_get_data (response, &len);
  STACK_OF (X509) *chain = sk_X509_new_null ();
  LabOcspVerdict verdict;

  for (guint i = 0; i < pki->server.chain->len; i++)
    sk_X509_push (chain, g_ptr_array_index (pki->server.chain, i));
  verdict = lab_ocsp_check (der, len, cert, chain, pki->root, clock, why);
  sk_X509_free (chain);
  return verdict;
}

static void
test_response_says_what_the_ca_knows (void)
{
  const char *const more[] = { "mail.handshake.lab", NULL };
  g_autoptr (LabPki) good = make_pki (LAB_PROFILE_VALID, more);
  g_autoptr (LabPki) revoked = make_pki (LAB_PROFILE_REVOKED, NULL);
  g_autoptr (LabPki) plain = NULL;
  const LabPkiLeaf *mail = g_ptr_array_index (good->more_servers, 0);
  g_autofree char *why = NULL;
  LabPkiOptions options = { .clock = CLOCK, .server_name = "server.handshake.lab" };

  g_assert_cmpint (check (good->server.ocsp_response, good->server.cert, good, CLOCK, &why), ==,
                   LAB_OCSP_GOOD);
  g_assert_cmpint (check (mail->ocsp_response, mail->cert, good, CLOCK, &why), ==, LAB_OCSP_GOOD);
  g_assert_cmpint (check (revoked->server.ocsp_response, revoked->server.cert, revoked, CLOCK,
                          &why), ==, LAB_OCSP_REVOKED);
  /* one certificate's response says nothing of another's */
  g_assert_cmpint (check (good->server.ocsp_response, mail->cert, good, CLOCK, &why), ==,
                   LAB_OCSP_INVALID);
  lab_test_assert_contains (why, "nothing about the server's certificate");
  g_clear_pointer (&why, g_free);
  /* valid for a week from the clock */
  g_assert_cmpint (check (good->server.ocsp_response, good->server.cert, good, CLOCK + 8 * DAY,
                          &why), ==, LAB_OCSP_INVALID);
  lab_test_assert_contains (why, "not valid at the lab's clock");
  g_clear_pointer (&why, g_free);
  /* signed by another PKI's CA: not trusted */
  g_assert_cmpint (check (revoked->server.ocsp_response, revoked->server.cert, good, CLOCK,
                          &why), ==, LAB_OCSP_INVALID);
  g_clear_pointer (&why, g_free);
  /* no responses unless asked for */
  plain = lab_pki_new (NULL, &options, NULL);
  g_assert_null (plain->server.ocsp_response);
}

static void
test_tampered_response_is_invalid (void)
{
  g_autoptr (LabPki) pki = make_pki (LAB_PROFILE_VALID, NULL);
  gsize len;
  const guint8 *der = g_bytes_get_data (pki->server.ocsp_response, &len);
  g_autofree guint8 *copy = g_memdup2 (der, len);
  g_autoptr (GBytes) flipped = NULL;
  g_autofree char *why = NULL;

  copy[len - 1] ^= 0x01; /* the last byte of the signature */
  flipped = g_bytes_new (copy, len);
  g_assert_cmpint (check (flipped, pki->server.cert, pki, CLOCK, &why), ==, LAB_OCSP_INVALID);
  lab_test_assert_contains (why, "signature or its signer");
}

static char *
write_file (const char *dir, const char *name, X509 *cert, GBytes *der)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  if (cert != NULL)
    {
      g_autoptr (BIO) bio = BIO_new_file (path, "w");
      g_assert_cmpint (PEM_write_bio_X509 (bio, cert), ==, 1);
    }
  else
    g_assert_true (g_file_set_contents (path, g_bytes_get_data (der, NULL),
                                        (gssize) g_bytes_get_size (der), NULL));
  return g_steal_pointer (&path);
}

/* `openssl ocsp` reads and verifies the response at the lab's clock. */
static void
test_openssl_ocsp_agrees (void)
{
  static const struct
  {
    LabCertProfile profile;
    const char *status;
  } cases[] = { { LAB_PROFILE_VALID, ": good" }, { LAB_PROFILE_REVOKED, ": revoked" } };
  g_autofree char *dir = g_dir_make_tmp ("lab-ocsp-XXXXXX", NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (LabPki) pki = make_pki (cases[i].profile, NULL);
      g_autofree char *response = write_file (dir, "response.der", NULL,
                                              pki->server.ocsp_response);
      g_autofree char *root = write_file (dir, "root.pem", pki->root, NULL);
      g_autofree char *issuer = write_file (dir, "issuer.pem", pki->intermediate, NULL);
      g_autofree char *leaf = write_file (dir, "leaf.pem", pki->server.cert, NULL);
      g_autofree char *at = g_strdup_printf ("%" G_GINT64_FORMAT, CLOCK);
      const char *argv[] = { "openssl", "ocsp", "-respin", response, "-CAfile", root,
                             "-issuer", issuer, "-cert", leaf, "-attime", at, "-resp_text",
                             NULL };
      g_autofree char *out = NULL, *err = NULL, *all = NULL;
      int status = 0;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                   &out, &err, &status, NULL));
      all = g_strconcat (out, err, NULL);
      g_test_message ("%s", all);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      lab_test_assert_contains (all, "Response verify OK");
      lab_test_assert_contains (all, cases[i].status);
      lab_test_assert_contains (all, "Produced At: Jan  1 00:00:00 2025 GMT");
      lab_test_assert_contains (all, "Next Update: Jan  8 00:00:00 2025 GMT");
    }
  lab_test_remove_tree (dir);
}

/* ---- runs ---- */

static LabTrace *
run (const char *body, guint64 seed)
{
  g_autofree char *text = g_strdup_printf ("[scenario]\ntitle = ocsp\n%s", body);
  g_autoptr (LabScenario) scenario = lab_test_scenario (text);

  return lab_test_run (scenario, seed, TRUE);
}

static gboolean
hello_has_status_request (LabTrace *trace, LabSide side, const char *message)
{
  const LabEvent *hello = lab_test_find_message (trace, side, TRUE, message);
  g_autoptr (LabField) tree = lab_dissect_message (hello->bytes, &(LabDissectOptions){ 0 });
  g_autofree char *path = g_strdup_printf ("%s.extensions.status_request", message);

  return lab_field_lookup (tree, path) != NULL;
}

static void
assert_alert_113 (LabTrace *trace)
{
  const LabOutcome *o = lab_trace_get_outcome (trace);

  g_assert_cmpint (o->result, ==, LAB_RESULT_ALERT);
  g_assert_cmpint (o->alert, ==, 113);
  g_assert_cmpstr (lab_alert_lookup (113)->name, ==, "bad_certificate_status_response");
  g_assert_cmpint (o->sent_by, ==, LAB_SIDE_CLIENT);
  g_assert_cmpstr (o->reason, ==, "invalid status response");
  g_assert_cmpint (o->verify_error, ==, 0); /* every certificate check passed */
}

static void
test_stapled_good (void)
{
  g_autoptr (LabTrace) trace = run ("[client]\nocsp = require\n[server]\nocsp-stapling = on\n", 4);
  const LabEvent *sent = lab_test_find_message (trace, LAB_SIDE_SERVER, TRUE, "CertificateStatus");
  const LabEvent *got = lab_test_find_message (trace, LAB_SIDE_CLIENT, FALSE, "CertificateStatus");
  g_autoptr (LabField) tree = lab_dissect_message (sent->bytes, &(LabDissectOptions){ 0 });
  const LabField *response = lab_field_lookup (tree, "CertificateStatus.response");
  g_autofree char *summary = lab_dissect_message_summary (sent->bytes, NULL);
  g_autofree char *order = lab_test_messages (trace, LAB_SIDE_SERVER, TRUE);

  g_assert_cmpint (lab_trace_get_outcome (trace)->result, ==, LAB_RESULT_SUCCESS);
  g_assert_true (g_bytes_equal (sent->bytes, got->bytes));
  /* status_request asked and answered, and the status right after the Certificate */
  g_assert_true (hello_has_status_request (trace, LAB_SIDE_CLIENT, "ClientHello"));
  g_assert_true (hello_has_status_request (trace, LAB_SIDE_SERVER, "ServerHello"));
  g_assert_cmpstr (order, ==, "ServerHello Certificate CertificateStatus ServerKeyExchange "
                              "ServerHelloDone ChangeCipherSpec Finished");
  g_assert_nonnull (response);
  lab_test_assert_contains (response->value, "serial 0x3001 good");
  lab_test_assert_contains (summary, "certificate good");
}

static void
test_stapled_revoked (void)
{
  g_autoptr (LabTrace) trace = run ("[client]\nocsp = request\n"
                                    "[server]\nocsp-stapling = on\ncertificate = revoked\n", 4);
  const LabOutcome *o = lab_trace_get_outcome (trace);
  const LabEvent *cause = lab_test_cause_event (trace);

  assert_alert_113 (trace);
  g_assert_cmpint (cause->kind, ==, LAB_EVENT_MESSAGE);
  g_assert_cmpint (cause->handshake_type, ==, LAB_HS_CERTIFICATE_STATUS);
  g_assert_cmpint (cause->side, ==, LAB_SIDE_CLIENT);
  lab_test_assert_contains (o->cause, "serial 0x3001 revoked on 31 December 2024");
  lab_test_assert_contains (o->cause, "RFC 6066 §8");
  lab_test_assert_contains (o->cause, "bad_certificate_status_response (113)");
}

static void
test_required_none (void)
{
  g_autoptr (LabTrace) trace = run ("[client]\nocsp = require\n", 4);
  const LabOutcome *o = lab_trace_get_outcome (trace);

  assert_alert_113 (trace);
  g_assert_null (lab_test_find_event (trace, LAB_EVENT_MESSAGE, "CertificateStatus",
                                      LAB_TEST_ANY_SIDE));
  g_assert_false (hello_has_status_request (trace, LAB_SIDE_SERVER, "ServerHello"));
  /* the client waited for the whole flight */
  g_assert_nonnull (lab_test_find_event (trace, LAB_EVENT_MESSAGE, "ServerHelloDone",
                                         LAB_SIDE_CLIENT));
  lab_test_assert_contains (o->cause, "no CertificateStatus");
  lab_test_assert_contains (o->cause, "requires one");
}

static void
test_soft_fail_and_off (void)
{
  g_autoptr (LabTrace) asked = run ("[client]\nocsp = request\n", 4);
  /* the server would staple, but nobody asked */
  g_autoptr (LabTrace) off = run ("[server]\nocsp-stapling = on\ncertificate = revoked\n", 4);

  g_assert_cmpint (lab_trace_get_outcome (asked)->result, ==, LAB_RESULT_SUCCESS);
  g_assert_cmpint (lab_trace_get_outcome (off)->result, ==, LAB_RESULT_SUCCESS);
  g_assert_false (hello_has_status_request (off, LAB_SIDE_CLIENT, "ClientHello"));
  g_assert_null (lab_test_find_event (off, LAB_EVENT_MESSAGE, "CertificateStatus",
                                      LAB_TEST_ANY_SIDE));
}

/* The response is made at the lab's clock, so a seeded run staples the same bytes every
 * day and in every process. */
static void
test_seeded_response_is_reproducible (void)
{
  const char *body = "[client]\nocsp = require\n[server]\nocsp-stapling = on\n";
  g_autoptr (LabTrace) a = run (body, 9);
  g_autoptr (LabTrace) b = run (body, 9);
  const LabEvent *x = lab_test_find_message (a, LAB_SIDE_SERVER, TRUE, "CertificateStatus");
  const LabEvent *y = lab_test_find_message (b, LAB_SIDE_SERVER, TRUE, "CertificateStatus");

  g_assert_true (g_bytes_equal (x->bytes, y->bytes));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ocsp/response", test_response_says_what_the_ca_knows);
  g_test_add_func ("/ocsp/tampered", test_tampered_response_is_invalid);
  g_test_add_func ("/ocsp/openssl-ocsp-agrees", test_openssl_ocsp_agrees);
  g_test_add_func ("/ocsp/stapled-good", test_stapled_good);
  g_test_add_func ("/ocsp/stapled-revoked", test_stapled_revoked);
  g_test_add_func ("/ocsp/required-none", test_required_none);
  g_test_add_func ("/ocsp/soft-fail-and-off", test_soft_fail_and_off);
  g_test_add_func ("/ocsp/seeded", test_seeded_response_is_reproducible);
  return g_test_run ();
}
