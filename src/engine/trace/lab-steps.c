/* lab-steps.c: from events to taught steps. The k-th message a side sends in a
 * direction is the k-th the other side receives from it, and OpenSSL sends each
 * handshake message in a record of its own (HACKING.md, "Flights"), so views and
 * records are matched by their order per direction and content type. With a man in the
 * middle the other side is the attacker: the client's messages go to it, and its own to
 * the server, so views are matched per sender and receiver. */
#include "lab-steps-private.h"
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

gboolean
lab_step_involves_attacker (const LabStep *step)
{
  return step->from == LAB_SIDE_ATTACKER || step->to == LAB_SIDE_ATTACKER;
}

gboolean
lab_steps_have_attacker (GPtrArray *steps)
{
  for (guint i = 0; i < steps->len; i++)
    if (lab_step_involves_attacker (g_ptr_array_index (steps, i)))
      return TRUE;
  return FALSE;
}

const char *
lab_step_column_name (LabSide column)
{
  switch (column)
    {
    case LAB_SIDE_CLIENT:
      return "client";
    case LAB_SIDE_SERVER:
      return "server";
    case LAB_SIDE_ATTACKER:
      return "Mallory";
    default:
      return "wire";
    }
}

const char *
lab_step_attacker_note (const LabStep *step)
{
  if (step->kind == LAB_STEP_APP_DATA && step->to == LAB_SIDE_ATTACKER
      && step->received_event >= 0)
    return "Mallory read it in the clear";
  if (step->kind == LAB_STEP_MESSAGE && step->from == LAB_SIDE_ATTACKER
      && step->to == LAB_SIDE_CLIENT && g_strcmp0 (step->title, "Certificate") == 0)
    return "Mallory's own chain, not the server's";
  return NULL;
}

char *
lab_step_span (const LabStep *step, const char *joiner)
{
  return g_strconcat (lab_step_column_name (step->from), joiner,
                      lab_step_column_name (step->to), NULL);
}

int
lab_steps_counterpart (GPtrArray *steps, const LabStep *step)
{
  LabSide from, to;
  guint ordinal = 0, seen = 0;

  if (!lab_step_involves_attacker (step) || step->kind == LAB_STEP_TCP
      || step->kind == LAB_STEP_CLOSE)
    return -1;
  /* client -> Mallory stands for Mallory -> server, server -> Mallory for Mallory -> client */
  from = step->from == LAB_SIDE_ATTACKER ? (step->to == LAB_SIDE_CLIENT ? LAB_SIDE_SERVER
                                                                        : LAB_SIDE_CLIENT)
                                         : LAB_SIDE_ATTACKER;
  to = step->from == LAB_SIDE_ATTACKER ? LAB_SIDE_ATTACKER
       : step->from == LAB_SIDE_CLIENT ? LAB_SIDE_SERVER
                                       : LAB_SIDE_CLIENT;
  for (guint i = 0; i < step->index && i < steps->len; i++)
    {
      const LabStep *s = g_ptr_array_index (steps, i);
      ordinal += s->from == step->from && s->to == step->to && s->kind == step->kind
                 && s->connection == step->connection && g_str_equal (s->title, step->title);
    }
  for (guint i = 0; i < steps->len; i++)
    {
      const LabStep *s = g_ptr_array_index (steps, i);
      if (s->from == from && s->to == to && s->kind == step->kind
          && s->connection == step->connection && g_str_equal (s->title, step->title)
          && seen++ == ordinal)
        return (int) i;
    }
  return -1;
}

/* Who gets what `sender` sends in `direction`: the other peer, or, in a run with a man
 * in the middle, the attacker, who passes on to the peer at the end of the direction. */
static LabSide
receiver_of (LabSide sender, LabDirection direction, gboolean attacker)
{
  if (attacker && (sender == LAB_SIDE_CLIENT || sender == LAB_SIDE_SERVER))
    return LAB_SIDE_ATTACKER;
  return direction == LAB_DIRECTION_SERVER_TO_CLIENT ? LAB_SIDE_CLIENT : LAB_SIDE_SERVER;
}

