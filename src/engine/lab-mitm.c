/* lab-mitm.c: what the attacker does, and what it gets to read, in the trace. */
#include "lab-mitm.h"
#include "lab-tls-io.h"

#include <openssl/err.h>

static void
note (LabTrace *trace, guint connection, LabPhase phase, const char *name, const char *detail)
{
  LabEvent *event = lab_event_new (LAB_EVENT_STATE, LAB_SIDE_WIRE);

  event->phase = phase;
  event->connection = connection;
  event->name = g_strdup (name);
  event->detail = g_strdup (detail);
  lab_trace_append (trace, event);
}

/* What the attacker read in the clear, on its way from one victim to the other. */
static void
note_plaintext (LabTrace *trace, guint connection, LabDirection direction, GByteArray *data)
{
  LabEvent *event = lab_event_new (LAB_EVENT_APP_DATA, LAB_SIDE_WIRE);

  event->phase = LAB_PHASE_RECORD;
  event->connection = connection;
  event->direction = direction;
  event->bytes = g_bytes_new (data->data, data->len);
  event->name = g_strdup ("the man in the middle read");
  event->detail = g_strdup_printf ("%u bytes in the clear, %s", data->len,
                                   direction == LAB_DIRECTION_CLIENT_TO_SERVER
                                     ? "from the client, passed on to the server"
                                     : "from the server, passed on to the client");
  lab_trace_append (trace, event);
}

static gboolean
forward_message (SSL *from, SSL *to, LabTrace *trace, guint connection, LabDirection direction)
{
  g_autoptr (GByteArray) message = g_byte_array_new ();
  g_autofree char *reason = NULL;

  if (!lab_tls_read_http (from, message, &reason))
    return FALSE;
  note_plaintext (trace, connection, direction, message);
  ERR_clear_error ();
  return SSL_write (to, message->data, (int) message->len) == (int) message->len;
}

void
lab_mitm_relay (const LabMitm *mitm, LabTrace *trace, guint connection, int client_fd,
                int server_fd)
{
  SSL *victim = SSL_new (mitm->as_server);
  SSL *server = SSL_new (mitm->as_client);
  g_autofree char *reason = NULL;

  if (victim == NULL || server == NULL)
    goto done;
  SSL_set_fd (victim, client_fd);
  SSL_set_fd (server, server_fd);
  /* The attacker does not care who the real server is. */
  SSL_set_verify (server, SSL_VERIFY_NONE, NULL);
  SSL_set_tlsext_host_name (server, mitm->server_name);

  note (trace, connection, LAB_PHASE_NEGOTIATION, "man in the middle",
        "the wire answers the client itself, with its own certificate for the server's name");
  ERR_clear_error ();
  if (SSL_accept (victim) != 1)
    {
      reason = lab_tls_failure_reason ("the client hung up");
      note (trace, connection, LAB_PHASE_SERVER_AUTH, "the client refused the man in the middle",
            reason);
      goto done;
    }
  if (SSL_connect (server) != 1)
    {
      reason = lab_tls_failure_reason ("the server hung up");
      note (trace, connection, LAB_PHASE_NEGOTIATION, "the server refused the man in the middle",
            reason);
      goto done;
    }
  note (trace, connection, LAB_PHASE_FINISHED, "two handshakes",
        "the client's keys are shared with the man in the middle, not with the server; the "
        "man in the middle has separate keys with the server");
  if (forward_message (victim, server, trace, connection, LAB_DIRECTION_CLIENT_TO_SERVER)
      && forward_message (server, victim, trace, connection, LAB_DIRECTION_SERVER_TO_CLIENT))
    {
      /* the client closes first; pass the close on, as a relay would */
      g_clear_pointer (&reason, g_free);
      if (lab_tls_await_close_notify (victim, &reason))
        {
          lab_tls_send_close_notify (victim, &reason);
          lab_tls_send_close_notify (server, &reason);
          lab_tls_await_close_notify (server, &reason);
        }
    }

done:
  ERR_clear_error ();
  SSL_free (victim);
  SSL_free (server);
}
