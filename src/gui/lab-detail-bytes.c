/* lab-detail-bytes.c: the main hex view shows what the Fields tab dissected, so their
 * offsets agree; the wire's version of the record gets a view of its own below. */
#include "lab-detail-bytes.h"

struct _LabDetailBytes
{
  AdwBin parent_instance;

  GtkLabel *what;
  LabHexView *hex;
  GtkWidget *forwarded_box;
  GtkLabel *forwarded_title;
  LabHexView *forwarded_hex;
  GtkWidget *empty;
  GtkWidget *content;
};

G_DEFINE_FINAL_TYPE (LabDetailBytes, lab_detail_bytes, ADW_TYPE_BIN)

enum
{
  BYTE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
lab_detail_bytes_set_step (LabDetailBytes *self, const LabStepBytes *bytes)
{
  gboolean has_bytes = bytes != NULL && bytes->bytes != NULL;
  g_autofree char *what = NULL;

  g_return_if_fail (LAB_IS_DETAIL_BYTES (self));

  gtk_widget_set_visible (self->empty, !has_bytes);
  gtk_widget_set_visible (self->content, has_bytes);
  lab_hex_view_set_bytes (self->hex, has_bytes ? bytes->bytes : NULL, NULL);
  if (!has_bytes)
    return;
  what = g_strdup_printf ("%s, %zu bytes", bytes->what, g_bytes_get_size (bytes->bytes));
  what[0] = g_ascii_toupper (what[0]);
  gtk_label_set_text (self->what, what);

  gtk_widget_set_visible (self->forwarded_box, bytes->forwarded != NULL);
  if (bytes->forwarded != NULL)
    {
      gboolean dropped = g_bytes_get_size (bytes->forwarded) == 0;
      gtk_label_set_text (self->forwarded_title,
                          dropped ? "The wire dropped this record: the receiver got nothing."
                                  : "The record as the wire passed it on; changed bytes are "
                                    "marked against the record as sent:");
      lab_hex_view_set_bytes (self->forwarded_hex, bytes->forwarded, bytes->record);
    }
}

void
lab_detail_bytes_highlight (LabDetailBytes *self, gsize offset, gsize length)
{
  g_return_if_fail (LAB_IS_DETAIL_BYTES (self));
  lab_hex_view_highlight (self->hex, offset, length);
}

void
lab_detail_bytes_highlight_forwarded (LabDetailBytes *self, gsize offset, gsize length)
{
  GBytes *forwarded = lab_hex_view_get_bytes (self->forwarded_hex);
  gsize size;

  g_return_if_fail (LAB_IS_DETAIL_BYTES (self));

  size = forwarded && gtk_widget_get_visible (self->forwarded_box) ? g_bytes_get_size (forwarded)
                                                                    : 0;
  if (offset < size)
    lab_hex_view_highlight (self->forwarded_hex, offset, MIN (length, size - offset));
}

LabHexView *
lab_detail_bytes_get_hex_view (LabDetailBytes *self)
{
  return self->hex;
}

LabHexView *
lab_detail_bytes_get_forwarded_hex_view (LabDetailBytes *self)
{
  return self->forwarded_hex;
}

static void
byte_activated (LabHexView *hex, guint offset, LabDetailBytes *self)
{
  g_signal_emit (self, signals[BYTE_ACTIVATED], 0, offset);
}

static void
lab_detail_bytes_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LAB_TYPE_DETAIL_BYTES);
  G_OBJECT_CLASS (lab_detail_bytes_parent_class)->dispose (object);
}

static void
lab_detail_bytes_class_init (LabDetailBytesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lab_detail_bytes_dispose;
  g_type_ensure (LAB_TYPE_HEX_VIEW);
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/handshakelab/HandshakeLab/ui/lab-detail-bytes.ui");
  gtk_widget_class_bind_template_child (widget_class, LabDetailBytes, what);
  gtk_widget_class_bind_template_child (widget_class, LabDetailBytes, hex);
  gtk_widget_class_bind_template_child (widget_class, LabDetailBytes, forwarded_box);
  gtk_widget_class_bind_template_child (widget_class, LabDetailBytes, forwarded_title);
  gtk_widget_class_bind_template_child (widget_class, LabDetailBytes, forwarded_hex);
  gtk_widget_class_bind_template_child (widget_class, LabDetailBytes, empty);
  gtk_widget_class_bind_template_child (widget_class, LabDetailBytes, content);
  gtk_widget_class_bind_template_callback (widget_class, byte_activated);

  signals[BYTE_ACTIVATED] = g_signal_new ("byte-activated", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                          G_TYPE_UINT);
}

static void
lab_detail_bytes_init (LabDetailBytes *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
