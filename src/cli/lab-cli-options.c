/* lab-cli-options.c: byte-string and cipher-suite options, hex for people and JSON. */
#include "lab-cli-options.h"

#include "lab-cli.h"
#include "tls/lab-hex.h"

#include <stdio.h>

#define HEX_BYTES_PER_LINE 32

GBytes *
lab_cli_hex_option (const char *command, const char *option, const char *text,
                    gssize expected_len)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) value = lab_hex_decode (text, &error);
  gsize len;

  if (value == NULL)
    {
      lab_cli_usage_error (command, "%s: %s", option, error->message);
      return NULL;
    }
  len = g_bytes_get_size (value);
  if (expected_len == LAB_CLI_ANY_LENGTH && len == 0)
    {
      lab_cli_usage_error (command, "%s is empty", option);
      return NULL;
    }
  if (expected_len != LAB_CLI_ANY_LENGTH && len != (gsize) expected_len)
    {
      lab_cli_usage_error (command,
                           "%s is %" G_GSIZE_FORMAT " byte%s; it must be %" G_GSSIZE_FORMAT,
                           option, len, len == 1 ? "" : "s", expected_len);
      return NULL;
    }
  return g_steal_pointer (&value);
}

const LabCipherSuite *
lab_cli_suite_option (const char *command, const char *name)
{
  const LabCipherSuite *suite = lab_cipher_suite_lookup_name (name);

  if (suite == NULL)
    lab_cli_usage_error (command,
                         "--suite: unknown cipher suite '%s' (give an OpenSSL name such as "
                         "ECDHE-RSA-AES128-GCM-SHA256 or an IANA name such as "
                         "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)",
                         name);
  return suite;
}

const LabCipherSuite *
lab_cli_suite_option_any (const char *command, const char *name)
{
  const LabCipherSuite *suite = lab_cipher_suite_lookup_name (name);

  if (suite == NULL)
    suite = lab_tls13_suite_lookup_name (name);
  if (suite == NULL)
    lab_cli_usage_error (command,
                         "--suite: unknown cipher suite '%s' (give an OpenSSL name such as "
                         "ECDHE-RSA-AES128-GCM-SHA256, an IANA name such as "
                         "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, or a TLS 1.3 suite such as "
                         "TLS_AES_128_GCM_SHA256)",
                         name);
  return suite;
}

void
lab_cli_print_hex (const char *label, int label_width, GBytes *value)
{
  gsize len = 0;
  const guint8 *data = value != NULL ? g_bytes_get_data (value, &len) : NULL;

  printf ("%-*s", label_width, label);
  if (len == 0)
    printf ("(none)\n");
  for (gsize offset = 0; offset < len; offset += HEX_BYTES_PER_LINE)
    {
      g_autofree char *hex = lab_hex_encode (data + offset,
                                             MIN (HEX_BYTES_PER_LINE, len - offset));

      printf ("%*s%s\n", offset > 0 ? label_width : 0, "", hex);
    }
}

