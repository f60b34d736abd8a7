/* lab-detail-record.c: the record as its sender sent it, split by the dissector, and -
 * for a protected record - how the lab opened it with the sender's keys: nonce or IV,
 * additional data or MAC input, ciphertext, tag or MAC, plaintext and the verdict. */
#include "lab-detail-record.h"
#include "lab-detail-rows.h"
#include "tls/lab-dissect.h"
#include "tls/lab-record-protection.h"

struct _LabDetailRecord
{
  AdwBin parent_instance;

  GtkListBox *list;
  GtkListBox *opening;
  GtkLabel *opening_title;
  AdwStatusPage *empty;
  GtkWidget *content;
  GtkLabel *summary;
};

G_DEFINE_FINAL_TYPE (LabDetailRecord, lab_detail_record, ADW_TYPE_BIN)

static void
add_fields (LabDetailRecord *self, const LabField *record)
{
  for (guint i = 0; i < lab_field_n_children (record); i++)
    {
      const LabField *field = lab_field_get_child (record, i);
      g_autofree char *range = g_strdup_printf ("bytes %zu–%zu (%zu)", field->offset,
                                                field->offset + field->length - (field->length > 0),
                                                field->length);
      GtkWidget *row = lab_detail_row_new (field->label, field->value, NULL);

      if (field->error != NULL)
        lab_detail_row_add_line (row, field->error, "error");
      if (lab_field_is_leaf (field))
        {
          g_autoptr (GBytes) bytes = lab_field_get_bytes (field);
          g_autofree char *hex = lab_detail_hex_short (bytes);
          lab_detail_row_add_line (row, hex, "monospace");
        }
      lab_detail_row_add_line (row, range, "dim-label");
      gtk_list_box_append (self->list, row);
    }
}

/* One row of the opening: a value, with the formula that made it when there is one. */
static void
add_value (LabDetailRecord *self, const char *title, GBytes *value, const char *formula)
{
  g_autofree char *hex = NULL;
  GtkWidget *row;

  if (value == NULL)
    return;
  hex = lab_detail_hex_short (value);
  row = lab_detail_row_new (title, formula, "dim-label");
  lab_detail_row_add_line (row, hex, "monospace");
  gtk_list_box_append (self->opening, row);
}

static void
add_opening (LabDetailRecord *self, const LabRecordDecryption *d)
{
  g_autofree char *verdict = NULL;
  g_autofree char *plaintext = NULL;
  GtkWidget *row;

  add_value (self, "Explicit nonce (sent in the record)", d->explicit_nonce, NULL);
  add_value (self, "Nonce", d->nonce, d->nonce_formula);
  add_value (self, "Additional authenticated data", d->aad, d->aad_formula);
  add_value (self, "IV (sent in the record)", d->record_iv, NULL);
  add_value (self, "Ciphertext", d->ciphertext, NULL);
  add_value (self, "Authentication tag", d->tag, NULL);
  add_value (self, "MAC input", d->mac_input, d->mac_input_formula);
  add_value (self, "MAC in the record", d->received_mac, NULL);
  add_value (self, "MAC the lab computed", d->computed_mac, NULL);
  add_value (self, "Padding", d->padding, d->padding_ok ? NULL : "malformed");

  verdict = d->authentic ? g_strdup ("Authentic: the receiver accepts it.")
                         : g_strdup_printf ("Not authentic (%s): %s",
                                            lab_record_verdict_name (d->verdict),
                                            d->reason ? d->reason : "the check failed");
  row = lab_detail_row_new ("Verdict", verdict, d->authentic ? NULL : "error");
  lab_detail_row_set_mark (row, d->authentic ? "✓" : "✗",
                           d->authentic ? "authentic" : "not authentic");
  if (d->plaintext != NULL)
    {
      /* Show text as text when it is (HTTP), else as hex. */
      gsize len;
      const char *data = g_bytes_get_data (d->plaintext, &len);
      plaintext = g_utf8_validate (data, (gssize) len, NULL)
                    ? g_strndup (data, len)
                    : lab_detail_hex (d->plaintext, 0);
      lab_detail_row_add_line (row, plaintext, "monospace");
    }
  if (!d->authentic)
    gtk_widget_add_css_class (row, "failed");
  gtk_list_box_append (self->opening, row);
}

