/* lab-wire-rule.h: the attacker on the wire, as a scenario states it. A rule picks a
 * record (by direction and the message it carries, or its content type, or its index) and
 * does one thing to it: flip a bit, set a byte, drop it, replay it, remove a cipher suite
 * from a ClientHello (fixing the lengths), strip an extension, rewrite the ServerHello's
 * suite or version.
 *
 * In a scenario, a rule is a [tamper N] group, or a ready-made attack named by
 * [wire] attack = NAME. A rule here is only what the file says; the session applies it
 * (session/lab-wire-rules.h), counting matches in a run's state of its own. */
#pragma once

#include <glib.h>

#include "engine/trace/lab-trace.h"

G_BEGIN_DECLS

typedef enum
{
  LAB_RULE_FLIP_BIT,
  LAB_RULE_SET_BYTE,
  LAB_RULE_DROP,
  LAB_RULE_REPLAY,
  LAB_RULE_REMOVE_CIPHER_SUITE,
  LAB_RULE_STRIP_EXTENSION,
  LAB_RULE_REWRITE_SUITE,
  LAB_RULE_REWRITE_VERSION,
  LAB_N_RULE_ACTIONS
} LabRuleAction;

typedef struct
{
  char *name;           /* "tamper 1", or "attack drop-ccs" */
  guint line;           /* where the rule starts in its file, 0 when built in */
  LabDirection direction;
  char *message;        /* a handshake message name; NULL: match by content type */
  int content_type;     /* -1: any (with message NULL: any record) */
  int record;           /* index of the record in its direction, -1: any */
  guint occurrence;     /* act on the n-th matching record (from 1) */
  LabRuleAction action;
  gboolean has_offset;
  int offset;           /* within the message (header included) when `message` is set,
                         * else within the record (header included); negative: from the end;
                         * with `field`, within that field */
  char *field;          /* a field of the message by the dissector's path ("random",
                         * "extensions.supported_groups"), instead of counting bytes */
  guint bit;            /* flip-bit: 0..7 */
  guint8 value;         /* set-byte */
  guint16 suite;        /* remove-cipher-suite, rewrite-suite */
  guint16 extension;    /* strip-extension */
  guint16 version;      /* rewrite-version */
} LabWireRule;

typedef enum
{
  LAB_ATTACK_NONE,
  LAB_ATTACK_FLIP_CLIENT_RANDOM,
  LAB_ATTACK_DOWNGRADE_SUITE,
  LAB_ATTACK_STRIP_EMS,
  LAB_ATTACK_REWRITE_SERVER_VERSION,
  LAB_ATTACK_REWRITE_SERVER_SUITE,
  LAB_ATTACK_FLIP_SIGNATURE,
  LAB_ATTACK_FLIP_ENCRYPTED_PMS,
  LAB_ATTACK_DROP_CCS,
  LAB_ATTACK_BAD_CCS,
  LAB_ATTACK_FLIP_FINISHED,
  LAB_ATTACK_FLIP_APP_DATA,
  LAB_ATTACK_REPLAY_APP_DATA,
  LAB_ATTACK_DROP_SERVER_FLIGHT,
  LAB_ATTACK_MAN_IN_THE_MIDDLE, /* not a rule: the wire itself ends both connections */
  LAB_N_ATTACKS
} LabWireAttack;

LabWireRule *lab_wire_rule_new (const char *name, guint line);
LabWireRule *lab_wire_rule_copy (const LabWireRule *rule);
void lab_wire_rule_free (LabWireRule *rule);

/* Sets one key of a [tamper N] group; FALSE with the problem in words. */
gboolean lab_wire_rule_set (LabWireRule *rule, const char *key, const char *value,
                            GString *problem);
/* The keys a [tamper N] group may have, for error messages: "direction, message, ..." */
const char *lab_wire_rule_known_keys (void);
/* Checks that the rule has what its action needs; FALSE with the problem in words. */
gboolean lab_wire_rule_check (const LabWireRule *rule, GString *problem);

/* The rule behind a ready-made attack (NULL for none, and for the man in the middle). */
LabWireRule *lab_wire_attack_rule (LabWireAttack attack);
const char *const *lab_wire_attack_names (void);
const char *lab_rule_action_name (LabRuleAction action);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabWireRule, lab_wire_rule_free)

G_END_DECLS
