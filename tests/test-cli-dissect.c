/* `handshake-lab dissect`: trees for records and messages as text or JSON, from hex or
 * from a file; exit 2 for bad input, 1 for malformed bytes. */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "lab-test-util.h"
#include "test-dissect-samples.h"
#include "engine/export/lab-json.h"
#include "tls/lab-dissect.h"
#include "tls/lab-hex.h"

static char *
hex_of (GBytes *bytes)
{
  return lab_hex_encode_bytes (bytes);
}

static void
test_cli_dissect_text (void)
{
  g_autoptr (GBytes) bytes = sample_client_hello_record ();
  g_autofree char *hex = hex_of (bytes);
  const char *argv[] = { "dissect", hex, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (lab_test_spawn (argv, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_str_has_prefix (out, "offset length  field\n"));
  g_assert_nonnull (strstr (out, "     0      1      Content type: handshake (22)\n"));
  g_assert_nonnull (strstr (out, "    11     32        Client random: 0102030405"));
  g_assert_nonnull (strstr (out, "Host name: server.handshake.lab"));
  g_assert_nonnull (strstr (out, "ClientHello: TLS 1.2, 5 suites, SNI server.handshake.lab"));
  /* the short explanation under a field is the first sentence of its text */
  g_assert_nonnull (strstr (out, "32 bytes the client draws fresh for every connection.\n"));
}

static void
test_cli_dissect_json (void)
{
  g_autoptr (GBytes) bytes = sample_finished ();
  g_autofree char *hex = hex_of (bytes);
  const char *argv[] = { "dissect", "--json", "--message", hex, NULL };
  g_autofree char *out = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonObject *root;

  g_assert_cmpint (lab_test_spawn (argv, &out, NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "name"), ==, "Finished");
  g_assert_cmpint (json_object_get_int_member (root, "length"), ==, 16);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "children")), ==, 3);
}

