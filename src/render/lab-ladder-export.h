/* lab-ladder-export.h: the ladder as a PNG, SVG or PDF file, drawn by the same code as
 * the window, with the run's outcome under it. Needs no display.
 *
 * Two shapes: a tall picture of the whole run (as wide as asked, as tall as the steps
 * need), or slides: 16:9 pages of 960x540 units (points in a PDF; a PNG is 1920x1080
 * pixels at its default scale of 2) in type large enough for a projector, each with the
 * run's title and as many whole steps as fit. A PDF has every page, the outcome on the
 * last; a PNG or SVG is one page, the one with the current step (else the first), with
 * the outcome at its foot, so that no picture of a run lacks how it ended. */
#pragma once

#include "lab-ladder-render.h"

G_BEGIN_DECLS

typedef enum
{
  LAB_LADDER_FORMAT_PNG,
  LAB_LADDER_FORMAT_SVG,
  LAB_LADDER_FORMAT_PDF,
} LabLadderFormat;

typedef struct
{
  const char *title;                /* drawn above the ladder, and the file's title */
  const LabLadderPalette *palette;  /* NULL: light */
  LabLadderState state;             /* current -1 draws every step solid */
  double width;                     /* the tall picture's; 0: 900. Slides are 960 */
  double scale;                     /* PNG pixels per unit; 0: 1, for slides 2 */
  const char *font;                 /* Pango font description; NULL: "Sans 11", for
                                     * slides "Sans 13" */
  gboolean slide;                   /* 16:9 pages instead of one tall picture */
  gboolean hide_unsent;             /* leave out the steps the run never reached */
  gboolean observed;                /* the lab did not run both peers (a capture, a
                                     * real server): the outcome's words say so */
} LabLadderExportOptions;

#define LAB_LADDER_SLIDE_WIDTH 960.0
#define LAB_LADDER_SLIDE_HEIGHT 540.0

/* The format a file name asks for by its extension (.png, .svg, .pdf). */
gboolean lab_ladder_format_from_path (const char *path, LabLadderFormat *format,
                                      GError **error);

/* Writes the ladder of a frozen trace to path, in the format its extension names. */
gboolean lab_ladder_export (LabTrace *trace, GPtrArray *steps,
                            const LabLadderExportOptions *options, const char *path,
                            GError **error);

G_END_DECLS
