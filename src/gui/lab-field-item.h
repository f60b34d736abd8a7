/* lab-field-item.h: a dissected field as a GObject, for list models and tree views. */
#pragma once

#include <gio/gio.h>

#include "tls/lab-field.h"

G_BEGIN_DECLS

#define LAB_TYPE_FIELD_ITEM (lab_field_item_get_type ())
G_DECLARE_FINAL_TYPE (LabFieldItem, lab_field_item, LAB, FIELD_ITEM, GObject)

LabFieldItem *lab_field_item_new (LabField *field);
LabField *lab_field_item_get_field (LabFieldItem *self);

/* The children of a field as a list of LabFieldItem; NULL for a leaf (what
 * GtkTreeListModel's create function wants). */
GListModel *lab_field_item_children (LabFieldItem *self);

G_END_DECLS
