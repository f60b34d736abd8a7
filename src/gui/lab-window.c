/* lab-window.c: the main window: header bar, side panel, ladder, lesson pane
 * (lab-window-lesson.c), detail tabs, outcome.
 * Every action is a widget action with its shortcut as a binding; which of them are
 * enabled is decided in one place, lab_window_update_actions. */
#include "lab-window-private.h"

#define PLAY_INTERVAL_MS 1600

/* Zoom steps and the CSS classes that size the type (style.css). */
static const struct
{
  double zoom;
  const char *css_class;
} zoom_levels[] = {
  { 0.8, "zoom-80" },   { 0.9, "zoom-90" },   { 1.0, "zoom-100" },
  { 1.15, "zoom-115" }, { 1.3, "zoom-130" },  { 1.5, "zoom-150" },
  { 1.75, "zoom-175" }, { 2.0, "zoom-200" },  { 2.5, "zoom-250" },
};

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

static int
n_steps (LabWindow *self)
{
  return (int) lab_document_get_steps (self->document)->len;
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

static guint
zoom_index (double zoom)
{
  guint best = 0;

  for (guint i = 0; i < G_N_ELEMENTS (zoom_levels); i++)
    if (ABS (zoom_levels[i].zoom - zoom) < ABS (zoom_levels[best].zoom - zoom))
      best = i;
  return best;
}

void
lab_window_update_actions (LabWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  int step = lab_document_get_step (self->document), n = n_steps (self);
  gboolean has_run = lab_document_get_trace (self->document) != NULL;
  guint zoom = zoom_index (self->zoom);
  gboolean playing = self->play_source != 0;
  gboolean revealed;

  gtk_widget_action_set_enabled (widget, "win.step-first", step > 0);
  gtk_widget_action_set_enabled (widget, "win.step-back", step > 0);
  gtk_widget_action_set_enabled (widget, "win.step-forward", step >= 0 && step < n - 1);
  gtk_widget_action_set_enabled (widget, "win.step-last", step >= 0 && step < n - 1);
  gtk_widget_action_set_enabled (widget, "win.play", n > 1);
  gtk_widget_action_set_enabled (widget, "win.rerun",
                                 lab_document_get_scenario (self->document) != NULL);
  gtk_widget_action_set_enabled (widget, "win.export", has_run);
  /* Show the cause only once the banner that offers it is out (suspense). */
  revealed = lab_window_update_suspense (self);
  gtk_widget_action_set_enabled (widget, "win.show-cause",
                                 revealed && lab_window_cause_step (self) >= 0);
  gtk_widget_action_set_enabled (widget, "win.zoom-in", zoom + 1 < G_N_ELEMENTS (zoom_levels));
  gtk_widget_action_set_enabled (widget, "win.zoom-out", zoom > 0);
  gtk_widget_action_set_enabled (widget, "win.zoom-reset", zoom_levels[zoom].zoom != 1.0);

  gtk_button_set_icon_name (self->play_button, playing ? "media-playback-pause-symbolic"
                                                       : "media-playback-start-symbolic");
  lab_window_lesson_update_actions (self);

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button),
                               playing ? "Pause (Space)" : "Play the steps one by one (Space)");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, playing ? "Pause" : "Play", -1);
  lab_window_update_title (self);
}

/* ---- stepping and playing ---- */

void
lab_window_stop_playing (LabWindow *self)
{
  g_clear_handle_id (&self->play_source, g_source_remove);
}

static gboolean
play_tick (gpointer user_data)
{
  LabWindow *self = user_data;
  int step = lab_document_get_step (self->document);

  if (step + 1 >= n_steps (self))
    {
      self->play_source = 0;
      lab_window_update_actions (self);
      return G_SOURCE_REMOVE;
    }
  lab_document_set_step (self->document, step + 1);
  return G_SOURCE_CONTINUE;
}

static void
start_playing (LabWindow *self)
{
  lab_window_stop_playing (self);
  /* Playing from the end starts over. */
  if (lab_document_get_step (self->document) >= n_steps (self) - 1)
    lab_document_set_step (self->document, 0);
  self->play_source = g_timeout_add ((guint) (PLAY_INTERVAL_MS / self->speed), play_tick, self);
}

static void
step_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);
  int step = lab_document_get_step (self->document);

  lab_window_stop_playing (self);
  if (g_str_equal (action_name, "win.step-first"))
    step = 0;
  else if (g_str_equal (action_name, "win.step-back"))
    step--;
  else if (g_str_equal (action_name, "win.step-forward"))
    step++;
  else
    step = n_steps (self) - 1;
  lab_document_set_step (self->document, step);
  lab_window_update_actions (self);
}

static void
play_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);

  if (self->play_source != 0)
    lab_window_stop_playing (self);
  else
    start_playing (self);
  lab_window_update_actions (self);
}

static void
rerun_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  lab_document_rerun (LAB_WINDOW (widget)->document);
}

