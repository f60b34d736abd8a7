/* lab-detail-certificates.c: OpenSSL calls the verify callback once per certificate,
 * root first, and again for each problem it finds; each call is a row, in order. */
#include "lab-detail-certificates.h"
#include "lab-detail-rows.h"
#include "tls/lab-registry-more.h"

struct _LabDetailCertificates
{
  AdwBin parent_instance;

  GtkListBox *list;
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
