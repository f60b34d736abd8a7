/* lab-wire-rules.c: picking a record and changing it, with the lengths kept right where
 * the change is structural (RFC 5246 §7.4.1.2 ClientHello, §7.4.1.3 ServerHello,
 * §7.4.1.4 extensions), so the receiver parses what it gets and the failure that follows
 * is the one the lesson is about. */
#include "lab-wire-rules.h"
#include "tls/lab-dissect.h"
#include "tls/lab-reader.h"
#include "tls/lab-registry-more.h"
#include "tls/lab-registry.h"

#include <string.h>

#define RECORD_HEADER 5
#define HANDSHAKE_HEADER 4

static const char *const action_names[] = {
  [LAB_RULE_FLIP_BIT] = "flip-bit",
  [LAB_RULE_SET_BYTE] = "set-byte",
  [LAB_RULE_DROP] = "drop",
  [LAB_RULE_REPLAY] = "replay",
  [LAB_RULE_REMOVE_CIPHER_SUITE] = "remove-cipher-suite",
  [LAB_RULE_STRIP_EXTENSION] = "strip-extension",
  [LAB_RULE_REWRITE_SUITE] = "rewrite-suite",
  [LAB_RULE_REWRITE_VERSION] = "rewrite-version",
};

static const char *const attack_names[] = {
  [LAB_ATTACK_NONE] = "none",
  [LAB_ATTACK_FLIP_CLIENT_RANDOM] = "flip-client-random",
  [LAB_ATTACK_DOWNGRADE_SUITE] = "downgrade-suite",
  [LAB_ATTACK_STRIP_EMS] = "strip-extended-master-secret",
  [LAB_ATTACK_REWRITE_SERVER_VERSION] = "rewrite-server-version",
  [LAB_ATTACK_REWRITE_SERVER_SUITE] = "rewrite-server-suite",
  [LAB_ATTACK_FLIP_SIGNATURE] = "flip-key-exchange-signature",
  [LAB_ATTACK_FLIP_ENCRYPTED_PMS] = "flip-encrypted-pre-master",
  [LAB_ATTACK_DROP_CCS] = "drop-change-cipher-spec",
  [LAB_ATTACK_BAD_CCS] = "bad-change-cipher-spec",
  [LAB_ATTACK_FLIP_FINISHED] = "flip-finished",
  [LAB_ATTACK_FLIP_APP_DATA] = "flip-application-data",
  [LAB_ATTACK_REPLAY_APP_DATA] = "replay-application-data",
  [LAB_ATTACK_DROP_SERVER_FLIGHT] = "drop-server-flight",
  [LAB_ATTACK_MAN_IN_THE_MIDDLE] = "man-in-the-middle",
  [LAB_N_ATTACKS] = NULL,
};

LabWireRule *
lab_wire_rule_new (const char *name, guint line)
{
  LabWireRule *rule = g_new0 (LabWireRule, 1);

  rule->name = g_strdup (name);
  rule->line = line;
  rule->direction = LAB_DIRECTION_CLIENT_TO_SERVER;
  rule->content_type = -1;
  rule->record = -1;
  rule->occurrence = 1;
  rule->action = LAB_RULE_FLIP_BIT;
  return rule;
}

LabWireRule *
lab_wire_rule_copy (const LabWireRule *rule)
{
  LabWireRule *copy = g_memdup2 (rule, sizeof *rule);

  copy->name = g_strdup (rule->name);
  copy->message = g_strdup (rule->message);
  copy->field = g_strdup (rule->field);
  copy->seen = 0;
  copy->fired = FALSE;
  return copy;
}

void
lab_wire_rule_free (LabWireRule *rule)
{
  if (rule == NULL)
    return;
  g_free (rule->name);
  g_free (rule->message);
  g_free (rule->field);
  g_free (rule);
}

const char *
lab_rule_action_name (LabRuleAction action)
{
  return action < LAB_N_RULE_ACTIONS ? action_names[action] : "unknown";
}

const char *const *
lab_wire_attack_names (void)
{
  return attack_names;
}

const char *
lab_wire_rule_known_keys (void)
{
  return "direction, message, content-type, record, occurrence, action, field, offset, bit, "
         "value, suite, extension, version";
}

/* ---- reading a rule ---- */

