/* lab-scenario.h: what a run does, as an instructor writes it (*.scenario, GKeyFile).
 *
 *   [scenario] title, description, seed, clock
 *   [client]   cipher-suites, server-name, certificate
 *   [server]   cipher-suites, certificate, key-type
 *   [expect]   outcome, alert, sent-by
 *
 * See lessons/README.md for the instructor's guide. */
#pragma once

#include <glib.h>

#include "lab-pki.h"
#include "lab-trace.h"

G_BEGIN_DECLS

#define LAB_DEFAULT_SERVER_NAME "server.handshake.lab"
/* The clock a seeded scenario without a clock uses, so that its certificates (and so
 * every wire byte) stay the same from day to day: 2025-01-01T00:00:00Z. */
#define LAB_SEEDED_DEFAULT_CLOCK G_GINT64_CONSTANT (1735689600)

typedef struct
{
  char *cipher_suites;  /* OpenSSL cipher-list syntax, ':'-joined; NULL for OpenSSL's default */
  char *certificate;    /* certificate profile name */
} LabPeerConfig;

typedef struct
{
  char *source;         /* the file path (or "name (built in)") used in messages */
  char *title;
  char *description;

  gboolean has_seed;
  guint64 seed;
  gboolean has_clock;
  gint64 clock;         /* Unix time certificates are made and checked against */

  LabPeerConfig client;
  char *server_name;    /* SNI and the host name the client checks */
  LabPeerConfig server;
  LabKeyType key_type;

  gboolean has_expect;
  LabResult expect_result;
  int expect_alert;           /* -1: any */
  gboolean has_expect_sent_by;
  LabSide expect_sent_by;
} LabScenario;

LabScenario *lab_scenario_new_default (void);
LabScenario *lab_scenario_load_file (const char *path, GError **error);
LabScenario *lab_scenario_load_data (const char *source, const char *text, gsize len,
                                     GError **error);
/* A scenario shipped inside the binary, by name ("default", "expired-certificate"). */
LabScenario *lab_scenario_load_builtin (const char *name, GError **error);
/* Names of the shipped scenarios, sorted; free with g_strfreev. */
char **lab_scenario_list_builtin (void);

LabScenario *lab_scenario_copy (const LabScenario *scenario);

/* ---- the settings, generically: the window builds its switches from these ---- */

typedef enum
{
  LAB_SETTING_TEXT,   /* free text, checked when set */
  LAB_SETTING_CHOICE, /* one of `choices` */
} LabSettingKind;

typedef struct
{
  const char *group;             /* "client", "server", "wire", ... */
  const char *key;               /* as in the file: "cipher-suites" */
  const char *title;             /* for people: "Offered cipher suites" */
  LabSettingKind kind;
  const char *const *choices;    /* NULL-terminated, for LAB_SETTING_CHOICE */
  gboolean in_panel;             /* shown as a switch in the window's side panel */
} LabSetting;

/* The settings in file order; NULL past the last. */
const LabSetting *lab_scenario_setting_at (gsize index);
/* The current value as the file would spell it ("" when unset). */
char *lab_scenario_get_value (const LabScenario *scenario, const char *group, const char *key);
/* Sets one value with the same checks as the file reader; on error nothing changes. */
gboolean lab_scenario_set_value (LabScenario *scenario, const char *group, const char *key,
                                 const char *value, GError **error);
void lab_scenario_free (LabScenario *scenario);

/* The clock this scenario runs at: its own, the fixed seeded default, or now. */
gint64 lab_scenario_effective_clock (const LabScenario *scenario);

/* Does the trace's outcome match [expect]? A scenario without [expect] always matches.
 * When it does not, *why says how (free with g_free). */
gboolean lab_scenario_outcome_matches (const LabScenario *scenario, const LabOutcome *outcome,
                                       char **why);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabScenario, lab_scenario_free)

G_END_DECLS
