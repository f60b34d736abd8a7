/* lab-scenario.c: reading and checking *.scenario files, with file:line errors. */
#include "lab-scenario.h"
#include "lab-keyfile-lines.h"
#include "tls/lab-error.h"

#include <gio/gio.h>
#include <string.h>

#define RESOURCE_DIR "/io/github/handshakelab/HandshakeLab/scenarios"

typedef gboolean (*ApplyFunc) (LabScenario *scenario, const char *value, GString *problem);
typedef char *(*GetFunc) (const LabScenario *scenario);

typedef struct
{
  LabSetting setting;   /* what the window shows: group, key, title, kind, choices */
  ApplyFunc apply;
  GetFunc get;
  const char *expected; /* for the error message: what a valid value looks like */
} SchemaEntry;

/* ---- value parsers: return FALSE and say what is wrong in problem ---- */

static gboolean
apply_title (LabScenario *s, const char *v, GString *problem)
{
  g_free (s->title);
  s->title = g_strdup (v);
  return *v != '\0';
}

static gboolean
apply_description (LabScenario *s, const char *v, GString *problem)
{
  g_free (s->description);
  s->description = g_strdup (v);
  return TRUE;
}

static gboolean
apply_seed (LabScenario *s, const char *v, GString *problem)
{
  guint64 seed;

  if (!g_ascii_string_to_unsigned (v, 10, 0, G_MAXUINT64, &seed, NULL)
      && !(g_str_has_prefix (v, "0x")
           && g_ascii_string_to_unsigned (v + 2, 16, 0, G_MAXUINT64, &seed, NULL)))
    return FALSE;
  s->has_seed = TRUE;
  s->seed = seed;
  return TRUE;
}

static gboolean
parse_clock (const char *v, gint64 *out)
{
  g_autoptr (GDateTime) dt = NULL;
  gint64 unix_time;

  if (g_ascii_string_to_signed (v, 10, 0, G_GINT64_CONSTANT (253402300799), &unix_time, NULL))
    {
      *out = unix_time;
      return TRUE;
    }
  dt = g_date_time_new_from_iso8601 (v, g_time_zone_new_utc ());
  if (dt == NULL)
    return FALSE;
  *out = g_date_time_to_unix (dt);
  return TRUE;
}

static gboolean
apply_clock (LabScenario *s, const char *v, GString *problem)
{
  if (g_strcmp0 (v, "now") == 0)
    {
      s->has_clock = FALSE;
      return TRUE;
    }
  if (!parse_clock (v, &s->clock))
    return FALSE;
  s->has_clock = TRUE;
  return TRUE;
}

/* Accepts "A:B", "A, B", "A;B" (a GKeyFile list) and checks every name is a TLS 1.2
 * suite the lab knows, so a typo is caught here and not as a puzzling handshake failure. */
static gboolean
parse_suites (const char *v, char **out, GString *problem)
{
  g_auto (GStrv) parts = g_regex_split_simple ("[\\s:;,]+", v, 0, 0);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const LabCipherSuite *suite;

      if (*parts[i] == '\0')
        continue;
      suite = lab_cipher_suite_lookup_name (parts[i]);
      if (suite == NULL)
        {
          g_string_printf (problem, "unknown cipher suite '%s'", parts[i]);
          return FALSE;
        }
      g_ptr_array_add (names, (gpointer) suite->openssl_name);
    }
  if (names->len == 0)
    return FALSE;
  g_ptr_array_add (names, NULL);
  g_free (*out);
  *out = g_strjoinv (":", (char **) names->pdata);
  return TRUE;
}

static gboolean
apply_client_suites (LabScenario *s, const char *v, GString *problem)
{
  return parse_suites (v, &s->client.cipher_suites, problem);
}

static gboolean
apply_server_suites (LabScenario *s, const char *v, GString *problem)
{
  return parse_suites (v, &s->server.cipher_suites, problem);
}

static gboolean
valid_profile (const char *v)
{
  return g_strcmp0 (v, "valid") == 0;
}

static gboolean
apply_client_certificate (LabScenario *s, const char *v, GString *problem)
{
  if (g_strcmp0 (v, "none") != 0 && !valid_profile (v))
    return FALSE;
  g_free (s->client.certificate);
  s->client.certificate = g_strcmp0 (v, "none") == 0 ? NULL : g_strdup (v);
  return TRUE;
}

static gboolean
apply_server_certificate (LabScenario *s, const char *v, GString *problem)
{
  if (!valid_profile (v))
    return FALSE;
  g_free (s->server.certificate);
  s->server.certificate = g_strdup (v);
  return TRUE;
}

