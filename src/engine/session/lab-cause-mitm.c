/* lab-cause-mitm.c: what a man in the middle did, in sentences read from the trace: the
 * chain the client received, the check that failed on it, and what the attacker read. */
#include "lab-cause.h"
#include "tls/lab-crypto-autoptr.h"
#include "tls/lab-reader.h"

#include <openssl/x509.h>
#include <string.h>

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

/* A name's common name ("Mallory Root CA"), or the whole name when it has none. */
static char *
common_name (const X509_NAME *name)
{
  char cn[256];

  if (X509_NAME_get_text_by_NID ((X509_NAME *) name, NID_commonName, cn, sizeof cn) > 0)
    return g_strdup (cn);
  return rfc2253 (name);
}

/* The Certificate message the client received on the first connection. */
static const LabEvent *
client_received_certificate (LabTrace *trace)
{
  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      if (e->kind == LAB_EVENT_MESSAGE && e->side == LAB_SIDE_CLIENT && !e->sent
          && e->handshake_type == LAB_HS_CERTIFICATE && e->bytes != NULL)
        return e;
    }
  return NULL;
}

/* RFC 5246 §7.4.2: a 3-byte length, then each certificate with a 3-byte length, the
 * sender's own first. The first and the last, or NULL. */
static gboolean
chain_ends (const LabEvent *message, X509 **leaf, X509 **top)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (message->bytes, &len);
  LabReader r, list, cert;

  *leaf = *top = NULL;
  lab_reader_init (&r, data, len);
  if (!lab_reader_skip (&r, 4) || !lab_reader_vector (&r, 3, &list, NULL))
    return FALSE;
  while (lab_reader_remaining (&list) > 0 && lab_reader_vector (&list, 3, &cert, NULL))
    {
      const guint8 *der = data + lab_reader_offset (&cert);
      X509 *x = d2i_X509 (NULL, &der, (long) lab_reader_remaining (&cert));

      if (x == NULL)
        break;
      if (*leaf == NULL)
        *leaf = x;
      else
        {
          X509_free (*top);
          *top = x;
        }
    }
  return *leaf != NULL;
}

/* What the attacker read in the clear going one way: its first line, or NULL. */
static char *
attacker_read (LabTrace *trace, LabDirection direction, int *seq)
{
  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      gsize len;
      const char *data, *eol;

      if (e->kind != LAB_EVENT_APP_DATA || e->side != LAB_SIDE_ATTACKER || e->sent
          || e->direction != direction || e->bytes == NULL)
        continue;
      data = g_bytes_get_data (e->bytes, &len);
      eol = memchr (data, '\r', len);
      if (seq != NULL)
        *seq = (int) e->seq;
      return g_utf8_make_valid (data, eol ? eol - data : (gssize) MIN (len, 60));
    }
  return NULL;
}

static const LabEvent *
first_failed_check (LabTrace *trace)
{
  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      if (e->kind == LAB_EVENT_VERIFY && e->side == LAB_SIDE_CLIENT && !e->verify_ok)
        return e;
    }
  return NULL;
}

static gboolean
client_sent (LabTrace *trace, guint8 handshake_type)
{
  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      if (e->kind == LAB_EVENT_MESSAGE && e->side == LAB_SIDE_CLIENT && e->sent
          && e->handshake_type == handshake_type)
        return TRUE;
    }
  return FALSE;
}

/* "with a certificate of its own for server.handshake.lab, issued by "Mallory
 * Intermediate CA" under "Mallory Root CA"" */
static char *
chain_clause (LabTrace *trace, const LabScenario *scenario)
{
  const LabEvent *message = client_received_certificate (trace);
  g_autoptr (X509) leaf = NULL;
  g_autoptr (X509) top = NULL;
  g_autofree char *issuer = NULL, *root = NULL;

  if (message == NULL || !chain_ends (message, &leaf, &top))
    return g_strdup_printf ("with a certificate of its own for %s", scenario->server_name);
  issuer = common_name (X509_get_issuer_name (leaf));
  root = common_name (X509_get_issuer_name (top != NULL ? top : leaf));
  if (g_str_equal (root, issuer))
    return g_strdup_printf ("with a certificate of its own for %s, issued by \"%s\"",
                            scenario->server_name, issuer);
  return g_strdup_printf ("with a certificate of its own for %s, issued by \"%s\" under "
                          "\"%s\"",
                          scenario->server_name, issuer, root);
}

