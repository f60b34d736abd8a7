/* lab-record-protection.h: protecting and opening one TLS record, step by step.
 *
 * - GCM and CCM (RFC 5288, RFC 6655): nonce = 4-byte salt || 8-byte explicit nonce sent
 *   at the start of the record; the tag ends the record.
 * - ChaCha20-Poly1305 (RFC 7905): nonce = IV XOR (0^4 || seq_num); nothing explicit.
 * - CBC (RFC 5246 §6.2.3.2): a fresh IV at the start of the record, then
 *   CBC(plaintext || HMAC || padding) — MAC-then-encrypt — or, when RFC 7366 was
 *   negotiated, CBC(plaintext || padding) || HMAC(IV || ciphertext) — encrypt-then-MAC.
 * AEAD additional data and the MAC input start with seq_num || type || version || length
 * (RFC 5246 §6.2.3.1, §6.2.3.3).
 *
 * Decryption keeps every intermediate value, so the lab can show a record being opened
 * byte by byte and say exactly which check failed. A hostile record is never an error:
 * it is a result that is not authentic, with the reason. Errors are for unusable keys. */
#pragma once

#include <glib.h>

#include "lab-registry.h"

G_BEGIN_DECLS

#define LAB_RECORD_HEADER_LENGTH 5
#define LAB_RECORD_VERSION_TLS12 0x0303
#define LAB_RECORD_MAX_PLAINTEXT 16384 /* 2^14, RFC 5246 §6.2.1 */

/* The keys of one direction (the client's or the server's write keys) and the record's
 * sequence number. The functions below only borrow the GBytes; a caller whose struct holds
 * its own references can declare it g_auto (LabRecordKeys) to drop them. */
typedef struct
{
  const LabCipherSuite *suite;
  GBytes *key;               /* client_write_key or server_write_key */
  GBytes *iv;                /* the write IV from the key block: GCM/CCM salt (4 bytes),
                                ChaCha20 IV (12); NULL for CBC, which has none */
  GBytes *mac_key;           /* CBC only: the write MAC key; NULL for AEAD */
  guint64 seq;               /* 0 for the first record after ChangeCipherSpec */
  gboolean encrypt_then_mac; /* CBC only: RFC 7366 was negotiated */
} LabRecordKeys;

typedef enum
{
  LAB_RECORD_AUTHENTIC,
  LAB_RECORD_TRUNCATED,       /* shorter than its header says, or than its protection needs */
  LAB_RECORD_BAD_LENGTH,      /* longer than its header says, or not whole cipher blocks */
  LAB_RECORD_BAD_TAG,         /* AEAD: the tag did not verify */
  LAB_RECORD_BAD_MAC,         /* CBC: the HMAC did not match */
  LAB_RECORD_BAD_PADDING,     /* CBC: the padding is malformed */
  LAB_RECORD_NO_CONTENT_TYPE, /* TLS 1.3: authentic, but all zeros: no content type in it */
} LabRecordVerdict;

typedef struct
{
  const LabCipherSuite *suite;
  guint64 seq;
  gboolean encrypt_then_mac;

  /* the header (NULL fields when the record is too short to have one) */
  GBytes *header;
  guint8 content_type;
  guint16 version;
  guint16 length; /* what the header announces */

  /* AEAD */
  GBytes *explicit_nonce; /* GCM/CCM: the 8 bytes sent in the record */
  GBytes *nonce;          /* the full nonce given to the cipher */
  const char *nonce_formula;
  GBytes *aad;            /* seq_num || type || version || plaintext length */
  const char *aad_formula;
  GBytes *tag;

  /* CBC */
  GBytes *record_iv;      /* the IV sent in the record */
  GBytes *padding;        /* the padding as found, its length byte included; TLS 1.3: the
                             zeros after the content type */
  gboolean padding_ok;
  GBytes *mac_input;      /* what the HMAC covers */
  const char *mac_input_formula;
  GBytes *received_mac;
  GBytes *computed_mac;

  /* TLS 1.3 (RFC 8446 §5.2): `decrypted` is TLSInnerPlaintext; `plaintext` the content
   * alone, `inner_content_type` the type after it, `padding` the zeros that follow */
  gboolean tls13;
  guint8 inner_content_type; /* 0 until found */

  /* both */
  GBytes *ciphertext;     /* the encrypted bytes proper: no nonce/IV, tag or EtM MAC */
  GBytes *decrypted;      /* what the cipher gave back before any check passed: CBC
                             plaintext || [MAC] || padding, or the AEAD's unverified
                             plaintext; NULL when the cipher withheld it (CCM, EtM with a
                             bad MAC) */

  LabRecordVerdict verdict;
  gboolean authentic;
  char *reason;           /* why it is not authentic, for people; NULL when it is */
  GBytes *plaintext;      /* only when authentic */
} LabRecordDecryption;

/* Opens one record, 5-byte header included. Returns NULL with an error only when the
 * keys are unusable (wrong lengths for the suite) or libcrypto fails. */
LabRecordDecryption *lab_record_decrypt (const LabRecordKeys *keys, GBytes *record,
                                         GError **error);
void lab_record_decryption_free (LabRecordDecryption *decryption);

/* "authentic", "truncated", "bad-length", "bad-tag", "bad-mac", "bad-padding",
 * "no-content-type" */
const char *lab_record_verdict_name (LabRecordVerdict verdict);

/* Protects one record (header included, version 0303) with the smallest padding.
 * record_iv is the explicit nonce (GCM/CCM, 8 bytes) or the IV (CBC, one block) to put
 * in the record; NULL means seq_num as the explicit nonce (RFC 5288 §3) or a random
 * IV. ChaCha20-Poly1305 takes none. */
GBytes *lab_record_encrypt (const LabRecordKeys *keys, guint8 content_type, GBytes *plaintext,
                            GBytes *record_iv, GError **error);

/* TLS 1.3 only: protects content_type and plaintext as TLSInnerPlaintext with `zeros` zero
 * bytes of padding after the type (RFC 8446 §5.4), in an application_data record. */
GBytes *lab_record_encrypt_padded (const LabRecordKeys *keys, guint8 content_type,
                                   GBytes *plaintext, gsize zeros, GError **error);

/* Unrefs key, iv and mac_key and sets them to NULL. */
void lab_record_keys_clear (LabRecordKeys *keys);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabRecordDecryption, lab_record_decryption_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LabRecordKeys, lab_record_keys_clear)

G_END_DECLS
