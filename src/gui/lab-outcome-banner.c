/* lab-outcome-banner.c: the sentence at the bottom of the window, on one line, and the
 * Why button that opens the sentence explaining it. The cause the engine worked out
 * (outcome->cause) is preferred to OpenSSL's terse reason string. */
#include "lab-outcome-banner.h"
#include "engine/trace/lab-outcome-text.h"

struct _LabOutcomeBanner
{
  AdwBin parent_instance;

  GtkImage *icon;
  GtkLabel *title;
  GtkLabel *description;
  GtkToggleButton *why_button;
  GtkImage *why_arrow;
  GtkButton *cause_button;
  GtkSpinner *spinner;

  gboolean has_outcome;
  gboolean withheld; /* the window keeps the ending for its step (suspense) */
};

G_DEFINE_FINAL_TYPE (LabOutcomeBanner, lab_outcome_banner, ADW_TYPE_BIN)

static const char *const moods[] = { "success", "failure", NULL };

static void
set_mood (LabOutcomeBanner *self, const char *mood)
{
  for (guint i = 0; moods[i] != NULL; i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self), moods[i]);
  if (mood != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self), mood);
}

/* Did a man in the middle take part? Then a peer's alert went to it. */
static gboolean
has_attacker (LabTrace *trace)
{
  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    if (lab_trace_get_event (trace, i)->side == LAB_SIDE_ATTACKER)
      return TRUE;
  return FALSE;
}

static char *
alert_title (LabTrace *trace, const LabOutcome *outcome)
{
  const LabAlertInfo *alert = outcome->alert >= 0 ? lab_alert_lookup ((guint8) outcome->alert)
                                                  : NULL;
  const char *sender = lab_side_name (outcome->sent_by);
  gboolean client = outcome->sent_by == LAB_SIDE_CLIENT;
  const char *refused = has_attacker (trace)
                          ? (client ? "The client refused Mallory, the man in the middle"
                                    : "The server refused Mallory, the man in the middle")
                          : (client ? "The client refused the server"
                                    : "The server refused the client");

  /* Who sent it is said first ("The client refused"), so that the line a projector
   * shows whole ends with the alert's name and number. */
  if (alert == NULL)
    return g_strdup_printf ("%s: the %s sent a fatal alert.", refused, sender);
  return g_strdup_printf ("%s: %s (alert %d).", refused, alert->name, outcome->alert);
}

/* Did the wire change particular bytes that caused this? The button then points at them. */
static gboolean
wire_changed_bytes (LabTrace *trace, const LabOutcome *outcome)
{
  const LabEvent *cause = outcome->cause_event >= 0
                            ? lab_trace_get_event (trace, (guint) outcome->cause_event)
                            : NULL;

  return cause != NULL && cause->kind == LAB_EVENT_RECORD && cause->forwarded != NULL
         && outcome->cause_length > 0;
}

/* A success says what the trace shows and no more: a capture may hold no key for the
 * records after the handshake, or end before anyone closed. The line says it succeeded;
 * this is what the Why button opens. */
static const char *
success_why (LabTrace *trace)
{
  gboolean data = FALSE, closed[2] = { FALSE, FALSE };

  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);

      data |= e->kind == LAB_EVENT_APP_DATA;
      if (e->kind == LAB_EVENT_ALERT && e->sent && e->alert_description == 0 /* close_notify */)
        closed[e->side == LAB_SIDE_SERVER] = TRUE;
    }
  if (data && closed[0] && closed[1])
    return "Both sides agreed on keys, the page travelled encrypted, and both closed cleanly.";
  if (data)
    return "Both sides agreed on keys, and the data travelled encrypted.";
  return "Both sides went on to encrypted records.";
}

static void
update_visible (LabOutcomeBanner *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self), self->has_outcome && !self->withheld);
}

/* Closed, the title keeps to one line (cut at its end, the whole of it in the tooltip);
 * open, it wraps and the sentence that explains it follows. */
static void
why_toggled (LabOutcomeBanner *self)
{
  gboolean open = gtk_toggle_button_get_active (self->why_button);
  GtkWidget *aligned[] = { GTK_WIDGET (self->icon), GTK_WIDGET (self->spinner),
                           GTK_WIDGET (self->why_button), GTK_WIDGET (self->cause_button) };

  gtk_label_set_single_line_mode (self->title, !open);
  gtk_label_set_wrap (self->title, open);
  gtk_label_set_ellipsize (self->title, open ? PANGO_ELLIPSIZE_NONE : PANGO_ELLIPSIZE_END);
  gtk_widget_set_visible (GTK_WIDGET (self->description),
                          open && *gtk_label_get_text (self->description) != '\0');
  gtk_image_set_from_icon_name (self->why_arrow, open ? "pan-down-symbolic" : "pan-up-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->why_button),
                               open ? "Back to one line" : "Why the run ended this way");
  for (gsize i = 0; i < G_N_ELEMENTS (aligned); i++)
    gtk_widget_set_valign (aligned[i], open ? GTK_ALIGN_START : GTK_ALIGN_CENTER);
}

