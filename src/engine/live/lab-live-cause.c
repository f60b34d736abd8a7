/* lab-live-cause.c: the "Why:" of a connection with a real peer.
 *
 * Tried in order: bytes that were not TLS at all, a failed certificate check, the alert
 * that ended the handshake (protocol_version, handshake_failure) read against the hellos
 * that led to it, and a deadline that struck. */
#include "lab-live-cause.h"
#include "engine/pki/lab-pki.h"
#include "engine/session/lab-cause.h"
#include "engine/trace/lab-record-events.h"
#include "tls/lab-crypto-autoptr.h"
#include "tls/lab-reader.h"

#include <openssl/x509_vfy.h>
#include <string.h>

typedef struct
{
  LabTrace *trace;
  const LabLiveCauseContext *context;
  LabOutcome *outcome;
  guint n; /* events that count: up to the first fatal alert, or all */
} Cause;

/* What a ClientHello said, of what the sentences need (RFC 5246 §7.4.1.2, RFC 8446
 * §4.2.1). */
typedef struct
{
  guint16 version;                /* client_version (TLS 1.3: legacy_version) */
  gboolean has_supported_versions;
  guint16 versions[16];
  guint n_versions;
  gboolean has_signature_algorithms;
  gboolean offers_rsa_key_exchange;
} Hello;

static const char *
version_name (guint16 version)
{
  switch (version)
    {
    case 0x0300:
      return "SSL 3.0";
    case 0x0301:
      return "TLS 1.0";
    case 0x0302:
      return "TLS 1.1";
    case 0x0303:
      return "TLS 1.2";
    case 0x0304:
      return "TLS 1.3";
    default:
      return NULL;
    }
}

/* "TLS 1.1", or "version 0x7f1c" for one without a name (a draft, GREASE). */
static char *
version_text (guint16 version)
{
  const char *name = version_name (version);

  return name ? g_strdup (name) : g_strdup_printf ("version 0x%04x", version);
}

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

/* The first message of this type `sender` sent (its own view). */
static const LabEvent *
sent_message (Cause *c, guint8 type, LabSide sender)
{
  for (guint i = 0; i < c->n; i++)
    {
      const LabEvent *e = lab_trace_get_event (c->trace, i);

      if (e->kind == LAB_EVENT_MESSAGE && e->sent && e->side == sender
          && e->handshake_type == type && e->bytes != NULL)
        return e;
    }
  return NULL;
}

static gboolean
read_client_hello (const LabEvent *e, Hello *h)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (e->bytes, &len);
  LabReader r, session, suites, compression, extensions;

  *h = (Hello){ 0 };
  lab_reader_init (&r, data, len);
  if (!lab_reader_skip (&r, 4) || !lab_reader_u16 (&r, &h->version) || !lab_reader_skip (&r, 32)
      || !lab_reader_vector (&r, 1, &session, NULL) || !lab_reader_vector (&r, 2, &suites, NULL)
      || !lab_reader_vector (&r, 1, &compression, NULL))
    return FALSE;
  while (lab_reader_remaining (&suites) >= 2)
    {
      guint16 id;
      const LabCipherSuite *suite;

      lab_reader_u16 (&suites, &id);
      suite = lab_cipher_suite_lookup (id);
      h->offers_rsa_key_exchange |= suite != NULL && suite->kx == LAB_KX_RSA;
    }
  /* RFC 5246 §7.4.1.2: the extensions may be absent altogether */
  if (lab_reader_at_end (&r) || !lab_reader_vector (&r, 2, &extensions, NULL))
    return TRUE;
  while (lab_reader_remaining (&extensions) >= 4)
    {
      guint16 type;
      LabReader body, list;

      if (!lab_reader_u16 (&extensions, &type) || !lab_reader_vector (&extensions, 2, &body, NULL))
        break;
      if (type == 13)
        h->has_signature_algorithms = TRUE;
      else if (type == 43 && lab_reader_vector (&body, 1, &list, NULL))
        {
          h->has_supported_versions = TRUE;
          while (lab_reader_remaining (&list) >= 2 && h->n_versions < G_N_ELEMENTS (h->versions))
            lab_reader_u16 (&list, &h->versions[h->n_versions++]);
        }
    }
  return TRUE;
}

static gboolean
offers_version (const Hello *h, guint16 version)
{
  for (guint i = 0; i < h->n_versions; i++)
    if (h->versions[i] == version)
      return TRUE;
  return FALSE;
}

/* "TLS 1.3", "TLS 1.3 and TLS 1.2": the versions a supported_versions list names, GREASE
 * values (RFC 8701) left out. */
