/* lab-wire-rules.c: applying a run's wire rules: picking a record and changing it, with
 * the lengths kept right where the change is structural (RFC 5246 §7.4.1.2 ClientHello,
 * §7.4.1.3 ServerHello, §7.4.1.4 extensions), so the receiver parses what it gets and the
 * failure that follows is the one the lesson is about. */
#include "lab-wire-rules.h"
#include "tls/lab-dissect.h"
#include "tls/lab-reader.h"
#include "tls/lab-extensions.h"
#include "tls/lab-registry.h"
#include "tls/lab-writer.h"

#include <string.h>

#define RECORD_HEADER 5
#define HANDSHAKE_HEADER 4

/* A rule and what this run has seen of it. */
typedef struct
{
  LabWireRule *rule;
  guint seen;     /* matching records so far */
  gboolean fired;
} RuleState;

struct _LabWireRules
{
  GArray *states; /* RuleState, in the order the rules act */
};

static void
rule_state_clear (RuleState *state)
{
  lab_wire_rule_free (state->rule);
}

LabWireRules *
lab_wire_rules_new (LabWireAttack attack, GPtrArray *tamper)
{
  LabWireRules *rules;
  LabWireRule *attack_rule = lab_wire_attack_rule (attack);

  if (attack_rule == NULL && (tamper == NULL || tamper->len == 0))
    return NULL;
  rules = g_new0 (LabWireRules, 1);
  rules->states = g_array_new (FALSE, TRUE, sizeof (RuleState));
  g_array_set_clear_func (rules->states, (GDestroyNotify) rule_state_clear);
  if (attack_rule != NULL)
    g_array_append_val (rules->states, ((RuleState){ .rule = attack_rule }));
  for (guint i = 0; tamper != NULL && i < tamper->len; i++)
    g_array_append_val (rules->states,
                        ((RuleState){ .rule = lab_wire_rule_copy (g_ptr_array_index (tamper, i)) }));
  return rules;
}

void
lab_wire_rules_free (LabWireRules *rules)
{
  if (rules == NULL)
    return;
  g_array_unref (rules->states);
  g_free (rules);
}

/* ---- applying rules ---- */

static gboolean
matches (const LabWireRule *rule, const LabWireRecord *record)
{
  /* Rules act on the first connection; a resumed one follows as the session was made. */
  if (record->direction != rule->direction || record->connection != 0)
    return FALSE;
  if (rule->record >= 0 && (guint) rule->record != record->index)
    return FALSE;
  if (rule->message != NULL)
    {
      gboolean finished = g_str_equal (rule->message, "Finished");
      const LabHandshakeTypeInfo *info;

      if (record->content_type != LAB_CONTENT_HANDSHAKE || record->len <= RECORD_HEADER)
        return FALSE;
      /* The Finished travels encrypted: the first handshake record after the CCS. */
      if (finished)
        return record->encrypted;
      info = lab_handshake_type_lookup (record->data[RECORD_HEADER]);
      if (record->encrypted || info == NULL || !g_str_equal (info->name, rule->message))
        return FALSE;
    }
  else if (rule->content_type >= 0 && record->content_type != rule->content_type)
    return FALSE;
  return TRUE;
}

/* A named field of the message in the record, found by the dissector; its offset and
 * length within the record, FALSE when the message has no such field. */
static gboolean
find_field (const LabWireRule *rule, const LabWireRecord *record, gssize *base, gssize *span)
{
  g_autoptr (GBytes) message = g_bytes_new (record->data + RECORD_HEADER,
                                            record->len - RECORD_HEADER);
  g_autoptr (LabField) tree = lab_dissect_message (message, NULL);
  g_autofree char *path = g_strdup_printf ("%s.%s", rule->message, rule->field);
  LabField *field = lab_field_lookup (tree, path);

  if (field == NULL || field->length == 0)
    return FALSE;
  *base = RECORD_HEADER + (gssize) field->offset;
  *span = (gssize) field->length;
  return TRUE;
}

