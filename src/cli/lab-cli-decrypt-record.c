/* lab-cli-decrypt-record.c: `handshake-lab decrypt-record`: one TLS 1.2 record opened
 * step by step — nonce and additional data, or IV, padding and MAC — and whether it is
 * authentic. Exit status 1 when it is not. */
#include "lab-cli.h"

#include "lab-cli-options.h"
#include "tls/lab-hex.h"
#include "tls/lab-record-protection.h"

#include <json-glib/json-glib.h>
#include <stdio.h>

#define COMMAND "decrypt-record"
#define NO_FORMULA (-1)

/* The intermediate values, in the order the receiver meets them. */
typedef struct
{
  const char *key;      /* JSON member */
  const char *label;    /* for people */
  gsize offset;         /* of a GBytes * in LabRecordDecryption */
  gssize formula_offset; /* of a const char * in LabRecordDecryption, or NO_FORMULA */
} RecordField;

#define FIELD(key, label, member)                                                           \
  { key, label, G_STRUCT_OFFSET (LabRecordDecryption, member), NO_FORMULA }
#define FIELD_WITH_FORMULA(key, label, member, formula)                                     \
  { key, label, G_STRUCT_OFFSET (LabRecordDecryption, member),                              \
    G_STRUCT_OFFSET (LabRecordDecryption, formula) }

static const RecordField fields[] = {
  FIELD ("header", "header", header),
  FIELD ("explicit_nonce", "explicit nonce", explicit_nonce),
  FIELD_WITH_FORMULA ("nonce", "nonce", nonce, nonce_formula),
  FIELD_WITH_FORMULA ("aad", "additional data", aad, aad_formula),
  FIELD ("iv", "IV", record_iv),
  FIELD ("ciphertext", "ciphertext", ciphertext),
  FIELD ("tag", "tag", tag),
  FIELD ("decrypted", "decrypted", decrypted),
  FIELD ("padding", "padding", padding),
  FIELD ("received_mac", "received MAC", received_mac),
  FIELD_WITH_FORMULA ("mac_input", "MAC input", mac_input, mac_input_formula),
  FIELD ("computed_mac", "computed MAC", computed_mac),
  FIELD ("plaintext", "plaintext", plaintext),
};

#define LABEL_WIDTH 17

static GBytes *
field_value (const LabRecordDecryption *d, const RecordField *field)
{
  return G_STRUCT_MEMBER (GBytes *, d, field->offset);
}

static const char *
field_formula (const LabRecordDecryption *d, const RecordField *field)
{
  if (field->formula_offset == NO_FORMULA)
    return NULL;
  return G_STRUCT_MEMBER (const char *, d, field->formula_offset);
}

static const char *
mac_order (const LabRecordDecryption *d)
{
  return d->encrypt_then_mac ? "encrypt-then-MAC" : "MAC-then-encrypt";
}

static void
print_text (const LabRecordDecryption *d)
{
  const LabContentTypeInfo *type = lab_content_type_lookup (d->content_type);

  printf ("suite %s, sequence number %" G_GUINT64_FORMAT "%s%s\n", d->suite->openssl_name,
          d->seq, d->suite->protection == LAB_RECORD_CBC ? ", " : "",
          d->suite->protection == LAB_RECORD_CBC ? mac_order (d) : "");
  if (d->header != NULL)
    printf ("record %s (%u), version %04x, %u bytes after the header\n\n",
            type != NULL ? type->name : "of unknown type", d->content_type, d->version,
            d->length);
  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      GBytes *value = field_value (d, &fields[i]);
      const char *formula = field_formula (d, &fields[i]);

      if (value == NULL)
        continue;
      if (formula != NULL)
        printf ("%-*s= %s\n", LABEL_WIDTH, fields[i].label, formula);
      lab_cli_print_hex (formula != NULL ? "" : fields[i].label, LABEL_WIDTH, value);
    }
  if (d->padding != NULL)
    printf ("%-*s%s\n", LABEL_WIDTH, "padding is", d->padding_ok ? "well-formed" : "malformed");
  if (d->authentic)
    printf ("\nauthentic\n");
  else
    printf ("\nNOT authentic (%s): %s\n", lab_record_verdict_name (d->verdict), d->reason);
}

