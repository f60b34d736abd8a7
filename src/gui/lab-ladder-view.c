/* lab-ladder-view.c: a GtkWidget around LabLadderLayout. The layout is kept for one
 * width and font and rebuilt when either changes (zoom and presenter mode change the
 * font through CSS), so selecting a step only redraws. Colours come from libadwaita's
 * named colours, so the light, dark and high-contrast styles all draw correctly. */
#include "lab-ladder-view.h"
#include "render/lab-ladder-render.h"

#include <math.h>

struct _LabLadderView
{
  GtkWidget parent_instance;

  LabTrace *trace;
  GPtrArray *steps;
  int selected;
  gboolean high_contrast;
  GStrv captions;

  LabLadderLayout *layout;
  int layout_width;
  char *layout_font;
};

G_DEFINE_FINAL_TYPE (LabLadderView, lab_ladder_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_SELECTED,
  PROP_HIGH_CONTRAST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
invalidate_layout (LabLadderView *self)
{
  g_clear_pointer (&self->layout, lab_ladder_layout_free);
  g_clear_pointer (&self->layout_font, g_free);
}

static const PangoFontDescription *
body_font (LabLadderView *self)
{
  return pango_context_get_font_description (gtk_widget_get_pango_context (GTK_WIDGET (self)));
}

/* The layout for a width, rebuilt only when the width or the font changed. */
static LabLadderLayout *
ensure_layout (LabLadderView *self, int width)
{
  const PangoFontDescription *font = body_font (self);
  g_autofree char *font_name = pango_font_description_to_string (font);

  if (self->trace == NULL)
    return NULL;
  if (self->layout != NULL && self->layout_width == width
      && g_strcmp0 (self->layout_font, font_name) == 0)
    return self->layout;
  invalidate_layout (self);
  self->layout = lab_ladder_layout_new (gtk_widget_get_pango_context (GTK_WIDGET (self)), font,
                                        self->trace, self->steps, width);
  self->layout_width = width;
  self->layout_font = g_steal_pointer (&font_name);
  return self->layout;
}

static void
lab_ladder_view_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                         int *minimum, int *natural, int *minimum_baseline,
                         int *natural_baseline)
{
  LabLadderView *self = LAB_LADDER_VIEW (widget);
  PangoContext *context = gtk_widget_get_pango_context (widget);
  int min_width = (int) lab_ladder_min_width (context, body_font (self));

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = min_width;
      *natural = min_width * 3 / 2;
      return;
    }
  {
    LabLadderLayout *layout = ensure_layout (self, for_size > 0 ? for_size : min_width * 3 / 2);
    *minimum = *natural = layout ? (int) ceil (lab_ladder_layout_get_height (layout)) : 0;
  }
}

static GtkSizeRequestMode
lab_ladder_view_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
to_color (const GdkRGBA *rgba, LabColor *color)
{
  *color = (LabColor){ rgba->red, rgba->green, rgba->blue, rgba->alpha };
}

/* libadwaita's named colours; the foreground is the widget's own CSS colour. */
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
static void
style_palette (LabLadderView *self, LabLadderPalette *palette)
{
  GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (self));
  const struct
  {
    const char *name;
    LabColor *color;
  } named[] = {
    { "accent_color", &palette->accent },
    { "error_color", &palette->error },
    { "warning_color", &palette->warning },
  };
  GdkRGBA rgba;

  *palette = *lab_ladder_palette_light ();
  palette->background.alpha = 0;
  gtk_style_context_get_color (style, &rgba);
  to_color (&rgba, &palette->foreground);
  for (gsize i = 0; i < G_N_ELEMENTS (named); i++)
    if (gtk_style_context_lookup_color (style, named[i].name, &rgba))
      to_color (&rgba, named[i].color);
}
G_GNUC_END_IGNORE_DEPRECATIONS

static void
lab_ladder_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  LabLadderView *self = LAB_LADDER_VIEW (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  LabLadderLayout *layout = ensure_layout (self, width);
  LabLadderState state = { self->selected, self->high_contrast,
                           (const char *const *) self->captions };
  LabLadderPalette palette;
  cairo_t *cr;

  if (layout == NULL || width <= 0 || height <= 0)
    return;
  style_palette (self, &palette);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  lab_ladder_layout_draw (layout, cr, &palette, &state);
  cairo_destroy (cr);
}

static void
update_accessible (LabLadderView *self)
{
  const LabStep *step = self->selected >= 0 && self->steps != NULL
                            && (guint) self->selected < self->steps->len
                          ? g_ptr_array_index (self->steps, self->selected)
                          : NULL;
  g_autofree char *label = step ? lab_ladder_step_label (step) : NULL;
  g_autofree char *span = step ? lab_step_span (step, " to ") : NULL;
  g_autofree char *text = NULL;

  if (step != NULL)
    text = g_strdup_printf ("Step %u of %u: %s, %s. %s", step->index + 1, self->steps->len, label,
                            span,
                            step->never_happened ? lab_step_missing_sentence (step)
                                                 : (step->facts ? step->facts : ""));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  text ? text : "No run yet", -1);
}

static void
pressed (GtkGestureClick *gesture, int n_press, double x, double y, LabLadderView *self)
{
  int step = self->layout ? lab_ladder_layout_step_at (self->layout, x, y) : -1;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (step >= 0)
    lab_ladder_view_set_selected (self, step);
}

