/* lab-peer-config.h: an SSL_CTX for the lab's client or server, configured from a
 * scenario (versions, suites, groups, signature algorithms, EMS, EtM, tickets,
 * certificates, verification, revocation, DH group). Callbacks are the session's. */
#pragma once

#include <glib.h>
#include <openssl/ssl.h>

#include "engine/pki/lab-pki.h"
#include "engine/scenario/lab-scenario.h"

G_BEGIN_DECLS

SSL_CTX *lab_peer_ctx_new (const LabScenario *scenario, const LabPki *pki,
                           OSSL_LIB_CTX *libctx, gboolean server, gint64 clock,
                           GError **error);

/* The man in the middle's contexts, in OpenSSL's default library context (it is a third
 * party, with randomness of its own): facing the client, the scenario's server settings
 * with Mallory's certificate (pki->mallory); facing the server, the scenario's client
 * settings. Neither checks anything. */
SSL_CTX *lab_peer_ctx_new_mallory (const LabScenario *scenario, const LabPki *pki,
                                   gboolean facing_client, gint64 clock, GError **error);

/* The certificates a run of this scenario needs, made at `clock`; options point into
 * *names (the server's host names, or NULL), which the caller frees with g_strfreev once
 * the PKI is made. */
void lab_peer_pki_options (const LabScenario *scenario, gint64 clock, LabPkiOptions *options,
                           char ***names);

/* The server has chosen the suite and written its ServerHello: the certificate it sends
 * from now on is the one its profile describes, where OpenSSL's server would have refused
 * to choose an ECDSA suite with it (LabPkiLeaf.loadable). Does nothing for other
 * profiles. Call from the server's message callback as it writes its ServerHello. */
void lab_peer_present_certificate (SSL *ssl, const LabPki *pki);

G_END_DECLS
