#include "lab-keyfile-lines.h"
#include "engine/io/lab-mapped-file.h"
#include "tls/lab-error.h"

#include <gio/gio.h>

#include <string.h>

struct _LabKeyfileLines
{
  char *source;
  GHashTable *lines; /* "group" or "group\nkey" -> line number */
};

void
lab_keyfile_lines_free (LabKeyfileLines *lines)
{
  if (lines == NULL)
    return;
  g_free (lines->source);
  g_hash_table_unref (lines->lines);
  g_free (lines);
}

const char *
lab_keyfile_lines_source (LabKeyfileLines *lines)
{
  return lines->source;
}

void
lab_keyfile_lines_error (LabKeyfileLines *lines, GError **error, guint line,
                         const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (line > 0)
    g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID, "%s:%u: %s", lines->source, line, message);
  else
    g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID, "%s: %s", lines->source, message);
}

static gboolean
valid_key_name (const char *key, gsize len)
{
  if (len == 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (key[i]) && key[i] != '-' && key[i] != '_' && key[i] != '.'
        && key[i] != '[' && key[i] != ']' && key[i] != '@')
      return FALSE;
  return TRUE;
}

LabKeyfileLines *
lab_keyfile_lines_scan (const char *source, const char *text, gsize len, GError **error)
{
  g_autoptr (LabKeyfileLines) lines = g_new0 (LabKeyfileLines, 1);
  g_autofree char *group = NULL;
  const char *p = text, *end = text + len;
  guint number = 0;

  lines->source = g_strdup (source);
  lines->lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (memchr (text, '\0', len) != NULL || !g_utf8_validate (text, (gssize) len, NULL))
    {
      lab_keyfile_lines_error (lines, error, 0, "not a text file (it contains bytes that are "
                                                "not UTF-8 text)");
      return NULL;
    }

  while (p < end)
    {
      const char *nl = memchr (p, '\n', (gsize) (end - p));
      const char *line_end = nl ? nl : end;
      g_autofree char *line = g_strndup (p, (gsize) (line_end - p));
      char *s = g_strstrip (line);

      number++;
      p = nl ? nl + 1 : end;

      if (*s == '\0' || *s == '#')
        continue;
      if (*s == '[')
        {
          gsize n = strlen (s);
          if (n < 3 || s[n - 1] != ']')
            {
              lab_keyfile_lines_error (lines, error, number,
                                       "a group header must look like [name]");
              return NULL;
            }
          g_free (group);
          group = g_strndup (s + 1, n - 2);
          if (g_hash_table_contains (lines->lines, group))
            {
              lab_keyfile_lines_error (lines, error, number,
                                       "group [%s] appears twice (first at line %u)", group,
                                       GPOINTER_TO_UINT (g_hash_table_lookup (lines->lines, group)));
              return NULL;
            }
          g_hash_table_insert (lines->lines, g_strdup (group), GUINT_TO_POINTER (number));
          continue;
        }
      {
        const char *eq = strchr (s, '=');
        g_autofree char *key = NULL;
        g_autofree char *id = NULL;

        if (eq == NULL)
          {
            lab_keyfile_lines_error (lines, error, number,
                                     "expected 'key = value', a [group], or a # comment");
            return NULL;
          }
        key = g_strstrip (g_strndup (s, (gsize) (eq - s)));
        if (!valid_key_name (key, strlen (key)))
          {
            lab_keyfile_lines_error (lines, error, number, "'%s' is not a valid key name", key);
            return NULL;
          }
        /* GKeyFile reads 'key[de]' as a translation of key, which nothing here asks for:
         * the line would be ignored without a word */
        if (strchr (key, '[') != NULL || strchr (key, ']') != NULL)
          {
            g_autofree char *bare = g_strndup (key, strcspn (key, "[]"));

            lab_keyfile_lines_error (lines, error, number,
                                     "'%s' is a translated key (a locale in brackets); the lab "
                                     "reads no translations, so this line would be ignored: "
                                     "write '%s'",
                                     key, bare);
            return NULL;
          }
        if (group == NULL)
          {
            lab_keyfile_lines_error (lines, error, number,
                                     "key '%s' comes before any [group]", key);
            return NULL;
          }
        id = g_strconcat (group, "\n", key, NULL);
        if (g_hash_table_contains (lines->lines, id))
          {
            lab_keyfile_lines_error (lines, error, number,
                                     "key '%s' appears twice in [%s] (first at line %u)", key,
                                     group,
                                     GPOINTER_TO_UINT (g_hash_table_lookup (lines->lines, id)));
            return NULL;
          }
        g_hash_table_insert (lines->lines, g_steal_pointer (&id), GUINT_TO_POINTER (number));
      }
    }
  return g_steal_pointer (&lines);
}

guint
lab_keyfile_lines_group (LabKeyfileLines *lines, const char *group)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (lines->lines, group));
}

guint
lab_keyfile_lines_key (LabKeyfileLines *lines, const char *group, const char *key)
{
  g_autofree char *id = g_strconcat (group, "\n", key, NULL);

  return GPOINTER_TO_UINT (g_hash_table_lookup (lines->lines, id));
}

char *
lab_keyfile_read (const char *path, const char *what, gsize *len, GError **error)
{
  g_autoptr (GBytes) bytes = lab_file_read (path, what, LAB_KEYFILE_MAX_SIZE, error);
  gsize size;
  char *text;

  if (bytes == NULL)
    return NULL;
  /* NUL-terminated, as GKeyFile and the scanner's callers expect; an embedded NUL is
   * still seen by the scanner, which counts len bytes */
  size = g_bytes_get_size (bytes);
  text = g_malloc (size + 1);
  memcpy (text, g_bytes_get_data (bytes, NULL), size);
  text[size] = '\0';
  *len = size;
  return text;
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

char **
lab_keyfile_list_resources (const char *dir, const char *suffix)
{
  g_auto (GStrv) children = g_resources_enumerate_children (dir, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; children && children[i]; i++)
    if (g_str_has_suffix (children[i], suffix))
      g_ptr_array_add (names, g_strndup (children[i], strlen (children[i]) - strlen (suffix)));
  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

GBytes *
lab_keyfile_lookup_resource (const char *dir, const char *kind, const char *name,
                             char **source, GError **error)
{
  g_autofree char *path = g_strdup_printf ("%s/%s.%s", dir, name, kind);
  GBytes *bytes = g_resources_lookup_data (path, 0, NULL);

  if (bytes == NULL)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_NOT_FOUND, "no built-in %s named '%s'", kind,
                   name);
      return NULL;
    }
  *source = g_strdup_printf ("%s.%s (built in)", name, kind);
  return bytes;
}
