/* Records: a published record opens to its published plaintext; every protection kind
 * round-trips; a flipped bit anywhere is caught with a reason; no prefix of a record, and no
 * garbage, makes the decryptor read out of bounds; and the AEAD and CBC layouts agree with
 * records built here, inline, from raw libcrypto calls. */
#include <openssl/core_names.h>
#include <string.h>

#include "tls/lab-crypto-autoptr.h"
#include "tls/lab-error.h"
#include "lab-test-keys.h"
#include "tls/lab-hex.h"
#include "tls/lab-record-protection.h"

/* Bytes 0, 1, 2... offset by `start`, so each key differs from the others. */
static GBytes *
pattern (gsize len, guint8 start)
{
  guint8 *data = g_malloc (len + 1);

  for (gsize i = 0; i < len; i++)
    data[i] = (guint8) (start + i);
  return g_bytes_new_take (data, len);
}

/* Keys of the right lengths for the suite, owned: declare the result g_auto (LabRecordKeys). */
static LabRecordKeys
keys_for (const char *suite_name, gboolean encrypt_then_mac, guint64 seq)
{
  const LabCipherSuite *s = lab_test_suite (suite_name);
  LabRecordKeys keys = { s, pattern (s->key_length, 0x10), NULL, NULL, seq, encrypt_then_mac };

  if (s->fixed_iv_length > 0)
    keys.iv = pattern (s->fixed_iv_length, 0xa0);
  if (s->mac_key_length > 0)
    keys.mac_key = pattern (s->mac_key_length, 0x40);
  return keys;
}

static LabRecordDecryption *
decrypt (const LabRecordKeys *keys, GBytes *record)
{
  g_autoptr (GError) error = NULL;
  LabRecordDecryption *d = lab_record_decrypt (keys, record, &error);

  g_assert_no_error (error);
  g_assert_nonnull (d);
  /* Whatever happened, the result says so consistently. */
  g_assert_cmpint (d->authentic, ==, d->verdict == LAB_RECORD_AUTHENTIC);
  g_assert_true (d->authentic == (d->reason == NULL));
  g_assert_true (d->authentic == (d->plaintext != NULL));
  return d;
}

static GBytes *
encrypt (const LabRecordKeys *keys, guint8 type, GBytes *plaintext, GBytes *record_iv)
{
  g_autoptr (GError) error = NULL;
  GBytes *record = lab_record_encrypt (keys, type, plaintext, record_iv, &error);

  g_assert_no_error (error);
  g_assert_nonnull (record);
  return record;
}

/* ---- a published record ---- */

/* "The Illustrated TLS 1.2 Connection" (https://tls12.ulfheim.net, source
 * github.com/syncsynchalt/illustrated-tls12, site/index.html): the client's Finished and
 * its "ping" under ECDHE-RSA-AES128-SHA, MAC-then-encrypt, with the record IVs shown. */
#define ULFHEIM_CLIENT_KEY "f656d037b173ef3e11169f27231a84b6"
#define ULFHEIM_CLIENT_MAC_KEY "1b7d117c7d5f690bc263cae8ef60af0f1878acc2"
#define ULFHEIM_FINISHED_RECORD                                                                \
  "1603030040"                                                                                 \
  "404142434445464748494a4b4c4d4e4f"                                                           \
  "227bc9ba81ef30f2a8a78ff1df50844d5804b7eeb2e214c32b6892aca3db7b78077fdd90067c516bacb3ba90dedf" \
  "720f"

