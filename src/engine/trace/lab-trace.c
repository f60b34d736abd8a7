/* lab-trace.c: the append-then-freeze event list behind every view. */
#include "lab-trace.h"

#include <string.h>

struct _LabTrace
{
  GObject parent_instance;

  GMutex lock;
  GPtrArray *events; /* LabEvent, owned */
  gint64 start_us;
  LabPhase phase;
  LabOutcome outcome;
  gboolean frozen;
  /* lab_trace_begin_analysis to lab_trace_finish: the lab still adds to the trace on the
   * analyst's thread, and every other reader waits on `analysed` */
  gboolean analysing;
  GThread *analyst;
  GCond analysed;
  gboolean keep_all;       /* no cap: a capture, already bounded by its file */
  guint kept_app_records;  /* application-data records kept whole */
  guint counted_records;   /* ... and those past the cap, only counted */
  guint64 counted_bytes;
};

/* However much data flows, a trace keeps the first application-data records whole (they
 * are the ones a learner opens) and only counts the rest, so memory stays bounded. */
#define KEEP_APP_RECORDS 64

G_DEFINE_FINAL_TYPE (LabTrace, lab_trace, G_TYPE_OBJECT)

static void
named_bytes_free (gpointer data)
{
  LabNamedBytes *nb = data;

  g_free (nb->name);
  g_clear_pointer (&nb->value, g_bytes_unref);
  g_free (nb);
}

LabEvent *
lab_event_new (LabEventKind kind, LabSide side)
{
  LabEvent *event = g_new0 (LabEvent, 1);

  event->kind = kind;
  event->side = side;
  event->depth = -1;
  return event;
}

LabEvent *
lab_event_new_keylog (LabSide side, const char *line)
{
  LabEvent *event = lab_event_new (LAB_EVENT_KEYLOG, side);

  event->name = g_strndup (line, strcspn (line, " "));
  event->detail = g_strdup (line);
  return event;
}

void
lab_event_free (LabEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->name);
  g_free (event->detail);
  g_clear_pointer (&event->bytes, g_bytes_unref);
  g_clear_pointer (&event->forwarded, g_bytes_unref);
  g_free (event->wire_action);
  g_free (event->verify_error_string);
  g_free (event->subject);
  g_free (event->formula);
  g_clear_pointer (&event->inputs, g_ptr_array_unref);
  g_clear_pointer (&event->decryption, lab_record_decryption_free);
  g_clear_pointer (&event->forwarded_decryption, lab_record_decryption_free);
  g_free (event);
}

void
lab_event_add_input (LabEvent *event, const char *name, GBytes *value)
{
  LabNamedBytes *nb = g_new0 (LabNamedBytes, 1);

  nb->name = g_strdup (name);
  nb->value = value ? g_bytes_ref (value) : NULL;
  if (event->inputs == NULL)
    event->inputs = g_ptr_array_new_with_free_func (named_bytes_free);
  g_ptr_array_add (event->inputs, nb);
}

static void
lab_trace_finalize (GObject *object)
{
  LabTrace *self = LAB_TRACE (object);

  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_free (self->outcome.reason);
  g_free (self->outcome.cause);
  g_free (self->outcome.intercepted);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->analysed);
  G_OBJECT_CLASS (lab_trace_parent_class)->finalize (object);
}

static void
lab_trace_class_init (LabTraceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lab_trace_finalize;
}

static void
lab_trace_init (LabTrace *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->analysed);
  self->events = g_ptr_array_new_with_free_func ((GDestroyNotify) lab_event_free);
  self->start_us = g_get_monotonic_time ();
  self->outcome.alert = -1;
  self->outcome.cause_event = -1;
}

LabTrace *
lab_trace_new (void)
{
  return g_object_new (LAB_TYPE_TRACE, NULL);
}

gboolean
lab_trace_count_record (LabTrace *self, guint8 content_type, gsize len)
{
  gboolean counted = FALSE;

  if (content_type != LAB_CONTENT_APPLICATION_DATA)
    return FALSE;
  g_mutex_lock (&self->lock);
  if (!self->keep_all && !self->frozen && self->kept_app_records >= KEEP_APP_RECORDS)
    {
      self->counted_records++;
      self->counted_bytes += len;
      counted = TRUE;
    }
  g_mutex_unlock (&self->lock);
  return counted;
}

void
lab_trace_keep_all_records (LabTrace *self)
{
  self->keep_all = TRUE;
}

gboolean
lab_trace_is_from_capture (LabTrace *self)
{
  return self->keep_all;
}

/* Called with the lock held, by every reader: a trace still being analysed is not yet
 * there to be read, except by its analyst. */
