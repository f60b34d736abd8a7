/* lab-steps.c: from events to taught steps. The k-th message a side sends in a
 * direction is the k-th the other side receives from it, and OpenSSL sends each
 * handshake message in a record of its own (HACKING.md, "Flights"), so views and
 * records are matched by their order per direction and content type. */
#include "lab-steps.h"
#include "tls/lab-dissect.h"
#include "tls/lab-reader.h"

#include <string.h>

static void
step_free (gpointer data)
{
  LabStep *step = data;

  g_free (step->title);
  g_free (step->facts);
  g_free (step);
}

const char *
lab_step_kind_name (LabStepKind kind)
{
  static const char *const names[] = {
    [LAB_STEP_TCP] = "tcp",           [LAB_STEP_MESSAGE] = "message", [LAB_STEP_CCS] = "ccs",
    [LAB_STEP_ALERT] = "alert",       [LAB_STEP_APP_DATA] = "app-data",
    [LAB_STEP_WIRE] = "wire",         [LAB_STEP_CLOSE] = "close",
  };
  return names[kind];
}

/* Which record content type carries what a step shows. */
static int
carrier_type (const LabEvent *e)
{
  switch (e->kind)
    {
    case LAB_EVENT_MESSAGE:
      return LAB_CONTENT_HANDSHAKE;
    case LAB_EVENT_CCS:
      return LAB_CONTENT_CHANGE_CIPHER_SPEC;
    case LAB_EVENT_ALERT:
      return LAB_CONTENT_ALERT;
    case LAB_EVENT_APP_DATA:
      return LAB_CONTENT_APPLICATION_DATA;
    default:
      return -1;
    }
}

/* Per direction and content type, the queue of record events not yet matched. */
typedef struct
{
  GPtrArray *records[2][256];
  guint next[2][256];
} RecordQueues;

static guint
dir_index (LabDirection d)
{
  return d == LAB_DIRECTION_SERVER_TO_CLIENT ? 1 : 0;
}

static const LabEvent *
take_record (RecordQueues *q, LabDirection d, int type)
{
  guint di = dir_index (d);
  GPtrArray *list = q->records[di][type];

  if (list == NULL || q->next[di][type] >= list->len)
    return NULL;
  return g_ptr_array_index (list, q->next[di][type]++);
}

/* The receiver's view of the n-th event of this kind the sender sent. */
static const LabEvent *
find_received (LabTrace *trace, const LabEvent *sent, guint ordinal)
{
  guint n = lab_trace_get_n_events (trace);
  guint count = 0;

  for (guint i = 0; i < n; i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);

      if (e->kind == sent->kind && !e->sent && e->side != sent->side
          && e->direction == sent->direction && e->side != LAB_SIDE_WIRE)
        {
          if (count == ordinal)
            return e;
          count++;
        }
    }
  return NULL;
}

static char *
facts_for (const LabEvent *e, const LabCipherSuite *suite)
{
  gsize len = 0;
  const guint8 *data = e->bytes ? g_bytes_get_data (e->bytes, &len) : NULL;

  if (e->kind == LAB_EVENT_MESSAGE && data != NULL)
    {
      LabDissectOptions options = { .suite = suite };
      g_autofree char *facts = lab_dissect_message_summary (e->bytes, &options);

      /* Messages with nothing to say (ServerHelloDone) still say how big they are. */
      if (facts == NULL || *facts == '\0')
        return g_strdup_printf ("%" G_GSIZE_FORMAT " bytes", len);
      return g_steal_pointer (&facts);
    }
  if (e->kind == LAB_EVENT_APP_DATA)
    {
      /* The first line of the HTTP message says what it is. */
      const char *eol = data ? memchr (data, '\r', len) : NULL;
      gsize line = eol ? (gsize) (eol - (const char *) data) : MIN (len, 60);
      g_autofree char *first = g_utf8_make_valid ((const char *) data, (gssize) line);
      return g_strdup_printf ("%s (%" G_GSIZE_FORMAT " bytes)", first, len);
    }
  return g_strdup (e->detail);
}

static LabStep *
new_step (GPtrArray *steps, LabStepKind kind, const LabEvent *e)
{
  LabStep *step = g_new0 (LabStep, 1);

  step->index = steps->len;
  step->kind = kind;
  step->connection = e->connection;
  step->phase = e->phase;
  step->sender = e->side;
  step->direction = e->direction;
  step->event = (int) e->seq;
  step->received_event = -1;
  step->record_event = -1;
  g_ptr_array_add (steps, step);
  return step;
}

