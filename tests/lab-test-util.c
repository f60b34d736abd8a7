#include "lab-test-util.h"
#include "engine/session/lab-peer-suites.h"
#include "engine/session/lab-session.h"
#include "tls/lab-error.h"
#include "tls/lab-hex.h"
#include "tls/lab-reader.h"
#include "tls/lab-registry.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

LabScenario *
lab_test_scenario (const char *text)
{
  g_autoptr (GError) error = NULL;
  LabScenario *s = lab_scenario_load_data ("test.scenario", text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (s);
  return s;
}

static void
test_bad_scenario (gconstpointer data)
{
  const LabTestBadScenario *bad = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (LabScenario) s = lab_scenario_load_data ("bad.scenario", bad->text,
                                                      strlen (bad->text), &error);

  g_assert_null (s);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, bad->message);
}

void
lab_test_add_bad_scenarios (const char *prefix, const LabTestBadScenario *rows, gsize n_rows)
{
  for (gsize i = 0; i < n_rows; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/%s", prefix, rows[i].name);
      g_test_add_data_func (path, &rows[i], test_bad_scenario);
    }
}

LabTrace *
lab_test_run (const LabScenario *scenario, guint64 seed, gboolean seeded)
{
  LabSessionOptions options = { .has_seed = seeded, .seed = seed };
  g_autoptr (GError) error = NULL;
  LabTrace *trace = lab_session_run (scenario, &options, &error);

  g_assert_no_error (error);
  g_assert_nonnull (trace);
  g_assert_true (lab_trace_is_frozen (trace));
  return trace;
}

char *
lab_test_messages (LabTrace *trace, LabSide side, gboolean sent)
{
  g_autoptr (GString) names = g_string_new (NULL);

  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      if (e->side == side && e->sent == sent
          && (e->kind == LAB_EVENT_MESSAGE || e->kind == LAB_EVENT_CCS))
        g_string_append_printf (names, "%s%s", names->len ? " " : "", e->name);
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

GBytes *
lab_test_wire_bytes (LabTrace *trace, LabDirection direction)
{
  g_autoptr (GByteArray) all = g_byte_array_new ();

  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      gsize len;
      const guint8 *data;

      if (e->kind != LAB_EVENT_RECORD || e->direction != direction)
        continue;
      data = g_bytes_get_data (e->bytes, &len);
      g_byte_array_append (all, data, (guint) len);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&all));
}

const LabEvent *
lab_test_find_message (LabTrace *trace, LabSide side, gboolean sent, const char *name)
{
  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      if (e->kind == LAB_EVENT_MESSAGE && e->side == side && e->sent == sent
          && g_strcmp0 (e->name, name) == 0)
        return e;
    }
  g_test_message ("the %s %s no %s", lab_side_name (side), sent ? "sent" : "received", name);
  g_assert_not_reached ();
}

char *
lab_test_offered_suites (LabTrace *trace)
{
  const LabEvent *hello = lab_test_find_message (trace, LAB_SIDE_CLIENT, TRUE, "ClientHello");
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  LabReader r, session_id, suites;
  gsize len;
  const guint8 *data = g_bytes_get_data (hello->bytes, &len);

  lab_reader_init (&r, data, len);
  g_assert_true (lab_reader_skip (&r, 4 + 2 + 32));
  g_assert_true (lab_reader_vector (&r, 1, &session_id, NULL));
  g_assert_true (lab_reader_vector (&r, 2, &suites, NULL));
  while (lab_reader_remaining (&suites) >= 2)
    {
      guint16 id;
      const LabCipherSuite *suite;

      g_assert_true (lab_reader_u16 (&suites, &id));
      if (id == 0x00ff)
        {
          g_ptr_array_add (names, LAB_RENEGOTIATION_SCSV);
          continue;
        }
      suite = lab_cipher_suite_lookup (id);
      if (suite == NULL)
        {
          /* TLS_FALLBACK_SCSV (RFC 7507), and the TLS 1.3 suites a client that also speaks
           * TLS 1.3 offers: OpenSSL names them as the registry does */
          const LabCipherSuiteName *known = lab_cipher_suite_name_lookup (id);

          g_assert_nonnull (known);
          g_ptr_array_add (names, (gpointer) known->iana_name);
          continue;
        }
      g_ptr_array_add (names, (gpointer) suite->openssl_name);
    }
  g_ptr_array_add (names, NULL);
  return g_strjoinv (":", (char **) names->pdata);
}

const LabEvent *
lab_test_cause_event (LabTrace *trace)
{
  const LabOutcome *outcome = lab_trace_get_outcome (trace);

  g_assert_cmpint (outcome->cause_event, >=, 0);
  g_assert_cmpint (outcome->cause_event, <, (int) lab_trace_get_n_events (trace));
  return lab_trace_get_event (trace, (guint) outcome->cause_event);
}

