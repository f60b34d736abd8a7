/* lab-ladder-slides.c: the ladder as 16:9 slides (lab-ladder-export.h). A page is a
 * ladder laid out from a consecutive part of the steps, so each page has the column heads
 * and, for the phase it starts in, the phase's header; a page ends between two steps,
 * before a phase where that leaves the page at least three quarters full, and a last step is not
 * left alone on the last page when the page before can give it company. */
#include "lab-ladder-export-private.h"

#define SLIDE_FONT "Sans 13"
#define SLIDE_MARGIN 24.0 /* around a slide's page */

void
lab_slides_clear (LabSlides *slides)
{
  g_clear_pointer (&slides->font, pango_font_description_free);
  g_clear_object (&slides->title);
  lab_export_outcome_clear (&slides->outcome);
  g_clear_pointer (&slides->pages, g_array_unref);
}

static LabLadderLayout *
page_ladder (const LabSlides *slides, guint first, guint end)
{
  g_autoptr (GPtrArray) part = lab_export_slice (slides->shown, first, end);

  return lab_ladder_layout_new (slides->context, slides->font, slides->trace, part,
                                slides->ladder_width);
}

static double
ladder_height (const LabSlides *slides, guint first, guint end)
{
  g_autoptr (LabLadderLayout) ladder = page_ladder (slides, first, end);

  return lab_ladder_layout_get_height (ladder);
}

/* The room a page has for its ladder above an outcome block of that height (0: none). */
static double
ladder_room (const LabSlides *slides, double outcome_height)
{
  return LAB_LADDER_SLIDE_HEIGHT - 2 * SLIDE_MARGIN - slides->title_height
         - (outcome_height > 0 ? outcome_height + SLIDE_MARGIN / 2 : 0);
}

static gboolean
starts_phase (const LabSlides *slides, guint i)
{
  const LabStep *step = g_ptr_array_index (slides->shown, i);
  const LabStep *before = i > 0 ? g_ptr_array_index (slides->shown, i - 1) : NULL;

  return before == NULL || before->phase != step->phase
         || before->connection != step->connection;
}

/* How many steps from `first` on fit in `room` (one at least: a page always shows a step),
 * ending before a phase when that still fills three quarters of the room. */
static guint
page_end (const LabSlides *slides, guint first, double room)
{
  guint end = first + 1;

  while (end < slides->shown->len && ladder_height (slides, first, end + 1) <= room)
    end++;
  if (end < slides->shown->len && !starts_phase (slides, end))
    for (guint i = end - 1; i > first; i--)
      if (starts_phase (slides, i))
        {
          if (ladder_height (slides, first, i) >= room * 3 / 4)
            end = i;
          break;
        }
  return end;
}

/* Pages for every step; the outcome on the last page (outcome_everywhere: on each page,
 * for a picture that is one page of them). */
static void
paginate (LabSlides *slides, gboolean outcome_everywhere)
{
  double room = ladder_room (slides, outcome_everywhere ? slides->outcome.headline_height : 0);
  double last_room = ladder_room (slides, slides->outcome.height);
  guint first = 0;

  slides->pages = g_array_new (FALSE, FALSE, sizeof (LabSlidePage));
  while (first < slides->shown->len)
    {
      LabSlidePage page = { first, page_end (slides, first, room) };

      /* The last page also holds the outcome: what does not fit beside it moves on. */
      if (page.end == slides->shown->len && ladder_height (slides, first, page.end) > last_room)
        page.end = page_end (slides, first, last_room);
      g_array_append_val (slides->pages, page);
      first = page.end;
    }
  /* A last step alone on its page, cut from its phase: the page before gives it one of
   * its steps when both then still fit. */
  if (slides->pages->len >= 2)
    {
      LabSlidePage *last = &g_array_index (slides->pages, LabSlidePage, slides->pages->len - 1);
      LabSlidePage *before = last - 1;

      if (last->end - last->first == 1 && before->end - before->first > 2
          && !starts_phase (slides, last->first)
          && ladder_height (slides, last->first - 1, last->end) <= last_room)
        {
          before->end--;
          last->first--;
        }
    }
  if (slides->pages->len == 0)
    {
      LabSlidePage empty = { 0, 0 };
      g_array_append_val (slides->pages, empty);
    }
}