/* Does the trace have a man in the middle's own events? */
static gboolean
trace_has_attacker (LabTrace *trace)
{
  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    if (lab_trace_get_event (trace, i)->side == LAB_SIDE_ATTACKER)
      return TRUE;
  return FALSE;
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

/* Every receiver's views, per kind, receiving side and direction, in trace order: the
 * n-th view is the n-th thing its sender sent that way. Built in one pass, so matching
 * every sent event to its view stays linear in the trace (searching the trace for each
 * one took 48 s for a capture of 40,000 records). */
static guint
received_key (LabEventKind kind, LabSide receiver, LabDirection direction)
{
  return (guint) kind << 16 | (guint) receiver << 8 | (guint) direction;
}

static GHashTable *
index_received (LabTrace *trace)
{
  GHashTable *index = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  guint n = lab_trace_get_n_events (trace);

  for (guint i = 0; i < n; i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      gpointer key;
      GPtrArray *views;

      if (e->sent || carrier_type (e) < 0)
        continue;
      key = GUINT_TO_POINTER (received_key (e->kind, e->side, e->direction));
      views = g_hash_table_lookup (index, key);
      if (views == NULL)
        g_hash_table_insert (index, key, views = g_ptr_array_new ());
      g_ptr_array_add (views, (gpointer) e);
    }
  return index;
}

/* The receiver's view of the n-th event of this kind the sender sent that way. */
static const LabEvent *
find_received (GHashTable *received, const LabEvent *sent, LabSide receiver, guint ordinal)
{
  GPtrArray *views = g_hash_table_lookup (
    received, GUINT_TO_POINTER (received_key (sent->kind, receiver, sent->direction)));

  return views != NULL && ordinal < views->len ? g_ptr_array_index (views, ordinal) : NULL;
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
      /* The first line of the HTTP message says what it is; a line ends at CR or LF (a
       * page's own text may use either), and a long one is cut. */
      gsize line = 0;
      g_autofree char *first = NULL;

      while (line < len && line < 60 && data[line] != '\r' && data[line] != '\n')
        line++;
      first = g_utf8_make_valid ((const char *) data, (gssize) line);
      return g_strdup_printf ("%s (%" G_GSIZE_FORMAT " bytes)", first, len);
    }
  return g_strdup (e->detail);
}

static LabStep *
new_step (GPtrArray *steps, LabStepKind kind, const LabEvent *e, gboolean attacker)
{
  LabStep *step = g_new0 (LabStep, 1);

  step->index = steps->len;
  step->kind = kind;
  step->connection = e->connection;
  step->phase = e->phase;
  step->sender = e->side;
  step->direction = e->direction;
  step->from = e->side;
  step->to = receiver_of (e->side, e->direction, attacker);
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

/* The cipher suite a ServerHello chose (RFC 5246 §7.4.1.3), or NULL. */
const LabCipherSuite *
lab_steps_chosen_suite (const LabEvent *server_hello)
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

/* Steps stand in the order their bytes crossed the wire: a side notes what it sent once
 * its write returns, and by then the other side may already have answered. A side's
 * close comes after the last record it sent, even where the trace lists that record
 * later. Keys are four times the events' places, so that a close can sit just after its
 * last record, and the TCP steps of a man in the middle in between. */
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
      return 4 * last + 2;
    }
  /* The man in the middle saw everything, on one thread, and sends each of its messages
   * only once the one it stands for has arrived: its own view of a step is when the
   * step happened, and its order the order of the attack. */
  if (lab_step_involves_attacker (step))
    {
      int attacker = step->from == LAB_SIDE_ATTACKER ? step->event : step->received_event;
      if (attacker >= 0)
        return 4 * attacker;
    }
  sent = step->record_event >= 0 ? step->record_event : step->event;
  /* A receiver that saw its message before the sender noted it was quicker than the
   * sender's note: what counts is when it crossed. */
  if (step->received_event >= 0 && step->received_event < sent)
    return 4 * step->received_event;
  return 4 * sent;
}

static LabStep *
find_tcp (GPtrArray *steps, guint connection, const char *title, LabSide from, LabSide to)
{
  for (guint i = 0; i < steps->len; i++)
    {
      LabStep *step = g_ptr_array_index (steps, i);
      if (step->kind == LAB_STEP_TCP && step->connection == connection && step->from == from
          && step->to == to && g_str_equal (step->title, title))
        return step;
    }
  return NULL;
}

/* With a man in the middle each side notes its connect() or accept() on its own thread,
 * in whatever order the threads ran. They are taught in the order they must have come:
 * the client connects, Mallory accepts, Mallory connects to the server, the server
 * accepts. A side's close comes after the last message it sent that way, which stands
 * where Mallory read it (the closing side may have noted its close first). */
