/* Session resumption: a second connection resumes the first one's session, by session ID
 * (RFC 5246 §7.3) or by ticket (RFC 5077), with an abbreviated handshake, both connections
 * in the trace, every secret recomputed and every record authentic. */
#include "engine/session/lab-session.h"
#include "engine/trace/lab-steps.h"
#include "lab-test-util.h"
#include "tls/lab-reader.h"

#include <string.h>

/* The names of the handshake messages `side` sent in a connection, space-separated. */
static char *
messages_sent (LabTrace *trace, LabSide side, guint connection)
{
  g_autoptr (GString) names = g_string_new (NULL);

  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      if (e->side == side && e->sent && e->connection == connection
          && (e->kind == LAB_EVENT_MESSAGE || e->kind == LAB_EVENT_CCS))
        g_string_append_printf (names, "%s%s", names->len ? " " : "", e->name);
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static const LabEvent *
find_message (LabTrace *trace, LabSide side, const char *name, guint connection)
{
  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      if (e->kind == LAB_EVENT_MESSAGE && e->side == side && e->sent
          && e->connection == connection && g_str_equal (e->name, name))
        return e;
    }
  return NULL;
}

/* A hello's session_id (RFC 5246 §7.4.1.2/3): after the header, version and random. */
static GBytes *
session_id_of (const LabEvent *hello)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (hello->bytes, &len);
  LabReader r, id;

  lab_reader_init (&r, data, len);
  g_assert_true (lab_reader_skip (&r, 4 + 2 + 32));
  g_assert_true (lab_reader_vector (&r, 1, &id, NULL));
  return g_bytes_new (data + lab_reader_offset (&id), lab_reader_remaining (&id));
}

static void
assert_secrets_match_and_records_authentic (LabTrace *trace)
{
  guint yes[2] = { 0, 0 }, records = 0;

  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      if (e->kind == LAB_EVENT_SECRET)
        {
          g_assert_cmpint (e->match, !=, LAB_MATCH_NO);
          yes[e->connection] += e->match == LAB_MATCH_YES;
        }
      g_assert_cmpint (e->kind, !=, LAB_EVENT_ERROR);
      if (e->kind == LAB_EVENT_RECORD && e->encrypted && e->content_type != 20)
        {
          g_assert_nonnull (e->decryption);
          g_assert_true (e->decryption->authentic);
          records++;
        }
    }
  /* both master secrets and both verify_data, in each connection */
  g_assert_cmpuint (yes[0], ==, 4);
  g_assert_cmpuint (yes[1], ==, 4);
  g_assert_cmpuint (records, ==, 12);
}

static void
test_resumption_by_session_id (void)
{
  g_autoptr (LabScenario) scenario = lab_test_scenario (
    "[scenario]\ntitle = resume\nseed = 9\n[client]\nresume = session-id\n");
  g_autoptr (LabTrace) trace = lab_test_run (scenario, 0, FALSE);
  g_autofree char *first = messages_sent (trace, LAB_SIDE_SERVER, 0);
  g_autofree char *resumed_server = messages_sent (trace, LAB_SIDE_SERVER, 1);
  g_autofree char *resumed_client = messages_sent (trace, LAB_SIDE_CLIENT, 1);
  g_autoptr (GBytes) id0 = session_id_of (find_message (trace, LAB_SIDE_SERVER, "ServerHello", 0));
  g_autoptr (GBytes) offered = session_id_of (find_message (trace, LAB_SIDE_CLIENT, "ClientHello", 1));
  g_autoptr (GBytes) id1 = session_id_of (find_message (trace, LAB_SIDE_SERVER, "ServerHello", 1));
  g_autoptr (GPtrArray) steps = lab_steps_from_trace (trace);

  g_assert_cmpint (lab_trace_get_outcome (trace)->result, ==, LAB_RESULT_SUCCESS);
  g_assert_cmpstr (first, ==, "ServerHello Certificate ServerKeyExchange ServerHelloDone "
                              "ChangeCipherSpec Finished");
  /* RFC 5246 §7.3: the server goes straight to ChangeCipherSpec and Finished */
  g_assert_cmpstr (resumed_server, ==, "ServerHello ChangeCipherSpec Finished");
  g_assert_cmpstr (resumed_client, ==, "ClientHello ChangeCipherSpec Finished");
  g_assert_cmpuint (g_bytes_get_size (id0), ==, 32);
  g_assert_true (g_bytes_equal (offered, id0));
  g_assert_true (g_bytes_equal (id1, id0));
  g_assert_cmpuint (((LabStep *) g_ptr_array_index (steps, steps->len - 1))->connection, ==, 1);
  assert_secrets_match_and_records_authentic (trace);
}

