/* lab-cli-bench.c: `handshake-lab bench [--suite NAME] [--runs N] [--seconds N]
 * [--handshakes N] [--bulk-mib N] [--json]`. */
#include "lab-cli.h"
#include "lab-cli-options.h"
#include "engine/session/lab-bench.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#ifndef LAB_BUILD_TYPE
#define LAB_BUILD_TYPE NULL
#endif

static long
peak_rss_kib (void)
{
  struct rusage usage;

  return getrusage (RUSAGE_SELF, &usage) == 0 ? usage.ru_maxrss : -1;
}

/* Half a second of each in turn, summed: a machine whose speed drifts during the run
 * (other work, a neighbour on the host) then slows both sides alike, where one long
 * stretch of each would put the whole drift on one side of the ratio. */
#define SLICE_SECONDS 0.5

static void
rate_add (LabBenchRate *sum, const LabBenchRate *slice)
{
  sum->handshakes += slice->handshakes;
  sum->seconds += slice->seconds;
  sum->cpu_seconds += slice->cpu_seconds;
  sum->context_switches += slice->context_switches;
  sum->per_second = sum->seconds > 0 ? sum->handshakes / sum->seconds : 0;
}

/* One round: `seconds` of each side in half-second turns, or `count` handshakes of each
 * in one turn. */
static gboolean
measure_round (const LabScenario *scenario, double seconds, guint count, LabBenchRate *bare,
               LabBenchRate *lab, GError **error)
{
  guint slices = count != 0 ? 1 : MAX (1, (guint) (seconds / SLICE_SECONDS + 0.5));

  memset (bare, 0, sizeof *bare);
  memset (lab, 0, sizeof *lab);
  for (guint i = 0; i < slices; i++)
    {
      LabBenchRate slice;

      if (!lab_bench_bare (scenario, seconds / slices, count, &slice, error))
        return FALSE;
      rate_add (bare, &slice);
      if (!lab_bench_lab (scenario, seconds / slices, count, &slice, error))
        return FALSE;
      rate_add (lab, &slice);
    }
  return TRUE;
}

/* Every round's figures, and their medians and ranges. */
typedef struct
{
  guint runs;
  double *bare_rate, *lab_rate, *cost; /* handshakes/s, and bare/lab: the cost ratio */
  double *bare_cpu, *lab_cpu, *cpu_cost; /* CPU milliseconds a handshake, and lab/bare */
  double *bare_switches, *lab_switches;  /* context switches a handshake */
  double *bulk_bare, *bulk_lab, *bulk;  /* MiB/s, and lab/bare */
} Rounds;

static void
rounds_init (Rounds *r, guint runs)
{
  r->runs = runs;
  r->bare_rate = g_new0 (double, runs);
  r->lab_rate = g_new0 (double, runs);
  r->cost = g_new0 (double, runs);
  r->bare_cpu = g_new0 (double, runs);
  r->lab_cpu = g_new0 (double, runs);
  r->cpu_cost = g_new0 (double, runs);
  r->bare_switches = g_new0 (double, runs);
  r->lab_switches = g_new0 (double, runs);
  r->bulk_bare = g_new0 (double, runs);
  r->bulk_lab = g_new0 (double, runs);
  r->bulk = g_new0 (double, runs);
}

static void
rounds_clear (Rounds *r)
{
  double **all[] = { &r->bare_rate, &r->lab_rate,      &r->cost,      &r->bare_cpu,
                     &r->lab_cpu,   &r->cpu_cost,      &r->bare_switches, &r->lab_switches,
                     &r->bulk_bare, &r->bulk_lab,      &r->bulk };

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    g_clear_pointer (all[i], g_free);
}

