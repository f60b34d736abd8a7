/* lab-field.h: the field tree the dissector builds, one node per named piece of bytes.
 *
 * Every node knows where its bytes are (an absolute offset and a length within the
 * buffer that was dissected), what it is called (a stable identifier for programs and a
 * label for people), what it says (a display value), which explanation text belongs to
 * it, and — on an error node — why parsing stopped there. The leaves of a tree cover the
 * dissected bytes exactly: every byte belongs to one leaf, malformed bytes to an error
 * node. Trees are immutable once the dissector returns them. */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LAB_TYPE_FIELD (lab_field_get_type ())

typedef struct _LabField LabField;

/* Read the members directly; change them only while building a tree. */
struct _LabField
{
  const char *name;            /* stable identifier: "cipher_suite"; "error" on an error node
                                * (static, as the dissector's tables hold it) */
  const char *label;           /* for people: "Cipher suite" (static) */
  gsize offset;                /* absolute offset within the dissected buffer */
  gsize length;                /* bytes covered, children included */
  char *value;                 /* display value, or NULL: "TLS 1.2 (0x0303)" */
  const char *explanation_key; /* what the field is: "field.cipher_suite" (static) */
  const char *value_key;       /* what this value means, or NULL: "alert.bad_record_mac" */
  char *error;                 /* set on an error node: why parsing stopped here */
  guint64 number;              /* the integer a numeric field holds (has_number) */
  gboolean has_number;
  GPtrArray *children; /* LabField *, in byte order; NULL for a leaf */
  GBytes *source;      /* the whole buffer that was dissected */

  /*< private >*/
  gatomicrefcount ref_count;
};

GType lab_field_get_type (void) G_GNUC_CONST;

/* name and label are static strings (the registry's and the dissector's tables): a
 * tree has thousands of nodes, and a copy of each name was a third of their cost. */
LabField *lab_field_new (GBytes *source, const char *name, const char *label, gsize offset,
                         gsize length);
LabField *lab_field_ref (LabField *field);
void lab_field_unref (LabField *field);

/* Takes ownership of child; returns it (borrowed) for chaining. */
LabField *lab_field_append (LabField *parent, LabField *child);
void lab_field_set_value (LabField *field, const char *format, ...) G_GNUC_PRINTF (2, 3);
void lab_field_set_number (LabField *field, guint64 number);

guint lab_field_n_children (const LabField *field);
LabField *lab_field_get_child (const LabField *field, guint index);
gboolean lab_field_is_leaf (const LabField *field);

/* The field's own bytes (a slice of source, no copy). */
GBytes *lab_field_get_bytes (const LabField *field);
const guint8 *lab_field_get_data (const LabField *field, gsize *length);

/* Finds a node by a dotted path of names. The first name is matched against the root
 * and then, depth first, against every node below it (the first one from which the
 * rest of the path can be followed; "record[1]" the second of that name); each
 * following name against the children of the node before, where "name[2]" picks the
 * third child of that name:
 * "ServerHello.cipher_suite", "ClientHello.extensions.server_name",
 * "ClientHello.cipher_suites.cipher_suite[3]". Returns NULL when nothing matches. */
LabField *lab_field_lookup (const LabField *root, const char *path);

/* Follows path down from field, each name against the children of the node before
 * ("extensions.server_name", "cipher_suites.cipher_suite[3]"); NULL when a step matches
 * nothing. Unlike lab_field_lookup it never searches the tree below: a path that is not
 * there costs its steps, not a walk of every node. */
LabField *lab_field_follow (const LabField *field, const char *path);

/* The first error node in byte order (depth first), or NULL when the tree has none. */
LabField *lab_field_find_error (const LabField *root);

/* Every leaf in byte order, borrowed from the tree. */
GPtrArray *lab_field_collect_leaves (const LabField *root);

/* Calls func on root and every node below it, parents before children. */
typedef void (*LabFieldFunc) (const LabField *field, gpointer user_data);
void lab_field_foreach (const LabField *root, LabFieldFunc func, gpointer user_data);

/* {"name", "label", "offset", "length", "value", "explanation", "value_explanation",
 *  "hex" (leaves only), "children" (empty for a leaf), "error"}; members without a
 *  value are left out. */
JsonNode *lab_field_to_json (const LabField *root);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabField, lab_field_unref)

G_END_DECLS
