/* lab-session-outcome.c: how a run ended, read from its trace and its peers. */
#include "lab-session-private.h"

#include <openssl/x509_vfy.h>
#include <string.h>

/* Only alerts before `limit` count: once the lab has shut the sockets on a stalled run,
 * OpenSSL answers the sudden end of the stream with alerts of its own (decode_error),
 * which are a consequence of the timeout, not its cause. */
static const LabEvent *
first_fatal_alert (LabSession *session, gboolean sent, guint limit)
{
  const LabEvent *first = NULL;

  for (guint i = 0; i < limit; i++)
    {
      const LabEvent *e = lab_trace_get_event (session->trace, i);
      LabPeer *sender;

      /* the man in the middle's own alerts are its business: the outcome is the peers' */
      if (e->kind != LAB_EVENT_ALERT || e->sent != sent || e->alert_level != 2
          || e->side == LAB_SIDE_ATTACKER)
        continue;
      /* OpenSSL records an alert it sends only once it has written it, so the other side
       * may already have reacted. A peer whose connection was simply cut (the attacker
       * hanging up, say) answers with an alert of its own that can land first: it is a
       * consequence, so the alert sent for a reason of its own wins. */
      sender = e->side == LAB_SIDE_CLIENT ? &session->client : &session->server;
      if (!sent || g_strcmp0 (sender->reason, "unexpected eof while reading") != 0)
        return e;
      if (first == NULL)
        first = e;
    }
  return first;
}

/* What a man in the middle read in the clear from the client: its first line, or NULL
 * when it read nothing. */
static char *
read_by_attacker (LabSession *session, guint limit)
{
  for (guint i = 0; i < limit; i++)
    {
      const LabEvent *e = lab_trace_get_event (session->trace, i);
      gsize len;
      const char *data, *eol;

      if (e->kind != LAB_EVENT_APP_DATA || e->side != LAB_SIDE_ATTACKER || e->sent
          || e->direction != LAB_DIRECTION_CLIENT_TO_SERVER || e->bytes == NULL)
        continue;
      data = g_bytes_get_data (e->bytes, &len);
      eol = memchr (data, '\r', len);
      return g_utf8_make_valid (data, eol ? eol - data : (gssize) MIN (len, 60));
    }
  return NULL;
}

LabOutcome
lab_session_decide_outcome (LabSession *session, gboolean timed_out)
{
  LabOutcome outcome = { .alert = -1, .cause_event = -1 };
  guint limit = timed_out ? session->events_before_abort : lab_trace_get_n_events (session->trace);
  const LabEvent *alert = first_fatal_alert (session, TRUE, limit);
  LabPeer *client = &session->client;

  if (alert == NULL)
    alert = first_fatal_alert (session, FALSE, limit);
  if (client->verify_result != X509_V_OK)
    outcome.verify_error = (int) client->verify_result;
  outcome.intercepted = read_by_attacker (session, limit);
  /* a client certificate the server refused: the server's check is the one that counts */
  if (alert != NULL && alert->sent && alert->side == LAB_SIDE_SERVER
      && session->server.verify_result != X509_V_OK)
    outcome.verify_error = (int) session->server.verify_result;

  if (alert != NULL)
    {
      LabSide sender = alert->sent ? alert->side : other_side (alert->side);
      LabPeer *peer = sender == LAB_SIDE_CLIENT ? &session->client : &session->server;
      LabPeer *other = sender == LAB_SIDE_CLIENT ? &session->server : &session->client;

      outcome.result = LAB_RESULT_ALERT;
      outcome.alert = alert->alert_description;
      outcome.sent_by = sender;
      outcome.cause_event = (int) alert->seq;
      outcome.reason = g_strdup (peer->reason ? peer->reason : other->reason);
    }
  else if (timed_out)
    {
      outcome.result = LAB_RESULT_TIMEOUT;
      outcome.reason = g_strdup_printf (
          "nothing more happened for %.1f s: the client was %s, the server was %s",
          (double) session->timeout_ms / 1000,
          client->completed ? "done" : client->waiting_for,
          session->server.completed ? "done" : session->server.waiting_for);
    }
  else if (client->completed && session->server.completed)
    outcome.result = LAB_RESULT_SUCCESS;
  else
    {
      outcome.result = LAB_RESULT_ERROR;
      outcome.reason = g_strdup_printf ("%s%s%s", client->reason ? "client: " : "",
                                        client->reason ? client->reason : "",
                                        session->server.reason ? "" : "");
      if (client->reason == NULL && session->server.reason != NULL)
        {
          g_free (outcome.reason);
          outcome.reason = g_strdup_printf ("server: %s", session->server.reason);
        }
      else if (client->reason != NULL && session->server.reason != NULL)
        {
          g_free (outcome.reason);
          outcome.reason = g_strdup_printf ("client: %s; server: %s", client->reason,
                                            session->server.reason);
        }
    }
  return outcome;
}
