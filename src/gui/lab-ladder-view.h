/* lab-ladder-view.h: the ladder of a run, drawn by src/render (the same code as the
 * exports); clicking a step selects it. */
#pragma once

#include <gtk/gtk.h>

#include "engine/trace/lab-trace.h"

G_BEGIN_DECLS

#define LAB_TYPE_LADDER_VIEW (lab_ladder_view_get_type ())
G_DECLARE_FINAL_TYPE (LabLadderView, lab_ladder_view, LAB, LADDER_VIEW, GtkWidget)

GtkWidget *lab_ladder_view_new (void);

/* The run to draw; steps as lab_steps_from_trace gives them. */
void lab_ladder_view_set_run (LabLadderView *self, LabTrace *trace, GPtrArray *steps);

int lab_ladder_view_get_selected (LabLadderView *self);
void lab_ladder_view_set_selected (LabLadderView *self, int selected);

/* Who the columns are (client, wire, server), NULL for a lab run: see LabLadderState. */
void lab_ladder_view_set_captions (LabLadderView *self, const char *const *captions);

gboolean lab_ladder_view_get_high_contrast (LabLadderView *self);
void lab_ladder_view_set_high_contrast (LabLadderView *self, gboolean high_contrast);

/* Where a step's row is, in the view's coordinates, at the width the view has; FALSE
 * before the view is laid out. */
gboolean lab_ladder_view_get_step_extent (LabLadderView *self, guint step, double *y,
                                          double *height);

G_END_DECLS
