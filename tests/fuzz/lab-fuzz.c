/* lab-fuzz.c: the table of entry points and what the dissector targets share. */
#include "lab-fuzz.h"

#include "tls/lab-explanations.h"

const LabFuzzTarget lab_fuzz_targets[] = {
  { "records", lab_fuzz_records },
  { "message", lab_fuzz_message },
  { "certificate", lab_fuzz_certificate },
  { "decrypt", lab_fuzz_decrypt },
  { "scenario", lab_fuzz_scenario },
  { "lesson", lab_fuzz_lesson },
  { "capture", lab_fuzz_capture_file },
  { "keylog", lab_fuzz_keylog },
  { "hex", lab_fuzz_hex },
  { NULL, NULL },
};

const char *const lab_fuzz_decrypt_suites[16] = {
  "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384",
  "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-ECDSA-AES128-SHA",
  "ECDHE-ECDSA-AES256-SHA384",     "ECDHE-ECDSA-AES128-SHA256",
  "AES128-CCM",                    "AES128-CCM8",
  "AES128-SHA256",                 "AES256-GCM-SHA384",
  "ECDHE-RSA-CHACHA20-POLY1305",   "ECDHE-RSA-AES128-SHA",
  "ECDHE-RSA-AES256-SHA384",       "DHE-RSA-AES256-CCM",
  "AES256-SHA",                    "ECDHE-RSA-AES128-GCM-SHA256",
};

/* Sixteen slots: none, then suites of every record protection and key exchange the
 * dissector tells apart. */
static const char *const option_suites[16] = {
  NULL,
  "ECDHE-ECDSA-AES128-GCM-SHA256",
  "ECDHE-RSA-AES256-GCM-SHA384",
  "ECDHE-RSA-CHACHA20-POLY1305",
  "ECDHE-RSA-AES128-SHA",
  "ECDHE-RSA-AES256-SHA384",
  "DHE-RSA-AES128-GCM-SHA256",
  "DHE-RSA-AES256-SHA256",
  "AES128-GCM-SHA256",
  "AES128-SHA",
  "AES256-SHA256",
  "ECDHE-ECDSA-AES128-CCM",
  "ECDHE-ECDSA-AES128-CCM8",
  "DHE-RSA-CHACHA20-POLY1305",
  "AES256-CCM8",
  "ECDHE-ECDSA-AES256-SHA",
};

LabDissectOptions
lab_fuzz_dissect_options (guint8 byte)
{
  static const gsize continuations[4] = { 0, 1, 4, 64 };
  const char *name = option_suites[byte & 0x0f];
  const LabCipherSuite *suite = name != NULL ? lab_cipher_suite_lookup_name (name) : NULL;
  LabDissectOptions options = {
    .suite = suite,
    .encrypted = (byte & 0x10) != 0,
    .encrypt_then_mac = (byte & 0x20) != 0,
    .continuation = continuations[byte >> 6],
  };

  g_assert_true (name == NULL || suite != NULL);
  return options;
}

GBytes *
lab_fuzz_split_options (const guint8 *data, gsize len, LabDissectOptions *options)
{
  if (len < 1)
    return NULL;
  *options = lab_fuzz_dissect_options (data[0]);
  return g_bytes_new (data + 1, len - 1);
}

static void
visit (const LabField *field, gpointer user_data)
{
  const LabExplanation *explanation = lab_explanation_lookup (field->explanation_key);

  g_assert_nonnull (field->name);
  g_assert_nonnull (field->label);
  if (explanation != NULL)
    g_free (lab_explanation_first_sentence (explanation));
  if (lab_handshake_type_lookup_name (field->name) != NULL)
    g_free (lab_dissect_summarize (field));
}

void
lab_fuzz_check_tree (const LabField *tree, gsize len)
{
  g_autoptr (GPtrArray) leaves = lab_field_collect_leaves (tree);
  g_autoptr (JsonNode) json = lab_field_to_json (tree);
  gsize next = 0;

  for (guint i = 0; i < leaves->len; i++)
    {
      const LabField *leaf = g_ptr_array_index (leaves, i);

      g_assert_cmpuint (leaf->offset, ==, next);
      next += leaf->length;
    }
  g_assert_cmpuint (next, ==, len);
  g_assert_nonnull (json);
  lab_field_foreach (tree, visit, NULL);
}
