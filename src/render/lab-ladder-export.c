/* lab-ladder-export.c: the ladder to a file, as one tall picture or as 16:9 slides.
 * Cairo draws the text of an SVG as glyph outlines, so each file also carries the steps
 * and the outcome as plain text (an SVG <title> and <desc>, the PDF's title and subject):
 * screen readers, search and tests can read what the picture shows. The slides' pages are
 * laid out in lab-ladder-slides.c. */
#include "lab-ladder-export-private.h"
#include "engine/trace/lab-outcome-text.h"
#include "tls/lab-error.h"

#include <cairo-pdf.h>
#include <math.h>
#include <cairo-svg.h>
#include <pango/pangocairo.h>
#include <string.h>

#define DEFAULT_WIDTH 900.0
#define DEFAULT_FONT "Sans 11"
#define SLIDE_SCALE 2.0   /* 960x540 units: a 1920x1080 PNG */
#define TALL_MARGIN 20.0  /* left and right of the tall picture's title and outcome */

gboolean
lab_ladder_format_from_path (const char *path, LabLadderFormat *format, GError **error)
{
  static const struct
  {
    const char *suffix;
    LabLadderFormat format;
  } formats[] = {
    { ".png", LAB_LADDER_FORMAT_PNG },
    { ".svg", LAB_LADDER_FORMAT_SVG },
    { ".pdf", LAB_LADDER_FORMAT_PDF },
  };
  g_autofree char *lower = g_ascii_strdown (path, -1);

  for (gsize i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_str_has_suffix (lower, formats[i].suffix))
      {
        *format = formats[i].format;
        return TRUE;
      }
  g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
               "%s: the file name must end in .png, .svg or .pdf", path);
  return FALSE;
}

static gboolean
check_cairo (cairo_status_t status, const char *path, GError **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, LAB_ERROR, LAB_ERROR_IO, "%s: %s", path, cairo_status_to_string (status));
  return FALSE;
}

