/* The dissector agrees with Wireshark, field by field, on the lab's own exported runs:
 * handshake types, versions, randoms, session IDs, offered and chosen suites, extension
 * types, groups, signature schemes and certificate names, for every key exchange. */
#include "engine/export/lab-export.h"
#include "engine/session/lab-session.h"
#include "engine/trace/lab-steps.h"
#include "lab-test-util.h"
#include "tls/lab-dissect.h"
#include "tls/lab-hex.h"

#include <glib/gstdio.h>
#include <string.h>

#define FIELDS "type", "version", "random", "session_id", "suites", "extensions", "groups", \
               "signature_schemes", "names"
enum { TYPE, VERSION, RANDOM, SESSION_ID, SUITES, EXTENSIONS, GROUPS, SCHEMES, NAMES, N_FIELDS };

/* tshark's view: one line a frame with a handshake message, fields separated by '|'. */
static GPtrArray *
tshark_frames (const char *capture)
{
  g_autofree char *home = g_dir_make_tmp ("lab-tshark-XXXXXX", NULL);
  g_autofree char *env_home = g_strdup_printf ("HOME=%s", home);
  const char *argv[] = {
    "env", env_home, "tshark", "-r", capture, "-Y", "tls.handshake", "-T", "fields",
    "-E", "separator=|", "-E", "occurrence=a", "-E", "aggregator=,",
    "-e", "tls.handshake.type", "-e", "tls.handshake.version", "-e", "tls.handshake.random",
    "-e", "tls.handshake.session_id", "-e", "tls.handshake.ciphersuite",
    "-e", "tls.handshake.extension.type", "-e", "tls.handshake.extensions_supported_group",
    "-e", "tls.handshake.sig_hash_alg", "-e", "x509sat.uTF8String", NULL,
  };
  g_autofree char *out = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) lines = NULL;
  GPtrArray *frames = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (*lines[i] != '\0')
      g_ptr_array_add (frames, g_strsplit (lines[i], "|", N_FIELDS));
  return frames;
}

/* Every numbered child, as tshark writes them: 0x%04x. */
static void
append_numbers (GString *out, const LabField *list)
{
  for (guint i = 0; list && i < lab_field_n_children (list); i++)
    {
      const LabField *child = lab_field_get_child (list, i);
      if (!child->has_number)
        continue;
      if (out->len > 0)
        g_string_append_c (out, ',');
      g_string_append_printf (out, "0x%04x", (guint) child->number);
    }
}

static char *
hex_of (LabField *field)
{
  return field ? lab_hex_encode_bytes (lab_field_get_bytes (field)) : g_strdup ("");
}

/* "CN=a, O=b": the O then the CN, in tshark's (DER) order for our certificates. */
static void
append_name (GString *out, const char *name)
{
  g_auto (GStrv) parts = g_strsplit (name, ", ", -1);
  const char *cn = NULL, *o = NULL;

  for (guint i = 0; parts[i]; i++)
    {
      if (g_str_has_prefix (parts[i], "CN="))
        cn = parts[i] + 3;
      if (g_str_has_prefix (parts[i], "O="))
        o = parts[i] + 2;
    }
  g_string_append_printf (out, "%s%s,%s", out->len ? "," : "", o, cn);
}

/* The same fields from the dissector's tree of the message. */
static char **
lab_fields (const LabEvent *message)
{
  g_autoptr (LabField) tree = lab_dissect_message (message->bytes, NULL);
  char **f = g_new0 (char *, N_FIELDS + 1);
  g_autoptr (GString) list = g_string_new (NULL);
  LabField *field;

#define AT(path) lab_field_lookup (tree, path)
  f[TYPE] = g_strdup_printf ("%u", message->handshake_type);
  field = message->handshake_type == 1 ? AT ("ClientHello.client_version")
          : message->handshake_type == 2 ? AT ("ServerHello.server_version") : NULL;
  f[VERSION] = field ? g_strdup_printf ("0x%04x", (guint) field->number) : g_strdup ("");
  f[RANDOM] = hex_of (message->handshake_type <= 2 ? lab_field_lookup (tree, "random") : NULL);
  field = message->handshake_type <= 2 ? lab_field_lookup (tree, "session_id") : NULL;
  f[SESSION_ID] = field && field->length > 0 ? hex_of (field) : g_strdup ("");
  if (message->handshake_type == 1)
    append_numbers (list, AT ("ClientHello.cipher_suites"));
  else if (message->handshake_type == 2)
    g_string_printf (list, "0x%04x", (guint) AT ("ServerHello.cipher_suite")->number);
  f[SUITES] = g_strdup (list->str);
  g_string_truncate (list, 0);
  field = message->handshake_type <= 2 ? lab_field_lookup (tree, "extensions") : NULL;
  for (guint i = 0; field && i < lab_field_n_children (field); i++)
    {
      LabField *type = lab_field_lookup (lab_field_get_child (field, i), "extension_type");
      g_string_append_printf (list, "%s%u", list->len ? "," : "", (guint) type->number);
    }
  f[EXTENSIONS] = g_strdup (list->str);
  g_string_truncate (list, 0);
  append_numbers (list, lab_field_lookup (tree, "named_group_list"));
  f[GROUPS] = g_strdup (list->str);
  g_string_truncate (list, 0);
  append_numbers (list, lab_field_lookup (tree, "supported_signature_algorithms"));
  /* the scheme a ServerKeyExchange or CertificateVerify was signed with */
  if ((message->handshake_type == 12 || message->handshake_type == 15)
      && (field = lab_field_lookup (tree, "algorithm")) != NULL)
    g_string_printf (list, "0x%04x", (guint) field->number);
  f[SCHEMES] = g_strdup (list->str);
  g_string_truncate (list, 0);
  field = message->handshake_type == 11 ? AT ("Certificate.certificate_list") : NULL;
  for (guint i = 0; field && i < lab_field_n_children (field); i++)
    {
      LabField *cert = lab_field_get_child (field, i);
      LabField *issuer, *subject;
      if (g_strcmp0 (cert->name, "certificate") != 0)
        continue;
      issuer = lab_field_lookup (cert, "certificate.tbs_certificate.issuer");
      subject = lab_field_lookup (cert, "certificate.tbs_certificate.subject");
      append_name (list, issuer->value);
      append_name (list, subject->value);
    }
  f[NAMES] = g_strdup (list->str);
#undef AT
  return f;
}

