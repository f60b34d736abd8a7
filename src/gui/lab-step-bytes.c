/* lab-step-bytes.c: the window never reads TLS bytes itself; the dissector does. */
#include "lab-step-bytes.h"
#include "tls/lab-dissect.h"

#include <string.h>

static const LabEvent *
event_at (LabTrace *trace, int seq)
{
  return seq >= 0 ? lab_trace_get_event (trace, (guint) seq) : NULL;
}

const LabCipherSuite *
lab_step_bytes_run_suite (LabTrace *trace, GPtrArray *steps)
{
  for (guint i = 0; i < steps->len; i++)
    {
      const LabStep *step = g_ptr_array_index (steps, i);
      const LabEvent *e = event_at (trace, step->event);
      g_autoptr (LabField) root = NULL;
      LabField *suite;

      if (e == NULL || e->kind != LAB_EVENT_MESSAGE
          || e->handshake_type != LAB_HS_SERVER_HELLO || e->bytes == NULL)
        continue;
      root = lab_dissect_message (e->bytes, &(LabDissectOptions){ 0 });
      suite = lab_field_lookup (root, "ServerHello.cipher_suite");
      if (suite != NULL && suite->has_number)
        return lab_cipher_suite_lookup ((guint16) suite->number);
    }
  return NULL;
}

/* A column, as a sentence names it. */
static const char *
who (LabSide column)
{
  return column == LAB_SIDE_ATTACKER ? "Mallory"
         : column == LAB_SIDE_CLIENT ? "the client"
                                     : "the server";
}

static void
view_free (gpointer data)
{
  LabStepView *view = data;

  g_free (view->label);
  g_free (view->what);
  g_clear_pointer (&view->bytes, g_bytes_unref);
  g_clear_pointer (&view->root, lab_field_unref);
  g_free (view);
}

static LabStepView *
view_new (const LabEvent *e, const LabCipherSuite *suite, char *label, char *what)
{
  LabStepView *view = g_new0 (LabStepView, 1);

  view->label = label;
  view->what = what;
  view->bytes = g_bytes_ref (e->bytes);
  view->root = lab_dissect_message (view->bytes, &(LabDissectOptions){ .suite = suite });
  return view;
}

/* A man in the middle's step, as the peer at its end saw it: the client or the server
 * at one end, Mallory at the other. */
static LabStepView *
peer_view (LabTrace *trace, const LabStep *step, const LabCipherSuite *suite)
{
  const LabEvent *sent = event_at (trace, step->event);
  const LabEvent *received = event_at (trace, step->received_event);
  const char *peer = lab_step_column_name (step->from == LAB_SIDE_ATTACKER ? step->to
                                                                           : step->from);

  if (sent == NULL || sent->kind != LAB_EVENT_MESSAGE || sent->bytes == NULL)
    return NULL;
  if (step->from != LAB_SIDE_ATTACKER)
    return view_new (sent, suite, g_strdup_printf ("As the %s sent it", peer),
                     g_strdup_printf ("the %s as the %s sent it, to Mallory", sent->name, peer));
  if (received != NULL && received->bytes != NULL)
    return view_new (received, suite, g_strdup_printf ("As the %s received it", peer),
                     g_strdup_printf ("the %s as the %s received it, from Mallory",
                                      received->name, peer));
  return view_new (sent, suite, g_strdup_printf ("As Mallory sent it to the %s", peer),
                   g_strdup_printf ("the %s as Mallory sent it to the %s, who never read it",
                                    sent->name, peer));
}

/* Is the view the client's (TRUE) or the server's? */
static gboolean
clients_view (const LabStep *step)
{
  return step->from == LAB_SIDE_CLIENT || step->to == LAB_SIDE_CLIENT;
}

/* The client's and the server's view of the message, when they differ. */
static void
find_views (LabStepBytes *self, LabTrace *trace, GPtrArray *steps, const LabStep *step,
            const LabCipherSuite *suite)
{
  const LabEvent *sent = event_at (trace, step->event);
  const LabEvent *received = event_at (trace, step->received_event);
  LabStepView *own = NULL, *other = NULL;
  gboolean own_first;

  if (lab_step_involves_attacker (step))
    {
      int counterpart = steps ? lab_steps_counterpart (steps, step) : -1;

      own = peer_view (trace, step, suite);
      if (counterpart >= 0)
        other = peer_view (trace, g_ptr_array_index (steps, counterpart), suite);
      own_first = clients_view (step);
    }
  else if (sent != NULL && sent->kind == LAB_EVENT_MESSAGE && sent->bytes != NULL)
    {
      const char *sender = lab_side_name (sent->side);

      own = view_new (sent, suite, g_strdup_printf ("As the %s sent it", sender),
                      g_strdup_printf ("the %s as the %s sent it", sent->name, sender));
      if (step->received_differs && received != NULL && received->bytes != NULL)
        other = view_new (received, suite,
                          g_strdup_printf ("As the %s received it",
                                           lab_side_name (received->side)),
                          g_strdup_printf ("the %s as the %s received it", received->name,
                                           lab_side_name (received->side)));
      own_first = sent->side == LAB_SIDE_CLIENT;
    }
  if (own == NULL)
    return;
  if (other != NULL && g_bytes_equal (own->bytes, other->bytes))
    g_clear_pointer (&other, view_free);
  g_ptr_array_add (self->views, own_first || other == NULL ? own : other);
  if (other != NULL)
    g_ptr_array_add (self->views, own_first ? other : own);
  lab_step_bytes_set_view (self, own_first || other == NULL ? 0 : 1);
  /* one view alone needs no choosing */
  if (other == NULL)
    g_ptr_array_set_size (self->views, 0);
}

