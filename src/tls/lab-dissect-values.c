/* lab-dissect-values.c: display values for numeric fields, from the registry tables. */
#include "lab-dissect-private.h"

#include "lab-hex.h"

static const struct
{
  guint16 value;
  const char *name;
} versions[] = {
  { 0x0300, "SSL 3.0" }, { 0x0301, "TLS 1.0" }, { 0x0302, "TLS 1.1" },
  { 0x0303, "TLS 1.2" }, { 0x0304, "TLS 1.3" },
};

static const char *const point_formats[] = {
  "uncompressed",
  "ansiX962_compressed_prime",
  "ansiX962_compressed_char2",
};

const char *
lab_dissect_version_name (guint16 version)
{
  for (gsize i = 0; i < G_N_ELEMENTS (versions); i++)
    if (versions[i].value == version)
      return versions[i].name;
  return NULL;
}

/* "name (0x001d)" for a 16-bit code point, "name (20)" for an 8-bit one. */
static void
set_named (LabField *field, const char *name, const char *value_key)
{
  const char *shown = name                                                  ? name
                      : lab_is_grease (field->number) && field->length == 2 ? "GREASE"
                                                                            : "unknown";

  if (field->length == 2)
    lab_field_set_value (field, "%s (0x%04" G_GINT64_MODIFIER "x)", shown, field->number);
  else
    lab_field_set_value (field, "%s (%" G_GUINT64_FORMAT ")", shown, field->number);
  field->value_key = value_key;
}

void
lab_dissect_format_version (LabField *field)
{
  set_named (field, lab_dissect_version_name (field->number), NULL);
}

void
lab_dissect_format_cipher_suite (LabField *field)
{
  const LabCipherSuite *suite = lab_cipher_suite_lookup (field->number);
  const LabCipherSuiteName *named;

  if (suite != NULL)
    {
      set_named (field, suite->iana_name, suite->explanation_key);
      return;
    }
  /* a suite the registry names but the lab cannot open: said so by its explanation */
  named = lab_cipher_suite_name_lookup ((guint16) field->number);
  if (named != NULL)
    {
      set_named (field, named->iana_name,
                 named->explanation_key ? named->explanation_key
                                        : LAB_CIPHER_SUITE_NOT_OPENABLE_KEY);
      return;
    }
  set_named (field, NULL, NULL);
}

void
lab_dissect_format_compression (LabField *field)
{
  /* RFC 5246 §7.4.1.2: null is the only method; RFC 3749 added DEFLATE (1) */
  set_named (field, field->number == 0 ? "null" : field->number == 1 ? "DEFLATE" : NULL, NULL);
}

/* A value named by a registry table entry, with the entry's explanation. */
#define FORMAT_FROM_TABLE(what, lookup)                                                            \
  void lab_dissect_format_##what (LabField *field)                                                 \
  {                                                                                                \
    const __typeof__ (*lookup (0)) *info = lookup (field->number);                                 \
                                                                                                   \
    set_named (field, info ? info->name : NULL, info ? info->explanation_key : NULL);              \
  }

FORMAT_FROM_TABLE (content_type, lab_content_type_lookup)
FORMAT_FROM_TABLE (handshake_type, lab_handshake_type_lookup)
FORMAT_FROM_TABLE (alert_description, lab_alert_lookup)
FORMAT_FROM_TABLE (extension_type, lab_extension_lookup)
FORMAT_FROM_TABLE (group, lab_group_lookup)

void
lab_dissect_format_alert_level (LabField *field)
{
  const char *name = lab_alert_level_name (field->number);

  set_named (field, g_str_equal (name, "unknown") ? NULL : name, NULL);
}

void
lab_dissect_format_signature_scheme (LabField *field)
{
  const LabSignatureSchemeInfo *info = lab_signature_scheme_lookup (field->number);
  const char *hash = lab_hash_algorithm_name (field->number >> 8);
  const char *signature = lab_signature_algorithm_name (field->number & 0xff);
  g_autofree char *pair = NULL;

  if (info != NULL || lab_is_grease (field->number) || hash == NULL || signature == NULL)
    {
      set_named (field, info ? info->name : NULL, info ? info->explanation_key : NULL);
      return;
    }
  /* a pair no scheme names, in RFC 5246's own terms: "sha512 + anonymous" */
  pair = g_strdup_printf ("%s + %s", hash, signature);
  set_named (field, pair, NULL);
}

void
lab_dissect_format_point_format (LabField *field)
{
  set_named (field,
             field->number < G_N_ELEMENTS (point_formats) ? point_formats[field->number] : NULL,
             NULL);
}

/* RFC 6066 §8: ocsp (1) is the only CertificateStatusType */
void
lab_dissect_format_status_type (LabField *field)
{
  set_named (field, field->number == 1 ? "ocsp" : NULL, NULL);
}

/* Short values in full; long ones by their size and first bytes. */
void
lab_dissect_format_bytes (LabField *field, const guint8 *data, gsize length)
{
  g_autofree char *size = lab_dissect_describe_length (length);
  g_autofree char *hex = NULL;

  if (length == 0)
    lab_field_set_value (field, "(empty)");
  else if (data == NULL)
    lab_field_set_value (field, "%s", size);
  else if (length <= 32)
    {
      hex = lab_hex_encode (data, length);
      lab_field_set_value (field, "%s", hex);
    }
  else
    {
      hex = lab_hex_encode (data, 16);
      lab_field_set_value (field, "%s: %s…", size, hex);
    }
}