static void
rounds_set (Rounds *r, guint i, const LabBenchRate *bare, const LabBenchRate *lab)
{
  r->bare_rate[i] = bare->per_second;
  r->lab_rate[i] = lab->per_second;
  r->cost[i] = lab->per_second > 0 ? bare->per_second / lab->per_second : 0;
  r->bare_cpu[i] = bare->handshakes ? bare->cpu_seconds * 1000 / bare->handshakes : 0;
  r->lab_cpu[i] = lab->handshakes ? lab->cpu_seconds * 1000 / lab->handshakes : 0;
  r->cpu_cost[i] = r->bare_cpu[i] > 0 ? r->lab_cpu[i] / r->bare_cpu[i] : 0;
  r->bare_switches[i] = bare->handshakes ? (double) bare->context_switches / bare->handshakes : 0;
  r->lab_switches[i] = lab->handshakes ? (double) lab->context_switches / lab->handshakes : 0;
}

typedef struct
{
  double median, min, max;
} Summary;

static Summary
summarise (const double *values, guint n)
{
  Summary s;

  lab_bench_summarise (values, n, &s.median, &s.min, &s.max);
  return s;
}

static void
json_summary (JsonBuilder *b, const char *name, const double *values, guint n)
{
  Summary s = summarise (values, n);

  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "median");
  json_builder_add_double_value (b, s.median);
  json_builder_set_member_name (b, "min");
  json_builder_add_double_value (b, s.min);
  json_builder_set_member_name (b, "max");
  json_builder_add_double_value (b, s.max);
  json_builder_set_member_name (b, "runs");
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    json_builder_add_double_value (b, values[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
print_json (const char *suite, const LabBenchMachine *m, const Rounds *r, double seconds,
            guint count, guint bulk_mib, long rss_before_bulk)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "suite");
  json_builder_add_string_value (b, suite);
  json_builder_set_member_name (b, "machine");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "cores");
  json_builder_add_int_value (b, m->cores);
  json_builder_set_member_name (b, "cores_online");
  json_builder_add_int_value (b, m->cores_online);
  json_builder_set_member_name (b, "cpu_model");
  if (m->cpu_model != NULL)
    json_builder_add_string_value (b, m->cpu_model);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "load_average_before");
  json_builder_begin_array (b);
  for (int i = 0; i < 3; i++)
    json_builder_add_double_value (b, m->load[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "build_type");
  if (LAB_BUILD_TYPE != NULL)
    json_builder_add_string_value (b, LAB_BUILD_TYPE);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "runs");
  json_builder_add_int_value (b, r->runs);
  json_builder_set_member_name (b, count != 0 ? "handshakes_per_run" : "seconds_per_run");
  if (count != 0)
    json_builder_add_int_value (b, count);
  else
    json_builder_add_double_value (b, seconds);
  json_builder_set_member_name (b, "bulk_mib");
  json_builder_add_int_value (b, bulk_mib);
  json_summary (b, "bare_handshakes_per_second", r->bare_rate, r->runs);
  json_summary (b, "lab_handshakes_per_second", r->lab_rate, r->runs);
  json_summary (b, "cost_ratio", r->cost, r->runs);
  json_summary (b, "bare_cpu_ms_per_handshake", r->bare_cpu, r->runs);
  json_summary (b, "lab_cpu_ms_per_handshake", r->lab_cpu, r->runs);
  json_summary (b, "cpu_cost_ratio", r->cpu_cost, r->runs);
  json_summary (b, "bare_context_switches_per_handshake", r->bare_switches, r->runs);
  json_summary (b, "lab_context_switches_per_handshake", r->lab_switches, r->runs);
  if (bulk_mib > 0)
    {
      json_summary (b, "bulk_direct_mib_per_second", r->bulk_bare, r->runs);
      json_summary (b, "bulk_wire_mib_per_second", r->bulk_lab, r->runs);
      json_summary (b, "bulk_ratio", r->bulk, r->runs);
    }
  json_builder_set_member_name (b, "peak_rss_kib_before_bulk");
  json_builder_add_int_value (b, rss_before_bulk);
  json_builder_set_member_name (b, "peak_rss_kib");
  json_builder_add_int_value (b, peak_rss_kib ());
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  lab_cli_print_json (root);
}

