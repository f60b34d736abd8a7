/* lab-cause.c: from a failed run to the sentence that explains it.
 *
 * Three kinds of cause, tried in order: the wire changed something (then: where the two
 * sides' transcripts first differ, and why that surfaces as this alert), a certificate
 * check failed (then: which certificate, which field, against what), or the two sides'
 * settings had nothing in common (then: which lists). The wire's part is in
 * lab-cause-wire.c, the man in the middle's in lab-cause-mitm.c; the causes of
 * lab-cause-private.h in lab-cause-pki.c and lab-cause-extensions.c. */
#include "lab-cause-private.h"
#include "lab-cause-wire.h"
#include "tls/lab-crypto-autoptr.h"
#include "tls/lab-reader.h"

#include <openssl/x509_vfy.h>
#include <string.h>

static char *
format_date (gint64 unix_time)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (unix_time);
  return dt ? g_date_time_format (dt, "%-d %B %Y, %H:%M UTC") : g_strdup ("?");
}

static gint64
asn1_time_to_unix (const ASN1_TIME *t)
{
  struct tm tm;

  if (t == NULL || !ASN1_TIME_to_tm (t, &tm))
    return 0;
  return (gint64) timegm (&tm);
}

static char *
alert_clause (Cause *c)
{
  const char *sender = lab_side_name (c->outcome->sent_by);

  return g_strdup_printf ("so the %s sent %s (%d) and hung up", sender, c->alert,
                          c->outcome->alert);
}

/* ---- certificates ---- */

