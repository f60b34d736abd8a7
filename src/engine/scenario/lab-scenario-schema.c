/* lab-scenario-schema.c: every key of a scenario file, with its check and its spelling.
 * The file reader, the window's switches and get/set by name all go through this table.
 * The checks of values that are lists or names are in lab-scenario-lists.c. */
#include "lab-scenario-schema.h"
#include "tls/lab-error.h"
#include "tls/lab-verify-errors.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <stddef.h>
#include <string.h>

#define FIELD(s, offset, type) ((type *) ((char *) (s) + (offset)))

/* ---- generic kinds ---- */

static gboolean
parse_bool (const char *v, gboolean *out)
{
  static const char *const yes[] = { "on", "true", "yes", "1", NULL };
  static const char *const no[] = { "off", "false", "no", "0", NULL };

  if (g_strv_contains (yes, v))
    *out = TRUE;
  else if (g_strv_contains (no, v))
    *out = FALSE;
  else
    return FALSE;
  return TRUE;
}

static char *
get_string (const LabScenario *s, gsize offset)
{
  const char *v = *FIELD (s, offset, char *);
  return g_strdup (v ? v : "");
}

void
lab_schema_set_string (LabScenario *s, gsize offset, const char *v)
{
  char **field = FIELD (s, offset, char *);
  g_free (*field);
  *field = g_strdup (v);
}

/* ---- value checks: return FALSE and say what is wrong in problem ---- */

static gboolean
apply_title (LabScenario *s, gsize offset, const char *v, GString *problem)
{
  if (*v == '\0')
    return FALSE;
  lab_schema_set_string (s, offset, v);
  return TRUE;
}

static gboolean
apply_text (LabScenario *s, gsize offset, const char *v, GString *problem)
{
  lab_schema_set_string (s, offset, v);
  return TRUE;
}

/* The topics, in teaching order: the window's scenario chooser groups by them. */
static const LabScenarioTopic topics[] = {
  { "negotiation", "Negotiation" },
  { "certificates", "Certificates" },
  { "key-exchange", "Key exchange" },
  { "client-authentication", "Client authentication" },
  { "resumption", "Resumption" },
  { "wire", "The wire" },
};
static const char *topic_names[G_N_ELEMENTS (topics) + 1];

static gboolean
apply_topic (LabScenario *s, gsize offset, const char *v, GString *problem)
{
  if (!g_strv_contains (topic_names, v))
    return FALSE;
  lab_schema_set_string (s, offset, v);
  return TRUE;
}

const LabScenarioTopic *
lab_scenario_topic_at (gsize index)
{
  return index < G_N_ELEMENTS (topics) ? &topics[index] : NULL;
}

static gboolean
apply_seed (LabScenario *s, gsize offset, const char *v, GString *problem)
{
  guint64 seed;

  if (*v == '\0')
    {
      s->has_seed = FALSE;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (v, 10, 0, G_MAXUINT64, &seed, NULL)
      && !(g_str_has_prefix (v, "0x")
           && g_ascii_string_to_unsigned (v + 2, 16, 0, G_MAXUINT64, &seed, NULL)))
    return FALSE;
  s->has_seed = TRUE;
  s->seed = seed;
  return TRUE;
}

static char *
get_seed (const LabScenario *s, gsize offset)
{
  return s->has_seed ? g_strdup_printf ("%" G_GUINT64_FORMAT, s->seed) : g_strdup ("");
}

static gboolean
apply_clock (LabScenario *s, gsize offset, const char *v, GString *problem)
{
  g_autoptr (GDateTime) dt = NULL;
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  gint64 unix_time;

  if (g_strcmp0 (v, "now") == 0)
    {
      s->has_clock = FALSE;
      return TRUE;
    }
  if (!g_ascii_string_to_signed (v, 10, 0, G_GINT64_CONSTANT (253402300799), &unix_time, NULL))
    {
      dt = g_date_time_new_from_iso8601 (v, utc);
      if (dt == NULL)
        return FALSE;
      unix_time = g_date_time_to_unix (dt);
    }
  s->has_clock = TRUE;
  s->clock = unix_time;
  return TRUE;
}