static char *
summary_for (const LabEvent *record, const LabStep *step, const LabCipherSuite *suite)
{
  const char *sender = lab_side_name (step->sender);
  const char *protection
    = !record->encrypted ? "in plaintext: anyone on the path can read it"
      : suite == NULL    ? "protected with the session keys"
      : suite->protection == LAB_RECORD_CBC
        ? "protected: encrypted with CBC and authenticated with an HMAC"
        : "protected: encrypted and authenticated in one go (AEAD)";
  gboolean changed = record->forwarded && g_bytes_get_size (record->forwarded) > 0;
  const char *wire = record->forwarded == NULL ? "The wire passed it on unchanged."
                     : changed                 ? "The wire changed it: "
                                               : "The wire dropped it.";

  return g_strdup_printf ("The %s sent this record %s. %s%s%s", sender, protection, wire,
                          changed ? (record->wire_action ? record->wire_action
                                                         : "see the Bytes tab")
                                  : "",
                          changed ? "." : "");
}

static void
show_opening (LabDetailRecord *self, const LabEvent *record)
{
  const LabRecordDecryption *d = record->forwarded_decryption ? record->forwarded_decryption
                                                              : record->decryption;
  const char *title = record->forwarded_decryption
                        ? "How the receiver opens what the wire passed on"
                        : "How the receiver opens it, with the sender's keys";

  gtk_widget_set_visible (GTK_WIDGET (self->opening), d != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->opening_title), record->encrypted);
  if (d == NULL)
    {
      gtk_label_set_text (self->opening_title,
                          "The lab had no keys to open this record with.");
      return;
    }
  gtk_label_set_text (self->opening_title, title);
  add_opening (self, d);
}

void
lab_detail_record_set_step (LabDetailRecord *self, LabTrace *trace, const LabStep *step,
                            const LabCipherSuite *suite)
{
  const LabEvent *record = step && step->record_event >= 0
                             ? lab_trace_get_event (trace, (guint) step->record_event)
                             : NULL;
  g_autoptr (LabField) root = NULL;
  g_autofree char *summary = NULL;

  g_return_if_fail (LAB_IS_DETAIL_RECORD (self));

  lab_detail_list_clear (self->list);
  lab_detail_list_clear (self->opening);
  gtk_widget_set_visible (self->content, record != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->empty), record == NULL);
  if (record == NULL)
    {
      adw_status_page_set_description (
        self->empty,
        step && step->never_happened ? "This step never happened, so no record carried it."
        : step && step->kind != LAB_STEP_TCP && step->kind != LAB_STEP_CLOSE
            && lab_step_involves_attacker (step)
          ? "A record carried it, but a man in the middle's two connections pass through no "
            "wire of the lab's, so the lab keeps none of their records. Fields and Bytes show "
            "what each side wrote."
          : "No TLS record carried this step: TCP is the kernels' work.");
      return;
    }
  summary = summary_for (record, step, suite);
  gtk_label_set_text (self->summary, summary);
  root = lab_dissect_record (record->bytes, &(LabDissectOptions){ .suite = suite,
                                                                  .encrypted = record->encrypted });
  add_fields (self, root);
  show_opening (self, record);
}

static void
lab_detail_record_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LAB_TYPE_DETAIL_RECORD);
  G_OBJECT_CLASS (lab_detail_record_parent_class)->dispose (object);
}

static void
lab_detail_record_class_init (LabDetailRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lab_detail_record_dispose;
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/handshakelab/HandshakeLab/ui/lab-detail-record.ui");
  gtk_widget_class_bind_template_child (widget_class, LabDetailRecord, list);
  gtk_widget_class_bind_template_child (widget_class, LabDetailRecord, opening);
  gtk_widget_class_bind_template_child (widget_class, LabDetailRecord, opening_title);
  gtk_widget_class_bind_template_child (widget_class, LabDetailRecord, empty);
  gtk_widget_class_bind_template_child (widget_class, LabDetailRecord, content);
  gtk_widget_class_bind_template_child (widget_class, LabDetailRecord, summary);
}

static void
lab_detail_record_init (LabDetailRecord *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
