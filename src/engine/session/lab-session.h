/* lab-session.h: one run of a scenario. A real OpenSSL client (on the calling thread) and
 * server (on a worker thread), TLS 1.2 only, over 127.0.0.1 through the wire; everything
 * observable lands in the trace. A session always ends: a stalled peer or a wedged wire
 * gives a `timeout` outcome, with both peers done and every socket closed (HACKING.md,
 * "The life of a run" and "Threads"). */
#pragma once

#include <glib.h>

#include "engine/scenario/lab-scenario.h"
#include "engine/trace/lab-trace.h"
#include "lab-wire.h"

G_BEGIN_DECLS

#define LAB_SESSION_DEFAULT_TIMEOUT_MS 5000
/* A run is one connection, or two when the client resumes the first one's session. */
#define LAB_SESSION_MAX_CONNECTIONS 2

typedef struct
{
  guint timeout_ms;          /* 0: LAB_SESSION_DEFAULT_TIMEOUT_MS */
  gboolean has_seed;         /* use `seed` instead of the scenario's own */
  guint64 seed;
  LabWireFilter wire_filter; /* tests and the attacker: see lab-wire.h */
  gpointer wire_filter_data;
  gsize bulk_bytes;          /* application data the client sends before its request */
} LabSessionOptions;

/* Runs the scenario to its end and returns its trace. Returns NULL (with error) only
 * when the lab itself could not set the run up: a handshake that fails, or a peer that
 * stalls, is an outcome in the trace, not an error. The lab's recomputation of the run
 * may still be finishing the trace on another thread when this returns; reading the
 * trace waits for it, so every reader sees the frozen, whole trace. */
LabTrace *lab_session_run (const LabScenario *scenario, const LabSessionOptions *options,
                           GError **error);

/* Waits until every run's recomputation has finished (the benchmark counts them all). */
void lab_session_wait_for_analyses (void);

/* The request the client sends and the page the server answers with. */
#define LAB_HTTP_REQUEST_FORMAT "GET / HTTP/1.1\r\nHost: %s\r\nUser-Agent: handshake-lab\r\nConnection: close\r\n\r\n"

G_END_DECLS