static char *
offered_versions (const Hello *h)
{
  g_autoptr (GString) out = g_string_new (NULL);
  guint named = 0;

  for (guint i = 0; i < h->n_versions; i++)
    if (version_name (h->versions[i]) != NULL)
      named++;
  for (guint i = 0, k = 0; i < h->n_versions; i++)
    {
      const char *name = version_name (h->versions[i]);

      if (name == NULL)
        continue;
      g_string_append_printf (out, "%s%s", k == 0 ? "" : k + 1 == named ? " and " : ", ", name);
      k++;
    }
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
  const LabEvent *client_hello = sent_message (c, LAB_HS_CLIENT_HELLO, LAB_SIDE_CLIENT);
  const LabEvent *server_hello = sent_message (c, LAB_HS_SERVER_HELLO, LAB_SIDE_SERVER);
  Hello h;
  g_autofree char *then = sent_clause (c);

  if (client_hello == NULL || !read_client_hello (client_hello, &h))
    return FALSE;
  if (lab == LAB_SIDE_CLIENT && c->outcome->sent_by == LAB_SIDE_CLIENT && server_hello != NULL)
    {
      const guint8 *b = g_bytes_get_data (server_hello->bytes, NULL);
      guint16 chosen = g_bytes_get_size (server_hello->bytes) >= 6 ? (guint16) (b[4] << 8 | b[5])
                                                                    : 0;
      g_autofree char *name = version_text (chosen);

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
          g_autofree char *theirs = offered_versions (&h);

          c->outcome->cause = g_strdup_printf (
            "The client offers %s%s: its supported_versions extension lists %s, and that list, "
            "not the client_version %u,%u a TLS 1.3 ClientHello carries for old servers' sake, "
            "says what it speaks (RFC 8446 §4.1.2, §4.2.1). The lab's server speaks %s. With "
            "no version in common, %s.",
            offers_version (&h, 0x0303) ? "" : "only ", theirs, theirs, h.version >> 8,
            h.version & 0xff, ours, then);
          return TRUE;
        }
      if (h.version < 0x0303)
        {
          g_autofree char *theirs = version_text (h.version);

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
  const LabEvent *request = sent_message (c, LAB_HS_CERTIFICATE_REQUEST, LAB_SIDE_SERVER);
  const LabEvent *certificate = sent_message (c, LAB_HS_CERTIFICATE, client);

  /* 4-byte header and a certificate_list of length 0 (RFC 5246 §7.4.6) */
  return request != NULL && certificate != NULL && g_bytes_get_size (certificate->bytes) == 7;
}

static gboolean
explain_handshake_failure (Cause *c)
{
  LabSide lab = c->context->lab_side;
  const LabScenario *s = c->context->scenario;
  const LabEvent *client_hello = sent_message (c, LAB_HS_CLIENT_HELLO, LAB_SIDE_CLIENT);
  const LabEvent *server_hello = sent_message (c, LAB_HS_SERVER_HELLO, LAB_SIDE_SERVER);
  const char *reason = c->outcome->reason;
  Hello h;

  if (client_hello == NULL || !read_client_hello (client_hello, &h))
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
  if (explain_certificate (&c))
    return;
  if (outcome->alert == 70)
    explain_protocol_version (&c);
  else if (outcome->alert == 40)
    explain_handshake_failure (&c);
}

/* ---- a server that hung up ---- */

char *
lab_live_cause_unclosed (const LabHttpFraming *framing, gboolean close_notify)
{
  g_autofree char *how = lab_http_framing_describe (framing);
  const char *truncation
    = "RFC 5246 §7.2.1 has each side send close_notify before it closes, so that the two "
      "share knowledge that the connection is ending: without it, an attacker who ends the "
      "TCP connection early (with a forged TCP FIN) can make the receiver take part of the "
      "data for all of it. That is a truncation attack.";

  if (framing->complete && !close_notify)
    return g_strdup_printf (
      "The server closed its socket without sending close_notify. %s HTTP can tell on its "
      "own when an answer says how long it is: here %s, so nothing was cut (RFC 9112 §8, "
      "§9.8). Many servers close this way; OpenSSL 3 reports it as an error (\"unexpected eof "
      "while reading\") unless told to accept it, as the lab does, and checks the answer "
      "itself.",
      truncation, how);
  if (close_notify)
    return g_strdup_printf (
      "The server ended the connection properly, with close_notify, but before its whole "
      "answer: %s. Nothing was cut on the way; the server's answer itself is incomplete "
      "(RFC 9112 §8).",
      how);
  if (framing->kind == LAB_HTTP_UNTIL_CLOSE || framing->kind == LAB_HTTP_NOT_HTTP)
    return g_strdup_printf (
      "The server closed its socket without sending close_notify, and %s: only close_notify "
      "could show that this end is the real one. %s So the lab cannot tell the whole answer "
      "from a cut one, and RFC 9112 §8 and §9.8 count such an answer as incomplete.",
      how, truncation);
  return g_strdup_printf (
    "The server closed its socket without sending close_notify, before its whole answer "
    "had come: %s. %s A cut like this one is what such an attack looks like, and HTTP "
    "must treat the answer as incomplete (RFC 9112 §8).",
    how, truncation);
}
