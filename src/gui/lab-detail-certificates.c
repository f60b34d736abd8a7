/* lab-detail-certificates.c: OpenSSL calls the verify callback once per certificate,
 * root first, and again for each problem it finds; each call is a row, in order. */
#include "lab-detail-certificates.h"
#include "lab-detail-rows.h"
#include "tls/lab-dissect.h"
#include "tls/lab-verify-errors.h"

struct _LabDetailCertificates
{
  AdwBin parent_instance;

  GtkListBox *list;
  GtkBox *chains;
  AdwStatusPage *empty;
  GtkWidget *content;
  GtkLabel *failure_title;
  GtkLabel *failure_text;
  GtkLabel *failure_rfc;
  gboolean has_failure;
};

G_DEFINE_FINAL_TYPE (LabDetailCertificates, lab_detail_certificates, ADW_TYPE_BIN)

static GtkWidget *
check_row (const LabEvent *e)
{
  g_autofree char *title = g_strdup_printf ("%s · depth %d%s", lab_side_name (e->side),
                                            e->depth, e->depth == 0 ? " (the leaf)" : "");
  g_autofree char *result = NULL;
  GtkWidget *row = lab_detail_row_new (title, e->subject, NULL);

  if (e->verify_ok)
    result = g_strdup ("passed every check OpenSSL made at this depth");
  else
    result = g_strdup_printf ("failed: %s (X509_V_ERR %d)", e->verify_error_string
                                                              ? e->verify_error_string
                                                              : "unknown error",
                              e->verify_error);
  lab_detail_row_add_line (row, result, e->verify_ok ? "dim-label" : "error");
  lab_detail_row_set_mark (row, e->verify_ok ? "✓" : "✗", e->verify_ok ? "passed" : "failed");
  if (!e->verify_ok)
    gtk_widget_add_css_class (row, "failed");
  return row;
}

/* ---- the chains as sent, read by the dissector ---- */

static void
add_fact (GtkWidget *row, const LabField *certificate, const char *name, const char *prefix)
{
  LabField *field = lab_field_lookup (certificate, name);
  g_autofree char *line = NULL;

  if (field == NULL || field->value == NULL)
    return;
  line = g_strconcat (prefix, field->value, NULL);
  lab_detail_row_add_line (row, line, NULL);
}

static GtkWidget *
certificate_row (const LabField *certificate, guint index)
{
  g_autofree char *title = g_strdup_printf ("%s%s", certificate->value ? certificate->value
                                                                       : certificate->label,
                                            index == 0 ? " (the leaf)" : "");
  GtkWidget *row = lab_detail_row_new (title, NULL, NULL);
  LabField *not_before = lab_field_lookup (certificate, "not_before");
  LabField *not_after = lab_field_lookup (certificate, "not_after");

  add_fact (row, certificate, "issuer", "issued by ");
  if (not_before && not_after && not_before->value && not_after->value)
    {
      g_autofree char *validity = g_strdup_printf ("valid from %s to %s", not_before->value,
                                                   not_after->value);
      lab_detail_row_add_line (row, validity, NULL);
    }
  add_fact (row, certificate, "subject_public_key_info", "key: ");
  add_fact (row, certificate, "subject_alt_name", "names: ");
  add_fact (row, certificate, "extended_key_usage", "for: ");
  add_fact (row, certificate, "basic_constraints", "basic constraints: ");
  return row;
}

/* One boxed list per Certificate message a side sent: its certificates in order. */
static void
add_chain (LabDetailCertificates *self, const LabEvent *message)
{
  g_autoptr (LabField) root = lab_dissect_message (message->bytes, &(LabDissectOptions){ 0 });
  LabField *list = lab_field_lookup (root, "certificate_list");
  g_autofree char *heading = NULL;
  GtkWidget *title, *box;
  guint n = 0;

  if (list == NULL || lab_field_n_children (list) == 0)
    return;
  heading = g_strdup_printf ("Chain sent by the %s", lab_side_name (message->side));
  title = gtk_label_new (heading);
  box = gtk_list_box_new ();
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_add_css_class (box, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (box), GTK_SELECTION_NONE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, heading,
                                  -1);
  for (guint i = 0; i < lab_field_n_children (list); i++)
    {
      const LabField *child = lab_field_get_child (list, i);
      if (g_strcmp0 (child->name, "certificate") == 0)
        gtk_list_box_append (GTK_LIST_BOX (box), certificate_row (child, n++));
    }
  gtk_box_append (self->chains, title);
  gtk_box_append (self->chains, box);
}

static void
show_chains (LabDetailCertificates *self, LabTrace *trace)
{
  GtkWidget *child;
  guint n = trace ? lab_trace_get_n_events (trace) : 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->chains))) != NULL)
    gtk_box_remove (self->chains, child);
  for (guint i = 0; i < n; i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      if (e->kind == LAB_EVENT_MESSAGE && e->sent && e->handshake_type == LAB_HS_CERTIFICATE
          && e->bytes != NULL)
        add_chain (self, e);
    }
}

void
lab_detail_certificates_set_trace (LabDetailCertificates *self, LabTrace *trace)
{
  guint n = trace ? lab_trace_get_n_events (trace) : 0, rows = 0;
  const LabVerifyErrorInfo *first_error = NULL;

  g_return_if_fail (LAB_IS_DETAIL_CERTIFICATES (self));

  lab_detail_list_clear (self->list);
  self->has_failure = FALSE;
  for (guint i = 0; i < n; i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);

      if (e->kind != LAB_EVENT_VERIFY)
        continue;
      gtk_list_box_append (self->list, check_row (e));
      rows++;
      if (!e->verify_ok && !self->has_failure)
        {
          self->has_failure = TRUE;
          first_error = lab_verify_error_lookup (e->verify_error);
        }
    }
  show_chains (self, trace);
  gtk_widget_set_visible (self->content, rows > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->empty), rows == 0);
  lab_detail_show_explanation (first_error ? lab_explanation_lookup (first_error->explanation_key)
                                           : NULL,
                               self->failure_title, self->failure_text, self->failure_rfc);
}

gboolean
lab_detail_certificates_has_failure (LabDetailCertificates *self)
{
  return self->has_failure;
}

static void
lab_detail_certificates_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LAB_TYPE_DETAIL_CERTIFICATES);
  G_OBJECT_CLASS (lab_detail_certificates_parent_class)->dispose (object);
}

static void
lab_detail_certificates_class_init (LabDetailCertificatesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lab_detail_certificates_dispose;
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/handshakelab/HandshakeLab/ui/lab-detail-certificates.ui");
  gtk_widget_class_bind_template_child (widget_class, LabDetailCertificates, list);
  gtk_widget_class_bind_template_child (widget_class, LabDetailCertificates, chains);
  gtk_widget_class_bind_template_child (widget_class, LabDetailCertificates, empty);
  gtk_widget_class_bind_template_child (widget_class, LabDetailCertificates, content);
  gtk_widget_class_bind_template_child (widget_class, LabDetailCertificates, failure_title);
  gtk_widget_class_bind_template_child (widget_class, LabDetailCertificates, failure_text);
  gtk_widget_class_bind_template_child (widget_class, LabDetailCertificates, failure_rfc);
}

static void
lab_detail_certificates_init (LabDetailCertificates *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
