/* Every explanation key the lab can show has a text: the keys of every registry table,
 * every field the dissector knows, and every key in trees of real dissections. And
 * every text in the files belongs to something. */
#include <string.h>

#include "test-dissect-samples.h"
#include "tls/lab-dissect.h"
#include "tls/lab-explanations.h"
#include "tls/lab-extensions.h"
#include "tls/lab-groups.h"
#include "tls/lab-signature-schemes.h"
#include "tls/lab-verify-errors.h"

static void
assert_has_text (const char *key)
{
  const LabExplanation *explanation = lab_explanation_lookup (key);

  if (explanation == NULL)
    g_error ("no explanation for “%s”", key);
  g_assert_cmpstr (explanation->key, ==, key);
  g_assert_cmpuint (strlen (explanation->title), >, 0);
  g_assert_cmpuint (strlen (explanation->text), >, 20);
  g_assert_true (g_str_has_suffix (explanation->text, "."));
  g_assert_nonnull (explanation->rfc);
}

static void
test_explanations_files_are_well_formed (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) keys = lab_explanation_keys ();

  g_assert_true (lab_explanations_check (&error));
  g_assert_no_error (error);
  g_assert_cmpuint (keys->len, >, 300);
  for (guint i = 0; i < keys->len; i++)
    assert_has_text (g_ptr_array_index (keys, i));
  g_assert_null (lab_explanation_lookup (NULL));
  g_assert_null (lab_explanation_lookup ("field.no_such_field"));
}

static void
test_explanations_first_sentence (void)
{
  const LabExplanation *alert = lab_explanation_lookup ("alert.bad_record_mac");
  g_autofree char *sentence = lab_explanation_first_sentence (alert);

  g_assert_cmpstr (alert->title, ==, "bad_record_mac (20)");
  g_assert_cmpstr (alert->rfc, ==, "RFC 5246 §7.2.2");
  g_assert_true (g_str_has_prefix (alert->text, sentence));
  g_assert_true (g_str_has_suffix (sentence, "."));
  g_assert_cmpuint (strlen (sentence), <, strlen (alert->text));
}

static void
test_explanations_cover_the_tables (void)
{
  gsize n;
  const LabExtensionInfo *extensions = lab_extension_all (&n);

  for (gsize i = 0; i < n; i++)
    assert_has_text (extensions[i].explanation_key);
  for (const LabGroupInfo *groups = lab_group_all (&n); n > 0; n--, groups++)
    assert_has_text (groups->explanation_key);
  for (const LabSignatureSchemeInfo *schemes = lab_signature_scheme_all (&n); n > 0; n--, schemes++)
    assert_has_text (schemes->explanation_key);
  for (const LabVerifyErrorInfo *errors = lab_verify_error_all (&n); n > 0; n--, errors++)
    assert_has_text (errors->explanation_key);
  for (const LabCipherSuite *suites = lab_cipher_suite_all (&n); n > 0; n--, suites++)
    assert_has_text (suites->explanation_key);
  /* the suites known by name only: their own text, or the one that says so */
  for (const LabCipherSuiteName *names = lab_cipher_suite_name_all (&n); n > 0; n--, names++)
    assert_has_text (names->explanation_key ? names->explanation_key
                                            : LAB_CIPHER_SUITE_NOT_OPENABLE_KEY);
  for (guint value = 0; value < 256; value++)
    {
      const LabAlertInfo *alert = lab_alert_lookup (value);
      const LabHandshakeTypeInfo *message = lab_handshake_type_lookup (value);
      const LabContentTypeInfo *content = lab_content_type_lookup (value);

      if (alert != NULL)
        assert_has_text (alert->explanation_key);
      if (message != NULL)
        assert_has_text (message->explanation_key);
      if (content != NULL)
        assert_has_text (content->explanation_key);
    }
  for (const char *const *key = lab_dissect_field_keys (); *key != NULL; key++)
    assert_has_text (*key);
}

static void
check_node (const LabField *field, gpointer user_data)
{
  assert_has_text (field->explanation_key);
  if (field->value_key != NULL)
    assert_has_text (field->value_key);
  *(guint *)user_data += 1;
}

static void
check_tree (LabField *tree, guint *nodes)
{
  lab_field_foreach (tree, check_node, nodes);
  lab_field_unref (tree);
}