static void
await_analysis (LabTrace *self)
{
  while (self->analysing && self->analyst != g_thread_self ())
    g_cond_wait (&self->analysed, &self->lock);
}

void
lab_trace_begin_analysis (LabTrace *self)
{
  g_mutex_lock (&self->lock);
  self->analysing = TRUE;
  self->analyst = NULL;
  g_mutex_unlock (&self->lock);
}

void
lab_trace_become_analyst (LabTrace *self)
{
  g_mutex_lock (&self->lock);
  g_warn_if_fail (self->analysing);
  self->analyst = g_thread_self ();
  g_mutex_unlock (&self->lock);
}

guint
lab_trace_get_n_events (LabTrace *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  await_analysis (self);
  n = self->events->len;
  g_mutex_unlock (&self->lock);
  return n;
}

const LabEvent *
lab_trace_get_event (LabTrace *self, guint seq)
{
  const LabEvent *event = NULL;

  g_mutex_lock (&self->lock);
  await_analysis (self);
  if (seq < self->events->len)
    event = g_ptr_array_index (self->events, seq);
  g_mutex_unlock (&self->lock);
  return event;
}

gboolean
lab_trace_is_frozen (LabTrace *self)
{
  gboolean frozen;

  g_mutex_lock (&self->lock);
  await_analysis (self);
  frozen = self->frozen;
  g_mutex_unlock (&self->lock);
  return frozen;
}

/* the outcome never changes once the trace is frozen */
const LabOutcome *
lab_trace_get_outcome (LabTrace *self)
{
  return lab_trace_is_frozen (self) ? &self->outcome : NULL;
}

guint
lab_trace_append (LabTrace *self, LabEvent *event)
{
  guint seq;

  g_mutex_lock (&self->lock);
  if (self->frozen)
    {
      g_mutex_unlock (&self->lock);
      g_critical ("event appended to a frozen trace");
      lab_event_free (event);
      return G_MAXUINT;
    }
  if (event->kind == LAB_EVENT_RECORD && event->content_type == LAB_CONTENT_APPLICATION_DATA
      && !self->keep_all && self->kept_app_records++ >= KEEP_APP_RECORDS)
    {
      self->counted_records++;
      self->counted_bytes += event->bytes ? g_bytes_get_size (event->bytes) : 0;
      g_mutex_unlock (&self->lock);
      lab_event_free (event);
      return G_MAXUINT;
    }
  event->seq = seq = self->events->len;
  event->time_us = g_get_monotonic_time () - self->start_us;
  if (event->phase == LAB_PHASE_NONE)
    event->phase = self->phase != LAB_PHASE_NONE ? self->phase : LAB_PHASE_CONNECTION;
  /* a renegotiation is a detour: the record protocol goes on after it */
  if (event->phase > self->phase
      || (self->phase == LAB_PHASE_RENEGOTIATION && event->phase == LAB_PHASE_RECORD))
    self->phase = event->phase;
  g_ptr_array_add (self->events, event);
  g_mutex_unlock (&self->lock);
  return seq;
}

guint
lab_trace_insert_after (LabTrace *self, guint after, LabEvent *event)
{
  guint seq;

  g_mutex_lock (&self->lock);
  if (self->frozen || after >= self->events->len)
    {
      g_mutex_unlock (&self->lock);
      return lab_trace_append (self, event);
    }
  seq = after + 1;
  event->time_us = ((LabEvent *) g_ptr_array_index (self->events, after))->time_us;
  if (event->phase == LAB_PHASE_NONE)
    event->phase = ((LabEvent *) g_ptr_array_index (self->events, after))->phase;
  g_ptr_array_insert (self->events, (gint) seq, event);
  for (guint i = seq; i < self->events->len; i++)
    ((LabEvent *) g_ptr_array_index (self->events, i))->seq = i;
  g_mutex_unlock (&self->lock);
  return seq;
}

void
lab_trace_attach_decryption (LabTrace *self, guint seq, LabRecordDecryption *decryption,
                             gboolean of_forwarded)
{
  LabEvent *event;

  g_mutex_lock (&self->lock);
  if (self->frozen || seq >= self->events->len)
    {
      g_mutex_unlock (&self->lock);
      g_critical ("decryption attached to a frozen trace or a missing event");
      lab_record_decryption_free (decryption);
      return;
    }
  event = g_ptr_array_index (self->events, seq);
  if (of_forwarded)
    {
      g_clear_pointer (&event->forwarded_decryption, lab_record_decryption_free);
      event->forwarded_decryption = decryption;
    }
  else
    {
      g_clear_pointer (&event->decryption, lab_record_decryption_free);
      event->decryption = decryption;
    }
  g_mutex_unlock (&self->lock);
}