static void
test_illustrated_client_finished (void)
{
  g_autoptr (GBytes) key = lab_test_hex (ULFHEIM_CLIENT_KEY);
  g_autoptr (GBytes) mac_key = lab_test_hex (ULFHEIM_CLIENT_MAC_KEY);
  LabRecordKeys keys = { lab_test_suite ("ECDHE-RSA-AES128-SHA"), key, NULL, mac_key, 0, FALSE };
  g_autoptr (GBytes) record = lab_test_hex (ULFHEIM_FINISHED_RECORD);
  g_autoptr (LabRecordDecryption) d = decrypt (&keys, record);
  g_autoptr (GBytes) again = NULL;

  g_assert_true (d->authentic);
  g_assert_cmpuint (d->content_type, ==, LAB_CONTENT_HANDSHAKE);
  lab_test_assert_hex (d->record_iv, "404142434445464748494a4b4c4d4e4f");
  lab_test_assert_hex (d->decrypted, "1400000ccf919626f1360c536aaad73a"      /* plaintext */
                                     "a5a03d233056e4ac6eba7fd9e5317fac2db5b70e" /* MAC */
                                     "0b0b0b0b0b0b0b0b0b0b0b0b");               /* padding */
  lab_test_assert_hex (d->plaintext, "1400000ccf919626f1360c536aaad73a");
  lab_test_assert_hex (d->received_mac, "a5a03d233056e4ac6eba7fd9e5317fac2db5b70e");
  lab_test_assert_hex (d->computed_mac, "a5a03d233056e4ac6eba7fd9e5317fac2db5b70e");
  lab_test_assert_hex (d->padding, "0b0b0b0b0b0b0b0b0b0b0b0b");
  g_assert_true (d->padding_ok);
  lab_test_assert_hex (d->mac_input,
                       "0000000000000000" "16" "0303" "0010" "1400000ccf919626f1360c536aaad73a");
  g_assert_cmpstr (d->mac_input_formula, ==,
                   "seq_num || type || version || length(plaintext) || plaintext");

  /* Sealing the same plaintext with the same IV gives the published bytes back. */
  again = encrypt (&keys, LAB_CONTENT_HANDSHAKE, d->plaintext, d->record_iv);
  g_assert_true (g_bytes_equal (again, record));
}

static void
test_illustrated_application_data (void)
{
  g_autoptr (GBytes) key = lab_test_hex (ULFHEIM_CLIENT_KEY);
  g_autoptr (GBytes) mac_key = lab_test_hex (ULFHEIM_CLIENT_MAC_KEY);
  LabRecordKeys keys = { lab_test_suite ("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"), key, NULL,
                         mac_key, 1, FALSE };
  g_autoptr (GBytes) record = lab_test_hex ("1703030030" "000102030405060708090a0b0c0d0e0f"
                                            "6c421c71c42b183bfa06195d133d0a09"
                                            "d00fc7cb4e0f5d1cda59d147ec790c99");
  g_autoptr (LabRecordDecryption) d = decrypt (&keys, record);
  g_autoptr (LabRecordDecryption) wrong_seq = NULL;

  g_assert_true (d->authentic);
  lab_test_assert_hex (d->plaintext, "70696e67"); /* "ping" */
  lab_test_assert_hex (d->computed_mac, "60101249f74a0377c9cacf6309751370d80cfcaa");

  /* The same record as if it were the first after ChangeCipherSpec: the MAC covers seq. */
  keys.seq = 0;
  wrong_seq = decrypt (&keys, record);
  g_assert_cmpint (wrong_seq->verdict, ==, LAB_RECORD_BAD_MAC);
  g_assert_nonnull (strstr (wrong_seq->reason, "sequence number"));
}

/* ---- every kind round-trips ---- */

typedef struct
{
  const char *suite;
  gboolean encrypt_then_mac;
} Protection;

static const Protection protections[] = {
  { "ECDHE-RSA-AES128-GCM-SHA256", FALSE }, { "ECDHE-RSA-AES256-GCM-SHA384", FALSE },
  { "ECDHE-ECDSA-AES128-CCM", FALSE },      { "ECDHE-ECDSA-AES256-CCM8", FALSE },
  { "ECDHE-RSA-CHACHA20-POLY1305", FALSE }, { "ECDHE-RSA-AES128-SHA", FALSE },
  { "ECDHE-RSA-AES128-SHA", TRUE },         { "ECDHE-RSA-AES128-SHA256", FALSE },
  { "ECDHE-RSA-AES128-SHA256", TRUE },      { "ECDHE-RSA-AES256-SHA384", FALSE },
  { "ECDHE-RSA-AES256-SHA384", TRUE },
  /* DSA certificates, pre-shared keys: the same protections under other key exchanges */
  { "DHE-DSS-AES128-GCM-SHA256", FALSE },   { "DHE-DSS-AES256-SHA256", TRUE },
  { "PSK-CHACHA20-POLY1305", FALSE },
  /* the NULL cipher: content and MAC */
  { "NULL-SHA", FALSE },                    { "NULL-MD5", FALSE },
  { "PSK-NULL-SHA384", FALSE },
};

