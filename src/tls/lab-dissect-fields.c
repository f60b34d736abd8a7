/* lab-dissect-fields.c: the table of field kinds (see LAB_DISSECT_FIELDS). */
#include "lab-dissect-private.h"

static const LabFieldSpec specs[] = {
#define LAB_DISSECT_FIELD_SPEC(id, name, label, key) [LAB_F_##id] = { name, label, key },
  LAB_DISSECT_FIELDS (LAB_DISSECT_FIELD_SPEC)
#undef LAB_DISSECT_FIELD_SPEC
};

const LabFieldSpec *
lab_dissect_field_spec (LabFieldId id)
{
  g_return_val_if_fail (id < LAB_F_COUNT, &specs[LAB_F_ERROR]);
  return &specs[id];
}

const char *const *
lab_dissect_field_keys (void)
{
  static const char **keys;

  if (g_once_init_enter (&keys))
    {
      g_autoptr (GPtrArray) unique = g_ptr_array_new ();

      for (gsize i = 0; i < G_N_ELEMENTS (specs); i++)
        if (!g_ptr_array_find_with_equal_func (unique, specs[i].explanation_key, g_str_equal, NULL))
          g_ptr_array_add (unique, (gpointer)specs[i].explanation_key);
      g_ptr_array_add (unique, NULL);
      g_once_init_leave (&keys, (const char **)g_ptr_array_free (g_steal_pointer (&unique), FALSE));
    }
  return keys;
}
