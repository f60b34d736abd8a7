/* lab-window.c: the main window: header bar, side panel, ladder, lesson pane
 * (lab-window-lesson.c), detail tabs, outcome; the run on show (LabDocument) and what
 * each pane is told when it changes. Every action is a widget action with its shortcut
 * as a binding (lab-window-actions.c and the other parts). */
#include "lab-window-private.h"

G_DEFINE_FINAL_TYPE (LabWindow, lab_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_ZOOM,
  PROP_SPEED,
  PROP_PRESENTER,
  PROP_SUSPENSE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
lab_window_toast (LabWindow *self, const char *format, ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (text));
}

/* The step the outcome blames: the cause the engine found, else the fatal alert. */
int
lab_window_cause_step (LabWindow *self)
{
  LabTrace *trace = lab_document_get_trace (self->document);
  const LabOutcome *outcome = trace ? lab_trace_get_outcome (trace) : NULL;
  GPtrArray *steps = lab_document_get_steps (self->document);
  int step;

  if (outcome == NULL || lab_outcome_is_good (outcome))
    return -1;
  step = lab_document_find_step_for_event (self->document, outcome->cause_event);
  for (guint i = 0; step < 0 && i < steps->len; i++)
    if (((LabStep *) g_ptr_array_index (steps, i))->is_fatal)
      step = (int) i;
  return step;
}

/* ---- the switches ----
 *
 * Whether the switches show is decided here and nowhere else. Outside presenter mode and
 * lessons they are as the learner last left them: the button, F9, or AdwFlap folding them
 * away in a window too narrow for them. Presenter mode and a lesson each need the width
 * for something else: the switches fold away when the first of them starts, F9 shows them
 * meanwhile, and they come back as they were when the last one ends. Within a mode the
 * flap is locked, or AdwFlap would show them again by itself when the window widens
 * (leaving full screen, type growing smaller). */

void
lab_window_update_switches (LabWindow *self)
{
  gboolean moded = self->presenter || lab_window_lesson_is_open (self);

  if (moded && !self->switches_moded)
    self->switches_in_mode = FALSE;
  self->switches_moded = moded;
  adw_flap_set_locked (self->flap, moded);
  adw_flap_set_reveal_flap (self->flap, moded ? self->switches_in_mode : self->switches_wanted);
}

/* Whoever showed or hid them, it is remembered for the mode the window is in. */
static void
switches_revealed (AdwFlap *flap, GParamSpec *pspec, LabWindow *self)
{
  if (self->switches_moded)
    self->switches_in_mode = adw_flap_get_reveal_flap (flap);
  else
    self->switches_wanted = adw_flap_get_reveal_flap (flap);
}

/* ---- the document ---- */

/* The document's step and the ladder's selection are one property bound both ways
 * (lab_window_init): GBinding does not pass a change back to where it came from, and
 * both setters return early when the value does not change, so neither can loop. The
 * detail pane is told the step here and never sets it. */
static void
step_changed (LabDocument *document, GParamSpec *pspec, LabWindow *self)
{
  int step = lab_document_get_step (document);

  lab_detail_pane_set_step (self->detail, step);
  lab_window_follow_step (self, TRUE);
  lab_window_update_actions (self);
}

static void
trace_changed (LabDocument *document, GParamSpec *pspec, LabWindow *self)
{
  LabTrace *trace = lab_document_get_trace (document);
  GPtrArray *steps = lab_document_get_steps (document);
  const LabScenario *scenario = lab_document_get_scenario (document);

  lab_ladder_view_set_captions (self->ladder, lab_document_get_captions (document));
  lab_ladder_view_set_run (self->ladder, trace, steps);
  lab_detail_pane_set_run (self->detail, trace, steps);
  lab_outcome_banner_set_trace (self->banner, trace);
  self->cause_shown = FALSE;
  if (scenario != NULL) /* else the run came from outside the lab (lab-window-capture.c) */
    lab_switch_panel_set_run (self->panel, scenario, trace);
  gtk_label_set_text (self->scenario_label, lab_document_get_title (document));
  lab_detail_pane_set_step (self->detail, lab_document_get_step (document));
  lab_window_update_actions (self);
  lab_window_lesson_run_changed (self);
  /* The ladder is laid out for the new run at the next frame: the step is scrolled to
   * then (a new scenario starts at the top). */
  lab_window_follow_step (self, FALSE);
}

static void
running_changed (LabDocument *document, GParamSpec *pspec, LabWindow *self)
{
  lab_outcome_banner_set_running (self->banner, lab_document_get_running (document));
}

static void
run_failed (LabDocument *document, GError *error, LabWindow *self)
{
  lab_window_toast (self, "The lab could not run the scenario: %s", error->message);
}

static void
setting_changed (LabSwitchPanel *panel, const char *group, const char *key, const char *value,
                 LabWindow *self)
{
  g_autoptr (GError) error = NULL;

  if (lab_document_set_value (self->document, group, key, value, &error))
    return;
  lab_window_toast (self, "%s", error->message);
  lab_switch_panel_set_scenario (panel, lab_document_get_scenario (self->document));
}

