/* lab-detail-keys.c: secrets appear as the learner steps into the phase they belong to,
 * so the chain grows with the handshake. */
#include "lab-detail-keys.h"
#include "lab-detail-rows.h"

struct _LabDetailKeys
{
  AdwBin parent_instance;

  GtkListBox *list;
  AdwStatusPage *empty;
  GtkWidget *content;
  guint n_secrets;
};

G_DEFINE_FINAL_TYPE (LabDetailKeys, lab_detail_keys, ADW_TYPE_BIN)

static const char *
match_mark (LabMatch match, const char **meaning)
{
  switch (match)
    {
    case LAB_MATCH_YES:
      *meaning = "equals OpenSSL's own value";
      return "✓";
    case LAB_MATCH_IMPLIED:
      *meaning = "the master secret computed from it equals OpenSSL's";
      return "✓";
    case LAB_MATCH_OPENED_RECORD:
      *meaning = "opened a record OpenSSL protected with it";
      return "✓";
    case LAB_MATCH_NO:
      *meaning = "differs from OpenSSL's own value";
      return "✗";
    case LAB_MATCH_NOT_OPENED:
      *meaning = "did not open a record OpenSSL protected with it";
      return "✗";
    case LAB_MATCH_NO_EVIDENCE:
    default:
      *meaning = "nothing shows whether it is the value OpenSSL used";
      return "–";
    }
}

static GtkWidget *
secret_row (const LabEvent *e)
{
  const char *meaning;
  const char *mark = match_mark (e->match, &meaning);
  g_autofree char *value = lab_detail_hex (e->bytes, 0);
  GtkWidget *row = lab_detail_row_new (e->name, e->formula, "monospace");

  lab_detail_row_set_mark (row, mark, meaning);
  for (guint i = 0; e->inputs != NULL && i < e->inputs->len; i++)
    {
      const LabNamedBytes *input = g_ptr_array_index (e->inputs, i);
      g_autofree char *hex = lab_detail_hex_short (input->value);
      g_autofree char *line = g_strdup_printf ("%s = %s", input->name, hex);
      lab_detail_row_add_line (row, line, "monospace");
    }
  if (e->bytes != NULL)
    lab_detail_row_add_line (row, value, "secret-value");
  /* "the client's view, equals OpenSSL's own" */
  lab_detail_row_add_line (row, e->detail ? e->detail : meaning,
                           lab_match_is_failure (e->match) ? "error" : "dim-label");
  if (lab_match_is_failure (e->match))
    gtk_widget_add_css_class (row, "failed");
  return row;
}

/* What the lab could not derive or open, and why (a capture without its key log). */
static GtkWidget *
problem_row (const LabEvent *e)
{
  GtkWidget *row = lab_detail_row_new (e->name, e->detail, NULL);

  lab_detail_row_set_mark (row, "!", "something the lab could not do");
  gtk_widget_add_css_class (row, "failed");
  return row;
}

/* Problems from the key exchange on belong with the secrets; earlier ones are about the
 * capture (a lost handshake) and are not about keys. */
static gboolean
is_key_problem (const LabEvent *e)
{
  return e->kind == LAB_EVENT_ERROR && e->phase >= LAB_PHASE_CLIENT_AUTH_KEYS;
}

void
lab_detail_keys_set_step (LabDetailKeys *self, LabTrace *trace, const LabStep *step)
{
  guint n = trace ? lab_trace_get_n_events (trace) : 0, total = 0;
  gboolean shown;
  /* The lab recomputes after the run, so a secret belongs to the phase it is made in:
   * the learner sees it once the ladder has reached that phase. A step that never
   * happened comes after everything that did. */
  LabPhase horizon = step == NULL || step->never_happened ? LAB_PHASE_RECORD : step->phase;

  g_return_if_fail (LAB_IS_DETAIL_KEYS (self));

  lab_detail_list_clear (self->list);
  self->n_secrets = 0;
  for (guint i = 0; i < n; i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);

      if (e->kind != LAB_EVENT_SECRET && !is_key_problem (e))
        continue;
      total++;
      if (e->phase > horizon)
        continue;
      gtk_list_box_append (self->list, is_key_problem (e) ? problem_row (e) : secret_row (e));
      self->n_secrets += e->kind == LAB_EVENT_SECRET;
    }
  shown = gtk_widget_get_first_child (GTK_WIDGET (self->list)) != NULL;
  gtk_widget_set_visible (self->content, shown);
  gtk_widget_set_visible (GTK_WIDGET (self->empty), !shown);
  adw_status_page_set_description (
    self->empty, total == 0 ? "This run recorded no secrets: the lab had nothing to recompute."
                            : "No secret exists yet at this step. Step on: the pre-master "
                              "secret appears with the ClientKeyExchange.");
}

guint
lab_detail_keys_get_n_secrets (LabDetailKeys *self)
{
  return self->n_secrets;
}

static void
lab_detail_keys_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LAB_TYPE_DETAIL_KEYS);
  G_OBJECT_CLASS (lab_detail_keys_parent_class)->dispose (object);
}

static void
lab_detail_keys_class_init (LabDetailKeysClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lab_detail_keys_dispose;
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/handshakelab/HandshakeLab/ui/lab-detail-keys.ui");
  gtk_widget_class_bind_template_child (widget_class, LabDetailKeys, list);
  gtk_widget_class_bind_template_child (widget_class, LabDetailKeys, empty);
  gtk_widget_class_bind_template_child (widget_class, LabDetailKeys, content);
}

static void
lab_detail_keys_init (LabDetailKeys *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
