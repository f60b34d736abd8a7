/* lab-live-ending.c: how a connection with a real peer ended without a failure of TLS,
 * and what that means: a client that asked nothing, a server that hung up without
 * close_notify. */
#include "lab-live-cause.h"
#include "lab-live-hello.h"

char *
lab_live_cause_no_request (LabTrace *trace, const LabLiveCauseContext *context)
{
  const LabEvent *client_hello = lab_live_sent_message (trace, G_MAXUINT, LAB_HS_CLIENT_HELLO,
                                                        LAB_SIDE_CLIENT);
  g_autofree char *name = lab_live_certificate_name (context->certificate);
  g_autofree char *asked = NULL;
  g_auto (LabLiveHello) h = { 0 };

  if (client_hello == NULL || name == NULL || !lab_live_hello_read (client_hello, &h)
      || g_strcmp0 (h.server_name, name) == 0)
    return NULL;
  asked = h.server_name
            ? g_strdup_printf ("asked for %s (its server_name extension)", h.server_name)
            : g_strdup ("asked for no name at all (its ClientHello has no server_name "
                        "extension, RFC 6066 §3, as when a client is pointed at an IP "
                        "address)");
  return g_strdup_printf (
    "The client %s, and the lab's certificate names %s. That may be why it sent no request: "
    "a client that checks the name only after the handshake, as curl does, finds it missing "
    "and hangs up. Ask for https://%s:%u/ and have the name lead to the lab: curl --resolve "
    "%s:%u:127.0.0.1, or a line in /etc/hosts.",
    asked, name, name, context->port, name, context->port);
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