static void
order_attacker_tcp (GPtrArray *steps)
{
  for (guint i = 0; i < steps->len; i++)
    {
      LabStep *close = g_ptr_array_index (steps, i);

      if (close->kind != LAB_STEP_CLOSE)
        continue;
      for (guint j = 0; j < steps->len; j++)
        {
          const LabStep *s = g_ptr_array_index (steps, j);
          if (s != close && s->kind != LAB_STEP_CLOSE && s->from == close->from
              && s->to == close->to && s->connection == close->connection
              && s->event >= 0 && s->event < close->event && s->sort_key >= close->sort_key)
            close->sort_key = s->sort_key + 2;
        }
    }
  for (guint c = 0; c < 2; c++)
    {
      LabStep *client_connect = find_tcp (steps, c, "TCP connect", LAB_SIDE_CLIENT,
                                          LAB_SIDE_ATTACKER);
      LabStep *attacker_accept = find_tcp (steps, c, "TCP accept", LAB_SIDE_ATTACKER,
                                           LAB_SIDE_CLIENT);
      LabStep *attacker_connect = find_tcp (steps, c, "TCP connect", LAB_SIDE_ATTACKER,
                                            LAB_SIDE_SERVER);
      LabStep *server_accept = find_tcp (steps, c, "TCP accept", LAB_SIDE_SERVER,
                                         LAB_SIDE_ATTACKER);

      if (client_connect != NULL && attacker_accept != NULL)
        attacker_accept->sort_key = client_connect->sort_key + 1;
      if (attacker_accept != NULL && attacker_connect != NULL
          && attacker_connect->sort_key <= attacker_accept->sort_key)
        attacker_connect->sort_key = attacker_accept->sort_key + 1;
      if (attacker_connect != NULL && server_accept != NULL)
        server_accept->sort_key = attacker_connect->sort_key + 1;
    }
}

/* A received ChangeCipherSpec leaves no event of its own (OpenSSL's message callback
 * sees only its header), so step_time cannot move it to when its receiver got it: it
 * goes with the message its sender sent next, the Finished. */
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
          if (s->kind == LAB_STEP_MESSAGE && s->from == ccs->from && s->to == ccs->to
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
  /* per kind, direction, and whether the attacker sent it */
  guint sent_count[LAB_EVENT_OUTCOME + 1][2][2] = { { { 0 } } };
  GHashTable *claimed = g_hash_table_new (NULL, NULL); /* record seqs tied to a step */
  GHashTable *received_views = index_received (trace);
  const LabCipherSuite *suite = NULL; /* once the ServerHello chose one: how to read the
                                       * key exchange messages */
  guint n = lab_trace_get_n_events (trace);
  gboolean attacker = trace_has_attacker (trace);

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
          step = new_step (steps, close ? LAB_STEP_CLOSE : LAB_STEP_TCP, e, attacker);
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
                       e, attacker);
      step->title = g_strdup (e->kind == LAB_EVENT_APP_DATA ? "Application data" : e->name);
      /* (a man in the middle's two connections choose alike: its contexts copy the
       * scenario's settings) */
      if (e->kind == LAB_EVENT_MESSAGE && e->handshake_type == LAB_HS_SERVER_HELLO)
        suite = lab_steps_chosen_suite (e);
      step->facts = facts_for (e, suite);
      step->is_fatal = e->kind == LAB_EVENT_ALERT && e->alert_level == 2;
      {
        const LabEvent *record = take_record (&queues, e->direction, type);
        const LabEvent *received;
        guint ordinal = sent_count[e->kind][dir_index (e->direction)]
                                  [e->side == LAB_SIDE_ATTACKER]++;

        link_record (step, record);
        if (record != NULL)
          g_hash_table_add (claimed, GUINT_TO_POINTER (record->seq));
        received = find_received (received_views, e, step->to, ordinal);
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
      step = new_step (steps, LAB_STEP_WIRE, e, attacker);
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
                                                                   : LAB_STEP_APP_DATA,
                       e, attacker);
      step->sender = step->from = e->direction == LAB_DIRECTION_CLIENT_TO_SERVER
                                    ? LAB_SIDE_CLIENT
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
  if (attacker)
    order_attacker_tcp (steps);
  keep_ccs_before_finished (steps);
  g_ptr_array_sort (steps, compare_steps);
  for (guint i = 0; i < steps->len; i++)
    ((LabStep *) g_ptr_array_index (steps, i))->index = i;
  /* What a failed first connection never reached; a failed resumption is its own story. */
  if (lab_trace_get_outcome (trace) != NULL
      && lab_trace_get_outcome (trace)->result != LAB_RESULT_SUCCESS && steps->len > 0
      && ((LabStep *) g_ptr_array_index (steps, steps->len - 1))->connection == 0)
    lab_steps_append_never_happened (steps, trace, attacker);

  for (guint d = 0; d < 2; d++)
    for (guint t = 0; t < 256; t++)
      g_clear_pointer (&queues.records[d][t], g_ptr_array_unref);
  g_hash_table_unref (claimed);
  g_hash_table_unref (received_views);
  return steps;
}
