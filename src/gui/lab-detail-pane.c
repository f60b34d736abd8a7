/* lab-detail-pane.c: computes what the tabs share for a step (its bytes, their field
 * tree, the run's cipher suite) once, and links the Fields and Bytes tabs.
 *
 * The link cannot feed back: the field list emits "field-selected" and the hex view
 * "byte-activated" only for what the learner did, never for a selection set from code.
 * So the pane sets both views itself, here, and each answer to the learner ends at the
 * other view. */
#include "lab-detail-pane.h"
#include "lab-detail-bytes.h"
#include "lab-detail-certificates.h"
#include "lab-detail-fields.h"
#include "lab-detail-keys.h"
#include "lab-detail-record.h"

struct _LabDetailPane
{
  AdwBin parent_instance;

  AdwViewStack *stack;
  LabDetailFields *fields;
  LabDetailBytes *bytes;
  LabDetailKeys *keys;
  LabDetailRecord *record;
  LabDetailCertificates *certificates;
  AdwViewStackPage *certificates_page;

  LabTrace *trace;
  GPtrArray *steps;
  const LabCipherSuite *suite;
  LabStepBytes *step_bytes;
  int step_index;   /* the step on show; -2 when the run has changed since */
};

G_DEFINE_FINAL_TYPE (LabDetailPane, lab_detail_pane, ADW_TYPE_BIN)

void
lab_detail_pane_set_run (LabDetailPane *self, LabTrace *trace, GPtrArray *steps)
{
  g_return_if_fail (LAB_IS_DETAIL_PANE (self));

  g_set_object (&self->trace, trace);
  g_clear_pointer (&self->steps, g_ptr_array_unref);
  self->steps = steps ? g_ptr_array_ref (steps) : NULL;
  self->suite = trace && steps ? lab_step_bytes_run_suite (trace, steps) : NULL;
  self->step_index = -2;
  lab_detail_certificates_set_trace (self->certificates, trace);
  adw_view_stack_page_set_needs_attention (
    self->certificates_page, lab_detail_certificates_has_failure (self->certificates));
}

void
lab_detail_pane_set_step (LabDetailPane *self, int index)
{
  const LabStep *step = NULL;

  g_return_if_fail (LAB_IS_DETAIL_PANE (self));

  /* Telling the pane again keeps what the learner (or a lesson) selected on the step. */
  if (index == self->step_index)
    return;
  self->step_index = index;
  if (self->steps != NULL && index >= 0 && (guint) index < self->steps->len)
    step = g_ptr_array_index (self->steps, index);
  g_clear_pointer (&self->step_bytes, lab_step_bytes_free);
  if (step != NULL)
    self->step_bytes = lab_step_bytes_new (self->trace, step, self->suite);

  lab_detail_bytes_set_step (self->bytes, self->step_bytes);
  lab_detail_fields_set_step (self->fields, step, self->steps ? self->steps->len : 0,
                              self->step_bytes);
  lab_detail_keys_set_step (self->keys, self->trace, step);
  lab_detail_record_set_step (self->record, self->trace, step, self->suite);
}

void
lab_detail_pane_show_tab (LabDetailPane *self, const char *name)
{
  g_return_if_fail (LAB_IS_DETAIL_PANE (self));
  adw_view_stack_set_visible_child_name (self->stack, name);
}

const char *
lab_detail_pane_get_tab (LabDetailPane *self)
{
  return adw_view_stack_get_visible_child_name (self->stack);
}

void
lab_detail_pane_show_bytes (LabDetailPane *self, gsize offset, gsize length)
{
  g_return_if_fail (LAB_IS_DETAIL_PANE (self));

  lab_detail_fields_select_offset (self->fields, offset);
  lab_detail_bytes_highlight (self->bytes, offset, length);
  lab_detail_pane_show_tab (self, "bytes");
}

void
lab_detail_pane_show_record_bytes (LabDetailPane *self, gsize offset, gsize length)
{
  gsize shown;

  g_return_if_fail (LAB_IS_DETAIL_PANE (self));

  lab_detail_pane_show_tab (self, "bytes");
  if (length == 0)
    return;
  if (self->step_bytes != NULL
      && lab_step_bytes_offset_from_record (self->step_bytes, offset, &shown))
    lab_detail_pane_show_bytes (self, shown,
                                MIN (length, g_bytes_get_size (self->step_bytes->bytes) - shown));
  lab_detail_bytes_highlight_forwarded (self->bytes, offset, length);
}

