/* lab-cause.c: from a failed run to the sentence that explains it.
 *
 * Three kinds of cause, tried in order: the wire changed something (then: where the two
 * sides' transcripts first differ, and why that surfaces as this alert), a certificate
 * check failed (then: which certificate, which field, against what), or the two sides'
 * settings had nothing in common (then: which lists). */
#include "lab-cause.h"
#include "lab-cause-private.h"
#include "tls/lab-crypto-autoptr.h"
#include "tls/lab-dissect.h"
#include "tls/lab-reader.h"

#include <openssl/x509_vfy.h>
#include <string.h>

typedef struct
{
  LabTrace *trace;
  const LabScenario *scenario;
  LabOutcome *outcome;
  const char *alert; /* the alert's name, or NULL */
  guint limit;       /* events after this are not causes */
} Cause;

static const LabEvent *
event_at (Cause *c, guint i)
{
  return lab_trace_get_event (c->trace, i);
}

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
static char *
certificate_cause (Cause *c)
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
  c->outcome->cause = certificate_cause (c);
  return c->outcome->cause != NULL;
}

/* ---- the wire ---- */

/* The first byte where what one side sent and the other received differ. */
/* The name, for people, of the field a byte of a message belongs to: "its cipher suites
 * length". */
static char *
field_at (const LabEvent *message, gsize offset)
{
  g_autoptr (LabField) tree = lab_dissect_message (message->bytes, NULL);
  g_autoptr (GPtrArray) leaves = lab_field_collect_leaves (tree);

  for (guint i = 0; i < leaves->len; i++)
    {
      const LabField *leaf = g_ptr_array_index (leaves, i);
      if (leaf->error == NULL && offset >= leaf->offset && offset < leaf->offset + leaf->length)
        {
          g_autofree char *label = g_ascii_strdown (leaf->label, -1);
          return g_strdup_printf ("its %s", label);
        }
    }
  return NULL;
}

static gboolean
first_difference (Cause *c, LabSide sender, const LabEvent **message, gsize *offset)
{
  GPtrArray *sent = g_ptr_array_new (), *received = g_ptr_array_new ();
  gboolean found = FALSE;

  for (guint i = 0; i < c->limit; i++)
    {
      const LabEvent *e = event_at (c, i);
      if (e->kind != LAB_EVENT_MESSAGE)
        continue;
      if (e->side == sender && e->sent)
        g_ptr_array_add (sent, (gpointer) e);
      else if (e->side != sender && !e->sent
               && e->direction == (sender == LAB_SIDE_CLIENT ? LAB_DIRECTION_CLIENT_TO_SERVER
                                                             : LAB_DIRECTION_SERVER_TO_CLIENT))
        g_ptr_array_add (received, (gpointer) e);
    }
  for (guint i = 0; i < MIN (sent->len, received->len) && !found; i++)
    {
      const LabEvent *a = g_ptr_array_index (sent, i), *b = g_ptr_array_index (received, i);
      gsize la, lb;
      const guint8 *da = g_bytes_get_data (a->bytes, &la), *db = g_bytes_get_data (b->bytes, &lb);

      /* From byte 4: a changed body changes the length in the header too, and the body
       * is where the change means something. */
      for (gsize k = MIN (4, MIN (la, lb)); k < MIN (la, lb) + 1 && !found; k++)
        if (k == MIN (la, lb) ? la != lb : da[k] != db[k])
          {
            *message = a;
            *offset = k;
            found = TRUE;
          }
    }
  g_ptr_array_unref (sent);
  g_ptr_array_unref (received);
  return found;
}

/* What the changed record carried, from the wire's words ("... of the ClientKeyExchange"). */
static gboolean
changed (const LabEvent *record, const char *what)
{
  return record->wire_action != NULL && strstr (record->wire_action, what) != NULL;
}

