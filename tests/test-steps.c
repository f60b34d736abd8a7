/* Steps from a trace: every message sent is matched with the receiver's view of it, the
 * n-th sent with the n-th received, also in a trace of tens of thousands of records (an
 * imported capture, a server sending one-byte records), where matching must stay linear. */
#include "engine/trace/lab-steps.h"
#include "lab-test-util.h"

static void
append_data (LabTrace *trace, LabSide side, gboolean sent, LabDirection direction, guint i)
{
  LabEvent *e = lab_event_new (LAB_EVENT_APP_DATA, side);
  g_autofree char *text = g_strdup_printf ("%u", i);

  e->sent = sent;
  e->direction = direction;
  e->phase = LAB_PHASE_RECORD;
  e->bytes = g_bytes_new (text, strlen (text));
  lab_trace_append (trace, e);
}

/* Each of n pieces of data the server sends is received by the client, the views of
 * each side listed the way the peers' threads note them: a run of sends, then a run of
 * receipts. */
static LabTrace *
many_records (guint n)
{
  LabTrace *trace = lab_trace_new ();
  LabOutcome outcome = { .result = LAB_RESULT_SUCCESS, .alert = -1, .cause_event = -1 };

  for (guint i = 0; i < n; i += 100)
    {
      for (guint k = i; k < MIN (i + 100, n); k++)
        append_data (trace, LAB_SIDE_SERVER, TRUE, LAB_DIRECTION_SERVER_TO_CLIENT, k);
      for (guint k = i; k < MIN (i + 100, n); k++)
        append_data (trace, LAB_SIDE_CLIENT, FALSE, LAB_DIRECTION_SERVER_TO_CLIENT, k);
    }
  lab_trace_finish (trace, &outcome);
  return trace;
}

static void
test_steps_match_each_receipt (void)
{
  const guint n = 40000;
  g_autoptr (LabTrace) trace = many_records (n);
  g_autoptr (GPtrArray) steps = NULL;
  gint64 start = g_get_monotonic_time ();

  steps = lab_steps_from_trace (trace);
  /* How long, for whoever reads the log; the assertion is on what was matched. */
  g_test_message ("%u records: steps in %.3f s", n,
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  g_assert_cmpuint (steps->len, ==, n);
  for (guint i = 0; i < steps->len; i++)
    {
      const LabStep *step = g_ptr_array_index (steps, i);
      const LabEvent *sent = lab_trace_get_event (trace, (guint) step->event);
      const LabEvent *received;

      g_assert_cmpint (step->received_event, >=, 0);
      received = lab_trace_get_event (trace, (guint) step->received_event);
      g_assert_cmpint (received->side, ==, LAB_SIDE_CLIENT);
      g_assert_false (received->sent);
      g_assert_true (g_bytes_equal (sent->bytes, received->bytes));
      g_assert_false (step->received_differs);
    }
}

/* A page whose lines end in LF alone (Python's http.server sends such a body): the step
 * says its first line, never the lines after it. */
static void
test_steps_data_facts_are_one_line (void)
{
  g_autoptr (LabTrace) trace = lab_trace_new ();
  LabOutcome outcome = { .result = LAB_RESULT_SUCCESS, .alert = -1, .cause_event = -1 };
  LabEvent *e = lab_event_new (LAB_EVENT_APP_DATA, LAB_SIDE_SERVER);
  static const char page[] = "<!DOCTYPE HTML>\n<html>\nOutcome: success.\n";
  g_autoptr (GPtrArray) steps = NULL;
  const LabStep *step;

  e->sent = TRUE;
  e->direction = LAB_DIRECTION_SERVER_TO_CLIENT;
  e->phase = LAB_PHASE_RECORD;
  e->bytes = g_bytes_new_static (page, sizeof page - 1);
  lab_trace_append (trace, e);
  lab_trace_finish (trace, &outcome);
  steps = lab_steps_from_trace (trace);
  g_assert_cmpuint (steps->len, ==, 1);
  step = g_ptr_array_index (steps, 0);
  g_assert_cmpstr (step->facts, ==, "<!DOCTYPE HTML> (41 bytes)");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/steps/match-each-receipt", test_steps_match_each_receipt);
  g_test_add_func ("/steps/data-facts-are-one-line", test_steps_data_facts_are_one_line);
  return g_test_run ();
}