static void
add_fields (JsonBuilder *builder, const LabRecordDecryption *d)
{
  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      GBytes *value = field_value (d, &fields[i]);
      const char *formula = field_formula (d, &fields[i]);
      g_autofree char *hex = NULL;
      g_autofree char *formula_key = NULL;

      if (value == NULL)
        continue;
      hex = lab_hex_encode_bytes (value);
      lab_json_add_string (builder, fields[i].key, hex);
      if (formula == NULL)
        continue;
      formula_key = g_strdup_printf ("%s_formula", fields[i].key);
      lab_json_add_string (builder, formula_key, formula);
    }
}

static void
print_json (const LabRecordDecryption *d)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *version = g_strdup_printf ("%04x", d->version);

  json_builder_begin_object (builder);
  lab_json_add_string (builder, "suite", d->suite->openssl_name);
  json_builder_set_member_name (builder, "seq");
  json_builder_add_int_value (builder, (gint64) d->seq);
  if (d->suite->protection == LAB_RECORD_CBC)
    {
      json_builder_set_member_name (builder, "encrypt_then_mac");
      json_builder_add_boolean_value (builder, d->encrypt_then_mac);
    }
  if (d->header != NULL)
    {
      json_builder_set_member_name (builder, "content_type");
      json_builder_add_int_value (builder, d->content_type);
      lab_json_add_string (builder, "version", version);
      json_builder_set_member_name (builder, "length");
      json_builder_add_int_value (builder, d->length);
    }
  add_fields (builder, d);
  if (d->plaintext == NULL)
    lab_json_add_string (builder, "plaintext", NULL);
  if (d->padding != NULL)
    {
      json_builder_set_member_name (builder, "padding_ok");
      json_builder_add_boolean_value (builder, d->padding_ok);
    }
  json_builder_set_member_name (builder, "authentic");
  json_builder_add_boolean_value (builder, d->authentic);
  lab_json_add_string (builder, "verdict", lab_record_verdict_name (d->verdict));
  lab_json_add_string (builder, "reason", d->reason);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  lab_cli_print_json (root);
}

static gboolean refuse (const char *format, ...) G_GNUC_PRINTF (1, 2);

/* Says what is wrong with the command line, for the option readers below. */
static gboolean
refuse (const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  lab_cli_usage_error (COMMAND, "%s", message);
  return FALSE;
}

/* The keys this suite needs, and none it does not: a CBC suite has no IV in its key block,
 * an AEAD suite no MAC key, the NULL cipher only a MAC key. */
static gboolean
read_keys (const char *key, const char *iv, const char *mac_key, LabRecordKeys *keys)
{
  const LabCipherSuite *suite = keys->suite;
  gboolean cbc = suite->protection == LAB_RECORD_CBC;

  if (suite->protection == LAB_RECORD_NULL_CIPHER)
    {
      if (key != NULL || iv != NULL)
        return refuse ("%s: %s encrypts nothing, so it has no key or IV; give only --mac-key",
                       key != NULL ? "--key" : "--iv", suite->openssl_name);
      if (mac_key == NULL)
        return refuse ("--mac-key is required for %s", suite->openssl_name);
      keys->mac_key = lab_cli_hex_option (COMMAND, "--mac-key", mac_key, suite->mac_key_length);
      return keys->mac_key != NULL;
    }
  if (key == NULL)
    return refuse ("--key is required");
  if (cbc && iv != NULL)
    return refuse ("--iv: %s has no IV in the key block (each CBC "
                                         "record carries its own); leave --iv out",
                                suite->openssl_name);
  if (!cbc && iv == NULL)
    return refuse ("--iv is required for %s (the write IV from the key "
                                         "block)",
                                suite->openssl_name);
  if (!cbc && mac_key != NULL)
    return refuse ("--mac-key: %s is an AEAD suite and has no MAC key",
                                suite->openssl_name);
  if (cbc && mac_key == NULL)
    return refuse ("--mac-key is required for %s", suite->openssl_name);
  keys->key = lab_cli_hex_option (COMMAND, "--key", key, suite->key_length);
  if (keys->key == NULL)
    return FALSE;
  if (iv != NULL)
    keys->iv = lab_cli_hex_option (COMMAND, "--iv", iv, suite->fixed_iv_length);
  if (mac_key != NULL)
    keys->mac_key = lab_cli_hex_option (COMMAND, "--mac-key", mac_key, suite->mac_key_length);
  return (iv == NULL || keys->iv != NULL) && (mac_key == NULL || keys->mac_key != NULL);
}

