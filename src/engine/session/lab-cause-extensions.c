/* lab-cause-extensions.c: why a handshake failed over what the hello extensions asked for:
 * a server name (RFC 6066 §3), a stapled certificate status (RFC 6066 §8), an application
 * protocol (RFC 7301), a version fallback (RFC 7507, RFC 8446 §4.1.3) or a renegotiation
 * (RFC 5746). Everything is read from the messages in the trace, as the side that acted
 * on them received them. */
#include "lab-cause-private.h"
#include "tls/lab-dissect.h"
#include "tls/lab-extensions.h"

#include <string.h>

/* The first handshake message of this type that `side` sent (or received). */
static const LabEvent *
find_message (LabTrace *trace, LabSide side, gboolean sent, guint8 type)
{
  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      if (e->kind == LAB_EVENT_MESSAGE && e->side == side && e->sent == sent
          && e->handshake_type == type && e->bytes != NULL)
        return e;
    }
  return NULL;
}

/* A field's value in a message, by its path in the dissector's tree, or NULL. */
static char *
field_value (const LabEvent *message, const char *path)
{
  g_autoptr (LabField) tree = NULL;
  const LabField *field;

  if (message == NULL)
    return NULL;
  tree = lab_dissect_message (message->bytes, &(LabDissectOptions){ 0 });
  field = tree ? lab_field_lookup (tree, path) : NULL;
  return field && field->value ? g_strdup (field->value) : NULL;
}

