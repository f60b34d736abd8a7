/* lab-cli-derive.c: `handshake-lab derive`: one connection's key schedule, from the
 * pre-master (or master) secret to the record keys and Finished verify_data, each value
 * with the formula that made it (RFC 5246 §6.3, §7.4.9, §8.1; RFC 7627). A TLS 1.3 suite
 * takes other inputs and derives another schedule (lab-cli-derive13.c, RFC 8446 §7). */
#include "lab-cli.h"

#include "lab-cli-derive13.h"
#include "lab-cli-options.h"
#include "tls/lab-hex.h"
#include "tls/lab-key-schedule.h"

#include <json-glib/json-glib.h>
#include <stdio.h>

#define COMMAND "derive"

typedef struct
{
  const LabCipherSuite *suite;
  GBytes *client_random;
  GBytes *server_random;
  GBytes *pre_master_secret;
  GBytes *session_hash;
  GBytes *master_secret;
  GBytes *client_finished_hash;
  GBytes *server_finished_hash;
} DeriveInputs;

static void
derive_inputs_clear (DeriveInputs *in)
{
  g_clear_pointer (&in->client_random, g_bytes_unref);
  g_clear_pointer (&in->server_random, g_bytes_unref);
  g_clear_pointer (&in->pre_master_secret, g_bytes_unref);
  g_clear_pointer (&in->session_hash, g_bytes_unref);
  g_clear_pointer (&in->master_secret, g_bytes_unref);
  g_clear_pointer (&in->client_finished_hash, g_bytes_unref);
  g_clear_pointer (&in->server_finished_hash, g_bytes_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DeriveInputs, derive_inputs_clear)

/* An optional hex option: absent is fine, present must decode to expected_len bytes. */
static gboolean
optional_hex (const char *option, const char *text, gssize expected_len, GBytes **out)
{
  if (text == NULL)
    return TRUE;
  *out = lab_cli_hex_option (COMMAND, option, text, expected_len);
  return *out != NULL;
}

static gboolean
required_hex (const char *option, const char *text, gssize expected_len, GBytes **out)
{
  if (text == NULL)
    {
      lab_cli_usage_error (COMMAND, "%s is required", option);
      return FALSE;
    }
  return optional_hex (option, text, expected_len, out);
}

typedef struct
{
  LabSecret *master_secret;
  LabKeyBlock *key_block;
  LabSecret *verify_data[2]; /* the client's and the server's; NULL without a hash */
} DeriveResults;

static void
derive_results_clear (DeriveResults *out)
{
  g_clear_pointer (&out->master_secret, lab_secret_free);
  g_clear_pointer (&out->key_block, lab_key_block_free);
  for (guint i = 0; i < G_N_ELEMENTS (out->verify_data); i++)
    g_clear_pointer (&out->verify_data[i], lab_secret_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DeriveResults, derive_results_clear)

static LabSecret *
derive_master_secret (const DeriveInputs *in, GError **error)
{
  LabPrfHash hash = in->suite->prf_hash;

  if (in->master_secret != NULL)
    return lab_secret_new ("master_secret", in->master_secret,
                           g_strdup ("given (--master-secret)"));
  if (in->session_hash != NULL)
    return lab_extended_master_secret (hash, in->pre_master_secret, in->session_hash, error);
  return lab_master_secret (hash, in->pre_master_secret, in->client_random, in->server_random,
                            error);
}

static gboolean
derive (const DeriveInputs *in, DeriveResults *out, GError **error)
{
  GBytes *finished_hashes[] = { in->client_finished_hash, in->server_finished_hash };
  const LabFinishedSender senders[] = { LAB_FINISHED_CLIENT, LAB_FINISHED_SERVER };

  out->master_secret = derive_master_secret (in, error);
  if (out->master_secret == NULL)
    return FALSE;
  out->key_block = lab_key_block_derive (in->suite, out->master_secret->value,
                                         in->client_random, in->server_random, error);
  if (out->key_block == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (senders); i++)
    {
      if (finished_hashes[i] == NULL)
        continue;
      out->verify_data[i] = lab_verify_data (in->suite->prf_hash, senders[i],
                                             out->master_secret->value, finished_hashes[i],
                                             error);
      if (out->verify_data[i] == NULL)
        return FALSE;
    }
  return TRUE;
}

/* What the command prints, in the order it was derived. The array borrows. */
static GPtrArray *
results_in_order (const DeriveResults *results)
{
  GPtrArray *shown = g_ptr_array_new ();

  g_ptr_array_add (shown, results->master_secret);
  g_ptr_array_add (shown, results->key_block->key_block);
  for (guint i = 0; i < LAB_KEY_N_PARTS; i++)
    g_ptr_array_add (shown, results->key_block->parts[i]);
  for (guint i = 0; i < G_N_ELEMENTS (results->verify_data); i++)
    if (results->verify_data[i] != NULL)
      g_ptr_array_add (shown, results->verify_data[i]);
  return shown;
}

static void
print_text (const LabCipherSuite *suite, GPtrArray *secrets)
{
  if (lab_cipher_suite_is_tls13 (suite))
    printf ("cipher suite %s (TLS 1.3, 0x%04X); HKDF hash %s\n", suite->iana_name, suite->id,
            lab_prf_hash_name (suite->prf_hash));
  else
    printf ("cipher suite %s (%s, 0x%04X); PRF hash %s\n", suite->openssl_name,
            suite->iana_name, suite->id, lab_prf_hash_name (suite->prf_hash));
  for (guint i = 0; i < secrets->len; i++)
    {
      const LabSecret *secret = g_ptr_array_index (secrets, i);

      printf ("\n%s (%" G_GSIZE_FORMAT " bytes)\n  = %s\n", secret->name,
              g_bytes_get_size (secret->value), secret->formula);
      if (g_bytes_get_size (secret->value) > 0)
        lab_cli_print_hex ("", 2, secret->value);
    }
}

static void
print_json (const LabCipherSuite *suite, GPtrArray *secrets)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (builder);
  lab_json_add_string (builder, "suite", suite->openssl_name);
  lab_json_add_string (builder, "iana_name", suite->iana_name);
  if (lab_cipher_suite_is_tls13 (suite))
    {
      lab_json_add_string (builder, "version", "TLS 1.3");
      lab_json_add_string (builder, "hkdf_hash", lab_prf_hash_name (suite->prf_hash));
    }
  else
    lab_json_add_string (builder, "prf_hash", lab_prf_hash_name (suite->prf_hash));
  for (guint i = 0; i < secrets->len; i++)
    {
      const LabSecret *secret = g_ptr_array_index (secrets, i);
      g_autofree char *hex = lab_hex_encode_bytes (secret->value);

      lab_json_add_string (builder, secret->name, hex);
    }
  json_builder_set_member_name (builder, "formulas");
  json_builder_begin_object (builder);
  for (guint i = 0; i < secrets->len; i++)
    {
      const LabSecret *secret = g_ptr_array_index (secrets, i);

      lab_json_add_string (builder, secret->name, secret->formula);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  lab_cli_print_json (root);
}

/* Exactly one way to the master secret, and a session hash only with a pre-master. */
static gboolean
check_secret_options (const char *pms, const char *session_hash, const char *master_secret)
{
  if (pms == NULL && master_secret == NULL)
    lab_cli_usage_error (COMMAND, "--pms or --master-secret is required");
  else if (pms != NULL && master_secret != NULL)
    lab_cli_usage_error (COMMAND, "give --pms or --master-secret, not both");
  else if (session_hash != NULL && pms == NULL)
    lab_cli_usage_error (COMMAND, "--session-hash goes with --pms (it makes the extended "
                                  "master secret from the pre-master secret)");
  else
    return TRUE;
  return FALSE;
}

/* TLS 1.3: no randoms, no pre-master or master secret; the shared secret and the transcript
 * hashes instead (RFC 8446 §7.1). */
static int
derive_tls13 (const LabCipherSuite *suite, const char *const *tls12_only,
              const char *const *tls12_names, gsize n_tls12, const char *const *hex,
              gboolean json)
{
  enum { SHARED, PSK, HELLO, SERVER_FINISHED, APPLICATION, CLIENT_FINISHED, RESUMPTION };
  static const char *const names[] = { "--shared-secret",        "--psk",
                                       "--hello-hash",           "--server-finished-hash",
                                       "--application-hash",     "--client-finished-hash",
                                       "--resumption-hash" };
  gssize hash_len = (gssize) lab_prf_hash_length (suite->prf_hash);
  g_auto (LabCliDerive13Inputs) in = { 0 };
  GBytes **values[] = { &in.shared_secret,        &in.psk,
                        &in.hello_hash,           &in.server_finished_hash,
                        &in.application_hash,     &in.client_finished_hash,
                        &in.resumption_hash };
  g_autoptr (GPtrArray) secrets = NULL;
  g_autoptr (GError) error = NULL;

  G_STATIC_ASSERT (G_N_ELEMENTS (values) == G_N_ELEMENTS (names));
  for (gsize i = 0; i < n_tls12; i++)
    if (tls12_only[i] != NULL)
      return lab_cli_usage_error (COMMAND, "%s: %s is a TLS 1.3 suite, whose keys come from "
                                           "the shared secret and the transcript hashes; leave "
                                           "it out",
                                  tls12_names[i], suite->iana_name);
  if (!required_hex (names[SHARED], hex[SHARED], LAB_CLI_ANY_LENGTH, values[SHARED])
      || !optional_hex (names[PSK], hex[PSK], hash_len, values[PSK])
      || !required_hex (names[HELLO], hex[HELLO], hash_len, values[HELLO]))
    return LAB_EXIT_USAGE;
  for (gsize i = SERVER_FINISHED; i < G_N_ELEMENTS (names); i++)
    if (!optional_hex (names[i], hex[i], hash_len, values[i]))
      return LAB_EXIT_USAGE;
  if (in.resumption_hash != NULL && in.application_hash == NULL)
    return lab_cli_usage_error (COMMAND, "--resumption-hash needs --application-hash (the "
                                         "resumption master secret comes from the master "
                                         "secret's branch)");
  secrets = lab_cli_derive13 (suite, &in, &error);
  if (secrets == NULL)
    return lab_cli_usage_error (COMMAND, "%s", error->message);
  if (json)
    print_json (suite, secrets);
  else
    print_text (suite, secrets);
  return LAB_EXIT_OK;
}

int
lab_cli_derive (int argc, char **argv)
{
  g_autofree char *suite_name = NULL, *client_random = NULL, *server_random = NULL;
  g_autofree char *pms = NULL, *session_hash = NULL, *master_secret = NULL;
  g_autofree char *client_hash = NULL, *server_hash = NULL;
  g_autofree char *shared_secret = NULL, *psk = NULL, *hello_hash = NULL;
  g_autofree char *application_hash = NULL, *resumption_hash = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "suite", 0, 0, G_OPTION_ARG_STRING, &suite_name, "Cipher suite (OpenSSL or IANA name)",
      "NAME" },
    { "client-random", 0, 0, G_OPTION_ARG_STRING, &client_random, "ClientHello.random",
      "HEX" },
    { "server-random", 0, 0, G_OPTION_ARG_STRING, &server_random, "ServerHello.random",
      "HEX" },
    { "pms", 0, 0, G_OPTION_ARG_STRING, &pms, "Pre-master secret", "HEX" },
    { "session-hash", 0, 0, G_OPTION_ARG_STRING, &session_hash,
      "Hash of ClientHello..ClientKeyExchange: use the extended master secret (RFC 7627)",
      "HEX" },
    { "master-secret", 0, 0, G_OPTION_ARG_STRING, &master_secret,
      "Master secret (instead of --pms)", "HEX" },
    { "client-finished-hash", 0, 0, G_OPTION_ARG_STRING, &client_hash,
      "Hash of the messages before the client's Finished", "HEX" },
    { "server-finished-hash", 0, 0, G_OPTION_ARG_STRING, &server_hash,
      "Hash of the messages before the server's Finished", "HEX" },
    { "shared-secret", 0, 0, G_OPTION_ARG_STRING, &shared_secret,
      "TLS 1.3: the (EC)DHE shared secret", "HEX" },
    { "psk", 0, 0, G_OPTION_ARG_STRING, &psk,
      "TLS 1.3: the pre-shared key (without it the early secret starts from zeros)", "HEX" },
    { "hello-hash", 0, 0, G_OPTION_ARG_STRING, &hello_hash,
      "TLS 1.3: Transcript-Hash(ClientHello..ServerHello)", "HEX" },
    { "application-hash", 0, 0, G_OPTION_ARG_STRING, &application_hash,
      "TLS 1.3: Transcript-Hash(ClientHello..server Finished)", "HEX" },
    { "resumption-hash", 0, 0, G_OPTION_ARG_STRING, &resumption_hash,
      "TLS 1.3: Transcript-Hash(ClientHello..client Finished)", "HEX" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { NULL },
  };
  g_auto (DeriveInputs) in = { 0 };
  g_auto (DeriveResults) results = { 0 };
  g_autoptr (GPtrArray) secrets = NULL;
  g_autoptr (GError) error = NULL;
  gssize hash_len;

  if (!lab_cli_parse (COMMAND, "",
                      "Derive the master secret, the key block and verify_data, each with its "
                      "formula; for a TLS 1.3 suite, the key schedule of RFC 8446 §7 from "
                      "--shared-secret and the transcript hashes.",
                      entries, &argc, &argv))
    return LAB_EXIT_USAGE;
  if (argc > 1)
    return lab_cli_usage_error (COMMAND, "unexpected argument '%s'", argv[1]);
  if (suite_name == NULL)
    return lab_cli_usage_error (COMMAND, "--suite is required");
  in.suite = lab_cli_suite_option_any (COMMAND, suite_name);
  if (in.suite == NULL)
    return LAB_EXIT_USAGE;
  if (lab_cipher_suite_is_tls13 (in.suite))
    {
      const char *const tls12_only[] = { client_random, server_random, pms, session_hash,
                                         master_secret };
      const char *const tls12_names[] = { "--client-random", "--server-random", "--pms",
                                          "--session-hash", "--master-secret" };
      const char *const hex[] = { shared_secret, psk,         hello_hash,     server_hash,
                                  application_hash, client_hash, resumption_hash };

      return derive_tls13 (in.suite, tls12_only, tls12_names, G_N_ELEMENTS (tls12_only), hex,
                           json);
    }
  if (shared_secret != NULL || psk != NULL || hello_hash != NULL || application_hash != NULL
      || resumption_hash != NULL)
    return lab_cli_usage_error (COMMAND, "--shared-secret, --psk, --hello-hash, "
                                         "--application-hash and --resumption-hash are for TLS "
                                         "1.3 suites; %s is a TLS 1.2 suite",
                                in.suite->openssl_name);
  if (!check_secret_options (pms, session_hash, master_secret))
    return LAB_EXIT_USAGE;
  hash_len = (gssize) lab_prf_hash_length (in.suite->prf_hash);
  if (!required_hex ("--client-random", client_random, LAB_RANDOM_LENGTH, &in.client_random)
      || !required_hex ("--server-random", server_random, LAB_RANDOM_LENGTH, &in.server_random)
      || !optional_hex ("--pms", pms, LAB_CLI_ANY_LENGTH, &in.pre_master_secret)
      || !optional_hex ("--session-hash", session_hash, hash_len, &in.session_hash)
      || !optional_hex ("--master-secret", master_secret, LAB_MASTER_SECRET_LENGTH,
                        &in.master_secret)
      || !optional_hex ("--client-finished-hash", client_hash, hash_len,
                        &in.client_finished_hash)
      || !optional_hex ("--server-finished-hash", server_hash, hash_len,
                        &in.server_finished_hash))
    return LAB_EXIT_USAGE;

  if (!derive (&in, &results, &error))
    return lab_cli_usage_error (COMMAND, "%s", error->message);
  secrets = results_in_order (&results);
  if (json)
    print_json (in.suite, secrets);
  else
    print_text (in.suite, secrets);
  return LAB_EXIT_OK;
}
