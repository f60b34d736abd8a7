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
  /* the whole process's CPU time (every thread: both peers, the wire, the analysis) and
   * its context switches over the same stretch; a busy machine changes these far less
   * than it changes the wall-clock rate */
  double cpu_seconds;
  guint64 context_switches;
} LabBenchRate;

/* Each side runs exactly `count` handshakes when count is not 0 (the same work every
 * time: for counting instructions, under callgrind), else for `seconds`. */

/* A bare OpenSSL client and server (the server in a thread of its own, kept for the whole
 * measurement) doing full handshakes over loopback, each followed by the same request,
 * response and close_notify as a lab run, with the scenario's suite and certificates and
 * verification on. No wire, no callbacks, no trace. */
gboolean lab_bench_bare (const LabScenario *scenario, double seconds, guint count,
                         LabBenchRate *rate, GError **error);

/* The lab's whole observed session (wire, callbacks, trace, recomputation, verification),
 * run after run for the same time. */
gboolean lab_bench_lab (const LabScenario *scenario, double seconds, guint count,
                        LabBenchRate *rate, GError **error);

/* Bulk data through the lab's wire against a bare pair: one run each sending `bytes` of
 * application data; MiB/s for each. */
gboolean lab_bench_bulk (const LabScenario *scenario, gsize bytes, double *bare_mbps,
                         double *lab_mbps, GError **error);

/* The machine a measurement ran on, as it stood before the measurement started. */
typedef struct
{
  guint cores;        /* the CPUs this process may run on (taskset narrows them) */
  guint cores_online; /* the CPUs the machine has online */
  char *cpu_model;    /* /proc/cpuinfo's first "model name"; NULL when it has none */
  double load[3];     /* the load average over 1, 5 and 15 minutes; -1 when unknown */
} LabBenchMachine;

void lab_bench_machine_read (LabBenchMachine *machine);
void lab_bench_machine_clear (LabBenchMachine *machine);

/* The median of n values (the mean of the middle two when n is even), and the smallest
 * and largest; 0 for all three when n is 0. */
void lab_bench_summarise (const double *values, guint n, double *median, double *min,
                          double *max);

G_END_DECLS