static void
check_layout (const LabRecordDecryption *d, gsize plaintext_len)
{
  const LabCipherSuite *s = d->suite;

  if (s->protection == LAB_RECORD_CBC)
    {
      gsize header = 13; /* seq_num, type, version, length */
      gsize covered = d->encrypt_then_mac ? g_bytes_get_size (d->record_iv)
                                              + g_bytes_get_size (d->ciphertext)
                                          : plaintext_len;

      g_assert_cmpuint (g_bytes_get_size (d->record_iv), ==, s->block_size);
      g_assert_cmpuint (g_bytes_get_size (d->ciphertext) % s->block_size, ==, 0);
      g_assert_cmpuint (g_bytes_get_size (d->mac_input), ==, header + covered);
      g_assert_cmpuint (g_bytes_get_size (d->received_mac), ==, s->tag_length);
      g_assert_true (g_bytes_equal (d->received_mac, d->computed_mac));
      g_assert_true (d->padding_ok);
      g_assert_null (d->nonce);
      return;
    }
  if (s->protection == LAB_RECORD_NULL_CIPHER)
    {
      g_assert_cmpuint (g_bytes_get_size (d->ciphertext), ==, plaintext_len);
      g_assert_cmpuint (g_bytes_get_size (d->mac_input), ==, 13 + plaintext_len);
      g_assert_cmpuint (g_bytes_get_size (d->received_mac), ==, s->tag_length);
      g_assert_true (g_bytes_equal (d->received_mac, d->computed_mac));
      g_assert_null (d->record_iv);
      g_assert_null (d->nonce);
      return;
    }
  g_assert_cmpuint (g_bytes_get_size (d->nonce), ==, 12);
  g_assert_cmpuint (g_bytes_get_size (d->aad), ==, 13);
  g_assert_cmpuint (g_bytes_get_size (d->tag), ==, s->tag_length);
  g_assert_cmpuint (g_bytes_get_size (d->ciphertext), ==, plaintext_len);
  g_assert_cmpuint (d->explicit_nonce != NULL, ==,
                    s->protection == LAB_RECORD_AEAD_EXPLICIT_NONCE);
  g_assert_null (d->mac_input);
}

static void
test_round_trip (void)
{
  const gsize lengths[] = { 0, 1, 15, 16, 17, 100, LAB_RECORD_MAX_PLAINTEXT };

  for (gsize p = 0; p < G_N_ELEMENTS (protections); p++)
    for (gsize l = 0; l < G_N_ELEMENTS (lengths); l++)
      {
        g_auto (LabRecordKeys) keys = keys_for (protections[p].suite,
                                                protections[p].encrypt_then_mac, 7 + l);
        g_autoptr (GBytes) plaintext = pattern (lengths[l], (guint8) p);
        g_autoptr (GBytes) record = encrypt (&keys, LAB_CONTENT_APPLICATION_DATA, plaintext,
                                             NULL);
        g_autoptr (LabRecordDecryption) d = decrypt (&keys, record);

        g_test_message ("%s%s, %" G_GSIZE_FORMAT " bytes", protections[p].suite,
                        protections[p].encrypt_then_mac ? " EtM" : "", lengths[l]);
        g_assert_true (d->authentic);
        g_assert_true (g_bytes_equal (d->plaintext, plaintext));
        g_assert_cmpuint (d->content_type, ==, LAB_CONTENT_APPLICATION_DATA);
        g_assert_cmpuint (d->version, ==, LAB_RECORD_VERSION_TLS12);
        check_layout (d, lengths[l]);
      }
}

/* RFC 5288 §3: without a chosen one, the explicit nonce is the sequence number. */
static void
test_default_explicit_nonce_is_seq (void)
{
  g_auto (LabRecordKeys) keys = keys_for ("AES128-GCM-SHA256", FALSE, 0x0102030405060708);
  g_autoptr (GBytes) plaintext = pattern (5, 0);
  g_autoptr (GBytes) record = encrypt (&keys, LAB_CONTENT_HANDSHAKE, plaintext, NULL);
  g_autoptr (LabRecordDecryption) d = decrypt (&keys, record);

  lab_test_assert_hex (d->explicit_nonce, "0102030405060708");
  lab_test_assert_hex (d->nonce, "a0a1a2a30102030405060708");
  lab_test_assert_hex (d->aad, "0102030405060708" "16" "0303" "0005");
  g_assert_cmpstr (d->nonce_formula, ==, "salt || explicit_nonce");
}

/* ---- tampering ---- */

