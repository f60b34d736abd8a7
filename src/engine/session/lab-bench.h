/* lab-bench.h: the lab measured against bare OpenSSL, side by side in one process. */
#pragma once

#include <glib.h>

#include "engine/scenario/lab-scenario.h"

G_BEGIN_DECLS

typedef struct
{
  guint handshakes;
  double seconds;
  double per_second;
} LabBenchRate;

/* A bare OpenSSL client and server (the server in a thread of its own, kept for the whole
 * measurement) doing full handshakes over loopback, each followed by the same request,
 * response and close_notify as a lab run, with the scenario's suite and certificates and
 * verification on. No wire, no callbacks, no trace. */
gboolean lab_bench_bare (const LabScenario *scenario, double seconds, LabBenchRate *rate,
                         GError **error);

/* The lab's whole observed session (wire, callbacks, trace, recomputation, verification),
 * run after run for the same time. */
gboolean lab_bench_lab (const LabScenario *scenario, double seconds, LabBenchRate *rate,
                        GError **error);

/* Bulk data through the lab's wire against a bare pair: one run each sending `bytes` of
 * application data; MiB/s for each. */
gboolean lab_bench_bulk (const LabScenario *scenario, gsize bytes, double *bare_mbps,
                         double *lab_mbps, GError **error);

G_END_DECLS