/* RFC 5077 §3.4: the ClientHello carries the ticket in its session_ticket extension. */
static gboolean
client_hello_has_ticket (const LabEvent *hello)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (hello->bytes, &len);
  LabReader r, skip, exts;

  lab_reader_init (&r, data, len);
  if (!lab_reader_skip (&r, 4 + 2 + 32) || !lab_reader_vector (&r, 1, &skip, NULL)
      || !lab_reader_vector (&r, 2, &skip, NULL) || !lab_reader_vector (&r, 1, &skip, NULL)
      || !lab_reader_vector (&r, 2, &exts, NULL))
    return FALSE;
  while (lab_reader_remaining (&exts) >= 4)
    {
      guint16 type;
      gsize body;
      LabReader b;

      g_assert_true (lab_reader_u16 (&exts, &type));
      g_assert_true (lab_reader_vector (&exts, 2, &b, &body));
      if (type == 35 && body > 0)
        return TRUE;
    }
  return FALSE;
}

static void
test_resumption_by_ticket (void)
{
  g_autoptr (LabScenario) scenario = lab_test_scenario (
    "[scenario]\ntitle = ticket\n[client]\nresume = ticket\n");
  g_autoptr (LabTrace) trace = lab_test_run (scenario, 0, FALSE);
  g_autofree char *first = messages_sent (trace, LAB_SIDE_SERVER, 0);
  g_autofree char *resumed_server = messages_sent (trace, LAB_SIDE_SERVER, 1);

  g_assert_cmpint (lab_trace_get_outcome (trace)->result, ==, LAB_RESULT_SUCCESS);
  g_assert_nonnull (strstr (first, "NewSessionTicket"));
  g_assert_false (client_hello_has_ticket (find_message (trace, LAB_SIDE_CLIENT, "ClientHello", 0)));
  g_assert_true (client_hello_has_ticket (find_message (trace, LAB_SIDE_CLIENT, "ClientHello", 1)));
  g_assert_cmpstr (resumed_server, ==, "ServerHello ChangeCipherSpec Finished");
  assert_secrets_match_and_records_authentic (trace);
}

static void
test_resumption_after_a_failed_first_connection_ends (void)
{
  g_autoptr (LabScenario) scenario = lab_test_scenario (
    "[scenario]\ntitle = no session\n[client]\nresume = session-id\n[server]\ncertificate = expired\n");
  g_autoptr (LabTrace) trace = lab_test_run (scenario, 0, FALSE);

  /* The first connection's alert is the outcome: had the run waited for a second
   * connection that never comes, its watchdog would have ended it as a timeout. */
  g_assert_cmpint (lab_trace_get_outcome (trace)->result, ==, LAB_RESULT_ALERT);
  g_assert_null (find_message (trace, LAB_SIDE_CLIENT, "ClientHello", 1));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/resumption/by-session-id", test_resumption_by_session_id);
  g_test_add_func ("/resumption/by-ticket", test_resumption_by_ticket);
  g_test_add_func ("/resumption/after-a-failed-first-connection-ends",
                   test_resumption_after_a_failed_first_connection_ends);
  return g_test_run ();
}