static gboolean
verdict_expected (const Protection *p, gsize offset, LabRecordVerdict verdict)
{
  const LabCipherSuite *s = lab_test_suite (p->suite);

  if (offset >= 3) /* the length field: the record no longer fits its header */
    if (offset < LAB_RECORD_HEADER_LENGTH)
      return verdict == LAB_RECORD_TRUNCATED || verdict == LAB_RECORD_BAD_LENGTH;
  if (s->protection == LAB_RECORD_NULL_CIPHER)
    return verdict == LAB_RECORD_BAD_MAC;
  if (s->protection != LAB_RECORD_CBC)
    return verdict == LAB_RECORD_BAD_TAG;
  if (p->encrypt_then_mac)
    return verdict == LAB_RECORD_BAD_MAC;
  /* MAC-then-encrypt: a change may garble the padding before the MAC is reached. */
  return verdict == LAB_RECORD_BAD_MAC || verdict == LAB_RECORD_BAD_PADDING;
}

/* A record of plaintext_len bytes, sealed and then opened with one byte XORed with mask;
 * offset counts from the end when negative. */
static LabRecordDecryption *
seal_flip_open (const LabRecordKeys *keys, gsize plaintext_len, gssize offset, guint8 mask)
{
  g_autoptr (GBytes) plaintext = pattern (plaintext_len, 0x61);
  /* A fixed CBC IV, so that every run flips the same bits of the same record. */
  g_autoptr (GBytes) iv = keys->suite->protection == LAB_RECORD_CBC ? pattern (16, 0x77) : NULL;
  g_autoptr (GBytes) record = encrypt (keys, LAB_CONTENT_APPLICATION_DATA, plaintext, iv);
  gsize len = g_bytes_get_size (record);
  g_autofree guint8 *bytes = g_memdup2 (g_bytes_get_data (record, NULL), len);
  g_autoptr (GBytes) changed = NULL;

  bytes[offset >= 0 ? (gsize) offset : len + offset] ^= mask;
  changed = g_bytes_new (bytes, len);
  return decrypt (keys, changed);
}

static void
test_flipped_bit_anywhere_is_caught (void)
{
  for (gsize p = 0; p < G_N_ELEMENTS (protections); p++)
    {
      g_auto (LabRecordKeys) keys = keys_for (protections[p].suite,
                                              protections[p].encrypt_then_mac, 3);
      g_autoptr (GBytes) plaintext = pattern (37, 0x61);
      g_autoptr (GBytes) record = encrypt (&keys, LAB_CONTENT_APPLICATION_DATA, plaintext,
                                           NULL);

      for (gsize offset = 0; offset < g_bytes_get_size (record); offset++)
        {
          g_autoptr (LabRecordDecryption) d = seal_flip_open (&keys, 37, (gssize) offset,
                                                              1 << (offset % 8));

          g_test_message ("%s%s: byte %" G_GSIZE_FORMAT ": %s", protections[p].suite,
                          protections[p].encrypt_then_mac ? " EtM" : "", offset, d->reason);
          g_assert_false (d->authentic);
          g_assert_nonnull (d->reason);
          g_assert_true (verdict_expected (&protections[p], offset, d->verdict));
        }
    }
}

/* CBC malleability: flipping a bit of the second-to-last ciphertext block flips the same
 * bit of the last plaintext block, here the padding length byte. 16 bytes and a 20-byte
 * MAC leave 12 padding bytes of 0b; the flip makes the last one 0a. */
static void
test_mte_padding_tamper (void)
{
  g_auto (LabRecordKeys) keys = keys_for ("AES128-SHA", FALSE, 0);
  g_autoptr (LabRecordDecryption) d = seal_flip_open (&keys, 16, -17, 0x01);

  g_assert_cmpint (d->verdict, ==, LAB_RECORD_BAD_PADDING);
  g_assert_false (d->padding_ok);
  g_assert_nonnull (strstr (d->reason, "padding is malformed"));
  g_assert_nonnull (strstr (d->reason, "bad_record_mac"));
  g_assert_null (d->computed_mac);
}

static void
test_aead_tag_tamper (void)
{
  g_auto (LabRecordKeys) keys = keys_for ("ECDHE-ECDSA-AES128-CCM8", FALSE, 9);
  g_autoptr (LabRecordDecryption) d = seal_flip_open (&keys, 20, -1, 0x80);

  g_assert_cmpint (d->verdict, ==, LAB_RECORD_BAD_TAG);
  g_assert_cmpuint (g_bytes_get_size (d->tag), ==, 8);
  g_assert_nonnull (strstr (d->reason, "tag did not verify"));
}

/* ---- hostile lengths ---- */

/* Every prefix of a record as it is (the header then promises more than follows), and
 * every prefix with its header rewritten to match (so each inner length check is met). */
