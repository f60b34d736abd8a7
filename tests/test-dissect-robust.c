/* Malformed input never crashes the dissector, never makes it read past the buffer,
 * and always yields a tree whose leaves cover the input exactly, with the error node
 * where reading had to stop: cut at every length, lengths made too long, random bytes
 * changed. */
#include <json-glib/json-glib.h>

#include "lab-test-keys.h"
#include "lab-test-util.h"
#include "test-dissect-samples.h"
#include "tls/lab-dissect.h"

typedef struct
{
  const char *name;
  GBytes *(*make) (void);
  const char *suite;
  gboolean message; /* a bare handshake message, not records */
  gboolean encrypted;
  gboolean tls13; /* read with the TLS 1.3 layouts */
} Sample;

/* RFC 8448 §3's message `index` (tests/corpus/rfc8448.json), header included */
static GBytes *
rfc8448_message (guint index)
{
  g_autofree char *path = lab_test_corpus_path ("rfc8448.json", NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonObject *vectors;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  vectors = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                           "rfc8448_simple_1rtt");
  return lab_test_hex (json_object_get_string_member (
      json_array_get_object_element (json_object_get_array_member (vectors, "messages"), index),
      "bytes"));
}

static GBytes *
tls13_client_hello (void)
{
  return rfc8448_message (0);
}

static GBytes *
tls13_server_hello (void)
{
  return rfc8448_message (1);
}

static GBytes *
tls13_encrypted_extensions (void)
{
  return rfc8448_message (2);
}

static GBytes *
tls13_certificate (void)
{
  return rfc8448_message (3);
}

/* RFC 8446 §4.6.1 with an early_data extension */
static GBytes *
tls13_new_session_ticket (void)
{
  Builder *b = builder_new ();

  put_uint (b, LAB_HS_NEW_SESSION_TICKET, 1);
  open_vector (b, 3);
  put_uint (b, 7200, 4);
  put_uint (b, 0x01020304, 4);
  open_vector (b, 1), put_uint (b, 0, 1), close_vector (b);
  open_vector (b, 2), put_fill (b, 0xcc, 16), close_vector (b);
  open_vector (b, 2);
  put_uint (b, 42, 2), open_vector (b, 2), put_uint (b, 16384, 4), close_vector (b);
  close_vector (b);
  close_vector (b);
  return builder_finish (b);
}

/* RFC 8446 §4.2.11: a ClientHello whose only extension is pre_shared_key */
static GBytes *
tls13_psk_client_hello (void)
{
  Builder *b = builder_new ();

  put_uint (b, LAB_HS_CLIENT_HELLO, 1);
  open_vector (b, 3);
  put_uint (b, 0x0303, 2);
  put_fill (b, 0x11, 32);
  put_uint (b, 0, 1);
  open_vector (b, 2), put_uint (b, 0x1301, 2), close_vector (b);
  open_vector (b, 1), put_uint (b, 0, 1), close_vector (b);
  open_vector (b, 2);
  put_uint (b, 41, 2);
  open_vector (b, 2);
  open_vector (b, 2);
  open_vector (b, 2), put_string (b, "ticket"), close_vector (b);
  put_uint (b, 0x01020304, 4);
  close_vector (b);
  open_vector (b, 2);
  open_vector (b, 1), put_fill (b, 0xbb, 32), close_vector (b);
  close_vector (b);
  close_vector (b);
  close_vector (b);
  close_vector (b);
  return builder_finish (b);
}

static GBytes *
cke_ecdhe (void)
{
  return sample_cke_record (1, 32);
}

static GBytes *
cke_rsa (void)
{
  return sample_cke_record (2, 256);
}

static GBytes *
client_hello_message (void)
{
  g_autoptr (GBytes) record = sample_client_hello_record ();

  return g_bytes_new_from_bytes (record, 5, g_bytes_get_size (record) - 5);
}

static GBytes *
encrypted_records (void)
{
  Builder *b = builder_new ();

  open_record (b, LAB_CONTENT_HANDSHAKE);
  put_fill (b, 0x77, 80);
  close_vector (b);
  open_record (b, LAB_CONTENT_APPLICATION_DATA);
  put_fill (b, 0x78, 96);
  close_vector (b);
  return builder_finish (b);
}

