/* lab-key-evidence.h: what shows that a key the lab derived is the key OpenSSL used.
 *
 * OpenSSL exposes no key-block part, but its records are made with them: a write key
 * (with its IV or MAC key) that opens a record exactly as the sender's OpenSSL sent it,
 * authentic, is the key that OpenSSL used. For AEAD suites the tag proves key and IV
 * together; for CBC with MAC-then-encrypt the MAC over the decrypted plaintext proves key
 * and MAC key; with encrypt-then-MAC (RFC 7366) the MAC covers only the ciphertext, so the
 * key is proven only when the plaintext is what the sender's OpenSSL sent (its Finished,
 * or data the trace holds from OpenSSL itself). (HACKING.md, "The trace and the steps") */
#pragma once

#include "lab-trace.h"
#include "tls/lab-key-schedule.h"

G_BEGIN_DECLS

typedef struct
{
  LabTrace *trace;
  guint connection;
  /* whose keys: a renegotiation's (RFC 5746), which protect the records after the second
   * ChangeCipherSpec in each direction, or the first handshake's, which protect those
   * before it (the second ChangeCipherSpec and the renegotiation's messages included) */
  gboolean renegotiation;
  LabSide view; /* whose key block: the client's or the server's view */
  const LabCipherSuite *suite;
  gboolean encrypt_then_mac;
  const LabKeyBlock *keys;
  /* the verify_data of the Finished each side sent ([LAB_SIDE_CLIENT], [LAB_SIDE_SERVER]):
   * OpenSSL's own, else the lab's; NULL when unknown. Confirms a CBC record's plaintext. */
  GBytes *verify_data[2];
  /* the key blocks and EtM flags the trace's record decryptions were made with: a record
   * the client sent was opened with decrypted_with[LAB_SIDE_CLIENT], one the server sent
   * with [LAB_SIDE_SERVER]. Where this view's keys are the same, that opening is used as it
   * is; NULL opens every record afresh (as a test of a changed key block must). */
  const LabKeyBlock *decrypted_with[2];
  gboolean decrypted_with_etm[2];
} LabKeyEvidenceInput;

typedef struct
{
  LabMatch match; /* OPENED_RECORD, NOT_OPENED, or NO_EVIDENCE (also for an unused part) */
  guint record;   /* the record event (seq) that opened, or did not */
  char *why;      /* for people: "opened the client's Finished record (event 44): …" */
} LabKeyEvidence;

/* For every part of in->keys that is used (not empty), the first record protected with it
 * (by in->renegotiation's handshake) that it opens. A record the view's own side sent that does not open is NOT_OPENED; so
 * is one the other side sent, when this side's OpenSSL did open it (it received that
 * side's Finished); otherwise what could not be shown is NO_EVIDENCE, with why. */
void lab_key_evidence_find (const LabKeyEvidenceInput *in, LabKeyEvidence out[LAB_KEY_N_PARTS]);
void lab_key_evidence_clear (LabKeyEvidence evidence[LAB_KEY_N_PARTS]);

G_END_DECLS