static gboolean
apply_timeout (LabScenario *s, gsize offset, const char *v, GString *problem)
{
  guint64 seconds;

  if (!g_ascii_string_to_unsigned (v, 10, 1, 60, &seconds, NULL))
    return FALSE;
  s->timeout_s = (guint) seconds;
  return TRUE;
}

static char *
get_timeout (const LabScenario *s, gsize offset)
{
  return s->timeout_s ? g_strdup_printf ("%u", s->timeout_s) : g_strdup ("");
}

static char *
get_clock (const LabScenario *s, gsize offset)
{
  g_autoptr (GDateTime) dt = NULL;

  if (!s->has_clock)
    return g_strdup ("now");
  dt = g_date_time_new_from_unix_utc (s->clock);
  return dt ? g_date_time_format_iso8601 (dt) : g_strdup_printf ("%" G_GINT64_FORMAT, s->clock);
}

static gboolean
apply_expect_outcome (LabScenario *s, gsize offset, const char *v, GString *problem)
{
  static const char *const results[] = { "success", "alert", "timeout", "error", NULL };

  if (*v == '\0')
    {
      s->has_expect = FALSE;
      return TRUE;
    }
  for (int i = 0; results[i]; i++)
    if (g_str_equal (v, results[i]))
      {
        s->has_expect = TRUE;
        s->expect_result = (LabResult) i;
        return TRUE;
      }
  return FALSE;
}

static char *
get_expect_outcome (const LabScenario *s, gsize offset)
{
  return g_strdup (s->has_expect ? lab_result_name (s->expect_result) : "");
}

static gboolean
apply_expect_alert (LabScenario *s, gsize offset, const char *v, GString *problem)
{
  const LabAlertInfo *alert = lab_alert_lookup_name (v);

  if (alert == NULL)
    return FALSE;
  s->expect_alert = alert->value;
  return TRUE;
}

static char *
get_expect_alert (const LabScenario *s, gsize offset)
{
  return g_strdup (s->expect_alert >= 0 ? lab_alert_lookup ((guint8) s->expect_alert)->name : "");
}

static gboolean
apply_expect_sent_by (LabScenario *s, gsize offset, const char *v, GString *problem)
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

static char *
get_expect_sent_by (const LabScenario *s, gsize offset)
{
  return g_strdup (s->has_expect_sent_by ? lab_side_name (s->expect_sent_by) : "");
}

static gboolean
apply_expect_verify_error (LabScenario *s, gsize offset, const char *v, GString *problem)
{
  const LabVerifyErrorInfo *info = lab_verify_error_lookup_symbol (v);
  gint64 n;

  if (info != NULL)
    s->expect_verify_error = info->code;
  else if (g_ascii_string_to_signed (v, 10, 0, 1000, &n, NULL))
    s->expect_verify_error = (int) n;
  else
    return FALSE;
  return TRUE;
}

static char *
get_expect_verify_error (const LabScenario *s, gsize offset)
{
  const LabVerifyErrorInfo *info;

  if (s->expect_verify_error < 0)
    return g_strdup ("");
  info = lab_verify_error_lookup (s->expect_verify_error);
  return info ? g_strdup (info->symbol) : g_strdup_printf ("%d", s->expect_verify_error);
}

/* The client's certificate is a profile or "none" (-1). */
static gboolean
apply_client_certificate (LabScenario *s, gsize offset, const char *v, GString *problem)
{
  LabCertProfile profile;

  if (g_strcmp0 (v, "none") == 0)
    s->client.certificate = -1;
  else if (lab_cert_profile_from_name (v, &profile))
    s->client.certificate = (int) profile;
  else
    return FALSE;
  return TRUE;
}

static char *
get_client_certificate (const LabScenario *s, gsize offset)
{
  return g_strdup (s->client.certificate < 0 ? "none"
                                             : lab_cert_profile_name (s->client.certificate));
}

/* "default" (OpenSSL's own, which the distribution chooses) or a level from 0 to 5. */
static gboolean
apply_security_level (LabScenario *s, gsize offset, const char *v, GString *problem)
{
  guint64 level;

  if (g_strcmp0 (v, "default") == 0)
    *FIELD (s, offset, int) = -1;
  else if (g_ascii_string_to_unsigned (v, 10, 0, 5, &level, NULL))
    *FIELD (s, offset, int) = (int) level;
  else
    return FALSE;
  return TRUE;
}

