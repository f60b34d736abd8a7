/* lab-window-loading.c: the window's first frame. A window shows its header bar and
 * "Running the handshake…" until its first run is in and that first frame is on screen;
 * only then the panes appear, filled in. Measured (tools/first-frame): drawing the whole
 * window for the first time costs several times what the run does, so a first frame
 * with the panes in it comes late however early the run ends; this one comes about as
 * soon as an empty libadwaita window's. The scenario menu (every shipped scenario
 * parsed) is built after that frame too. */
#include "lab-window-private.h"

typedef struct
{
  GtkWidget *loading; /* in place of the panes until the first run is in; NULL after */
  gulong after_paint; /* waiting for a frame on the window's frame clock: the first, then
                       * the panes' first */
  gboolean painted;   /* the first frame is on screen */
  gboolean ran;       /* the first run ended, with a trace or an error */
} Loading;

/* Every handler below is connected with the window as its data, so that it goes when
 * the window does (the frame clock and the document may outlive it a little). */
static Loading *
get_loading (LabWindow *self)
{
  return g_object_get_data (G_OBJECT (self), "lab-loading");
}

/* The panes' first frame is drawn: the ladder has its layout now, so the step the run
 * (or a lesson's page) chose while the panes were hidden can be scrolled to. */
static void
panes_painted (GdkFrameClock *clock, LabWindow *self)
{
  Loading *loading = get_loading (self);

  g_signal_handler_disconnect (clock, loading->after_paint);
  loading->after_paint = 0;
  if (lab_document_get_step (self->document) > 0)
    g_object_notify (G_OBJECT (self->document), "step");
}

/* Both done: the panes in place of the loading state, drawn in the next frame. */
static void
show_panes (LabWindow *self)
{
  Loading *loading = get_loading (self);
  GtkWidget *focus;

  if (!loading->painted || !loading->ran || loading->loading == NULL)
    return;
  gtk_box_remove (GTK_BOX (gtk_widget_get_parent (self->zoom_box)),
                  g_steal_pointer (&loading->loading));
  gtk_widget_set_visible (self->zoom_box, TRUE);
  /* The keys go to the ladder, as lab_window_init meant, unless the learner has since
   * moved the focus (to a header bar button). */
  focus = gtk_window_get_focus (GTK_WINDOW (self));
  if (focus == NULL || focus == GTK_WIDGET (self->ladder))
    gtk_widget_grab_focus (GTK_WIDGET (self->ladder));
  loading->after_paint = g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (self)),
                                                  "after-paint", G_CALLBACK (panes_painted),
                                                  self, 0);
}

static void
first_frame_painted (GdkFrameClock *clock, LabWindow *self)
{
  Loading *loading = get_loading (self);

  g_signal_handler_disconnect (clock, loading->after_paint);
  loading->after_paint = 0;
  loading->painted = TRUE;
  lab_window_update_scenario_menu (self);
  show_panes (self);
}

static void
window_mapped (GtkWidget *widget, LabWindow *self)
{
  Loading *loading = get_loading (self);

  if (loading->painted || loading->after_paint != 0)
    return; /* mapped again, or the first frame already waited for */
  loading->after_paint = g_signal_connect_object (gtk_widget_get_frame_clock (widget),
                                                  "after-paint",
                                                  G_CALLBACK (first_frame_painted), self, 0);
}

static void
first_run_ended (LabWindow *self)
{
  get_loading (self)->ran = TRUE;
  show_panes (self);
}

static void
trace_changed (LabDocument *document, GParamSpec *pspec, LabWindow *self)
{
  if (lab_document_get_trace (document) != NULL)
    first_run_ended (self);
}

static void
run_failed (LabDocument *document, GError *error, LabWindow *self)
{
  first_run_ended (self);
}

static GtkWidget *
loading_state_new (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *spinner = gtk_spinner_new ();
  GtkWidget *label = gtk_label_new ("Running the handshake…");

  gtk_widget_set_vexpand (box, TRUE);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "title-4");
  gtk_box_append (GTK_BOX (box), spinner);
  gtk_box_append (GTK_BOX (box), label);
  return box;
}

void
lab_window_loading_init (LabWindow *self)
{
  Loading *loading = g_new0 (Loading, 1);

  loading->loading = loading_state_new ();
  gtk_widget_set_visible (self->zoom_box, FALSE);
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (self->zoom_box)),
                              loading->loading, self->zoom_box);
  g_object_set_data_full (G_OBJECT (self), "lab-loading", loading, g_free);
  g_signal_connect (self, "map", G_CALLBACK (window_mapped), self);
  g_signal_connect (self->document, "notify::trace", G_CALLBACK (trace_changed), self);
  g_signal_connect (self->document, "run-failed", G_CALLBACK (run_failed), self);
}
