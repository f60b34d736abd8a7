/* lab-ladder-export.h: the ladder as a PNG, SVG or PDF file, drawn by the same code as
 * the window. Needs no display. */
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
  double width;                     /* 0: a width that suits a slide */
  double scale;                     /* PNG pixels per unit; 0: 1 */
  const char *font;                 /* Pango font description; NULL: "Sans 11" */
} LabLadderExportOptions;

/* The format a file name asks for by its extension (.png, .svg, .pdf). */
gboolean lab_ladder_format_from_path (const char *path, LabLadderFormat *format,
                                      GError **error);

/* Writes the ladder of a frozen trace to path, in the format its extension names. */
gboolean lab_ladder_export (LabTrace *trace, GPtrArray *steps,
                            const LabLadderExportOptions *options, const char *path,
                            GError **error);

G_END_DECLS
