/* lab-trace-json.c: one JSON shape for the whole trace; only the fields each kind of
 * event has are written (null where the event has no value for one), so the output reads
 * like the trace itself. */
#include "lab-trace-json.h"
#include "lab-json.h"
#include "tls/lab-dissect.h"
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

/* The alert's name, "unknown (N)" for one the registry does not name, null for none. */
static void
add_alert_name (JsonBuilder *b, const char *member, int alert)
{
  g_autofree char *name = lab_alert_describe (alert);

  lab_json_add_string (b, member, name);
}

/* Every setting, grouped as in the file, through the scenario's own table. */
static void
build_scenario (JsonBuilder *b, const LabScenario *s)
{
  g_autoptr (GDateTime) clock = g_date_time_new_from_unix_utc (lab_scenario_effective_clock (s));
  g_autofree char *clock_text = clock ? g_date_time_format_iso8601 (clock) : NULL;
  const char *open_group = NULL;
  const LabSetting *setting;

  json_builder_begin_object (b);
  lab_json_add_string (b, "source", s->source);
  lab_json_add_string (b, "title", s->title);
  lab_json_add_string (b, "description", s->description);
  if (s->has_seed)
    add_int (b, "seed", (gint64) s->seed);
  lab_json_add_string (b, "clock", clock_text);
  for (gsize i = 0; (setting = lab_scenario_setting_at (i)) != NULL; i++)
    {
      g_autofree char *value = NULL;

      if (g_str_equal (setting->group, "scenario"))
        continue;
      if (g_strcmp0 (open_group, setting->group) != 0)
        {
          if (open_group != NULL)
            json_builder_end_object (b);
          json_builder_set_member_name (b, setting->group);
          json_builder_begin_object (b);
          open_group = setting->group;
        }
      value = lab_scenario_get_value (s, setting->group, setting->key);
      lab_json_add_string (b, setting->key, value);
    }
  if (open_group != NULL)
    json_builder_end_object (b);
  json_builder_set_member_name (b, "tamper");
  json_builder_begin_array (b);
  for (guint i = 0; i < s->tamper->len; i++)
    {
      const LabWireRule *rule = g_ptr_array_index (s->tamper, i);
      json_builder_begin_object (b);
      lab_json_add_string (b, "name", rule->name);
      lab_json_add_string (b, "action", lab_rule_action_name (rule->action));
      lab_json_add_string (b, "direction", lab_direction_name (rule->direction));
      lab_json_add_string (b, "message", rule->message);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
build_outcome (JsonBuilder *b, const LabOutcome *o)
{
  json_builder_begin_object (b);
  lab_json_add_string (b, "result", lab_result_name (o->result));
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
      lab_json_add_string (b, "verify_error_string", X509_verify_cert_error_string (o->verify_error));
    }
  if (o->intercepted != NULL)
    lab_json_add_string (b, "intercepted", o->intercepted);
  lab_json_add_string (b, "cause", o->cause);
  if (o->cause_event >= 0)
    add_int (b, "cause_event", o->cause_event);
  if (o->cause_length > 0)
    {
      add_int (b, "cause_offset", (gint64) o->cause_offset);
      add_int (b, "cause_length", (gint64) o->cause_length);
    }
  json_builder_end_object (b);
}

static void
add_hex_if (JsonBuilder *b, const char *member, GBytes *bytes)
{
  if (bytes != NULL)
    add_hex (b, member, bytes);
}

/* The lab's own opening of a protected record, every intermediate value included. */
static void
build_decryption (JsonBuilder *b, const char *member, const LabRecordDecryption *d)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_object (b);
  add_bool (b, "authentic", d->authentic);
  lab_json_add_string (b, "verdict", lab_record_verdict_name (d->verdict));
  lab_json_add_string (b, "reason", d->reason);
  add_int (b, "seq", (gint64) d->seq);
  add_hex_if (b, "explicit_nonce", d->explicit_nonce);
  add_hex_if (b, "nonce", d->nonce);
  lab_json_add_string (b, "nonce_formula", d->nonce_formula);
  add_hex_if (b, "aad", d->aad);
  lab_json_add_string (b, "aad_formula", d->aad_formula);
  add_hex_if (b, "tag", d->tag);
  add_hex_if (b, "record_iv", d->record_iv);
  add_hex_if (b, "padding", d->padding);
  add_hex_if (b, "mac_input", d->mac_input);
  lab_json_add_string (b, "mac_input_formula", d->mac_input_formula);
  add_hex_if (b, "received_mac", d->received_mac);
  add_hex_if (b, "computed_mac", d->computed_mac);
  add_hex_if (b, "ciphertext", d->ciphertext);
  add_hex_if (b, "plaintext", d->plaintext);
  json_builder_end_object (b);
}

