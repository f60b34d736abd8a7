/* lab-record-protection-private.h: what the record protection files share: the pieces
 * both AEAD and CBC records are built from, and each family's open and seal. */
#pragma once

#include "lab-reader.h"
#include "lab-record-protection.h"

#include <openssl/evp.h>

G_BEGIN_DECLS

#define AEAD_NONCE_LENGTH 12   /* every TLS 1.2 AEAD suite uses a 96-bit nonce */
#define AEAD_MAX_TAG_LENGTH 16 /* GCM, CCM and Poly1305; CCM_8 uses half */

/* The formulas each step shows beside its value. */
extern const char lab_record_nonce_formula_explicit[];
extern const char lab_record_nonce_formula_xor[];
extern const char lab_record_aad_formula[];
extern const char lab_record_mac_input_formula_mte[];
extern const char lab_record_mac_input_formula_etm[];

/* A GBytes that may be NULL, as data and length. */
const guint8 *lab_record_bytes_data (GBytes *bytes, gsize *len);
gsize lab_record_bytes_size (GBytes *bytes);

gboolean lab_record_is_cbc (const LabCipherSuite *suite);
EVP_CIPHER *lab_record_fetch_cipher (const LabCipherSuite *suite, GError **error);

/* seq_num || type || version || length: the start of both the AEAD additional data and
 * the CBC MAC input (RFC 5246 §6.2.3.1 and §6.2.3.3). */
GByteArray *lab_record_pseudo_header (guint64 seq, guint8 type, guint16 version, gsize length);
/* The AEAD nonce: salt || explicit nonce (GCM, CCM) or IV XOR seq (ChaCha20). */
GBytes *lab_record_build_nonce (const LabRecordKeys *keys, GBytes *explicit_nonce);
/* The pseudo-header over len1 + len2 bytes, then both. */
GBytes *lab_record_mac_input_new (guint64 seq, guint8 type, guint16 version, const guint8 *data1,
                                  gsize len1, const guint8 *data2, gsize len2);
/* header || parts..., the header announcing the parts' total length; NULL parts skipped. */
GBytes *lab_record_assemble (guint8 type, GBytes *const *parts, guint n_parts);

/* The record is not authentic, and why. */
void lab_record_set_verdict (LabRecordDecryption *d, LabRecordVerdict verdict, const char *format,
                             ...) G_GNUC_PRINTF (3, 4);
GBytes *lab_record_read_bytes (LabReader *reader, gsize len);
/* In constant time, as a MAC comparison should be even here. */
gboolean lab_record_macs_equal (GBytes *a, GBytes *b);

/* Each family opens the fragment after the header into d (FALSE only for unusable keys)
 * and seals a plaintext into a whole record. */
gboolean lab_record_open_aead (const LabRecordKeys *keys, LabRecordDecryption *d,
                               LabReader *fragment, GError **error);
GBytes *lab_record_seal_aead (const LabRecordKeys *keys, guint8 type, GBytes *plaintext,
                              GBytes *explicit_nonce, GError **error);
gboolean lab_record_open_cbc (const LabRecordKeys *keys, LabRecordDecryption *d,
                              LabReader *fragment, GError **error);
GBytes *lab_record_seal_cbc (const LabRecordKeys *keys, guint8 type, GBytes *plaintext, GBytes *iv,
                             GError **error);
gboolean lab_record_open_null (const LabRecordKeys *keys, LabRecordDecryption *d,
                               LabReader *fragment, GError **error);
GBytes *lab_record_seal_null (const LabRecordKeys *keys, guint8 type, GBytes *plaintext,
                              GError **error);

G_END_DECLS
