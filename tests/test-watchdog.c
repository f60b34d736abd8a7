/* The watchdog that ends stalled runs: each armed function is called once its deadline has
 * passed (never before), in deadline order whatever order they were armed in; one disarmed
 * in time is never called; and disarm waits for one that is running. No timing is asserted
 * beyond "not before the deadline". */
#include "engine/io/lab-watchdog.h"

typedef struct
{
  GMutex lock;
  GCond cond;
  GArray *fired; /* int, the order the functions ran in */
  gint64 deadlines[4];
  gint64 fired_at[4];
  gboolean slow; /* the function sleeps a while, for disarm to wait on */
  gboolean started;
} Log;

typedef struct
{
  Log *log;
  int id;
} Call;

static void
on_deadline (gpointer data)
{
  Call *call = data;
  Log *log = call->log;

  g_mutex_lock (&log->lock);
  log->started = TRUE;
  g_cond_broadcast (&log->cond);
  g_mutex_unlock (&log->lock);
  if (log->slow)
    g_usleep (200 * 1000);
  g_mutex_lock (&log->lock);
  log->fired_at[call->id] = g_get_monotonic_time ();
  g_array_append_val (log->fired, call->id);
  g_cond_broadcast (&log->cond);
  g_mutex_unlock (&log->lock);
}

static void
wait_for_calls (Log *log, guint n)
{
  gint64 give_up = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_mutex_lock (&log->lock);
  while (log->fired->len < n)
    if (!g_cond_wait_until (&log->cond, &log->lock, give_up))
      break;
  g_mutex_unlock (&log->lock);
  g_assert_cmpuint (log->fired->len, ==, n);
}

static void
test_watchdog_fires_in_deadline_order (void)
{
  Log log = { .fired = g_array_new (FALSE, FALSE, sizeof (int)) };
  Call calls[3] = { { &log, 0 }, { &log, 1 }, { &log, 2 } };
  static const int delay_ms[3] = { 150, 50, 100 };
  LabWatch *watches[3];

  g_mutex_init (&log.lock);
  g_cond_init (&log.cond);
  for (int i = 0; i < 3; i++)
    {
      log.deadlines[i] = g_get_monotonic_time () + delay_ms[i] * 1000;
      watches[i] = lab_watchdog_arm (log.deadlines[i], on_deadline, &calls[i]);
    }
  wait_for_calls (&log, 3);
  g_assert_cmpint (g_array_index (log.fired, int, 0), ==, 1);
  g_assert_cmpint (g_array_index (log.fired, int, 1), ==, 2);
  g_assert_cmpint (g_array_index (log.fired, int, 2), ==, 0);
  for (int i = 0; i < 3; i++)
    {
      g_assert_cmpint (log.fired_at[i], >=, log.deadlines[i]);
      g_assert_true (lab_watchdog_disarm (watches[i]));
    }
  g_array_unref (log.fired);
  g_mutex_clear (&log.lock);
  g_cond_clear (&log.cond);
}

static void
test_watchdog_disarmed_in_time_never_fires (void)
{
  Log log = { .fired = g_array_new (FALSE, FALSE, sizeof (int)) };
  Call early = { &log, 0 }, late = { &log, 1 };
  LabWatch *late_watch, *early_watch;

  g_mutex_init (&log.lock);
  g_cond_init (&log.cond);
  /* the later one first: arming an earlier deadline must wake the watchdog */
  late_watch = lab_watchdog_arm (g_get_monotonic_time () + 60 * G_USEC_PER_SEC, on_deadline,
                                 &late);
  early_watch = lab_watchdog_arm (g_get_monotonic_time () + 50 * 1000, on_deadline, &early);
  g_assert_false (lab_watchdog_disarm (late_watch));
  wait_for_calls (&log, 1);
  g_assert_cmpint (g_array_index (log.fired, int, 0), ==, 0);
  g_assert_true (lab_watchdog_disarm (early_watch));
  g_array_unref (log.fired);
  g_mutex_clear (&log.lock);
  g_cond_clear (&log.cond);
}

static void
test_watchdog_disarm_waits_for_a_running_call (void)
{
  Log log = { .fired = g_array_new (FALSE, FALSE, sizeof (int)), .slow = TRUE };
  Call call = { &log, 0 };
  LabWatch *watch;

  g_mutex_init (&log.lock);
  g_cond_init (&log.cond);
  watch = lab_watchdog_arm (g_get_monotonic_time (), on_deadline, &call);
  g_mutex_lock (&log.lock);
  while (!log.started)
    g_cond_wait (&log.cond, &log.lock);
  g_mutex_unlock (&log.lock);
  /* the call has started and sleeps: disarm must wait for it */
  g_assert_true (lab_watchdog_disarm (watch));
  /* disarm returned only once the call had finished */
  g_assert_cmpuint (log.fired->len, ==, 1);
  g_array_unref (log.fired);
  g_mutex_clear (&log.lock);
  g_cond_clear (&log.cond);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/watchdog/fires-in-deadline-order", test_watchdog_fires_in_deadline_order);
  g_test_add_func ("/watchdog/disarmed-in-time-never-fires",
                   test_watchdog_disarmed_in_time_never_fires);
  g_test_add_func ("/watchdog/disarm-waits-for-a-running-call",
                   test_watchdog_disarm_waits_for_a_running_call);
  return g_test_run ();
}