/* What the dissector needs to split protected records, learnt from each connection's
 * ServerHello as the events go by. */
typedef struct
{
  const LabCipherSuite *suite[2];
  gboolean encrypt_then_mac[2];
} Negotiated;

static void
learn_negotiated (Negotiated *n, const LabEvent *e, LabField *tree)
{
  LabField *suite;
  guint c = MIN (e->connection, 1);

  if (e->kind != LAB_EVENT_MESSAGE || e->handshake_type != LAB_HS_SERVER_HELLO || !e->sent)
    return;
  suite = lab_field_lookup (tree, "ServerHello.cipher_suite");
  if (suite != NULL && suite->has_number)
    n->suite[c] = lab_cipher_suite_lookup ((guint16) suite->number);
  n->encrypt_then_mac[c] = lab_field_lookup (tree, "ServerHello.extensions.encrypt_then_mac") != NULL;
}

/* The dissector's field tree of a message or record: every byte named. */
static void
add_tree (JsonBuilder *b, const LabEvent *e, Negotiated *n)
{
  guint c = MIN (e->connection, 1);
  LabDissectOptions options = { .suite = n->suite[c], .encrypted = e->encrypted,
                                .encrypt_then_mac = n->encrypt_then_mac[c] };
  g_autoptr (LabField) tree = NULL;

  if (e->bytes == NULL || g_bytes_get_size (e->bytes) == 0)
    return;
  if (e->kind == LAB_EVENT_MESSAGE)
    tree = lab_dissect_message (e->bytes, &options);
  else if (e->kind == LAB_EVENT_RECORD && g_strcmp0 (e->name, "incomplete record") != 0)
    tree = lab_dissect_record (e->bytes, &options);
  if (tree == NULL)
    return;
  learn_negotiated (n, e, tree);
  json_builder_set_member_name (b, "tree");
  json_builder_add_value (b, lab_field_to_json (tree));
}

static void
build_event (JsonBuilder *b, const LabEvent *e, Negotiated *n)
{
  json_builder_begin_object (b);
  add_int (b, "seq", e->seq);
  add_int (b, "time_us", e->time_us);
  lab_json_add_string (b, "kind", lab_event_kind_name (e->kind));
  lab_json_add_string (b, "side", lab_side_name (e->side));
  lab_json_add_string (b, "phase", lab_phase_name (e->phase));
  if (e->direction != LAB_DIRECTION_NONE)
    lab_json_add_string (b, "direction", lab_direction_name (e->direction));
  if (e->connection > 0)
    add_int (b, "connection", e->connection);
  lab_json_add_string (b, "name", e->name);
  lab_json_add_string (b, "detail", e->detail);

  switch (e->kind)
    {
    case LAB_EVENT_RECORD:
      add_int (b, "content_type", e->content_type);
      add_bool (b, "encrypted", e->encrypted);
      if (e->forwarded != NULL)
        add_hex (b, "forwarded", e->forwarded);
      lab_json_add_string (b, "wire_action", e->wire_action);
      if (e->decryption != NULL)
        build_decryption (b, "decryption", e->decryption);
      if (e->forwarded_decryption != NULL)
        build_decryption (b, "forwarded_decryption", e->forwarded_decryption);
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
      lab_json_add_string (b, "level", lab_alert_level_name (e->alert_level));
      add_alert_name (b, "description", e->alert_description);
      break;
    case LAB_EVENT_VERIFY:
      add_int (b, "depth", e->depth);
      add_bool (b, "ok", e->verify_ok);
      add_int (b, "error", e->verify_error);
      lab_json_add_string (b, "error_string", e->verify_error_string);
      lab_json_add_string (b, "subject", e->subject);
      break;
    case LAB_EVENT_SECRET:
      lab_json_add_string (b, "formula", e->formula);
      {
        g_autofree char *match = lab_event_match_text (e);
        lab_json_add_string (b, "match", match);
      }
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
  add_tree (b, e, n);
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
  Negotiated negotiated = { { NULL } };

  json_builder_begin_object (b);
  if (scenario != NULL)
    {
      json_builder_set_member_name (b, "scenario");
      build_scenario (b, scenario);
    }
  json_builder_set_member_name (b, "outcome");
  build_outcome (b, lab_trace_get_outcome (trace));
  json_builder_set_member_name (b, "events");
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    build_event (b, lab_trace_get_event (trace, i), &negotiated);
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