static gboolean
apply_server_name (LabScenario *s, const char *v, GString *problem)
{
  /* A DNS name: letters, digits, hyphens and dots, at most 253 characters. */
  if (*v == '\0' || strlen (v) > 253)
    return FALSE;
  for (const char *c = v; *c; c++)
    if (!g_ascii_isalnum (*c) && *c != '-' && *c != '.')
      return FALSE;
  g_free (s->server_name);
  s->server_name = g_strdup (v);
  return TRUE;
}

static gboolean
apply_key_type (LabScenario *s, const char *v, GString *problem)
{
  return lab_key_type_from_name (v, &s->key_type);
}

static gboolean
apply_expect_outcome (LabScenario *s, const char *v, GString *problem)
{
  static const struct
  {
    const char *name;
    LabResult result;
  } results[] = { { "success", LAB_RESULT_SUCCESS }, { "alert", LAB_RESULT_ALERT },
                  { "timeout", LAB_RESULT_TIMEOUT }, { "error", LAB_RESULT_ERROR } };

  for (gsize i = 0; i < G_N_ELEMENTS (results); i++)
    if (g_strcmp0 (v, results[i].name) == 0)
      {
        s->has_expect = TRUE;
        s->expect_result = results[i].result;
        return TRUE;
      }
  return FALSE;
}

static gboolean
apply_expect_alert (LabScenario *s, const char *v, GString *problem)
{
  const LabAlertInfo *alert = lab_alert_lookup_name (v);

  if (alert == NULL)
    return FALSE;
  s->expect_alert = alert->value;
  return TRUE;
}

static gboolean
apply_expect_sent_by (LabScenario *s, const char *v, GString *problem)
{
  if (g_strcmp0 (v, "client") == 0)
    s->expect_sent_by = LAB_SIDE_CLIENT;
  else if (g_strcmp0 (v, "server") == 0)
    s->expect_sent_by = LAB_SIDE_SERVER;
  else
    return FALSE;
  s->has_expect_sent_by = TRUE;
  return TRUE;
}


/* ---- getters: the value as the file would spell it ---- */

static char *
get_title (const LabScenario *s)
{
  return g_strdup (s->title);
}

static char *
get_description (const LabScenario *s)
{
  return g_strdup (s->description ? s->description : "");
}

static char *
get_seed (const LabScenario *s)
{
  return s->has_seed ? g_strdup_printf ("%" G_GUINT64_FORMAT, s->seed) : g_strdup ("");
}

static char *
get_clock (const LabScenario *s)
{
  g_autoptr (GDateTime) dt = NULL;

  if (!s->has_clock)
    return g_strdup ("now");
  dt = g_date_time_new_from_unix_utc (s->clock);
  return dt ? g_date_time_format_iso8601 (dt) : g_strdup_printf ("%" G_GINT64_FORMAT, s->clock);
}

static char *
get_client_suites (const LabScenario *s)
{
  return g_strdup (s->client.cipher_suites ? s->client.cipher_suites : "");
}

static char *
get_server_suites (const LabScenario *s)
{
  return g_strdup (s->server.cipher_suites ? s->server.cipher_suites : "");
}

static char *
get_client_certificate (const LabScenario *s)
{
  return g_strdup (s->client.certificate ? s->client.certificate : "none");
}

static char *
get_server_certificate (const LabScenario *s)
{
  return g_strdup (s->server.certificate);
}

static char *
get_server_name (const LabScenario *s)
{
  return g_strdup (s->server_name);
}

static char *
get_key_type (const LabScenario *s)
{
  return g_strdup (lab_key_type_name (s->key_type));
}

static char *
get_expect_outcome (const LabScenario *s)
{
  return g_strdup (s->has_expect ? lab_result_name (s->expect_result) : "");
}

static char *
get_expect_alert (const LabScenario *s)
{
  return g_strdup (s->expect_alert >= 0 ? lab_alert_lookup ((guint8) s->expect_alert)->name : "");
}

static char *
get_expect_sent_by (const LabScenario *s)
{
  return g_strdup (s->has_expect_sent_by ? lab_side_name (s->expect_sent_by) : "");
}

static const char *const certificate_profiles[] = { "valid", NULL };
static const char *const client_certificates[] = { "none", "valid", NULL };
static const char *const key_types[] = { "ecdsa-p256", "rsa-2048", NULL };
static const char *const outcomes[] = { "success", "alert", "timeout", "error", NULL };
static const char *const sides[] = { "client", "server", NULL };

