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

/* One boxed list per chain: its certificates in order, under a heading that says whose. */
static void
add_chain (LabDetailCertificates *self, const LabEvent *message, const char *heading,
           const char *caption)
{
  g_autoptr (LabField) root = lab_dissect_message (message->bytes, &(LabDissectOptions){ 0 });
  LabField *list = lab_field_lookup (root, "certificate_list");
  GtkWidget *title, *box;
  guint n = 0;

  if (list == NULL || lab_field_n_children (list) == 0)
    return;
  title = gtk_label_new (heading);
  box = gtk_list_box_new ();
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
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
  if (caption != NULL)
    {
      GtkWidget *label = gtk_label_new (caption);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (self->chains, label);
    }
  gtk_box_append (self->chains, box);
}

static gboolean
is_certificate (const LabEvent *e)
{
  return e->kind == LAB_EVENT_MESSAGE && e->handshake_type == LAB_HS_CERTIFICATE
         && e->bytes != NULL;
}

/* The other peer's view of a Certificate this side sent, or NULL. */
static const LabEvent *
received_view (LabTrace *trace, const LabEvent *sent)
{
  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      if (is_certificate (e) && !e->sent && e->side != sent->side
          && e->side != LAB_SIDE_ATTACKER && e->direction == sent->direction
          && e->connection == sent->connection)
        return e;
    }
  return NULL;
}

/* The chains as they were checked: the one each peer received, the checks above ran on
 * it. A chain sent that did not arrive as sent (a man in the middle put its own in its
 * place, or the wire changed it) follows, as its sender sent it. */
static void
show_chains (LabDetailCertificates *self, LabTrace *trace)
{
  GtkWidget *child;
  guint n = trace ? lab_trace_get_n_events (trace) : 0;
  gboolean attacker = FALSE;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->chains))) != NULL)
    gtk_box_remove (self->chains, child);
  for (guint i = 0; i < n; i++)
    attacker |= lab_trace_get_event (trace, i)->side == LAB_SIDE_ATTACKER;
  for (guint i = 0; i < n; i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      g_autofree char *heading = NULL;

      if (!is_certificate (e) || e->sent || e->side == LAB_SIDE_ATTACKER)
        continue;
      heading = g_strdup_printf ("The chain the %s received%s", lab_side_name (e->side),
                                 attacker ? ": Mallory's" : "");
      add_chain (self, e, heading,
                 attacker ? "The man in the middle made it for the server's name, under a CA "
                            "of its own, and sent it in place of the server's."
                          : NULL);
    }
  for (guint i = 0; i < n; i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      const LabEvent *received;
      g_autofree char *heading = NULL;
      g_autofree char *never = NULL;

      if (!is_certificate (e) || !e->sent || e->side == LAB_SIDE_ATTACKER)
        continue;
      received = attacker ? NULL : received_view (trace, e);
      if (received != NULL && g_bytes_equal (received->bytes, e->bytes))
        continue;
      heading = g_strdup_printf ("The chain the %s sent", lab_side_name (e->side));
      never = g_strdup_printf ("The %s never read it.",
                               lab_side_name (e->side == LAB_SIDE_CLIENT ? LAB_SIDE_SERVER
                                                                         : LAB_SIDE_CLIENT));
      add_chain (self, e, heading,
                 attacker           ? "It reached only Mallory, which did not check it."
                 : received != NULL ? "It arrived changed: the wire altered it on the way."
                                    : never);
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
