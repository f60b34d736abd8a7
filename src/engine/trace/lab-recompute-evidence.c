/* lab-recompute-evidence.c: what shows that each value the lab recomputed is the one
 * OpenSSL used, in the order the values are made: compared with OpenSSL's own where it
 * exposes one (master secret, verify_data, the RSA key log's pre-master secret), implied
 * by a master secret that matches (pre-master secret, session_hash), or proven by the
 * records OpenSSL protected (key block and its parts, lab-key-evidence.h). */
#include "lab-recompute-private.h"
#include "lab-key-evidence.h"

#include <string.h>

LabMatch
lab_recompute_compare (GBytes *ours, GBytes *openssl)
{
  if (openssl == NULL || ours == NULL)
    return LAB_MATCH_NO_EVIDENCE;
  return g_bytes_equal (ours, openssl) ? LAB_MATCH_YES : LAB_MATCH_NO;
}

/* "the client's view", "the server's view of the renegotiation" */
static const char *
view_words (LabSide side, LabPhase phase)
{
  if (phase == LAB_PHASE_RENEGOTIATION)
    return side == LAB_SIDE_CLIENT ? "the client's view of the renegotiation"
                                   : "the server's view of the renegotiation";
  return side == LAB_SIDE_CLIENT ? "the client's view" : "the server's view";
}

static LabPhase
phase_of (Recompute *rc, LabPhase phase)
{
  return rc->renegotiation ? LAB_PHASE_RENEGOTIATION : phase;
}

/* A secret event, kept back (rc->pending) until settle() has said what shows its value. */
LabEvent *
lab_recompute_secret_new (Recompute *rc, LabSide side, LabPhase phase, const char *name,
                          GBytes *value, const char *formula, ...)
{
  LabEvent *event = lab_event_new (LAB_EVENT_SECRET, side);
  va_list args;
  const char *input;

  event->phase = phase_of (rc, phase);
  event->connection = rc->connection;
  event->name = g_strdup (name);
  event->bytes = value ? g_bytes_ref (value) : NULL;
  event->formula = g_strdup (formula);
  event->match = LAB_MATCH_NO_EVIDENCE;
  va_start (args, formula);
  while ((input = va_arg (args, const char *)) != NULL)
    lab_event_add_input (event, input, va_arg (args, GBytes *));
  va_end (args);
  g_ptr_array_add (rc->pending, event);
  return event;
}

/* What shows the value, in words after the view's: "the client's view, equals OpenSSL's
 * own (SSL_SESSION_get_master_key)". */
void
lab_recompute_settle (LabEvent *event, LabMatch match, const char *words)
{
  event->match = match;
  g_free (event->detail);
  event->detail = g_strconcat (view_words (event->side, event->phase), ", ", words, NULL);
}

/* A value compared with the one OpenSSL reports (`where` says how OpenSSL gives it). */
void
lab_recompute_settle_against_openssl (Recompute *rc, LabEvent *event, GBytes *openssl,
                                      const char *where)
{
  LabMatch match = lab_recompute_compare (event->bytes, openssl);
  g_autofree char *words
    = match == LAB_MATCH_YES  ? g_strdup_printf ("equals OpenSSL's own (%s)", where)
      : match == LAB_MATCH_NO ? g_strdup_printf ("DIFFERS from OpenSSL's own (%s)", where)
      : lab_trace_is_from_capture (rc->trace)
        ? g_strdup ("nothing in the capture to check it against")
        : g_strdup_printf ("OpenSSL reported none (%s) to check it against", where);

  lab_recompute_settle (event, match, words);
}

LabEvent *
lab_recompute_problem_new (Recompute *rc, LabSide side, const char *name, const char *why)
{
  LabEvent *event = lab_event_new (LAB_EVENT_SECRET, side);

  event->phase = phase_of (rc, LAB_PHASE_CLIENT_AUTH_KEYS);
  event->connection = rc->connection;
  event->name = g_strdup (name);
  event->detail = g_strdup_printf ("%s: %s", view_words (side, event->phase), why);
  event->match = LAB_MATCH_NO_EVIDENCE;
  g_ptr_array_add (rc->pending, event);
  return event;
}

