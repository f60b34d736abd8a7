/* lab-ladder-draw.c: draws a laid-out ladder with cairo and Pango: the column heads, the
 * lifelines, the phase bands and each step's arrow and texts, in a palette and with the
 * current step in the accent colour. */
#include "lab-ladder-render-private.h"

#include <math.h>
#include <pango/pangocairo.h>

typedef struct
{
  const LabLadderLayout *layout;
  cairo_t *cr;
  const LabLadderPalette *palette;
  const LabLadderState *state;
  double line;  /* line width of a past step's arrow */
  double faint; /* alpha of future and never-sent steps */
} Painter;

static void
set_color (cairo_t *cr, const LabColor *color, double alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

typedef enum
{
  ALIGN_CENTER,
  ALIGN_LEFT,
  ALIGN_RIGHT,
} Align;

/* Draws one line of text with its top at y, ellipsized to max_width; returns its width. */
static double
draw_text (const Painter *p, const PangoFontDescription *font, const char *text, double x,
           double y, double max_width, Align align)
{
  g_autoptr (PangoLayout) layout = pango_layout_new (p->layout->context);
  PangoRectangle logical;
  double width, left;

  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_get_extents (layout, NULL, &logical);
  width = (double) logical.width / PANGO_SCALE;
  left = align == ALIGN_CENTER ? x - width / 2 : align == ALIGN_RIGHT ? x - width : x;
  cairo_move_to (p->cr, left - (double) logical.x / PANGO_SCALE, y);
  pango_cairo_show_layout (p->cr, layout);
  return width;
}

static void
draw_arrow (const Painter *p, double from, double to, double y, double width, gboolean dashed)
{
  cairo_t *cr = p->cr;
  double head = p->layout->unit * 0.45;
  double dir = to > from ? 1 : -1;

  cairo_save (cr);
  cairo_set_line_width (cr, width);
  if (dashed)
    {
      double dash[] = { p->layout->unit * 0.35, p->layout->unit * 0.25 };
      cairo_set_dash (cr, dash, 2, 0);
    }
  cairo_move_to (cr, from, y);
  cairo_line_to (cr, to - dir * head * 0.8, y);
  cairo_stroke (cr);
  cairo_restore (cr);

  cairo_move_to (cr, to, y);
  cairo_line_to (cr, to - dir * head, y - head * 0.45);
  cairo_line_to (cr, to - dir * head, y + head * 0.45);
  cairo_close_path (cr);
  cairo_fill (cr);
}

static void
rounded_rectangle (cairo_t *cr, double x, double y, double w, double h, double r)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
draw_header (const Painter *p)
{
  static const char *const lab_run[] = { "OpenSSL client", "the lab's wire", "OpenSSL server" };
  static const char *const attacked[] = { "OpenSSL client", "the man in the middle",
                                          "OpenSSL server" };
  const LabLadderLayout *l = p->layout;
  const char *const *captions = p->state->captions ? p->state->captions
                                : l->attacker      ? attacked
                                                   : lab_run;
  double u = l->unit, y = 0.4 * u, w = (l->server_x - l->client_x) / 2;

  set_color (p->cr, &p->palette->foreground, 1);
  draw_text (p, l->header, "Client", l->client_x, y, w, ALIGN_CENTER);
  draw_text (p, l->header, "Server", l->server_x, y, w, ALIGN_CENTER);
  /* the attacker is a third party, not a part of the path: named, and in the alert colour */
  if (l->attacker)
    set_color (p->cr, &p->palette->error, 1);
  else
    set_color (p->cr, &p->palette->foreground, 0.6);
  draw_text (p, l->header, l->attacker ? "Mallory" : "Wire", l->wire_x, y, w, ALIGN_CENTER);
  set_color (p->cr, &p->palette->foreground, 0.6);
  y += 1.35 * u;
  /* Centred under the outer lifelines, a caption may be no wider than twice the margin
   * (an address from a capture is long). */
  draw_text (p, l->small, captions[0], l->client_x, y, MIN (w, 2 * l->client_x), ALIGN_CENTER);
  draw_text (p, l->small, captions[1], l->wire_x, y, w, ALIGN_CENTER);
  draw_text (p, l->small, captions[2], l->server_x, y, MIN (w, 2 * (l->width - l->server_x)),
             ALIGN_CENTER);
}

/* The wire's line shows between the bands only: inside them it would run through the
 * labels, which sit on the wire. */
static void
draw_wire_line (const Painter *p, double top, double bottom)
{
  const LabLadderLayout *l = p->layout;
  double from = top;

  for (guint i = 0; i <= l->bands->len; i++)
    {
      const Band *band = i < l->bands->len ? &g_array_index (l->bands, Band, i) : NULL;
      double to = band ? band->y : bottom;

      if (to > from)
        {
          cairo_move_to (p->cr, l->wire_x, from);
          cairo_line_to (p->cr, l->wire_x, to);
        }
      if (band != NULL)
        from = band->y + band->height;
    }
  cairo_stroke (p->cr);
}

static void
draw_lifelines (const Painter *p)
{
  const LabLadderLayout *l = p->layout;
  cairo_t *cr = p->cr;
  double top = (HEADER - 0.3) * l->unit, bottom = l->height - 0.5 * l->unit;
  double dash[] = { l->unit * 0.3, l->unit * 0.3 };

  cairo_save (cr);
  set_color (cr, &p->palette->foreground, p->state->high_contrast ? 0.8 : 0.55);
  cairo_set_line_width (cr, p->line);
  cairo_move_to (cr, l->client_x, top);
  cairo_line_to (cr, l->client_x, bottom);
  cairo_move_to (cr, l->server_x, top);
  cairo_line_to (cr, l->server_x, bottom);
  cairo_stroke (cr);
  /* Mallory is an end of both connections: a lifeline like the peers', all the way down
   * (its arrows' labels sit beside it, not on it) */
  if (l->attacker)
    {
      set_color (cr, &p->palette->error, p->state->high_contrast ? 0.8 : 0.55);
      cairo_move_to (cr, l->wire_x, top);
      cairo_line_to (cr, l->wire_x, bottom);
      cairo_stroke (cr);
      cairo_restore (cr);
      return;
    }
  set_color (cr, &p->palette->foreground, 0.3);
  cairo_set_line_width (cr, p->line * 0.7);
  cairo_set_dash (cr, dash, 2, 0);
  draw_wire_line (p, top, bottom);
  cairo_restore (cr);
}

static void
draw_bands (const Painter *p)
{
  const LabLadderLayout *l = p->layout;
  double u = l->unit, x = 0.25 * u, w = l->width - 0.5 * u;

  for (guint i = 0; i < l->bands->len; i++)
    {
      const Band *band = &g_array_index (l->bands, Band, i);
      g_autofree char *label = NULL;

      set_color (p->cr, &p->palette->foreground, i % 2 ? 0.035 : 0.065);
      rounded_rectangle (p->cr, x, band->y, w, band->height, 0.4 * u);
      cairo_fill (p->cr);

      label = band->phase >= LAB_PHASE_CONNECTION && band->phase < LAB_PHASE_RECORD
                ? g_strdup_printf ("%d  %s", band->phase, lab_phase_title (band->phase))
                : g_strdup (lab_phase_title (band->phase));
      set_color (p->cr, &p->palette->foreground, p->state->high_contrast ? 0.9 : 0.65);
      draw_text (p, l->bold, label, x + 0.5 * u, band->y + 0.25 * u, w - u, ALIGN_LEFT);
    }
}

/* The colour and alpha a step is drawn in. */
static const LabColor *
step_color (const Painter *p, const LabStep *step, double *alpha, gboolean *current)
{
  int now = p->state->current;

  *current = now >= 0 && (int) step->index == now;
  /* The selected step reads clearly even when it never happened: it stays dashed. */
  *alpha = !*current && (step->never_happened || (now >= 0 && (int) step->index > now))
             ? p->faint
             : 1.0;
  if (step->is_fatal)
    return &p->palette->error;
  if (step->kind == LAB_STEP_WIRE)
    return &p->palette->warning;
  return *current ? &p->palette->accent : &p->palette->foreground;
}

static void
draw_connect (const Painter *p, const Row *row, const LabStep *step, double width)
{
  const LabLadderLayout *l = p->layout;
  static const char *const segments[] = { "SYN", "SYN-ACK", "ACK" };
  double from = lab_ladder_column_x (l, step->from), to = lab_ladder_column_x (l, step->to);
  double u = l->unit, y = row->y + PAD * u, mid = (from + to) / 2, span = fabs (to - from);

  for (guint i = 0; i < G_N_ELEMENTS (segments); i++)
    {
      gboolean forth = i != 1;

      draw_text (p, l->body, segments[i], mid, y, span, ALIGN_CENTER);
      y += u + ARROW_GAP * u;
      draw_arrow (p, forth ? from : to, forth ? to : from, y, width, FALSE);
      y += ARROW_GAP * u;
    }
  /* a capture shows the segments, not the calls the programs made */
  draw_text (p, l->small,
             lab_trace_is_from_capture (l->trace)
               ? "the TCP three-way handshake, as the capture shows it"
             : l->attacker ? "the kernels' three-way handshake"
                           : "the kernels' TCP three-way handshake; then connect() returns",
             mid, y, l->attacker ? span - u : span, ALIGN_CENTER);
}

/* A note on the accepting side's line, on the side its connection comes from. */
static void
draw_accept (const Painter *p, const Row *row, const LabStep *step)
{
  const LabLadderLayout *l = p->layout;
  double at = lab_ladder_column_x (l, step->from), toward = lab_ladder_column_x (l, step->to);
  double u = l->unit, y = row->y + PAD * u;
  double span = l->attacker ? fabs (at - toward) : l->server_x - l->wire_x;
  gboolean captured = lab_trace_is_from_capture (l->trace);
  Align align = toward < at ? ALIGN_RIGHT : ALIGN_LEFT;
  double x = toward < at ? at - 0.7 * u : at + 0.7 * u;
  /* beside a peer the note may run across the wire's line; not across Mallory's */
  double note_width = l->attacker ? span - 1.4 * u : span * 1.6;

  cairo_new_sub_path (p->cr); /* not joined to where the step's number ended */
  cairo_arc (p->cr, at, y + 0.6 * u, 0.28 * u, 0, 2 * G_PI);
  cairo_fill (p->cr);
  draw_text (p, l->body, captured ? "SYN+ACK" : "accept()", x, y, span, align);
  draw_text (p, l->small,
             captured                             ? "the server answered the client's SYN"
             : step->from == LAB_SIDE_ATTACKER    ? "Mallory takes the client's connection"
             : step->to == LAB_SIDE_ATTACKER      ? "the server takes Mallory's connection"
                                                  : "the server takes the finished connection",
             x, y + u, note_width, align);
}

/* An arrow from sender to receiver; the wire's tampering splits it at the wire. */
static void
draw_message (const Painter *p, const Row *row, const LabStep *step, double width,
              gboolean bold, double alpha)
{
  const LabLadderLayout *l = p->layout;
  cairo_t *cr = p->cr;
  double from = lab_ladder_column_x (l, step->from), to = lab_ladder_column_x (l, step->to);
  gboolean forward = to > from;
  /* the texts stand over the arrow: the whole width between the peers, or, for an arrow
   * to or from Mallory, its half */
  double mid = lab_step_involves_attacker (step) ? (from + to) / 2 : l->wire_x;
  double u = l->unit, y = row->y + PAD * u;
  double span = (lab_step_involves_attacker (step) ? fabs (to - from)
                                                   : l->server_x - l->client_x) - 1.5 * u;
  g_autofree char *label = lab_ladder_step_label (step);
  g_autofree char *note = lab_ladder_wire_note (l, step);
  const char *facts = step->facts;

  if (step->kind == LAB_STEP_WIRE)
    from = l->wire_x;
  draw_text (p, bold ? l->bold : l->body, label, mid, y, span, ALIGN_CENTER);
  y += u + ARROW_GAP * u;
  if (step->tampered && step->kind != LAB_STEP_WIRE)
    {
      /* Up to the wire as sent, then what the wire made of it. */
      draw_arrow (p, from, l->wire_x, y, width, step->never_happened);
      cairo_save (cr);
      set_color (cr, &p->palette->warning, alpha);
      if (lab_ladder_record_dropped (l, step))
        {
          double s = 0.35 * u;
          cairo_set_line_width (cr, width * 1.5);
          cairo_move_to (cr, l->wire_x - s, y - s);
          cairo_line_to (cr, l->wire_x + s, y + s);
          cairo_move_to (cr, l->wire_x + s, y - s);
          cairo_line_to (cr, l->wire_x - s, y + s);
          cairo_stroke (cr);
        }
      else
        {
          double s = 0.4 * u;
          draw_arrow (p, l->wire_x, to, y, width, TRUE);
          /* A diamond where the wire changed it: unmistakable even in grey print. */
          cairo_move_to (cr, l->wire_x, y - s);
          cairo_line_to (cr, l->wire_x + s, y);
          cairo_line_to (cr, l->wire_x, y + s);
          cairo_line_to (cr, l->wire_x - s, y);
          cairo_close_path (cr);
          cairo_fill (cr);
        }
      cairo_restore (cr);
    }
  else
    draw_arrow (p, from, to, y, width, step->never_happened);

  if (step->is_fatal)
    draw_text (p, l->header, "✗", from + (forward ? -0.9 * u : 0.9 * u), y - 0.75 * u,
               2 * u, forward ? ALIGN_RIGHT : ALIGN_LEFT);
  y += ARROW_GAP * u;
  if (facts != NULL && *facts != '\0')
    draw_text (p, l->small, facts, mid, y, span, ALIGN_CENTER);
  if (note != NULL)
    {
      y += 0.9 * u;
      cairo_save (cr);
      set_color (cr, &p->palette->warning, alpha);
      draw_text (p, l->small, note, mid, y, span, ALIGN_CENTER);
      cairo_restore (cr);
    }
}

static void
draw_step (const Painter *p, const Row *row, const LabStep *step)
{
  const LabLadderLayout *l = p->layout;
  double alpha, u = l->unit;
  gboolean current;
  const LabColor *color = step_color (p, step, &alpha, &current);
  double width = current ? p->line * 1.8 : p->line;
  g_autofree char *number = g_strdup_printf ("%u", step->index + 1);

  if (current)
    {
      set_color (p->cr, &p->palette->accent, 0.14);
      rounded_rectangle (p->cr, 0.6 * u, row->y + 0.1 * u, l->width - 1.2 * u,
                         row->height - 0.2 * u, 0.35 * u);
      cairo_fill (p->cr);
    }
  set_color (p->cr, current ? &p->palette->accent : &p->palette->foreground,
             current ? 1 : alpha * 0.6);
  draw_text (p, current ? l->bold : l->small, number, 1.0 * u, row->y + PAD * u, 3 * u,
             ALIGN_LEFT);

  set_color (p->cr, color, alpha);
  if (lab_ladder_is_tcp (l, step, "connect"))
    draw_connect (p, row, step, width);
  else if (lab_ladder_is_tcp (l, step, "accept"))
    draw_accept (p, row, step);
  else
    draw_message (p, row, step, width, current || step->is_fatal, alpha);
}

void
lab_ladder_layout_draw (const LabLadderLayout *layout, cairo_t *cr,
                        const LabLadderPalette *palette, const LabLadderState *state)
{
  Painter p = { layout, cr, palette, state };

  p.line = MAX (1.0, layout->unit / 10) * (state->high_contrast ? 1.6 : 1.0);
  p.faint = state->high_contrast ? 0.5 : 0.35;

  cairo_save (cr);
  if (palette->background.alpha > 0)
    {
      set_color (cr, &palette->background, 1);
      cairo_paint (cr);
    }
  draw_bands (&p);
  draw_lifelines (&p);
  draw_header (&p);
  for (guint i = 0; i < layout->rows->len; i++)
    draw_step (&p, &g_array_index (layout->rows, Row, i), g_ptr_array_index (layout->steps, i));
  cairo_restore (cr);
}