static char *
get_security_level (const LabScenario *s, gsize offset)
{
  int level = *FIELD (s, offset, int);

  return level < 0 ? g_strdup ("default") : g_strdup_printf ("%d", level);
}

static gboolean
apply_attack (LabScenario *s, gsize offset, const char *v, GString *problem)
{
  const char *const *names = lab_wire_attack_names ();

  for (int i = 0; names[i] != NULL; i++)
    if (g_str_equal (names[i], v))
      {
        s->attack = i;
        return TRUE;
      }
  return FALSE;
}

/* The enum starts with LAB_MALLORY_NONE, which a file cannot name. */
static gboolean
apply_mallory_certificate (LabScenario *s, gsize offset, const char *v, GString *problem)
{
  if (g_strcmp0 (v, "own-ca") == 0)
    s->mallory_certificate = LAB_MALLORY_OWN_CA;
  else if (g_strcmp0 (v, "mis-issued") == 0)
    s->mallory_certificate = LAB_MALLORY_MIS_ISSUED;
  else
    return FALSE;
  return TRUE;
}

static char *
get_mallory_certificate (const LabScenario *s, gsize offset)
{
  return g_strdup (s->mallory_certificate == LAB_MALLORY_MIS_ISSUED ? "mis-issued" : "own-ca");
}

/* ---- the table ---- */

static const char *const key_types[] = { "ecdsa-p256", "rsa-2048", NULL };
static const char *const client_cert_policies[] = { "none", "request", "require", NULL };
static const char *const dh_groups[] = { "auto", "ffdhe2048", "ffdhe3072", "ffdhe4096",
                                         "dh1024", NULL };
static const char *const resume_modes[] = { "none", "session-id", "ticket", NULL };
static const char *const outcomes[] = { "success", "alert", "timeout", "error", NULL };
static const char *const sides[] = { "client", "server", NULL };
static const char *const renegotiations[] = { "refuse", "accept", NULL };
static const char *const pins[] = { "none", "server-key", NULL };
static const char *const mallory_certificates[] = { "own-ca", "mis-issued", NULL };
static const char *const ocsp_policies[] = { "off", "request", "require", NULL };
static const char *const unknown_names[] = { "default-certificate", "alert", NULL };
static const char *const security_levels[] = { "default", "0", "1", "2", "3", "4", "5", NULL };
static const char *client_certificates[LAB_N_PROFILES + 2];

#define OFF(member) offsetof (LabScenario, member)
#define TEXT(g, k, t, panel) { g, k, t, LAB_SETTING_TEXT, NULL, panel }
#define BOOL(g, k, t, panel) { g, k, t, LAB_SETTING_BOOL, NULL, panel }
#define CHOICE(g, k, t, c, panel) { g, k, t, LAB_SETTING_CHOICE, c, panel }
#define SUITES "TLS 1.2 cipher suites by OpenSSL or IANA name, separated by ':'"
#define VERSIONS "protocol versions such as TLSv1.2 or TLSv1.2:TLSv1.3"
#define GROUPS "named groups such as X25519:P-256:ffdhe2048"
#define SIGALGS "signature algorithms such as ECDSA+SHA256:RSA-PSS+SHA256"
#define ON_OFF "on or off"
#define ALPN "application protocol names such as h2, http/1.1, or nothing"
#define SECURITY_LEVEL "default or a security level from 0 to 5"

