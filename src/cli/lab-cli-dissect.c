/* lab-cli-dissect.c: `handshake-lab dissect`: every byte of records (or of one bare
 * handshake message) named, with its offset, length, value and a short explanation. */
#include "lab-cli.h"
#include "lab-cli-options.h"
#include "engine/export/lab-json.h"
#include "engine/io/lab-mapped-file.h"

#include <errno.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "tls/lab-dissect.h"
#include "tls/lab-error.h"
#include "tls/lab-explanations.h"
#include "tls/lab-hex.h"
#include "tls/lab-text.h"

#define COMMAND "dissect"

/* The most a @FILE (or standard input) may hold: a hex dump of 8 MiB of records, far
 * more than any handshake, read whole before a byte is dissected. */
#define MAX_DISSECT_INPUT (16 * 1024 * 1024)

/* Text is hex: printable ASCII and whitespace only. Records themselves always start
 * with a content type below 0x20, so raw bytes are never taken for text. */
static gboolean
is_text (const guint8 *data, gsize len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isprint (data[i]) && !g_ascii_isspace (data[i]))
      return FALSE;
  return TRUE;
}

/* Standard input, at most MAX_DISSECT_INPUT bytes. */
static GBytes *
read_stdin (GError **error)
{
  g_autoptr (GByteArray) data = g_byte_array_new ();
  guint8 chunk[65536];
  size_t n;

  while ((n = fread (chunk, 1, sizeof chunk, stdin)) > 0)
    {
      if (n > MAX_DISSECT_INPUT - data->len)
        {
          lab_file_set_too_large (error, "standard input", "hex dump", (guint64) data->len + n,
                                  MAX_DISSECT_INPUT);
          return NULL;
        }
      g_byte_array_append (data, chunk, (guint) n);
    }
  if (ferror (stdin))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_IO, "standard input: %s", g_strerror (errno));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

/* HEX on the command line (maybe split over several arguments), or @FILE holding hex
 * text or raw bytes; @- reads standard input. Hex text read from a file is held to the
 * same rules as on the command line, and its errors name the file. */
static GBytes *
read_input (int argc, char **argv, GError **error)
{
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GBytes) contents = NULL;
  const char *name;

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
  else
    {
      gsize length;
      const guint8 *data;

      name = g_str_equal (argv[1], "@-") ? "standard input" : argv[1] + 1;
      contents = g_str_equal (argv[1], "@-")
                   ? read_stdin (error)
                   : lab_file_read (name, "hex dump", MAX_DISSECT_INPUT, error);
      if (contents == NULL)
        return NULL;
      data = g_bytes_get_data (contents, &length);
      if (is_text (data, length))
        {
          g_autofree char *text = g_strndup ((const char *) data, length);
          g_autoptr (GError) hex_error = NULL;

          bytes = lab_hex_decode (text, &hex_error);
          if (bytes == NULL)
            {
              g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID, "%s: %s", name, hex_error->message);
              return NULL;
            }
        }
      else
        bytes = g_bytes_ref (contents);
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

/* One node and, unless `alone`, everything below it; offsets shifted by base (a record
 * dissected on its own starts at 0). */
static void
print_field (const LabField *field, guint depth, gsize base, gboolean alone)
{
  const LabExplanation *explanation = explanation_of (field);

  printf ("%6" G_GSIZE_FORMAT " %6" G_GSIZE_FORMAT "  %*s%s", base + field->offset, field->length,
          (int) depth * 2, "", field->label);
  /* a value may quote the bytes (a certificate's names): never raw control characters */
  if (field->error != NULL)
    {
      g_autofree char *error = lab_text_printable (field->error);
      printf ("  ERROR: %s", error);
    }
  else if (field->value != NULL)
    {
      g_autofree char *value = lab_text_printable (field->value);
      printf (": %s", value);
    }
  putchar ('\n');
  if (explanation != NULL && field->error == NULL)
    {
      g_autofree char *sentence = lab_explanation_first_sentence (explanation);
      printf ("%15s%*s%s\n", "", (int) depth * 2, "", sentence);
    }
  for (guint i = 0; !alone && i < lab_field_n_children (field); i++)
    print_field (lab_field_get_child (field, i), depth + 1, base, FALSE);
}

