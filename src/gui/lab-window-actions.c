/* lab-window-actions.c: the window's own actions, one callback each, and their keys:
 * stepping and playing, re-running, going to the cause, the type size, the switches.
 * Which of them are enabled is decided in one place, lab_window_update_actions. The
 * actions of the other parts are installed by those parts (lab-window-open.c,
 * lab-window-export.c, lab-window-capture.c, lab-window-lesson.c). */
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

static int
n_steps (LabWindow *self)
{
  return (int) lab_document_get_steps (self->document)->len;
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

void
lab_window_set_speed (LabWindow *self, double speed)
{
  self->speed = speed;
  gtk_menu_button_set_label (self->speed_button, speed == 0.5 ? "½×"
                                                 : speed == 1 ? "1×"
                                                 : speed == 2 ? "2×"
                                                              : "4×");
  if (self->play_source != 0)
    start_playing (self);
}

/* Every stepping action stops playing first: the teacher has taken over. */
static void
go_to_step (LabWindow *self, int step)
{
  lab_window_stop_playing (self);
  lab_document_set_step (self->document, step);
  lab_window_update_actions (self);
}

static void
step_first_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  go_to_step (LAB_WINDOW (widget), 0);
}

static void
step_back_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);

  go_to_step (self, lab_document_get_step (self->document) - 1);
}

static void
step_forward_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);

  go_to_step (self, lab_document_get_step (self->document) + 1);
}

static void
step_last_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);

  go_to_step (self, n_steps (self) - 1);
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

/* ---- the type size (presenter mode: lab-window-presenter.c) ---- */

void
lab_window_set_zoom (LabWindow *self, double zoom)
{
  guint index = zoom_index (zoom);

  if (self->zoom == zoom_levels[index].zoom)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (zoom_levels); i++)
    gtk_widget_remove_css_class (self->zoom_box, zoom_levels[i].css_class);
  gtk_widget_add_css_class (self->zoom_box, zoom_levels[index].css_class);
  self->zoom = zoom_levels[index].zoom;
  lab_window_update_actions (self);
  g_object_notify (G_OBJECT (self), "zoom");
}

static void
zoom_in_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);
  guint index = zoom_index (self->zoom);

  lab_window_set_zoom (self, zoom_levels[MIN (index + 1, G_N_ELEMENTS (zoom_levels) - 1)].zoom);
}

static void
zoom_out_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);
  guint index = zoom_index (self->zoom);

  lab_window_set_zoom (self, zoom_levels[index > 0 ? index - 1 : 0].zoom);
}

static void
zoom_reset_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  lab_window_set_zoom (LAB_WINDOW (widget), 1.0);
}

/* ---- the switches and presenter mode ---- */

static void
toggle_panel_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);

  adw_flap_set_reveal_flap (self->flap, !adw_flap_get_reveal_flap (self->flap));
}

/* Escape leaves presenter mode; elsewhere it goes on to whatever else takes it. */
static gboolean
leave_presenter (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  LabWindow *self = LAB_WINDOW (widget);

  if (!self->presenter)
    return FALSE;
  lab_window_set_presenter (self, FALSE);
  return TRUE;
}

/* ---- installing them ---- */

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

void
lab_window_actions_class_init (GtkWidgetClass *widget_class)
{
  static const struct
  {
    const char *name;
    GtkWidgetActionActivateFunc activate;
  } actions[] = {
    { "win.step-first", step_first_action },
    { "win.step-back", step_back_action },
    { "win.step-forward", step_forward_action },
    { "win.step-last", step_last_action },
    { "win.play", play_action },
    { "win.rerun", rerun_action },
    { "win.show-cause", show_cause_action },
    { "win.zoom-in", zoom_in_action },
    { "win.zoom-out", zoom_out_action },
    { "win.zoom-reset", zoom_reset_action },
    { "win.toggle-panel", toggle_panel_action },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_class_install_action (widget_class, actions[i].name, NULL, actions[i].activate);
  gtk_widget_class_install_property_action (widget_class, "win.presenter", "presenter");
  gtk_widget_class_install_property_action (widget_class, "win.suspense", "suspense");
  gtk_widget_class_install_property_action (widget_class, "win.speed", "speed");
  add_bindings (widget_class);
}
