/* lab-ladder-render-private.h: what laying out the ladder (lab-ladder-render.c) and
 * drawing it (lab-ladder-draw.c) share. Sizes are multiples of the body font's line
 * height, so zooming the font zooms the whole diagram and a projector or a PDF at any
 * size keeps the proportions. */
#pragma once

#include "lab-ladder-render.h"

G_BEGIN_DECLS

/* Proportions, in body line heights. */
#define PAD 0.4            /* above and below the text of a row */
#define ARROW_GAP 0.2      /* between an arrow and its texts */
#define BAND_LABEL 1.4     /* the phase label at the top of a band */
#define BAND_GAP 0.35      /* between two bands */
#define HEADER 3.0         /* column titles */
#define MIN_WIDTH 26.0

typedef struct
{
  int step;      /* index into steps, -1 for none */
  double y;      /* top of the row */
  double height;
} Row;

typedef struct
{
  LabPhase phase;
  double y;
  double height;
} Band;

struct _LabLadderLayout
{
  PangoContext *context;
  PangoFontDescription *body;
  PangoFontDescription *bold;
  PangoFontDescription *small;
  PangoFontDescription *header;
  LabTrace *trace;
  GPtrArray *steps;

  double width;
  double height;
  double unit; /* the body font's line height */
  double client_x, wire_x, server_x;
  gboolean attacker; /* a man in the middle acts: the middle column is Mallory's */
  GArray *rows;  /* Row, one per step, in step order */
  GArray *bands; /* Band */
};

/* Is the step the TCP event `action` ("connect", "accept", "close") of its sender? */
gboolean lab_ladder_is_tcp (const LabLadderLayout *layout, const LabStep *step,
                            const char *action);
/* What the wire (or Mallory) did to the step's record, for the line under its arrow. */
char *lab_ladder_wire_note (const LabLadderLayout *layout, const LabStep *step);
/* The x of a column's lifeline: the client, the wire or Mallory, the server. */
double lab_ladder_column_x (const LabLadderLayout *layout, LabSide column);
/* Did the wire drop the step's record? */
gboolean lab_ladder_record_dropped (const LabLadderLayout *layout, const LabStep *step);

G_END_DECLS
