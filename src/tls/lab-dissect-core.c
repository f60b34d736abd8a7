/* lab-dissect-core.c: the reading helpers every message parser is built from.
 *
 * Two kinds of length trouble are told apart. When a length runs past the end of the
 * input and the input is all there is (d->truncated), the bytes simply stopped coming:
 * the dissector reads what is there and puts the error where they ran out. When a
 * length runs past the end of an enclosing thing that is itself whole, the length is
 * wrong: the error goes right after it. */
#include "lab-dissect-private.h"

void
lab_dissect_init (LabDissector *d, GBytes *source, const LabDissectOptions *options)
{
  static const LabDissectOptions defaults = { 0 };

  *d = (LabDissector){
    .source = source,
    .options = options ? *options : defaults,
    .truncated = TRUE, /* nothing comes after the buffer we were given */
  };
}

LabField *
lab_dissect_node (LabDissector *d, LabField *parent, LabFieldId id, gsize offset, gsize length)
{
  const LabFieldSpec *spec = lab_dissect_field_spec (id);
  LabField *field = lab_field_new (d->source, spec->name, spec->label, offset, length);

  field->explanation_key = spec->explanation_key;
  if (parent != NULL)
    lab_field_append (parent, field);
  return field;
}

void
lab_dissect_set_kind (LabField *node, LabFieldId id)
{
  const LabFieldSpec *spec = lab_dissect_field_spec (id);

  node->name = spec->name;
  node->label = spec->label;
  node->explanation_key = spec->explanation_key;
}

void
lab_dissect_end (LabField *node, const LabReader *r)
{
  node->length = MAX (node->length, lab_reader_offset (r) - node->offset);
}

gboolean
lab_dissect_fail (LabDissector *d, LabReader *r, LabField *parent, const char *format, ...)
{
  LabField *error
      = lab_dissect_node (d, parent, LAB_F_ERROR, lab_reader_offset (r), lab_reader_remaining (r));
  const guint8 *rest = NULL;
  va_list args;

  va_start (args, format);
  error->error = g_strdup_vprintf (format, args);
  va_end (args);
  lab_reader_bytes (r, lab_reader_remaining (r), &rest);
  lab_dissect_format_bytes (error, rest, error->length);
  return FALSE;
}

char *
lab_dissect_describe_length (gsize length)
{
  return g_strdup_printf ("%" G_GSIZE_FORMAT " %s", length, length == 1 ? "byte" : "bytes");
}

/* "the input ends inside the cipher suite" / "the cipher suite needs 2 bytes, 1 is left" */
static gboolean
fail_short (LabDissector *d, LabReader *r, LabField *parent, LabFieldId id, gsize needed)
{
  const char *label = lab_dissect_field_spec (id)->label;
  g_autofree char *need = lab_dissect_describe_length (needed);
  g_autofree char *left = lab_dissect_describe_length (lab_reader_remaining (r));

  if (d->truncated)
    return lab_dissect_fail (d, r, parent, "The input ends inside “%s” (%s of %s).", label, left,
                             need);
  return lab_dissect_fail (d, r, parent, "“%s” needs %s; only %s left.", label, need, left);
}

LabField *
lab_dissect_uint (LabDissector *d, LabReader *r, LabField *parent, LabFieldId id, guint size,
                  LabDissectFormatFunc format)
{
  gsize offset = lab_reader_offset (r);
  const guint8 *bytes;
  guint64 value = 0;
  LabField *field;

  g_return_val_if_fail (size >= 1 && size <= 4, NULL);
  if (!lab_reader_bytes (r, size, &bytes))
    {
      fail_short (d, r, parent, id, size);
      return NULL;
    }
  for (guint i = 0; i < size; i++)
    value = (value << 8) | bytes[i];
  field = lab_dissect_node (d, parent, id, offset, size);
  lab_field_set_number (field, value);
  if (format != NULL)
    format (field);
  else
    lab_field_set_value (field, "%" G_GUINT64_FORMAT, value);
  return field;
}

LabField *
lab_dissect_opaque (LabDissector *d, LabReader *r, LabField *parent, LabFieldId id, gsize length)
{
  gsize offset = lab_reader_offset (r);
  const guint8 *bytes;
  LabField *field;

  if (!lab_reader_bytes (r, length, &bytes))
    {
      fail_short (d, r, parent, id, length);
      return NULL;
    }
  field = lab_dissect_node (d, parent, id, offset, length);
  lab_dissect_format_bytes (field, bytes, length);
  return field;
}

LabField *
lab_dissect_rest (LabDissector *d, LabReader *r, LabField *parent, LabFieldId id)
{
  if (d->truncated)
    {
      lab_dissect_fail (d, r, parent, "The input ends inside “%s”.",
                        lab_dissect_field_spec (id)->label);
      return NULL;
    }
  return lab_dissect_opaque (d, r, parent, id, lab_reader_remaining (r));
}

LabField *
lab_dissect_opaque_vector (LabDissector *d, LabReader *r, LabField *parent, LabFieldId length_id,
                           LabFieldId id, guint prefix)
{
  LabField *length = lab_dissect_uint (d, r, parent, length_id, prefix, NULL);

  if (length == NULL)
    return NULL;
  return lab_dissect_opaque (d, r, parent, id, length->number);
}

