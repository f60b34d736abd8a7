/* lab-wire-rules.h: a run's wire rules at work. The scenario's ready-made attack and its
 * [tamper N] rules (scenario/lab-wire-rule.h) are copied into a run's state, which counts
 * the records each rule matched, and the wire (lab-wire.h) asks the filter below about
 * every record. */
#pragma once

#include <glib.h>

#include "engine/scenario/lab-wire-rule.h"
#include "lab-wire.h"

G_BEGIN_DECLS

typedef struct _LabWireRules LabWireRules;

/* This run's rules: the attack's first (LAB_ATTACK_NONE and the man in the middle have
 * none), then the [tamper N] rules in file order. NULL when there is no rule at all. */
LabWireRules *lab_wire_rules_new (LabWireAttack attack, GPtrArray *tamper);
void lab_wire_rules_free (LabWireRules *rules);

/* A wire filter (see lab-wire.h) applying the rules in order; each rule acts once, on
 * its n-th matching record (on every matching one when its occurrence is G_MAXUINT, as
 * the drop-server-flight attack's is). */
LabWireVerdict lab_wire_rules_filter (const LabWireRecord *record, GByteArray *replacement,
                                      char **action, gpointer rules);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabWireRules, lab_wire_rules_free)

G_END_DECLS