static const char *
why_alert_after_tampering (Cause *c, const LabEvent *record, gboolean transcript_differs)
{
  gboolean ems = c->scenario->client.extended_master_secret
                 && c->scenario->server.extended_master_secret;
  const char *downgrade = lab_cause_why_after_tampering (c->outcome);

  if (downgrade != NULL)
    return downgrade;

  if (g_strcmp0 (c->alert, "bad_record_mac") == 0)
    {
      if (changed (record, "ClientKeyExchange"))
        return "The server decrypted the changed value to a different pre-master secret (or, "
               "unable to decrypt it, carried on with a random one without saying so, as RFC "
               "5246 §7.4.7.1 requires), so the two sides' keys differ and the client's Finished "
               "did not authenticate: bad_record_mac.";
      return transcript_differs && ems
               ? "With the extended master secret the transcript goes into the keys, so the two "
                 "sides derived different keys and the first encrypted record (the Finished) "
                 "did not authenticate: bad_record_mac."
             : transcript_differs
               ? "The two sides derived different keys, so the first encrypted record did not "
                 "authenticate: bad_record_mac."
               : "A record's authentication tag (or MAC) covers every byte and its sequence "
                 "number, so the changed or repeated record did not authenticate: "
                 "bad_record_mac.";
    }
  if (g_strcmp0 (c->alert, "decrypt_error") == 0)
    return transcript_differs && g_strcmp0 (c->outcome->reason, "bad signature") == 0
             ? "The ServerKeyExchange is signed over both randoms and the key share, so the "
               "client's check of the server's signature failed: decrypt_error."
           : transcript_differs
             ? "The keys still matched, but the Finished message carries a hash of the whole "
               "transcript, and the two sides' transcripts differ: decrypt_error."
             : "A signature no longer matched what it signs: decrypt_error.";
  if (g_strcmp0 (c->alert, "unexpected_message") == 0)
    return changed (record, "change_cipher_spec")
             ? "Without a valid ChangeCipherSpec the receiver still expected plaintext and got "
               "an encrypted Finished: unexpected_message."
             : "The receiver got a message the handshake does not allow at that point (one was "
               "removed, repeated or changed on the way): unexpected_message.";
  if (g_strcmp0 (c->alert, "protocol_version") == 0)
    return c->outcome->sent_by == LAB_SIDE_CLIENT
             ? "The client offered only TLS 1.2, so a ServerHello choosing another version is "
               "refused: protocol_version."
             : "The server was asked for a protocol version it does not speak: "
               "protocol_version.";
  if (g_strcmp0 (c->alert, "illegal_parameter") == 0)
    return changed (record, "cipher suite")
             ? "The ServerHello chose a cipher suite the client never offered: "
               "illegal_parameter."
             : "A field now holds a value the receiver does not allow there: "
               "illegal_parameter.";
  return NULL;
}

/* The bytes the wire changed: from the first that differs to the last (for a record
 * that grew, shrank or vanished, from the first difference to the end). */
static void
mark_changed_bytes (LabOutcome *outcome, const LabEvent *record)
{
  gsize sent_len, got_len, first = 0, last;
  const guint8 *sent = g_bytes_get_data (record->bytes, &sent_len);
  const guint8 *got = g_bytes_get_data (record->forwarded, &got_len);

  while (first < sent_len && first < got_len && sent[first] == got[first])
    first++;
  if (first == sent_len)
    return;
  last = sent_len - 1;
  if (sent_len == got_len)
    while (last > first && sent[last] == got[last])
      last--;
  outcome->cause_offset = first;
  outcome->cause_length = last - first + 1;
}

static gboolean
explain_wire (Cause *c)
{
  const LabEvent *changed_record = NULL;
  g_autofree char *problem = NULL;
  guint dropped = 0;
  const LabEvent *message = NULL;
  gsize offset = 0;
  gboolean differs;
  const char *why;
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; i < c->limit; i++)
    {
      const LabEvent *e = event_at (c, i);
      if (e->kind == LAB_EVENT_RECORD && e->wire_action != NULL && e->forwarded != NULL)
        {
          if (changed_record == NULL)
            changed_record = e;
          dropped += g_bytes_get_size (e->forwarded) == 0;
        }
    }
  if (changed_record == NULL)
    return FALSE;
  c->outcome->cause_event = (int) changed_record->seq;
  mark_changed_bytes (c->outcome, changed_record);
  g_string_append_printf (text, "The wire %s.", changed_record->wire_action);
  if (dropped > 1)
    g_string_append_printf (text, " It dropped %u records in all.", dropped);

  differs = first_difference (c, LAB_SIDE_CLIENT, &message, &offset)
            || first_difference (c, LAB_SIDE_SERVER, &message, &offset);
  if (differs)
    {
      g_autofree char *field = field_at (message, offset);
      g_string_append_printf (text, " The client's and the server's transcripts now differ at "
                                    "byte %" G_GSIZE_FORMAT " of the %s%s%s%s.",
                              offset, message->name, field ? " (" : "", field ? field : "",
                              field ? ")" : "");
    }
  if (c->outcome->result == LAB_RESULT_TIMEOUT)
    g_string_append (text, " What never arrives cannot be rejected: each side waited for the "
                           "other until the lab's timeout.");
  else if (c->outcome->verify_error != 0 && (problem = certificate_cause (c)) != NULL)
    {
      /* a change to a certificate surfaces as a failed check of it */
      g_string_append_printf (text, " %s", problem);
      c->outcome->cause_event = (int) changed_record->seq;
    }
  else if ((why = why_alert_after_tampering (c, changed_record, differs)) != NULL)
    g_string_append_printf (text, " %s", why);
  else if (c->outcome->result == LAB_RESULT_ERROR)
    /* OpenSSL sends no alert when the very first record is not TLS at all */
    g_string_append_printf (text, " No alert came back: the side that could not go on hung "
                                  "up (%s).", c->outcome->reason);
  c->outcome->cause = g_string_free (g_steal_pointer (&text), FALSE);
  return TRUE;
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
      explain_wire (&c);
      return;
    }
  if (scenario->attack == LAB_ATTACK_MAN_IN_THE_MIDDLE)
    {
      if (!outcome->intercepted)
        explain_certificate (&c);
      lab_cause_explain_mitm (trace, scenario, outcome);
      return;
    }
  if (explain_wire (&c))
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
