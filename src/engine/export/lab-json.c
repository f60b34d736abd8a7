#include "lab-json.h"
#include "lab-export.h"

#include <string.h>

void
lab_json_add_string (JsonBuilder *builder, const char *member, const char *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

char *
lab_json_to_text (JsonNode *node)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  return g_strconcat (text, "\n", NULL);
}

gboolean
lab_json_save (JsonNode *node, const char *path, GError **error)
{
  char *text = lab_json_to_text (node);
  gsize len = strlen (text); /* before the bytes take it: arguments have no order */
  g_autoptr (GBytes) bytes = g_bytes_new_take (text, len);

  return lab_export_save (path, bytes, error);
}
