/* lab-scenario.c: reading and checking *.scenario files, with file:line errors; what a
 * scenario expects of its outcome. Every key's check is in the table of
 * lab-scenario-schema.c. */
#include "lab-scenario-schema.h"
#include "lab-keyfile-lines.h"
#include "tls/lab-error.h"

#include <gio/gio.h>
#include <openssl/x509_vfy.h>
#include <string.h>

#define RESOURCE_DIR "/io/github/handshakelab/HandshakeLab/scenarios"

/* ---- life cycle ---- */

static void
peer_defaults (LabPeerConfig *peer)
{
  peer->extended_master_secret = TRUE;
  peer->encrypt_then_mac = TRUE;
  peer->session_tickets = FALSE;
  peer->certificate = LAB_PROFILE_VALID;
  peer->security_level = -1;
}

LabScenario *
lab_scenario_new_default (void)
{
  LabScenario *s = g_new0 (LabScenario, 1);

  s->source = g_strdup ("(default)");
  s->title = g_strdup ("Untitled scenario");
  s->server_name = g_strdup (LAB_DEFAULT_SERVER_NAME);
  peer_defaults (&s->client);
  peer_defaults (&s->server);
  s->client.certificate = -1;
  s->verify_peer = TRUE;
  s->check_host_name = TRUE;
  s->key_type = LAB_KEY_ECDSA_P256;
  s->mallory_certificate = LAB_MALLORY_OWN_CA;
  s->expect_alert = -1;
  s->expect_verify_error = -1;
  s->tamper = g_ptr_array_new_with_free_func ((GDestroyNotify) lab_wire_rule_free);
  return s;
}

static void
peer_clear (LabPeerConfig *peer)
{
  g_free (peer->cipher_suites);
  g_free (peer->versions);
  g_free (peer->groups);
  g_free (peer->signature_algorithms);
  g_free (peer->alpn);
}

static void
peer_copy (LabPeerConfig *dst, const LabPeerConfig *src)
{
  *dst = *src;
  dst->cipher_suites = g_strdup (src->cipher_suites);
  dst->versions = g_strdup (src->versions);
  dst->groups = g_strdup (src->groups);
  dst->signature_algorithms = g_strdup (src->signature_algorithms);
  dst->alpn = g_strdup (src->alpn);
}

void
lab_scenario_free (LabScenario *s)
{
  if (s == NULL)
    return;
  g_free (s->source);
  g_free (s->title);
  g_free (s->description);
  g_free (s->topic);
  g_free (s->server_name);
  g_free (s->server_names);
  peer_clear (&s->client);
  peer_clear (&s->server);
  g_clear_pointer (&s->tamper, g_ptr_array_unref);
  g_free (s);
}

LabScenario *
lab_scenario_copy (const LabScenario *src)
{
  LabScenario *s = g_memdup2 (src, sizeof *src);

  s->source = g_strdup (src->source);
  s->title = g_strdup (src->title);
  s->description = g_strdup (src->description);
  s->topic = g_strdup (src->topic);
  s->server_name = g_strdup (src->server_name);
  s->server_names = g_strdup (src->server_names);
  peer_copy (&s->client, &src->client);
  peer_copy (&s->server, &src->server);
  s->tamper = g_ptr_array_new_with_free_func ((GDestroyNotify) lab_wire_rule_free);
  for (guint i = 0; i < src->tamper->len; i++)
    g_ptr_array_add (s->tamper, lab_wire_rule_copy (g_ptr_array_index (src->tamper, i)));
  return s;
}

/* ---- reading a file ---- */

