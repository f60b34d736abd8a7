/* lab-window-presenter.c: the window in front of a class. Presenter mode (full screen,
 * large type, high contrast, the step counter as the header's title) and suspense,
 * "Reveal the outcome at the end": the outcome banner waits for the step that decides the
 * outcome, so that stepping through a run in class does not give its ending away. */
#include "lab-window-private.h"

/* The step that decides the outcome, where "Reveal the outcome at the end" shows it: the
 * fatal alert, else the step the cause is in (a run that timed out or broke off), else
 * the last step (a success). */
static int
outcome_step (LabWindow *self)
{
  LabTrace *trace = lab_document_get_trace (self->document);
  const LabOutcome *outcome = trace ? lab_trace_get_outcome (trace) : NULL;
  GPtrArray *steps = lab_document_get_steps (self->document);
  int cause;

  if (outcome == NULL)
    return -1;
  if (outcome->result != LAB_RESULT_SUCCESS)
    {
      for (guint i = 0; i < steps->len; i++)
        if (((LabStep *) g_ptr_array_index (steps, i))->is_fatal)
          return (int) i;
      if ((cause = lab_window_cause_step (self)) >= 0)
        return cause;
    }
  return (int) steps->len - 1;
}

/* Suspense: the banner waits for the step that decides the outcome and leaves again when
 * the teacher steps back before it, except on the step Show the cause went back to. */
gboolean
lab_window_update_suspense (LabWindow *self)
{
  int step = lab_document_get_step (self->document);
  gboolean reached = step >= outcome_step (self);
  gboolean revealed;

  if (!reached && step != lab_window_cause_step (self))
    self->cause_shown = FALSE;
  revealed = !self->suspense || reached || self->cause_shown;
  lab_outcome_banner_set_withheld (self->banner, !revealed);
  return revealed;
}

/* In presenter mode the step counter is the title, in large type (style.css), so that the
 * back of the room can read where the class is; the phase and message follow below. */
void
lab_window_update_title (LabWindow *self)
{
  const LabStep *step = lab_document_get_current_step (self->document);
  g_autofree char *counter = NULL, *subtitle = NULL;

  if (step != NULL)
    counter = g_strdup_printf ("Step %u of %u", step->index + 1,
                               lab_document_get_steps (self->document)->len);
  if (step != NULL && self->presenter)
    subtitle = g_strdup (step->title); /* the ladder's bands name the phase */
  else if (step != NULL)
    subtitle = g_strdup_printf ("%s · %s · %s", counter, lab_phase_title (step->phase),
                                step->title);
  adw_window_title_set_title (self->title,
                              self->presenter && counter ? counter : "Handshake Lab");
  adw_window_title_set_subtitle (self->title, subtitle ? subtitle : "");
}

void
lab_window_set_suspense (LabWindow *self, gboolean suspense)
{
  suspense = !!suspense;
  if (self->suspense == suspense)
    return;
  self->suspense = suspense;
  lab_window_update_actions (self);
  g_object_notify (G_OBJECT (self), "suspense");
}

void
lab_window_set_presenter (LabWindow *self, gboolean presenter)
{
  presenter = !!presenter;
  if (self->presenter == presenter)
    return;
  self->presenter = presenter;
  if (presenter)
    {
      self->panel_before_presenter = adw_flap_get_reveal_flap (self->flap);
      adw_flap_set_reveal_flap (self->flap, FALSE);
      gtk_widget_add_css_class (GTK_WIDGET (self), "presenter");
      gtk_window_fullscreen (GTK_WINDOW (self));
    }
  else
    {
      adw_flap_set_reveal_flap (self->flap, self->panel_before_presenter);
      gtk_widget_remove_css_class (GTK_WIDGET (self), "presenter");
      gtk_window_unfullscreen (GTK_WINDOW (self));
    }
  /* Unlocked, AdwFlap reveals the panel on its own when the window unfolds (leaving
   * fullscreen, type growing smaller): in presenter mode it must stay where it was put. */
  adw_flap_set_locked (self->flap, presenter || lab_window_lesson_is_open (self));
  /* Full screen has no use for them, and a projector's 1024 pixels need their room. */
  adw_header_bar_set_show_end_title_buttons (self->header_bar, !presenter);
  lab_ladder_view_set_high_contrast (self->ladder, presenter);
  /* Suspense is on by default in front of a class, until the teacher sets it by hand. */
  if (!self->suspense_chosen)
    lab_window_set_suspense (self, presenter);
  lab_window_update_actions (self);
  g_object_notify (G_OBJECT (self), "presenter");
}
