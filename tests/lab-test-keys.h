/* lab-test-keys.h: helpers for the key schedule and record tests. Header-only, since each
 * test is built from its own source file and lab-test-util.c. */
#pragma once

#include <glib.h>

#include "tls/lab-hex.h"
#include "tls/lab-registry.h"

static inline GBytes *
lab_test_hex (const char *text)
{
  g_autoptr (GError) error = NULL;
  GBytes *bytes = lab_hex_decode (text, &error);

  g_assert_no_error (error);
  return bytes;
}

static inline void
lab_test_assert_hex (GBytes *bytes, const char *expected)
{
  g_autofree char *text = lab_hex_encode_bytes (bytes);

  g_assert_cmpstr (text, ==, expected);
}

static inline const LabCipherSuite *
lab_test_suite (const char *name)
{
  const LabCipherSuite *found = lab_cipher_suite_lookup_name (name);

  g_assert_nonnull (found);
  return found;
}