static void
test_truncated_records_never_crash (void)
{
  for (gsize p = 0; p < G_N_ELEMENTS (protections); p++)
    {
      g_auto (LabRecordKeys) keys = keys_for (protections[p].suite,
                                              protections[p].encrypt_then_mac, 0);
      g_autoptr (GBytes) plaintext = pattern (40, 0);
      g_autoptr (GBytes) record = encrypt (&keys, LAB_CONTENT_ALERT, plaintext, NULL);
      gsize len = g_bytes_get_size (record);
      const guint8 *data = g_bytes_get_data (record, NULL);

      for (gsize cut = 0; cut < len; cut++)
        {
          g_autoptr (GBytes) prefix = g_bytes_new (data, cut);
          g_autofree guint8 *fixed = g_memdup2 (data, MAX (cut, 1));
          g_autoptr (GBytes) refitted = NULL;
          g_autoptr (LabRecordDecryption) as_cut = decrypt (&keys, prefix);
          g_autoptr (LabRecordDecryption) as_fitted = NULL;

          g_assert_cmpint (as_cut->verdict, ==, LAB_RECORD_TRUNCATED);
          if (cut < LAB_RECORD_HEADER_LENGTH)
            continue;
          fixed[3] = (cut - LAB_RECORD_HEADER_LENGTH) >> 8;
          fixed[4] = (cut - LAB_RECORD_HEADER_LENGTH) & 0xff;
          refitted = g_bytes_new (fixed, cut);
          as_fitted = decrypt (&keys, refitted);
          g_assert_false (as_fitted->authentic);
        }
    }
}

static void
test_length_mismatch (void)
{
  g_auto (LabRecordKeys) keys = keys_for ("ECDHE-RSA-CHACHA20-POLY1305", FALSE, 0);
  g_autoptr (GBytes) plaintext = pattern (3, 0);
  g_autoptr (GBytes) record = encrypt (&keys, LAB_CONTENT_APPLICATION_DATA, plaintext, NULL);
  g_autoptr (GByteArray) longer = g_byte_array_new ();
  g_autoptr (GBytes) longer_bytes = NULL;
  g_autoptr (LabRecordDecryption) d = NULL;

  g_byte_array_append (longer, g_bytes_get_data (record, NULL), g_bytes_get_size (record));
  g_byte_array_append (longer, (const guint8 *) "x", 1);
  longer_bytes = g_bytes_new (longer->data, longer->len);
  d = decrypt (&keys, longer_bytes);
  g_assert_cmpint (d->verdict, ==, LAB_RECORD_BAD_LENGTH);
  g_assert_cmpstr (d->reason, ==, "the header announces 19 bytes, but 20 follow it");
}

static void
test_garbage_never_crashes (void)
{
  for (gsize p = 0; p < G_N_ELEMENTS (protections); p++)
    {
      g_auto (LabRecordKeys) keys = keys_for (protections[p].suite,
                                              protections[p].encrypt_then_mac, 0);

      for (guint round = 0; round < 200; round++)
        {
          gsize len = LAB_RECORD_HEADER_LENGTH + g_test_rand_int_range (0, 140);
          g_autofree guint8 *bytes = g_malloc (len);
          g_autoptr (GBytes) record = NULL;
          g_autoptr (LabRecordDecryption) d = NULL;

          for (gsize i = 0; i < len; i++)
            bytes[i] = (guint8) g_test_rand_int_range (0, 256);
          bytes[3] = (len - LAB_RECORD_HEADER_LENGTH) >> 8;
          bytes[4] = (len - LAB_RECORD_HEADER_LENGTH) & 0xff;
          record = g_bytes_new (bytes, len);
          d = decrypt (&keys, record);
          g_assert_false (d->authentic);
        }
    }
}

/* ---- unusable keys are errors, not verdicts ---- */

static void
test_rejects_unusable_keys (void)
{
  g_auto (LabRecordKeys) keys = keys_for ("AES128-GCM-SHA256", FALSE, 0);
  g_autoptr (GBytes) short_key = pattern (15, 0);
  g_autoptr (GBytes) record = lab_test_hex ("170303000100");
  g_autoptr (GError) error = NULL;
  GBytes *good_key = keys.key;
  LabRecordDecryption *d;

  keys.key = short_key;
  d = lab_record_decrypt (&keys, record, &error);
  g_assert_null (d);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "the key is 15 bytes, but AES128-GCM-SHA256 uses 16");
  keys.key = good_key;
  g_clear_error (&error);

  keys.mac_key = pattern (20, 0); /* an AEAD suite has no MAC key */
  g_assert_null (lab_record_encrypt (&keys, 23, record, NULL, &error));
  g_assert_error (error, LAB_ERROR, LAB_ERROR_INVALID);
}

