/* lab-json.h: the lab's JSON written one way, by the command line and the window alike:
 * a member the object has is always written, null when its value is not known; text is
 * pretty-printed with two-space indents. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* "member": "value", or "member": null when value is NULL. */
void lab_json_add_string (JsonBuilder *builder, const char *member, const char *value);

/* The node as the lab prints it, ending with a newline. */
char *lab_json_to_text (JsonNode *node);
/* Writes it to path (never over an input: see lab_export_save). */
gboolean lab_json_save (JsonNode *node, const char *path, GError **error);

G_END_DECLS