static cairo_status_t
append_to_array (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Text for markup: & < > escaped. */
static char *
svg_text_element (const char *element, const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  return g_strdup_printf ("<%s>%s</%s>\n", element, escaped, element);
}

/* Puts <title> and <desc> right after the opening <svg ...> tag cairo wrote. */
static GBytes *
svg_with_text (GByteArray *svg, const char *title, const char *description)
{
  g_autoptr (GString) out = g_string_new_len ((const char *) svg->data, svg->len);
  g_autofree char *title_element = svg_text_element ("title", title);
  g_autofree char *desc_element = svg_text_element ("desc", description);
  const char *svg_tag = g_strstr_len (out->str, out->len, "<svg");
  const char *end = svg_tag ? strchr (svg_tag, '>') : NULL;

  if (end == NULL)
    return g_string_free_to_bytes (g_steal_pointer (&out));
  g_string_insert (out, end + 1 - out->str, "\n");
  g_string_insert (out, end + 2 - out->str, desc_element);
  g_string_insert (out, end + 2 - out->str, title_element);
  return g_string_free_to_bytes (g_steal_pointer (&out));
}

/* ---- what is shown ---- */

/* The steps to draw: all, or those the run reached (the ones it never reached come last,
 * lab_steps_from_trace). The array does not own them. */
static GPtrArray *
shown_steps (GPtrArray *steps, gboolean hide_unsent)
{
  GPtrArray *shown = g_ptr_array_sized_new (steps->len);

  for (guint i = 0; i < steps->len; i++)
    {
      LabStep *step = g_ptr_array_index (steps, i);

      if (hide_unsent && step->never_happened)
        break;
      g_ptr_array_add (shown, step);
    }
  return shown;
}

GPtrArray *
lab_export_slice (GPtrArray *steps, guint first, guint end)
{
  GPtrArray *part = g_ptr_array_sized_new (end - first);

  for (guint i = first; i < end; i++)
    g_ptr_array_add (part, g_ptr_array_index (steps, i));
  return part;
}

/* The picture's text for those who cannot see it: the steps, then the outcome. */
static char *
describe (GPtrArray *shown, const char *const *outcome)
{
  g_autofree char *steps = lab_ladder_describe (shown);
  g_autofree char *lines = g_strjoinv ("\n", (char **) outcome);

  return g_strconcat (steps, lines, "\n", NULL);
}

/* ---- text ---- */

static PangoContext *
export_context (void)
{
  PangoContext *context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  cairo_font_options_t *font_options = cairo_font_options_create ();

  /* Unhinted metrics: the same layout at every size and in every format. */
  cairo_font_options_set_hint_metrics (font_options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (font_options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, font_options);
  cairo_font_options_destroy (font_options);
  return context;
}

PangoFontDescription *
lab_export_scaled_font (const PangoFontDescription *body, double scale, PangoWeight weight)
{
  PangoFontDescription *font = pango_font_description_copy (body);

  pango_font_description_set_size (font,
                                   (int) (pango_font_description_get_size (body) * scale));
  pango_font_description_set_weight (font, weight);
  return font;
}

PangoLayout *
lab_export_text_layout (PangoContext *context, const PangoFontDescription *font, const char *text,
             double width, gboolean wrap)
{
  PangoLayout *layout = pango_layout_new (context);

  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  if (wrap)
    pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  else
    pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  return layout;
}

double
lab_export_text_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  return height;
}

void
lab_export_set_color (cairo_t *cr, const LabColor *color, double alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

void
lab_export_show_text (cairo_t *cr, PangoLayout *layout, double x, double y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

/* ---- the outcome ---- */

/* "Outcome: …", OpenSSL's verdict on a certificate when there is one, "Why: …" when the
 * lab worked the cause out: what `run` prints under its ladder. */
static GStrv
outcome_lines (LabTrace *trace, gboolean observed)
{
  const LabOutcome *outcome = lab_trace_get_outcome (trace);
  g_autoptr (GStrvBuilder) lines = g_strv_builder_new ();
  g_autofree char *headline = lab_outcome_headline (outcome, observed);
  g_autofree char *verification = lab_outcome_verification (outcome);

  g_strv_builder_add (lines, headline);
  if (verification != NULL)
    g_strv_builder_add (lines, verification);
  if (outcome->cause != NULL)
    {
      g_autofree char *why = g_strdup_printf ("Why: %s", outcome->cause);
      g_strv_builder_add (lines, why);
    }
  return g_strv_builder_end (lines);
}


void
lab_export_outcome_clear (LabExportOutcome *outcome)
{
  g_clear_object (&outcome->headline);
  g_clear_object (&outcome->details);
}

#define OUTCOME_GAP 0.3 /* between the headline and the details, in headline heights */

void
lab_export_outcome_layout (LabExportOutcome *outcome, PangoContext *context,
                           const PangoFontDescription *font, LabTrace *trace,
                           const char *const *lines, double width)
{
  g_autoptr (PangoFontDescription) bold = lab_export_scaled_font (font, 1.0, PANGO_WEIGHT_BOLD);
  g_autofree char *details = g_strjoinv ("\n", (char **) lines + 1);
  double headline_height;

  outcome->failed = !lab_outcome_is_good (lab_trace_get_outcome (trace));
  outcome->headline = lab_export_text_layout (context, bold, lines[0], width, TRUE);
  headline_height = lab_export_text_height (outcome->headline);
  outcome->headline_height = headline_height;
  outcome->height = headline_height;
  if (*details != '\0')
    {
      outcome->details = lab_export_text_layout (context, font, details, width, TRUE);
      outcome->height
          += OUTCOME_GAP * headline_height / 2 + lab_export_text_height (outcome->details);
    }
}

void
lab_export_outcome_draw (const LabExportOutcome *outcome, cairo_t *cr,
                         const LabLadderPalette *palette, double x, double y,
                         gboolean headline_only)
{
  lab_export_set_color (cr, outcome->failed ? &palette->error : &palette->foreground, 1);
  lab_export_show_text (cr, outcome->headline, x, y);
  if (outcome->details == NULL || headline_only)
    return;
  lab_export_set_color (cr, &palette->foreground, 1);
  lab_export_show_text (cr, outcome->details,
             x, y + lab_export_text_height (outcome->headline) * (1 + OUTCOME_GAP / 2));
}

/* ---- the tall picture: the title, every step, the outcome ---- */

typedef struct
{
  LabLadderLayout *ladder;
  PangoLayout *title; /* NULL without a title */
  double title_height;
  LabExportOutcome outcome;
  double width, height;
} Picture;

static void
picture_clear (Picture *picture)
{
  g_clear_pointer (&picture->ladder, lab_ladder_layout_free);
  g_clear_object (&picture->title);
  lab_export_outcome_clear (&picture->outcome);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Picture, picture_clear)

static void
picture_layout (Picture *picture, PangoContext *context, LabTrace *trace, GPtrArray *shown,
                const char *const *outcome, const LabLadderExportOptions *options)
{
  g_autoptr (PangoFontDescription) font
    = pango_font_description_from_string (options->font ? options->font : DEFAULT_FONT);
  g_autoptr (PangoFontDescription) title_font
      = lab_export_scaled_font (font, 1.5, PANGO_WEIGHT_BOLD);

  picture->ladder = lab_ladder_layout_new (context, font, trace, shown,
                                           options->width > 0 ? options->width : DEFAULT_WIDTH);
  picture->width = lab_ladder_layout_get_width (picture->ladder);
  if (options->title != NULL)
    {
      picture->title = lab_export_text_layout (context, title_font, options->title,
                                    picture->width - 2 * TALL_MARGIN, FALSE);
      picture->title_height = lab_export_text_height (picture->title) * 1.8;
    }
  lab_export_outcome_layout (&picture->outcome, context, font, trace, outcome,
                  picture->width - 2 * TALL_MARGIN);
  picture->height = picture->title_height + lab_ladder_layout_get_height (picture->ladder)
                    + picture->outcome.height + TALL_MARGIN;
}

static void
picture_draw (Picture *picture, cairo_t *cr, const LabLadderExportOptions *options,
              const LabLadderPalette *palette)
{
  LabLadderPalette ladder_palette = *palette;
  double ladder_height = lab_ladder_layout_get_height (picture->ladder);

  lab_export_set_color (cr, &palette->background, 1);
  cairo_paint (cr);
  if (picture->title != NULL)
    {
      lab_export_set_color (cr, &palette->foreground, 1);
      lab_export_show_text (cr, picture->title, TALL_MARGIN, picture->title_height / 4);
    }
  /* The ladder ends with room for its lifelines' tails; the outcome sits in it. */
  lab_export_outcome_draw (&picture->outcome, cr, palette, TALL_MARGIN,
                picture->title_height + ladder_height, FALSE);
  /* The background is painted already, under the title too. */
  ladder_palette.background.alpha = 0;
  cairo_translate (cr, 0, picture->title_height);
  lab_ladder_layout_draw (picture->ladder, cr, &ladder_palette, &options->state);
}

/* ---- files ---- */

static cairo_surface_t *
surface_new (LabLadderFormat format, const char *path, double width, double height,
             double scale, GByteArray *svg, const char *title, const char *description)
{
  cairo_surface_t *surface;

  switch (format)
    {
    case LAB_LADDER_FORMAT_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ceil (width * scale),
                                            (int) ceil (height * scale));
      cairo_surface_set_device_scale (surface, scale, scale);
      return surface;
    case LAB_LADDER_FORMAT_SVG:
      return cairo_svg_surface_create_for_stream (append_to_array, svg, width, height);
    case LAB_LADDER_FORMAT_PDF:
    default:
      surface = cairo_pdf_surface_create (path, width, height);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, description);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Handshake Lab");
      return surface;
    }
}

gboolean
lab_ladder_export (LabTrace *trace, GPtrArray *steps, const LabLadderExportOptions *options,
                   const char *path, GError **error)
{
  const LabLadderPalette *palette = options->palette ? options->palette
                                                     : lab_ladder_palette_light ();
  g_autoptr (GObject) context_object = G_OBJECT (export_context ());
  PangoContext *context = PANGO_CONTEXT (context_object);
  g_autoptr (GByteArray) svg = g_byte_array_new ();
  g_autoptr (GPtrArray) shown = shown_steps (steps, options->hide_unsent);
  g_auto (GStrv) outcome = outcome_lines (trace, options->observed);
  g_autofree char *description = NULL;
  const char *title = options->title ? options->title : "Handshake Lab";
  g_auto (Picture) picture = { 0 };
  g_auto (LabSlides) slides = { 0 };
  LabLadderFormat format;
  double scale = options->scale > 0 ? options->scale : options->slide ? SLIDE_SCALE : 1;
  double width, height;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;

  if (!lab_ladder_format_from_path (path, &format, error))
    return FALSE;
  if (options->slide)
    {
      lab_slides_layout (&slides, context, trace, shown, (const char *const *) outcome, options,
                     format != LAB_LADDER_FORMAT_PDF);
      width = LAB_LADDER_SLIDE_WIDTH;
      height = LAB_LADDER_SLIDE_HEIGHT;
    }
  else
    {
      description = describe (shown, (const char *const *) outcome);
      picture_layout (&picture, context, trace, shown, (const char *const *) outcome, options);
      width = picture.width;
      height = picture.height;
    }

  if (description == NULL && format != LAB_LADDER_FORMAT_PDF)
    {
      /* one page: the text tells what that page shows */
      const LabSlidePage *page = &g_array_index (
        slides.pages, LabSlidePage, lab_slides_page_of_step (&slides, options->state.current));
      g_autoptr (GPtrArray) part = lab_export_slice (shown, page->first, page->end);

      description = describe (part, (const char *const *) outcome);
    }
  else if (description == NULL)
    description = describe (shown, (const char *const *) outcome);
  surface = surface_new (format, path, width, height, scale, svg, title, description);
  cr = cairo_create (surface);
  if (!options->slide)
    picture_draw (&picture, cr, options, palette);
  else if (format != LAB_LADDER_FORMAT_PDF)
    lab_slides_draw_page (&slides, lab_slides_page_of_step (&slides, options->state.current), TRUE,
                          cr, options, palette);
  else
    for (guint p = 0; p < slides.pages->len; p++)
      {
        lab_slides_draw_page (&slides, p, p + 1 == slides.pages->len, cr, options, palette);
        cairo_show_page (cr);
      }
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (format == LAB_LADDER_FORMAT_PNG && status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png (surface, path);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (!check_cairo (status, path, error))
    return FALSE;

  if (format == LAB_LADDER_FORMAT_SVG)
    {
      g_autoptr (GBytes) text = svg_with_text (svg, title, description);
      return g_file_set_contents (path, g_bytes_get_data (text, NULL),
                                  (gssize) g_bytes_get_size (text), error);
    }
  return TRUE;
}