gboolean
lab_dissect_open (LabDissector *d, LabReader *r, LabField *parent, gsize claimed, const char *what,
                  LabReader *sub, gsize *cut_short)
{
  gsize left = lab_reader_remaining (r);
  g_autofree char *claim = NULL;
  g_autofree char *rest = NULL;

  *cut_short = 0;
  if (claimed <= left)
    return lab_reader_sub (r, claimed, sub);
  if (d->truncated)
    {
      *cut_short = claimed - left;
      return lab_reader_sub (r, left, sub);
    }
  claim = lab_dissect_describe_length (claimed);
  rest = lab_dissect_describe_length (left);
  return lab_dissect_fail (d, r, parent,
                           "The length says %s is %s long, but only %s left around it.", what,
                           claim, rest);
}

gboolean
lab_dissect_run (LabDissector *d, LabReader *sub, gsize cut_short, LabField *node, const char *what,
                 LabDissectBodyFunc body)
{
  gboolean saved = d->truncated;
  gsize saved_missing = d->missing;
  gboolean ok;

  d->truncated = cut_short > 0;
  d->missing = cut_short;
  ok = body (d, sub, node);
  if (!ok && !lab_reader_at_end (sub)) /* keep the leaves covering every byte */
    lab_dissect_fail (d, sub, node, "Dissection stopped before the end of %s.", what);
  if (ok && !lab_reader_at_end (sub))
    {
      g_autofree char *extra = lab_dissect_describe_length (lab_reader_remaining (sub));
      ok = lab_dissect_fail (d, sub, node, "%s left over at the end of %s.", extra, what);
    }
  if (ok && cut_short > 0)
    {
      g_autofree char *missing = lab_dissect_describe_length (cut_short);
      lab_dissect_fail (d, sub, node, "The input ends here, %s before the end of %s.", missing,
                        what);
    }
  d->truncated = saved;
  d->missing = saved_missing;
  lab_dissect_end (node, sub);
  return cut_short == 0;
}

gboolean
lab_dissect_vector (LabDissector *d, LabReader *r, LabField *parent, LabFieldId length_id,
                    LabFieldId id, guint prefix, LabDissectBodyFunc body, LabField **node_out)
{
  const char *label = lab_dissect_field_spec (id)->label;
  g_autofree char *what = g_strdup_printf ("“%s”", label);
  LabField *length;
  LabField *node;
  LabReader sub;
  gsize cut_short;

  if (node_out != NULL)
    *node_out = NULL;
  length = lab_dissect_uint (d, r, parent, length_id, prefix, NULL);
  if (length == NULL)
    return FALSE;
  if (!lab_dissect_open (d, r, parent, length->number, what, &sub, &cut_short))
    return FALSE;
  node = lab_dissect_node (d, parent, id, lab_reader_offset (&sub), 0);
  if (node_out != NULL)
    *node_out = node;
  return lab_dissect_run (d, &sub, cut_short, node, what, body);
}

/* What the items of a list are; lists pass it through d->list_item, since a body has
 * no room for it. Items are leaves, so such lists never nest. */
typedef struct
{
  LabFieldId length_id; /* opaque items: their length prefix */
  LabFieldId id;
  guint size; /* uint items: their size; opaque items: their prefix size */
  LabDissectFormatFunc format;
} ListItem;

static gboolean
read_uint_items (LabDissector *d, LabReader *r, LabField *node)
{
  const ListItem *item = d->list_item;

  while (!lab_reader_at_end (r))
    if (lab_dissect_uint (d, r, node, item->id, item->size, item->format) == NULL)
      return FALSE;
  return TRUE;
}

gboolean
lab_dissect_uint_list (LabDissector *d, LabReader *r, LabField *parent, LabFieldId length_id,
                       LabFieldId id, guint prefix, LabFieldId item_id, guint item_size,
                       LabDissectFormatFunc format)
{
  ListItem item = { LAB_F_COUNT, item_id, item_size, format };

  d->list_item = &item;
  return lab_dissect_vector (d, r, parent, length_id, id, prefix, read_uint_items, NULL);
}

static gboolean
read_opaque_items (LabDissector *d, LabReader *r, LabField *node)
{
  const ListItem *item = d->list_item;

  while (!lab_reader_at_end (r))
    {
      LabField *field
          = lab_dissect_opaque_vector (d, r, node, item->length_id, item->id, item->size);
      if (field == NULL)
        return FALSE;
      if (item->format != NULL)
        item->format (field);
    }
  return TRUE;
}

gboolean
lab_dissect_opaque_list (LabDissector *d, LabReader *r, LabField *parent, LabFieldId length_id,
                         LabFieldId id, guint prefix, LabFieldId item_length_id, LabFieldId item_id,
                         guint item_prefix, LabDissectFormatFunc format)
{
  ListItem item = { item_length_id, item_id, item_prefix, format };

  d->list_item = &item;
  return lab_dissect_vector (d, r, parent, length_id, id, prefix, read_opaque_items, NULL);
}

LabField *
lab_dissect_table_node (LabDissector *d, LabField *parent, const char *name,
                        const char *explanation_key, gsize offset)
{
  LabField *node = lab_field_new (d->source, name, name, offset, 0);

  node->explanation_key = explanation_key;
  if (parent != NULL)
    lab_field_append (parent, node);
  return node;
}