static void
test_dissect_agrees_with_tshark (gconstpointer data)
{
  const char *scenario_text = data;
  g_autoptr (LabScenario) scenario = lab_test_scenario (scenario_text);
  g_autoptr (LabTrace) trace = lab_test_run (scenario, 11, TRUE);
  g_autoptr (GPtrArray) steps = lab_steps_from_trace (trace);
  g_autoptr (GPtrArray) frames = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lab-agree-XXXXXX", NULL);
  g_autofree char *capture = g_build_filename (dir, "run.pcapng", NULL);
  static const char *const names[] = { FIELDS };
  g_autofree char *tshark = g_find_program_in_path ("tshark");
  guint frame = 0;

  if (tshark == NULL)
    {
      g_test_skip ("tshark is not installed");
      return;
    }
  g_assert_cmpint (lab_trace_get_outcome (trace)->result, ==, LAB_RESULT_SUCCESS);
  g_assert_true (lab_export_pcapng (trace, capture, &error));
  frames = tshark_frames (capture);

  /* the handshake messages in the order their records crossed the wire */
  for (guint i = 0; i < steps->len; i++)
    {
      const LabStep *step = g_ptr_array_index (steps, i);
      g_auto (GStrv) ours = NULL;
      char **theirs;

      if (step->kind != LAB_STEP_MESSAGE || step->never_happened)
        continue;
      g_assert_cmpuint (frame, <, frames->len);
      ours = lab_fields (lab_trace_get_event (trace, (guint) step->event));
      theirs = g_ptr_array_index (frames, frame++);
      for (int k = 0; k < N_FIELDS; k++)
        {
          const char *t = theirs[k] ? theirs[k] : "";
          if (g_strcmp0 (ours[k], t) != 0)
            g_test_message ("%s: %s differs", step->title, names[k]);
          g_assert_cmpstr (ours[k], ==, t);
        }
    }
  g_assert_cmpuint (frame, ==, frames->len);
  g_unlink (capture);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  static const char *const scenarios[][2] = {
    { "ecdhe-ecdsa", "[scenario]\ntitle = a\n" },
    { "ecdhe-rsa", "[scenario]\ntitle = b\n[client]\ncipher-suites = ECDHE-RSA-AES256-GCM-SHA384\n"
                   "[server]\nkey-type = rsa-2048\n" },
    { "dhe-rsa", "[scenario]\ntitle = c\n[client]\ncipher-suites = DHE-RSA-AES128-GCM-SHA256\n"
                 "[server]\nkey-type = rsa-2048\n" },
    { "rsa", "[scenario]\ntitle = d\n[client]\ncipher-suites = AES128-SHA\n[server]\n"
             "key-type = rsa-2048\n" },
    { "cbc-mac-then-encrypt", "[scenario]\ntitle = e\n[client]\ncipher-suites = "
                              "ECDHE-ECDSA-AES128-SHA256\nencrypt-then-mac = off\n" },
    { "client-certificate", "[scenario]\ntitle = f\n[client]\ncertificate = valid\n[server]\n"
                            "client-certificate = require\n" },
    { "resumption", "[scenario]\ntitle = g\n[client]\nresume = session-id\n" },
  };

  g_test_init (&argc, &argv, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      g_autofree char *path = g_strdup_printf ("/dissect/agrees-with-tshark/%s", scenarios[i][0]);
      g_test_add_data_func (path, scenarios[i][1], test_dissect_agrees_with_tshark);
    }
  return g_test_run ();
}
