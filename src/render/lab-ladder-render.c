/* lab-ladder-render.c: lays out the ladder: palettes, what each step says, the rows and
 * the phase bands for a width and a font. Drawing the layout is lab-ladder-draw.c's. */
#include "lab-ladder-render-private.h"

#include <math.h>
#include <pango/pangocairo.h>


/* ---- palettes: libadwaita's named colours for the light and the dark style ---- */

#define RGB(r, g, b) { (r) / 255.0, (g) / 255.0, (b) / 255.0, 1.0 }

static const LabLadderPalette light_palette = {
  .foreground = { 0, 0, 0, 0.8 },
  .background = RGB (0xfa, 0xfa, 0xfa),
  .accent = RGB (0x1c, 0x71, 0xd8),
  .error = RGB (0xc0, 0x1c, 0x28),
  .warning = RGB (0x9c, 0x6e, 0x03),
};

static const LabLadderPalette dark_palette = {
  .foreground = RGB (0xff, 0xff, 0xff),
  .background = RGB (0x24, 0x24, 0x24),
  .accent = RGB (0x78, 0xae, 0xed),
  .error = RGB (0xff, 0x7b, 0x63),
  .warning = RGB (0xf8, 0xe4, 0x5c),
};

const LabLadderPalette *
lab_ladder_palette_light (void)
{
  return &light_palette;
}

const LabLadderPalette *
lab_ladder_palette_dark (void)
{
  return &dark_palette;
}

/* ---- what each step looks like ---- */

char *
lab_ladder_step_label (const LabStep *step)
{
  switch (step->kind)
    {
    case LAB_STEP_ALERT:
      return g_strdup_printf ("Alert: %s", step->title);
    case LAB_STEP_CLOSE:
      return g_strdup_printf ("%s (FIN)", step->title);
    default:
      return g_strdup (step->title);
    }
}

char *
lab_ladder_describe (GPtrArray *steps)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < steps->len; i++)
    {
      const LabStep *step = g_ptr_array_index (steps, i);
      g_autofree char *label = lab_ladder_step_label (step);
      const char *facts = step->facts;

      g_autofree char *span = lab_step_span (step, " to ");

      g_string_append_printf (text, "%u. %s, %s", step->index + 1, label, span);
      if (facts != NULL && *facts != '\0')
        g_string_append_printf (text, ": %s", facts);
      if (step->tampered)
        g_string_append (text, " (changed on the wire)");
      g_string_append_c (text, '\n');
    }
  return g_string_free (text, FALSE);
}

static const LabEvent *
step_event (const LabLadderLayout *layout, const LabStep *step)
{
  return step->event >= 0 ? lab_trace_get_event (layout->trace, (guint) step->event) : NULL;
}

static const LabEvent *
record_event (const LabLadderLayout *layout, const LabStep *step)
{
  return step->record_event >= 0 ? lab_trace_get_event (layout->trace, (guint) step->record_event)
                                 : NULL;
}

/* connect() returns once the kernels have done the three-way handshake; accept() only
 * picks the finished connection up, so it is a note on the server's line, not an
 * arrow. */
gboolean
lab_ladder_is_tcp (const LabLadderLayout *layout, const LabStep *step, const char *action)
{
  const LabEvent *e = step_event (layout, step);

  return step->kind == LAB_STEP_TCP && e != NULL && g_strcmp0 (e->name, action) == 0;
}

/* What the wire did to the record, for the line under the facts; NULL when nothing. */
char *
lab_ladder_wire_note (const LabLadderLayout *layout, const LabStep *step)
{
  const LabEvent *record = record_event (layout, step);

  if (step->tampered && record != NULL && record->wire_action != NULL)
    return g_strdup_printf ("wire: %s", record->wire_action);
  if (step->tampered)
    return g_strdup ("wire: changed on the way");
  if (step->received_differs)
    return g_strdup ("the receiver saw other bytes than were sent");
  return g_strdup (lab_step_attacker_note (step));
}

/* Where a column's lifeline stands: the wire and the attacker share the middle. */
double
lab_ladder_column_x (const LabLadderLayout *layout, LabSide column)
{
  switch (column)
    {
    case LAB_SIDE_CLIENT:
      return layout->client_x;
    case LAB_SIDE_SERVER:
      return layout->server_x;
    default:
      return layout->wire_x;
    }
}

gboolean
lab_ladder_record_dropped (const LabLadderLayout *layout, const LabStep *step)
{
  const LabEvent *record = record_event (layout, step);

  return record != NULL && record->forwarded != NULL && g_bytes_get_size (record->forwarded) == 0;
}

/* ---- layout ---- */

static PangoFontDescription *
derived_font (const PangoFontDescription *body, double scale, PangoWeight weight)
{
  PangoFontDescription *font = pango_font_description_copy (body);
  int size = pango_font_description_get_size (body);

  if (size <= 0)
    size = 11 * PANGO_SCALE;
  if (pango_font_description_get_size_is_absolute (body))
    pango_font_description_set_absolute_size (font, size * scale);
  else
    pango_font_description_set_size (font, (int) (size * scale));
  pango_font_description_set_weight (font, weight);
  return font;
}