static void
show_cause_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);
  LabTrace *trace = lab_document_get_trace (self->document);
  const LabOutcome *outcome = lab_trace_get_outcome (trace);
  const LabEvent *cause = outcome->cause_event >= 0
                            ? lab_trace_get_event (trace, (guint) outcome->cause_event)
                            : NULL;

  lab_window_stop_playing (self);
  self->cause_shown = TRUE;
  lab_document_set_step (self->document, lab_window_cause_step (self));
  /* A window too narrow for the details keeps them folded away: open them over the ladder. */
  if (adw_flap_get_folded (self->detail_flap))
    adw_flap_set_reveal_flap (self->detail_flap, TRUE);
  /* Where the cause is best read: a failed check in the list of checks, a record the
   * wire changed in its bytes, exactly those the wire changed marked. */
  if ((cause && cause->kind == LAB_EVENT_VERIFY) || outcome->verify_error != 0)
    lab_detail_pane_show_tab (self->detail, "certificates");
  else if (cause && cause->kind == LAB_EVENT_RECORD && cause->forwarded != NULL)
    lab_detail_pane_show_record_bytes (self->detail, outcome->cause_offset, outcome->cause_length);
  else
    lab_detail_pane_show_tab (self->detail, "fields");
  gtk_widget_grab_focus (GTK_WIDGET (self->ladder));
}

/* ---- zoom (presenter mode: lab-window-presenter.c) ---- */

static void
set_zoom (LabWindow *self, double zoom)
{
  guint index = zoom_index (zoom);

  if (self->zoom == zoom_levels[index].zoom)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (zoom_levels); i++)
    gtk_widget_remove_css_class (self->zoom_box, zoom_levels[i].css_class);
  gtk_widget_add_css_class (self->zoom_box, zoom_levels[index].css_class);
  self->zoom = zoom_levels[index].zoom;
  lab_window_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

static void
zoom_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);
  guint index = zoom_index (self->zoom);

  if (g_str_equal (action_name, "win.zoom-in"))
    index = MIN (index + 1, G_N_ELEMENTS (zoom_levels) - 1);
  else if (g_str_equal (action_name, "win.zoom-out"))
    index = index > 0 ? index - 1 : 0;
  else
    index = zoom_index (1.0);
  set_zoom (self, zoom_levels[index].zoom);
}

static gboolean
leave_presenter (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  LabWindow *self = LAB_WINDOW (widget);

  if (!self->presenter)
    return FALSE;
  lab_window_set_presenter (self, FALSE);
  return TRUE;
}

static void
toggle_panel_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);

  adw_flap_set_reveal_flap (self->flap, !adw_flap_get_reveal_flap (self->flap));
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
      set_zoom (self, g_value_get_double (value));
      break;
    case PROP_SPEED:
      self->speed = g_value_get_double (value);
      gtk_menu_button_set_label (self->speed_button,
                                 self->speed == 0.5 ? "½×" : self->speed == 1 ? "1×"
                                                           : self->speed == 2 ? "2×" : "4×");
      if (self->play_source != 0)
        start_playing (self);
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
  gtk_widget_dispose_template (GTK_WIDGET (object), LAB_TYPE_WINDOW);
  G_OBJECT_CLASS (lab_window_parent_class)->dispose (object);
}

static void
add_bindings (GtkWidgetClass *widget_class)
{
  static const struct
  {
    guint key;
    GdkModifierType mods;
    const char *action;
  } bindings[] = {
    { GDK_KEY_space, 0, "win.play" },
    { GDK_KEY_Left, 0, "win.step-back" },
    { GDK_KEY_Right, 0, "win.step-forward" },
    { GDK_KEY_Home, 0, "win.step-first" },
    { GDK_KEY_End, 0, "win.step-last" },
    { GDK_KEY_r, GDK_CONTROL_MASK, "win.rerun" },
    { GDK_KEY_o, GDK_CONTROL_MASK, "win.open" },
    { GDK_KEY_plus, GDK_CONTROL_MASK, "win.zoom-in" },
    { GDK_KEY_equal, GDK_CONTROL_MASK, "win.zoom-in" },
    { GDK_KEY_KP_Add, GDK_CONTROL_MASK, "win.zoom-in" },
    { GDK_KEY_minus, GDK_CONTROL_MASK, "win.zoom-out" },
    { GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "win.zoom-out" },
    { GDK_KEY_0, GDK_CONTROL_MASK, "win.zoom-reset" },
    { GDK_KEY_KP_0, GDK_CONTROL_MASK, "win.zoom-reset" },
    { GDK_KEY_F11, 0, "win.presenter" },
    { GDK_KEY_F9, 0, "win.toggle-panel" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bindings); i++)
    gtk_widget_class_add_binding_action (widget_class, bindings[i].key, bindings[i].mods,
                                         bindings[i].action, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, leave_presenter, NULL);
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

  gtk_widget_class_install_action (widget_class, "win.step-first", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "win.step-back", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "win.step-forward", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "win.step-last", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "win.play", NULL, play_action);
  gtk_widget_class_install_action (widget_class, "win.rerun", NULL, rerun_action);
  gtk_widget_class_install_action (widget_class, "win.show-cause", NULL, show_cause_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-panel", NULL, toggle_panel_action);
  gtk_widget_class_install_property_action (widget_class, "win.presenter", "presenter");
  gtk_widget_class_install_property_action (widget_class, "win.suspense", "suspense");
  gtk_widget_class_install_property_action (widget_class, "win.speed", "speed");
  lab_window_files_class_init (widget_class);
  lab_window_capture_class_init (widget_class);
  lab_window_lesson_class_init (widget_class);
  add_bindings (widget_class);
}

static void
lab_window_init (LabWindow *self)
{
  self->zoom = 1.0;
  self->speed = 1.0;
  gtk_widget_init_template (GTK_WIDGET (self));

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
  lab_window_files_init (self);
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