static gboolean
parse_number (const char *v, gint64 min, gint64 max, gint64 *out)
{
  if (g_str_has_prefix (v, "0x") || g_str_has_prefix (v, "0X"))
    {
      guint64 u;
      if (!g_ascii_string_to_unsigned (v + 2, 16, 0, (guint64) max, &u, NULL) || (gint64) u < min)
        return FALSE;
      *out = (gint64) u;
      return TRUE;
    }
  return g_ascii_string_to_signed (v, 10, min, max, out, NULL);
}

static gboolean
parse_content_type (const char *v, int *out)
{
  for (int t = 20; t <= 24; t++)
    {
      const LabContentTypeInfo *info = lab_content_type_lookup ((guint8) t);
      if (info && g_strcmp0 (info->name, v) == 0)
        {
          *out = t;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
lab_wire_rule_set (LabWireRule *rule, const char *key, const char *v, GString *problem)
{
  gint64 n;

  if (g_str_equal (key, "direction"))
    {
      if (g_str_equal (v, "client-to-server"))
        rule->direction = LAB_DIRECTION_CLIENT_TO_SERVER;
      else if (g_str_equal (v, "server-to-client"))
        rule->direction = LAB_DIRECTION_SERVER_TO_CLIENT;
      else
        return g_string_assign (problem, "expected client-to-server or server-to-client"), FALSE;
    }
  else if (g_str_equal (key, "message"))
    {
      const LabHandshakeTypeInfo *info = lab_handshake_type_lookup_name (v);
      if (info == NULL)
        return g_string_assign (problem, "expected a handshake message name such as "
                                         "ClientHello or ServerKeyExchange"), FALSE;
      g_free (rule->message);
      rule->message = g_strdup (info->name);
    }
  else if (g_str_equal (key, "content-type"))
    {
      if (!parse_content_type (v, &rule->content_type))
        return g_string_assign (problem, "expected change_cipher_spec, alert, handshake or "
                                         "application_data"), FALSE;
    }
  else if (g_str_equal (key, "record") || g_str_equal (key, "occurrence"))
    {
      gboolean is_record = g_str_equal (key, "record");
      if (!parse_number (v, is_record ? 0 : 1, 10000, &n))
        return g_string_assign (problem, is_record ? "expected a record number from 0"
                                                   : "expected a whole number from 1"), FALSE;
      if (is_record)
        rule->record = (int) n;
      else
        rule->occurrence = (guint) n;
    }
  else if (g_str_equal (key, "action"))
    {
      int found = -1;
      for (int i = 0; i < LAB_N_RULE_ACTIONS; i++)
        if (g_str_equal (action_names[i], v))
          found = i;
      if (found < 0)
        return g_string_assign (problem, "expected flip-bit, set-byte, drop, replay, "
                                         "remove-cipher-suite, strip-extension, rewrite-suite "
                                         "or rewrite-version"), FALSE;
      rule->action = (LabRuleAction) found;
    }
  else if (g_str_equal (key, "field"))
    {
      if (*v == '\0' || strchr (v, ' ') != NULL)
        return g_string_assign (problem, "expected a field name such as random or "
                                         "extensions.supported_groups"), FALSE;
      g_free (rule->field);
      rule->field = g_strdup (v);
    }
  else if (g_str_equal (key, "offset"))
    {
      if (!parse_number (v, -65536, 65535, &n))
        return g_string_assign (problem, "expected a byte offset (negative counts from the "
                                         "end)"), FALSE;
      rule->has_offset = TRUE;
      rule->offset = (int) n;
    }
  else if (g_str_equal (key, "bit"))
    {
      if (!parse_number (v, 0, 7, &n))
        return g_string_assign (problem, "expected a bit number from 0 to 7"), FALSE;
      rule->bit = (guint) n;
    }
  else if (g_str_equal (key, "value"))
    {
      if (!parse_number (v, 0, 255, &n))
        return g_string_assign (problem, "expected a byte value from 0 to 255 (or 0x00 to "
                                         "0xff)"), FALSE;
      rule->value = (guint8) n;
    }
  else if (g_str_equal (key, "suite"))
    {
      const LabCipherSuite *suite = lab_cipher_suite_lookup_name (v);
      if (suite == NULL && !parse_number (v, 0, 0xffff, &n))
        return g_string_assign (problem, "expected a cipher suite name or number"), FALSE;
      rule->suite = suite ? suite->id : (guint16) n;
    }
  else if (g_str_equal (key, "extension"))
    {
      const LabExtensionInfo *ext = lab_extension_lookup_name (v);
      if (ext == NULL && !parse_number (v, 0, 0xffff, &n))
        return g_string_assign (problem, "expected an extension name such as "
                                         "extended_master_secret, or its number"), FALSE;
      rule->extension = ext ? ext->value : (guint16) n;
    }
  else if (g_str_equal (key, "version"))
    {
      if (!parse_number (v, 0, 0xffff, &n))
        return g_string_assign (problem, "expected a protocol version such as 0x0302"), FALSE;
      rule->version = (guint16) n;
    }
  else
    return g_string_printf (problem, "unknown key; known keys: %s", lab_wire_rule_known_keys ()),
           FALSE;
  return TRUE;
}

gboolean
lab_wire_rule_check (const LabWireRule *rule, GString *problem)
{
  gboolean hello = g_strcmp0 (rule->message, "ClientHello") == 0
                   || g_strcmp0 (rule->message, "ServerHello") == 0;

  switch (rule->action)
    {
    case LAB_RULE_REMOVE_CIPHER_SUITE:
      if (g_strcmp0 (rule->message, "ClientHello") != 0 || rule->suite == 0)
        return g_string_assign (problem, "remove-cipher-suite needs message = ClientHello and "
                                         "a suite"), FALSE;
      break;
    case LAB_RULE_STRIP_EXTENSION:
      if (!hello)
        return g_string_assign (problem, "strip-extension needs message = ClientHello or "
                                         "ServerHello, and an extension"), FALSE;
      break;
    case LAB_RULE_REWRITE_SUITE:
    case LAB_RULE_REWRITE_VERSION:
      if (g_strcmp0 (rule->message, "ServerHello") != 0)
        return g_string_printf (problem, "%s needs message = ServerHello",
                                lab_rule_action_name (rule->action)), FALSE;
      break;
    default:
      break;
    }
  if (rule->field != NULL
      && (rule->message == NULL || g_str_equal (rule->message, "Finished")
          || (rule->action != LAB_RULE_FLIP_BIT && rule->action != LAB_RULE_SET_BYTE)))
    return g_string_assign (problem, "a field is named within a plaintext handshake message: "
                                     "it needs message = NAME (not Finished) and action = "
                                     "flip-bit or set-byte"), FALSE;
  if (rule->message != NULL && rule->content_type >= 0
      && rule->content_type != LAB_CONTENT_HANDSHAKE)
    return g_string_assign (problem, "a message travels in a handshake record: remove "
                                     "content-type or message"), FALSE;
  return TRUE;
}

/* ---- ready-made attacks ---- */

LabWireRule *
lab_wire_attack_rule (LabWireAttack attack)
{
  g_autofree char *name = NULL;
  LabWireRule *r;

  if (attack <= LAB_ATTACK_NONE || attack >= LAB_N_ATTACKS
      || attack == LAB_ATTACK_MAN_IN_THE_MIDDLE)
    return NULL;
  name = g_strdup_printf ("attack %s", attack_names[attack]);
  r = lab_wire_rule_new (name, 0);
  switch (attack)
    {
    case LAB_ATTACK_FLIP_CLIENT_RANDOM:
      r->message = g_strdup ("ClientHello");
      r->has_offset = TRUE;
      r->offset = HANDSHAKE_HEADER + 2 + 31; /* the last byte of the client random */
      break;
    case LAB_ATTACK_DOWNGRADE_SUITE:
      r->message = g_strdup ("ClientHello");
      r->action = LAB_RULE_REMOVE_CIPHER_SUITE;
      break; /* suite 0: the first one offered */
    case LAB_ATTACK_STRIP_EMS:
      r->direction = LAB_DIRECTION_SERVER_TO_CLIENT;
      r->message = g_strdup ("ServerHello");
      r->action = LAB_RULE_STRIP_EXTENSION;
      r->extension = 23;
      break;
    case LAB_ATTACK_REWRITE_SERVER_VERSION:
      r->direction = LAB_DIRECTION_SERVER_TO_CLIENT;
      r->message = g_strdup ("ServerHello");
      r->action = LAB_RULE_REWRITE_VERSION;
      r->version = 0x0302;
      break;
    case LAB_ATTACK_REWRITE_SERVER_SUITE:
      r->direction = LAB_DIRECTION_SERVER_TO_CLIENT;
      r->message = g_strdup ("ServerHello");
      r->action = LAB_RULE_REWRITE_SUITE;
      r->suite = 0x0000; /* TLS_NULL_WITH_NULL_NULL: no client ever offers it */
      break;
    case LAB_ATTACK_FLIP_SIGNATURE:
      r->direction = LAB_DIRECTION_SERVER_TO_CLIENT;
      r->message = g_strdup ("ServerKeyExchange");
      r->has_offset = TRUE;
      r->offset = -1; /* the signature is the message's last field */
      break;
    case LAB_ATTACK_FLIP_ENCRYPTED_PMS:
      r->message = g_strdup ("ClientKeyExchange");
      r->has_offset = TRUE;
      r->offset = -1;
      break;
    case LAB_ATTACK_DROP_CCS:
      r->content_type = LAB_CONTENT_CHANGE_CIPHER_SPEC;
      r->action = LAB_RULE_DROP;
      break;
    case LAB_ATTACK_BAD_CCS:
      r->content_type = LAB_CONTENT_CHANGE_CIPHER_SPEC;
      r->action = LAB_RULE_SET_BYTE;
      r->has_offset = TRUE;
      r->offset = RECORD_HEADER;
      r->value = 0x02;
      break;
    case LAB_ATTACK_FLIP_FINISHED:
      r->message = g_strdup ("Finished");
      break;
    case LAB_ATTACK_FLIP_APP_DATA:
      r->content_type = LAB_CONTENT_APPLICATION_DATA;
      break;
    case LAB_ATTACK_REPLAY_APP_DATA:
      r->content_type = LAB_CONTENT_APPLICATION_DATA;
      r->action = LAB_RULE_REPLAY;
      break;
    case LAB_ATTACK_DROP_SERVER_FLIGHT:
      r->direction = LAB_DIRECTION_SERVER_TO_CLIENT;
      r->action = LAB_RULE_DROP;
      r->occurrence = G_MAXUINT; /* see matches(): drop every record */
      break;
    default:
      break;
    }
  return r;
}

/* ---- applying rules ---- */

static gboolean
matches (LabWireRule *rule, const LabWireRecord *record)
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

static void
put_u16 (guint8 *p, gsize value)
{
  p[0] = (guint8) (value >> 8);
  p[1] = (guint8) value;
}

static void
put_u24 (guint8 *p, gsize value)
{
  p[0] = (guint8) (value >> 16);
  p[1] = (guint8) (value >> 8);
  p[2] = (guint8) value;
}

/* After `removed` bytes left a hello, its record and handshake lengths shrink too. */
static void
shrink_lengths (GByteArray *out, gsize removed)
{
  gsize record_len = ((gsize) out->data[3] << 8 | out->data[4]) - removed;
  gsize hs_len = ((gsize) out->data[6] << 16 | (gsize) out->data[7] << 8 | out->data[8]) - removed;

  put_u16 (out->data + 3, record_len);
  put_u24 (out->data + 6, hs_len);
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
        put_u16 (out->data + h.suites_len_at, h.suites_len - 2);
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
          put_u16 (out->data + h.extensions_len_at, h.extensions_len - removed);
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
      g_byte_array_append (out, record->data, (guint) record->len);
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
        put_u16 (out->data + field, new_value);
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

LabWireVerdict
lab_wire_rules_filter (const LabWireRecord *record, GByteArray *replacement, char **action,
                       gpointer data)
{
  GPtrArray *rules = data;

  for (guint i = 0; i < rules->len; i++)
    {
      LabWireRule *rule = g_ptr_array_index (rules, i);
      LabWireVerdict verdict;
      gboolean every = rule->occurrence == G_MAXUINT;

      if ((rule->fired && !every) || !matches (rule, record))
        continue;
      if (!every && ++rule->seen != rule->occurrence)
        continue;
      rule->fired = TRUE;
      g_byte_array_set_size (replacement, 0);
      if (apply_rule (rule, record, replacement, action, &verdict))
        return verdict;
      g_clear_pointer (action, g_free);
      *action = g_strdup_printf ("%s matched this record but could not act on it", rule->name);
      return LAB_WIRE_KEEP;
    }
  return LAB_WIRE_KEEP;
}
