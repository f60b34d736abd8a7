/* lab-steps-missing.c: the steps a failed run never reached, drawn faint on the ladder:
 * the rest of the full handshake the run was heading for, of each connection (two with
 * a man in the middle, merged in the order of the full handshake). */
#include "lab-steps-private.h"

/* One TLS connection: the ends in the client's and the server's role. A run has one,
 * client <-> server; a man in the middle makes two, client <-> Mallory <-> server. */
typedef struct
{
  LabSide client_end, server_end;
} Connection;

static gboolean
on_connection (const LabStep *step, const Connection *c)
{
  return (step->from == c->client_end && step->to == c->server_end)
         || (step->from == c->server_end && step->to == c->client_end);
}

typedef struct
{
  LabSide sender; /* the role: client or server */
  const char *name;
  guint order;    /* its place in the fullest handshake, for merging two connections' */
} Expected;

/* The full handshake this connection was heading for: without a ServerKeyExchange when
 * the server chose RSA key exchange, with the client's Certificate and CertificateVerify
 * when the server asked for one. */
static GArray *
expected_flight (GPtrArray *steps, LabTrace *trace, const Connection *c)
{
  GArray *flight = g_array_new (FALSE, FALSE, sizeof (Expected));
  gboolean rsa_kx = FALSE, client_auth = FALSE;
  guint order = 0;

  for (guint i = 0; i < steps->len; i++)
    {
      const LabStep *step = g_ptr_array_index (steps, i);
      const LabEvent *e;

      if (step->kind != LAB_STEP_MESSAGE || !on_connection (step, c))
        continue;
      e = lab_trace_get_event (trace, (guint) step->event);
      if (g_str_equal (step->title, "ServerHello"))
        {
          const LabCipherSuite *suite = lab_steps_chosen_suite (e);
          rsa_kx = suite != NULL && suite->kx == LAB_KX_RSA;
        }
      if (g_str_equal (step->title, "CertificateRequest"))
        client_auth = TRUE;
    }

#define EXPECT(side, message, when)                                                         \
  do                                                                                        \
    {                                                                                       \
      if (when)                                                                             \
        g_array_append_val (flight, ((Expected){ side, message, order }));                  \
      order++;                                                                              \
    }                                                                                       \
  while (0)
  EXPECT (LAB_SIDE_CLIENT, "ClientHello", TRUE);
  EXPECT (LAB_SIDE_SERVER, "ServerHello", TRUE);
  EXPECT (LAB_SIDE_SERVER, "Certificate", TRUE);
  EXPECT (LAB_SIDE_SERVER, "ServerKeyExchange", !rsa_kx);
  EXPECT (LAB_SIDE_SERVER, "CertificateRequest", client_auth);
  EXPECT (LAB_SIDE_SERVER, "ServerHelloDone", TRUE);
  EXPECT (LAB_SIDE_CLIENT, "Certificate", client_auth);
  EXPECT (LAB_SIDE_CLIENT, "ClientKeyExchange", TRUE);
  EXPECT (LAB_SIDE_CLIENT, "CertificateVerify", client_auth);
  EXPECT (LAB_SIDE_CLIENT, "ChangeCipherSpec", TRUE);
  EXPECT (LAB_SIDE_CLIENT, "Finished", TRUE);
  EXPECT (LAB_SIDE_SERVER, "ChangeCipherSpec", TRUE);
  EXPECT (LAB_SIDE_SERVER, "Finished", TRUE);
  EXPECT (LAB_SIDE_CLIENT, "Application data", TRUE);
  EXPECT (LAB_SIDE_SERVER, "Application data", TRUE);
#undef EXPECT
  return flight;
}

static LabPhase
expected_phase (const Expected *x)
{
  const LabHandshakeTypeInfo *info = lab_handshake_type_lookup_name (x->name);

  if (info != NULL)
    return x->sender == LAB_SIDE_CLIENT && g_str_equal (x->name, "Certificate")
             ? LAB_PHASE_CLIENT_AUTH_KEYS : info->phase;
  return g_str_equal (x->name, "ChangeCipherSpec") ? LAB_PHASE_FINISHED : LAB_PHASE_RECORD;
}

#define LAB_STEP_NEVER_SENT "never sent"
#define LAB_STEP_NOT_CAPTURED "not in the capture"

