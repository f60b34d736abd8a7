/* Every fuzz seed and every input a fuzzer once crashed on, replayed through the same
 * entry points in every build: tests/fuzz/corpus/NAME/ and tests/fuzz/regressions/NAME/
 * for each parser of untrusted bytes (fuzz/lab-fuzz.h).
 *
 * A regression input whose name starts with "open-" is a finding not fixed yet (see
 * tests/fuzz/regressions/README.md): it runs in a subprocess, so that a sanitizer's abort
 * is contained, and is reported as incomplete (TAP "TODO") whether or not it failed.
 * Once fixed, drop the prefix and it must pass like the others. */
#include "fuzz/lab-fuzz.h"

typedef struct
{
  LabFuzzFunc func;
  char *path;
} Input;

static void
input_free (gpointer data)
{
  Input *input = data;

  g_free (input->path);
  g_free (input);
}

static void
test_input (gconstpointer data)
{
  const Input *input = data;
  g_autofree char *contents = NULL;
  gsize len;
  g_autoptr (GError) error = NULL;

  g_autofree char *name = g_path_get_basename (input->path);

  if (g_str_has_prefix (name, "open-") && !g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_incomplete_printf ("an open finding, %s in this build",
                                g_test_trap_has_passed () ? "passing" : "failing");
      return;
    }
  g_file_get_contents (input->path, &contents, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpint (input->func ((const guint8 *) contents, len), ==, 0);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

/* Adds /fuzz/KIND/NAME/FILE for each file of tests/fuzz/KIND/NAME; returns how many. */
static guint
add_inputs (const char *kind, const LabFuzzTarget *target)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "fuzz", kind, target->name,
                                                     NULL);
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return 0; /* no regressions yet */
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      g_autofree char *test_path = g_strdup_printf ("/fuzz/%s/%s/%s", kind, target->name, file);
      Input *input = g_new0 (Input, 1);

      input->func = target->func;
      input->path = g_build_filename (dir_path, file, NULL);
      g_test_add_data_func_full (test_path, input, test_input, input_free);
    }
  return names->len;
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (const LabFuzzTarget *t = lab_fuzz_targets; t->name != NULL; t++)
    {
      /* A fuzzer with no seeds starts blind: every target ships some. */
      g_assert_cmpuint (add_inputs ("corpus", t), >, 0);
      add_inputs ("regressions", t);
    }
  return g_test_run ();
}
