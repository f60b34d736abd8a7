/* Every scenario shipped in lessons/scenarios/ is inside the binary, tells a student
 * what it is about, and still ends the way its [expect] says: run in-process and through
 * `handshake-lab check`. */
#include "engine/lesson/lab-lesson.h"
#include "engine/session/lab-peer-suites.h"
#include "lab-test-util.h"
#include "tls/lab-registry.h"

/* What the window shows as a peer's suites is what the run really had: the client's
 * list is the one its ClientHello carried, the server's holds the suite it chose. */
static void
assert_effective_suites (const LabScenario *scenario, LabTrace *trace)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) client = lab_peer_effective_suites (scenario, LAB_SIDE_CLIENT, &error);
  g_auto (GStrv) server = lab_peer_effective_suites (scenario, LAB_SIDE_SERVER, &error);
  g_autofree char *client_list = NULL, *offered = lab_test_offered_suites (trace);
  const LabEvent *hello = NULL;

  g_assert_no_error (error);
  client_list = g_strjoinv (":", client);
  g_assert_cmpstr (client_list, ==, offered);
  for (guint i = 0; hello == NULL && i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      if (e->kind == LAB_EVENT_MESSAGE && e->side == LAB_SIDE_SERVER && e->sent
          && e->handshake_type == LAB_HS_SERVER_HELLO)
        hello = e;
    }
  if (hello != NULL)
    {
      const guint8 *data = g_bytes_get_data (hello->bytes, NULL);
      gsize sid = data[4 + 2 + 32];
      const LabCipherSuite *chosen
        = lab_cipher_suite_lookup ((guint16) (data[4 + 2 + 32 + 1 + sid] << 8
                                              | data[4 + 2 + 32 + 1 + sid + 1]));

      g_assert_nonnull (chosen);
      g_assert_true (g_strv_contains ((const char *const *) server, chosen->openssl_name));
    }
}


static void
test_shipped_scenario_matches_expect (gconstpointer data)
{
  const char *name = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (LabScenario) scenario = lab_scenario_load_builtin (name, &error);
  g_autoptr (LabTrace) trace = NULL;
  g_autofree char *why = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (scenario->title, !=, "");
  g_assert_nonnull (scenario->description);
  g_assert_cmpuint (strlen (scenario->description), >, 80);
  g_assert_true (scenario->has_expect);
  g_assert_nonnull (scenario->topic); /* the window's chooser groups by it */
  /* Byte-reproducible, except where session tickets put the time into the bytes, and
   * the default scenario, the window's first run, which is fresh every time. */
  g_assert_true (scenario->has_seed || scenario->client.session_tickets
                 || g_str_equal (name, "default"));

  trace = lab_test_run (scenario, 0, FALSE);
  assert_effective_suites (scenario, trace);
  if (!lab_scenario_outcome_matches (scenario, lab_trace_get_outcome (trace), &why))
    g_test_message ("%s: %s", name, why);
  g_assert_null (why);
}

static void
test_shipped_every_file_is_built_in (void)
{
  g_auto (GStrv) builtin = lab_scenario_list_builtin ();

  g_assert_cmpuint (lab_test_assert_every_file_built_in ("lessons/scenarios", ".scenario",
                                                         (const char *const *) builtin),
                    >=, 32);
}

static void
test_shipped_check_passes (void)
{
  g_autofree char *lessons = g_build_filename (lab_test_source_dir (), "lessons", NULL);
  const char *argv[] = { "check", lessons, NULL };
  g_auto (GStrv) builtin = lab_scenario_list_builtin ();
  g_auto (GStrv) lessons_builtin = lab_lesson_list_builtin ();
  g_autofree char *out = NULL, *err = NULL, *summary = NULL, *expected = NULL;
  int status = lab_test_spawn (argv, &out, &err);

  if (status != 0)
    g_test_message ("%s%s", out, err);
  g_assert_cmpint (status, ==, 0);
  summary = lab_test_last_line (out);
  /* lessons/ holds the shipped lessons too, and check runs them as well */
  expected = g_strdup_printf ("%u passed, 0 failed",
                              g_strv_length (builtin) + g_strv_length (lessons_builtin));
  g_assert_cmpstr (summary, ==, expected);
}

int
main (int argc, char **argv)
{
  g_auto (GStrv) names = NULL;

  g_test_init (&argc, &argv, NULL);
  names = lab_scenario_list_builtin ();
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_strdup_printf ("/shipped/%s", names[i]);
      g_test_add_data_func (path, names[i], test_shipped_scenario_matches_expect);
    }
  g_test_add_func ("/shipped/every-file-is-built-in", test_shipped_every_file_is_built_in);
  g_test_add_func ("/shipped/check-passes", test_shipped_check_passes);
  return g_test_run ();
}
