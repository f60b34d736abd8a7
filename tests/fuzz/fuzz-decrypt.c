/* fuzz-decrypt.c: opening a protected record, as `decrypt-record` and the trace do with
 * whatever the wire carried. Input: a suite (byte 0, low four bits: one of
 * lab_fuzz_decrypt_suites), flags (byte 1, bit 0: encrypt-then-MAC), the 8-byte sequence
 * number, the suite's MAC key, key and IV as the key block has them, then the record,
 * header included. The seeds carry real keys, so authentic records are found too. */
#include "lab-fuzz.h"

#include "tls/lab-record-protection.h"

static GBytes *
take (const guint8 **data, gsize *len, gsize n)
{
  GBytes *bytes = g_bytes_new (*data, n);

  *data += n;
  *len -= n;
  return bytes;
}

/* An authentic record's plaintext sealed again with the same keys opens to itself. */
static void
check_round_trip (const LabRecordKeys *keys, const LabRecordDecryption *opened)
{
  GBytes *record_iv = opened->explicit_nonce ? opened->explicit_nonce : opened->record_iv;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) sealed = lab_record_encrypt (keys, opened->content_type, opened->plaintext,
                                                  record_iv, &error);
  g_autoptr (LabRecordDecryption) again = NULL;

  if (sealed == NULL)
    return; /* more plaintext than a record may carry: the encrypter refuses it */
  again = lab_record_decrypt (keys, sealed, &error);
  g_assert_no_error (error);
  g_assert_true (again->authentic);
  g_assert_true (g_bytes_equal (again->plaintext, opened->plaintext));
}

int
lab_fuzz_decrypt (const guint8 *data, gsize len)
{
  g_auto (LabRecordKeys) keys = { 0 };
  g_autoptr (GBytes) record = NULL;
  g_autoptr (LabRecordDecryption) opened = NULL;
  g_autoptr (GError) error = NULL;
  const LabCipherSuite *suite;

  if (len < 10)
    return 0;
  suite = lab_cipher_suite_lookup_name (lab_fuzz_decrypt_suites[data[0] & 15]);
  g_assert_nonnull (suite);
  keys.suite = suite;
  keys.encrypt_then_mac = (data[1] & 1) != 0;
  keys.seq = 0;
  for (int i = 2; i < 10; i++)
    keys.seq = keys.seq << 8 | data[i];
  data += 10;
  len -= 10;
  if (len < (gsize) suite->mac_key_length + suite->key_length + suite->fixed_iv_length)
    return 0;
  if (suite->mac_key_length > 0)
    keys.mac_key = take (&data, &len, suite->mac_key_length);
  keys.key = take (&data, &len, suite->key_length);
  if (suite->fixed_iv_length > 0)
    keys.iv = take (&data, &len, suite->fixed_iv_length);
  record = g_bytes_new (data, len);

  opened = lab_record_decrypt (&keys, record, &error);
  g_assert_no_error (error);
  g_assert_nonnull (opened);
  g_assert_nonnull (lab_record_verdict_name (opened->verdict));
  g_assert_true (opened->authentic == (opened->verdict == LAB_RECORD_AUTHENTIC));
  g_assert_true (opened->authentic == (opened->plaintext != NULL));
  g_assert_true (opened->authentic == (opened->reason == NULL));
  if (opened->authentic)
    check_round_trip (&keys, opened);
  return 0;
}