/* Where in the record the rule's offset points; -1 when outside it. */
static gssize
target_position (const LabWireRule *rule, const LabWireRecord *record)
{
  gssize base = rule->message != NULL && !g_str_equal (rule->message, "Finished")
                  ? RECORD_HEADER : 0;
  gssize span = (gssize) record->len - base;
  gssize at;

  if (rule->field != NULL)
    {
      /* within the field: its first byte unless an offset says which */
      if (!find_field (rule, record, &base, &span))
        return -1;
      at = !rule->has_offset ? 0 : rule->offset < 0 ? span + rule->offset : rule->offset;
      return at >= 0 && at < span ? base + at : -1;
    }

  if (!rule->has_offset)
    /* By default, a byte in the middle of what the record protects. */
    at = RECORD_HEADER - base + ((gssize) record->len - RECORD_HEADER) / 2;
  else
    at = rule->offset < 0 ? span + rule->offset : rule->offset;
  if (at < 0 || at >= span)
    return -1;
  return base + at;
}

/* After `removed` bytes left a hello, its record and handshake lengths shrink too. */
static void
shrink_lengths (GByteArray *out, gsize removed)
{
  gsize record_len = ((gsize) out->data[3] << 8 | out->data[4]) - removed;
  gsize hs_len = ((gsize) out->data[6] << 16 | (gsize) out->data[7] << 8 | out->data[8]) - removed;

  lab_store_u16 (out->data + 3, (guint16) record_len);
  lab_store_u24 (out->data + 6, (guint32) hs_len);
}

/* Walks a hello to its cipher suites (ClientHello) or chosen suite (ServerHello) and its
 * extensions vector; offsets are within the record. */
typedef struct
{
  gsize suites_len_at;  /* ClientHello: the suites vector's length field */
  gsize suites_at, suites_len;
  gsize suite_at;       /* ServerHello: the chosen suite */
  gsize extensions_len_at, extensions_at, extensions_len; /* 0 when absent */
} HelloLayout;

static gboolean
read_hello (const guint8 *data, gsize len, gboolean client, HelloLayout *out)
{
  LabReader r, body, vec;
  guint8 type;
  gsize claimed;

  memset (out, 0, sizeof *out);
  lab_reader_init (&r, data, len);
  if (!lab_reader_skip (&r, RECORD_HEADER) || !lab_reader_u8 (&r, &type)
      || !lab_reader_vector (&r, 3, &body, NULL)
      || !lab_reader_skip (&body, 2 + 32) || !lab_reader_vector (&body, 1, &vec, NULL))
    return FALSE;
  if (client)
    {
      out->suites_len_at = lab_reader_offset (&body);
      if (!lab_reader_vector (&body, 2, &vec, &claimed))
        return FALSE;
      out->suites_at = out->suites_len_at + 2;
      out->suites_len = claimed;
      if (!lab_reader_vector (&body, 1, &vec, NULL))
        return FALSE;
    }
  else
    {
      out->suite_at = lab_reader_offset (&body);
      if (!lab_reader_skip (&body, 2 + 1))
        return FALSE;
    }
  if (lab_reader_at_end (&body))
    return TRUE;
  out->extensions_len_at = lab_reader_offset (&body);
  if (!lab_reader_vector (&body, 2, &vec, &claimed))
    return FALSE;
  out->extensions_at = out->extensions_len_at + 2;
  out->extensions_len = claimed;
  return TRUE;
}

static gboolean
remove_suite (const LabWireRule *rule, GByteArray *out, char **action)
{
  HelloLayout h;
  guint16 target = rule->suite;

  if (!read_hello (out->data, out->len, TRUE, &h) || h.suites_len < 4)
    return FALSE;
  if (target == 0) /* the client's first choice */
    target = (guint16) (out->data[h.suites_at] << 8 | out->data[h.suites_at + 1]);
  for (gsize at = h.suites_at; at + 1 < h.suites_at + h.suites_len; at += 2)
    if ((out->data[at] << 8 | out->data[at + 1]) == target)
      {
        const LabCipherSuite *suite = lab_cipher_suite_lookup (target);
        g_byte_array_remove_range (out, (guint) at, 2);
        lab_store_u16 (out->data + h.suites_len_at, (guint16) (h.suites_len - 2));
        shrink_lengths (out, 2);
        *action = g_strdup_printf ("removed cipher suite %s (0x%04x) from the ClientHello, "
                                   "where it stood at byte %" G_GSIZE_FORMAT ", and shortened "
                                   "the lengths that count it",
                                   suite ? suite->iana_name : "?", target, at - RECORD_HEADER);
        return TRUE;
      }
  return FALSE;
}

