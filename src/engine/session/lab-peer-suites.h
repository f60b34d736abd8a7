/* lab-peer-suites.h: what a peer's configuration makes of its cipher suites, for the
 * views (no OpenSSL types: the window includes it). Implemented in lab-peer-config.c,
 * the code that configures the run's peers, so that the two never disagree. */
#pragma once

#include <glib.h>

#include "engine/scenario/lab-scenario.h"

G_BEGIN_DECLS

/* The cipher suites a peer of this scenario offers (the client) or accepts (the server),
 * by OpenSSL name, in its order of preference: the scenario's own list, or OpenSSL's
 * default when it sets none, as the peer's SSL_CTX has it once the scenario's versions
 * and lists are applied (lab-peer-config.c, the code that configures the run's peers).
 * The client's list ends, as its ClientHello does, with LAB_RENEGOTIATION_SCSV, a
 * signal that it supports secure renegotiation, not a suite (RFC 5746 §3.3). NULL with
 * error when OpenSSL refuses the settings; free with g_strfreev. */
#define LAB_RENEGOTIATION_SCSV "TLS_EMPTY_RENEGOTIATION_INFO_SCSV"
char **lab_peer_effective_suites (const LabScenario *scenario, LabSide side,
                                  GError **error);

G_END_DECLS