/* ---- records built inline from raw libcrypto calls ---- */

static GBytes *
concat (GBytes *const *parts, guint n)
{
  GByteArray *out = g_byte_array_new ();

  for (guint i = 0; i < n; i++)
    g_byte_array_append (out, g_bytes_get_data (parts[i], NULL), g_bytes_get_size (parts[i]));
  return g_byte_array_free_to_bytes (out);
}

/* ciphertext || tag from one EVP AEAD call: GCM or ChaCha20-Poly1305. */
static GBytes *
raw_aead_seal (const char *cipher_name, GBytes *key, GBytes *nonce, GBytes *aad,
               GBytes *plaintext)
{
  g_autoptr (EVP_CIPHER) cipher = EVP_CIPHER_fetch (NULL, cipher_name, NULL);
  g_autoptr (EVP_CIPHER_CTX) ctx = EVP_CIPHER_CTX_new ();
  gsize len = g_bytes_get_size (plaintext);
  g_autofree guint8 *out = g_malloc (len + 16);
  int n = 0, m = 0;

  g_assert_nonnull (cipher);
  g_assert_cmpint (EVP_EncryptInit_ex2 (ctx, cipher, g_bytes_get_data (key, NULL),
                                        g_bytes_get_data (nonce, NULL), NULL),
                   ==, 1);
  g_assert_cmpint (EVP_EncryptUpdate (ctx, NULL, &n, g_bytes_get_data (aad, NULL),
                                      (int) g_bytes_get_size (aad)),
                   ==, 1);
  g_assert_cmpint (EVP_EncryptUpdate (ctx, out, &n, g_bytes_get_data (plaintext, NULL),
                                      (int) len),
                   ==, 1);
  g_assert_cmpint (EVP_EncryptFinal_ex (ctx, out + n, &m), ==, 1);
  g_assert_cmpint (EVP_CIPHER_CTX_ctrl (ctx, EVP_CTRL_AEAD_GET_TAG, 16, out + len), ==, 1);
  return g_bytes_new (out, len + 16);
}

/* AES-128-GCM per RFC 5288: nonce = salt || explicit, AAD = seq || type || 0303 || length. */
static void
test_gcm_matches_raw_evp (void)
{
  g_autoptr (GBytes) key = lab_test_hex ("000102030405060708090a0b0c0d0e0f");
  g_autoptr (GBytes) salt = lab_test_hex ("cafebabe");
  g_autoptr (GBytes) explicit_nonce = lab_test_hex ("0000000000000abc");
  g_autoptr (GBytes) nonce = lab_test_hex ("cafebabe" "0000000000000abc");
  g_autoptr (GBytes) aad = lab_test_hex ("0000000000000005" "17" "0303" "000b");
  g_autoptr (GBytes) plaintext = g_bytes_new_static ("hello world", 11);
  g_autoptr (GBytes) sealed = raw_aead_seal ("AES-128-GCM", key, nonce, aad, plaintext);
  g_autoptr (GBytes) header = lab_test_hex ("1703030023"); /* 8 + 11 + 16 = 35 */
  g_autoptr (GBytes) record = concat ((GBytes *[]){ header, explicit_nonce, sealed }, 3);
  LabRecordKeys keys = { lab_test_suite ("ECDHE-ECDSA-AES128-GCM-SHA256"), key, salt, NULL, 5,
                         FALSE };
  g_autoptr (LabRecordDecryption) d = decrypt (&keys, record);
  g_autoptr (GBytes) ours = encrypt (&keys, LAB_CONTENT_APPLICATION_DATA, plaintext,
                                     explicit_nonce);

  g_assert_true (d->authentic);
  g_assert_true (g_bytes_equal (d->plaintext, plaintext));
  g_assert_true (g_bytes_equal (d->nonce, nonce));
  g_assert_true (g_bytes_equal (d->aad, aad));
  g_assert_true (g_bytes_equal (ours, record));
}