void
lab_step_bytes_set_view (LabStepBytes *self, guint index)
{
  LabStepView *view;

  g_return_if_fail (index < self->views->len);
  view = g_ptr_array_index (self->views, index);
  self->view = index;
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->root, lab_field_unref);
  g_free (self->what);
  self->bytes = g_bytes_ref (view->bytes);
  self->root = view->root ? lab_field_ref (view->root) : NULL;
  self->what = g_strdup (view->what);
}

LabStepBytes *
lab_step_bytes_new (LabTrace *trace, GPtrArray *steps, const LabStep *step,
                    const LabCipherSuite *suite)
{
  LabStepBytes *self = g_new0 (LabStepBytes, 1);
  const LabEvent *sent = event_at (trace, step->event);
  const LabEvent *record = event_at (trace, step->record_event);
  LabDissectOptions options = { .suite = suite };

  self->views = g_ptr_array_new_with_free_func (view_free);
  if (sent != NULL && sent->kind == LAB_EVENT_MESSAGE)
    {
      const LabHandshakeTypeInfo *info = lab_handshake_type_lookup (sent->handshake_type);
      self->explanation_key = info ? info->explanation_key : NULL;
    }
  else if (sent != NULL && sent->kind == LAB_EVENT_ALERT)
    {
      const LabAlertInfo *info = lab_alert_lookup (sent->alert_description);
      self->explanation_key = info ? info->explanation_key : NULL;
    }
  else if (record != NULL)
    {
      const LabContentTypeInfo *info = lab_content_type_lookup (record->content_type);
      self->explanation_key = info ? info->explanation_key : NULL;
    }
  if (record != NULL)
    {
      self->record = g_bytes_ref (record->bytes);
      if (record->forwarded != NULL)
        self->forwarded = g_bytes_ref (record->forwarded);
    }
  find_views (self, trace, steps, step, suite);
  if (self->bytes != NULL)
    return self;
  if (sent != NULL && sent->kind == LAB_EVENT_MESSAGE && sent->bytes != NULL)
    {
      self->bytes = g_bytes_ref (sent->bytes);
      self->root = lab_dissect_message (self->bytes, &options);
      self->what = g_strdup_printf ("the %s as the %s sent it", sent->name,
                                    lab_side_name (sent->side));
    }
  else if (record != NULL)
    {
      options.encrypted = record->encrypted;
      self->bytes = g_bytes_ref (record->bytes);
      self->root = lab_dissect_record (self->bytes, &options);
      self->what = g_strdup_printf ("the record on the wire, as the %s sent it",
                                    lab_side_name (step->sender));
    }
  else if (sent != NULL && sent->bytes != NULL && g_bytes_get_size (sent->bytes) > 0)
    {
      /* A man in the middle's connections are two TLS connections of their own, through
       * no wire that records records: what the sender wrote is all there is. */
      self->bytes = g_bytes_ref (sent->bytes);
      self->what = g_strdup_printf ("the %s %s wrote for %s (the lab keeps no records of a man "
                                    "in the middle's connections)",
                                    sent->kind == LAB_EVENT_APP_DATA ? "plaintext" : "content",
                                    who (step->from), who (step->to));
    }
  return self;
}

gboolean
lab_step_bytes_offset_from_record (const LabStepBytes *self, gsize record_offset, gsize *offset)
{
  gsize record_len, len;
  const guint8 *record, *shown, *at;

  if (self->record == NULL || self->bytes == NULL)
    return FALSE;
  record = g_bytes_get_data (self->record, &record_len);
  shown = g_bytes_get_data (self->bytes, &len);
  /* A message travels whole in the plaintext record that carries it; an encrypted
   * record's bytes have no place in the message. */
  at = len > 0 ? memmem (record, record_len, shown, len) : NULL;
  if (at == NULL || record_offset < (gsize) (at - record)
      || record_offset >= (gsize) (at - record) + len)
    return FALSE;
  *offset = record_offset - (gsize) (at - record);
  return TRUE;
}

void
lab_step_bytes_free (LabStepBytes *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->root, lab_field_unref);
  g_clear_pointer (&self->record, g_bytes_unref);
  g_clear_pointer (&self->forwarded, g_bytes_unref);
  g_clear_pointer (&self->views, g_ptr_array_unref);
  g_free (self->what);
  g_free (self);
}