static LabSchemaEntry schema[] = {
  { TEXT ("scenario", "title", "Title", FALSE), OFF (title), apply_title, get_string,
    "a non-empty title" },
  { TEXT ("scenario", "description", "Description", FALSE), OFF (description), apply_text,
    get_string, "text" },
  { CHOICE ("scenario", "topic", "Topic", topic_names, FALSE), OFF (topic), apply_topic,
    get_string, "a topic" },
  { TEXT ("scenario", "seed", "Seed", FALSE), 0, apply_seed, get_seed,
    "a whole number from 0 to 18446744073709551615 (or 0x hex)" },
  { TEXT ("scenario", "clock", "Clock", FALSE), 0, apply_clock, get_clock,
    "'now', an ISO 8601 time such as 2025-03-01T12:00:00Z, or Unix seconds" },
  { TEXT ("scenario", "timeout", "Timeout", FALSE), 0, apply_timeout, get_timeout,
    "seconds a stalled run may wait, from 1 to 60" },

  { BOOL ("client", "verify-peer", "Verify server certificate", TRUE), OFF (verify_peer), NULL,
    NULL, ON_OFF },
  { BOOL ("client", "check-host-name", "Check host name", TRUE), OFF (check_host_name), NULL,
    NULL, ON_OFF },
  { BOOL ("client", "check-revocation", "Check revocation", TRUE), OFF (check_revocation), NULL,
    NULL, ON_OFF },
  { TEXT ("client", "server-name", "Server name", TRUE), OFF (server_name), lab_schema_apply_server_name,
    get_string, "a host name such as server.handshake.lab: labels of letters, digits and "
    "hyphens, at most 63 characters each and 64 in all" },
  { TEXT ("client", "cipher-suites", "Offered cipher suites", TRUE),
    OFF (client.cipher_suites), lab_schema_apply_suites, get_string, SUITES },
  { TEXT ("client", "versions", "Offered versions", FALSE), OFF (client.versions),
    lab_schema_apply_versions, get_string, VERSIONS },
  { TEXT ("client", "groups", "Offered groups", FALSE), OFF (client.groups), lab_schema_apply_groups,
    get_string, GROUPS },
  { TEXT ("client", "signature-algorithms", "Signature algorithms", FALSE),
    OFF (client.signature_algorithms), lab_schema_apply_sigalgs, get_string, SIGALGS },
  { BOOL ("client", "extended-master-secret", "Extended master secret", TRUE),
    OFF (client.extended_master_secret), NULL, NULL, ON_OFF },
  { BOOL ("client", "encrypt-then-mac", "Encrypt-then-MAC", FALSE),
    OFF (client.encrypt_then_mac), NULL, NULL, ON_OFF },
  { BOOL ("client", "session-tickets", "Session tickets", FALSE), OFF (client.session_tickets),
    NULL, NULL, ON_OFF },
  { CHOICE ("client", "resume", "Resume the session", resume_modes, TRUE), OFF (resume), NULL,
    NULL, "none, session-id or ticket" },
  { CHOICE ("client", "certificate", "Client certificate", client_certificates, TRUE), 0,
    apply_client_certificate, get_client_certificate, "none or a certificate profile" },
  { CHOICE ("client", "security-level", "Security level", security_levels, TRUE),
    OFF (client.security_level), apply_security_level, get_security_level, SECURITY_LEVEL },
  { CHOICE ("client", "ocsp", "Certificate status (OCSP)", ocsp_policies, TRUE), OFF (ocsp),
    NULL, NULL, "off, request or require" },
  { TEXT ("client", "alpn", "Offered application protocols (ALPN)", TRUE), OFF (client.alpn),
    lab_schema_apply_alpn, get_string, ALPN },
  { BOOL ("client", "fallback-scsv", "Say it is a fallback (SCSV)", TRUE), OFF (fallback_scsv),
    NULL, NULL, ON_OFF },
  { BOOL ("client", "trust-mallory-root", "Trust Mallory's root CA", TRUE),
    OFF (trust_mallory_root), NULL, NULL, ON_OFF },
  { CHOICE ("client", "pin", "Pinned key", pins, TRUE), OFF (pin), NULL, NULL,
    "none or server-key" },
  { BOOL ("client", "renegotiate", "Renegotiate after the first request", TRUE),
    OFF (renegotiate), NULL, NULL, ON_OFF },

  { CHOICE ("server", "certificate", "Certificate", NULL, TRUE), OFF (server.certificate), NULL,
    NULL, "a certificate profile" },
  { CHOICE ("server", "key-type", "Key", key_types, TRUE), OFF (key_type), NULL, NULL,
    "ecdsa-p256 or rsa-2048" },
  { TEXT ("server", "cipher-suites", "Accepted cipher suites", TRUE), OFF (server.cipher_suites),
    lab_schema_apply_suites, get_string, SUITES },
  { BOOL ("server", "prefer-server-order", "Server's order wins", FALSE),
    OFF (prefer_server_order), NULL, NULL, ON_OFF },
  { TEXT ("server", "versions", "Accepted versions", FALSE), OFF (server.versions),
    lab_schema_apply_versions, get_string, VERSIONS },
  { TEXT ("server", "groups", "Accepted groups", FALSE), OFF (server.groups), lab_schema_apply_groups,
    get_string, GROUPS },
  { TEXT ("server", "signature-algorithms", "Signature algorithms", FALSE),
    OFF (server.signature_algorithms), lab_schema_apply_sigalgs, get_string, SIGALGS },
  { CHOICE ("server", "client-certificate", "Ask for a client certificate",
            client_cert_policies, TRUE), OFF (client_certificate), NULL, NULL,
    "none, request or require" },
  { CHOICE ("server", "dh-group", "DH group", dh_groups, FALSE), OFF (dh_group), NULL, NULL,
    "auto, ffdhe2048, ffdhe3072, ffdhe4096 or dh1024" },
  { BOOL ("server", "extended-master-secret", "Extended master secret", FALSE),
    OFF (server.extended_master_secret), NULL, NULL, ON_OFF },
  { BOOL ("server", "encrypt-then-mac", "Encrypt-then-MAC", FALSE),
    OFF (server.encrypt_then_mac), NULL, NULL, ON_OFF },
  { BOOL ("server", "session-tickets", "Session tickets", FALSE), OFF (server.session_tickets),
    NULL, NULL, ON_OFF },
  { CHOICE ("server", "security-level", "Security level", security_levels, TRUE),
    OFF (server.security_level), apply_security_level, get_security_level, SECURITY_LEVEL },
  { TEXT ("server", "names", "Host names (SNI)", TRUE), OFF (server_names), lab_schema_apply_server_names,
    get_string, "up to 8 DNS names separated by ',' (the first is the default certificate), or "
    "nothing" },
  { CHOICE ("server", "unknown-name", "A name it has no certificate for", unknown_names, TRUE),
    OFF (unknown_name), NULL, NULL, "default-certificate or alert" },
  { BOOL ("server", "ocsp-stapling", "Staple OCSP response", TRUE), OFF (ocsp_stapling), NULL,
    NULL, ON_OFF },
  { TEXT ("server", "alpn", "Application protocols (ALPN)", TRUE), OFF (server.alpn),
    lab_schema_apply_alpn, get_string, ALPN },
  { CHOICE ("server", "renegotiation", "A client's renegotiation", renegotiations, TRUE),
    OFF (renegotiation), NULL, NULL, "refuse or accept" },

  { CHOICE ("wire", "attack", "Attack", NULL, TRUE), OFF (attack), apply_attack, NULL,
    "none or a ready-made attack" },
  { CHOICE ("wire", "mallory-certificate", "Mallory's certificate", mallory_certificates, TRUE),
    0, apply_mallory_certificate, get_mallory_certificate, "own-ca or mis-issued" },

  { CHOICE ("expect", "outcome", "Expected outcome", outcomes, FALSE), 0, apply_expect_outcome,
    get_expect_outcome, "success, alert, timeout or error" },
  { TEXT ("expect", "alert", "Expected alert", FALSE), 0, apply_expect_alert, get_expect_alert,
    "an alert's RFC 5246 name such as certificate_expired or bad_record_mac" },
  { CHOICE ("expect", "sent-by", "Expected sender", sides, FALSE), 0, apply_expect_sent_by,
    get_expect_sent_by, "client or server" },
  { TEXT ("expect", "verify-error", "Expected verify error", FALSE), 0,
    apply_expect_verify_error, get_expect_verify_error,
    "an X.509 verify error such as CERT_HAS_EXPIRED, or its number" },
};

