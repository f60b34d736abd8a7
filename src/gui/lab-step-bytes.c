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

LabStepBytes *
lab_step_bytes_new (LabTrace *trace, const LabStep *step, const LabCipherSuite *suite)
{
  LabStepBytes *self = g_new0 (LabStepBytes, 1);
  const LabEvent *sent = event_at (trace, step->event);
  const LabEvent *record = event_at (trace, step->record_event);
  LabDissectOptions options = { .suite = suite };

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
  g_free (self->what);
  g_free (self);
}
