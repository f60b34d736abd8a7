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
  GtkBox *view_switch;
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

/* The view switch shows over the tabs that show the message: Fields and Bytes. */
static void
update_view_switch (LabDetailPane *self)
{
  const char *tab = self->stack ? adw_view_stack_get_visible_child_name (self->stack) : NULL;

  if (self->view_switch == NULL)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->view_switch),
                          self->step_bytes != NULL && self->step_bytes->views->len > 1
                            && (g_strcmp0 (tab, "fields") == 0 || g_strcmp0 (tab, "bytes") == 0));
}

static void
tab_changed (AdwViewStack *stack, GParamSpec *pspec, LabDetailPane *self)
{
  update_view_switch (self);
}

static const LabStep *
current_step (LabDetailPane *self)
{
  if (self->steps == NULL || self->step_index < 0 || (guint) self->step_index >= self->steps->len)
    return NULL;
  return g_ptr_array_index (self->steps, self->step_index);
}

/* Both message tabs show the step's bytes as one side saw them. */
static void
show_step_bytes (LabDetailPane *self)
{
  lab_detail_bytes_set_step (self->bytes, self->step_bytes);
  lab_detail_fields_set_step (self->fields, current_step (self),
                              self->steps ? self->steps->len : 0, self->step_bytes);
}

static void
view_toggled (GtkToggleButton *button, LabDetailPane *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "view"));

  if (!gtk_toggle_button_get_active (button) || self->step_bytes == NULL
      || index >= self->step_bytes->views->len || index == self->step_bytes->view)
    return;
  lab_step_bytes_set_view (self->step_bytes, index);
  show_step_bytes (self);
}

static void
fill_view_switch (LabDetailPane *self)
{
  GtkWidget *child;
  GtkToggleButton *first = NULL;
  GPtrArray *views = self->step_bytes ? self->step_bytes->views : NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->view_switch))) != NULL)
    gtk_box_remove (self->view_switch, child);
  for (guint i = 0; views != NULL && views->len > 1 && i < views->len; i++)
    {
      const LabStepView *view = g_ptr_array_index (views, i);
      GtkWidget *button = gtk_toggle_button_new ();
      GtkWidget *label = gtk_label_new (view->label);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
      gtk_button_set_child (GTK_BUTTON (button), label);
      gtk_widget_set_tooltip_text (button, view->what);
      g_object_set_data (G_OBJECT (button), "view", GUINT_TO_POINTER (i));
      if (first != NULL)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), first);
      else
        first = GTK_TOGGLE_BUTTON (button);
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), i == self->step_bytes->view);
      g_signal_connect (button, "toggled", G_CALLBACK (view_toggled), self);
      gtk_box_append (self->view_switch, button);
    }
  update_view_switch (self);
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
    self->step_bytes = lab_step_bytes_new (self->trace, self->steps, step, self->suite);

  fill_view_switch (self);
  show_step_bytes (self);
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
lab_detail_pane_get_view_switch (LabDetailPane *self)
{
  g_return_val_if_fail (LAB_IS_DETAIL_PANE (self), NULL);
  return GTK_WIDGET (self->view_switch);
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
  gtk_widget_class_bind_template_child (widget_class, LabDetailPane, view_switch);
  gtk_widget_class_bind_template_child (widget_class, LabDetailPane, fields);
  gtk_widget_class_bind_template_child (widget_class, LabDetailPane, bytes);
  gtk_widget_class_bind_template_child (widget_class, LabDetailPane, keys);
  gtk_widget_class_bind_template_child (widget_class, LabDetailPane, record);
  gtk_widget_class_bind_template_child (widget_class, LabDetailPane, certificates);
  gtk_widget_class_bind_template_child (widget_class, LabDetailPane, certificates_page);
  gtk_widget_class_bind_template_callback (widget_class, field_selected);
  gtk_widget_class_bind_template_callback (widget_class, byte_activated);
  gtk_widget_class_bind_template_callback (widget_class, tab_changed);
}

static void
lab_detail_pane_init (LabDetailPane *self)
{
  self->step_index = -2;
  gtk_widget_init_template (GTK_WIDGET (self));
}