/* Choice lists that come from other tables are filled in once. */
void
lab_schema_init (void)
{
  static gsize done;

  if (!g_once_init_enter (&done))
    return;
  for (gsize i = 0; i < G_N_ELEMENTS (topics); i++)
    topic_names[i] = topics[i].name;
  client_certificates[0] = "none";
  for (int i = 0; i < LAB_N_PROFILES; i++)
    client_certificates[i + 1] = lab_cert_profile_names ()[i];
  for (gsize i = 0; i < G_N_ELEMENTS (schema); i++)
    {
      if (g_str_equal (schema[i].setting.key, "certificate")
          && g_str_equal (schema[i].setting.group, "server"))
        schema[i].setting.choices = lab_cert_profile_names ();
      if (g_str_equal (schema[i].setting.key, "attack"))
        schema[i].setting.choices = lab_wire_attack_names ();
    }
  g_once_init_leave (&done, 1);
}

gboolean
lab_schema_apply (const LabSchemaEntry *entry, LabScenario *s, const char *v, GString *problem)
{
  if (entry->apply != NULL)
    return entry->apply (s, entry->offset, v, problem);
  if (entry->setting.kind == LAB_SETTING_BOOL)
    return parse_bool (v, FIELD (s, entry->offset, gboolean));
  for (int i = 0; entry->setting.choices[i] != NULL; i++)
    if (g_str_equal (entry->setting.choices[i], v))
      {
        *FIELD (s, entry->offset, int) = i;
        return TRUE;
      }
  return FALSE;
}

