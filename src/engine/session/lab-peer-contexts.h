/* lab-peer-contexts.h: the certificates and the two SSL_CTX of a run.
 *
 * Making a PKI and two SSL_CTX costs more than the handshake itself (SSL_CTX_new fetches
 * every algorithm OpenSSL has), so runs without a seed share them: a small cache keyed
 * by every client and server setting (and the clock), whose entries live ten minutes.
 * Seeded runs always make their own, in their own seeded library contexts, so that their
 * randomness starts from the seed every time. */
#pragma once

#include <glib.h>
#include <openssl/ssl.h>

#include "engine/pki/lab-pki.h"
#include "engine/scenario/lab-scenario.h"

G_BEGIN_DECLS

typedef struct
{
  void (*message) (int write_p, int version, int content_type, const void *buf, size_t len,
                   SSL *ssl, void *arg);
  void (*info) (const SSL *ssl, int where, int ret);
  SSL_CTX_keylog_cb_func keylog;
  SSL_verify_cb verify;
} LabPeerCallbacks;

typedef struct
{
  gint ref;
  OSSL_LIB_CTX *pki_libctx, *server_libctx, *client_libctx; /* NULL: OpenSSL's default */
  LabPki *pki;
  SSL_CTX *server;
  SSL_CTX *client;
  /* with attack = man-in-the-middle, Mallory's (lab_peer_ctx_new_mallory), else NULL */
  SSL_CTX *mallory_server; /* facing the client, with Mallory's certificate */
  SSL_CTX *mallory_client; /* facing the server */
  gint64 clock;
  gint64 made_us;
} LabPeerContexts;

/* callbacks may be NULL: contexts that record nothing (the man in the middle's). */
LabPeerContexts *lab_peer_contexts_acquire (const LabScenario *scenario, gboolean seeded,
                                            guint64 seed, gint64 clock,
                                            const LabPeerCallbacks *callbacks, GError **error);
void lab_peer_contexts_release (LabPeerContexts *contexts);

/* This thread is done with the contexts: OpenSSL's per-thread state for a seeded run's
 * library contexts goes now, whichever thread releases them last (a thread that exits,
 * or the process, with state for a freed library context left behind would crash). */
void lab_peer_contexts_leave (LabPeerContexts *contexts);

G_END_DECLS
