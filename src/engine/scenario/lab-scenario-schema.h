/* lab-scenario-schema.h: the table of every key a scenario file may have (private to the
 * scenario folder: lab-scenario.c, lab-scenario-schema.c, lab-scenario-lists.c): its
 * group, its title for the window, its kind, where it lives in LabScenario, and how a
 * value is checked and spelt. */
#pragma once

#include "lab-scenario.h"

G_BEGIN_DECLS

typedef gboolean (*LabSchemaApplyFunc) (LabScenario *scenario, gsize offset,
                                        const char *value, GString *problem);
typedef char *(*LabSchemaGetFunc) (const LabScenario *scenario, gsize offset);

typedef struct
{
  LabSetting setting;       /* what the window shows: group, key, title, kind, choices */
  gsize offset;             /* where the value lives in LabScenario */
  LabSchemaApplyFunc apply; /* NULL: generic for the kind (bool, choice index) */
  LabSchemaGetFunc get;     /* NULL: generic for the kind */
  const char *expected;     /* for the error message: what a valid value looks like */
} LabSchemaEntry;

/* Fills the choice lists that come from other tables; every function below calls it. */
void lab_schema_init (void);
const LabSchemaEntry *lab_schema_lookup (const char *group, const char *key);
/* FALSE when v is not valid for the entry, with what is wrong in problem (maybe empty). */
gboolean lab_schema_apply (const LabSchemaEntry *entry, LabScenario *s, const char *v,
                           GString *problem);
/* The value as a file would spell it. */
char *lab_schema_get (const LabSchemaEntry *entry, const LabScenario *s);
gboolean lab_schema_is_tamper_group (const char *group);
gboolean lab_schema_group_is_known (const char *group);
/* "key, key, ...": the keys of a group, for an error message. */
char *lab_schema_known_keys_of (const char *group);
/* Why value was refused, for an error message: what lab_schema_apply put in problem, the
 * value (unless problem already quotes it whole) and what a valid one looks like. */
char *lab_schema_invalid_message (const LabSchemaEntry *entry, const char *value,
                                  const GString *problem);
/* Replaces the string at offset (a copy of v). */
void lab_schema_set_string (LabScenario *s, gsize offset, const char *v);

/* lab-scenario-lists.c: the checks of values that are lists or names, for the table. */
gboolean lab_schema_apply_suites (LabScenario *s, gsize offset, const char *v, GString *problem);
gboolean lab_schema_apply_versions (LabScenario *s, gsize offset, const char *v,
                                    GString *problem);
gboolean lab_schema_apply_groups (LabScenario *s, gsize offset, const char *v, GString *problem);
gboolean lab_schema_apply_sigalgs (LabScenario *s, gsize offset, const char *v, GString *problem);
gboolean lab_schema_apply_server_name (LabScenario *s, gsize offset, const char *v,
                                       GString *problem);
gboolean lab_schema_apply_server_names (LabScenario *s, gsize offset, const char *v,
                                        GString *problem);
gboolean lab_schema_apply_alpn (LabScenario *s, gsize offset, const char *v, GString *problem);

/* "one of: a, b, c". */
char *lab_schema_choices_text (const char *const *choices);

G_END_DECLS