char *
lab_schema_get (const LabSchemaEntry *entry, const LabScenario *s)
{
  if (entry->get != NULL)
    return entry->get (s, entry->offset);
  if (entry->setting.kind == LAB_SETTING_BOOL)
    return g_strdup (*FIELD (s, entry->offset, gboolean) ? "on" : "off");
  return g_strdup (entry->setting.choices[*FIELD (s, entry->offset, int)]);
}

gboolean
lab_schema_is_tamper_group (const char *group)
{
  return g_str_equal (group, "tamper") || g_str_has_prefix (group, "tamper ");
}

gboolean
lab_schema_group_is_known (const char *group)
{
  for (gsize i = 0; i < G_N_ELEMENTS (schema); i++)
    if (g_strcmp0 (schema[i].setting.group, group) == 0)
      return TRUE;
  return lab_schema_is_tamper_group (group);
}

const LabSchemaEntry *
lab_schema_lookup (const char *group, const char *key)
{
  lab_schema_init ();
  for (gsize i = 0; i < G_N_ELEMENTS (schema); i++)
    if (g_strcmp0 (schema[i].setting.group, group) == 0
        && g_strcmp0 (schema[i].setting.key, key) == 0)
      return &schema[i];
  return NULL;
}

char *
lab_schema_known_keys_of (const char *group)
{
  g_autoptr (GString) keys = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (schema); i++)
    if (g_strcmp0 (schema[i].setting.group, group) == 0)
      g_string_append_printf (keys, "%s%s", keys->len ? ", " : "", schema[i].setting.key);
  return g_string_free (g_steal_pointer (&keys), FALSE);
}

char *
lab_schema_choices_text (const char *const *choices)
{
  g_autofree char *joined = g_strjoinv (", ", (char **) choices);
  return g_strdup_printf ("one of: %s", joined);
}

char *
lab_schema_invalid_message (const LabSchemaEntry *entry, const char *value, const GString *problem)
{
  g_autofree char *expected = entry->setting.kind == LAB_SETTING_CHOICE
                                ? lab_schema_choices_text (entry->setting.choices)
                                : g_strdup (entry->expected);
  g_autofree char *quoted = g_strdup_printf ("'%s'", value);

  /* "unknown cipher suite 'NOPE'" already says which value; a list says which part */
  if (problem->len > 0 && g_str_has_suffix (problem->str, quoted))
    return g_strdup_printf ("%s; %s expects %s", problem->str, entry->setting.key, expected);
  return g_strdup_printf ("%s%s%s is not valid for %s; expected %s", problem->str,
                          problem->len ? ": " : "", quoted, entry->setting.key, expected);
}

const LabSetting *
lab_scenario_setting_at (gsize index)
{
  lab_schema_init ();
  return index < G_N_ELEMENTS (schema) ? &schema[index].setting : NULL;
}

char *
lab_scenario_get_setting_value (const LabScenario *scenario, const LabSetting *setting)
{
  /* every LabSetting handed out is the first member of a schema entry */
  const LabSchemaEntry *entry = (const LabSchemaEntry *) setting;

  g_return_val_if_fail (entry >= schema && entry < schema + G_N_ELEMENTS (schema), NULL);
  return lab_schema_get (entry, scenario);
}

const char *
lab_client_cert_policy_name (LabClientCertPolicy policy)
{
  return client_cert_policies[policy];
}

const char *
lab_dh_group_name (LabDhGroup group)
{
  return dh_groups[group];
}
