/* lab-recompute-private.h: what the recomputation's files share (lab-recompute.c reads
 * each side's view and derives its secrets, lab-recompute-pms.c the pre-master secret,
 * lab-recompute-evidence.c what shows each value is the one OpenSSL used). */
#pragma once

#include "lab-recompute.h"
#include "tls/lab-key-schedule.h"

G_BEGIN_DECLS

/* One side's view of the handshake, as it saw the messages. */
typedef struct
{
  LabSide side;
  GPtrArray *messages; /* const LabEvent*, in order, sent and received */
  const LabEvent *client_hello, *server_hello, *server_key_exchange, *client_key_exchange;
  GBytes *client_random, *server_random;
  const LabCipherSuite *suite;
  gboolean ems, etm;
  GBytes *pre_master_secret;
  GBytes *master_secret;
  gboolean master_secret_taken; /* from OpenSSL or a key log as it is, not recomputed */
  LabKeyBlock *keys;
  GBytes *verify_data; /* the lab's, for the Finished this side sent */
  /* its secret events, kept back until what shows each value is known */
  LabEvent *pre_master_event, *session_hash_event, *master_secret_event, *key_block_event;
  LabEvent *part_events[LAB_KEY_N_PARTS];
  /* the EMS session hash and the messages it covers, kept for the other view: where both
   * sides saw the same messages, the server's view reuses it instead of hashing them again */
  GBytes *session_messages;
  LabSecret *session_hash;
} View;

/* One connection. Its first handshake is computed in client and server, then kept in
 * first_client and first_server while a renegotiation's (RFC 5746) is computed in client
 * and server: a connection that did not renegotiate leaves those empty. */
typedef struct
{
  LabTrace *trace;
  const LabOpensslSecrets *openssl; /* of the handshake being computed */
  guint connection;
  gboolean renegotiation; /* computing the second handshake on the connection, not the first */
  View client, server;
  View first_client, first_server;
  const LabOpensslSecrets *first_openssl; /* the first handshake's, once it is kept */
  GBytes *session_master_secret[2]; /* per side, from the connection that made the session */
  GPtrArray *pending;               /* LabEvent*: this connection's secret events, in order */
} Recompute;

/* ---- the secret events (lab-recompute-evidence.c) ---- */

/* A secret event, kept back (rc->pending) until it is settled: what shows its value. The
 * inputs follow formula as name, GBytes* pairs, ended by NULL. A renegotiation's events
 * are in LAB_PHASE_RENEGOTIATION, and their words say "of the renegotiation". */
LabEvent *lab_recompute_secret_new (Recompute *rc, LabSide side, LabPhase phase, const char *name,
                                    GBytes *value, const char *formula, ...) G_GNUC_NULL_TERMINATED;
/* A value the lab could not compute, and why. */
LabEvent *lab_recompute_problem_new (Recompute *rc, LabSide side, const char *name,
                                     const char *why);
/* What shows the value, in words after the view's: "the client's view, equals OpenSSL's
 * own (SSL_SESSION_get_master_key)". */
void lab_recompute_settle (LabEvent *event, LabMatch match, const char *words);
/* Compared with the value OpenSSL reports (`where` says how OpenSSL gives it). */
void lab_recompute_settle_against_openssl (Recompute *rc, LabEvent *event, GBytes *openssl,
                                           const char *where);
LabMatch lab_recompute_compare (GBytes *ours, GBytes *theirs);
/* Settles what is left of a view (rc->first_client or rc->first_server: the first
 * handshake's; rc->client or rc->server: the renegotiation's) once the records are
 * opened: the master secret's inputs, the key block and its parts by the records its
 * handshake's keys protected, a master secret taken as it is. */
void lab_recompute_settle_view (Recompute *rc, View *v);
/* Appends the connection's secret events, each failed one followed by an error event. */
void lab_recompute_flush (Recompute *rc);

/* ---- the pre-master secret (lab-recompute-pms.c) ---- */

/* The server's view of it (only the server's private keys are known to the lab), and the
 * client's when the key exchange crossed the wire unchanged. */
void lab_recompute_pre_master_secret (Recompute *rc);

G_END_DECLS
