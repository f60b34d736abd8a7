/* lab-recompute.h: every secret of the connection computed again by the lab's own code
 * from what the peers exchanged, and checked against what OpenSSL itself used.
 *
 * pre-master secret (from the server's ephemeral private key and the client's public
 * value, or by decrypting the RSA-encrypted one) -> session hash -> master secret -> key
 * block and its six parts -> both Finished values; then every protected record that
 * crossed the wire, in both directions, opened and authenticated independently. Each
 * step is a `secret` event whose `match` says what shows it is the value OpenSSL used:
 * equal to OpenSSL's own, implied by a master secret that is, or a record OpenSSL
 * protected with it that it opened (or nothing, and why). A disagreement with OpenSSL is
 * also an `error` event. */
#pragma once

#include <glib.h>
#include <openssl/types.h>

#include "lab-trace.h"

G_BEGIN_DECLS

/* What OpenSSL knew, for the lab to check itself against (NULL where it was not had).
 * Without a pre-master secret to start from (a capture with a key log, the client side of
 * a real connection), a master secret given here is used as it is to open the records. */
typedef struct
{
  GBytes *master_secret;  /* SSL_SESSION_get_master_key of this side */
  GBytes *finished;       /* SSL_get_finished: the verify_data this side sent */
  gboolean extended_master_secret; /* SSL_get_extms_support */
  /* a real peer's side (connect, listen): the lab's OpenSSL is the other end, so
   * `finished` is that Finished as the lab's side received it (SSL_get_peer_finished),
   * and `master_secret`, if any, the lab's side's own */
  gboolean real_peer;
} LabOpensslView;

typedef struct
{
  EVP_PKEY *server_ephemeral; /* the server's ECDHE/DHE key pair, private part included */
  EVP_PKEY *server_key;       /* the server certificate's private key (RSA key exchange) */
  LabOpensslView client;
  LabOpensslView server;
  /* when the connection renegotiated (RFC 5746): the same for its second handshake; the
   * first handshake's views above are what OpenSSL knew before the second began */
  EVP_PKEY *renegotiation_ephemeral;
  LabOpensslView client_renegotiation;
  LabOpensslView server_renegotiation;
} LabOpensslSecrets;

void lab_openssl_secrets_clear (LabOpensslSecrets *secrets);

/* Appends the secret events and attaches a decryption to every protected record. Safe on
 * any run: whatever a failed handshake never reached is simply not computed. */
void lab_recompute (LabTrace *trace, const LabOpensslSecrets *openssl);

/* The same for a run of n connections (openssl[i] for connection i); a connection that
 * resumes a session (no key exchange) uses the master secret of the one that made it. */
void lab_recompute_connections (LabTrace *trace, const LabOpensslSecrets *openssl, guint n);

G_END_DECLS
