/* Real handshakes, an external oracle: every record and every handshake message that
 * OpenSSL produced in real runs (several key exchanges, CBC with and without
 * encrypt-then-MAC, client certificates, session tickets, a failed verification)
 * dissects without an error node, with leaves covering every byte and an explanation
 * for every field. */
#include "lab-test-util.h"
#include "test-dissect-samples.h"
#include "tls/lab-dissect.h"
#include "tls/lab-explanations.h"

typedef struct
{
  const char *name;
  const char *scenario;
  gboolean encrypt_then_mac; /* expected in the ServerHello */
} Run;

#define SCENARIO(suite, key, client, server)                                                       \
  "[scenario]\ntitle = t\n[client]\ncipher-suites = " suite "\n" client                            \
  "[server]\ncipher-suites = " suite "\nkey-type = " key "\n" server
#define SUITE(suite, key) SCENARIO (suite, key, "", "")

static const Run runs[] = {
  { "ecdhe-ecdsa-gcm", SUITE ("ECDHE-ECDSA-AES128-GCM-SHA256", "ecdsa-p256") },
  { "ecdhe-rsa-gcm384", SUITE ("ECDHE-RSA-AES256-GCM-SHA384", "rsa-2048") },
  { "ecdhe-rsa-chacha", SUITE ("ECDHE-RSA-CHACHA20-POLY1305", "rsa-2048") },
  { "rsa-cbc-mac-then-encrypt",
    SCENARIO ("AES128-SHA", "rsa-2048", "encrypt-then-mac = off\n", "") },
  { "dhe-rsa-gcm", SUITE ("DHE-RSA-AES128-GCM-SHA256", "rsa-2048") },
  { "cbc-encrypt-then-mac",
    SCENARIO ("ECDHE-RSA-AES128-SHA", "rsa-2048", "encrypt-then-mac = on\n",
              "encrypt-then-mac = on\n"),
    TRUE },
  { "client-certificate", SCENARIO ("ECDHE-ECDSA-AES128-GCM-SHA256", "ecdsa-p256",
                                    "certificate = valid\n", "client-certificate = require\n") },
  { "session-tickets", SCENARIO ("ECDHE-ECDSA-AES128-GCM-SHA256", "ecdsa-p256",
                                 "session-tickets = on\n", "session-tickets = on\n") },
  { "expired-certificate",
    SCENARIO ("ECDHE-ECDSA-AES128-GCM-SHA256", "ecdsa-p256", "", "certificate = expired\n") },
};

/* The negotiated suite and encrypt-then-MAC, read back from the ServerHello. */
static void
negotiated (LabTrace *trace, LabDissectOptions *options)
{
  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      g_autoptr (LabField) hello = NULL;

      if (e->kind != LAB_EVENT_MESSAGE || e->handshake_type != LAB_HS_SERVER_HELLO)
        continue;
      hello = lab_dissect_message (e->bytes, NULL);
      options->suite
          = lab_cipher_suite_lookup (lab_field_lookup (hello, "ServerHello.cipher_suite")->number);
      options->encrypt_then_mac = lab_field_lookup (hello, "extensions.encrypt_then_mac") != NULL;
      return;
    }
  g_assert_not_reached ();
}

static void
check_node (const LabField *field, gpointer user_data)
{
  g_assert_null (field->error);
  if (lab_explanation_lookup (field->explanation_key) == NULL
      || (field->value_key != NULL && lab_explanation_lookup (field->value_key) == NULL))
    g_error ("no explanation for %s (%s, %s)", field->name, field->explanation_key,
             field->value_key);
}

static void
check_tree (const LabField *tree, GBytes *bytes)
{
  lab_field_foreach (tree, check_node, NULL);
  assert_covers (tree, g_bytes_get_size (bytes));
}

static void
test_dissect_trace (gconstpointer data)
{
  const Run *run = data;
  g_autoptr (LabScenario) scenario = lab_test_scenario (run->scenario);
  g_autoptr (LabTrace) trace = lab_test_run (scenario, 7, TRUE);
  LabDissectOptions options = { 0 };
  guint records = 0, messages = 0;

  negotiated (trace, &options);
  g_assert_nonnull (options.suite);
  /* a wrong order would put the CBC MAC in the wrong place and show as an error */
  g_assert_cmpint (options.encrypt_then_mac, ==, run->encrypt_then_mac);
  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      g_autoptr (LabField) tree = NULL;

      if (e->kind == LAB_EVENT_MESSAGE)
        {
          g_autofree char *summary = NULL;

          tree = lab_dissect_message (e->bytes, &options);
          check_tree (tree, e->bytes);
          g_assert_cmpstr (tree->name, ==, lab_handshake_type_lookup (e->handshake_type)->name);
          summary = lab_dissect_summarize (tree);
          if (e->handshake_type != LAB_HS_SERVER_HELLO_DONE)
            g_assert_cmpstr (summary, !=, "");
          messages++;
        }
      else if (e->kind == LAB_EVENT_RECORD)
        {
          LabDissectOptions record = options;

          record.encrypted = e->encrypted;
          tree = lab_dissect_record (e->bytes, &record);
          check_tree (tree, e->bytes);
          records++;
        }
    }
  g_test_message ("%s: %u records, %u messages", run->name, records, messages);
  g_assert_cmpuint (records, >=, 5);
  g_assert_cmpuint (messages, >=, 5);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_autofree char *path = g_strdup_printf ("/dissect-trace/%s", runs[i].name);
      g_test_add_data_func (path, &runs[i], test_dissect_trace);
    }
  return g_test_run ();
}
