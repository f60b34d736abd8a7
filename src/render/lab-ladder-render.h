/* lab-ladder-render.h: the ladder diagram of a run, drawn with cairo and Pango only.
 *
 * The window's ladder widget (through gtk_snapshot_append_cairo) and the headless
 * `diagram` command both draw with this code, so an exported picture is exactly what
 * the class saw. A layout is computed once for a width and a font; drawing it again
 * with another current step or palette needs no new layout. */
#pragma once

#include <cairo.h>
#include <pango/pango.h>

#include "engine/trace/lab-steps.h"
#include "engine/trace/lab-trace.h"

G_BEGIN_DECLS

typedef struct
{
  double red, green, blue, alpha;
} LabColor;

typedef struct
{
  LabColor foreground; /* text, lifelines and the arrows of past steps */
  LabColor background; /* painted behind everything; alpha 0 leaves it transparent */
  LabColor accent;     /* the current step */
  LabColor error;      /* alerts */
  LabColor warning;    /* records the wire changed */
} LabLadderPalette;

/* Palettes for pictures drawn outside the window, after libadwaita's light and dark
 * styles. */
const LabLadderPalette *lab_ladder_palette_light (void);
const LabLadderPalette *lab_ladder_palette_dark (void);

typedef struct
{
  /* the selected step, drawn in the accent colour; steps after it are faint. -1: none,
   * every step that happened is drawn solid (exports) */
  int current;
  /* a projector at the back of a room: thicker lines, fainter steps less faint */
  gboolean high_contrast;
  /* who the columns are, under Client, Wire and Server (three strings); NULL for a lab
   * run's: "OpenSSL client", "the lab's wire", "OpenSSL server" */
  const char *const *captions;
} LabLadderState;

typedef struct _LabLadderLayout LabLadderLayout;

/* Lays out the steps of a frozen trace for a width in the units of the cairo context
 * it will be drawn on. The steps may be any consecutive part of the run's (a slide's
 * page): each keeps its own number. `font` is the body font; titles, captions and headers are
 * derived from it. `steps` and `trace` are kept (referenced) by the layout. */
LabLadderLayout *lab_ladder_layout_new (PangoContext *context, const PangoFontDescription *font,
                                        LabTrace *trace, GPtrArray *steps, double width);
void lab_ladder_layout_free (LabLadderLayout *layout);

double lab_ladder_layout_get_width (const LabLadderLayout *layout);
double lab_ladder_layout_get_height (const LabLadderLayout *layout);
/* The narrowest width the ladder can be laid out at without overlapping text. */
double lab_ladder_min_width (PangoContext *context, const PangoFontDescription *font);

/* The step whose row contains (x, y), or -1. */
int lab_ladder_layout_step_at (const LabLadderLayout *layout, double x, double y);
/* The vertical extent of a step's row; FALSE when there is no such step. */
gboolean lab_ladder_layout_get_step_extent (const LabLadderLayout *layout, guint step,
                                            double *y, double *height);

void lab_ladder_layout_draw (const LabLadderLayout *layout, cairo_t *cr,
                             const LabLadderPalette *palette, const LabLadderState *state);

/* What an arrow's label says, for people: "ClientHello", "Alert: bad_record_mac". */
char *lab_ladder_step_label (const LabStep *step);
/* The whole ladder as text, one step a line ("3. ClientHello, client to server: ..."),
 * for screen readers and for the text an exported picture carries. */
char *lab_ladder_describe (GPtrArray *steps);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabLadderLayout, lab_ladder_layout_free)

G_END_DECLS