/* Contradictions that no single key shows. */
static gboolean
check_consistency (LabScenario *s, LabKeyfileLines *lines, GError **error)
{
  guint alert_line = lab_keyfile_lines_key (lines, "expect", "alert");
  guint sent_by_line = lab_keyfile_lines_key (lines, "expect", "sent-by");
  guint verify_line = lab_keyfile_lines_key (lines, "expect", "verify-error");
  guint any_line = alert_line ? alert_line : sent_by_line ? sent_by_line : verify_line;

  if (any_line && !lab_keyfile_lines_key (lines, "expect", "outcome"))
    {
      lab_keyfile_lines_error (lines, error, any_line,
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
  if (s->renegotiate && (s->resume != LAB_RESUME_NONE || s->attack == LAB_ATTACK_MAN_IN_THE_MIDDLE))
    {
      lab_keyfile_lines_error (lines, error, lab_keyfile_lines_key (lines, "client", "renegotiate"),
                               "renegotiate runs one connection with the server itself: it does "
                               "not combine with resume or attack = man-in-the-middle");
      return FALSE;
    }
  if (s->client.certificate >= 0 && s->client_certificate == LAB_CLIENT_CERT_NONE)
    {
      guint line = lab_keyfile_lines_key (lines, "server", "client-certificate");
      lab_keyfile_lines_error (lines, error,
                               line ? line : lab_keyfile_lines_key (lines, "client", "certificate"),
                               "the client has a certificate but the server never asks for it; "
                               "write 'client-certificate = request' or 'require' in [server]");
      return FALSE;
    }
  return TRUE;
}

static gboolean
load_tamper_group (LabScenario *s, GKeyFile *keyfile, LabKeyfileLines *lines, const char *group,
                   GError **error)
{
  g_auto (GStrv) keys = g_key_file_get_keys (keyfile, group, NULL, NULL);
  guint group_line = lab_keyfile_lines_group (lines, group);
  g_autoptr (LabWireRule) rule = lab_wire_rule_new (group, group_line);
  g_autoptr (GString) problem = g_string_new (NULL);

  for (guint k = 0; keys[k] != NULL; k++)
    {
      g_autofree char *value = g_key_file_get_string (keyfile, group, keys[k], NULL);
      guint line = lab_keyfile_lines_key (lines, group, keys[k]);

      g_strstrip (value);
      g_string_truncate (problem, 0);
      if (!lab_wire_rule_set (rule, keys[k], value, problem))
        {
          if (g_str_has_prefix (problem->str, "unknown key"))
            lab_keyfile_lines_error (lines, error, line, "unknown key '%s' in [%s]; known keys: %s",
                                     keys[k], group, lab_wire_rule_known_keys ());
          else
            lab_keyfile_lines_error (lines, error, line, "'%s' is not valid for %s; %s", value,
                                     keys[k], problem->str);
          return FALSE;
        }
    }
  if (!lab_wire_rule_check (rule, problem))
    {
      lab_keyfile_lines_error (lines, error, group_line, "[%s]: %s", group, problem->str);
      return FALSE;
    }
  g_ptr_array_add (s->tamper, g_steal_pointer (&rule));
  return TRUE;
}

static gboolean
load_group (LabScenario *s, GKeyFile *keyfile, LabKeyfileLines *lines, const char *group,
            GError **error)
{
  g_auto (GStrv) keys = g_key_file_get_keys (keyfile, group, NULL, NULL);

  for (guint k = 0; keys[k] != NULL; k++)
    {
      guint line = lab_keyfile_lines_key (lines, group, keys[k]);
      const LabSchemaEntry *entry = lab_schema_lookup (group, keys[k]);
      g_autofree char *value = NULL;
      g_autoptr (GString) problem = g_string_new (NULL);
      g_autoptr (GError) local_error = NULL;

      if (entry == NULL)
        {
          g_autofree char *known = lab_schema_known_keys_of (group);
          lab_keyfile_lines_error (lines, error, line, "unknown key '%s' in [%s]; known keys: %s",
                                   keys[k], group, known);
          return FALSE;
        }
      value = g_key_file_get_string (keyfile, group, keys[k], &local_error);
      if (value == NULL)
        {
          lab_keyfile_lines_error (lines, error, line, "%s", local_error->message);
          return FALSE;
        }
      g_strstrip (value);
      if (!lab_schema_apply (entry, s, value, problem))
        {
          g_autofree char *message = lab_schema_invalid_message (entry, value, problem);

          lab_keyfile_lines_error (lines, error, line, "%s", message);
          return FALSE;
        }
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

  lab_schema_init ();
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
      if (!lab_schema_group_is_known (groups[g]))
        {
          lab_keyfile_lines_error (lines, error, lab_keyfile_lines_group (lines, groups[g]),
                                   "unknown group [%s]; expected [scenario], [client], "
                                   "[server], [wire], [tamper N] or [expect]",
                                   groups[g]);
          return NULL;
        }
      if (lab_schema_is_tamper_group (groups[g]) ? !load_tamper_group (s, keyfile, lines, groups[g], error)
                                      : !load_group (s, keyfile, lines, groups[g], error))
        return NULL;
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
  gsize len = 0;
  g_autofree char *text = lab_keyfile_read (path, "scenario", &len, error);

  return text ? lab_scenario_load_data (path, text, len, error) : NULL;
}

LabScenario *
lab_scenario_load_builtin (const char *name, GError **error)
{
  g_autofree char *source = NULL;
  g_autoptr (GBytes) bytes = lab_keyfile_lookup_resource (RESOURCE_DIR, "scenario", name,
                                                          &source, error);

  if (bytes == NULL)
    return NULL;
  return lab_scenario_load_data (source, g_bytes_get_data (bytes, NULL),
                                 g_bytes_get_size (bytes), error);
}

char **
lab_scenario_list_builtin (void)
{
  return lab_keyfile_list_resources (RESOURCE_DIR, ".scenario");
}

char **
lab_scenario_server_names (const LabScenario *s)
{
  return s->server_names != NULL ? g_strsplit (s->server_names, ", ", -1) : NULL;
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

char *
lab_scenario_expectation_text (const LabScenario *s)
{
  if (!s->has_expect)
    return g_strdup ("anything");
  if (s->expect_result != LAB_RESULT_ALERT)
    return g_strdup (lab_result_name (s->expect_result));
  return g_strdup_printf ("alert %s%s%s",
                          s->expect_alert >= 0 ? lab_alert_lookup ((guint8) s->expect_alert)->name
                                               : "(any)",
                          s->has_expect_sent_by ? " from the " : "",
                          s->has_expect_sent_by ? lab_side_name (s->expect_sent_by) : "");
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
        {
          g_autofree char *got = lab_alert_describe (o->alert);

          g_string_printf (problem, "expected alert %s, got %s",
                           lab_alert_lookup (s->expect_alert)->name, got ? got : "none");
        }
      else if (s->has_expect_sent_by && o->sent_by != s->expect_sent_by)
        g_string_printf (problem, "expected the alert from the %s, it came from the %s",
                         lab_side_name (s->expect_sent_by), lab_side_name (o->sent_by));
    }
  if (problem->len == 0 && s->expect_verify_error >= 0 && o->verify_error != s->expect_verify_error)
    g_string_printf (problem, "expected verify error %d (%s), got %d (%s)",
                     s->expect_verify_error, X509_verify_cert_error_string (s->expect_verify_error),
                     o->verify_error, X509_verify_cert_error_string (o->verify_error));
  if (problem->len == 0)
    return TRUE;
  if (why != NULL)
    *why = g_string_free (g_steal_pointer (&problem), FALSE);
  return FALSE;
}

char *
lab_scenario_expect_summary (const LabScenario *s)
{
  g_autoptr (GString) text = NULL;

  if (!s->has_expect)
    return NULL;
  switch (s->expect_result)
    {
    case LAB_RESULT_SUCCESS:
      return g_strdup ("succeeds");
    case LAB_RESULT_TIMEOUT:
      return g_strdup ("times out");
    case LAB_RESULT_ERROR:
      return g_strdup ("ends in an error");
    case LAB_RESULT_ALERT:
    default:
      break;
    }
  text = g_string_new ("alert");
  if (s->expect_alert >= 0)
    g_string_append_printf (text, " %s", lab_alert_lookup ((guint8) s->expect_alert)->name);
  if (s->has_expect_sent_by)
    g_string_append_printf (text, " from the %s", lab_side_name (s->expect_sent_by));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
lab_scenario_get_value (const LabScenario *scenario, const char *group, const char *key)
{
  const LabSchemaEntry *entry = lab_schema_lookup (group, key);

  return entry ? lab_schema_get (entry, scenario) : NULL;
}


gboolean
lab_scenario_set_value (LabScenario *scenario, const char *group, const char *key,
                        const char *value, GError **error)
{
  const LabSchemaEntry *entry = lab_schema_lookup (group, key);
  g_autoptr (GString) problem = g_string_new (NULL);
  g_autoptr (LabScenario) trial = NULL;

  if (entry == NULL)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_NOT_FOUND, "no setting [%s] %s", group, key);
      return FALSE;
    }
  /* Apply to a copy first so a bad value leaves the scenario as it was. */
  trial = lab_scenario_copy (scenario);
  if (!lab_schema_apply (entry, trial, value, problem))
    {
      g_autofree char *message = lab_schema_invalid_message (entry, value, problem);

      g_set_error_literal (error, LAB_ERROR, LAB_ERROR_INVALID, message);
      return FALSE;
    }
  return lab_schema_apply (entry, scenario, value, problem);
}