void
lab_trace_finish (LabTrace *self, LabOutcome *outcome)
{
  LabEvent *event;

  if (self->counted_records > 0)
    {
      LabEvent *summary = lab_event_new (LAB_EVENT_STATE, LAB_SIDE_LAB);
      summary->phase = LAB_PHASE_RECORD;
      summary->name = g_strdup ("records counted, not kept");
      summary->detail = g_strdup_printf (
        "%u more application-data records (%" G_GUINT64_FORMAT " bytes) crossed the wire "
        "after the first %u; the trace counts them instead of keeping them",
        self->counted_records, self->counted_bytes, KEEP_APP_RECORDS);
      lab_trace_append (self, summary);
    }
  event = lab_event_new (LAB_EVENT_OUTCOME, LAB_SIDE_LAB);

  event->name = g_strdup (lab_result_name (outcome->result));
  event->detail = g_strdup (outcome->reason);
  if (outcome->alert >= 0)
    event->alert_description = (guint8) outcome->alert;
  lab_trace_append (self, event);

  g_mutex_lock (&self->lock);
  self->outcome = *outcome;
  outcome->reason = NULL; /* ownership moved */
  outcome->cause = NULL;
  outcome->intercepted = NULL;
  self->frozen = TRUE;
  self->analysing = FALSE;
  self->analyst = NULL;
  g_cond_broadcast (&self->analysed);
  g_mutex_unlock (&self->lock);
}

const char *
lab_event_kind_name (LabEventKind kind)
{
  static const char *const names[] = {
    [LAB_EVENT_TCP] = "tcp",       [LAB_EVENT_RECORD] = "record",
    [LAB_EVENT_MESSAGE] = "message", [LAB_EVENT_CCS] = "ccs",
    [LAB_EVENT_ALERT] = "alert",   [LAB_EVENT_STATE] = "state",
    [LAB_EVENT_VERIFY] = "verify", [LAB_EVENT_KEYLOG] = "keylog",
    [LAB_EVENT_APP_DATA] = "app-data", [LAB_EVENT_SECRET] = "secret",
    [LAB_EVENT_ERROR] = "error",   [LAB_EVENT_OUTCOME] = "outcome",
  };
  return names[kind];
}

const char *
lab_side_name (LabSide side)
{
  static const char *const names[] = { [LAB_SIDE_CLIENT] = "client", [LAB_SIDE_SERVER] = "server",
                                       [LAB_SIDE_WIRE] = "wire", [LAB_SIDE_LAB] = "lab",
                                       [LAB_SIDE_ATTACKER] = "attacker" };
  return names[side];
}

const char *
lab_direction_name (LabDirection direction)
{
  static const char *const names[] = { [LAB_DIRECTION_NONE] = "none",
                                       [LAB_DIRECTION_CLIENT_TO_SERVER] = "client-to-server",
                                       [LAB_DIRECTION_SERVER_TO_CLIENT] = "server-to-client" };
  return names[direction];
}

gboolean
lab_outcome_is_good (const LabOutcome *outcome)
{
  return outcome->result == LAB_RESULT_SUCCESS && outcome->intercepted == NULL;
}

const char *
lab_result_name (LabResult result)
{
  static const char *const names[] = { [LAB_RESULT_SUCCESS] = "success",
                                       [LAB_RESULT_ALERT] = "alert",
                                       [LAB_RESULT_TIMEOUT] = "timeout",
                                       [LAB_RESULT_ERROR] = "error" };
  return names[result];
}

const char *
lab_match_name (LabMatch match)
{
  static const char *const names[] = {
    [LAB_MATCH_NO_EVIDENCE] = "no-evidence",          [LAB_MATCH_YES] = "matches",
    [LAB_MATCH_IMPLIED] = "implied-by-master-secret", [LAB_MATCH_OPENED_RECORD] = "opened-record",
    [LAB_MATCH_NOT_OPENED] = "did-not-open-record",   [LAB_MATCH_NO] = "differs",
  };
  return names[match];
}

char *
lab_event_match_text (const LabEvent *event)
{
  g_autoptr (GString) text = g_string_new (lab_match_name (event->match));

  if (event->n_evidence_records > 1 && event->match == LAB_MATCH_OPENED_RECORD)
    g_string_insert_c (text, strlen ("opened-record"), 's');
  for (guint i = 0; i < event->n_evidence_records; i++)
    g_string_append_printf (text, " %u", event->evidence_records[i]);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

gboolean
lab_match_is_failure (LabMatch match)
{
  return match == LAB_MATCH_NO || match == LAB_MATCH_NOT_OPENED;
}