static gboolean
read_seq (const char *text, guint64 *seq)
{
  g_autoptr (GError) error = NULL;

  if (text == NULL)
    return refuse ("--seq is required (0 for the first record after "
                                         "ChangeCipherSpec)");
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, seq, &error))
    return refuse ("--seq: %s", error->message);
  return TRUE;
}

int
lab_cli_decrypt_record (int argc, char **argv)
{
  g_autofree char *suite_name = NULL, *key = NULL, *iv = NULL, *mac_key = NULL, *seq = NULL;
  gboolean json = FALSE, etm = FALSE;
  const GOptionEntry entries[] = {
    { "suite", 0, 0, G_OPTION_ARG_STRING, &suite_name, "Cipher suite (OpenSSL or IANA name)",
      "NAME" },
    { "key", 0, 0, G_OPTION_ARG_STRING, &key, "The sender's write key", "HEX" },
    { "iv", 0, 0, G_OPTION_ARG_STRING, &iv,
      "The sender's write IV from the key block (AEAD suites)", "HEX" },
    { "mac-key", 0, 0, G_OPTION_ARG_STRING, &mac_key, "The sender's write MAC key (CBC suites)",
      "HEX" },
    { "seq", 0, 0, G_OPTION_ARG_STRING, &seq,
      "Sequence number: 0 for the first record after ChangeCipherSpec", "N" },
    { "encrypt-then-mac", 0, 0, G_OPTION_ARG_NONE, &etm,
      "CBC with encrypt-then-MAC (RFC 7366) rather than MAC-then-encrypt", NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { NULL },
  };
  g_auto (LabRecordKeys) keys = { 0 };
  g_autofree char *record_text = NULL;
  g_autoptr (GBytes) record = NULL;
  g_autoptr (LabRecordDecryption) d = NULL;
  g_autoptr (GError) error = NULL;

  if (!lab_cli_parse (COMMAND, "RECORD_HEX",
                      "Decrypt and verify one TLS 1.2 record (5-byte header included), step by "
                      "step. Exit status 1 when it is not authentic.",
                      entries, &argc, &argv))
    return LAB_EXIT_USAGE;
  if (suite_name == NULL)
    return lab_cli_usage_error (COMMAND, "--suite is required");
  keys.suite = lab_cli_suite_option (COMMAND, suite_name);
  if (keys.suite == NULL || !read_keys (key, iv, mac_key, &keys) || !read_seq (seq, &keys.seq))
    return LAB_EXIT_USAGE;
  keys.encrypt_then_mac = etm;
  if (etm && keys.suite->protection != LAB_RECORD_CBC)
    return lab_cli_usage_error (COMMAND, "--encrypt-then-mac applies to CBC suites only, not "
                                         "to %s",
                                keys.suite->openssl_name);
  if (argc < 2)
    return lab_cli_usage_error (COMMAND, "the record is missing: give it as hex after the "
                                         "options");
  /* A hex dump pasted without quotes arrives as many arguments. */
  record_text = g_strjoinv (" ", argv + 1);
  record = lab_cli_hex_option (COMMAND, "RECORD_HEX", record_text, LAB_CLI_ANY_LENGTH);
  if (record == NULL)
    return LAB_EXIT_USAGE;

  d = lab_record_decrypt (&keys, record, &error);
  if (d == NULL)
    return lab_cli_usage_error (COMMAND, "%s", error->message);
  if (json)
    print_json (d);
  else
    print_text (d);
  return d->authentic ? LAB_EXIT_OK : LAB_EXIT_MISMATCH;
}
