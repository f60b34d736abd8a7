/* lab-cli-files.c: see lab-cli-files.h. */
#include "lab-cli-files.h"
#include "lab-cli.h"
#include "engine/io/lab-mapped-file.h"
#include "tls/lab-error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- reading: a path or a built-in name ---- */

static gboolean
is_builtin (char **names, const char *name, const char *suffix, char **builtin)
{
  g_autofree char *bare = g_str_has_suffix (name, suffix)
                            ? g_strndup (name, strlen (name) - strlen (suffix))
                            : g_strdup (name);

  if (!g_strv_contains ((const char *const *) names, bare))
    return FALSE;
  if (builtin != NULL)
    *builtin = g_steal_pointer (&bare);
  return TRUE;
}

LabCliInputKind
lab_cli_input_kind (const char *name, char **builtin)
{
  g_auto (GStrv) scenarios = NULL;
  g_auto (GStrv) lessons = NULL;
  struct stat st;

  if (name == NULL || *name == '\0' || lstat (name, &st) == 0 || strchr (name, '/') != NULL)
    return LAB_CLI_PATH;
  scenarios = lab_scenario_list_builtin ();
  if (is_builtin (scenarios, name, ".scenario", builtin))
    return LAB_CLI_BUILTIN_SCENARIO;
  lessons = lab_lesson_list_builtin ();
  if (is_builtin (lessons, name, ".lesson", builtin))
    return LAB_CLI_BUILTIN_LESSON;
  return LAB_CLI_PATH;
}

/* A missing file whose name could have been a built-in one says where to look. */
static void
hint_at_list (const char *name, const char *what, GError **error)
{
  GError *old = *error;

  if (strchr (name, '/') != NULL || !g_error_matches (old, LAB_ERROR, LAB_ERROR_NOT_FOUND))
    return;
  *error = g_error_new (old->domain, old->code,
                        "%s; no built-in %s has that name either ('handshake-lab list' shows "
                        "them)",
                        old->message, what);
  g_error_free (old);
}

LabScenario *
lab_cli_load_scenario (const char *name, GError **error)
{
  g_autofree char *builtin = NULL;
  GError *local = NULL;
  LabScenario *scenario;

  if (lab_cli_input_kind (name, &builtin) == LAB_CLI_BUILTIN_SCENARIO)
    return lab_scenario_load_builtin (builtin, error);
  scenario = lab_scenario_load_file (name, &local);
  if (scenario == NULL)
    {
      hint_at_list (name, "scenario", &local);
      g_propagate_error (error, local);
    }
  return scenario;
}

gboolean
lab_cli_seed_option (const char *command, const char *text, guint64 *seed)
{
  if (g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, seed, NULL))
    return TRUE;
  lab_cli_usage_error (command, "--seed: '%s' is not a whole number from 0 to %" G_GUINT64_FORMAT,
                       text, G_MAXUINT64);
  return FALSE;
}

LabScenario *
lab_cli_load_run_scenario (const char *name, const guint64 *seed, GError **error)
{
  LabScenario *scenario = name != NULL ? lab_cli_load_scenario (name, error)
                                       : lab_scenario_load_builtin ("default", error);

  if (scenario != NULL && seed != NULL)
    {
      scenario->has_seed = TRUE;
      scenario->seed = *seed;
    }
  return scenario;
}

LabLesson *
lab_cli_load_lesson (const char *name, GError **error)
{
  g_autofree char *builtin = NULL;
  GError *local = NULL;
  LabLesson *lesson;

  if (lab_cli_input_kind (name, &builtin) == LAB_CLI_BUILTIN_LESSON)
    return lab_lesson_load_builtin (builtin, error);
  lesson = lab_lesson_load_file (name, &local);
  if (lesson == NULL)
    {
      hint_at_list (name, "lesson", &local);
      g_propagate_error (error, local);
    }
  return lesson;
}

/* ---- writing: never over an input, never twice onto one file ---- */

/* Where writing to path really lands: symlinks followed (even one that points at nothing
 * yet, since GIO writes through it), the folder made absolute. NULL when its folder does
 * not exist. */
static char *
landing_path (const char *path)
{
  g_autofree char *current = g_strdup (path);

  for (guint hops = 0; hops < 40; hops++)
    {
      g_autofree char *target = NULL;
      struct stat st;

      if (lstat (current, &st) != 0 || !S_ISLNK (st.st_mode))
        break;
      target = g_file_read_link (current, NULL);
      if (target == NULL)
        break;
      if (!g_path_is_absolute (target))
        {
          g_autofree char *dir = g_path_get_dirname (current);
          g_autofree char *joined = g_build_filename (dir, target, NULL);

          g_free (target);
          target = g_steal_pointer (&joined);
        }
      g_free (current);
      current = g_steal_pointer (&target);
    }
  {
    char *real = realpath (current, NULL);
    g_autofree char *dir = NULL, *base = NULL, *real_dir = NULL;

    if (real != NULL)
      {
        char *copy = g_strdup (real);

        free (real);
        return copy;
      }
    dir = g_path_get_dirname (current);
    base = g_path_get_basename (current);
    real = realpath (dir, NULL);
    if (real == NULL)
      return NULL;
    real_dir = g_strdup (real);
    free (real);
    return g_build_filename (real_dir, base, NULL);
  }
}

gboolean
lab_cli_check_outputs (const char *command, const char *input, const char *input_what,
                       const LabCliOutput *outputs, gsize n_outputs)
{
  g_autofree char *input_real = NULL;
  g_autoptr (GPtrArray) landed = g_ptr_array_new_with_free_func (g_free);

  if (input != NULL)
    {
      char *real = realpath (input, NULL);

      input_real = g_strdup (real);
      free (real);
    }
  for (gsize i = 0; i < n_outputs; i++)
    {
      const LabCliOutput *o = &outputs[i];
      g_autofree char *dir = NULL;
      char *landing;
      struct stat st;

      g_ptr_array_add (landed, NULL);
      if (o->path == NULL)
        continue;
      if (*o->path == '\0')
        {
          lab_cli_usage_error (command, "%s: the file name is empty; say where to write the %s",
                               o->option, o->what);
          return FALSE;
        }
      if (stat (o->path, &st) == 0 && !S_ISREG (st.st_mode))
        {
          lab_cli_usage_error (command,
                               "%s %s: %s, not a regular file; the lab writes a %s only "
                               "to a regular file",
                               o->option, o->path, lab_file_kind_name (st.st_mode), o->what);
          return FALSE;
        }
      landing = landing_path (o->path);
      if (landing == NULL)
        {
          dir = g_path_get_dirname (o->path);
          lab_cli_usage_error (command, "%s %s: the folder %s does not exist", o->option, o->path,
                               dir);
          return FALSE;
        }
      g_ptr_array_index (landed, i) = landing;
      if (input_real != NULL && g_str_equal (landing, input_real))
        {
          lab_cli_usage_error (command,
                               "%s %s: that is %s (%s); the lab never writes over a "
                               "file it reads",
                               o->option, o->path, input_what, input);
          return FALSE;
        }
      for (gsize j = 0; j < i; j++)
        if (g_strcmp0 (g_ptr_array_index (landed, j), landing) == 0)
          {
            lab_cli_usage_error (command, "%s %s and %s %s are the same file; give each its own",
                                 outputs[j].option, outputs[j].path, o->option, o->path);
            return FALSE;
          }
    }
  return TRUE;
}