static void
link_record (LabStep *step, const LabEvent *record)
{
  if (record == NULL)
    return;
  step->record_event = (int) record->seq;
  if (record->forwarded != NULL)
    step->tampered = TRUE;
}

/* ---- the steps a failed run never reached ---- */

typedef struct
{
  LabSide sender;
  const char *name;
} Expected;

/* The cipher suite a ServerHello chose (RFC 5246 §7.4.1.3), or NULL. */
static const LabCipherSuite *
chosen_suite (const LabEvent *server_hello)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (server_hello->bytes, &len);
  LabReader r, session_id;
  guint16 id;

  lab_reader_init (&r, data, len);
  if (!lab_reader_skip (&r, 4 + 2 + 32) || !lab_reader_vector (&r, 1, &session_id, NULL)
      || !lab_reader_u16 (&r, &id))
    return NULL;
  return lab_cipher_suite_lookup (id);
}

/* The full handshake this run was heading for: without a ServerKeyExchange when the
 * server chose RSA key exchange, with the client's Certificate and CertificateVerify
 * when the server asked for one. */
static GArray *
expected_flight (GPtrArray *steps, LabTrace *trace)
{
  GArray *flight = g_array_new (FALSE, FALSE, sizeof (Expected));
  gboolean rsa_kx = FALSE, client_auth = FALSE;

  for (guint i = 0; i < steps->len; i++)
    {
      const LabStep *step = g_ptr_array_index (steps, i);
      const LabEvent *e;

      if (step->kind != LAB_STEP_MESSAGE)
        continue;
      e = lab_trace_get_event (trace, (guint) step->event);
      if (g_str_equal (step->title, "ServerHello"))
        {
          const LabCipherSuite *suite = chosen_suite (e);
          rsa_kx = suite != NULL && suite->kx == LAB_KX_RSA;
        }
      if (g_str_equal (step->title, "CertificateRequest"))
        client_auth = TRUE;
    }

#define EXPECT(side, message) g_array_append_val (flight, ((Expected){ side, message }))
  EXPECT (LAB_SIDE_CLIENT, "ClientHello");
  EXPECT (LAB_SIDE_SERVER, "ServerHello");
  EXPECT (LAB_SIDE_SERVER, "Certificate");
  if (!rsa_kx)
    EXPECT (LAB_SIDE_SERVER, "ServerKeyExchange");
  if (client_auth)
    EXPECT (LAB_SIDE_SERVER, "CertificateRequest");
  EXPECT (LAB_SIDE_SERVER, "ServerHelloDone");
  if (client_auth)
    EXPECT (LAB_SIDE_CLIENT, "Certificate");
  EXPECT (LAB_SIDE_CLIENT, "ClientKeyExchange");
  if (client_auth)
    EXPECT (LAB_SIDE_CLIENT, "CertificateVerify");
  EXPECT (LAB_SIDE_CLIENT, "ChangeCipherSpec");
  EXPECT (LAB_SIDE_CLIENT, "Finished");
  EXPECT (LAB_SIDE_SERVER, "ChangeCipherSpec");
  EXPECT (LAB_SIDE_SERVER, "Finished");
  EXPECT (LAB_SIDE_CLIENT, "Application data");
  EXPECT (LAB_SIDE_SERVER, "Application data");
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

/* Appends, after the real steps, the part of the full handshake that never happened. */
static void
append_never_happened (GPtrArray *steps, LabTrace *trace)
{
  g_autoptr (GArray) flight = expected_flight (steps, trace);
  guint next = 0; /* the first expected step not yet seen */
  guint real = steps->len;

  for (guint i = 0; i < real && next < flight->len; i++)
    {
      const LabStep *step = g_ptr_array_index (steps, i);
      for (guint k = next; k < flight->len; k++)
        {
          const Expected *x = &g_array_index (flight, Expected, k);
          if (x->sender == step->sender && g_str_equal (x->name, step->title))
            {
              next = k + 1;
              break;
            }
        }
    }
  for (guint k = next; k < flight->len; k++)
    {
      const Expected *x = &g_array_index (flight, Expected, k);
      LabStep *step = g_new0 (LabStep, 1);

      step->index = steps->len;
      step->kind = g_str_equal (x->name, "ChangeCipherSpec")   ? LAB_STEP_CCS
                   : g_str_equal (x->name, "Application data") ? LAB_STEP_APP_DATA
                                                               : LAB_STEP_MESSAGE;
      step->phase = expected_phase (x);
      step->sender = x->sender;
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
}

/* Steps stand in the order their bytes crossed the wire: a side notes what it sent once
 * its write returns, and by then the other side may already have answered. A side's
 * close comes after the last record it sent, even where the trace lists that record
 * later. Keys are doubled so a close can sit just after its last record. */
static int
step_time (const LabStep *step, LabTrace *trace)
{
  int sent;

  if (step->kind == LAB_STEP_CLOSE)
    {
      int last = step->event;
      for (int i = step->event + 1; i < (int) lab_trace_get_n_events (trace); i++)
        {
          const LabEvent *e = lab_trace_get_event (trace, (guint) i);
          if (e->kind == LAB_EVENT_RECORD && e->direction == step->direction
              && e->connection == step->connection)
            last = i;
        }
      return 2 * last + 1;
    }
  sent = step->record_event >= 0 ? step->record_event : step->event;
  /* A receiver that saw its message before the sender sent it was not talking to the
   * sender: a man in the middle answered in the server's place and reached the real
   * server only later. The ladder follows what the client lived through. */
  if (step->received_event >= 0 && step->received_event < sent)
    return 2 * step->received_event;
  return 2 * sent;
}

/* A received ChangeCipherSpec leaves no event of its own (OpenSSL's message callback
 * sees only its header), so step_time cannot move it to when a man in the middle's
 * client got it: it goes with the message its sender sent next, the Finished. */
static void
keep_ccs_before_finished (GPtrArray *steps)
{
  for (guint i = 0; i < steps->len; i++)
    {
      LabStep *ccs = g_ptr_array_index (steps, i);
      const LabStep *next = NULL;

      if (ccs->kind != LAB_STEP_CCS || ccs->received_event >= 0 || ccs->event < 0)
        continue;
      for (guint j = 0; j < steps->len; j++)
        {
          const LabStep *s = g_ptr_array_index (steps, j);
          if (s->kind == LAB_STEP_MESSAGE && s->direction == ccs->direction
              && s->connection == ccs->connection && s->event > ccs->event
              && (next == NULL || s->event < next->event))
            next = s;
        }
      if (next != NULL && next->sort_key < ccs->sort_key)
        ccs->sort_key = next->sort_key - 1;
    }
}

static int
compare_steps (gconstpointer a, gconstpointer b)
{
  const LabStep *x = *(LabStep *const *) a, *y = *(LabStep *const *) b;

  /* a resumed connection's steps all come after the first connection's */
  if (x->connection != y->connection)
    return x->connection < y->connection ? -1 : 1;
  return (x->sort_key > y->sort_key) - (x->sort_key < y->sort_key);
}

GPtrArray *
lab_steps_from_trace (LabTrace *trace)
{
  GPtrArray *steps = g_ptr_array_new_with_free_func (step_free);
  RecordQueues queues = { 0 };
  guint sent_count[LAB_EVENT_OUTCOME + 1][2] = { { 0 } };
  GHashTable *claimed = g_hash_table_new (NULL, NULL); /* record seqs tied to a step */
  const LabCipherSuite *suite = NULL; /* once the ServerHello chose one: how to read the
                                       * key exchange messages */
  guint n = lab_trace_get_n_events (trace);

  for (guint i = 0; i < n; i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      if (e->kind == LAB_EVENT_RECORD)
        {
          GPtrArray **list = &queues.records[dir_index (e->direction)][e->content_type];
          if (*list == NULL)
            *list = g_ptr_array_new ();
          g_ptr_array_add (*list, (gpointer) e);
        }
    }

  for (guint i = 0; i < n; i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      LabStep *step;
      int type;

      if (e->kind == LAB_EVENT_TCP)
        {
          gboolean close = g_str_equal (e->name, "close");
          step = new_step (steps, close ? LAB_STEP_CLOSE : LAB_STEP_TCP, e);
          step->title = g_strdup_printf ("TCP %s", e->name);
          step->facts = g_strdup (e->detail);
          continue;
        }
      type = carrier_type (e);
      if (type < 0 || !e->sent)
        continue;

      step = new_step (steps, e->kind == LAB_EVENT_MESSAGE  ? LAB_STEP_MESSAGE
                              : e->kind == LAB_EVENT_CCS    ? LAB_STEP_CCS
                              : e->kind == LAB_EVENT_ALERT  ? LAB_STEP_ALERT
                                                            : LAB_STEP_APP_DATA,
                       e);
      step->title = g_strdup (e->kind == LAB_EVENT_APP_DATA ? "Application data" : e->name);
      if (e->kind == LAB_EVENT_MESSAGE && e->handshake_type == LAB_HS_SERVER_HELLO)
        suite = chosen_suite (e);
      step->facts = facts_for (e, suite);
      step->is_fatal = e->kind == LAB_EVENT_ALERT && e->alert_level == 2;
      {
        const LabEvent *record = take_record (&queues, e->direction, type);
        const LabEvent *received;
        guint ordinal = sent_count[e->kind][dir_index (e->direction)]++;

        link_record (step, record);
        if (record != NULL)
          g_hash_table_add (claimed, GUINT_TO_POINTER (record->seq));
        received = find_received (trace, e, ordinal);
        if (received != NULL)
          {
            step->received_event = (int) received->seq;
            step->received_differs = e->bytes && received->bytes
                                     && !g_bytes_equal (e->bytes, received->bytes);
          }
      }
    }

  /* A changed record whose message was never sent as such (a replay, an injection) or
   * that no step claimed still deserves a step of its own; those tied to a sent message
   * are marked on that message's step instead. */
  for (guint i = 0; i < n; i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      LabStep *step;

      if (e->kind != LAB_EVENT_RECORD || e->forwarded == NULL
          || g_hash_table_contains (claimed, GUINT_TO_POINTER (e->seq)))
        continue;
      step = new_step (steps, LAB_STEP_WIRE, e);
      step->title = g_strdup (e->name);
      step->facts = g_strdup (e->wire_action ? e->wire_action : "changed by the wire");
      step->record_event = (int) e->seq;
      step->tampered = TRUE;
    }
  /* A protected record nobody could open (a capture without its key log) still crossed
   * the wire: it is a step, and says why its contents stay closed. */
  for (guint i = 0; i < n; i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      LabStep *step;

      if (e->kind != LAB_EVENT_RECORD || !e->encrypted || e->decryption != NULL
          || e->forwarded != NULL || e->content_type == LAB_CONTENT_CHANGE_CIPHER_SPEC
          || g_hash_table_contains (claimed, GUINT_TO_POINTER (e->seq)))
        continue;
      step = new_step (steps, e->content_type == LAB_CONTENT_ALERT ? LAB_STEP_ALERT
                                                                   : LAB_STEP_APP_DATA, e);
      step->sender = e->direction == LAB_DIRECTION_CLIENT_TO_SERVER ? LAB_SIDE_CLIENT
                                                                    : LAB_SIDE_SERVER;
      step->title = g_strdup (e->content_type == LAB_CONTENT_HANDSHAKE ? "Encrypted handshake"
                              : e->content_type == LAB_CONTENT_ALERT   ? "Encrypted alert"
                                                                       : "Encrypted record");
      step->facts = g_strdup_printf ("%" G_GSIZE_FORMAT " bytes, not opened: no key",
                                     e->bytes ? g_bytes_get_size (e->bytes) : 0);
      step->record_event = (int) e->seq;
    }
  /* Keep the ladder in the order things happened. */
  for (guint i = 0; i < steps->len; i++)
    {
      LabStep *step = g_ptr_array_index (steps, i);
      step->sort_key = step_time (step, trace);
    }
  keep_ccs_before_finished (steps);
  g_ptr_array_sort (steps, compare_steps);
  for (guint i = 0; i < steps->len; i++)
    ((LabStep *) g_ptr_array_index (steps, i))->index = i;
  /* What a failed first connection never reached; a failed resumption is its own story. */
  if (lab_trace_get_outcome (trace) != NULL
      && lab_trace_get_outcome (trace)->result != LAB_RESULT_SUCCESS && steps->len > 0
      && ((LabStep *) g_ptr_array_index (steps, steps->len - 1))->connection == 0)
    append_never_happened (steps, trace);

  for (guint d = 0; d < 2; d++)
    for (guint t = 0; t < 256; t++)
      g_clear_pointer (&queues.records[d][t], g_ptr_array_unref);
  g_hash_table_unref (claimed);
  return steps;
}