/* ChaCha20-Poly1305 per RFC 7905: nonce = IV XOR (0^4 || seq), nothing explicit. */
static void
test_chacha_matches_raw_evp (void)
{
  g_autoptr (GBytes) key = pattern (32, 0x80);
  g_autoptr (GBytes) iv = lab_test_hex ("000102030405060708090a0b");
  /* 04..0b XOR 01..08, by hand */
  g_autoptr (GBytes) nonce = lab_test_hex ("00010203" "05070503" "0d0f0d03");
  g_autoptr (GBytes) aad = lab_test_hex ("0102030405060708" "16" "0303" "0004");
  g_autoptr (GBytes) plaintext = lab_test_hex ("14000000");
  g_autoptr (GBytes) sealed = raw_aead_seal ("ChaCha20-Poly1305", key, nonce, aad, plaintext);
  g_autoptr (GBytes) header = lab_test_hex ("1603030014"); /* 4 + 16 */
  g_autoptr (GBytes) record = concat ((GBytes *[]){ header, sealed }, 2);
  LabRecordKeys keys = { lab_test_suite ("ECDHE-RSA-CHACHA20-POLY1305"), key, iv, NULL,
                         0x0102030405060708, FALSE };
  g_autoptr (LabRecordDecryption) d = decrypt (&keys, record);
  g_autoptr (GBytes) ours = encrypt (&keys, LAB_CONTENT_HANDSHAKE, plaintext, NULL);

  g_assert_true (d->authentic);
  g_assert_true (g_bytes_equal (d->plaintext, plaintext));
  g_assert_true (g_bytes_equal (d->nonce, nonce));
  g_assert_cmpstr (d->nonce_formula, ==, "iv XOR (00000000 || seq_num)");
  g_assert_null (d->explicit_nonce);
  g_assert_true (g_bytes_equal (ours, record));
}

static GBytes *
raw_hmac (const char *digest, GBytes *key, GBytes *data)
{
  guint8 out[EVP_MAX_MD_SIZE];
  size_t len = 0;

  g_assert_nonnull (EVP_Q_mac (NULL, "HMAC", NULL, digest, NULL, g_bytes_get_data (key, NULL),
                               g_bytes_get_size (key), g_bytes_get_data (data, NULL),
                               g_bytes_get_size (data), out, sizeof out, &len));
  return g_bytes_new (out, len);
}

static GBytes *
raw_cbc_encrypt (GBytes *key, GBytes *iv, GBytes *padded)
{
  g_autoptr (EVP_CIPHER) cipher = EVP_CIPHER_fetch (NULL, "AES-256-CBC", NULL);
  g_autoptr (EVP_CIPHER_CTX) ctx = EVP_CIPHER_CTX_new ();
  gsize len = g_bytes_get_size (padded);
  g_autofree guint8 *out = g_malloc (len);
  int n = 0;

  g_assert_cmpint (EVP_EncryptInit_ex2 (ctx, cipher, g_bytes_get_data (key, NULL),
                                        g_bytes_get_data (iv, NULL), NULL),
                   ==, 1);
  EVP_CIPHER_CTX_set_padding (ctx, 0);
  g_assert_cmpint (EVP_EncryptUpdate (ctx, out, &n, g_bytes_get_data (padded, NULL), (int) len),
                   ==, 1);
  g_assert_cmpint (n, ==, len);
  return g_bytes_new (out, len);
}

/* AES-256-CBC with HMAC-SHA384, encrypt-then-MAC per RFC 7366: the MAC covers
 * seq || type || version || length(IV + ciphertext) || IV || ciphertext. Padding that is
 * authentic but malformed is still caught, after the MAC. */