static gboolean
strip_extension (const LabWireRule *rule, GByteArray *out, char **action)
{
  HelloLayout h;
  gboolean client = out->data[RECORD_HEADER] == LAB_HS_CLIENT_HELLO;
  LabReader r;

  if (!read_hello (out->data, out->len, client, &h) || h.extensions_len_at == 0)
    return FALSE;
  lab_reader_init (&r, out->data, h.extensions_at + h.extensions_len);
  lab_reader_skip (&r, h.extensions_at);
  while (!lab_reader_at_end (&r))
    {
      gsize at = lab_reader_offset (&r);
      guint16 type;
      LabReader body;
      gsize body_len;

      if (!lab_reader_u16 (&r, &type) || !lab_reader_vector (&r, 2, &body, &body_len))
        return FALSE;
      if (type == rule->extension)
        {
          const LabExtensionInfo *info = lab_extension_lookup (type);
          gsize removed = 4 + body_len;

          g_byte_array_remove_range (out, (guint) at, (guint) removed);
          lab_store_u16 (out->data + h.extensions_len_at, (guint16) (h.extensions_len - removed));
          shrink_lengths (out, removed);
          *action = g_strdup_printf ("stripped the %s extension (%u) from the %s",
                                     info ? info->name : "unknown", type,
                                     client ? "ClientHello" : "ServerHello");
          return TRUE;
        }
    }
  return FALSE;
}

/* "ServerHello", "application_data"... for the words of an action. */
static const char *
record_kind (const LabWireRecord *record)
{
  const LabContentTypeInfo *ct = lab_content_type_lookup (record->data[0]);
  const LabHandshakeTypeInfo *hs;

  if (record->data[0] == LAB_CONTENT_HANDSHAKE && !record->encrypted && record->len > RECORD_HEADER
      && (hs = lab_handshake_type_lookup (record->data[RECORD_HEADER])) != NULL)
    return hs->name;
  if (record->data[0] == LAB_CONTENT_HANDSHAKE && record->encrypted)
    return "Finished";
  return ct ? ct->name : "unknown";
}

static gboolean
apply_rule (const LabWireRule *rule, const LabWireRecord *record, GByteArray *out,
            char **action, LabWireVerdict *verdict)
{
  const char *what = record_kind (record);
  gssize at;

  g_byte_array_append (out, record->data, (guint) record->len);
  *verdict = LAB_WIRE_REPLACE;
  switch (rule->action)
    {
    case LAB_RULE_FLIP_BIT:
    case LAB_RULE_SET_BYTE:
      if ((at = target_position (rule, record)) < 0)
        return FALSE;
      if (rule->action == LAB_RULE_FLIP_BIT)
        out->data[at] ^= (guint8) (1u << rule->bit);
      else
        out->data[at] = rule->value;
      {
        /* Within a handshake message, count as the transcript does: from the message's
         * first byte, as the cause will when it says where the two sides' views differ. */
        gboolean in_message = record->data[0] == LAB_CONTENT_HANDSHAKE && !record->encrypted
                              && at >= RECORD_HEADER;
        g_autofree char *where = in_message && rule->field != NULL
          ? g_strdup_printf ("byte %" G_GSSIZE_FORMAT " of the %s, in its %s (byte %"
                             G_GSSIZE_FORMAT " of its record)", at - RECORD_HEADER, what,
                             rule->field, at)
          : in_message
          ? g_strdup_printf ("byte %" G_GSSIZE_FORMAT " of the %s (byte %" G_GSSIZE_FORMAT
                             " of its record)", at - RECORD_HEADER, what, at)
          : at < RECORD_HEADER
          ? g_strdup_printf ("byte %" G_GSSIZE_FORMAT " of the %s record, in its header", at, what)
          : g_strdup_printf ("byte %" G_GSSIZE_FORMAT " of the %s record", at, what);

        *action = rule->action == LAB_RULE_FLIP_BIT
                    ? g_strdup_printf ("flipped bit %u of %s: 0x%02x became 0x%02x", rule->bit,
                                       where, record->data[at], out->data[at])
                    : g_strdup_printf ("set %s from 0x%02x to 0x%02x", where, record->data[at],
                                       out->data[at]);
      }
      return TRUE;
    case LAB_RULE_DROP:
      *verdict = LAB_WIRE_DROP;
      *action = g_strdup_printf ("dropped a record (%s)", record_kind (record));
      return TRUE;
    case LAB_RULE_REPLAY:
      /* out stays one copy: the caller sends it twice, with what later rules change */
      *action = g_strdup_printf ("sent the %s record twice", record_kind (record));
      return TRUE;
    case LAB_RULE_REMOVE_CIPHER_SUITE:
      return remove_suite (rule, out, action);
    case LAB_RULE_STRIP_EXTENSION:
      return strip_extension (rule, out, action);
    case LAB_RULE_REWRITE_SUITE:
    case LAB_RULE_REWRITE_VERSION:
      {
        HelloLayout h;
        gsize field;
        guint16 old, new_value;

        if (!read_hello (out->data, out->len, FALSE, &h))
          return FALSE;
        field = rule->action == LAB_RULE_REWRITE_SUITE ? h.suite_at : RECORD_HEADER + 4;
        new_value = rule->action == LAB_RULE_REWRITE_SUITE ? rule->suite : rule->version;
        old = (guint16) (out->data[field] << 8 | out->data[field + 1]);
        lab_store_u16 (out->data + field, new_value);
        *action = g_strdup_printf ("rewrote the ServerHello's %s from 0x%04x to 0x%04x",
                                   rule->action == LAB_RULE_REWRITE_SUITE ? "cipher suite"
                                                                          : "version",
                                   old, new_value);
        return TRUE;
      }
    default:
      return FALSE;
    }
}

