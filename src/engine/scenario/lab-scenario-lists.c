/* lab-scenario-lists.c: the checks of a scenario's values that are lists or names: cipher
 * suites, protocol versions, groups and signature algorithms (each as OpenSSL would take
 * it), host names, and ALPN protocol names. Each says what is wrong in `problem`. */
#include "lab-scenario-schema.h"
#include "tls/lab-error.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <string.h>

static char **
split_list (const char *v)
{
  g_auto (GStrv) parts = g_regex_split_simple ("[\\s:;,]+", v, 0, 0);
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0')
      g_ptr_array_add (out, g_strdup (parts[i]));
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}

/* Accepts "A:B", "A, B", "A;B" (a GKeyFile list) and checks every name is a TLS 1.2
 * suite the lab knows, so a typo is caught here and not as a puzzling handshake failure. */
gboolean
lab_schema_apply_suites (LabScenario *s, gsize offset, const char *v, GString *problem)
{
  g_auto (GStrv) parts = split_list (v);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  g_autofree char *joined = NULL;

  if (*v == '\0')
    {
      lab_schema_set_string (s, offset, NULL);
      return TRUE;
    }
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const LabCipherSuite *suite = lab_cipher_suite_lookup_name (parts[i]);

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
  joined = g_strjoinv (":", (char **) names->pdata);
  lab_schema_set_string (s, offset, joined);
  return TRUE;
}

gboolean
lab_schema_apply_versions (LabScenario *s, gsize offset, const char *v, GString *problem)
{
  static const char *const known[] = { "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3", NULL };
  g_auto (GStrv) parts = split_list (v);
  g_autofree char *joined = NULL;

  if (parts[0] == NULL)
    return FALSE;
  for (guint i = 0; parts[i] != NULL; i++)
    if (!g_strv_contains (known, parts[i]))
      {
        g_string_printf (problem, "unknown protocol version '%s'", parts[i]);
        return FALSE;
      }
  joined = g_strjoinv (":", parts);
  lab_schema_set_string (s, offset, joined);
  return TRUE;
}

/* Groups and signature algorithms are checked by the OpenSSL that will use them. */
static gboolean
openssl_accepts_list (gboolean groups, const char *list)
{
  static GMutex lock;
  static SSL_CTX *probe;
  gboolean ok;

  g_mutex_lock (&lock);
  if (probe == NULL)
    probe = SSL_CTX_new (TLS_method ());
  ok = probe != NULL
       && (groups ? SSL_CTX_set1_groups_list (probe, list) : SSL_CTX_set1_sigalgs_list (probe, list))
            == 1;
  ERR_clear_error ();
  g_mutex_unlock (&lock);
  return ok;
}

static gboolean
apply_openssl_list (LabScenario *s, gsize offset, const char *v, GString *problem,
                    gboolean groups)
{
  g_auto (GStrv) parts = split_list (v);
  g_autofree char *joined = g_strjoinv (":", parts);

  if (*v == '\0')
    {
      lab_schema_set_string (s, offset, NULL);
      return TRUE;
    }
  for (guint i = 0; parts[i] != NULL; i++)
    if (!openssl_accepts_list (groups, parts[i]))
      {
        g_string_printf (problem, "this OpenSSL does not know the %s '%s'",
                         groups ? "group" : "signature algorithm", parts[i]);
        return FALSE;
      }
  lab_schema_set_string (s, offset, joined);
  return TRUE;
}

gboolean
lab_schema_apply_groups (LabScenario *s, gsize offset, const char *v, GString *problem)
{
  return apply_openssl_list (s, offset, v, problem, TRUE);
}

gboolean
lab_schema_apply_sigalgs (LabScenario *s, gsize offset, const char *v, GString *problem)
{
  return apply_openssl_list (s, offset, v, problem, FALSE);
}

/* A server's name as SNI carries it (RFC 6066 §3: a DNS host name, ASCII, no trailing
 * dot), checked here so that a name no run could use is refused with its line, not when
 * the certificate is made. Which limit a name breaks is said in problem. */
#define MAX_LABEL 63       /* RFC 1035 §2.3.4: a label is at most 63 octets */
#define MAX_COMMON_NAME 64 /* RFC 5280 Appendix A: ub-common-name, 64 characters */