static void
print_text (const char *suite, const LabBenchMachine *m, const Rounds *r, double seconds,
            guint count, guint bulk_mib, long rss_before_bulk)
{
  Summary bare = summarise (r->bare_rate, r->runs), lab = summarise (r->lab_rate, r->runs);
  Summary cost = summarise (r->cost, r->runs);

  printf ("machine          %u of %u cores, %s; %s build\n", m->cores, m->cores_online,
          m->cpu_model ? m->cpu_model : "CPU model unknown",
          LAB_BUILD_TYPE ? LAB_BUILD_TYPE : "unknown");
  if (m->load[0] >= 0)
    printf ("load average     %.2f %.2f %.2f before the measurement%s\n", m->load[0], m->load[1],
            m->load[2],
            m->load[0] >= 1 ? ": the machine was busy, so these figures say more about it "
                              "than about the lab"
                            : "");
  printf ("suite            %s\n", suite);
  if (count != 0)
    printf ("runs             %u, each %u handshakes of each side in turn\n", r->runs, count);
  else
    printf ("runs             %u, each %.1f s of each side in half-second turns\n", r->runs,
            seconds);
  printf ("bare OpenSSL     %8.1f handshakes/s, median (%.1f–%.1f)\n", bare.median, bare.min,
          bare.max);
  printf ("lab, observed    %8.1f handshakes/s, median (%.1f–%.1f)\n", lab.median, lab.min,
          lab.max);
  printf ("cost             %.2fx a bare handshake pair, median (%.2f–%.2fx; target at most "
          "1.1x)\n", cost.median, cost.min, cost.max);
  {
    Summary bare_cpu = summarise (r->bare_cpu, r->runs), lab_cpu = summarise (r->lab_cpu, r->runs);
    Summary cpu = summarise (r->cpu_cost, r->runs);
    Summary bare_sw = summarise (r->bare_switches, r->runs);
    Summary lab_sw = summarise (r->lab_switches, r->runs);

    printf ("CPU time         %.3f ms a handshake bare, %.3f ms observed, every thread: %.2fx, "
            "median (%.2f–%.2fx)\n", bare_cpu.median, lab_cpu.median, cpu.median, cpu.min,
            cpu.max);
    printf ("context switches %.1f a handshake bare, %.1f observed, median\n", bare_sw.median,
            lab_sw.median);
  }
  if (bulk_mib > 0)
    {
      Summary direct = summarise (r->bulk_bare, r->runs), wire = summarise (r->bulk_lab, r->runs);
      Summary ratio = summarise (r->bulk, r->runs);

      printf ("bulk, direct     %8.1f MiB/s, median (%.1f–%.1f; %u MiB, best of three a run)\n",
              direct.median, direct.min, direct.max, bulk_mib);
      printf ("bulk, wire       %8.1f MiB/s, median (%.1f–%.1f): %.2fx direct (%.2f–%.2fx; "
              "target at least 0.95x)\n", wire.median, wire.min, wire.max, ratio.median,
              ratio.min, ratio.max);
    }
  printf ("peak memory      %ld KiB before the bulk runs, %ld KiB after\n", rss_before_bulk,
          peak_rss_kib ());
}

