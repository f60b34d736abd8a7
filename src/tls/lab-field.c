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
  if (parent->children == NULL)
    parent->children = g_ptr_array_new_with_free_func ((GDestroyNotify)lab_field_unref);
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

/* "cipher_suite[3]" -> name "cipher_suite", index 3; "random" -> index 0 */
static gboolean
parse_step (const char *step, char **name, guint *index)
{
  const char *bracket = strchr (step, '[');
  guint64 n = 0;
  char *end = NULL;

  if (bracket == NULL)
    {
      *name = g_strdup (step);
      *index = 0;
      return TRUE;
    }
  n = g_ascii_strtoull (bracket + 1, &end, 10);
  if (end == bracket + 1 || g_strcmp0 (end, "]") != 0 || n > G_MAXUINT)
    return FALSE;
  *name = g_strndup (step, bracket - step);
  *index = (guint)n;
  return TRUE;
}

static LabField *
find_child (const LabField *field, const char *step)
{
  g_autofree char *name = NULL;
  guint index;

  if (!parse_step (step, &name, &index))
    return NULL;
  for (guint i = 0; i < lab_field_n_children (field); i++)
    {
      LabField *child = lab_field_get_child (field, i);

      if (g_strcmp0 (child->name, name) == 0 && index-- == 0)
        return child;
    }
  return NULL;
}

static LabField *
follow (const LabField *field, char **steps)
{
  for (; *steps != NULL && field != NULL; steps++)
    field = find_child (field, *steps);
  return (LabField *)field;
}

/* Without an index the first step matches, depth first, the first node of that name
 * from which the rest of the path can be followed. */
static LabField *
search (const LabField *field, const char *name, char **rest)
{
  if (g_strcmp0 (field->name, name) == 0)
    {
      LabField *found = follow (field, rest);

      if (found != NULL)
        return found;
    }
  for (guint i = 0; i < lab_field_n_children (field); i++)
    {
      LabField *found = search (lab_field_get_child (field, i), name, rest);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* With an index, "record[1]" is the second node of that name, depth first. */
static const LabField *
nth (const LabField *field, const char *name, guint *index)
{
  if (g_strcmp0 (field->name, name) == 0 && (*index)-- == 0)
    return field;
  for (guint i = 0; i < lab_field_n_children (field); i++)
    {
      const LabField *found = nth (lab_field_get_child (field, i), name, index);

      if (found != NULL)
        return found;
    }
  return NULL;
}

LabField *
lab_field_lookup (const LabField *root, const char *path)
{
  g_auto (GStrv) steps = NULL;
  g_autofree char *name = NULL;
  guint index;
  const LabField *first;

  g_return_val_if_fail (root != NULL && path != NULL, NULL);
  steps = g_strsplit (path, ".", -1);
  if (steps[0] == NULL || !parse_step (steps[0], &name, &index))
    return NULL;
  if (strchr (steps[0], '[') == NULL)
    return search (root, name, steps + 1);
  first = nth (root, name, &index);
  return first ? follow (first, steps + 1) : NULL;
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