static const Sample samples[] = {
  { "client-hello", sample_client_hello_record, NULL, FALSE, FALSE },
  { "client-hello-message", client_hello_message, NULL, TRUE, FALSE },
  { "server-hello", sample_server_hello_record, NULL, FALSE, FALSE },
  { "certificate", sample_certificate_record, NULL, FALSE, FALSE },
  { "ske-ecdhe", sample_ske_ecdhe_record, "ECDHE-ECDSA-AES128-GCM-SHA256", FALSE, FALSE },
  { "ske-dhe", sample_ske_dhe_record, "DHE-RSA-AES128-GCM-SHA256", FALSE, FALSE },
  { "cke-ecdhe", cke_ecdhe, "ECDHE-RSA-AES128-GCM-SHA256", FALSE, FALSE },
  { "cke-rsa", cke_rsa, "AES128-GCM-SHA256", FALSE, FALSE },
  { "request-and-done", sample_request_and_done_record, NULL, FALSE, FALSE },
  { "small-records", sample_small_records, NULL, FALSE, FALSE },
  { "certificate-verify", sample_certificate_verify, NULL, TRUE, FALSE },
  { "finished", sample_finished, NULL, TRUE, FALSE },
  { "new-session-ticket", sample_new_session_ticket, NULL, TRUE, FALSE },
  { "certificate-status", sample_certificate_status, NULL, TRUE, FALSE },
  { "encrypted-gcm", encrypted_records, "ECDHE-ECDSA-AES128-GCM-SHA256", FALSE, TRUE },
  { "encrypted-cbc", encrypted_records, "ECDHE-RSA-AES256-SHA384", FALSE, TRUE },
  { "tls13-client-hello", tls13_client_hello, NULL, TRUE, FALSE, TRUE },
  { "tls13-server-hello", tls13_server_hello, NULL, TRUE, FALSE, FALSE },
  { "tls13-encrypted-extensions", tls13_encrypted_extensions, NULL, TRUE, FALSE, TRUE },
  { "tls13-certificate", tls13_certificate, NULL, TRUE, FALSE, TRUE },
  { "tls13-new-session-ticket", tls13_new_session_ticket, NULL, TRUE, FALSE, TRUE },
  { "tls13-psk-client-hello", tls13_psk_client_hello, NULL, TRUE, FALSE, TRUE },
};

static LabField *
dissect (const Sample *sample, GBytes *bytes)
{
  LabDissectOptions options = { lab_cipher_suite_lookup_name (sample->suite), sample->encrypted,
                                TRUE, 0, sample->tls13 };

  return sample->message ? lab_dissect_message (bytes, &options)
                         : lab_dissect_records (bytes, &options);
}

static void
count_error (const LabField *field, gpointer user_data)
{
  *(guint *)user_data += field->error != NULL;
}

static guint
count_errors (const LabField *tree)
{
  guint n = 0;

  lab_field_foreach (tree, count_error, &n);
  return n;
}

/* The first leaf of the whole tree that holds byte n (or starts at n). */
static const LabField *
leaf_at (GPtrArray *leaves, gsize n)
{
  for (guint i = 0; i < leaves->len; i++)
    {
      const LabField *leaf = g_ptr_array_index (leaves, i);

      if (leaf->offset <= n && n < leaf->offset + leaf->length)
        return leaf;
    }
  g_assert_not_reached ();
}

static gboolean
is_record_end (const LabField *whole, gsize n)
{
  for (guint i = 0; i < lab_field_n_children (whole); i++)
    {
      const LabField *record = lab_field_get_child (whole, i);

      if (record->offset + record->length == n)
        return TRUE;
    }
  return FALSE;
}

/* Cut at every length: everything before the cut reads as in the whole input, and the
 * one error node starts at the first field the cut left incomplete. */