/* ---- records one at a time ----
 *
 * A hex dump of many records would be one tree, and its JSON one document, many times
 * its size (a 4 MB dump of empty records took 5 GB). Records do not depend on each
 * other here (the options say whether they are protected), so each is dissected on its
 * own, printed and freed: memory holds the input and one record. The output is what the
 * whole tree would print, byte for byte (tests/test-cli-dissect.c checks it). */

/* Where each record starts and ends, cut as the dissector reads them: a 5-byte header
 * and the length it gives, or whatever is left. */
static GArray *
cut_records (GBytes *bytes)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  GArray *ends = g_array_new (FALSE, FALSE, sizeof (gsize));

  for (gsize at = 0; at < length;)
    {
      gsize end = length;

      if (length - at >= 5)
        end = MIN (length, at + 5 + ((gsize) data[at + 3] << 8 | data[at + 4]));
      g_array_append_val (ends, end);
      at = end;
    }
  return ends;
}

static void
shift_offsets (JsonNode *node, gsize base)
{
  JsonObject *object = json_node_get_object (node);
  JsonNode *offset = json_object_get_member (object, "offset");
  JsonArray *children = json_object_get_array_member (object, "children");

  json_node_set_int (offset, json_node_get_int (offset) + (gint64) base);
  for (guint i = 0; i < json_array_get_length (children); i++)
    shift_offsets (json_array_get_element (children, i), base);
}

/* A record's JSON as an element of the root's "children", two levels in. */
static void
print_json_element (JsonNode *node, gboolean first)
{
  g_autofree char *text = lab_json_to_text (node);
  g_auto (GStrv) lines = NULL;

  g_strchomp (text);
  lines = g_strsplit (text, "\n", -1);
  fputs (first ? "\n" : ",\n", stdout);
  for (guint i = 0; lines[i] != NULL; i++)
    printf ("%s    %s", i > 0 ? "\n" : "", lines[i]);
}

static gboolean
dissect_records (GBytes *bytes, const LabDissectOptions *options, gboolean json)
{
  g_autoptr (GArray) ends = cut_records (bytes);
  gsize first_end = g_array_index (ends, gsize, 0);
  g_autoptr (GBytes) first = g_bytes_new_from_bytes (bytes, 0, first_end);
  /* the first record as the whole input: the root's name, label and explanation, and
   * the first record with its offsets as they are */
  g_autoptr (LabField) root = lab_dissect_records (first, options);
  gboolean malformed = FALSE;

  root->length = g_bytes_get_size (bytes);
  lab_field_set_value (root, "%u %s", ends->len, ends->len == 1 ? "record" : "records");
  if (json)
    {
      g_autoptr (JsonNode) head = NULL;
      g_autofree char *text = NULL;

      /* the root with no children, then each record as it is dissected */
      g_ptr_array_set_size (root->children, 0);
      head = lab_field_to_json (root);
      json_object_remove_member (json_node_get_object (head), "hex"); /* it has records */
      text = lab_json_to_text (head);
      g_strchomp (text);
      g_return_val_if_fail (g_str_has_suffix (text, "[]\n}"), TRUE);
      text[strlen (text) - 4] = '\0';
      printf ("%s[", text);
    }
  else
    {
      printf ("offset length  field\n");
      print_field (root, 0, 0, TRUE);
    }
  for (guint i = 0; i < ends->len; i++)
    {
      gsize start = i == 0 ? 0 : g_array_index (ends, gsize, i - 1);
      gsize end = g_array_index (ends, gsize, i);
      g_autoptr (GBytes) slice = g_bytes_new_from_bytes (bytes, start, end - start);
      g_autoptr (LabField) record = lab_dissect_record (slice, options);

      malformed = malformed || lab_field_find_error (record) != NULL;
      if (json)
        {
          g_autoptr (JsonNode) node = lab_field_to_json (record);

          shift_offsets (node, start);
          print_json_element (node, i == 0);
        }
      else
        print_field (record, 1, start, FALSE);
    }
  if (json)
    printf ("\n  ]\n}\n");
  return malformed;
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
  if (!message)
    return dissect_records (bytes, &options, json) ? LAB_EXIT_MISMATCH : LAB_EXIT_OK;
  tree = lab_dissect_message (bytes, &options);
  if (json)
    {
      g_autoptr (JsonNode) node = lab_field_to_json (tree);
      lab_cli_print_json (node);
    }
  else
    {
      printf ("offset length  field\n");
      print_field (tree, 0, 0, FALSE);
    }
  return lab_field_find_error (tree) ? LAB_EXIT_MISMATCH : LAB_EXIT_OK;
}
