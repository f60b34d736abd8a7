/* lab-ladder-export.c: the ladder to a file. Cairo draws the text of SVG and PDF as
 * glyph outlines, so each file also carries the steps as real text (an SVG <title> and
 * <desc>, the PDF's title and subject): screen readers, search and tests can read what
 * the picture shows. */
#include "lab-ladder-export.h"
#include "tls/lab-error.h"

#include <cairo-pdf.h>
#include <math.h>
#include <cairo-svg.h>
#include <pango/pangocairo.h>
#include <string.h>

#define DEFAULT_WIDTH 900.0

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

typedef struct
{
  LabLadderLayout *ladder;
  PangoFontDescription *title_font;
  double title_height;
  double width, height;
} Picture;

static void
picture_clear (Picture *picture)
{
  g_clear_pointer (&picture->ladder, lab_ladder_layout_free);
  g_clear_pointer (&picture->title_font, pango_font_description_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Picture, picture_clear)

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

static void
picture_layout (Picture *picture, PangoContext *context, LabTrace *trace, GPtrArray *steps,
                const LabLadderExportOptions *options)
{
  g_autoptr (PangoFontDescription) font
    = pango_font_description_from_string (options->font ? options->font : "Sans 11");
  g_autoptr (PangoLayout) title = pango_layout_new (context);
  int title_height = 0;

  picture->ladder = lab_ladder_layout_new (context, font, trace, steps,
                                           options->width > 0 ? options->width : DEFAULT_WIDTH);
  picture->width = lab_ladder_layout_get_width (picture->ladder);
  picture->title_font = pango_font_description_copy (font);
  pango_font_description_set_size (picture->title_font,
                                   pango_font_description_get_size (font) * 3 / 2);
  pango_font_description_set_weight (picture->title_font, PANGO_WEIGHT_BOLD);
  if (options->title != NULL)
    {
      pango_layout_set_font_description (title, picture->title_font);
      pango_layout_set_text (title, options->title, -1);
      pango_layout_get_pixel_size (title, NULL, &title_height);
      picture->title_height = title_height * 1.8;
    }
  picture->height = picture->title_height + lab_ladder_layout_get_height (picture->ladder);
}

static void
picture_draw (Picture *picture, cairo_t *cr, PangoContext *context,
              const LabLadderExportOptions *options, const LabLadderPalette *palette)
{
  LabLadderPalette ladder_palette;

  cairo_set_source_rgba (cr, palette->background.red, palette->background.green,
                         palette->background.blue, palette->background.alpha);
  cairo_paint (cr);
  if (options->title != NULL)
    {
      g_autoptr (PangoLayout) title = pango_layout_new (context);

      pango_layout_set_font_description (title, picture->title_font);
      pango_layout_set_text (title, options->title, -1);
      pango_layout_set_width (title, (int) ((picture->width - 40) * PANGO_SCALE));
      pango_layout_set_ellipsize (title, PANGO_ELLIPSIZE_END);
      cairo_set_source_rgba (cr, palette->foreground.red, palette->foreground.green,
                             palette->foreground.blue, palette->foreground.alpha);
      cairo_move_to (cr, 20, picture->title_height / 4);
      pango_cairo_show_layout (cr, title);
    }
  /* The background is painted already, under the title too. */
  ladder_palette = *palette;
  ladder_palette.background.alpha = 0;
  cairo_translate (cr, 0, picture->title_height);
  lab_ladder_layout_draw (picture->ladder, cr, &ladder_palette, &options->state);
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
  g_autofree char *description = lab_ladder_describe (steps);
  const char *title = options->title ? options->title : "Handshake Lab";
  g_auto (Picture) picture = { 0 };
  LabLadderFormat format;
  double scale = options->scale > 0 ? options->scale : 1;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;

  if (!lab_ladder_format_from_path (path, &format, error))
    return FALSE;
  picture_layout (&picture, context, trace, steps, options);

  switch (format)
    {
    case LAB_LADDER_FORMAT_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                            (int) ceil (picture.width * scale),
                                            (int) ceil (picture.height * scale));
      cairo_surface_set_device_scale (surface, scale, scale);
      break;
    case LAB_LADDER_FORMAT_SVG:
      surface = cairo_svg_surface_create_for_stream (append_to_array, svg, picture.width,
                                                     picture.height);
      break;
    case LAB_LADDER_FORMAT_PDF:
    default:
      surface = cairo_pdf_surface_create (path, picture.width, picture.height);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, description);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Handshake Lab");
      break;
    }

  cr = cairo_create (surface);
  picture_draw (&picture, cr, context, options, palette);
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