#define TEXT(g, k, t, panel) { g, k, t, LAB_SETTING_TEXT, NULL, panel }
#define CHOICE(g, k, t, c, panel) { g, k, t, LAB_SETTING_CHOICE, c, panel }

static const SchemaEntry schema[] = {
  { TEXT ("scenario", "title", "Title", FALSE), apply_title, get_title, "a non-empty title" },
  { TEXT ("scenario", "description", "Description", FALSE), apply_description, get_description,
    "text" },
  { TEXT ("scenario", "seed", "Seed", FALSE), apply_seed, get_seed,
    "a whole number from 0 to 18446744073709551615 (or 0x hex)" },
  { TEXT ("scenario", "clock", "Clock", FALSE), apply_clock, get_clock,
    "'now', an ISO 8601 time such as 2025-03-01T12:00:00Z, or Unix seconds" },
  { TEXT ("client", "cipher-suites", "Offered cipher suites", TRUE), apply_client_suites,
    get_client_suites, "TLS 1.2 cipher suites by OpenSSL or IANA name, separated by ':'" },
  { TEXT ("client", "server-name", "Server name", TRUE), apply_server_name, get_server_name,
    "a DNS name such as server.handshake.lab" },
  { CHOICE ("client", "certificate", "Client certificate", client_certificates, TRUE),
    apply_client_certificate, get_client_certificate, "'none' or 'valid'" },
  { TEXT ("server", "cipher-suites", "Accepted cipher suites", TRUE), apply_server_suites,
    get_server_suites, "TLS 1.2 cipher suites by OpenSSL or IANA name, separated by ':'" },
  { CHOICE ("server", "certificate", "Certificate", certificate_profiles, TRUE),
    apply_server_certificate, get_server_certificate, "'valid'" },
  { CHOICE ("server", "key-type", "Key type", key_types, TRUE), apply_key_type, get_key_type,
    "'ecdsa-p256' or 'rsa-2048'" },
  { CHOICE ("expect", "outcome", "Expected outcome", outcomes, FALSE), apply_expect_outcome,
    get_expect_outcome, "success, alert, timeout or error" },
  { TEXT ("expect", "alert", "Expected alert", FALSE), apply_expect_alert, get_expect_alert,
    "an alert's RFC 5246 name such as certificate_expired or bad_record_mac" },
  { CHOICE ("expect", "sent-by", "Expected sender", sides, FALSE), apply_expect_sent_by,
    get_expect_sent_by, "client or server" },
};

static gboolean
group_is_known (const char *group)
{
  for (gsize i = 0; i < G_N_ELEMENTS (schema); i++)
    if (g_strcmp0 (schema[i].setting.group, group) == 0)
      return TRUE;
  return FALSE;
}

static const SchemaEntry *
schema_lookup (const char *group, const char *key)
{
  for (gsize i = 0; i < G_N_ELEMENTS (schema); i++)
    if (g_strcmp0 (schema[i].setting.group, group) == 0 && g_strcmp0 (schema[i].setting.key, key) == 0)
      return &schema[i];
  return NULL;
}

static char *
known_keys_of (const char *group)
{
  g_autoptr (GString) keys = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (schema); i++)
    if (g_strcmp0 (schema[i].setting.group, group) == 0)
      g_string_append_printf (keys, "%s%s", keys->len ? ", " : "", schema[i].setting.key);
  return g_string_free (g_steal_pointer (&keys), FALSE);
}

LabScenario *
lab_scenario_new_default (void)
{
  LabScenario *s = g_new0 (LabScenario, 1);

  s->source = g_strdup ("(default)");
  s->title = g_strdup ("Untitled scenario");
  s->server_name = g_strdup (LAB_DEFAULT_SERVER_NAME);
  s->server.certificate = g_strdup ("valid");
  s->key_type = LAB_KEY_ECDSA_P256;
  s->expect_alert = -1;
  return s;
}

void
lab_scenario_free (LabScenario *s)
{
  if (s == NULL)
    return;
  g_free (s->source);
  g_free (s->title);
  g_free (s->description);
  g_free (s->client.cipher_suites);
  g_free (s->client.certificate);
  g_free (s->server_name);
  g_free (s->server.cipher_suites);
  g_free (s->server.certificate);
  g_free (s);
}