/* Every rule that picks this record acts on it, in order, each on the record as the
 * rules before it left it: after a drop there is nothing left to change, and after a
 * replay every copy carries what later rules change (each replay sends one copy more,
 * up to MAX_COPIES). Their words are joined in that order, and a rule that matched but
 * could not act says so. */
#define MAX_COPIES 16u

LabWireVerdict
lab_wire_rules_filter (const LabWireRecord *record, GByteArray *replacement, char **action,
                       gpointer data)
{
  LabWireRules *rules = data;
  g_autoptr (GByteArray) current = NULL; /* the record as the rules so far left it */
  g_autoptr (GString) words = NULL;
  guint copies = 1;
  gboolean changed = FALSE;

  for (guint i = 0; i < rules->states->len; i++)
    {
      RuleState *state = &g_array_index (rules->states, RuleState, i);
      const LabWireRule *rule = state->rule;
      LabWireRecord view = *record;
      g_autoptr (GByteArray) out = g_byte_array_new ();
      g_autofree char *one = NULL;
      LabWireVerdict verdict;
      gboolean every = rule->occurrence == G_MAXUINT;

      if ((state->fired && !every) || !matches (rule, record))
        continue;
      if (!every && ++state->seen != rule->occurrence)
        continue;
      state->fired = TRUE;
      if (words == NULL)
        words = g_string_new (NULL);
      else
        g_string_append (words, "; then ");
      if (copies == 0)
        {
          g_string_append_printf (words, "%s matched it too, but it was already dropped",
                                  rule->name);
          continue;
        }
      if (rule->action == LAB_RULE_REPLAY && copies == MAX_COPIES)
        {
          g_string_append_printf (words,
                                  "%s matched it too, but it is already sent %u times, "
                                  "the most the wire sends one record",
                                  rule->name, MAX_COPIES);
          continue;
        }
      if (current != NULL)
        {
          view.data = current->data;
          view.len = current->len;
        }
      if (!apply_rule (rule, &view, out, &one, &verdict))
        {
          g_string_append_printf (words, "%s matched this record but could not act on it",
                                  rule->name);
          continue;
        }
      g_string_append (words, one);
      changed = TRUE;
      if (verdict == LAB_WIRE_DROP)
        copies = 0;
      else
        {
          copies += rule->action == LAB_RULE_REPLAY;
          g_clear_pointer (&current, g_byte_array_unref);
          current = g_steal_pointer (&out);
        }
    }
  if (words == NULL)
    return LAB_WIRE_KEEP;
  *action = g_string_free (g_steal_pointer (&words), FALSE);
  if (!changed)
    return LAB_WIRE_KEEP;
  if (copies == 0)
    return LAB_WIRE_DROP;
  g_byte_array_set_size (replacement, 0);
  for (guint c = 0; c < copies; c++)
    g_byte_array_append (replacement, current->data, current->len);
  return LAB_WIRE_REPLACE;
}