static void
test_truncated (gconstpointer data)
{
  const Sample *sample = data;
  g_autoptr (GBytes) bytes = sample->make ();
  g_autoptr (LabField) whole = dissect (sample, bytes);
  g_autoptr (GPtrArray) whole_leaves = lab_field_collect_leaves (whole);
  gsize length = g_bytes_get_size (bytes);

  g_assert_null (lab_field_find_error (whole));
  for (gsize n = 0; n < length; n++)
    {
      g_autoptr (GBytes) cut = g_bytes_new_from_bytes (bytes, 0, n);
      g_autoptr (LabField) tree = dissect (sample, cut);
      g_autoptr (GPtrArray) leaves = lab_field_collect_leaves (tree);
      LabField *error = lab_field_find_error (tree);

      assert_covers (tree, n);
      if (n > 0 && !sample->message && is_record_end (whole, n))
        {
          g_assert_null (error);
          continue;
        }
      g_assert_nonnull (error);
      g_assert_cmpuint (count_errors (tree), ==, 1);
      g_assert_cmpuint (error->offset, ==, n == 0 ? 0 : leaf_at (whole_leaves, n)->offset);
      g_assert_cmpuint (error->offset + error->length, ==, n);
      for (guint i = 0; i < leaves->len; i++)
        {
          const LabField *leaf = g_ptr_array_index (leaves, i);
          const LabField *same = g_ptr_array_index (whole_leaves, i);

          if (leaf == error)
            break;
          g_assert_cmpstr (leaf->name, ==, same->name);
          g_assert_cmpuint (leaf->offset, ==, same->offset);
          g_assert_cmpuint (leaf->length, ==, same->length);
        }
    }
}

