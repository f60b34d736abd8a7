/* lab-peer-extensions.h: what the lab's peers do with the hello extensions a scenario
 * turns on, as OpenSSL callbacks on their contexts: the server's choice of certificate by
 * server_name (SNI, RFC 6066 §3), ... Every callback's argument is the run's LabPki (or
 * lives in it), which outlives the contexts. */
#pragma once

#include <glib.h>
#include <openssl/ssl.h>

#include "engine/pki/lab-pki.h"
#include "engine/scenario/lab-scenario.h"

G_BEGIN_DECLS

gboolean lab_peer_extensions_server (SSL_CTX *ctx, const LabScenario *scenario,
                                     const LabPki *pki, GError **error);
gboolean lab_peer_extensions_client (SSL_CTX *ctx, const LabScenario *scenario,
                                     const LabPki *pki, GError **error);

G_END_DECLS