static gboolean
query_tooltip (GtkWidget *widget, int x, int y, gboolean keyboard, GtkTooltip *tooltip,
               LabLadderView *self)
{
  int index = self->layout ? lab_ladder_layout_step_at (self->layout, x, y) : -1;
  const LabStep *step = index >= 0 ? g_ptr_array_index (self->steps, index) : NULL;
  g_autofree char *label = step ? lab_ladder_step_label (step) : NULL;
  g_autofree char *text = NULL;

  if (step == NULL || keyboard)
    return FALSE;
  text = g_strdup_printf ("%s\n%s", label, step->facts ? step->facts : "");
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static gboolean
move_selection (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  LabLadderView *self = LAB_LADDER_VIEW (widget);
  int delta = g_variant_get_int32 (args);

  if (self->steps == NULL || self->steps->len == 0)
    return FALSE;
  lab_ladder_view_set_selected (self, CLAMP (self->selected + delta, 0,
                                             (int) self->steps->len - 1));
  return TRUE;
}

void
lab_ladder_view_set_run (LabLadderView *self, LabTrace *trace, GPtrArray *steps)
{
  g_return_if_fail (LAB_IS_LADDER_VIEW (self));

  invalidate_layout (self);
  g_set_object (&self->trace, trace);
  g_clear_pointer (&self->steps, g_ptr_array_unref);
  self->steps = steps ? g_ptr_array_ref (steps) : NULL;
  update_accessible (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

int
lab_ladder_view_get_selected (LabLadderView *self)
{
  g_return_val_if_fail (LAB_IS_LADDER_VIEW (self), -1);
  return self->selected;
}

void
lab_ladder_view_set_selected (LabLadderView *self, int selected)
{
  g_return_if_fail (LAB_IS_LADDER_VIEW (self));

  if (self->selected == selected)
    return;
  self->selected = selected;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

void
lab_ladder_view_set_captions (LabLadderView *self, const char *const *captions)
{
  g_return_if_fail (LAB_IS_LADDER_VIEW (self));
  g_return_if_fail (captions == NULL || g_strv_length ((GStrv) captions) == 3);

  g_strfreev (self->captions);
  self->captions = g_strdupv ((GStrv) captions);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
lab_ladder_view_get_high_contrast (LabLadderView *self)
{
  g_return_val_if_fail (LAB_IS_LADDER_VIEW (self), FALSE);
  return self->high_contrast;
}

void
lab_ladder_view_set_high_contrast (LabLadderView *self, gboolean high_contrast)
{
  g_return_if_fail (LAB_IS_LADDER_VIEW (self));

  high_contrast = !!high_contrast;
  if (self->high_contrast == high_contrast)
    return;
  self->high_contrast = high_contrast;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGH_CONTRAST]);
}

gboolean
lab_ladder_view_get_step_extent (LabLadderView *self, guint step, double *y, double *height)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  LabLadderLayout *layout;

  g_return_val_if_fail (LAB_IS_LADDER_VIEW (self), FALSE);

  /* The layout kept may be one measured for another width: the rows are where the width
   * the ladder has puts them. */
  layout = width > 0 ? ensure_layout (self, width) : NULL;
  return layout != NULL && lab_ladder_layout_get_step_extent (layout, step, y, height);
}

static void
lab_ladder_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LabLadderView *self = LAB_LADDER_VIEW (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      g_value_set_int (value, self->selected);
      break;
    case PROP_HIGH_CONTRAST:
      g_value_set_boolean (value, self->high_contrast);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lab_ladder_view_set_property (GObject *object, guint prop_id, const GValue *value,
                              GParamSpec *pspec)
{
  LabLadderView *self = LAB_LADDER_VIEW (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      lab_ladder_view_set_selected (self, g_value_get_int (value));
      break;
    case PROP_HIGH_CONTRAST:
      lab_ladder_view_set_high_contrast (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lab_ladder_view_finalize (GObject *object)
{
  LabLadderView *self = LAB_LADDER_VIEW (object);

  g_strfreev (self->captions);
  invalidate_layout (self);
  g_clear_object (&self->trace);
  g_clear_pointer (&self->steps, g_ptr_array_unref);
  G_OBJECT_CLASS (lab_ladder_view_parent_class)->finalize (object);
}

static void
lab_ladder_view_class_init (LabLadderViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = lab_ladder_view_get_property;
  object_class->set_property = lab_ladder_view_set_property;
  object_class->finalize = lab_ladder_view_finalize;
  widget_class->measure = lab_ladder_view_measure;
  widget_class->get_request_mode = lab_ladder_view_get_request_mode;
  widget_class->snapshot = lab_ladder_view_snapshot;

  properties[PROP_SELECTED] = g_param_spec_int ("selected", NULL, NULL, -1, G_MAXINT, -1,
                                                G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS
                                                  | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_HIGH_CONTRAST]
    = g_param_spec_boolean ("high-contrast", NULL, NULL, FALSE,
                            G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_Up, 0, move_selection, "i", -1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Down, 0, move_selection, "i", 1);
  gtk_widget_class_set_css_name (widget_class, "ladder");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
lab_ladder_view_init (LabLadderView *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  self->selected = -1;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip), self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  "Handshake ladder", -1);
}

GtkWidget *
lab_ladder_view_new (void)
{
  return g_object_new (LAB_TYPE_LADDER_VIEW, NULL);
}