LabDocument *
lab_window_get_document (LabWindow *self)
{
  g_return_val_if_fail (LAB_IS_WINDOW (self), NULL);
  return self->document;
}

/* ---- GObject ---- */

static void
lab_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LabWindow *self = LAB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_SPEED:
      g_value_set_double (value, self->speed);
      break;
    case PROP_PRESENTER:
      g_value_set_boolean (value, self->presenter);
      break;
    case PROP_SUSPENSE:
      g_value_set_boolean (value, self->suspense);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lab_window_set_property (GObject *object, guint prop_id, const GValue *value,
                         GParamSpec *pspec)
{
  LabWindow *self = LAB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_ZOOM:
      lab_window_set_zoom (self, g_value_get_double (value));
      break;
    case PROP_SPEED:
      lab_window_set_speed (self, g_value_get_double (value));
      g_object_notify_by_pspec (object, pspec);
      break;
    case PROP_PRESENTER:
      lab_window_set_presenter (self, g_value_get_boolean (value));
      break;
    case PROP_SUSPENSE: /* by hand (the menu): remembered for as long as the window lives */
      self->suspense_chosen = TRUE;
      lab_window_set_suspense (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lab_window_dispose (GObject *object)
{
  LabWindow *self = LAB_WINDOW (object);

  lab_window_stop_playing (self);
  lab_window_stepping_dispose (self);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_clear_object (&self->document);
  g_clear_pointer (&self->connect_dialog, gtk_window_destroy);
  g_clear_object (&self->export_options);
  g_clear_pointer (&self->lesson_names, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), LAB_TYPE_WINDOW);
  G_OBJECT_CLASS (lab_window_parent_class)->dispose (object);
}

static void
lab_window_class_init (LabWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = lab_window_get_property;
  object_class->set_property = lab_window_set_property;
  object_class->dispose = lab_window_dispose;

  properties[PROP_ZOOM] = g_param_spec_double ("zoom", NULL, NULL, 0.5, 3.0, 1.0,
                                               G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS
                                                 | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SPEED] = g_param_spec_double ("speed", NULL, NULL, 0.25, 8.0, 1.0,
                                                G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS
                                                  | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PRESENTER]
    = g_param_spec_boolean ("presenter", NULL, NULL, FALSE,
                            G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SUSPENSE]
    = g_param_spec_boolean ("suspense", NULL, NULL, FALSE,
                            G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LAB_TYPE_SWITCH_PANEL);
  g_type_ensure (LAB_TYPE_LADDER_VIEW);
  g_type_ensure (LAB_TYPE_LESSON_PANE);
  g_type_ensure (LAB_TYPE_DETAIL_PANE);
  g_type_ensure (LAB_TYPE_OUTCOME_BANNER);
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/handshakelab/HandshakeLab/ui/lab-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LabWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, title);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, scenario_button);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, scenario_label);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, speed_button);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, play_button);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, zoom_box);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, lesson_button);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, lesson_popover);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, lesson_list);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, details_button);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, detail_flap);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, panel);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, ladder_scroller);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, ladder);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, lesson_pane);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, detail);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, banner);
  gtk_widget_class_bind_template_callback (widget_class, setting_changed);

  lab_window_actions_class_init (widget_class);
  lab_window_open_class_init (widget_class);
  lab_window_export_class_init (widget_class);
  lab_window_capture_class_init (widget_class);
  lab_window_lesson_class_init (widget_class);
}

static void
lab_window_init (LabWindow *self)
{
  self->zoom = 1.0;
  self->speed = 1.0;
  gtk_widget_init_template (GTK_WIDGET (self));

  self->switches_wanted = adw_flap_get_reveal_flap (self->flap);
  g_signal_connect (self->flap, "notify::reveal-flap", G_CALLBACK (switches_revealed), self);
  self->document = lab_document_new ();
  g_object_bind_property (self->document, "step", self->ladder, "selected",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect (self->document, "notify::step", G_CALLBACK (step_changed), self);
  g_signal_connect (self->document, "notify::trace", G_CALLBACK (trace_changed), self);
  g_signal_connect (self->document, "notify::running", G_CALLBACK (running_changed), self);
  g_signal_connect (self->document, "run-failed", G_CALLBACK (run_failed), self);
  g_signal_connect_object (self->document, "notify::scenario-title",
                           G_CALLBACK (lab_switch_panel_leave_editing), self->panel,
                           G_CONNECT_SWAPPED);
  lab_window_open_init (self);
  lab_window_export_init (self);
  lab_window_loading_init (self);
  lab_window_lesson_init (self);
  lab_window_update_actions (self);
  lab_window_stepping_init (self);
  /* Start in the ladder, so Space and the arrow keys step at once. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->ladder));
}

LabWindow *
lab_window_new (LabApplication *app)
{
  return g_object_new (LAB_TYPE_WINDOW, "application", app, NULL);
}