static void
test_cbc_etm_matches_raw_evp (void)
{
  g_autoptr (GBytes) key = pattern (32, 0x11);
  g_autoptr (GBytes) mac_key = pattern (48, 0x22);
  g_autoptr (GBytes) iv = pattern (16, 0x33);
  g_autoptr (GBytes) plaintext = g_bytes_new_static ("GET / HTTP/1.0\r\n", 16);
  const char *paddings[] = { "0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f",
                             "0f0f0f0f0f0f0f0f0f0f0f0f0f0f0e0f" };
  LabRecordKeys keys = { lab_test_suite ("ECDHE-ECDSA-AES256-SHA384"), key, NULL, mac_key, 2,
                         TRUE };

  for (gsize i = 0; i < G_N_ELEMENTS (paddings); i++)
    {
      g_autoptr (GBytes) padding = lab_test_hex (paddings[i]);
      g_autoptr (GBytes) padded = concat ((GBytes *[]){ plaintext, padding }, 2);
      g_autoptr (GBytes) ct = raw_cbc_encrypt (key, iv, padded);
      /* seq 2, application_data, TLS 1.2, IV and ciphertext 16 + 32 bytes */
      g_autoptr (GBytes) pseudo = lab_test_hex ("0000000000000002" "17" "0303" "0030");
      g_autoptr (GBytes) mac_input = concat ((GBytes *[]){ pseudo, iv, ct }, 3);
      g_autoptr (GBytes) mac = raw_hmac ("SHA384", mac_key, mac_input);
      g_autoptr (GBytes) header = lab_test_hex ("1703030060"); /* 16 + 32 + 48 */
      g_autoptr (GBytes) record = concat ((GBytes *[]){ header, iv, ct, mac }, 4);
      g_autoptr (LabRecordDecryption) d = decrypt (&keys, record);

      g_assert_true (g_bytes_equal (d->mac_input, mac_input));
      g_assert_true (g_bytes_equal (d->computed_mac, mac));
      if (i == 0)
        {
          g_autoptr (GBytes) ours = encrypt (&keys, LAB_CONTENT_APPLICATION_DATA, plaintext, iv);

          g_assert_true (d->authentic);
          g_assert_true (g_bytes_equal (d->plaintext, plaintext));
          g_assert_true (g_bytes_equal (ours, record));
        }
      else
        {
          g_assert_cmpint (d->verdict, ==, LAB_RECORD_BAD_PADDING);
          g_assert_true (g_bytes_equal (d->padding, padding));
        }
    }
}

/* RFC 5246 §6.2.3.1 with the NULL cipher: the content as it is, then HMAC(MAC key,
 * seq_num || type || version || length || content), built here from raw libcrypto. */
static void
test_null_cipher_matches_raw_hmac (void)
{
  g_autoptr (GBytes) mac_key = pattern (20, 0x22);
  g_autoptr (GBytes) plaintext = g_bytes_new_static ("GET / HTTP/1.0\r\n", 16);
  LabRecordKeys keys = { lab_test_suite ("NULL-SHA"), NULL, NULL, mac_key, 5, FALSE };
  /* seq 5, application_data, TLS 1.2, 16 bytes */
  g_autoptr (GBytes) pseudo = lab_test_hex ("0000000000000005" "17" "0303" "0010");
  g_autoptr (GBytes) mac_input = concat ((GBytes *[]){ pseudo, plaintext }, 2);
  g_autoptr (GBytes) mac = raw_hmac ("SHA1", mac_key, mac_input);
  g_autoptr (GBytes) header = lab_test_hex ("1703030024"); /* 16 + 20 */
  g_autoptr (GBytes) record = concat ((GBytes *[]){ header, plaintext, mac }, 3);
  g_autoptr (GBytes) ours = encrypt (&keys, LAB_CONTENT_APPLICATION_DATA, plaintext, NULL);
  g_autoptr (LabRecordDecryption) d = decrypt (&keys, record);

  g_assert_true (g_bytes_equal (ours, record));
  g_assert_true (d->authentic);
  g_assert_true (g_bytes_equal (d->plaintext, plaintext));
  g_assert_true (g_bytes_equal (d->mac_input, mac_input));
  g_assert_true (g_bytes_equal (d->computed_mac, mac));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/record/illustrated/client-finished", test_illustrated_client_finished);
  g_test_add_func ("/record/illustrated/application-data", test_illustrated_application_data);
  g_test_add_func ("/record/round-trip", test_round_trip);
  g_test_add_func ("/record/default-explicit-nonce-is-seq", test_default_explicit_nonce_is_seq);
  g_test_add_func ("/record/tamper/flipped-bit-anywhere", test_flipped_bit_anywhere_is_caught);
  g_test_add_func ("/record/tamper/mte-padding", test_mte_padding_tamper);
  g_test_add_func ("/record/tamper/aead-tag", test_aead_tag_tamper);
  g_test_add_func ("/record/hostile/truncated", test_truncated_records_never_crash);
  g_test_add_func ("/record/hostile/length-mismatch", test_length_mismatch);
  g_test_add_func ("/record/hostile/garbage", test_garbage_never_crashes);
  g_test_add_func ("/record/rejects-unusable-keys", test_rejects_unusable_keys);
  g_test_add_func ("/record/raw-evp/gcm", test_gcm_matches_raw_evp);
  g_test_add_func ("/record/raw-evp/chacha20-poly1305", test_chacha_matches_raw_evp);
  g_test_add_func ("/record/raw-evp/cbc-encrypt-then-mac", test_cbc_etm_matches_raw_evp);
  g_test_add_func ("/record/raw-evp/null-cipher", test_null_cipher_matches_raw_hmac);
  return g_test_run ();
}