const char *
lab_step_missing_sentence (const LabStep *step)
{
  return g_strcmp0 (step->facts, LAB_STEP_NOT_CAPTURED) == 0
           ? "The capture ends before this step: it may have been sent, but the capture does "
             "not show it."
           : "The run ended before this step: nobody sent it.";
}

typedef struct
{
  const Expected *x;
  const Connection *c;
  guint rank; /* which of the two connections the message crosses first */
} Missing;

static int
compare_missing (gconstpointer a, gconstpointer b)
{
  const Missing *x = a, *y = b;

  if (x->x->order != y->x->order)
    return x->x->order < y->x->order ? -1 : 1;
  return (x->rank > y->rank) - (x->rank < y->rank);
}

/* What of one connection's full handshake never happened, after the real steps. */
static void
find_missing (GPtrArray *steps, guint real, GArray *flight, const Connection *c, guint index,
              GArray *missing)
{
  guint next = 0; /* the first expected step not yet seen */

  for (guint i = 0; i < real && next < flight->len; i++)
    {
      const LabStep *step = g_ptr_array_index (steps, i);
      for (guint k = next; k < flight->len; k++)
        {
          const Expected *x = &g_array_index (flight, Expected, k);
          LabSide from = x->sender == LAB_SIDE_CLIENT ? c->client_end : c->server_end;
          if (step->from == from && on_connection (step, c) && g_str_equal (x->name, step->title))
            {
              next = k + 1;
              break;
            }
        }
    }
  for (guint k = next; k < flight->len; k++)
    {
      const Expected *x = &g_array_index (flight, Expected, k);
      /* between two connections a message goes from the client's first, the server's
       * reply from the server's first: in the order Mallory passes them on */
      Missing m = { x, c, x->sender == LAB_SIDE_CLIENT ? index : 1 - index };
      g_array_append_val (missing, m);
    }
}

void
lab_steps_append_never_happened (GPtrArray *steps, LabTrace *trace, gboolean attacker)
{
  static const Connection direct[] = { { LAB_SIDE_CLIENT, LAB_SIDE_SERVER } };
  static const Connection relayed[] = { { LAB_SIDE_CLIENT, LAB_SIDE_ATTACKER },
                                        { LAB_SIDE_ATTACKER, LAB_SIDE_SERVER } };
  const Connection *connections = attacker ? relayed : direct;
  guint n_connections = attacker ? 2 : 1;
  GArray *flights[2] = { NULL, NULL };
  g_autoptr (GArray) missing = g_array_new (FALSE, FALSE, sizeof (Missing));
  guint real = steps->len;

  for (guint i = 0; i < n_connections; i++)
    {
      flights[i] = expected_flight (steps, trace, &connections[i]);
      find_missing (steps, real, flights[i], &connections[i], i, missing);
    }
  g_array_sort (missing, compare_missing);
  for (guint k = 0; k < missing->len; k++)
    {
      const Missing *m = &g_array_index (missing, Missing, k);
      const Expected *x = m->x;
      LabStep *step = g_new0 (LabStep, 1);

      step->index = steps->len;
      step->kind = g_str_equal (x->name, "ChangeCipherSpec")   ? LAB_STEP_CCS
                   : g_str_equal (x->name, "Application data") ? LAB_STEP_APP_DATA
                                                               : LAB_STEP_MESSAGE;
      step->phase = expected_phase (x);
      step->from = x->sender == LAB_SIDE_CLIENT ? m->c->client_end : m->c->server_end;
      step->to = x->sender == LAB_SIDE_CLIENT ? m->c->server_end : m->c->client_end;
      step->sender = step->from;
      step->direction = x->sender == LAB_SIDE_CLIENT ? LAB_DIRECTION_CLIENT_TO_SERVER
                                                     : LAB_DIRECTION_SERVER_TO_CLIENT;
      step->title = g_strdup (x->name);
      /* a capture may simply have been cut short: what it lacks was maybe sent */
      step->facts = g_strdup (lab_trace_is_from_capture (trace) ? LAB_STEP_NOT_CAPTURED
                                                                : LAB_STEP_NEVER_SENT);
      step->event = step->received_event = step->record_event = -1;
      step->never_happened = TRUE;
      g_ptr_array_add (steps, step);
    }
  for (guint i = 0; i < n_connections; i++)
    g_array_unref (flights[i]);
}
