/* lab-field-item.c: wraps a LabField (a boxed, immutable tree node) for GListModel. */
#include "lab-field-item.h"

struct _LabFieldItem
{
  GObject parent_instance;

  LabField *field;
};

G_DEFINE_FINAL_TYPE (LabFieldItem, lab_field_item, G_TYPE_OBJECT)

static void
lab_field_item_finalize (GObject *object)
{
  LabFieldItem *self = LAB_FIELD_ITEM (object);

  g_clear_pointer (&self->field, lab_field_unref);
  G_OBJECT_CLASS (lab_field_item_parent_class)->finalize (object);
}

static void
lab_field_item_class_init (LabFieldItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lab_field_item_finalize;
}

static void
lab_field_item_init (LabFieldItem *self)
{
}

LabFieldItem *
lab_field_item_new (LabField *field)
{
  LabFieldItem *self = g_object_new (LAB_TYPE_FIELD_ITEM, NULL);

  self->field = lab_field_ref (field);
  return self;
}

LabField *
lab_field_item_get_field (LabFieldItem *self)
{
  g_return_val_if_fail (LAB_IS_FIELD_ITEM (self), NULL);
  return self->field;
}

GListModel *
lab_field_item_children (LabFieldItem *self)
{
  GListStore *store;

  if (lab_field_is_leaf (self->field))
    return NULL;
  store = g_list_store_new (LAB_TYPE_FIELD_ITEM);
  for (guint i = 0; i < lab_field_n_children (self->field); i++)
    {
      g_autoptr (LabFieldItem) child = lab_field_item_new (lab_field_get_child (self->field, i));
      g_list_store_append (store, child);
    }
  return G_LIST_MODEL (store);
}