void
lab_recompute_flush (Recompute *rc)
{
  for (guint i = 0; i < rc->pending->len; i++)
    {
      LabEvent *event = g_ptr_array_index (rc->pending, i);
      LabEvent *error = NULL;

      if (lab_match_is_failure (event->match))
        {
          error = lab_event_new (LAB_EVENT_ERROR, LAB_SIDE_LAB);
          error->phase = event->phase;
          error->connection = rc->connection;
          error->name = g_strdup ("recomputation disagrees");
          error->detail = g_strdup_printf (
            "the lab's %s (%s) %s", event->name, view_words (event->side, event->phase),
            lab_trace_is_from_capture (rc->trace) ? "differs from the value the capture shows"
                                                  : "differs from the value OpenSSL used");
        }
      lab_trace_append (rc->trace, event);
      if (error != NULL)
        lab_trace_append (rc->trace, error);
    }
  g_ptr_array_set_size (rc->pending, 0);
}

/* Is the master secret shown to be the one used: equal to OpenSSL's, or opening records? */
static gboolean
shown_right (const LabEvent *event)
{
  return event != NULL
         && (event->match == LAB_MATCH_YES || event->match == LAB_MATCH_OPENED_RECORD);
}

/* The inputs of a master secret shown right are the ones that were used. */
static void
settle_inputs (View *v)
{
  LabEvent *inputs[] = { v->pre_master_event, v->session_hash_event };
  const char *words
    = v->master_secret_event == NULL
        ? "OpenSSL does not expose it, and no master secret was computed from it"
      : lab_match_is_failure (v->master_secret_event->match)
        ? "OpenSSL does not expose it, and the master secret computed from it differs from "
          "OpenSSL's, so it vouches for nothing"
      : v->master_secret_event->match == LAB_MATCH_YES
        ? "the master secret computed from it equals OpenSSL's, so it is the value OpenSSL "
          "used"
      : v->master_secret_event->match == LAB_MATCH_OPENED_RECORD
        ? "the master secret computed from it gave keys that opened the peers' own records, "
          "so it is the value used"
        : "OpenSSL does not expose it, and the master secret computed from it could not be "
          "checked either";

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      if (inputs[i] == NULL || inputs[i]->detail != NULL)
        continue; /* already settled (the RSA key log) */
      lab_recompute_settle (inputs[i],
                            shown_right (v->master_secret_event) ? LAB_MATCH_IMPLIED
                                                                 : LAB_MATCH_NO_EVIDENCE,
                            words);
    }
}

/* The key block's parts by the records OpenSSL protected with them (lab-key-evidence.h);
 * the key block by its parts; a master secret taken as it is by the keys it gave. */