LabScenario *
lab_scenario_copy (const LabScenario *src)
{
  LabScenario *s = g_memdup2 (src, sizeof *src);

  s->source = g_strdup (src->source);
  s->title = g_strdup (src->title);
  s->description = g_strdup (src->description);
  s->client.cipher_suites = g_strdup (src->client.cipher_suites);
  s->client.certificate = g_strdup (src->client.certificate);
  s->server_name = g_strdup (src->server_name);
  s->server.cipher_suites = g_strdup (src->server.cipher_suites);
  s->server.certificate = g_strdup (src->server.certificate);
  return s;
}

/* Contradictions that no single key shows. */
static gboolean
check_consistency (LabScenario *s, LabKeyfileLines *lines, GError **error)
{
  guint alert_line = lab_keyfile_lines_key (lines, "expect", "alert");
  guint sent_by_line = lab_keyfile_lines_key (lines, "expect", "sent-by");

  if ((alert_line || sent_by_line) && !lab_keyfile_lines_key (lines, "expect", "outcome"))
    {
      lab_keyfile_lines_error (lines, error, alert_line ? alert_line : sent_by_line,
                               "[expect] names an alert but no 'outcome = alert'");
      return FALSE;
    }
  if (s->has_expect && s->expect_result != LAB_RESULT_ALERT && (alert_line || sent_by_line))
    {
      lab_keyfile_lines_error (lines, error, alert_line ? alert_line : sent_by_line,
                               "an alert is expected, but outcome is '%s'; "
                               "write 'outcome = alert' or remove this line",
                               lab_result_name (s->expect_result));
      return FALSE;
    }
  return TRUE;
}

LabScenario *
lab_scenario_load_data (const char *source, const char *text, gsize len, GError **error)
{
  g_autoptr (LabKeyfileLines) lines = NULL;
  g_autoptr (GKeyFile) keyfile = g_key_file_new ();
  g_autoptr (LabScenario) s = lab_scenario_new_default ();
  g_autoptr (GError) local_error = NULL;
  g_auto (GStrv) groups = NULL;

  lines = lab_keyfile_lines_scan (source, text, len, error);
  if (lines == NULL)
    return NULL;
  if (!g_key_file_load_from_data (keyfile, text, len, G_KEY_FILE_NONE, &local_error))
    {
      lab_keyfile_lines_error (lines, error, 0, "%s", local_error->message);
      return NULL;
    }
  g_free (s->source);
  s->source = g_strdup (source);

  if (!g_key_file_has_group (keyfile, "scenario"))
    {
      lab_keyfile_lines_error (lines, error, 1, "a scenario needs a [scenario] group with a title");
      return NULL;
    }

  groups = g_key_file_get_groups (keyfile, NULL);
  for (guint g = 0; groups[g] != NULL; g++)
    {
      g_auto (GStrv) keys = NULL;

      if (!group_is_known (groups[g]))
        {
          lab_keyfile_lines_error (lines, error, lab_keyfile_lines_group (lines, groups[g]),
                                   "unknown group [%s]; expected [scenario], [client], "
                                   "[server] or [expect]",
                                   groups[g]);
          return NULL;
        }
      keys = g_key_file_get_keys (keyfile, groups[g], NULL, NULL);
      for (guint k = 0; keys[k] != NULL; k++)
        {
          guint line = lab_keyfile_lines_key (lines, groups[g], keys[k]);
          const SchemaEntry *entry = schema_lookup (groups[g], keys[k]);
          g_autofree char *value = NULL;
          g_autoptr (GString) problem = g_string_new (NULL);

          if (entry == NULL)
            {
              g_autofree char *known = known_keys_of (groups[g]);
              lab_keyfile_lines_error (lines, error, line,
                                       "unknown key '%s' in [%s]; known keys: %s", keys[k],
                                       groups[g], known);
              return NULL;
            }
          value = g_key_file_get_string (keyfile, groups[g], keys[k], &local_error);
          if (value == NULL)
            {
              lab_keyfile_lines_error (lines, error, line, "%s", local_error->message);
              return NULL;
            }
          g_strstrip (value);
          if (!entry->apply (s, value, problem))
            {
              lab_keyfile_lines_error (lines, error, line, "%s%s'%s' is not valid for %s; "
                                       "expected %s",
                                       problem->str, problem->len ? ": " : "", value,
                                       entry->setting.key, entry->expected);
              return NULL;
            }
        }
    }
  if (!g_key_file_has_key (keyfile, "scenario", "title", NULL))
    {
      lab_keyfile_lines_error (lines, error, lab_keyfile_lines_group (lines, "scenario"),
                               "[scenario] needs a title");
      return NULL;
    }
  if (!check_consistency (s, lines, error))
    return NULL;
  return g_steal_pointer (&s);
}