static double
line_height (PangoContext *context, const PangoFontDescription *font)
{
  g_autoptr (PangoLayout) layout = pango_layout_new (context);
  PangoRectangle logical;

  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, "Ag", -1);
  pango_layout_get_extents (layout, NULL, &logical);
  return (double) logical.height / PANGO_SCALE;
}

static double
row_height (const LabLadderLayout *layout, const LabStep *step)
{
  double u = layout->unit;
  g_autofree char *note = NULL;

  if (lab_ladder_is_tcp (layout, step, "connect"))
    return 2 * PAD * u + 3 * (u + 2 * ARROW_GAP * u) + 0.9 * u;
  if (lab_ladder_is_tcp (layout, step, "accept"))
    return 2 * PAD * u + 1.9 * u;
  note = lab_ladder_wire_note (layout, step);
  return 2 * PAD * u + u + 2 * ARROW_GAP * u + 0.9 * u + (note ? 0.9 * u : 0);
}

static void
add_row (LabLadderLayout *layout, const LabStep *step, double *y)
{
  Band *band = layout->bands->len
                 ? &g_array_index (layout->bands, Band, layout->bands->len - 1)
                 : NULL;
  Row row = { (int) step->index, 0, row_height (layout, step) };

  /* A new band each time the phase changes, so the bands follow the run even when an
   * alert or a never-sent step belongs to an earlier phase. */
  if (band == NULL || band->phase != step->phase)
    {
      Band next = { step->phase, *y + (band ? BAND_GAP * layout->unit : 0), 0 };

      g_array_append_val (layout->bands, next);
      band = &g_array_index (layout->bands, Band, layout->bands->len - 1);
      *y = band->y + BAND_LABEL * layout->unit;
    }
  row.y = *y;
  *y += row.height;
  band->height = *y - band->y + 0.2 * layout->unit;
  g_array_append_val (layout->rows, row);
}

double
lab_ladder_min_width (PangoContext *context, const PangoFontDescription *font)
{
  return MIN_WIDTH * line_height (context, font);
}

LabLadderLayout *
lab_ladder_layout_new (PangoContext *context, const PangoFontDescription *font,
                       LabTrace *trace, GPtrArray *steps, double width)
{
  LabLadderLayout *layout = g_new0 (LabLadderLayout, 1);
  double y, span;

  layout->context = g_object_ref (context);
  layout->body = pango_font_description_copy (font);
  layout->bold = derived_font (font, 1.0, PANGO_WEIGHT_BOLD);
  layout->small = derived_font (font, 0.85, PANGO_WEIGHT_NORMAL);
  layout->header = derived_font (font, 1.2, PANGO_WEIGHT_BOLD);
  layout->trace = g_object_ref (trace);
  layout->steps = g_ptr_array_ref (steps);
  layout->unit = line_height (context, font);
  layout->width = MAX (width, MIN_WIDTH * layout->unit);
  layout->rows = g_array_new (FALSE, FALSE, sizeof (Row));
  layout->bands = g_array_new (FALSE, FALSE, sizeof (Band));
  layout->attacker = lab_steps_have_attacker (steps);

  /* Room on the left for the step numbers and the mark of a fatal alert. */
  span = MIN (layout->width - 8 * layout->unit, 42 * layout->unit);
  layout->wire_x = layout->width / 2;
  layout->client_x = layout->wire_x - span / 2;
  layout->server_x = layout->wire_x + span / 2;

  y = HEADER * layout->unit;
  for (guint i = 0; i < steps->len; i++)
    add_row (layout, g_ptr_array_index (steps, i), &y);
  layout->height = y + 2 * layout->unit;
  return layout;
}

void
lab_ladder_layout_free (LabLadderLayout *layout)
{
  if (layout == NULL)
    return;
  g_object_unref (layout->context);
  pango_font_description_free (layout->body);
  pango_font_description_free (layout->bold);
  pango_font_description_free (layout->small);
  pango_font_description_free (layout->header);
  g_object_unref (layout->trace);
  g_ptr_array_unref (layout->steps);
  g_array_unref (layout->rows);
  g_array_unref (layout->bands);
  g_free (layout);
}

double
lab_ladder_layout_get_width (const LabLadderLayout *layout)
{
  return layout->width;
}

double
lab_ladder_layout_get_height (const LabLadderLayout *layout)
{
  return layout->height;
}

int
lab_ladder_layout_step_at (const LabLadderLayout *layout, double x, double y)
{
  if (x < 0 || x > layout->width)
    return -1;
  for (guint i = 0; i < layout->rows->len; i++)
    {
      const Row *row = &g_array_index (layout->rows, Row, i);
      if (y >= row->y && y < row->y + row->height)
        return row->step;
    }
  return -1;
}

gboolean
lab_ladder_layout_get_step_extent (const LabLadderLayout *layout, guint step, double *y,
                                   double *height)
{
  const Row *row;

  if (step >= layout->rows->len)
    return FALSE;
  row = &g_array_index (layout->rows, Row, step);
  *y = row->y;
  *height = row->height;
  return TRUE;
}