gboolean
lab_detail_pane_select_field (LabDetailPane *self, const char *path)
{
  LabField *root = self->step_bytes ? self->step_bytes->root : NULL;
  g_autofree char *full = NULL;
  LabField *field;

  g_return_val_if_fail (LAB_IS_DETAIL_PANE (self), FALSE);

  if (path == NULL)
    {
      lab_detail_fields_select_field (self->fields, NULL);
      lab_detail_bytes_highlight (self->bytes, 0, 0);
      return TRUE;
    }
  if (root == NULL)
    return FALSE;
  /* As lessons name it: within the message, "random" for "ClientHello.random". */
  full = g_strdup_printf ("%s.%s", root->name, path);
  field = lab_field_lookup (root, full);
  if (field == NULL || !lab_detail_fields_select_field (self->fields, field))
    return FALSE;
  lab_detail_bytes_highlight (self->bytes, field->offset, field->length);
  lab_detail_pane_show_tab (self, "fields");
  return TRUE;
}

GtkWidget *
lab_detail_pane_get_page (LabDetailPane *self, const char *name)
{
  g_return_val_if_fail (LAB_IS_DETAIL_PANE (self), NULL);
  return adw_view_stack_get_child_by_name (self->stack, name);
}

const char *
lab_detail_pane_get_heading (LabDetailPane *self)
{
  g_return_val_if_fail (LAB_IS_DETAIL_PANE (self), NULL);
  return lab_detail_fields_get_heading (self->fields);
}

/* The learner chose a field: its bytes light up. */
static void
field_selected (LabDetailFields *fields, guint64 offset, guint64 length, LabDetailPane *self)
{
  lab_detail_bytes_highlight (self->bytes, offset, length);
}

/* The learner moved to a byte: the field around it is selected, and all its bytes light
 * up. */
static void
byte_activated (LabDetailBytes *bytes, guint offset, LabDetailPane *self)
{
  LabField *field;

  lab_detail_fields_select_offset (self->fields, offset);
  field = lab_detail_fields_get_selected (self->fields);
  if (field != NULL)
    lab_detail_bytes_highlight (self->bytes, field->offset, field->length);
}

static void
lab_detail_pane_dispose (GObject *object)
{
  LabDetailPane *self = LAB_DETAIL_PANE (object);

  g_clear_object (&self->trace);
  g_clear_pointer (&self->steps, g_ptr_array_unref);
  g_clear_pointer (&self->step_bytes, lab_step_bytes_free);
  gtk_widget_dispose_template (GTK_WIDGET (object), LAB_TYPE_DETAIL_PANE);
  G_OBJECT_CLASS (lab_detail_pane_parent_class)->dispose (object);
}

static void
lab_detail_pane_class_init (LabDetailPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lab_detail_pane_dispose;
  g_type_ensure (LAB_TYPE_DETAIL_FIELDS);
  g_type_ensure (LAB_TYPE_DETAIL_BYTES);
  g_type_ensure (LAB_TYPE_DETAIL_KEYS);
  g_type_ensure (LAB_TYPE_DETAIL_RECORD);
  g_type_ensure (LAB_TYPE_DETAIL_CERTIFICATES);
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/handshakelab/HandshakeLab/ui/lab-detail-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, LabDetailPane, stack);
  gtk_widget_class_bind_template_child (widget_class, LabDetailPane, fields);
  gtk_widget_class_bind_template_child (widget_class, LabDetailPane, bytes);
  gtk_widget_class_bind_template_child (widget_class, LabDetailPane, keys);
  gtk_widget_class_bind_template_child (widget_class, LabDetailPane, record);
  gtk_widget_class_bind_template_child (widget_class, LabDetailPane, certificates);
  gtk_widget_class_bind_template_child (widget_class, LabDetailPane, certificates_page);
  gtk_widget_class_bind_template_callback (widget_class, field_selected);
  gtk_widget_class_bind_template_callback (widget_class, byte_activated);
}

static void
lab_detail_pane_init (LabDetailPane *self)
{
  self->step_index = -2;
  gtk_widget_init_template (GTK_WIDGET (self));
}
