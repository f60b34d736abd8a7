/* lab-live-cause.c: the "Why:" of a connection with a real peer.
 *
 * Tried in order: bytes that were not TLS at all, a failed certificate check, the alert
 * that ended the handshake (protocol_version, handshake_failure) read against the hellos
 * that led to it, and a deadline that struck. */
#include "lab-live-cause.h"
#include "lab-live-hello.h"
#include "engine/pki/lab-pki.h"
#include "engine/session/lab-cause.h"
#include "engine/trace/lab-record-events.h"
#include "tls/lab-crypto-autoptr.h"

#include <openssl/x509v3.h>
#include <openssl/x509_vfy.h>
#include <string.h>

typedef struct
{
  LabTrace *trace;
  const LabLiveCauseContext *context;
  LabOutcome *outcome;
  guint n; /* events that count: up to the first fatal alert, or all */
} Cause;

/* "TLS 1.2 only", "TLS 1.1 and TLS 1.2": what the lab's server speaks. */
static char *
server_versions (const LabScenario *s)
{
  g_auto (GStrv) names = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  guint n;

  if (s == NULL || s->server.versions == NULL)
    return g_strdup ("TLS 1.2 only");
  names = g_strsplit (s->server.versions, ":", -1);
  n = g_strv_length (names);
  for (guint i = 0; i < n; i++)
    {
      const char *v = names[i];

      g_string_append_printf (out, "%s%s%s", i == 0 ? "" : i + 1 == n ? " and " : ", ",
                              g_str_has_prefix (v, "TLSv") ? "TLS " : "",
                              g_str_has_prefix (v, "TLSv") ? v + 4 : v);
    }
  if (n == 1)
    g_string_append (out, " only");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* "the lab's client", "the server": who a side is in this connection. */
static const char *
who (Cause *c, LabSide side)
{
  gboolean lab = side == c->context->lab_side;

  if (side == LAB_SIDE_CLIENT)
    return lab ? "the lab's client" : "the client";
  return lab ? "the lab's server" : "the server";
}

static char *
capitalised (const char *text)
{
  char *out = g_strdup (text);

  out[0] = g_ascii_toupper (out[0]);
  return out;
}

static const char *
alert_name (Cause *c)
{
  const LabAlertInfo *alert = c->outcome->alert >= 0
                                ? lab_alert_lookup ((guint8) c->outcome->alert)
                                : NULL;

  return alert ? alert->name : "an alert";
}

/* "so the lab's client sent unknown_ca (48) and hung up" */
static char *
sent_clause (Cause *c)
{
  return g_strdup_printf ("%s sent %s (%d) and hung up", who (c, c->outcome->sent_by),
                          alert_name (c), c->outcome->alert);
}

/* ---- bytes that were not TLS ---- */

static gboolean
looks_like_http (const guint8 *data, gsize len)
{
  static const char *const starts[] = { "GET ", "POST ", "HEAD ", "PUT ", "OPTIONS ",
                                        "DELETE ", "CONNECT ", "PATCH ", "HTTP/" };

  for (gsize i = 0; i < G_N_ELEMENTS (starts); i++)
    if (len >= strlen (starts[i]) && memcmp (data, starts[i], strlen (starts[i])) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
explain_not_tls (Cause *c)
{
  for (guint i = 0; i < c->n; i++)
    {
      const LabEvent *e = lab_trace_get_event (c->trace, i);
      LabSide sender;
      gsize len;
      const guint8 *data;
      g_autofree char *first = NULL, *sender_text = NULL;
      g_autoptr (GByteArray) sent = g_byte_array_new ();
      const char *eol;

      if (e->kind != LAB_EVENT_RECORD || g_strcmp0 (e->name, "not a TLS record") != 0)
        continue;
      sender = e->direction == LAB_DIRECTION_CLIENT_TO_SERVER ? LAB_SIDE_CLIENT : LAB_SIDE_SERVER;
      /* OpenSSL reads a record header (5 bytes) first: the rest came in later events */
      for (guint k = i; k < c->n; k++)
        {
          const LabEvent *more = lab_trace_get_event (c->trace, k);

          if (more->kind == LAB_EVENT_RECORD && more->direction == e->direction
              && g_strcmp0 (more->name, "not a TLS record") == 0)
            g_byte_array_append (sent, g_bytes_get_data (more->bytes, NULL),
                                 (guint) g_bytes_get_size (more->bytes));
        }
      data = sent->data;
      len = sent->len;
      eol = memchr (data, '\r', MIN (len, 60));
      first = g_utf8_make_valid ((const char *) data, eol ? eol - (const char *) data
                                                          : (gssize) MIN (len, 40));
      sender_text = capitalised (who (c, sender));
      c->outcome->cause_event = (int) e->seq;
      if (looks_like_http (data, len) && sender == LAB_SIDE_CLIENT)
        c->outcome->cause = g_strdup_printf (
          "The client spoke plain HTTP (\"%s\") to the lab's TLS port. A TLS server expects a "
          "handshake record (content type 22) with a ClientHello first (RFC 5246 §6.2.1, "
          "§7.4.1.2), so the lab's server gave up; OpenSSL sends no alert to a client that "
          "does not speak TLS. Ask for https://, not http://.",
          first);
      else if (looks_like_http (data, len))
        c->outcome->cause = g_strdup_printf (
          "The server answered the lab's ClientHello in plain HTTP (\"%s\"): this port speaks "
          "HTTP, not TLS, so there was no ServerHello to read (RFC 5246 §7.4.1.3).",
          first);
      else
        c->outcome->cause = g_strdup_printf (
          "%s sent bytes that are not a TLS record (they begin %02x%s): a record starts with "
          "a content type from 20 to 24 and the version 3.x (RFC 5246 §6.2.1), so this peer "
          "does not speak TLS on this port.",
          sender_text, data[0], len > 1 ? " …" : "");
      return TRUE;
    }
  return FALSE;
}

/* ---- certificates ---- */

static char *
issuer_text (X509 *cert)
{
  g_autoptr (BIO) bio = BIO_new (BIO_s_mem ());
  char *data = NULL;
  long len;

  if (bio == NULL || X509_NAME_print_ex (bio, X509_get_issuer_name (cert), 0, XN_FLAG_RFC2253) < 0)
    return g_strdup ("?");
  len = BIO_get_mem_data (bio, &data);
  return g_strndup (data, (gsize) len);
}

/* What lab-cause says of a chain the lab's own root anchors does not fit `connect`, whose
 * client trusts the system's store or a CA file: those sentences are said here. */
static char *
untrusted_sentence (Cause *c, const LabEvent *v)
{
  const guint8 *der;
  gsize len;
  g_autoptr (X509) cert = NULL;
  g_autofree char *issuer = NULL;

  if (c->context->lab_side != LAB_SIDE_CLIENT || v->bytes == NULL)
    return NULL;
  der = g_bytes_get_data (v->bytes, &len);
  if ((cert = d2i_X509 (NULL, &der, (long) len)) == NULL)
    return NULL;
  switch (v->verify_error)
    {
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
      return g_strdup_printf ("The server's certificate (%s) is signed by itself: no CA vouches "
                              "for it, and the lab's client trusts only the CAs of %s, which do "
                              "not include it",
                              v->subject, c->context->trust);
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
      return g_strdup_printf ("The server's chain ends in a root CA (%s) that is not among the "
                              "CAs of %s, which the lab's client trusts",
                              v->subject, c->context->trust);
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
      issuer = issuer_text (cert);
      return g_strdup_printf ("The lab's client could not find the certificate of %s, the issuer "
                              "of %s: the server did not send it, and it is not among the CAs "
                              "of %s, which the lab's client trusts",
                              issuer, v->subject, c->context->trust);
    default:
      return NULL;
    }
}

static gboolean
explain_certificate (Cause *c)
{
  gint64 clock = c->context->scenario && c->context->scenario->has_clock
                   ? c->context->scenario->clock
                   : g_get_real_time () / G_USEC_PER_SEC;

  if (c->outcome->result != LAB_RESULT_ALERT || c->outcome->sent_by != c->context->lab_side)
    return FALSE;
  for (guint i = 0; i < c->n; i++)
    {
      const LabEvent *v = lab_trace_get_event (c->trace, i);
      g_autofree char *problem = NULL, *then = NULL;

      if (v->kind != LAB_EVENT_VERIFY || v->verify_ok || v->side != c->context->lab_side)
        continue;
      problem = untrusted_sentence (c, v);
      if (problem == NULL)
        problem = lab_cause_certificate_sentence (c->trace, v, clock, c->context->server_name);
      if (problem == NULL)
        return FALSE;
      then = sent_clause (c);
      c->outcome->cause_event = (int) v->seq;
      c->outcome->cause = g_strdup_printf (
        "%s, so %s.%s", problem, then,
        c->context->lab_side == LAB_SIDE_SERVER
          ? " `handshake-lab ca --export-client-cert FILE --export-client-key FILE` makes a "
            "client certificate the lab's server accepts."
          : "");
      return TRUE;
    }
  return FALSE;
}

/* ---- the alert that ended the handshake ---- */

static gboolean
explain_protocol_version (Cause *c)
{
  LabSide lab = c->context->lab_side;
  const LabEvent *client_hello = lab_live_sent_message (c->trace, c->n, LAB_HS_CLIENT_HELLO, LAB_SIDE_CLIENT);
  const LabEvent *server_hello = lab_live_sent_message (c->trace, c->n, LAB_HS_SERVER_HELLO, LAB_SIDE_SERVER);
  g_auto (LabLiveHello) h = { 0 };
  g_autofree char *then = sent_clause (c);

  if (client_hello == NULL || !lab_live_hello_read (client_hello, &h))
    return FALSE;
  if (lab == LAB_SIDE_CLIENT && c->outcome->sent_by == LAB_SIDE_CLIENT && server_hello != NULL)
    {
      const guint8 *b = g_bytes_get_data (server_hello->bytes, NULL);
      guint16 chosen = g_bytes_get_size (server_hello->bytes) >= 6 ? (guint16) (b[4] << 8 | b[5])
                                                                    : 0;
      g_autofree char *name = lab_live_version_text (chosen);

      if (chosen == 0 || chosen >= 0x0303)
        return FALSE;
      c->outcome->cause = g_strdup_printf (
        "The lab's client offers only TLS 1.2 (its ClientHello's client_version is 3,3); the "
        "server answered with %s (server_version %u,%u). A server answers with the lower of "
        "the client's version and the highest it supports (RFC 5246 §7.4.1.3), so this "
        "server does not speak TLS 1.2; and a client refuses a version it does not accept "
        "(Appendix E.1), so %s.",
        name, chosen >> 8, chosen & 0xff, then);
      return TRUE;
    }
  if (lab == LAB_SIDE_CLIENT && c->outcome->sent_by == LAB_SIDE_SERVER && server_hello == NULL
      && !h.has_supported_versions)
    {
      c->outcome->cause = g_strdup_printf (
        "The lab's client offers only TLS 1.2 (its ClientHello's client_version is 3,3, with no "
        "supported_versions extension). A server that supports only versions newer than the "
        "client's sends protocol_version (RFC 5246 Appendix E.1), and this one did, right "
        "after the ClientHello: it speaks only TLS 1.3.");
      return TRUE;
    }
  if (lab == LAB_SIDE_SERVER && c->outcome->sent_by == LAB_SIDE_SERVER)
    {
      g_autofree char *ours = server_versions (c->context->scenario);

      if (h.has_supported_versions)
        {
          g_autofree char *theirs = lab_live_hello_versions (&h);

          c->outcome->cause = g_strdup_printf (
            "The client offers %s%s: its supported_versions extension lists %s. A TLS 1.3 "
            "ClientHello keeps client_version at %u,%u for compatibility, and a server that "
            "knows the extension must choose from the list alone (RFC 8446 §4.1.2, §4.2.1), "
            "as OpenSSL does even when it speaks only TLS 1.2. The lab's server speaks %s. "
            "With no version in common, %s.",
            lab_live_hello_offers (&h, 0x0303) ? "" : "only ", theirs, theirs, h.version >> 8,
            h.version & 0xff, ours, then);
          return TRUE;
        }
      if (h.version < 0x0303)
        {
          g_autofree char *theirs = lab_live_version_text (h.version);

          c->outcome->cause = g_strdup_printf (
            "The client offers at most %s (its ClientHello's client_version is %u,%u); the "
            "lab's server speaks %s. A server that supports only versions newer than the "
            "client's sends protocol_version (RFC 5246 Appendix E.1): %s.",
            theirs, h.version >> 8, h.version & 0xff, ours, then);
          return TRUE;
        }
    }
  return FALSE;
}

/* The lab's client answered a CertificateRequest with an empty Certificate. */
static gboolean
sent_empty_certificate (Cause *c, LabSide client)
{
  const LabEvent *request = lab_live_sent_message (c->trace, c->n, LAB_HS_CERTIFICATE_REQUEST, LAB_SIDE_SERVER);
  const LabEvent *certificate = lab_live_sent_message (c->trace, c->n, LAB_HS_CERTIFICATE, client);

  /* 4-byte header and a certificate_list of length 0 (RFC 5246 §7.4.6) */
  return request != NULL && certificate != NULL && g_bytes_get_size (certificate->bytes) == 7;
}

static gboolean
explain_handshake_failure (Cause *c)
{
  LabSide lab = c->context->lab_side;
  const LabScenario *s = c->context->scenario;
  const LabEvent *client_hello = lab_live_sent_message (c->trace, c->n, LAB_HS_CLIENT_HELLO, LAB_SIDE_CLIENT);
  const LabEvent *server_hello = lab_live_sent_message (c->trace, c->n, LAB_HS_SERVER_HELLO, LAB_SIDE_SERVER);
  const char *reason = c->outcome->reason;
  g_auto (LabLiveHello) h = { 0 };

  if (client_hello == NULL || !lab_live_hello_read (client_hello, &h))
    return FALSE;
  if (c->outcome->sent_by == LAB_SIDE_SERVER && sent_empty_certificate (c, LAB_SIDE_CLIENT))
    {
      c->outcome->cause = g_strdup_printf (
        "%s asked for a client certificate (CertificateRequest), and %s had none to give, so "
        "it sent an empty Certificate message. RFC 5246 §7.4.6 leaves the server free to go on "
        "without client authentication or to refuse with handshake_failure; %s refused: "
        "handshake_failure (40).%s",
        lab == LAB_SIDE_SERVER ? "The lab's server (client-certificate = require)" : "The server",
        lab == LAB_SIDE_CLIENT ? "the lab's client (connect presents no certificate)"
                               : "the client",
        lab == LAB_SIDE_SERVER ? "the lab's server" : "this one",
        lab == LAB_SIDE_SERVER
          ? " `handshake-lab ca --export-client-cert FILE --export-client-key FILE` makes a "
            "certificate it accepts (curl --cert FILE --key FILE)."
          : "");
      return TRUE;
    }
  if (server_hello != NULL || c->outcome->sent_by != LAB_SIDE_SERVER)
    return FALSE;
  /* right after the ClientHello: nothing in it the server could use */
  if (lab == LAB_SIDE_SERVER && g_strcmp0 (reason, "no shared cipher") == 0
      && !h.has_signature_algorithms && c->context->security_level >= 1 && s != NULL
      && (s->key_type == LAB_KEY_ECDSA_P256 || !h.offers_rsa_key_exchange))
    {
      c->outcome->cause = g_strdup_printf (
        "The client's ClientHello has no signature_algorithms extension. RFC 5246 §7.4.1.4.1 "
        "then has the server assume the client takes only SHA-1 signatures ({sha1,%s} for "
        "the lab's %s key), and OpenSSL 3.0 forbids SHA-1 signatures from security level 1 "
        "on (the lab's server runs at level %d): SHA-1 is broken for collisions and counts as "
        "less than 80 bits of security. So the lab's server could sign no key exchange for "
        "this client%s, and it sent handshake_failure (40) right after the ClientHello.",
        s->key_type == LAB_KEY_RSA_2048 ? "rsa" : "ecdsa",
        s->key_type == LAB_KEY_RSA_2048 ? "RSA" : "ECDSA", c->context->security_level,
        s->key_type == LAB_KEY_RSA_2048 ? ", and the client offered no suite with RSA key "
                                          "exchange, which needs no signature"
                                        : "");
      return TRUE;
    }
  if (lab == LAB_SIDE_SERVER && g_strcmp0 (reason, "no shared cipher") == 0 && s != NULL)
    {
      g_autofree char *offered = lab_cause_offered_suites (c->trace);

      c->outcome->cause = g_strdup_printf (
        "The client offered %s; the lab's server accepts %s with %s certificate. No suite "
        "fits both lists and the certificate (the client's supported groups and signature "
        "algorithms count too). A server that finds no acceptable set of algorithms answers "
        "with handshake_failure (RFC 5246 §7.4.1.3), and the lab's server did, right after "
        "the ClientHello.",
        offered ? offered : "its suites",
        s->server.cipher_suites ? s->server.cipher_suites : "OpenSSL's default list",
        s->key_type == LAB_KEY_RSA_2048 ? "an RSA-2048" : "an ECDSA P-256");
      return TRUE;
    }
  if (lab == LAB_SIDE_CLIENT)
    {
      g_autofree char *offered = lab_cause_offered_suites (c->trace);

      c->outcome->cause = g_strdup_printf (
        "The server found nothing it could use in the lab's ClientHello (TLS 1.2, the suites "
        "%s, and the client's supported groups and signature algorithms). A server that finds "
        "no acceptable set of algorithms answers with handshake_failure (RFC 5246 §7.4.1.3), "
        "and this one did, right after the ClientHello.",
        offered ? offered : "it offered");
      return TRUE;
    }
  return FALSE;
}

/* The real client refused the lab's certificate (RFC 5246 §7.2.2's certificate alerts). */
static gboolean
explain_client_refused_certificate (Cause *c)
{
  const LabScenario *s = c->context->scenario;
  const char *meaning;
  g_autofree char *profile = NULL;

  if (c->context->lab_side != LAB_SIDE_SERVER || c->outcome->sent_by != LAB_SIDE_CLIENT)
    return FALSE;
  switch (c->outcome->alert)
    {
    case 42:
      meaning = "a certificate was corrupt or held signatures that did not verify";
      break;
    case 43:
      meaning = "a certificate was of a type it does not support";
      break;
    case 44:
      meaning = "a certificate was revoked by its signer";
      break;
    case 45:
      meaning = "a certificate has expired or is not currently valid";
      break;
    case 46:
      meaning = "some other issue made a certificate unacceptable";
      break;
    case 48:
      meaning = "the chain's CA could not be found or matched with a CA it trusts";
      break;
    default:
      return FALSE;
    }
  if (s != NULL && s->server.certificate != LAB_PROFILE_VALID)
    profile = g_strdup_printf (
      " This scenario's certificate is %s on purpose: a client that checks certificates must "
      "refuse it.",
      lab_cert_profile_name (s->server.certificate));
  else if (c->outcome->alert == 48)
    profile = g_strdup (
      " The lab's certificate is signed by the lab's own CA, which this client was not told "
      "to trust: give it the root (`handshake-lab ca --export FILE`, then curl --cacert FILE, "
      "or the browser's certificate settings), or tell it to trust anything (curl -k).");
  c->outcome->cause = g_strdup_printf (
    "The client checked the lab's server certificate and refused it with %s (%d): by RFC 5246 "
    "§7.2.2, %s.%s",
    alert_name (c), c->outcome->alert, meaning, profile ? profile : "");
  return TRUE;
}

/* ---- a deadline ---- */

static gboolean
explain_timeout (Cause *c)
{
  LabSide lab = c->context->lab_side, peer = lab_side_other (c->context->lab_side);
  double seconds = c->context->timeout_ms / 1000.0;
  const LabEvent *last = NULL;

  for (guint i = 0; i < c->n; i++)
    {
      const LabEvent *e = lab_trace_get_event (c->trace, i);

      if (e->kind == LAB_EVENT_MESSAGE && e->sent && e->side == peer)
        last = e;
    }
  if (last == NULL && lab == LAB_SIDE_SERVER)
    c->outcome->cause = g_strdup_printf (
      "The client opened a TCP connection and sent nothing. In TLS the client speaks first, "
      "with its ClientHello (RFC 5246 §7.3), so the lab's server waited for it until the "
      "connection's deadline (%g s), then hung up.",
      seconds);
  else if (last == NULL)
    c->outcome->cause = g_strdup_printf (
      "The server took the connection but sent nothing back to the lab's ClientHello before "
      "the connection's deadline (%g s): whatever listens there does not answer as a TLS "
      "server would, with a ServerHello (RFC 5246 §7.3).",
      seconds);
  else
    {
      g_autofree char *peer_text = capitalised (who (c, peer));

      c->outcome->cause = g_strdup_printf (
        "%s stopped after its %s and sent nothing more before the connection's deadline "
        "(%g s); %s waited for the rest of the handshake, then hung up.",
        peer_text, last->name, seconds, who (c, lab));
    }
  return TRUE;
}

void
lab_live_cause_explain (LabTrace *trace, const LabLiveCauseContext *context, LabOutcome *outcome)
{
  Cause c = { trace, context, outcome, lab_trace_get_n_events (trace) };

  if (outcome->result == LAB_RESULT_SUCCESS)
    return;
  if (explain_not_tls (&c))
    return;
  if (outcome->result == LAB_RESULT_TIMEOUT)
    {
      explain_timeout (&c);
      return;
    }
  if (outcome->result != LAB_RESULT_ALERT)
    return;
  /* events after the fatal alert are its consequences */
  if (outcome->cause_event >= 0)
    c.n = MIN (c.n, (guint) outcome->cause_event + 1);
  if (explain_certificate (&c) || explain_client_refused_certificate (&c))
    return;
  if (outcome->alert == 70)
    explain_protocol_version (&c);
  else if (outcome->alert == 40)
    explain_handshake_failure (&c);
}
