/* lab-cli-dissect.c: `handshake-lab dissect`: every byte of records (or of one bare
 * handshake message) named, with its offset, length, value and a short explanation. */
#include "lab-cli.h"
#include "lab-cli-options.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "tls/lab-dissect.h"
#include "tls/lab-error.h"
#include "tls/lab-explanations.h"
#include "tls/lab-hex.h"
#include "tls/lab-text.h"

#define COMMAND "dissect"

/* HEX on the command line (maybe split over several arguments), or @FILE holding hex
 * text or raw bytes; @- reads standard input. */
static GBytes *
read_input (int argc, char **argv, GError **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) hex_error = NULL;

  if (argc < 2)
    {
      g_set_error_literal (error, LAB_ERROR, LAB_ERROR_INVALID,
                           "give the bytes as hexadecimal or as @FILE");
      return NULL;
    }
  if (argv[1][0] != '@')
    {
      g_autofree char *text = g_strjoinv (" ", argv + 1);
      bytes = lab_hex_decode (text, error);
    }
  else if (argc > 2)
    {
      g_set_error_literal (error, LAB_ERROR, LAB_ERROR_INVALID, "give one @FILE, nothing after it");
      return NULL;
    }
  else if (g_str_equal (argv[1], "@-"))
    {
      g_autoptr (GIOChannel) channel = g_io_channel_unix_new (fileno (stdin));

      g_io_channel_set_encoding (channel, NULL, NULL);
      if (g_io_channel_read_to_end (channel, &contents, &length, error) != G_IO_STATUS_NORMAL)
        return NULL;
    }
  else if (!g_file_get_contents (argv[1] + 1, &contents, &length, error))
    return NULL;
  if (contents != NULL)
    {
      /* a file of hex text reads as hex; anything else is the bytes themselves */
      g_autofree char *text = g_strndup (contents, length);

      bytes = strlen (text) == length ? lab_hex_decode (text, &hex_error) : NULL;
      if (bytes == NULL)
        bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
    }
  if (bytes != NULL && g_bytes_get_size (bytes) == 0)
    {
      g_set_error_literal (error, LAB_ERROR, LAB_ERROR_INVALID, "there are no bytes to dissect");
      return NULL;
    }
  return g_steal_pointer (&bytes);
}

static const LabExplanation *
explanation_of (const LabField *field)
{
  const LabExplanation *value = lab_explanation_lookup (field->value_key);

  return value ? value : lab_explanation_lookup (field->explanation_key);
}

static void
print_field (GString *out, const LabField *field, guint depth)
{
  const LabExplanation *explanation = explanation_of (field);

  g_string_append_printf (out, "%6" G_GSIZE_FORMAT " %6" G_GSIZE_FORMAT "  %*s%s", field->offset,
                          field->length, (int)depth * 2, "", field->label);
  /* a value may quote the bytes (a certificate's names): never raw control characters */
  if (field->error != NULL)
    {
      g_autofree char *error = lab_text_printable (field->error);
      g_string_append_printf (out, "  ERROR: %s", error);
    }
  else if (field->value != NULL)
    {
      g_autofree char *value = lab_text_printable (field->value);
      g_string_append_printf (out, ": %s", value);
    }
  g_string_append_c (out, '\n');
  if (explanation != NULL && field->error == NULL)
    {
      g_autofree char *sentence = lab_explanation_first_sentence (explanation);
      g_string_append_printf (out, "%15s%*s%s\n", "", (int)depth * 2, "", sentence);
    }
  for (guint i = 0; i < lab_field_n_children (field); i++)
    print_field (out, lab_field_get_child (field, i), depth + 1);
}

int
lab_cli_dissect (int argc, char **argv)
{
  gboolean json = FALSE, message = FALSE, encrypted = FALSE, encrypt_then_mac = FALSE;
  g_autofree char *suite_name = NULL;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the field tree as JSON", NULL },
    { "message", 0, 0, G_OPTION_ARG_NONE, &message,
      "The bytes are one bare handshake message, not records", NULL },
    { "suite", 0, 0, G_OPTION_ARG_STRING, &suite_name,
      "The negotiated cipher suite (OpenSSL or IANA name)", "NAME" },
    { "encrypted", 0, 0, G_OPTION_ARG_NONE, &encrypted,
      "The records are protected (sent after ChangeCipherSpec)", NULL },
    { "encrypt-then-mac", 0, 0, G_OPTION_ARG_NONE, &encrypt_then_mac,
      "CBC suites: encrypt-then-MAC was negotiated (RFC 7366)", NULL },
    { NULL },
  };
  LabDissectOptions options = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (LabField) tree = NULL;

  if (!lab_cli_parse (COMMAND, "(HEX | @FILE)",
                      "Names every byte of TLS records, or with --message of one handshake "
                      "message.\nExit status 1 means the bytes are malformed (the tree shows "
                      "where).",
                      entries, &argc, &argv))
    return LAB_EXIT_USAGE;
  if (suite_name != NULL && (options.suite = lab_cli_suite_option (COMMAND, suite_name)) == NULL)
    return LAB_EXIT_USAGE;
  bytes = read_input (argc, argv, &error);
  if (bytes == NULL)
    return lab_cli_usage_error (COMMAND, "%s", error->message);
  options.encrypted = encrypted;
  options.encrypt_then_mac = encrypt_then_mac;
  tree = message ? lab_dissect_message (bytes, &options) : lab_dissect_records (bytes, &options);
  if (json)
    {
      g_autoptr (JsonNode) node = lab_field_to_json (tree);
      lab_cli_print_json (node);
    }
  else
    {
      g_autoptr (GString) out = g_string_new ("offset length  field\n");
      print_field (out, tree, 0);
      fputs (out->str, stdout);
    }
  return lab_field_find_error (tree) ? LAB_EXIT_MISMATCH : LAB_EXIT_OK;
}
