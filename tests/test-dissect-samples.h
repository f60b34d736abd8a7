/* test-dissect-samples.h: hand-built TLS 1.2 records and messages, shared by the
 * dissector tests, and the check that a tree's leaves cover its bytes. Each byte is
 * laid out as RFC 5246 (and the extension RFCs) say. */
#pragma once

#include "test-dissect-builder.h"
#include "tls/lab-field.h"
#include "tls/lab-registry.h"

/* The leaves follow each other with no gap and no overlap from 0 to the end. */
static inline void
assert_covers (const LabField *tree, gsize length)
{
  g_autoptr (GPtrArray) leaves = lab_field_collect_leaves (tree);
  gsize next = 0;

  for (guint i = 0; i < leaves->len; i++)
    {
      const LabField *leaf = g_ptr_array_index (leaves, i);

      g_assert_cmpuint (leaf->offset, ==, next);
      next += leaf->length;
    }
  g_assert_cmpuint (next, ==, length);
}

static inline void
put_counting (Builder *b, guint8 first, gsize count)
{
  for (gsize i = 0; i < count; i++)
    put_uint (b, (first + i) & 0xff, 1);
}

/* RFC 5246 §7.4.1.2 with the extensions a modern client sends, one unknown (0x1234)
 * and one GREASE extension. */
static inline void
put_client_hello (Builder *b)
{
  static const guint16 suites[] = { 0xc02b, 0xc02f, 0xcca9, 0x00ff, 0x0a0a };
  static const guint16 groups[] = { 29, 23 };
  static const guint16 schemes[] = { 0x0403, 0x0804, 0x0401, 0x0201 };

  open_message (b, LAB_HS_CLIENT_HELLO);
  put_uint (b, 0x0303, 2);
  put_counting (b, 0x01, 32); /* random */
  open_vector (b, 1);
  put_counting (b, 0xa0, 32); /* session_id */
  close_vector (b);
  open_vector (b, 2);
  for (gsize i = 0; i < G_N_ELEMENTS (suites); i++)
    put_uint (b, suites[i], 2);
  close_vector (b);
  open_vector (b, 1);
  put_uint (b, 0, 1);
  close_vector (b);
  open_vector (b, 2); /* extensions */

  open_extension (b, 0); /* server_name */
  open_vector (b, 2);
  put_uint (b, 0, 1);
  open_vector (b, 2);
  put_string (b, "server.handshake.lab");
  close_vector (b);
  close_vector (b);
  close_vector (b);

  open_extension (b, 10); /* supported_groups */
  open_vector (b, 2);
  for (gsize i = 0; i < G_N_ELEMENTS (groups); i++)
    put_uint (b, groups[i], 2);
  close_vector (b);
  close_vector (b);

  open_extension (b, 11); /* ec_point_formats */
  open_vector (b, 1);
  put_uint (b, 0, 1);
  close_vector (b);
  close_vector (b);

  open_extension (b, 13); /* signature_algorithms */
  open_vector (b, 2);
  for (gsize i = 0; i < G_N_ELEMENTS (schemes); i++)
    put_uint (b, schemes[i], 2);
  close_vector (b);
  close_vector (b);

  open_extension (b, 16); /* ALPN: h2, http/1.1 */
  open_vector (b, 2);
  open_vector (b, 1);
  put_string (b, "h2");
  close_vector (b);
  open_vector (b, 1);
  put_string (b, "http/1.1");
  close_vector (b);
  close_vector (b);
  close_vector (b);

  open_extension (b, 5); /* status_request: ocsp, no responders, no extensions */
  put_uint (b, 1, 1);
  put_uint (b, 0, 2);
  put_uint (b, 0, 2);
  close_vector (b);

  open_extension (b, 18); /* signed_certificate_timestamp: empty in a ClientHello */
  close_vector (b);
  open_extension (b, 22); /* encrypt_then_mac */
  close_vector (b);
  open_extension (b, 23); /* extended_master_secret */
  close_vector (b);
  open_extension (b, 28); /* record_size_limit */
  put_uint (b, 16385, 2);
  close_vector (b);
  open_extension (b, 35); /* session_ticket: empty, asking for one */
  close_vector (b);

  open_extension (b, 43); /* supported_versions: TLS 1.3, TLS 1.2 */
  open_vector (b, 1);
  put_uint (b, 0x0304, 2);
  put_uint (b, 0x0303, 2);
  close_vector (b);
  close_vector (b);

  open_extension (b, 51); /* key_share: one x25519 share */
  open_vector (b, 2);
  put_uint (b, 29, 2);
  open_vector (b, 2);
  put_counting (b, 0x40, 32);
  close_vector (b);
  close_vector (b);
  close_vector (b);

  open_extension (b, 45); /* psk_key_exchange_modes: psk_dhe_ke */
  open_vector (b, 1);
  put_uint (b, 1, 1);
  close_vector (b);
  close_vector (b);

  open_extension (b, 0xff01); /* renegotiation_info: initial handshake */
  open_vector (b, 1);
  close_vector (b);
  close_vector (b);

  open_extension (b, 0x1234); /* unknown to the lab */
  put_string (b, "abc");
  close_vector (b);
  open_extension (b, 0x2a2a); /* GREASE */
  close_vector (b);
  open_extension (b, 21); /* padding */
  put_fill (b, 0, 5);
  close_vector (b);

  close_vector (b); /* extensions */
  close_vector (b); /* message */
}

