/* test-trace.c: a trace still being analysed (the lab's recomputation, on a worker after
 * the run has returned) is never seen half done: every reader waits for the analysis to
 * finish it, while the analyst itself reads on. The analyst dawdles on purpose, so a
 * reader that did not wait would find the trace unfrozen and short. */
#include "engine/trace/lab-trace.h"

static LabEvent *
named_event (LabEventKind kind, const char *name)
{
  LabEvent *event = lab_event_new (kind, LAB_SIDE_LAB);

  event->name = g_strdup (name);
  return event;
}

static gpointer
analyst (gpointer data)
{
  LabTrace *trace = data;
  LabOutcome outcome = { .result = LAB_RESULT_SUCCESS, .alert = -1, .cause_event = -1 };

  lab_trace_become_analyst (trace);
  /* the analyst reads what it analyses without waiting for itself */
  g_assert_cmpuint (lab_trace_get_n_events (trace), ==, 1);
  g_assert_cmpstr (lab_trace_get_event (trace, 0)->name, ==, "connect");
  g_usleep (100 * 1000);
  lab_trace_append (trace, named_event (LAB_EVENT_SECRET, "master_secret"));
  lab_trace_finish (trace, &outcome);
  return NULL;
}

static void
test_trace_readers_wait_for_the_analysis (void)
{
  g_autoptr (LabTrace) trace = lab_trace_new ();
  GThread *thread;

  lab_trace_append (trace, named_event (LAB_EVENT_TCP, "connect"));
  lab_trace_begin_analysis (trace);
  thread = g_thread_new ("analyst", analyst, trace);

  g_assert_true (lab_trace_is_frozen (trace));
  g_assert_cmpuint (lab_trace_get_n_events (trace), ==, 3);
  g_assert_cmpstr (lab_trace_get_event (trace, 1)->name, ==, "master_secret");
  g_assert_cmpint (lab_trace_get_event (trace, 2)->kind, ==, LAB_EVENT_OUTCOME);
  g_assert_nonnull (lab_trace_get_outcome (trace));
  g_assert_cmpint (lab_trace_get_outcome (trace)->result, ==, LAB_RESULT_SUCCESS);
  g_thread_join (thread);
}

/* Without an analysis, a trace is read as it grows (a run in progress) and never waits. */
static void
test_trace_without_analysis_reads_at_once (void)
{
  g_autoptr (LabTrace) trace = lab_trace_new ();

  lab_trace_append (trace, named_event (LAB_EVENT_TCP, "connect"));
  g_assert_false (lab_trace_is_frozen (trace));
  g_assert_null (lab_trace_get_outcome (trace));
  g_assert_cmpuint (lab_trace_get_n_events (trace), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/trace/readers-wait-for-the-analysis", test_trace_readers_wait_for_the_analysis);
  g_test_add_func ("/trace/without-analysis-reads-at-once", test_trace_without_analysis_reads_at_once);
  return g_test_run ();
}