int
lab_cli_bench (int argc, char **argv)
{
  g_autofree char *suite_name = NULL;
  double seconds = 3;
  /* --handshakes is read as text: given at all, it must be a real count, so 0 is not a
   * second way of saying "measure for --seconds" */
  g_autofree char *count_text = NULL;
  gint64 count = 0;
  int runs = 5, bulk_mib = 64;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "suite", 0, 0, G_OPTION_ARG_STRING, &suite_name,
      "Cipher suite to measure (default ECDHE-ECDSA-AES128-GCM-SHA256)", "NAME" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs,
      "Rounds of both sides, reported as median and range (default 5)", "N" },
    { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &seconds,
      "How long each side runs in each round, in half-second turns (default 3)", "N" },
    { "handshakes", 0, 0, G_OPTION_ARG_STRING, &count_text,
      "Exactly N handshakes of each side in each round instead, the same work every time "
      "(for counting instructions)", "N" },
    { "bulk-mib", 0, 0, G_OPTION_ARG_INT, &bulk_mib,
      "Application data sent through the wire and directly in each round (default 64; 0: none)",
      "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the results as JSON", NULL },
    { NULL },
  };
  g_autoptr (LabScenario) scenario = lab_scenario_new_default ();
  g_autoptr (GError) error = NULL;
  LabBenchMachine machine;
  const LabCipherSuite *suite;
  LabBenchRate bare, lab;
  Rounds r = { 0 };
  long rss_before_bulk = -1;
  int status = LAB_EXIT_OK;

  if (!lab_cli_parse ("bench", "", "Measures the lab's observed session against a bare OpenSSL "
                      "handshake pair, side by side in one process, in interleaved rounds.",
                      entries, &argc, &argv))
    return LAB_EXIT_USAGE;
  if (argc > 1)
    return lab_cli_usage_error ("bench", "unexpected argument '%s'", argv[1]);
  /* written so that NaN fails it too */
  if (!(seconds > 0 && seconds <= 600))
    return lab_cli_usage_error ("bench", "--seconds must be more than 0 and at most 600");
  if (runs < 1 || runs > 1000)
    return lab_cli_usage_error ("bench", "--runs must be from 1 to 1000");
  if (count_text != NULL
      && !g_ascii_string_to_signed (count_text, 10, 1, 1000000, &count, NULL))
    return lab_cli_usage_error ("bench", "--handshakes must be from 1 to 1000000");
  if (bulk_mib < 0 || bulk_mib > 4096)
    return lab_cli_usage_error ("bench", "--bulk-mib must be from 0 to 4096");
  suite = lab_cli_suite_option ("bench", suite_name ? suite_name : "ECDHE-ECDSA-AES128-GCM-SHA256");
  if (suite == NULL)
    return LAB_EXIT_USAGE;
  scenario->client.cipher_suites = g_strdup (suite->openssl_name);
  scenario->server.cipher_suites = g_strdup (suite->openssl_name);
  scenario->key_type = suite->auth == LAB_AUTH_RSA ? LAB_KEY_RSA_2048 : LAB_KEY_ECDSA_P256;

  /* What the machine was doing before this process added to it. */
  lab_bench_machine_read (&machine);
  rounds_init (&r, (guint) runs);

  /* A warm-up run of each, so that neither pays for OpenSSL's first-use setup. */
  if (!lab_bench_bare (scenario, 0.2, count != 0 ? 1 : 0, &bare, &error)
      || !lab_bench_lab (scenario, 0.2, count != 0 ? 1 : 0, &lab, &error))
    goto failed;
  /* Each round measures handshakes, then bulk data: the memory peak before the first bulk
   * run is the handshakes' own. */
  for (guint i = 0; i < r.runs; i++)
    {
      if (!measure_round (scenario, seconds, (guint) count, &bare, &lab, &error))
        goto failed;
      rounds_set (&r, i, &bare, &lab);
      if (rss_before_bulk < 0)
        rss_before_bulk = peak_rss_kib ();
      /* Bulk: through the wire and directly; memory must not follow the volume. */
      if (bulk_mib > 0)
        {
          if (!lab_bench_bulk (scenario, (gsize) bulk_mib * 1024 * 1024, &r.bulk_bare[i],
                               &r.bulk_lab[i], &error))
            goto failed;
          r.bulk[i] = r.bulk_bare[i] > 0 ? r.bulk_lab[i] / r.bulk_bare[i] : 0;
        }
    }

  if (json)
    print_json (suite->openssl_name, &machine, &r, seconds, (guint) count, (guint) bulk_mib,
                rss_before_bulk);
  else
    print_text (suite->openssl_name, &machine, &r, seconds, (guint) count, (guint) bulk_mib,
                rss_before_bulk);
  goto done;

failed:
  lab_cli_error ("bench", "%s", error->message);
  status = LAB_EXIT_MISMATCH;
done:
  lab_bench_machine_clear (&machine);
  rounds_clear (&r);
  return status;
}