/* All the trees the dissector tests make, malformed ones included. */
static void
test_explanations_cover_the_trees (void)
{
  LabDissectOptions gcm
      = { lab_cipher_suite_lookup_name ("ECDHE-ECDSA-AES128-GCM-SHA256"), TRUE, FALSE, 0 };
  LabDissectOptions cbc = { lab_cipher_suite_lookup_name ("AES128-SHA"), TRUE, FALSE, 0 };
  LabDissectOptions etm = { lab_cipher_suite_lookup_name ("AES128-SHA"), TRUE, TRUE, 0 };
  LabDissectOptions dhe = { lab_cipher_suite_lookup_name ("DHE-RSA-AES128-GCM-SHA256") };
  LabDissectOptions rsa = { lab_cipher_suite_lookup_name ("AES128-GCM-SHA256") };
  LabDissectOptions unknown = { NULL, TRUE, FALSE, 0 };
  GBytes *records[] = {
    sample_client_hello_record (),
    sample_server_hello_record (),
    sample_certificate_record (),
    sample_ske_ecdhe_record (),
    sample_ske_dhe_record (),
    sample_cke_record (1, 32),
    sample_cke_record (2, 256),
    sample_request_and_done_record (),
    sample_small_records (),
    g_bytes_new_static ("\x63\x03\x03\x00\x01\x00", 6),
    g_bytes_new_static ("\x16\x03\x03\x00\x05\x63\x00\x00\x01\x00", 10),
    g_bytes_new_static ("\x16\x03\x03\x00\x05\x14\x00\x00\x0c\x00", 10),
  };
  GBytes *messages[] = {
    sample_certificate_verify (),
    sample_finished (),
    sample_new_session_ticket (),
    sample_certificate_status (),
  };
  g_autoptr (GBytes) encrypted = sample_encrypted_record (LAB_CONTENT_APPLICATION_DATA, 64);
  guint nodes = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (records); i++)
    {
      gsize size = g_bytes_get_size (records[i]);

      check_tree (lab_dissect_records (records[i], NULL), &nodes);
      check_tree (lab_dissect_records (records[i], &dhe), &nodes);
      check_tree (lab_dissect_records (records[i], &rsa), &nodes);
      for (gsize cut = 0; cut < size; cut += 7)
        {
          g_autoptr (GBytes) part = g_bytes_new_from_bytes (records[i], 0, cut);
          check_tree (lab_dissect_records (part, NULL), &nodes);
        }
      g_bytes_unref (records[i]);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (messages); i++)
    {
      check_tree (lab_dissect_message (messages[i], NULL), &nodes);
      g_bytes_unref (messages[i]);
    }
  check_tree (lab_dissect_records (encrypted, &gcm), &nodes);
  check_tree (lab_dissect_records (encrypted, &cbc), &nodes);
  check_tree (lab_dissect_records (encrypted, &etm), &nodes);
  check_tree (lab_dissect_records (encrypted, &unknown), &nodes);
  g_assert_cmpuint (nodes, >, 1000);
}

/* Each key in the files names something the lab has: no typos, no orphans. */
static void
test_explanations_have_owners (void)
{
  g_autoptr (GPtrArray) keys = lab_explanation_keys ();
  const char *const *field_keys = lab_dissect_field_keys ();

  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      const char *dot = strchr (key, '.');
      g_autofree char *kind = g_strndup (key, dot ? dot - key : 0);
      const char *name = dot ? dot + 1 : "";
      gboolean owned = FALSE;

      if (g_str_equal (kind, "alert"))
        owned = lab_alert_lookup_name (name) != NULL;
      else if (g_str_equal (kind, "message"))
        owned = lab_handshake_type_lookup_name (name) != NULL;
      else if (g_str_equal (kind, "extension"))
        owned = lab_extension_lookup_name (name) != NULL || g_strv_contains (field_keys, key);
      else if (g_str_equal (kind, "group"))
        owned = lab_group_lookup_name (name) != NULL;
      else if (g_str_equal (kind, "signature_scheme"))
        owned = lab_signature_scheme_lookup_name (name) != NULL;
      else if (g_str_equal (kind, "verify"))
        owned = lab_verify_error_lookup_symbol (name) != NULL;
      else if (g_str_equal (kind, "suite"))
        {
          gsize n_names;
          const LabCipherSuiteName *names = lab_cipher_suite_name_all (&n_names);

          owned = lab_cipher_suite_lookup_name (name) != NULL
                  || g_str_equal (key, LAB_CIPHER_SUITE_NOT_OPENABLE_KEY);
          for (gsize n = 0; n < n_names && !owned; n++)
            owned = g_strcmp0 (names[n].explanation_key, key) == 0;
        }
      else if (g_str_equal (kind, "content"))
        for (guint value = 0; value < 256 && !owned; value++)
          owned = lab_content_type_lookup (value)
                  && g_str_equal (lab_content_type_lookup (value)->explanation_key, key);
      else if (g_str_equal (kind, "field"))
        owned = g_strv_contains (field_keys, key);
      if (!owned)
        g_error ("the explanation “%s” belongs to nothing the lab knows", key);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/explanations/files-are-well-formed", test_explanations_files_are_well_formed);
  g_test_add_func ("/explanations/first-sentence", test_explanations_first_sentence);
  g_test_add_func ("/explanations/cover-the-tables", test_explanations_cover_the_tables);
  g_test_add_func ("/explanations/cover-the-trees", test_explanations_cover_the_trees);
  g_test_add_func ("/explanations/have-owners", test_explanations_have_owners);
  return g_test_run ();
}