static gboolean
is_dns_name (const char *v, GString *problem)
{
  g_auto (GStrv) labels = NULL;

  if (*v == '\0')
    return FALSE;
  for (const char *c = v; *c; c++)
    if (!g_ascii_isalnum (*c) && *c != '-' && *c != '.')
      {
        if (g_ascii_isprint (*c))
          g_string_printf (problem, "'%c' cannot be in a host name (letters, digits, hyphens "
                           "and dots only; RFC 1123 §2.1)", *c);
        else
          g_string_printf (problem, "byte 0x%02x cannot be in a host name (letters, digits, "
                           "hyphens and dots only; RFC 1123 §2.1)", (guchar) *c);
        return FALSE;
      }
  labels = g_strsplit (v, ".", -1);
  for (guint i = 0; labels[i] != NULL; i++)
    {
      gsize len = strlen (labels[i]);

      if (len == 0)
        {
          g_string_assign (problem, "the name has an empty label (two dots together, or a dot "
                                    "at either end; SNI names have no trailing dot, RFC 6066 "
                                    "§3)");
          return FALSE;
        }
      if (len > MAX_LABEL)
        {
          g_string_printf (problem, "the label '%.12s…' has %" G_GSIZE_FORMAT " characters, more "
                           "than the %d a DNS label may have (RFC 1035 §2.3.4)", labels[i], len,
                           MAX_LABEL);
          return FALSE;
        }
      if (labels[i][0] == '-' || labels[i][len - 1] == '-')
        {
          g_string_printf (problem, "the label '%s' begins or ends with a hyphen (RFC 1123 §2.1)",
                           labels[i]);
          return FALSE;
        }
    }
  /* a DNS name may be 253 characters (RFC 1035 §2.3.4), but the lab writes this one into
   * the server certificate's common name too */
  if (strlen (v) > MAX_COMMON_NAME)
    {
      g_string_printf (problem, "the name has %" G_GSIZE_FORMAT " characters, more than the %d "
                       "a certificate's common name holds (RFC 5280 Appendix A, ub-common-name), "
                       "and the lab's server puts it there", strlen (v), MAX_COMMON_NAME);
      return FALSE;
    }
  return TRUE;
}

gboolean
lab_schema_apply_server_name (LabScenario *s, gsize offset, const char *v, GString *problem)
{
  if (!is_dns_name (v, problem))
    return FALSE;
  lab_schema_set_string (s, offset, v);
  return TRUE;
}

#define MAX_SERVER_NAMES 8

/* The server's host names: DNS names, each once, at most eight; empty: none. */
gboolean
lab_schema_apply_server_names (LabScenario *s, gsize offset, const char *v, GString *problem)
{
  g_auto (GStrv) parts = split_list (v);
  g_autofree char *joined = NULL;

  if (parts[0] == NULL)
    {
      lab_schema_set_string (s, offset, NULL);
      return TRUE;
    }
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (!is_dns_name (parts[i], problem))
        {
          g_string_prepend (problem, "': ");
          g_string_prepend (problem, parts[i]);
          g_string_prepend (problem, "'");
          return FALSE;
        }
      for (guint j = 0; j < i; j++)
        if (g_ascii_strcasecmp (parts[i], parts[j]) == 0)
          {
            g_string_printf (problem, "'%s' is named twice", parts[i]);
            return FALSE;
          }
      if (i == MAX_SERVER_NAMES)
        {
          g_string_printf (problem, "more than %d names", MAX_SERVER_NAMES);
          return FALSE;
        }
    }
  joined = g_strjoinv (", ", parts);
  lab_schema_set_string (s, offset, joined);
  return TRUE;
}

/* Application protocol names (RFC 7301 §3.1: 1 to 255 bytes; the IANA registry's are
 * printable ASCII: "h2", "http/1.1"), in order of preference; empty: no ALPN. */
gboolean
lab_schema_apply_alpn (LabScenario *s, gsize offset, const char *v, GString *problem)
{
  g_auto (GStrv) parts = g_regex_split_simple ("[\\s,]+", v, 0, 0);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  g_autofree char *joined = NULL;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (*parts[i] == '\0')
        continue;
      if (strlen (parts[i]) > 255)
        {
          g_string_printf (problem, "a protocol name is at most 255 bytes");
          return FALSE;
        }
      for (const char *c = parts[i]; *c; c++)
        if (!g_ascii_isgraph (*c))
          {
            g_string_printf (problem, "'%s' is not a protocol name", parts[i]);
            return FALSE;
          }
      g_ptr_array_add (names, parts[i]);
    }
  if (names->len == 0)
    {
      lab_schema_set_string (s, offset, NULL);
      return TRUE;
    }
  g_ptr_array_add (names, NULL);
  joined = g_strjoinv (", ", (char **) names->pdata);
  lab_schema_set_string (s, offset, joined);
  return TRUE;
}
