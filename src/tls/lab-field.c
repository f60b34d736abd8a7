/* lab-field.c: the field tree node (see lab-field.h). */
#include "lab-field.h"

#include <string.h>

#include "lab-hex.h"

G_DEFINE_BOXED_TYPE (LabField, lab_field, lab_field_ref, lab_field_unref)

LabField *
lab_field_new (GBytes *source, const char *name, const char *label, gsize offset, gsize length)
{
  LabField *field = g_new0 (LabField, 1);

  g_atomic_ref_count_init (&field->ref_count);
  field->source = g_bytes_ref (source);
  field->name = name;
  field->label = label;
  field->offset = offset;
  field->length = length;
  return field;
}

LabField *
lab_field_ref (LabField *field)
{
  g_atomic_ref_count_inc (&field->ref_count);
  return field;
}

void
lab_field_unref (LabField *field)
{
  if (!g_atomic_ref_count_dec (&field->ref_count))
    return;
  g_clear_pointer (&field->children, g_ptr_array_unref);
  g_bytes_unref (field->source);
  g_free (field->value);
  g_free (field->error);
  g_free (field);
}

LabField *
lab_field_append (LabField *parent, LabField *child)
{
  /* room for four children at once: GLib's arrays start at two and double, and most
   * parents have three or more (a header's fields, a vector's length and items) */
  if (parent->children == NULL)
    parent->children = g_ptr_array_new_full (4, (GDestroyNotify)lab_field_unref);
  g_ptr_array_add (parent->children, child);
  return child;
}

void
lab_field_set_value (LabField *field, const char *format, ...)
{
  char *old = field->value; /* the format may use the old value */
  char text[128];
  va_list args;
  int length;

  /* Most values are short: formatted on the stack and copied once. g_strdup_vprintf
   * (glibc's vasprintf) allocates a buffer, then reallocates it to size: two
   * allocations a value, for thousands of values a tree. */
  va_start (args, format);
  length = g_vsnprintf (text, sizeof text, format, args);
  va_end (args);
  if (length >= 0 && (gsize)length < sizeof text)
    field->value = g_strndup (text, length);
  else
    {
      va_start (args, format);
      field->value = g_strdup_vprintf (format, args);
      va_end (args);
    }
  g_free (old);
}

void
lab_field_set_number (LabField *field, guint64 number)
{
  field->number = number;
  field->has_number = TRUE;
}

guint
lab_field_n_children (const LabField *field)
{
  return field->children ? field->children->len : 0;
}

LabField *
lab_field_get_child (const LabField *field, guint index)
{
  g_return_val_if_fail (index < lab_field_n_children (field), NULL);
  return g_ptr_array_index (field->children, index);
}

gboolean
lab_field_is_leaf (const LabField *field)
{
  return lab_field_n_children (field) == 0;
}

GBytes *
lab_field_get_bytes (const LabField *field)
{
  return g_bytes_new_from_bytes (field->source, field->offset, field->length);
}

const guint8 *
lab_field_get_data (const LabField *field, gsize *length)
{
  const guint8 *data = g_bytes_get_data (field->source, NULL);

  *length = field->length;
  return data ? data + field->offset : NULL;
}

/* One step of a path, read in place (lookups run for every message a view summarizes:
 * no copies). "cipher_suite[3]" -> name "cipher_suite", index 3, has_index; "random" ->
 * index 0. */
typedef struct
{
  const char *name;
  gsize name_length;
  guint index;
  gboolean has_index;
} Step;

/* Reads the step at *path up to the next '.' or the end, and moves *path past it: to
 * NULL after the last step ("a." has a second, empty step, which names nothing). */
static gboolean
next_step (const char **path, Step *step)
{
  const char *start = *path;
  const char *end = strchr (start, '.');
  const char *bracket;
  guint64 n;
  char *after = NULL;

  if (end == NULL)
    end = start + strlen (start);
  *path = *end == '.' ? end + 1 : NULL;
  bracket = memchr (start, '[', end - start);
  step->name = start;
  step->name_length = (bracket ? bracket : end) - start;
  step->index = 0;
  step->has_index = bracket != NULL;
  if (bracket == NULL)
    return TRUE;
  n = g_ascii_strtoull (bracket + 1, &after, 10);
  if (after == bracket + 1 || after + 1 != end || *after != ']' || n > G_MAXUINT)
    return FALSE;
  step->index = (guint)n;
  return TRUE;
}

static gboolean
is_named (const LabField *field, const Step *step)
{
  return field->name != NULL && strncmp (field->name, step->name, step->name_length) == 0
         && field->name[step->name_length] == '\0';
}