char *
lab_test_write_file (const char *dir, const char *name, const char *text)
{
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

char *
lab_test_last_line (const char *text)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = g_strv_length (lines); i > 0; i--)
    if (*g_strstrip (lines[i - 1]) != '\0')
      return g_strdup (lines[i - 1]);
  return g_strdup ("");
}

const char *
lab_test_binary (void)
{
  static char *path;

  if (path == NULL)
    {
      const char *env = g_getenv ("LAB_BINARY");
      path = env ? g_strdup (env) : g_test_build_filename (G_TEST_BUILT, "..", "handshake-lab", NULL);
    }
  return path;
}

guint
lab_test_count_kind (LabTrace *trace, LabEventKind kind)
{
  guint n = 0;

  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    n += lab_trace_get_event (trace, i)->kind == kind;
  return n;
}

const char *
lab_test_source_dir (void)
{
  const char *dir = g_getenv ("LAB_SOURCE_DIR");

  g_assert_nonnull (dir);
  return dir;
}

guint
lab_test_assert_every_file_built_in (const char *folder, const char *suffix,
                                     const char *const *builtin)
{
  g_autofree char *path = g_build_filename (lab_test_source_dir (), folder, NULL);
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  guint files = 0;
  const char *file;

  g_assert_nonnull (dir);
  while ((file = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (file, suffix))
      {
        g_autofree char *name = g_strndup (file, strlen (file) - strlen (suffix));
        if (!g_strv_contains (builtin, name))
          g_test_message ("%s is not listed in data/handshake-lab-data.gresource.xml", file);
        g_assert_true (g_strv_contains (builtin, name));
        files++;
      }
  g_assert_cmpuint (files, ==, g_strv_length ((char **) builtin));
  return files;
}

int
lab_test_spawn (const char *const *argv, char **out, char **err)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  int status = 0;

  g_ptr_array_add (args, (gpointer) lab_test_binary ());
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) argv[i]);
  g_ptr_array_add (args, NULL);
  /* Output not asked for must not reach the TAP stream. */
  g_spawn_sync (NULL, (char **) args->pdata, NULL,
                (out ? 0 : G_SPAWN_STDOUT_TO_DEV_NULL) | (err ? 0 : G_SPAWN_STDERR_TO_DEV_NULL),
                NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
}

void
lab_test_remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        lab_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static guint
count_dir (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

guint
lab_test_count_fds (void)
{
  return count_dir ("/proc/self/fd");
}

guint
lab_test_count_threads (void)
{
  return count_dir ("/proc/self/task");
}

char *
lab_test_corpus_path (const char *first, ...)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new ();
  const char *part;
  char *path;
  va_list args;

  g_ptr_array_add (parts, (gpointer) g_test_get_dir (G_TEST_DIST));
  g_ptr_array_add (parts, (gpointer) "corpus");
  va_start (args, first);
  for (part = first; part != NULL; part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  path = g_build_filenamev ((char **) parts->pdata);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    g_error ("the test corpus file %s is missing", path);
  return path;
}

const LabEvent *
lab_test_find_event (LabTrace *trace, LabEventKind kind, const char *name, LabSide side)
{
  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);

      if (e->kind == kind && (name == NULL || g_strcmp0 (e->name, name) == 0)
          && (side == LAB_TEST_ANY_SIDE || e->side == side))
        return e;
    }
  return NULL;
}

const LabEvent *
lab_test_find_secret (LabTrace *trace, LabSide side, const char *name)
{
  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);

      if (e->kind == LAB_EVENT_SECRET && (side == LAB_TEST_ANY_SIDE || e->side == side)
          && g_str_equal (e->name, name) && e->bytes != NULL)
        return e;
    }
  return NULL;
}

char *
lab_test_hex_of (GBytes *bytes, gsize offset, gsize len)
{
  g_assert_cmpuint (g_bytes_get_size (bytes), >=, offset + len);
  return lab_hex_encode ((const guint8 *) g_bytes_get_data (bytes, NULL) + offset, len);
}

GPtrArray *
lab_test_app_data_sent (LabTrace *trace, LabSide side)
{
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);

      if (e->kind == LAB_EVENT_APP_DATA && e->sent && e->side == side)
        g_ptr_array_add (out, e->bytes);
    }
  return out;
}

GBytes *
lab_test_hello_random (LabTrace *trace, const char *message)
{
  const LabEvent *e = NULL;

  for (guint i = 0; i < lab_trace_get_n_events (trace) && e == NULL; i++)
    {
      const LabEvent *x = lab_trace_get_event (trace, i);

      if (x->kind == LAB_EVENT_MESSAGE && x->sent && g_str_equal (x->name, message))
        e = x;
    }
  g_assert_nonnull (e);
  return g_bytes_new_from_bytes (e->bytes, 6, 32);
}

void
lab_test_assert_hex_equal (GBytes *ours, const char *theirs)
{
  g_autofree char *hex = lab_hex_encode_bytes (ours);

  g_assert_cmpstr (hex, ==, theirs);
}
