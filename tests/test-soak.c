/* Soak: 10,000 sessions of the default scenario (unseeded, as a teacher re-runs it all
 * lesson long) in one process. After a warm-up of 1,000 sessions, resident memory stays
 * flat (it may grow by less than 2 MiB over the next 9,000) and the process holds no
 * more file descriptors or threads than it did. The numbers go to the TAP output.
 *
 * Under AddressSanitizer, freed memory sits in a quarantine of up to 256 MiB, so
 * resident memory says nothing there, and a session is some 20 times slower: that build
 * runs 600 sessions and checks file descriptors and threads only (LeakSanitizer, at
 * exit, and tools/memcheck look for leaks). */
#include "lab-test-util.h"
#include "engine/session/lab-session.h"

#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define LAB_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LAB_UNDER_ASAN 1
#endif
#endif

#ifdef LAB_UNDER_ASAN
#define SESSIONS 600
#define WARM_UP 200
#else
#define SESSIONS 10000
#define WARM_UP 1000
#endif
#define MAX_GROWTH (2 * 1024 * 1024)
#ifdef LAB_UNDER_ASAN
#define BOUND_NOTE "not checked under ASan"
#else
#define BOUND_NOTE "bound 2048 KiB"
#endif

/* Resident set size in bytes, from /proc/self/statm (its second field, in pages). */
static gsize
resident_bytes (void)
{
  g_autofree char *statm = NULL;
  g_auto (GStrv) fields = NULL;
  g_autoptr (GError) error = NULL;

  g_file_get_contents ("/proc/self/statm", &statm, NULL, &error);
  g_assert_no_error (error);
  fields = g_strsplit (statm, " ", -1);
  g_assert_cmpuint (g_strv_length (fields), >=, 2);
  return (gsize) g_ascii_strtoull (fields[1], NULL, 10) * (gsize) sysconf (_SC_PAGESIZE);
}

typedef struct
{
  gsize rss;
  guint fds, threads;
} Usage;

static Usage
usage_now (void)
{
  Usage u = { resident_bytes (), lab_test_count_fds (), lab_test_count_threads () };

  return u;
}

static void
test_soak_sessions (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LabScenario) scenario = lab_scenario_load_builtin ("default", &error);
  Usage warm = { 0 }, end;
  gint64 start = g_get_monotonic_time ();

  g_assert_no_error (error);
  for (guint i = 1; i <= SESSIONS; i++)
    {
      g_autoptr (LabTrace) trace = lab_session_run (scenario, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (lab_trace_get_outcome (trace)->result, ==, LAB_RESULT_SUCCESS);
      if (i == WARM_UP || i % (SESSIONS / 4) == 0)
        {
          Usage u = usage_now ();

          g_test_message ("session %5u: resident %.2f MiB, %u fds, %u threads, %.1f s", i,
                          u.rss / 1048576.0, u.fds, u.threads,
                          (g_get_monotonic_time () - start) / 1e6);
          if (i == WARM_UP)
            warm = u;
        }
    }
  end = usage_now ();
  g_test_message ("sessions %u to %u: resident memory grew by %+.1f KiB (" BOUND_NOTE "), "
                  "fds %u -> %u, threads %u -> %u",
                  WARM_UP, SESSIONS, ((double) end.rss - (double) warm.rss) / 1024.0,
                  warm.fds, end.fds, warm.threads, end.threads);
  g_assert_cmpuint (end.fds, <=, warm.fds);
  g_assert_cmpuint (end.threads, <=, warm.threads);
#ifndef LAB_UNDER_ASAN
  g_assert_cmpuint (end.rss, <, warm.rss + MAX_GROWTH);
#endif
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/soak/sessions", test_soak_sessions);
  return g_test_run ();
}