static LabField *
find_child (const LabField *field, const Step *step)
{
  guint index = step->index;

  for (guint i = 0; i < lab_field_n_children (field); i++)
    {
      LabField *child = lab_field_get_child (field, i);

      if (is_named (child, step) && index-- == 0)
        return child;
    }
  return NULL;
}

/* Follows the steps of rest (a path, or NULL for none) down from field. */
static LabField *
follow (const LabField *field, const char *rest)
{
  while (rest != NULL && field != NULL)
    {
      Step step;

      if (!next_step (&rest, &step))
        return NULL;
      field = find_child (field, &step);
    }
  return (LabField *)field;
}

/* Without an index the first step matches, depth first, the first node of that name
 * from which the rest of the path can be followed. */
static LabField *
search (const LabField *field, const Step *first, const char *rest)
{
  if (is_named (field, first))
    {
      LabField *found = follow (field, rest);

      if (found != NULL)
        return found;
    }
  for (guint i = 0; i < lab_field_n_children (field); i++)
    {
      LabField *found = search (lab_field_get_child (field, i), first, rest);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* With an index, "record[1]" is the second node of that name, depth first. */
static const LabField *
nth (const LabField *field, const Step *step, guint *index)
{
  if (is_named (field, step) && (*index)-- == 0)
    return field;
  for (guint i = 0; i < lab_field_n_children (field); i++)
    {
      const LabField *found = nth (lab_field_get_child (field, i), step, index);

      if (found != NULL)
        return found;
    }
  return NULL;
}

LabField *
lab_field_follow (const LabField *field, const char *path)
{
  g_return_val_if_fail (field != NULL && path != NULL, NULL);
  return follow (field, path);
}

LabField *
lab_field_lookup (const LabField *root, const char *path)
{
  const char *rest = path;
  Step first;
  const LabField *found;

  g_return_val_if_fail (root != NULL && path != NULL, NULL);
  if (!next_step (&rest, &first))
    return NULL;
  if (!first.has_index)
    return search (root, &first, rest);
  found = nth (root, &first, &first.index);
  return found ? follow (found, rest) : NULL;
}

void
lab_field_foreach (const LabField *root, LabFieldFunc func, gpointer user_data)
{
  func (root, user_data);
  for (guint i = 0; i < lab_field_n_children (root); i++)
    lab_field_foreach (lab_field_get_child (root, i), func, user_data);
}

LabField *
lab_field_find_error (const LabField *root)
{
  if (root->error != NULL)
    return (LabField *)root;
  for (guint i = 0; i < lab_field_n_children (root); i++)
    {
      LabField *found = lab_field_find_error (lab_field_get_child (root, i));

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
add_leaf (const LabField *field, gpointer user_data)
{
  if (lab_field_is_leaf (field))
    g_ptr_array_add (user_data, (gpointer)field);
}

GPtrArray *
lab_field_collect_leaves (const LabField *root)
{
  GPtrArray *leaves = g_ptr_array_new ();

  lab_field_foreach (root, add_leaf, leaves);
  return leaves;
}

static void
add_string (JsonObject *object, const char *member, const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
}

/* Objects built directly, not through a JsonBuilder: a builder per node cost more than
 * the node itself (a GObject and a copy of every member name), and a capture's export
 * converts thousands of nodes. Members keep their order (JsonObject keeps it). */
static JsonObject *
to_object (const LabField *field)
{
  JsonObject *object = json_object_new ();
  guint n_children = lab_field_n_children (field);
  JsonArray *children = json_array_sized_new (n_children);

  add_string (object, "name", field->name);
  add_string (object, "label", field->label);
  json_object_set_int_member (object, "offset", (gint64)field->offset);
  json_object_set_int_member (object, "length", (gint64)field->length);
  add_string (object, "value", field->value);
  add_string (object, "explanation", field->explanation_key);
  add_string (object, "value_explanation", field->value_key);
  add_string (object, "error", field->error);
  if (n_children == 0)
    {
      gsize length;
      const guint8 *data = lab_field_get_data (field, &length);
      g_autofree char *hex = lab_hex_encode (data, length);

      json_object_set_string_member (object, "hex", hex);
    }
  for (guint i = 0; i < n_children; i++)
    json_array_add_object_element (children, to_object (lab_field_get_child (field, i)));
  json_object_set_array_member (object, "children", children);
  return object;
}

JsonNode *
lab_field_to_json (const LabField *root)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, to_object (root));
  return node;
}
