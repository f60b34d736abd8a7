/* lab-window-stepping.c: stepping through the ladder in front of a class: the stepping
 * keys from wherever the focus is, and the current step kept in the ladder's view. */
#include "lab-window-private.h"

/* ---- the keys ---- */

/* Keys edit text where text is edited: an entry (the switches' text rows, a lesson's
 * answer), an editable text view. A popover (a menu, the lesson picker, a combo row's
 * list) is walked with its own keys. */
static gboolean
keys_belong_to (GtkWidget *focus)
{
  for (GtkWidget *w = focus; w != NULL; w = gtk_widget_get_parent (w))
    if (GTK_IS_EDITABLE (w) || GTK_IS_POPOVER (w)
        || (GTK_IS_TEXT_VIEW (w) && gtk_text_view_get_editable (GTK_TEXT_VIEW (w))))
      return TRUE;
  return FALSE;
}

/* A teacher drives the window with whatever has the focus, often a presenter's remote
 * (Page Up and Page Down, sometimes Left, Right, Space): outside text being edited,
 * Space plays or pauses, Left and Right step, Home and End go to the first and the last
 * step, and Page Up and Page Down turn the lesson's page when a lesson is open and step
 * otherwise. They are caught before the focused widget sees them: a focused button or
 * switch would take Space as a click, a tab button Left and Right as a move to the next
 * tab, a scrolled window Page Up and Page Down as a scroll.
 *
 * The hex view and the field list keep Up and Down, and the ladder does too: there they
 * move the caret a row, the selection a field, the ladder a step, which is how one walks
 * bytes and fields; Ctrl+Left and Ctrl+Right walk the hex view byte by byte (a byte's two
 * digits are a word). Left and Right are the window's even there, so that a remote's
 * Right always means the next step, whatever was clicked last. Enter still activates what
 * has the focus. */
static gboolean
classroom_key_pressed (GtkEventControllerKey *controller, guint keyval, guint keycode,
                       GdkModifierType state, LabWindow *self)
{
  const char *action;

  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK | GDK_SUPER_MASK))
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_space:
    case GDK_KEY_KP_Space:
      action = "win.play";
      break;
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      action = "win.step-back";
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      action = "win.step-forward";
      break;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      action = "win.step-first";
      break;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      action = "win.step-last";
      break;
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
      action = lab_window_lesson_is_open (self) ? "win.lesson-back" : "win.step-back";
      break;
    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
      action = lab_window_lesson_is_open (self) ? "win.lesson-next" : "win.step-forward";
      break;
    default:
      return FALSE;
    }
  if (keys_belong_to (gtk_root_get_focus (GTK_ROOT (self))))
    return FALSE;
  /* At the first or the last step the action is off, and the key still does nothing else
   * (no focus moving to the next button). */
  gtk_widget_activate_action (GTK_WIDGET (self), action, NULL);
  return TRUE;
}

/* ---- the current step in view ----
 *
 * The ladder scrolls to the current step when the step changes, and again whenever the
 * ladder is laid out anew: a new run, the window or the detail pane changing size (a tab
 * with other content, zoom, presenter mode). What the scrolled window would do on its own
 * works against that: it keeps the old scroll position in pixels when the ladder's height
 * changes under it, and it scrolls a widget that takes the focus into view, which for a
 * ladder taller than the window means its top or its bottom, away from the step. */

/* Scrolls the ladder so that the step, a row above it and a row below are in view (the
 * top, column titles and all, for the first step); FALSE when the ladder has no layout
 * for its width yet. */
static gboolean
scroll_to_step (LabWindow *self, int step)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->ladder_scroller);
  double y, height;

  if (step < 0)
    return TRUE;
  if (!lab_ladder_view_get_step_extent (self->ladder, (guint) step, &y, &height))
    return FALSE;
  if (step == 0)
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
  else
    gtk_adjustment_clamp_page (adjustment, y - height, y + 2 * height);
  return TRUE;
}

/* Runs each frame, before the frame's layout, until the ladder has been laid out at its
 * width and the step could be scrolled to. */
static gboolean
follow_step_tick (GtkWidget *ladder, GdkFrameClock *clock, gpointer user_data)
{
  LabWindow *self = user_data;

  if (!scroll_to_step (self, lab_document_get_step (self->document)))
    return G_SOURCE_CONTINUE;
  self->follow_step_tick = 0;
  return G_SOURCE_REMOVE;
}

/* Scrolls to the step at the next frame, when whatever has just changed size has been
 * laid out. */
static void
follow_step_soon (LabWindow *self)
{
  if (self->follow_step_tick == 0)
    self->follow_step_tick
      = gtk_widget_add_tick_callback (GTK_WIDGET (self->ladder), follow_step_tick, self, NULL);
}

/* The ladder's scrolled height or the height shown changed: the ladder was laid out anew.
 * Emitted in the middle of that layout, where the ladder's rows are not placed yet. */
static void
ladder_extent_changed (GtkAdjustment *adjustment, LabWindow *self)
{
  follow_step_soon (self);
}

void
lab_window_follow_step (LabWindow *self, gboolean now)
{
  if (!now || !scroll_to_step (self, lab_document_get_step (self->document)))
    follow_step_soon (self);
}

static void
follow_step_init (LabWindow *self)
{
  GtkWidget *viewport = gtk_scrolled_window_get_child (self->ladder_scroller);

  if (GTK_IS_VIEWPORT (viewport))
    gtk_viewport_set_scroll_to_focus (GTK_VIEWPORT (viewport), FALSE);
  g_signal_connect (gtk_scrolled_window_get_vadjustment (self->ladder_scroller), "changed",
                    G_CALLBACK (ladder_extent_changed), self);
}

void
lab_window_stepping_init (LabWindow *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (classroom_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  follow_step_init (self);
}

void
lab_window_stepping_dispose (LabWindow *self)
{
  if (self->follow_step_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->ladder), self->follow_step_tick);
  self->follow_step_tick = 0;
  if (self->ladder_scroller != NULL)
    g_signal_handlers_disconnect_by_data (
      gtk_scrolled_window_get_vadjustment (self->ladder_scroller), self);
}
