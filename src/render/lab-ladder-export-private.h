/* lab-ladder-export-private.h: what the tall picture (lab-ladder-export.c) and the
 * slides (lab-ladder-slides.c) share: text, the outcome's block, a part of the steps. */
#pragma once

#include "lab-ladder-export.h"

#include <pango/pangocairo.h>

G_BEGIN_DECLS

/* the body font at scale times its size, in weight */
PangoFontDescription *lab_export_scaled_font (const PangoFontDescription *body, double scale,
                                              PangoWeight weight);
/* text in width: wrapped, or ellipsized to one line */
PangoLayout *lab_export_text_layout (PangoContext *context, const PangoFontDescription *font,
                                     const char *text, double width, gboolean wrap);
double lab_export_text_height (PangoLayout *layout);
void lab_export_set_color (cairo_t *cr, const LabColor *color, double alpha);
void lab_export_show_text (cairo_t *cr, PangoLayout *layout, double x, double y);

/* steps[first] up to, not including, steps[end], in an array that does not own them */
GPtrArray *lab_export_slice (GPtrArray *steps, guint first, guint end);

/* The outcome's lines (outcome_lines) wrapped to a width: the first in bold, in the
 * alert colour when the run failed. */
typedef struct
{
  PangoLayout *headline;
  PangoLayout *details; /* NULL when there is only the headline */
  gboolean failed;
  double height;          /* headline and details */
  double headline_height; /* the headline alone */
} LabExportOutcome;

void lab_export_outcome_layout (LabExportOutcome *outcome, PangoContext *context,
                                const PangoFontDescription *font, LabTrace *trace,
                                const char *const *lines, double width);
/* The headline, and the details unless headline_only. */
void lab_export_outcome_draw (const LabExportOutcome *outcome, cairo_t *cr,
                              const LabLadderPalette *palette, double x, double y,
                              gboolean headline_only);
void lab_export_outcome_clear (LabExportOutcome *outcome);

/* ---- lab-ladder-slides.c ---- */

typedef struct
{
  guint first, end; /* the page's steps: shown[first] up to, not including, shown[end] */
} LabSlidePage;

typedef struct
{
  PangoContext *context;
  PangoFontDescription *font;
  LabTrace *trace;
  GPtrArray *shown;
  PangoLayout *title;
  double title_height; /* with the gap under it */
  double part_width;   /* the widest "steps a–b of n" on the title's line */
  LabExportOutcome outcome;
  double ladder_width;
  GArray *pages; /* LabSlidePage */
} LabSlides;

/* Lays out the slides of the shown steps: their pages, the outcome on the last
 * (outcome_everywhere: on each, for a picture that is one of them: the headline alone on
 * every page but the last, so the steps keep their room). */
void lab_slides_layout (LabSlides *slides, PangoContext *context, LabTrace *trace,
                        GPtrArray *shown, const char *const *outcome,
                        const LabLadderExportOptions *options, gboolean outcome_everywhere);
/* The page that shows step `current` (a step's index), else the first. */
guint lab_slides_page_of_step (const LabSlides *slides, int current);
void lab_slides_draw_page (const LabSlides *slides, guint page, gboolean with_outcome,
                           cairo_t *cr, const LabLadderExportOptions *options,
                           const LabLadderPalette *palette);
void lab_slides_clear (LabSlides *slides);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LabExportOutcome, lab_export_outcome_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LabSlides, lab_slides_clear)

G_END_DECLS
