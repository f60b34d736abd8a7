/* lab-key-schedule.h: TLS 1.2 secrets, each with the formula that made it.
 *
 * pre-master secret -> master secret (RFC 5246 §8.1, or RFC 7627 §4 with the extended
 * master secret) -> key block and its six parts (RFC 5246 §6.3); master secret and
 * handshake hash -> Finished verify_data (RFC 5246 §7.4.9). Every function takes the
 * suite's PRF hash: SHA-256 unless the suite says SHA-384, also for suites named "-SHA"
 * (their SHA-1 is only the record MAC).
 *
 * Byte ranges in formulas are inclusive: "[0..47]" is 48 bytes. */
#pragma once

#include <glib.h>

#include "lab-prf.h"
#include "lab-registry.h"

G_BEGIN_DECLS

#define LAB_RANDOM_LENGTH 32        /* ClientHello.random, ServerHello.random */
#define LAB_MASTER_SECRET_LENGTH 48 /* RFC 5246 §8.1 */
#define LAB_VERIFY_DATA_LENGTH 12   /* RFC 5246 §7.4.9 */

/* A derived value and how it was computed, for display next to its bytes. */
typedef struct
{
  char *name;    /* "master_secret", "client_write_key"...: also its JSON key */
  GBytes *value;
  char *formula; /* PRF(pre_master_secret, "master secret", client_random || server_random)
                    [0..47] */
  GPtrArray *rounds; /* LabPrfRound: the HMAC chain behind a PRF output; NULL otherwise */
  GBytes *hkdf_label; /* TLS 1.3: the HkdfLabel HKDF-Expand-Label expanded (RFC 8446 §7.1);
                         NULL otherwise */
} LabSecret;

/* Takes ownership of formula. */
LabSecret *lab_secret_new (const char *name, GBytes *value, char *formula);
void lab_secret_free (LabSecret *secret);

/* 32 for SHA-256, 48 for SHA-384: the length of a handshake hash. */
gsize lab_prf_hash_length (LabPrfHash hash);

/* RFC 5246 §8.1: PRF(pre_master_secret, "master secret", client_random || server_random). */
LabSecret *lab_master_secret (LabPrfHash hash, GBytes *pre_master_secret,
                              GBytes *client_random, GBytes *server_random, GError **error);

/* RFC 7627 §4: PRF(pre_master_secret, "extended master secret", session_hash), where
 * session_hash is the transcript hash from ClientHello to ClientKeyExchange. */
LabSecret *lab_extended_master_secret (LabPrfHash hash, GBytes *pre_master_secret,
                                       GBytes *session_hash, GError **error);

/* The parts of the key block, in the order RFC 5246 §6.3 cuts them. */
typedef enum
{
  LAB_KEY_CLIENT_WRITE_MAC_KEY,
  LAB_KEY_SERVER_WRITE_MAC_KEY,
  LAB_KEY_CLIENT_WRITE_KEY,
  LAB_KEY_SERVER_WRITE_KEY,
  LAB_KEY_CLIENT_WRITE_IV,
  LAB_KEY_SERVER_WRITE_IV,
  LAB_KEY_N_PARTS,
} LabKeyPart;

typedef struct
{
  const LabCipherSuite *suite;
  LabSecret *key_block;             /* PRF(master_secret, "key expansion", ...)[0..n-1] */
  LabSecret *parts[LAB_KEY_N_PARTS]; /* each a slice of key_block; empty when unused */
} LabKeyBlock;

/* RFC 5246 §6.3: PRF(master_secret, "key expansion", server_random || client_random),
 * lab_cipher_suite_key_block_length (suite) bytes, split into MAC keys, keys and IVs. */
LabKeyBlock *lab_key_block_derive (const LabCipherSuite *suite, GBytes *master_secret,
                                   GBytes *client_random, GBytes *server_random,
                                   GError **error);
void lab_key_block_free (LabKeyBlock *key_block);

typedef enum
{
  LAB_FINISHED_CLIENT, /* "client finished" */
  LAB_FINISHED_SERVER, /* "server finished" */
} LabFinishedSender;

/* RFC 5246 §7.4.9: PRF(master_secret, finished_label, handshake_hash)[0..11]. */
LabSecret *lab_verify_data (LabPrfHash hash, LabFinishedSender sender, GBytes *master_secret,
                            GBytes *handshake_hash, GError **error);

/* Hash(handshake messages) with the suite's PRF hash, over the concatenated messages
 * (each with its 4-byte header, as sent). The formula names the messages it finds:
 * SHA256(ClientHello || ServerHello || ...). */
LabSecret *lab_transcript_hash (LabPrfHash hash, GBytes *transcript, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabSecret, lab_secret_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabKeyBlock, lab_key_block_free)

G_END_DECLS