/* "a, b and c" */
static char *
join_names (const char *const *names)
{
  g_autoptr (GString) out = g_string_new (NULL);
  guint n = g_strv_length ((char **) names);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (out, "%s%s", i == 0 ? "" : i + 1 == n ? " and " : ", ", names[i]);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---- SNI ---- */

#define CLIENT_HELLO_HOST "ClientHello.extensions.server_name.server_name_list.name.host_name"

static char *
unrecognized_name (LabTrace *trace, const LabScenario *s, LabOutcome *outcome)
{
  const LabEvent *hello = find_message (trace, LAB_SIDE_SERVER, FALSE, LAB_HS_CLIENT_HELLO);
  g_autofree char *asked = field_value (hello, CLIENT_HELLO_HOST);
  g_auto (GStrv) names = lab_scenario_server_names (s);
  g_autofree char *held = names ? join_names ((const char *const *) names) : NULL;

  if (outcome->sent_by != LAB_SIDE_SERVER || asked == NULL || held == NULL)
    return NULL;
  outcome->cause_event = (int) hello->seq;
  return g_strdup_printf (
    "The client asked for %s in the server_name extension of its ClientHello (SNI). The "
    "server has certificates for %s only, and it refuses a name it has none for: it sent a "
    "fatal unrecognized_name (112) alert right after the ClientHello. RFC 6066 §3 allows that, "
    "or going on with a certificate of the server's choice, which a client that checks the "
    "name then refuses.",
    asked, held);
}

char *
lab_cause_sni_note (LabTrace *trace, const LabScenario *s, const LabOutcome *outcome)
{
  const LabEvent *hello = find_message (trace, LAB_SIDE_SERVER, FALSE, LAB_HS_CLIENT_HELLO);
  g_autofree char *asked = field_value (hello, CLIENT_HELLO_HOST);
  g_auto (GStrv) names = lab_scenario_server_names (s);
  g_autofree char *held = names ? join_names ((const char *const *) names) : NULL;

  if (outcome->verify_error != X509_V_ERR_HOSTNAME_MISMATCH || held == NULL || asked == NULL
      || g_strv_contains ((const char *const *) names, asked))
    return NULL;
  return g_strdup_printf ("The server has certificates for %s only: for a name it does not "
                          "know it sent its default one, %s's, and left server_name unanswered "
                          "in its ServerHello (RFC 6066 §3).",
                          held, names[0]);
}

/* ---- OCSP stapling ---- */

#define OCSP_CHECK_WORDS                                                                    \
  "OpenSSL 3.0 hands a client the stapled bytes and leaves the check to the application; "   \
  "the lab's client, which checks the signature, the certificate it is about and the dates "  \
  "against the lab's clock, refused, and OpenSSL sent bad_certificate_status_response (113)"

static char *
bad_status (LabTrace *trace, const LabScenario *s, LabOutcome *outcome)
{
  const LabEvent *status = find_message (trace, LAB_SIDE_CLIENT, FALSE,
                                         LAB_HS_CERTIFICATE_STATUS);
  g_autofree char *says = NULL;
  int verdict = -1;

  if (outcome->sent_by != LAB_SIDE_CLIENT)
    return NULL;
  if (status == NULL)
    return s->ocsp == LAB_OCSP_REQUIRE
             ? g_strdup ("The client asked for the status of the server's certificate "
                         "(status_request in its ClientHello, RFC 6066 §8) and requires one, but "
                         "the server's flight ended with ServerHelloDone and no "
                         "CertificateStatus: this server does not staple. RFC 6066 §8 lets a "
                         "server ignore the request; a client that insists (as a certificate "
                         "marked OCSP Must-Staple, RFC 7633, demands) refuses it. OpenSSL sends "
                         "bad_certificate_status_response (113) when the client's status check "
                         "says no.")
             : NULL;
  {
    gsize len;
    const guint8 *data = g_bytes_get_data (status->bytes, &len);
    /* RFC 6066 §8: 4-byte header, status_type, a 3-byte length, the OCSPResponse */
    if (len > 8)
      says = lab_dissect_ocsp_response (data + 8, len - 8, &verdict);
  }
  outcome->cause_event = (int) status->seq;
  if (verdict == 1)
    return g_strdup_printf ("The server stapled its CA's OCSP response to the handshake, in a "
                            "CertificateStatus message (RFC 6066 §8), and it says: %s. A CA's "
                            "signed word that it withdrew the certificate (RFC 6960 §2.2) is "
                            "reason enough to refuse it. " OCSP_CHECK_WORDS ".",
                            says);
  return g_strdup_printf ("The server stapled an OCSP response in a CertificateStatus message "
                          "(RFC 6066 §8), which says: %s. " OCSP_CHECK_WORDS
                          ": a response must be signed by the certificate's CA (or a responder "
                          "it named), be about that certificate and be in date, and say good.",
                          says ? says : "nothing the lab can read");
}

/* ---- ALPN ---- */

#define ALPN_PATH "ClientHello.extensions.application_layer_protocol_negotiation.protocol_name_list"

/* The protocols a ClientHello offered, ", "-joined, or NULL. */
static char *
offered_protocols (const LabEvent *hello)
{
  g_autoptr (LabField) tree = hello ? lab_dissect_message (hello->bytes, &(LabDissectOptions){ 0 })
                                    : NULL;
  const LabField *list = tree ? lab_field_lookup (tree, ALPN_PATH) : NULL;
  g_autoptr (GString) out = g_string_new (NULL);

  for (guint i = 0; list != NULL && list->children != NULL && i < list->children->len; i++)
    {
      const LabField *f = g_ptr_array_index (list->children, i);
      if (g_strcmp0 (f->name, "protocol_name") == 0 && f->value != NULL)
        g_string_append_printf (out, "%s%s", out->len ? ", " : "", f->value);
    }
  return out->len ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

static char *
no_application_protocol (LabTrace *trace, const LabScenario *s, LabOutcome *outcome)
{
  const LabEvent *hello = find_message (trace, LAB_SIDE_SERVER, FALSE, LAB_HS_CLIENT_HELLO);
  g_autofree char *offered = offered_protocols (hello);

  if (outcome->sent_by != LAB_SIDE_SERVER || offered == NULL)
    return NULL;
  outcome->cause_event = (int) hello->seq;
  return g_strdup_printf (
    "The client offered %s in its ALPN extension (RFC 7301 §3.1); the server speaks only %s, so "
    "they have no application protocol in common. A server that supports none of the "
    "protocols the client offers must answer with a fatal no_application_protocol (120) "
    "alert (RFC 7301 §3.2), and OpenSSL's server did so right after the ClientHello.",
    offered, s->server.alpn ? s->server.alpn : "no protocol the lab knows of");
}

/* ---- downgrades ---- */

/* The highest version a ClientHello offers: its supported_versions (RFC 8446 §4.2.1), or
 * its client_version; 0 when it does not parse. */
static guint
highest_offered (const LabEvent *hello)
{
  g_autoptr (LabField) tree = hello ? lab_dissect_message (hello->bytes, &(LabDissectOptions){ 0 })
                                    : NULL;
  const LabField *list = tree ? lab_field_lookup (tree, "ClientHello.extensions.supported_versions"
                                                        ".versions")
                              : NULL;
  const LabField *legacy = tree ? lab_field_lookup (tree, "ClientHello.client_version") : NULL;
  guint highest = legacy ? (guint) legacy->number : 0;

  for (guint i = 0; list != NULL && list->children != NULL && i < list->children->len; i++)
    {
      const LabField *v = g_ptr_array_index (list->children, i);
      if (g_strcmp0 (v->name, "version") == 0 && !lab_is_grease ((guint16) v->number))
        highest = MAX (highest, (guint) v->number);
    }
  return highest;
}

static char *
inappropriate_fallback (LabTrace *trace, const LabScenario *s, LabOutcome *outcome)
{
  const LabEvent *hello = find_message (trace, LAB_SIDE_SERVER, FALSE, LAB_HS_CLIENT_HELLO);
  guint offered = highest_offered (hello);
  const char *name = lab_dissect_version_name ((guint16) offered);

  if (outcome->sent_by != LAB_SIDE_SERVER || hello == NULL || name == NULL)
    return NULL;
  outcome->cause_event = (int) hello->seq;
  return g_strdup_printf (
    "The client's cipher suites end with TLS_FALLBACK_SCSV (0x5600), which is not a suite but "
    "a signal: this ClientHello is a retry at a lower version than the client supports, after "
    "a first attempt failed (RFC 7507 §4). It offers at most %s, and the server supports a "
    "higher version, so the first attempt should not have failed: someone on the way may have "
    "broken it on purpose, to push both sides to an older protocol. The server refused with "
    "inappropriate_fallback (86), as RFC 7507 §3 requires.",
    name);
}

const char *
lab_cause_why_after_tampering (const LabOutcome *outcome)
{
  /* OpenSSL's client reports the TLS 1.3 downgrade sentinel as "inappropriate fallback" */
  if (outcome->sent_by == LAB_SIDE_CLIENT && outcome->alert == 47
      && g_strcmp0 (outcome->reason, "inappropriate fallback") == 0)
    return "Without the client's offer of TLS 1.3 the server chose TLS 1.2, and, since it "
           "supports TLS 1.3 itself, it ended its ServerHello.random with the bytes 44 4f 57 4e "
           "47 52 44 01 (\"DOWNGRD\" and 01), as RFC 8446 §4.1.3 requires. The random is covered "
           "by the server's signature in the ServerKeyExchange and by both Finished messages, "
           "so the wire cannot remove them; the client, which offered "
           "TLS 1.3, saw them and knew that its offer had been taken away: illegal_parameter "
           "(OpenSSL: \"inappropriate fallback\").";
  return NULL;
}

/* ---- renegotiation ---- */

static char *
renegotiation_refused (LabTrace *trace, const LabScenario *s, LabOutcome *outcome)
{
  const LabEvent *refusal = NULL;

  for (guint i = 0; i < lab_trace_get_n_events (trace) && refusal == NULL; i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      if (e->kind == LAB_EVENT_ALERT && e->side == LAB_SIDE_SERVER && e->sent
          && e->alert_description == 100)
        refusal = e;
    }
  if (refusal == NULL || outcome->sent_by != LAB_SIDE_CLIENT)
    return NULL;
  outcome->cause_event = (int) refusal->seq;
  return g_strdup (
    "After its first request and the response, the client asked to renegotiate: to run a "
    "second handshake inside the same connection, its ClientHello encrypted under the first "
    "handshake's keys and carrying that handshake's client Finished in renegotiation_info "
    "(RFC 5746 §3.5). This server refuses renegotiation (OpenSSL's SSL_OP_NO_RENEGOTIATION; "
    "OpenSSL 3.0's servers refuse a client's anyway unless told to allow it) and said so with "
    "a warning no_renegotiation (100) alert, as RFC 5246 §7.2.2 allows. The connection could "
    "have gone on under the old keys, but OpenSSL's client treats the refusal as fatal: it "
    "ended the connection with handshake_failure (40) (OpenSSL: \"no renegotiation\").");
}

char *
lab_cause_extensions (LabTrace *trace, const LabScenario *s, LabOutcome *outcome)
{
  const LabAlertInfo *alert = outcome->alert >= 0 ? lab_alert_lookup ((guint8) outcome->alert)
                                                  : NULL;
  const char *name = alert ? alert->name : "";

  if (g_str_equal (name, "unrecognized_name"))
    return unrecognized_name (trace, s, outcome);
  if (g_str_equal (name, "bad_certificate_status_response"))
    return bad_status (trace, s, outcome);
  if (g_str_equal (name, "no_application_protocol"))
    return no_application_protocol (trace, s, outcome);
  if (g_str_equal (name, "inappropriate_fallback"))
    return inappropriate_fallback (trace, s, outcome);
  if (g_str_equal (name, "handshake_failure") && g_strcmp0 (outcome->reason, "no renegotiation") == 0)
    return renegotiation_refused (trace, s, outcome);
  return NULL;
}
