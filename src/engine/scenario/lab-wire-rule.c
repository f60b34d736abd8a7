/* lab-wire-rule.c: a wire rule as a scenario states it: reading a [tamper N] group key by
 * key, checking it is whole, and the rules behind the ready-made attacks. Applying rules
 * to records is lab-wire-rules.c's job, in the session. */
#include "lab-wire-rule.h"
#include "tls/lab-dissect.h"
#include "tls/lab-reader.h"
#include "tls/lab-extensions.h"
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
      /* TLS_NULL_WITH_NULL_NULL: no client ever offers it (RFC 5246 Appendix A.5 forbids
       * negotiating it), so the attack shows the same check whatever suites the client
       * was given; a real suite could be one the client did offer */
      r->suite = 0x0000;
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
