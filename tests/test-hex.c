/* Hex text to bytes and back: what a user pastes must read, anything else must say where. */
#include "tls/lab-error.h"
#include "tls/lab-hex.h"

static void
test_hex_round_trip (void)
{
  const guint8 data[] = { 0x00, 0x16, 0x03, 0x03, 0xff, 0xa0 };
  g_autofree char *text = lab_hex_encode (data, sizeof data);
  g_autoptr (GBytes) back = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_cmpstr (text, ==, "00160303ffa0");
  back = lab_hex_decode (text, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (back, NULL), g_bytes_get_size (back), data, sizeof data);
}

static void
test_hex_accepts_dumps (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = lab_hex_decode ("16 03:01\n00 A5\t", &error);
  const guint8 expected[] = { 0x16, 0x03, 0x01, 0x00, 0xa5 };

  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), expected,
                   sizeof expected);
}

static void
test_hex_rejects_with_offset (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = lab_hex_decode ("16 0x", &error);

  g_assert_null (bytes);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "offset 4"));
  g_clear_error (&error);

  bytes = lab_hex_decode ("abc", &error);
  g_assert_null (bytes);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "odd number"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hex/round-trip", test_hex_round_trip);
  g_test_add_func ("/hex/accepts-dumps", test_hex_accepts_dumps);
  g_test_add_func ("/hex/rejects-with-offset", test_hex_rejects_with_offset);
  return g_test_run ();
}