static const LabField *
parent_of (const LabField *root, const LabField *node)
{
  for (guint i = 0; i < lab_field_n_children (root); i++)
    {
      const LabField *child = lab_field_get_child (root, i);
      const LabField *found = child == node ? root : parent_of (child, node);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The node whose reader a length was read from: the list or message that holds a
 * vector's length, the extension list that holds an extension. NULL for lengths read
 * from an entry of a list (the test cannot tell where that list ends) and for record
 * and message lengths (a longer one means "continued", not "wrong"). */
static const LabField *
reader_owner (const LabField *root, const LabField *leaf)
{
  const LabField *parent = parent_of (root, leaf);

  if (g_strcmp0 (leaf->explanation_key, "field.extension.length") == 0)
    return parent_of (root, parent);
  if (!g_str_has_suffix (leaf->name, "_length") || g_str_equal (parent->name, "name")
      || g_str_equal (parent->name, "key_share_entry"))
    return NULL;
  return parent;
}

/* A length one byte longer than what holds it: the error comes right after the length
 * and covers the rest of what holds it; the rest of the input still reads. */
static void
test_corrupt_lengths (gconstpointer data)
{
  const Sample *sample = data;
  g_autoptr (GBytes) bytes = sample->make ();
  g_autoptr (LabField) whole = dissect (sample, bytes);
  g_autoptr (GPtrArray) leaves = lab_field_collect_leaves (whole);
  gsize size;
  const guint8 *original = g_bytes_get_data (bytes, &size);
  guint tried = 0;

  for (guint i = 0; i < leaves->len; i++)
    {
      const LabField *leaf = g_ptr_array_index (leaves, i);
      const LabField *owner = reader_owner (whole, leaf);
      gsize end = leaf->offset + leaf->length;
      guint64 value;
      g_autofree guint8 *copy = NULL;
      g_autoptr (GBytes) corrupt = NULL;
      g_autoptr (LabField) tree = NULL;
      LabField *error;

      if (owner == NULL)
        continue;
      value = owner->offset + owner->length - end + 1;
      if (leaf->length < 8 && value >> (8 * leaf->length) != 0)
        continue;
      copy = g_memdup2 (original, size);
      for (gsize j = 0; j < leaf->length; j++)
        copy[leaf->offset + j] = (value >> (8 * (leaf->length - 1 - j))) & 0xff;
      corrupt = g_bytes_new (copy, size);
      tree = dissect (sample, corrupt);
      assert_covers (tree, size);
      error = lab_field_find_error (tree);
      g_assert_nonnull (error);
      g_assert_cmpuint (error->offset, ==, end);
      g_assert_cmpuint (error->offset + error->length, ==, owner->offset + owner->length);
      tried++;
    }
  g_test_message ("%u lengths corrupted", tried);
}

/* Where the reader a DER element was read from ends: a certificate's vector, or the
 * content of the element around it. */
static gsize
der_enclosing_end (const LabField *root, const LabField *header)
{
  const LabField *node = parent_of (root, header);

  if (lab_field_get_child (node, 0) != header || g_str_equal (node->name, "certificate"))
    return node->offset + node->length;
  node = parent_of (root, node);
  return node->offset + node->length;
}

/* A DER length one byte longer than the element around it allows: the error is at the
 * element's tag and covers the rest of what holds it. */
static void
test_corrupt_der_lengths (void)
{
  g_autoptr (GBytes) bytes = sample_certificate_record ();
  g_autoptr (LabField) whole = lab_dissect_records (bytes, NULL);
  g_autoptr (GPtrArray) leaves = lab_field_collect_leaves (whole);
  gsize size;
  const guint8 *original = g_bytes_get_data (bytes, &size);
  guint tried = 0;

  for (guint i = 0; i < leaves->len; i++)
    {
      const LabField *header = g_ptr_array_index (leaves, i);
      gsize end = header->offset + header->length;
      gsize enclosing = der_enclosing_end (whole, header);
      guint length_bytes = header->length - 2; /* 0 for the short form */
      guint64 value = enclosing - end + 1;
      g_autofree guint8 *copy = NULL;
      g_autoptr (GBytes) corrupt = NULL;
      g_autoptr (LabField) tree = NULL;
      LabField *error;

      if (!g_str_equal (header->name, "der_header")
          || value >> (length_bytes ? 8 * length_bytes : 7) != 0)
        continue;
      copy = g_memdup2 (original, size);
      if (length_bytes == 0)
        copy[header->offset + 1] = value;
      for (guint j = 0; j < length_bytes; j++)
        copy[header->offset + 2 + j] = (value >> (8 * (length_bytes - 1 - j))) & 0xff;
      corrupt = g_bytes_new (copy, size);
      tree = lab_dissect_records (corrupt, NULL);
      assert_covers (tree, size);
      error = lab_field_find_error (tree);
      g_assert_nonnull (error);
      g_assert_cmpuint (error->offset, ==, header->offset);
      g_assert_cmpuint (error->offset + error->length, ==, enclosing);
      tried++;
    }
  g_assert_cmpuint (tried, >, 10);
}

/* Random bytes changed, many times over, read with and without options. */
static void
test_random_changes (gconstpointer data)
{
  const Sample *sample = data;
  g_autoptr (GBytes) bytes = sample->make ();
  gsize size;
  const guint8 *original = g_bytes_get_data (bytes, &size);

  for (guint round = 0; round < 300; round++)
    {
      g_autofree guint8 *copy = g_memdup2 (original, size);
      guint changes = g_test_rand_int_range (1, 4);
      g_autoptr (GBytes) changed = NULL;
      LabDissectOptions options
          = { g_test_rand_bit () ? lab_cipher_suite_lookup_name (sample->suite) : NULL,
              sample->encrypted, g_test_rand_bit (), 0, g_test_rand_bit () };
      g_autoptr (LabField) records = NULL;
      g_autoptr (LabField) message = NULL;
      g_autofree char *summary = NULL;
      g_autoptr (JsonNode) json = NULL;

      for (guint i = 0; i < changes; i++)
        copy[g_test_rand_int_range (0, size)] = g_test_rand_int_range (0, 256);
      changed = g_bytes_new (copy, size);
      records = lab_dissect_records (changed, &options);
      message = lab_dissect_message (changed, &options);
      assert_covers (records, size);
      assert_covers (message, size);
      summary = lab_dissect_summarize (message);
      g_assert_nonnull (summary);
      json = lab_field_to_json (records);
      g_assert_nonnull (json);
    }
}

static void
test_random_bytes (void)
{
  for (guint round = 0; round < 2000; round++)
    {
      gsize size = g_test_rand_int_range (0, 64);
      g_autofree guint8 *data = g_malloc (size + 1);
      g_autoptr (GBytes) bytes = NULL;
      g_autoptr (LabField) records = NULL;
      g_autoptr (LabField) message = NULL;

      for (gsize i = 0; i < size; i++)
        data[i] = g_test_rand_int_range (0, 256);
      /* often a plausible header, so the parsers behind it get random bytes too */
      if (size > 5 && g_test_rand_bit ())
        {
          data[0] = g_test_rand_int_range (20, 25);
          data[1] = 3;
          data[3] = 0;
          data[4] = size - 5;
          if (size > 9 && g_test_rand_bit ())
            {
              data[5] = g_test_rand_int_range (0, 23);
              data[6] = data[7] = 0;
              data[8] = size - 9;
            }
        }
      bytes = g_bytes_new (data, size);
      records = lab_dissect_records (bytes, NULL);
      message = lab_dissect_message (bytes, NULL);
      assert_covers (records, size);
      assert_covers (message, size);
    }
}

/* Unknown types are errors where their content starts, and reading goes on after them. */
static void
test_unknown_types (void)
{
  Builder *b = builder_new ();
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (LabField) tree = NULL;
  LabField *error;

  open_record (b, 99);
  put_fill (b, 0x42, 7);
  close_vector (b);
  open_record (b, LAB_CONTENT_HANDSHAKE);
  open_message (b, 99);
  put_fill (b, 0x43, 3);
  close_vector (b);
  close_vector (b);
  bytes = builder_finish (b);
  tree = lab_dissect_records (bytes, NULL);
  assert_covers (tree, g_bytes_get_size (bytes));
  g_assert_cmpuint (count_errors (tree), ==, 2);
  error = lab_field_lookup (tree, "record.error");
  g_assert_cmpuint (error->offset, ==, 5);
  g_assert_cmpuint (error->length, ==, 7);
  g_assert_cmpstr (lab_field_lookup (tree, "record[1].content_type")->value, ==, "handshake (22)");
  error = lab_field_lookup (tree, "record[1].handshake_message.error");
  g_assert_cmpuint (error->offset, ==, 21);
  g_assert_cmpuint (error->length, ==, 3);
}

/* Bytes left over inside something whole are an error there, not further out. */
static void
test_trailing_bytes (void)
{
  Builder *b = builder_new ();
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (LabField) tree = NULL;
  g_autoptr (LabField) message = NULL;
  g_autoptr (GBytes) done = g_bytes_new_static ("\x0e\x00\x00\x00\x01", 5);
  LabField *error;

  open_record (b, LAB_CONTENT_HANDSHAKE);
  open_message (b, LAB_HS_SERVER_HELLO_DONE);
  put_fill (b, 0, 2); /* ServerHelloDone is empty */
  close_vector (b);
  open_message (b, LAB_HS_FINISHED);
  put_fill (b, 0x11, 12);
  close_vector (b);
  close_vector (b);
  put_fill (b, 0x99, 3); /* half a record header */
  bytes = builder_finish (b);
  tree = lab_dissect_records (bytes, NULL);
  assert_covers (tree, g_bytes_get_size (bytes));
  error = lab_field_find_error (tree);
  g_assert_cmpuint (error->offset, ==, 9);
  g_assert_cmpuint (error->length, ==, 2);
  g_assert_nonnull (lab_field_lookup (tree, "Finished.verify_data"));
  error = lab_field_lookup (tree, "record[1].error"); /* type and version read, no length */
  g_assert_cmpuint (error->offset, ==, 30);

  message = lab_dissect_message (done, NULL);
  assert_covers (message, 5);
  g_assert_cmpuint (lab_field_find_error (message)->offset, ==, 4);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *truncated
          = g_strdup_printf ("/dissect-robust/truncated/%s", samples[i].name);
      g_autofree char *lengths
          = g_strdup_printf ("/dissect-robust/corrupt-lengths/%s", samples[i].name);
      g_autofree char *random
          = g_strdup_printf ("/dissect-robust/random-changes/%s", samples[i].name);

      g_test_add_data_func (truncated, &samples[i], test_truncated);
      g_test_add_data_func (lengths, &samples[i], test_corrupt_lengths);
      g_test_add_data_func (random, &samples[i], test_random_changes);
    }
  g_test_add_func ("/dissect-robust/random-bytes", test_random_bytes);
  g_test_add_func ("/dissect-robust/corrupt-der-lengths", test_corrupt_der_lengths);
  g_test_add_func ("/dissect-robust/unknown-types", test_unknown_types);
  g_test_add_func ("/dissect-robust/trailing-bytes", test_trailing_bytes);
  return g_test_run ();
}