static void
settle_keys (Recompute *rc, View *v)
{
  /* the handshake v belongs to: its two views, and what OpenSSL knew at its end */
  gboolean renegotiation = v == &rc->client || v == &rc->server;
  const View *client = renegotiation ? &rc->client : &rc->first_client;
  const View *server = renegotiation ? &rc->server : &rc->first_server;
  const LabOpensslSecrets *openssl = renegotiation ? rc->openssl : rc->first_openssl;
  LabKeyEvidenceInput in = {
    .trace = rc->trace,
    .connection = rc->connection,
    .renegotiation = renegotiation,
    .view = v->side,
    .suite = v->suite,
    .encrypt_then_mac = v->etm,
    .keys = v->keys,
    .verify_data = {
      openssl->client.finished ? openssl->client.finished : client->verify_data,
      openssl->server.finished ? openssl->server.finished : server->verify_data,
    },
    /* open_records opened each record with its sender's view of the keys in force */
    .decrypted_with = { client->keys, server->keys },
    .decrypted_with_etm = { client->etm, server->etm },
  };
  LabKeyEvidence evidence[LAB_KEY_N_PARTS];
  const LabKeyEvidence *missing = NULL, *failed = NULL;
  guint records[2], n_records = 0;
  int missing_part = -1, failed_part = -1;

  if (v->keys == NULL || v->key_block_event == NULL)
    return;
  lab_key_evidence_find (&in, evidence);
  for (int i = 0; i < LAB_KEY_N_PARTS; i++)
    {
      LabEvent *part = v->part_events[i];

      if (part == NULL)
        continue;
      lab_recompute_settle (part, evidence[i].match, evidence[i].why);
      if (evidence[i].match == LAB_MATCH_OPENED_RECORD || evidence[i].match == LAB_MATCH_NOT_OPENED)
        {
          part->evidence_records[0] = evidence[i].record;
          part->n_evidence_records = 1;
        }
      if (evidence[i].match == LAB_MATCH_NOT_OPENED && failed == NULL)
        failed = &evidence[(failed_part = i)];
      else if (evidence[i].match == LAB_MATCH_NO_EVIDENCE && missing == NULL)
        missing = &evidence[(missing_part = i)];
      else if (evidence[i].match == LAB_MATCH_OPENED_RECORD
               && (n_records == 0 || records[n_records - 1] != evidence[i].record)
               && n_records < G_N_ELEMENTS (records))
        records[n_records++] = evidence[i].record;
    }

  if (failed != NULL)
    {
      g_autofree char *words
        = g_strdup_printf ("DIFFERS from the key block the peers used: its %s %s",
                           v->keys->parts[failed_part]->name, failed->why);
      lab_recompute_settle (v->key_block_event, LAB_MATCH_NO, words);
    }
  else if (missing != NULL)
    {
      g_autofree char *words = g_strdup_printf (
        "not all of it could be checked: nothing shows that its %s is the one OpenSSL used "
        "(see %s)",
        v->keys->parts[missing_part]->name, v->keys->parts[missing_part]->name);
      lab_recompute_settle (v->key_block_event, LAB_MATCH_NO_EVIDENCE, words);
    }
  else
    {
      g_autofree char *events = n_records > 1
                                  ? g_strdup_printf ("events %u and %u", records[0], records[1])
                                  : g_strdup_printf ("event %u", records[0]);
      g_autofree char *words = g_strdup_printf ("each of its parts opened a record protected "
                                                "with it, exactly as its sender sent it (%s): "
                                                "it is the key block the peers used",
                                                events);
      lab_recompute_settle (v->key_block_event, LAB_MATCH_OPENED_RECORD, words);
      memcpy (v->key_block_event->evidence_records, records, sizeof records);
      v->key_block_event->n_evidence_records = n_records;
    }

  /* a master secret taken as it is, or with no OpenSSL value to compare with */
  if (v->master_secret_event != NULL && v->master_secret_event->detail == NULL)
    {
      const LabKeyEvidence *first = NULL;

      for (int i = 0; i < LAB_KEY_N_PARTS && first == NULL; i++)
        if (evidence[i].match == LAB_MATCH_OPENED_RECORD)
          first = &evidence[i];
      if (first != NULL)
        {
          g_autofree char *words = g_strdup_printf ("the keys derived from it %s", first->why);
          lab_recompute_settle (v->master_secret_event, LAB_MATCH_OPENED_RECORD, words);
          v->master_secret_event->evidence_records[0] = first->record;
          v->master_secret_event->n_evidence_records = 1;
        }
    }
  lab_key_evidence_clear (evidence);
}

/* A master secret taken as it is, or not compared, that no record vouched for. */
static void
settle_unchecked_master_secret (View *v)
{
  if (v->master_secret_event != NULL && v->master_secret_event->detail == NULL)
    lab_recompute_settle (v->master_secret_event, LAB_MATCH_NO_EVIDENCE,
                          v->master_secret_taken
                            ? "taken as it is, and no record opened with keys derived from it"
                            : "OpenSSL reported none to check it against, and no record "
                              "opened with keys derived from it");
}

void
lab_recompute_settle_view (Recompute *rc, View *v)
{
  settle_keys (rc, v);
  settle_unchecked_master_secret (v);
  settle_inputs (v);
}