void
lab_outcome_banner_set_trace (LabOutcomeBanner *self, LabTrace *trace)
{
  const LabOutcome *outcome = trace ? lab_trace_get_outcome (trace) : NULL;
  g_autofree char *title = NULL;
  const char *description = NULL;
  gboolean good;

  g_return_if_fail (LAB_IS_OUTCOME_BANNER (self));

  self->has_outcome = outcome != NULL;
  update_visible (self);
  if (outcome == NULL)
    return;
  description = outcome->cause ? outcome->cause : outcome->reason;
  /* both TLS connections succeeded, and that is the danger: the headline says who read
   * what, in the colours of a failure */
  switch (outcome->result)
    {
    case LAB_RESULT_SUCCESS:
      if (outcome->intercepted != NULL)
        title = lab_outcome_interception (outcome);
      else
        {
          title = g_strdup ("The handshake succeeded.");
          description = success_why (trace);
        }
      break;
    case LAB_RESULT_ALERT:
      title = alert_title (trace, outcome);
      break;
    case LAB_RESULT_TIMEOUT:
      title = g_strdup ("The run timed out: one side waited for something that never came.");
      break;
    case LAB_RESULT_ERROR:
    default:
      title = g_strdup ("The handshake did not finish.");
      break;
    }
  good = outcome->result == LAB_RESULT_SUCCESS && outcome->intercepted == NULL;
  set_mood (self, good ? "success" : "failure");
  gtk_image_set_from_icon_name (self->icon, good ? "emblem-ok-symbolic" : "dialog-error-symbolic");
  gtk_label_set_text (self->title, title);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title), title);
  gtk_label_set_text (self->description, description ? description : "");
  gtk_widget_set_visible (GTK_WIDGET (self->why_button), description != NULL && *description);
  why_toggled (self);
  gtk_widget_set_visible (GTK_WIDGET (self->cause_button), outcome->result != LAB_RESULT_SUCCESS);
  gtk_button_set_label (self->cause_button, wire_changed_bytes (trace, outcome)
                                              ? "Show the changed bytes" : "Show the cause");
}

void
lab_outcome_banner_set_running (LabOutcomeBanner *self, gboolean running)
{
  g_return_if_fail (LAB_IS_OUTCOME_BANNER (self));

  gtk_spinner_set_spinning (self->spinner, running);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), running);
  gtk_widget_set_visible (GTK_WIDGET (self->icon), !running);
}

void
lab_outcome_banner_set_withheld (LabOutcomeBanner *self, gboolean withheld)
{
  g_return_if_fail (LAB_IS_OUTCOME_BANNER (self));

  self->withheld = !!withheld;
  update_visible (self);
}

gboolean
lab_outcome_banner_get_withheld (LabOutcomeBanner *self)
{
  g_return_val_if_fail (LAB_IS_OUTCOME_BANNER (self), FALSE);
  return self->withheld;
}

const char *
lab_outcome_banner_get_title (LabOutcomeBanner *self)
{
  g_return_val_if_fail (LAB_IS_OUTCOME_BANNER (self), NULL);
  return gtk_label_get_text (self->title);
}

const char *
lab_outcome_banner_get_why (LabOutcomeBanner *self)
{
  g_return_val_if_fail (LAB_IS_OUTCOME_BANNER (self), NULL);
  return gtk_label_get_text (self->description);
}

static void
lab_outcome_banner_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LAB_TYPE_OUTCOME_BANNER);
  G_OBJECT_CLASS (lab_outcome_banner_parent_class)->dispose (object);
}

static void
lab_outcome_banner_class_init (LabOutcomeBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lab_outcome_banner_dispose;
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/handshakelab/HandshakeLab/ui/lab-outcome-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, LabOutcomeBanner, icon);
  gtk_widget_class_bind_template_child (widget_class, LabOutcomeBanner, title);
  gtk_widget_class_bind_template_child (widget_class, LabOutcomeBanner, description);
  gtk_widget_class_bind_template_child (widget_class, LabOutcomeBanner, why_button);
  gtk_widget_class_bind_template_child (widget_class, LabOutcomeBanner, why_arrow);
  gtk_widget_class_bind_template_child (widget_class, LabOutcomeBanner, cause_button);
  gtk_widget_class_bind_template_callback (widget_class, why_toggled);
  gtk_widget_class_bind_template_child (widget_class, LabOutcomeBanner, spinner);
  gtk_widget_class_set_css_name (widget_class, "outcome-banner");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_STATUS);
}

static void
lab_outcome_banner_init (LabOutcomeBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