void
lab_slides_layout (LabSlides *slides, PangoContext *context, LabTrace *trace, GPtrArray *shown,
               const char *const *outcome, const LabLadderExportOptions *options,
               gboolean outcome_everywhere)
{
  double text_width = LAB_LADDER_SLIDE_WIDTH - 2 * SLIDE_MARGIN;
  g_autoptr (PangoFontDescription) title_font = NULL;

  slides->context = context;
  slides->trace = trace;
  slides->shown = shown;
  slides->font = pango_font_description_from_string (options->font ? options->font
                                                                    : SLIDE_FONT);
  title_font = lab_export_scaled_font (slides->font, 1.5, PANGO_WEIGHT_BOLD);
  {
    /* The title takes the line but for the part label at its end, measured at its widest. */
    g_autofree char *widest = g_strdup_printf ("steps %u–%u of %u", shown->len, shown->len,
                                               shown->len);
    g_autoptr (PangoLayout) part = lab_export_text_layout (context, slides->font, widest,
                                                           text_width, FALSE);
    int width;

    pango_layout_get_pixel_size (part, &width, NULL);
    slides->part_width = width;
  }
  slides->title = lab_export_text_layout (context, title_font,
                                          options->title ? options->title : "Handshake Lab",
                                          text_width - slides->part_width - SLIDE_MARGIN, FALSE);
  slides->title_height = lab_export_text_height (slides->title) * 1.3;
  slides->ladder_width = text_width;
  lab_export_outcome_layout (&slides->outcome, context, slides->font, trace, outcome, text_width);
  paginate (slides, outcome_everywhere);
}

/* The page that shows step `current` (a step's index), else the first. */
guint
lab_slides_page_of_step (const LabSlides *slides, int current)
{
  for (guint p = 0; p < slides->pages->len; p++)
    {
      const LabSlidePage *page = &g_array_index (slides->pages, LabSlidePage, p);
      if (current >= 0 && (guint) current < page->end)
        return p;
    }
  return current >= 0 ? slides->pages->len - 1 : 0;
}

void
lab_slides_draw_page (const LabSlides *slides, guint p, gboolean with_outcome, cairo_t *cr,
            const LabLadderExportOptions *options, const LabLadderPalette *palette)
{
  const LabSlidePage *page = &g_array_index (slides->pages, LabSlidePage, p);
  LabLadderPalette ladder_palette = *palette;
  g_autoptr (LabLadderLayout) ladder = page_ladder (slides, page->first, page->end);

  lab_export_set_color (cr, &palette->background, 1);
  cairo_paint (cr);
  lab_export_set_color (cr, &palette->foreground, 1);
  lab_export_show_text (cr, slides->title, SLIDE_MARGIN, SLIDE_MARGIN);
  if (slides->pages->len > 1 && page->end > page->first)
    {
      /* Which part of the run this is, on the title's line. */
      g_autofree char *which
        = page->end - page->first == 1
            ? g_strdup_printf ("step %u of %u", page->end, slides->shown->len)
            : g_strdup_printf ("steps %u–%u of %u", page->first + 1, page->end,
                               slides->shown->len);
      g_autoptr (PangoLayout) part = lab_export_text_layout (slides->context, slides->font, which,
                                                             slides->part_width, FALSE);
      /* on the title's baseline */
      double y = SLIDE_MARGIN
                 + (double) (pango_layout_get_baseline (slides->title)
                             - pango_layout_get_baseline (part)) / PANGO_SCALE;

      pango_layout_set_alignment (part, PANGO_ALIGN_RIGHT);
      lab_export_set_color (cr, &palette->foreground, 0.65);
      lab_export_show_text (cr, part, LAB_LADDER_SLIDE_WIDTH - SLIDE_MARGIN - slides->part_width,
                            y);
    }
  if (with_outcome)
    {
      /* The headline alone but on the last page, which has the room for the why. */
      gboolean last = p + 1 == slides->pages->len;
      double height = last ? slides->outcome.height : slides->outcome.headline_height;

      lab_export_outcome_draw (&slides->outcome, cr, palette, SLIDE_MARGIN,
                               LAB_LADDER_SLIDE_HEIGHT - SLIDE_MARGIN - height, !last);
    }
  ladder_palette.background.alpha = 0;
  cairo_save (cr);
  cairo_translate (cr, SLIDE_MARGIN, SLIDE_MARGIN + slides->title_height);
  lab_ladder_layout_draw (ladder, cr, &ladder_palette, &options->state);
  cairo_restore (cr);
}