LabScenario *
lab_scenario_load_file (const char *path, GError **error)
{
  g_autofree char *text = NULL;
  gsize len = 0;
  g_autoptr (GError) local_error = NULL;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID, "%s: is a directory, not a scenario file",
                   path);
      return NULL;
    }
  if (!g_file_get_contents (path, &text, &len, &local_error))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_NOT_FOUND, "%s", local_error->message);
      return NULL;
    }
  if (len > 1024 * 1024)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
                   "%s: too large for a scenario (%" G_GSIZE_FORMAT " bytes; at most 1 MiB)",
                   path, len);
      return NULL;
    }
  return lab_scenario_load_data (path, text, len, error);
}

LabScenario *
lab_scenario_load_builtin (const char *name, GError **error)
{
  g_autofree char *path = g_strdup_printf (RESOURCE_DIR "/%s.scenario", name);
  g_autofree char *source = g_strdup_printf ("%s.scenario (built in)", name);
  g_autoptr (GBytes) bytes = g_resources_lookup_data (path, 0, NULL);

  if (bytes == NULL)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_NOT_FOUND, "no built-in scenario named '%s'",
                   name);
      return NULL;
    }
  return lab_scenario_load_data (source, g_bytes_get_data (bytes, NULL),
                                 g_bytes_get_size (bytes), error);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

char **
lab_scenario_list_builtin (void)
{
  g_auto (GStrv) children = g_resources_enumerate_children (RESOURCE_DIR, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; children && children[i]; i++)
    if (g_str_has_suffix (children[i], ".scenario"))
      g_ptr_array_add (names, g_strndup (children[i], strlen (children[i]) - strlen (".scenario")));
  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

gint64
lab_scenario_effective_clock (const LabScenario *s)
{
  if (s->has_clock)
    return s->clock;
  if (s->has_seed)
    return LAB_SEEDED_DEFAULT_CLOCK;
  return g_get_real_time () / G_USEC_PER_SEC;
}

gboolean
lab_scenario_outcome_matches (const LabScenario *s, const LabOutcome *o, char **why)
{
  g_autoptr (GString) problem = g_string_new (NULL);

  if (!s->has_expect)
    return TRUE;
  if (o->result != s->expect_result)
    g_string_printf (problem, "expected %s, got %s", lab_result_name (s->expect_result),
                     lab_result_name (o->result));
  else if (s->expect_result == LAB_RESULT_ALERT)
    {
      if (s->expect_alert >= 0 && o->alert != s->expect_alert)
        g_string_printf (problem, "expected alert %s, got %s",
                         lab_alert_lookup (s->expect_alert)->name,
                         o->alert >= 0 && lab_alert_lookup (o->alert)
                           ? lab_alert_lookup (o->alert)->name : "none");
      else if (s->has_expect_sent_by && o->sent_by != s->expect_sent_by)
        g_string_printf (problem, "expected the alert from the %s, it came from the %s",
                         lab_side_name (s->expect_sent_by), lab_side_name (o->sent_by));
    }
  if (problem->len == 0)
    return TRUE;
  if (why != NULL)
    *why = g_string_free (g_steal_pointer (&problem), FALSE);
  return FALSE;
}

const LabSetting *
lab_scenario_setting_at (gsize index)
{
  return index < G_N_ELEMENTS (schema) ? &schema[index].setting : NULL;
}

char *
lab_scenario_get_value (const LabScenario *scenario, const char *group, const char *key)
{
  const SchemaEntry *entry = schema_lookup (group, key);

  return entry ? entry->get (scenario) : NULL;
}

gboolean
lab_scenario_set_value (LabScenario *scenario, const char *group, const char *key,
                        const char *value, GError **error)
{
  const SchemaEntry *entry = schema_lookup (group, key);
  g_autoptr (GString) problem = g_string_new (NULL);
  g_autoptr (LabScenario) trial = NULL;

  if (entry == NULL)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_NOT_FOUND, "no setting [%s] %s", group, key);
      return FALSE;
    }
  /* Apply to a copy first so a bad value leaves the scenario as it was. */
  trial = lab_scenario_copy (scenario);
  if (!entry->apply (trial, value, problem))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID, "%s%s'%s' is not valid for %s; expected %s",
                   problem->str, problem->len ? ": " : "", value, key, entry->expected);
      return FALSE;
    }
  return entry->apply (scenario, value, problem);
}
