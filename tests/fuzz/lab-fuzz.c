/* lab-fuzz.c: the table of entry points and what the dissector targets share. */
#include "lab-fuzz.h"

#include <string.h>

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

/* Each text's first sentence, once a process: a text's first sentence depends on the
 * shipped texts alone, not on any input, so once covers every node that shows one. */
static void
check_first_sentences (void)
{
  static gsize checked;

  if (g_once_init_enter (&checked))
    {
      g_autoptr (GPtrArray) keys = lab_explanation_keys ();

      for (guint i = 0; i < keys->len; i++)
        {
          const LabExplanation *explanation = lab_explanation_lookup (keys->pdata[i]);
          g_autofree char *sentence = lab_explanation_first_sentence (explanation);

          g_assert_cmpuint (strlen (sentence), >, 0);
        }
      g_once_init_leave (&checked, 1);
    }
}

/* What the views and the JSON show as text: UTF-8, or GTK refuses it and the JSON is
 * not JSON. Values quote the input (names in certificates, host names), so this is the
 * input's to break. */
static void
assert_utf8 (const LabField *field, const char *what, const char *text)
{
  const char *end;

  if (text != NULL && !g_utf8_validate (text, -1, &end))
    {
      /* g_error would end in a breakpoint trap, which libFuzzer does not catch */
      g_printerr ("the %s of “%s” at offset %" G_GSIZE_FORMAT " is not UTF-8 at byte %td\n",
                  what, field->name, field->offset, end - text);
      g_assert_not_reached ();
    }
}

typedef struct
{
  guint nodes;
  gsize next; /* where the next leaf must start: the walk meets leaves in byte order */
} Walk;

static void
visit (const LabField *field, gpointer user_data)
{
  Walk *walk = user_data;

  walk->nodes += 1;
  if (lab_field_is_leaf (field))
    {
      g_assert_cmpuint (field->offset, ==, walk->next);
      walk->next += field->length;
    }
  g_assert_nonnull (field->name);
  g_assert_nonnull (field->label);
  assert_utf8 (field, "value", field->value);
  assert_utf8 (field, "error", field->error);
  /* every node the views show has its explanation, and so has its value's meaning
   * (test-explanations holds real dissections to the same) */
  g_assert_nonnull (lab_explanation_lookup (field->explanation_key));
  if (field->value_key != NULL)
    g_assert_nonnull (lab_explanation_lookup (field->value_key));
  /* Message nodes are named after the message ("ClientHello"), fields in snake_case:
   * the registry's lookup by name only for the former. The dissector has summarized
   * every message it read to its end (the summary is its value); the others, here. */
  if (field->value == NULL && g_ascii_isupper (field->name[0])
      && lab_handshake_type_lookup_name (field->name) != NULL)
    g_free (lab_dissect_summarize (field));
}

void
lab_fuzz_check_tree (const LabField *tree, gsize len)
{
  Walk walk = { 0 };

  check_first_sentences ();
  lab_field_foreach (tree, visit, &walk);
  g_assert_cmpuint (walk.next, ==, len);
  /* The JSON conversion copies what visit checked, node by node, the same code for
   * every node: a small tree (a record header, a message, an error) takes every path
   * through it. Converting every tree cost two thirds of each input's time (json-glib
   * allocates some twenty times a node); whole real handshakes are converted by
   * test-export and the `dissect --json` tests. */
  if (walk.nodes <= LAB_FUZZ_JSON_MAX_NODES)
    {
      g_autoptr (JsonNode) json = lab_field_to_json (tree);

      g_assert_nonnull (json);
    }
}