static char *
dns_names (X509 *cert)
{
  GENERAL_NAMES *names = X509_get_ext_d2i (cert, NID_subject_alt_name, NULL, NULL);
  g_autoptr (GString) out = g_string_new (NULL);

  for (int i = 0; names && i < sk_GENERAL_NAME_num (names); i++)
    {
      const GENERAL_NAME *name = sk_GENERAL_NAME_value (names, i);
      if (name->type == GEN_DNS)
        g_string_append_printf (out, "%s%s", out->len ? ", " : "",
                                (const char *) ASN1_STRING_get0_data (name->d.dNSName));
    }
  GENERAL_NAMES_free (names);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
rfc2253 (const X509_NAME *name)
{
  g_autoptr (BIO) bio = BIO_new (BIO_s_mem ());
  char *data = NULL;
  long len;

  if (bio == NULL || X509_NAME_print_ex (bio, name, 0, XN_FLAG_RFC2253) < 0)
    return g_strdup ("?");
  len = BIO_get_mem_data (bio, &data);
  return g_strndup (data, (gsize) len);
}

static char *
certificate_problem (Cause *c, const LabEvent *v, X509 *cert)
{
  gint64 clock = lab_scenario_effective_clock (c->scenario);
  g_autofree char *clock_text = format_date (clock);
  const char *who = v->depth == 0 ? (v->side == LAB_SIDE_CLIENT ? "The server's certificate"
                                                                : "The client's certificate")
                                  : "A CA certificate in the chain";
  g_autofree char *names = NULL;

  switch (v->verify_error)
    {
    case X509_V_ERR_CERT_HAS_EXPIRED:
      {
        gint64 not_after = asn1_time_to_unix (X509_get0_notAfter (cert));
        g_autofree char *date = format_date (not_after);
        gint64 days = (clock - not_after) / 86400;
        return g_strdup_printf ("%s (%s) expired on %s, %" G_GINT64_FORMAT " day%s before the lab "
                                "clock (%s): its notAfter date has passed",
                                who, v->subject, date, days, days == 1 ? "" : "s", clock_text);
      }
    case X509_V_ERR_CERT_NOT_YET_VALID:
      {
        gint64 not_before = asn1_time_to_unix (X509_get0_notBefore (cert));
        g_autofree char *date = format_date (not_before);
        return g_strdup_printf ("%s (%s) is valid only from %s, after the lab clock (%s): its "
                                "notBefore date has not come yet",
                                who, v->subject, date, clock_text);
      }
    case X509_V_ERR_HOSTNAME_MISMATCH:
      names = dns_names (cert);
      return g_strdup_printf ("The client asked for %s, but the server's certificate names only "
                              "%s in its subjectAltName",
                              c->scenario->server_name, *names ? names : "other hosts");
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
      return g_strdup_printf ("%s (%s) is signed by itself: no CA vouches for it, and the peer "
                              "trusts only the lab's root CA", who, v->subject);
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
      {
        g_autofree char *issuer = rfc2253 (X509_get_issuer_name (cert));
        return g_strdup_printf ("The %s could not find the certificate of %s, the issuer of %s: "
                                "it was neither sent in the chain nor among the CAs the %s "
                                "trusts",
                                lab_side_name (v->side), issuer, v->subject,
                                lab_side_name (v->side));
      }
    case X509_V_ERR_CERT_REVOKED:
      {
        g_autoptr (BIGNUM) serial = ASN1_INTEGER_to_BN (X509_get0_serialNumber (cert), NULL);
        char *hex = serial ? BN_bn2hex (serial) : NULL;
        char *text = g_strdup_printf ("The CA's revocation list (CRL) lists serial number 0x%s "
                                      "(%s) as revoked: the CA has withdrawn its word for it",
                                      hex ? hex : "?", v->subject);
        OPENSSL_free (hex);
        return text;
      }
    case X509_V_ERR_INVALID_PURPOSE:
      return g_strdup_printf ("%s (%s) is not for this use: its extended key usage does not "
                              "allow %s authentication",
                              who, v->subject, v->side == LAB_SIDE_CLIENT ? "server" : "client");
    case X509_V_ERR_EE_KEY_TOO_SMALL:
      return g_strdup_printf ("%s (%s) has a %d-bit key, too small to trust at the peer's "
                              "security level", who, v->subject,
                              EVP_PKEY_get_bits (X509_get0_pubkey (cert)));
    case X509_V_ERR_CA_MD_TOO_WEAK:
      return g_strdup_printf ("%s (%s) is signed with SHA-1, a hash for which collisions can be "
                              "made: its signature can no longer be trusted", who, v->subject);
    case X509_V_ERR_INVALID_CA:
      return g_strdup_printf ("%s (%s) is not a CA: its basicConstraints say CA:FALSE, so it may "
                              "not vouch for the certificate below it", who, v->subject);
    case X509_V_ERR_CERT_SIGNATURE_FAILURE:
      return g_strdup_printf ("The signature on %s does not verify with its issuer's key: the "
                              "certificate or its signature was changed after the CA signed it",
                              v->subject);
    case X509_V_ERR_PERMITTED_VIOLATION:
    case X509_V_ERR_PATH_LENGTH_EXCEEDED:
    case X509_V_ERR_APPLICATION_VERIFICATION:
      {
        char *constraint = lab_cause_chain_constraint (c->trace, c->scenario, v, cert, who);
        if (constraint != NULL)
          return constraint;
      }
      G_GNUC_FALLTHROUGH;
    default:
      return g_strdup_printf ("Checking %s failed: %s (X509_V_ERR %d)", v->subject,
                              v->verify_error_string, v->verify_error);
    }
}

/* The first failed check: its sentence, and (as cause event) the check itself. */
char *
lab_cause_certificate (Cause *c)
{
  for (guint i = 0; i < c->limit; i++)
    {
      const LabEvent *v = event_at (c, i);
      const guint8 *der;
      gsize len;
      g_autoptr (X509) cert = NULL;
      g_autofree char *problem = NULL;
      g_autofree char *then = NULL;

      if (v->kind != LAB_EVENT_VERIFY || v->verify_ok || v->bytes == NULL)
        continue;
      der = g_bytes_get_data (v->bytes, &len);
      cert = d2i_X509 (NULL, &der, (long) len);
      if (cert == NULL)
        continue;
      problem = certificate_problem (c, v, cert);
      if (c->outcome->result == LAB_RESULT_ALERT && c->outcome->sent_by == v->side)
        then = alert_clause (c);
      else if (c->outcome->result == LAB_RESULT_SUCCESS)
        then = g_strdup ("; the client noticed, but with verification switched off it went on "
                         "anyway and sent its data to whoever was there");
      if (then == NULL)
        return NULL;
      c->outcome->cause_event = (int) v->seq;
      return g_strdup_printf ("%s%s%s.", problem,
                              c->outcome->result == LAB_RESULT_SUCCESS ? "" : ", ", then);
    }
  return NULL;
}

static gboolean
explain_certificate (Cause *c)
{
  c->outcome->cause = lab_cause_certificate (c);
  return c->outcome->cause != NULL;
}

/* ---- negotiation ---- */

/* The suites a ClientHello offered, by OpenSSL name (RFC 5246 §7.4.1.2). */
static char *
offered_suites (Cause *c)
{
  for (guint i = 0; i < c->limit; i++)
    {
      const LabEvent *e = event_at (c, i);
      LabReader r, sid, suites;
      g_autoptr (GString) out = g_string_new (NULL);
      gsize len;
      const guint8 *data;

      if (e->kind != LAB_EVENT_MESSAGE || !e->sent || e->handshake_type != LAB_HS_CLIENT_HELLO)
        continue;
      data = g_bytes_get_data (e->bytes, &len);
      lab_reader_init (&r, data, len);
      if (!lab_reader_skip (&r, 4 + 2 + 32) || !lab_reader_vector (&r, 1, &sid, NULL)
          || !lab_reader_vector (&r, 2, &suites, NULL))
        return NULL;
      guint n = 0;
      while (lab_reader_remaining (&suites) >= 2)
        {
          guint16 id;
          const LabCipherSuite *suite;

          lab_reader_u16 (&suites, &id);
          suite = lab_cipher_suite_lookup (id);
          if (suite != NULL && n++ < 4)
            g_string_append_printf (out, "%s%s", out->len ? ", " : "", suite->openssl_name);
        }
      /* a long list helps nobody in one sentence: the first few and a count */
      if (n > 4)
        g_string_append_printf (out, " and %u more", n - 4);
      return g_string_free (g_steal_pointer (&out), FALSE);
    }
  return NULL;
}

static gboolean
explain_negotiation (Cause *c)
{
  const char *reason = c->outcome->reason;
  const LabScenario *s = c->scenario;

  if (g_strcmp0 (reason, "no shared cipher") == 0 && s->client.groups != NULL
      && s->key_type == LAB_KEY_ECDSA_P256 && strstr (s->client.groups, "P-256") == NULL)
    c->outcome->cause = g_strdup_printf (
      "The client's supported groups (%s) leave out P-256, the curve of the server's ECDSA "
      "certificate key. In TLS 1.2 that list also says which curves the client can verify "
      "signatures on, so no suite with this certificate could work, and the server sent "
      "handshake_failure right after the ClientHello.",
      s->client.groups);
  else if (g_strcmp0 (reason, "no shared cipher") == 0 && s->client.signature_algorithms != NULL)
    c->outcome->cause = g_strdup_printf (
      "The client accepts only the signature algorithms %s, and the server's %s key cannot "
      "make any of them, so no suite could work and the server sent handshake_failure right "
      "after the ClientHello.",
      s->client.signature_algorithms, s->key_type == LAB_KEY_RSA_2048 ? "RSA" : "ECDSA");
  else if (g_strcmp0 (reason, "no shared cipher") == 0)
    {
      g_autofree char *offered = offered_suites (c);
      const char *key = s->key_type == LAB_KEY_RSA_2048 ? "an RSA-2048" : "an ECDSA P-256";
      const char *accepted = s->server.cipher_suites ? s->server.cipher_suites
                                                     : "OpenSSL's default list";
      c->outcome->cause = g_strdup_printf (
 "The client offered %s; the server accepts %s with %s certificate. No suite fits "
        "both lists and the server's certificate (the client's supported groups and signature "
        "algorithms count too), so the server sent handshake_failure right after the "
        "ClientHello.",
        offered ? offered : "its suites", accepted, key);
    }
  else if (g_strcmp0 (c->alert, "protocol_version") == 0)
    c->outcome->cause = g_strdup_printf (
      "The client offers %s; the server accepts %s. No version in common: protocol_version.",
      s->client.versions ? s->client.versions : "TLSv1.2",
      s->server.versions ? s->server.versions : "TLSv1.2");
  else if (g_strcmp0 (reason, "peer did not return a certificate") == 0)
    c->outcome->cause = g_strdup (
      "The server asked for a client certificate (CertificateRequest) and requires one, but "
      "the client had none and sent an empty Certificate message: handshake_failure.");
  else if (g_strcmp0 (reason, "dh key too small") == 0)
    c->outcome->cause = g_strdup (
      "The server's ServerKeyExchange offered a 1024-bit Diffie-Hellman group, small enough to "
      "break with enough computing power (the Logjam attack), so the client refused it: "
      "handshake_failure.");
  else
    return FALSE;
  return TRUE; /* the cause event stays the alert itself */
}

void
lab_cause_explain (LabTrace *trace, const LabScenario *scenario, LabOutcome *outcome)
{
  const LabAlertInfo *alert = outcome->alert >= 0 ? lab_alert_lookup ((guint8) outcome->alert)
                                                  : NULL;
  Cause c = { trace, scenario, outcome, alert ? alert->name : NULL,
              lab_trace_get_n_events (trace) };

  /* a run that ended without an alert is explained only by what the wire did to it */
  if (outcome->result == LAB_RESULT_ERROR)
    {
      lab_cause_explain_wire (&c);
      return;
    }
  if (scenario->attack == LAB_ATTACK_MAN_IN_THE_MIDDLE)
    {
      if (!outcome->intercepted)
        explain_certificate (&c);
      lab_cause_explain_mitm (trace, scenario, outcome);
      return;
    }
  if (lab_cause_explain_wire (&c))
    return;
  if (explain_certificate (&c))
    {
      g_autofree char *note = lab_cause_sni_note (trace, scenario, outcome);
      char *with_note = note ? g_strconcat (outcome->cause, " ", note, NULL) : NULL;

      if (with_note != NULL)
        {
          g_free (outcome->cause);
          outcome->cause = with_note;
        }
      return;
    }
  if (outcome->result != LAB_RESULT_ALERT
      || (outcome->cause = lab_cause_security_level (trace, scenario, outcome)) != NULL)
    return;
  if (!explain_negotiation (&c)
      && (outcome->cause = lab_cause_key_usage (trace, scenario, outcome)) == NULL)
    outcome->cause = lab_cause_extensions (trace, scenario, outcome);
}

/* ---- for the lab's peers against real ones ---- */

char *
lab_cause_offered_suites (LabTrace *trace)
{
  Cause c = { .trace = trace, .limit = lab_trace_get_n_events (trace) };

  return offered_suites (&c);
}

char *
lab_cause_certificate_sentence (LabTrace *trace, const LabEvent *verify, gint64 clock,
                                const char *server_name)
{
  /* certificate_problem reads only the clock and the name from its scenario */
  LabScenario scenario = { .has_clock = TRUE, .clock = clock, .server_name = (char *) server_name };
  LabOutcome outcome = { .alert = -1, .cause_event = -1 };
  Cause c = { trace, &scenario, &outcome, NULL, lab_trace_get_n_events (trace) };
  const guint8 *der;
  gsize len;
  g_autoptr (X509) cert = NULL;

  if (verify->kind != LAB_EVENT_VERIFY || verify->verify_ok || verify->bytes == NULL)
    return NULL;
  der = g_bytes_get_data (verify->bytes, &len);
  if ((cert = d2i_X509 (NULL, &der, (long) len)) == NULL)
    return NULL;
  return certificate_problem (&c, verify, cert);
}