/* The check that failed on the chain, and what became of it. */
static char *
check_sentence (const LabEvent *check)
{
  g_autoptr (X509) cert = NULL;
  g_autofree char *name = NULL, *cn = NULL;

  if (check == NULL)
    return g_strdup ("The client made no certificate check that failed.");
  if (check->bytes != NULL)
    {
      gsize len;
      const guint8 *der = g_bytes_get_data (check->bytes, &len);
      cert = d2i_X509 (NULL, &der, (long) len);
    }
  cn = cert != NULL ? common_name (X509_get_subject_name (cert)) : NULL;
  name = cn != NULL ? g_strdup_printf ("\"%s\"", cn)
                    : g_strdup (check->subject ? check->subject : "a certificate");
  return g_strdup_printf ("The client's check stopped at %s: %s (X509_V_ERR %d), since a "
                          "server's chain (RFC 5246 §7.4.2) must lead to a CA the client trusts "
                          "(RFC 5280 §6). With verify-peer off the client ignored that, and "
                          "OpenSSL checked no further.",
                          name, check->verify_error_string ? check->verify_error_string : "?",
                          check->verify_error);
}

/* An interception no check caught: a certificate from a CA the client trusts. */
static char *
why_every_check_passed (const LabScenario *scenario)
{
  if (scenario->mallory_certificate == LAB_MALLORY_MIS_ISSUED)
    return g_strdup_printf (
      "Every check the client made passed: the certificate names %s and was issued by the "
      "lab's own intermediate CA, which the client trusts, but to Mallory, who does not own that "
      "name. A certificate mis-issued like this (by a CA that was fooled, or broken into) looks "
      "in TLS exactly like the server's own; only its key and serial number differ. A client "
      "that pinned the server's key (pin = server-key) would have refused it, and Certificate "
      "Transparency logs (RFC 6962) let the name's owner find such certificates afterwards.",
      scenario->server_name);
  if (scenario->trust_mallory_root)
    return g_strdup ("Every check the client made passed: Mallory's root CA is in the client's "
                     "trust store (trust-mallory-root), as a company's TLS-inspecting proxy puts "
                     "its root on its employees' computers, so a certificate Mallory makes for "
                     "any name is as good to this client as the server's own. Nothing warns the "
                     "client; a client that pinned the server's key (pin = server-key) would "
                     "have refused it.");
  return g_strdup ("The client made no certificate check that failed.");
}

void
lab_cause_explain_mitm (LabTrace *trace, const LabScenario *scenario, LabOutcome *outcome)
{
  g_autofree char *certificate = outcome->cause;
  g_autofree char *chain = chain_clause (trace, scenario);
  g_autofree char *intro = g_strdup_printf (
    "A man in the middle, Mallory, answered the client in the server's place %s, and opened "
    "its own connection to the real server.", chain);
  g_autofree char *check = NULL, *request = NULL, *response = NULL, *answer = NULL;
  int read_seq = -1;

  if (!outcome->intercepted)
    {
      /* the certificate sentence says what the client saw; this says who was there */
      outcome->cause = g_strdup_printf (
        "%s%s%s%s", intro, certificate ? " " : "", certificate ? certificate : "",
        !client_sent (trace, LAB_HS_CLIENT_KEY_EXCHANGE)
          ? " The client never sent its ClientKeyExchange: Mallory learned no key and read "
            "nothing."
          : "");
      return;
    }
  check = first_failed_check (trace) != NULL ? check_sentence (first_failed_check (trace))
                                             : why_every_check_passed (scenario);
  request = attacker_read (trace, LAB_DIRECTION_CLIENT_TO_SERVER, &read_seq);
  response = attacker_read (trace, LAB_DIRECTION_SERVER_TO_CLIENT, NULL);
  answer = response ? g_strdup_printf (", and read the answer (\"%s\") on its way back", response)
                    : g_strdup ("");
  outcome->cause_event = read_seq;
  outcome->cause = g_strdup_printf (
    "%s %s So the client's keys were shared with Mallory, not the server: Mallory decrypted "
    "the request (\"%s\"), encrypted it again for the server%s. It could as well have changed "
    "either.",
    intro, check, request ? request : "", answer);
}
