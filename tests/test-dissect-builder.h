/* test-dissect-builder.h: builds TLS bytes by hand for the dissector tests, with
 * length prefixes filled in when a vector is closed, and a real certificate chain
 * made with libcrypto. Static functions: each test includes what it uses. */
#pragma once

#include <glib.h>
#include <openssl/ec.h>
#include <openssl/x509v3.h>
#include <string.h>

#include "tls/lab-crypto-autoptr.h"

typedef struct
{
  GByteArray *bytes;
  gsize open[16]; /* where each open vector's length prefix starts */
  guint prefix[16];
  guint depth;
} Builder;

static inline Builder *
builder_new (void)
{
  Builder *b = g_new0 (Builder, 1);

  b->bytes = g_byte_array_new ();
  return b;
}

static inline GBytes *
builder_finish (Builder *b)
{
  GBytes *bytes;

  g_assert_cmpuint (b->depth, ==, 0);
  bytes = g_byte_array_free_to_bytes (b->bytes);
  g_free (b);
  return bytes;
}

static inline void
put_uint (Builder *b, guint64 value, guint size)
{
  for (guint i = size; i > 0; i--)
    {
      guint8 byte = (value >> (8 * (i - 1))) & 0xff;
      g_byte_array_append (b->bytes, &byte, 1);
    }
}

static inline void
put_bytes (Builder *b, const guint8 *data, gsize length)
{
  g_byte_array_append (b->bytes, data, length);
}

static inline void
put_fill (Builder *b, guint8 byte, gsize count)
{
  for (gsize i = 0; i < count; i++)
    g_byte_array_append (b->bytes, &byte, 1);
}

static inline void
put_string (Builder *b, const char *text)
{
  put_bytes (b, (const guint8 *)text, strlen (text));
}

/* Starts a vector with a prefix of size bytes; close() writes its length. */
static inline void
open_vector (Builder *b, guint size)
{
  g_assert_cmpuint (b->depth, <, G_N_ELEMENTS (b->open));
  b->open[b->depth] = b->bytes->len;
  b->prefix[b->depth++] = size;
  put_uint (b, 0, size);
}

static inline void
close_vector (Builder *b)
{
  gsize start, length;
  guint size;

  g_assert_cmpuint (b->depth, >, 0);
  start = b->open[--b->depth];
  size = b->prefix[b->depth];
  length = b->bytes->len - start - size;
  for (guint i = 0; i < size; i++)
    b->bytes->data[start + i] = (length >> (8 * (size - 1 - i))) & 0xff;
}

/* A record header; close_vector() ends the record. */
static inline void
open_record (Builder *b, guint8 content_type)
{
  put_uint (b, content_type, 1);
  put_uint (b, 0x0303, 2);
  open_vector (b, 2);
}

/* A handshake header; close_vector() ends the message. */
static inline void
open_message (Builder *b, guint8 msg_type)
{
  put_uint (b, msg_type, 1);
  open_vector (b, 3);
}

static inline void
open_extension (Builder *b, guint16 type)
{
  put_uint (b, type, 2);
  open_vector (b, 2);
}

/* ---- certificates ---- */

static inline EVP_PKEY *
make_p256_key (void)
{
  EVP_PKEY *key = EVP_PKEY_Q_keygen (NULL, NULL, "EC", "P-256");

  g_assert_nonnull (key);
  return key;
}

static inline void
add_extension (X509 *cert, X509 *issuer, int nid, const char *value)
{
  X509V3_CTX ctx;
  g_autoptr (X509_EXTENSION) ext = NULL;

  X509V3_set_ctx (&ctx, issuer, cert, NULL, NULL, 0);
  ext = X509V3_EXT_conf_nid (NULL, &ctx, nid, value);
  g_assert_nonnull (ext);
  g_assert_cmpint (X509_add_ext (cert, ext, -1), ==, 1);
}

/* A certificate for common_name, signed by issuer_key (itself when issuer is NULL),
 * valid through 2025, serial 4096 for a leaf and 1 for a CA. */
static inline X509 *
make_certificate (const char *common_name, EVP_PKEY *key, X509 *issuer, EVP_PKEY *issuer_key,
                  gboolean ca)
{
  X509 *cert = X509_new ();
  g_autoptr (ASN1_TIME) not_before = ASN1_TIME_new ();
  g_autoptr (ASN1_TIME) not_after = ASN1_TIME_new ();
  X509_NAME *name = X509_get_subject_name (cert);

  g_assert_cmpint (X509_set_version (cert, X509_VERSION_3), ==, 1);
  ASN1_INTEGER_set (X509_get_serialNumber (cert), ca ? 1 : 4096);
  g_assert_true (ASN1_TIME_set_string (not_before, "250101000000Z"));
  g_assert_true (ASN1_TIME_set_string (not_after, "260101000000Z"));
  X509_set1_notBefore (cert, not_before);
  X509_set1_notAfter (cert, not_after);
  X509_NAME_add_entry_by_txt (name, "O", MBSTRING_UTF8, (const guint8 *)"Handshake Lab", -1, -1, 0);
  X509_NAME_add_entry_by_txt (name, "CN", MBSTRING_UTF8, (const guint8 *)common_name, -1, -1, 0);
  X509_set_issuer_name (cert, issuer ? X509_get_subject_name (issuer) : name);
  X509_set_pubkey (cert, key);
  if (ca)
    {
      add_extension (cert, issuer ? issuer : cert, NID_basic_constraints, "critical,CA:TRUE");
      add_extension (cert, issuer ? issuer : cert, NID_key_usage, "critical,keyCertSign,cRLSign");
    }
  else
    {
      g_autofree char *san = g_strdup_printf ("DNS:%s", common_name);

      add_extension (cert, issuer, NID_subject_alt_name, san);
      add_extension (cert, issuer, NID_basic_constraints, "critical,CA:FALSE");
      add_extension (cert, issuer, NID_key_usage, "critical,digitalSignature");
      add_extension (cert, issuer, NID_ext_key_usage, "serverAuth");
    }
  add_extension (cert, issuer ? issuer : cert, NID_subject_key_identifier, "hash");
  g_assert_cmpint (X509_sign (cert, issuer_key, EVP_sha256 ()), >, 0);
  return cert;
}

static inline void
put_certificate (Builder *b, X509 *cert)
{
  guint8 *der = NULL;
  int length = i2d_X509 (cert, &der);

  g_assert_cmpint (length, >, 0);
  put_uint (b, length, 3);
  put_bytes (b, der, length);
  OPENSSL_free (der);
}