static inline GBytes *
sample_client_hello_record (void)
{
  Builder *b = builder_new ();

  open_record (b, LAB_CONTENT_HANDSHAKE);
  put_client_hello (b);
  close_vector (b);
  return builder_finish (b);
}

/* RFC 5246 §7.4.1.3 */
static inline void
put_server_hello (Builder *b)
{
  open_message (b, LAB_HS_SERVER_HELLO);
  put_uint (b, 0x0303, 2);
  put_counting (b, 0x81, 32);
  open_vector (b, 1); /* no session ID: tickets instead */
  close_vector (b);
  put_uint (b, 0xc02b, 2);
  put_uint (b, 0, 1);
  open_vector (b, 2);
  open_extension (b, 0xff01);
  open_vector (b, 1);
  close_vector (b);
  close_vector (b);
  open_extension (b, 0); /* server_name: empty, "I used it" */
  close_vector (b);
  open_extension (b, 23);
  close_vector (b);
  open_extension (b, 11);
  open_vector (b, 1);
  put_uint (b, 0, 1);
  close_vector (b);
  close_vector (b);
  open_extension (b, 35);
  close_vector (b);
  open_extension (b, 16);
  open_vector (b, 2);
  open_vector (b, 1);
  put_string (b, "h2");
  close_vector (b);
  close_vector (b);
  close_vector (b);
  close_vector (b);
  close_vector (b);
}

static inline GBytes *
sample_server_hello_record (void)
{
  Builder *b = builder_new ();

  open_record (b, LAB_CONTENT_HANDSHAKE);
  put_server_hello (b);
  close_vector (b);
  return builder_finish (b);
}

typedef struct
{
  X509 *leaf;
  X509 *ca;
} Chain;

/* One chain per process: making keys is cheap, but the tests compare with it. */
static inline const Chain *
sample_chain (void)
{
  static Chain chain;

  if (chain.leaf == NULL)
    {
      g_autoptr (EVP_PKEY) ca_key = make_p256_key ();
      g_autoptr (EVP_PKEY) leaf_key = make_p256_key ();

      chain.ca = make_certificate ("Handshake Lab CA", ca_key, NULL, ca_key, TRUE);
      chain.leaf = make_certificate ("server.handshake.lab", leaf_key, chain.ca, ca_key, FALSE);
    }
  return &chain;
}

/* RFC 5246 §7.4.2 */
static inline GBytes *
sample_certificate_record (void)
{
  const Chain *chain = sample_chain ();
  Builder *b = builder_new ();

  open_record (b, LAB_CONTENT_HANDSHAKE);
  open_message (b, LAB_HS_CERTIFICATE);
  open_vector (b, 3);
  put_certificate (b, chain->leaf);
  put_certificate (b, chain->ca);
  close_vector (b);
  close_vector (b);
  close_vector (b);
  return builder_finish (b);
}

static inline void
put_signature (Builder *b, guint16 scheme, gsize length)
{
  put_uint (b, scheme, 2);
  open_vector (b, 2);
  put_counting (b, 0x30, length);
  close_vector (b);
}

/* RFC 8422 §5.4: x25519 share signed with ECDSA P-256 */
static inline GBytes *
sample_ske_ecdhe_record (void)
{
  Builder *b = builder_new ();

  open_record (b, LAB_CONTENT_HANDSHAKE);
  open_message (b, LAB_HS_SERVER_KEY_EXCHANGE);
  put_uint (b, 3, 1);
  put_uint (b, 29, 2);
  open_vector (b, 1);
  put_counting (b, 0x10, 32);
  close_vector (b);
  put_signature (b, 0x0403, 71);
  close_vector (b);
  close_vector (b);
  return builder_finish (b);
}