static void
test_cli_dissect_files (void)
{
  g_autoptr (GBytes) bytes = sample_server_hello_record ();
  g_autofree char *hex = hex_of (bytes);
  g_autofree char *dir = g_dir_make_tmp ("lab-dissect-XXXXXX", NULL);
  g_autofree char *hex_path = g_build_filename (dir, "hello.hex", NULL);
  g_autofree char *raw_path = g_build_filename (dir, "hello.bin", NULL);
  g_autofree char *hex_arg = g_strconcat ("@", hex_path, NULL);
  g_autofree char *raw_arg = g_strconcat ("@", raw_path, NULL);
  const char *hex_argv[] = { "dissect", hex_arg, NULL };
  const char *raw_argv[] = { "dissect", raw_arg, NULL };
  g_autofree char *hex_out = NULL;
  g_autofree char *raw_out = NULL;
  g_autofree char *spaced = g_strdup_printf ("%.10s\n  %s\n", hex, hex + 10);

  g_assert_true (g_file_set_contents (hex_path, spaced, -1, NULL));
  g_assert_true (g_file_set_contents (raw_path, g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), NULL));
  g_assert_cmpint (lab_test_spawn (hex_argv, &hex_out, NULL), ==, 0);
  g_assert_cmpint (lab_test_spawn (raw_argv, &raw_out, NULL), ==, 0);
  g_assert_nonnull (strstr (hex_out, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 (0xc02b)"));
  g_assert_cmpstr (hex_out, ==, raw_out);
  g_remove (hex_path);
  g_remove (raw_path);
  g_rmdir (dir);
}

static void
test_cli_dissect_encrypted (void)
{
  const char *argv[]
      = { "dissect",
          "--suite",
          "ECDHE-ECDSA-AES128-GCM-SHA256",
          "--encrypted",
          "1703030028",
          "00000000000000010000000000000000000000000000000000000000000000000000000000000000",
          NULL };
  g_autofree char *out = NULL;

  g_assert_cmpint (lab_test_spawn (argv, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Explicit nonce: 0000000000000001"));
  g_assert_nonnull (strstr (out, "Authentication tag"));
}

static void
test_cli_dissect_malformed (void)
{
  const char *argv[] = { "dissect", "16030300100100000c0303", NULL };
  g_autofree char *out = NULL;

  g_assert_cmpint (lab_test_spawn (argv, &out, NULL), ==, 1);
  g_assert_nonnull (strstr (out, "ERROR: The input ends inside “Client random”"));
}

static void
assert_usage_error (const char *const *argv, const char *message)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (lab_test_spawn (argv, &out, &err), ==, 2);
  g_assert_cmpstr (out, ==, "");
  if (strstr (err, message) == NULL)
    g_error ("stderr “%s” does not say “%s”", err, message);
}

static void
test_cli_dissect_bad_input (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lab-dissect-XXXXXX", NULL);
  g_autofree char *empty_path = g_build_filename (dir, "empty", NULL);
  g_autofree char *empty_arg = g_strconcat ("@", empty_path, NULL);
  const char *bad_hex[] = { "dissect", "16 03 0x", NULL };
  const char *odd_hex[] = { "dissect", "160", NULL };
  const char *missing[] = { "dissect", "@/nonexistent/records.hex", NULL };
  const char *nothing[] = { "dissect", NULL };
  const char *empty[] = { "dissect", empty_arg, NULL };
  const char *suite[] = { "dissect", "--suite", "NO-SUCH-SUITE", "16", NULL };
  const char *option[] = { "dissect", "--no-such-option", "16", NULL };

  g_assert_true (g_file_set_contents (empty_path, "", 0, NULL));
  assert_usage_error (bad_hex, "handshake-lab dissect: not a hexadecimal digit at offset 7");
  assert_usage_error (odd_hex, "odd number of hexadecimal digits");
  assert_usage_error (missing, "/nonexistent/records.hex");
  assert_usage_error (nothing, "give the bytes as hexadecimal or as @FILE");
  assert_usage_error (empty, "there are no bytes to dissect");
  assert_usage_error (suite, "--suite: unknown cipher suite 'NO-SUCH-SUITE'");
  assert_usage_error (option, "Unknown option --no-such-option");
  g_remove (empty_path);
  g_rmdir (dir);
}

/* Hex read from a file is held to the command line's rules: the same message, with the
 * file's name, and the same exit status; it is never dissected as text. */
static void
test_cli_dissect_file_bad_hex (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lab-dissect-XXXXXX", NULL);
  g_autofree char *path = lab_test_write_file (dir, "bad.hex", "16 03 03 00 05 01 0g");
  g_autofree char *arg = g_strconcat ("@", path, NULL);
  g_autofree char *expected = g_strdup_printf (
    "handshake-lab dissect: %s: not a hexadecimal digit at offset 19: 'g'\n", path);
  const char *file_argv[] = { "dissect", arg, NULL };
  const char *line_argv[] = { "dissect", "16 03 03 00 05 01 0g", NULL };
  g_autofree char *out = NULL, *err = NULL, *line_err = NULL;

  g_assert_cmpint (lab_test_spawn (file_argv, &out, &err), ==, 2);
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpstr (err, ==, expected);
  g_assert_cmpint (lab_test_spawn (line_argv, NULL, &line_err), ==, 2);
  g_assert_cmpstr (line_err, ==,
                   "handshake-lab dissect: not a hexadecimal digit at offset 19: 'g'\n");
  lab_test_remove_tree (dir);
}

/* Records are dissected and printed one at a time (memory holds one record however many
 * there are): the JSON is byte for byte the whole tree's, offsets included, and a
 * malformed last record still makes the exit status 1. */
static void
test_cli_dissect_records_streamed (void)
{
  GBytes *parts[] = { sample_client_hello_record (), sample_server_hello_record (),
                      sample_certificate_record (), sample_small_records (),
                      g_bytes_new_static ("\x15\x03\x03\x00\x09\x02", 6) };
  g_autoptr (GByteArray) all = g_byte_array_new ();
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (LabField) tree = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *whole = NULL, *hex = NULL, *out = NULL, *text = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lab-dissect-XXXXXX", NULL);
  g_autofree char *path = NULL, *arg = NULL;
  g_autofree char *second = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_byte_array_append (all, g_bytes_get_data (parts[i], NULL), g_bytes_get_size (parts[i]));
      g_bytes_unref (parts[i]);
    }
  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&all));
  tree = lab_dissect_records (bytes, NULL);
  node = lab_field_to_json (tree);
  whole = lab_json_to_text (node);
  hex = hex_of (bytes);
  path = lab_test_write_file (dir, "records.hex", hex);
  arg = g_strconcat ("@", path, NULL);

  g_assert_cmpint (lab_test_spawn ((const char *[]){ "dissect", "--json", arg, NULL }, &out, NULL),
                   ==, 1);
  g_assert_cmpstr (out, ==, whole);
  g_assert_cmpint (lab_test_spawn ((const char *[]){ "dissect", arg, NULL }, &text, NULL), ==, 1);
  /* the second record at its place in the input, not at 0 */
  second = g_strdup_printf ("%6" G_GSIZE_FORMAT " ", lab_field_get_child (tree, 1)->offset);
  lab_test_assert_contains (text, second);
  g_assert_cmpuint (lab_field_get_child (tree, 1)->offset, >, 0);
  lab_test_assert_contains (text, "Records: ");
  lab_test_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli-dissect/text", test_cli_dissect_text);
  g_test_add_func ("/cli-dissect/json", test_cli_dissect_json);
  g_test_add_func ("/cli-dissect/files", test_cli_dissect_files);
  g_test_add_func ("/cli-dissect/encrypted", test_cli_dissect_encrypted);
  g_test_add_func ("/cli-dissect/malformed", test_cli_dissect_malformed);
  g_test_add_func ("/cli-dissect/bad-input", test_cli_dissect_bad_input);
  g_test_add_func ("/cli-dissect/file-bad-hex", test_cli_dissect_file_bad_hex);
  g_test_add_func ("/cli-dissect/records-streamed", test_cli_dissect_records_streamed);
  return g_test_run ();
}
