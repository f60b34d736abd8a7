/* lab-trace-json.c: one JSON shape for the whole trace; only the fields each kind of
 * event has are written, so the output reads like the trace itself. */
#include "lab-trace-json.h"
#include "tls/lab-hex.h"

#include <openssl/x509_vfy.h>

static void
add_hex (JsonBuilder *b, const char *member, GBytes *bytes)
{
  g_autofree char *hex = lab_hex_encode_bytes (bytes);

  json_builder_set_member_name (b, member);
  json_builder_add_string_value (b, hex);
}

static void
add_string (JsonBuilder *b, const char *member, const char *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (b, member);
  json_builder_add_string_value (b, value);
}

static void
add_int (JsonBuilder *b, const char *member, gint64 value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_int_value (b, value);
}

static void
add_bool (JsonBuilder *b, const char *member, gboolean value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_boolean_value (b, value);
}

static void
add_alert_name (JsonBuilder *b, const char *member, int alert)
{
  const LabAlertInfo *info = alert >= 0 ? lab_alert_lookup ((guint8) alert) : NULL;

  json_builder_set_member_name (b, member);
  if (info != NULL)
    json_builder_add_string_value (b, info->name);
  else if (alert >= 0)
    json_builder_add_int_value (b, alert);
  else
    json_builder_add_null_value (b);
}

static void
add_peer (JsonBuilder *b, const char *member, const LabPeerConfig *peer)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_object (b);
  add_string (b, "cipher_suites", peer->cipher_suites ? peer->cipher_suites : "DEFAULT");
  add_string (b, "certificate", peer->certificate ? peer->certificate : "none");
  json_builder_end_object (b);
}

static void
build_scenario (JsonBuilder *b, const LabScenario *s)
{
  g_autoptr (GDateTime) clock = g_date_time_new_from_unix_utc (lab_scenario_effective_clock (s));
  g_autofree char *clock_text = clock ? g_date_time_format_iso8601 (clock) : NULL;

  json_builder_begin_object (b);
  add_string (b, "source", s->source);
  add_string (b, "title", s->title);
  add_string (b, "description", s->description);
  if (s->has_seed)
    add_int (b, "seed", (gint64) s->seed);
  add_string (b, "clock", clock_text);
  add_string (b, "server_name", s->server_name);
  add_string (b, "key_type", lab_key_type_name (s->key_type));
  add_peer (b, "client", &s->client);
  add_peer (b, "server", &s->server);
  if (s->has_expect)
    {
      json_builder_set_member_name (b, "expect");
      json_builder_begin_object (b);
      add_string (b, "outcome", lab_result_name (s->expect_result));
      if (s->expect_alert >= 0)
        add_alert_name (b, "alert", s->expect_alert);
      if (s->has_expect_sent_by)
        add_string (b, "sent_by", lab_side_name (s->expect_sent_by));
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
}

static void
build_outcome (JsonBuilder *b, const LabOutcome *o)
{
  json_builder_begin_object (b);
  add_string (b, "result", lab_result_name (o->result));
  add_alert_name (b, "alert", o->alert);
  json_builder_set_member_name (b, "sent_by");
  if (o->result == LAB_RESULT_ALERT)
    json_builder_add_string_value (b, lab_side_name (o->sent_by));
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "reason");
  if (o->reason)
    json_builder_add_string_value (b, o->reason);
  else
    json_builder_add_null_value (b);
  if (o->verify_error != 0)
    {
      add_int (b, "verify_error", o->verify_error);
      add_string (b, "verify_error_string", X509_verify_cert_error_string (o->verify_error));
    }
  add_string (b, "cause", o->cause);
  if (o->cause_event >= 0)
    add_int (b, "cause_event", o->cause_event);
  json_builder_end_object (b);
}

static void
build_event (JsonBuilder *b, const LabEvent *e)
{
  json_builder_begin_object (b);
  add_int (b, "seq", e->seq);
  add_int (b, "time_us", e->time_us);
  add_string (b, "kind", lab_event_kind_name (e->kind));
  add_string (b, "side", lab_side_name (e->side));
  add_string (b, "phase", lab_phase_name (e->phase));
  if (e->direction != LAB_DIRECTION_NONE)
    add_string (b, "direction", lab_direction_name (e->direction));
  if (e->connection > 0)
    add_int (b, "connection", e->connection);
  add_string (b, "name", e->name);
  add_string (b, "detail", e->detail);

  switch (e->kind)
    {
    case LAB_EVENT_RECORD:
      add_int (b, "content_type", e->content_type);
      add_bool (b, "encrypted", e->encrypted);
      if (e->forwarded != NULL)
        add_hex (b, "forwarded", e->forwarded);
      add_string (b, "wire_action", e->wire_action);
      break;
    case LAB_EVENT_MESSAGE:
      add_int (b, "handshake_type", e->handshake_type);
      add_bool (b, "sent", e->sent);
      break;
    case LAB_EVENT_CCS:
    case LAB_EVENT_APP_DATA:
      add_bool (b, "sent", e->sent);
      break;
    case LAB_EVENT_ALERT:
      add_bool (b, "sent", e->sent);
      add_string (b, "level", lab_alert_level_name (e->alert_level));
      add_alert_name (b, "description", e->alert_description);
      break;
    case LAB_EVENT_VERIFY:
      add_int (b, "depth", e->depth);
      add_bool (b, "ok", e->verify_ok);
      add_int (b, "error", e->verify_error);
      add_string (b, "error_string", e->verify_error_string);
      add_string (b, "subject", e->subject);
      break;
    case LAB_EVENT_SECRET:
      add_string (b, "formula", e->formula);
      add_string (b, "matches_openssl", lab_match_name (e->match));
      if (e->inputs != NULL)
        {
          json_builder_set_member_name (b, "inputs");
          json_builder_begin_object (b);
          for (guint i = 0; i < e->inputs->len; i++)
            {
              const LabNamedBytes *input = g_ptr_array_index (e->inputs, i);
              add_hex (b, input->name, input->value);
            }
          json_builder_end_object (b);
        }
      break;
    default:
      break;
    }
  if (e->bytes != NULL)
    add_hex (b, e->kind == LAB_EVENT_SECRET ? "value" : "bytes", e->bytes);
  json_builder_end_object (b);
}

JsonNode *
lab_scenario_to_json (const LabScenario *scenario)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  build_scenario (b, scenario);
  return json_builder_get_root (b);
}

JsonNode *
lab_outcome_to_json (const LabOutcome *outcome)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  build_outcome (b, outcome);
  return json_builder_get_root (b);
}

JsonNode *
lab_trace_to_json (LabTrace *trace, const LabScenario *scenario)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  guint n = lab_trace_get_n_events (trace);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "scenario");
  build_scenario (b, scenario);
  json_builder_set_member_name (b, "outcome");
  build_outcome (b, lab_trace_get_outcome (trace));
  json_builder_set_member_name (b, "events");
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    build_event (b, lab_trace_get_event (trace, i));
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