/* RFC 5246 §7.4.3: a 2048-bit group signed with RSA-PSS */
static inline GBytes *
sample_ske_dhe_record (void)
{
  Builder *b = builder_new ();

  open_record (b, LAB_CONTENT_HANDSHAKE);
  open_message (b, LAB_HS_SERVER_KEY_EXCHANGE);
  open_vector (b, 2);
  put_fill (b, 0xff, 256);
  close_vector (b);
  open_vector (b, 2);
  put_uint (b, 2, 1);
  close_vector (b);
  open_vector (b, 2);
  put_counting (b, 0x55, 256);
  close_vector (b);
  put_signature (b, 0x0804, 256);
  close_vector (b);
  close_vector (b);
  return builder_finish (b);
}

/* RFC 5246 §7.4.7 / RFC 8422 §5.7: prefix 1 for ECDHE, 2 for RSA and DHE */
static inline GBytes *
sample_cke_record (guint prefix, gsize length)
{
  Builder *b = builder_new ();

  open_record (b, LAB_CONTENT_HANDSHAKE);
  open_message (b, LAB_HS_CLIENT_KEY_EXCHANGE);
  open_vector (b, prefix);
  put_counting (b, 0x61, length);
  close_vector (b);
  close_vector (b);
  close_vector (b);
  return builder_finish (b);
}

/* RFC 5246 §7.4.4 and §7.4.5 in one record: a server asking for a client certificate */
static inline GBytes *
sample_request_and_done_record (void)
{
  const Chain *chain = sample_chain ();
  guint8 *der = NULL;
  int length = i2d_X509_NAME (X509_get_subject_name (chain->ca), &der);
  Builder *b = builder_new ();

  open_record (b, LAB_CONTENT_HANDSHAKE);
  open_message (b, LAB_HS_CERTIFICATE_REQUEST);
  open_vector (b, 1);
  put_uint (b, 1, 1);  /* rsa_sign */
  put_uint (b, 64, 1); /* ecdsa_sign */
  close_vector (b);
  open_vector (b, 2);
  put_uint (b, 0x0403, 2);
  put_uint (b, 0x0804, 2);
  close_vector (b);
  open_vector (b, 2);
  open_vector (b, 2);
  put_bytes (b, der, length);
  close_vector (b);
  close_vector (b);
  close_vector (b);
  open_message (b, LAB_HS_SERVER_HELLO_DONE);
  close_vector (b);
  close_vector (b);
  OPENSSL_free (der);
  return builder_finish (b);
}

/* A bare message (no record), as OpenSSL's message callback gives it. */
static inline GBytes *
sample_certificate_verify (void)
{
  Builder *b = builder_new ();

  open_message (b, LAB_HS_CERTIFICATE_VERIFY);
  put_signature (b, 0x0804, 256);
  close_vector (b);
  return builder_finish (b);
}

static inline GBytes *
sample_finished (void)
{
  Builder *b = builder_new ();

  open_message (b, LAB_HS_FINISHED);
  put_counting (b, 0xf0, 12);
  close_vector (b);
  return builder_finish (b);
}

/* RFC 5077 §3.3 */
static inline GBytes *
sample_new_session_ticket (void)
{
  Builder *b = builder_new ();

  open_message (b, LAB_HS_NEW_SESSION_TICKET);
  put_uint (b, 7200, 4);
  open_vector (b, 2);
  put_counting (b, 0x00, 192);
  close_vector (b);
  close_vector (b);
  return builder_finish (b);
}

/* RFC 6066 §8 */
static inline GBytes *
sample_certificate_status (void)
{
  Builder *b = builder_new ();

  open_message (b, LAB_HS_CERTIFICATE_STATUS);
  put_uint (b, 1, 1);
  open_vector (b, 3);
  put_counting (b, 0x30, 100);
  close_vector (b);
  close_vector (b);
  return builder_finish (b);
}

/* RFC 5246 §7.2 alert, §7.1 ChangeCipherSpec and plaintext application data, back to back */
static inline GBytes *
sample_small_records (void)
{
  Builder *b = builder_new ();

  open_record (b, LAB_CONTENT_CHANGE_CIPHER_SPEC);
  put_uint (b, 1, 1);
  close_vector (b);
  open_record (b, LAB_CONTENT_ALERT);
  put_uint (b, 2, 1);
  put_uint (b, 20, 1);
  close_vector (b);
  open_record (b, LAB_CONTENT_APPLICATION_DATA);
  put_string (b, "GET / HTTP/1.1\r\n");
  close_vector (b);
  open_record (b, LAB_CONTENT_HANDSHAKE);
  open_message (b, LAB_HS_HELLO_REQUEST);
  close_vector (b);
  close_vector (b);
  return builder_finish (b);
}

/* A protected record of content_type with a fragment of length bytes. */
static inline GBytes *
sample_encrypted_record (guint8 content_type, gsize length)
{
  Builder *b = builder_new ();

  open_record (b, content_type);
  put_counting (b, 0x11, length);
  close_vector (b);
  return builder_finish (b);
}
