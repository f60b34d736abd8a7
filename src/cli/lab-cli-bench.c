/* lab-cli-bench.c: `handshake-lab bench [--suite NAME] [--seconds N] [--json]`. */
#include "lab-cli.h"
#include "lab-cli-options.h"
#include "engine/session/lab-bench.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

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
  sum->per_second = sum->seconds > 0 ? sum->handshakes / sum->seconds : 0;
}

static gboolean
measure_interleaved (const LabScenario *scenario, double seconds, LabBenchRate *bare,
                     LabBenchRate *lab, GError **error)
{
  guint slices = MAX (1, (guint) (seconds / SLICE_SECONDS + 0.5));

  memset (bare, 0, sizeof *bare);
  memset (lab, 0, sizeof *lab);
  for (guint i = 0; i < slices; i++)
    {
      LabBenchRate slice;

      if (!lab_bench_bare (scenario, seconds / slices, &slice, error))
        return FALSE;
      rate_add (bare, &slice);
      if (!lab_bench_lab (scenario, seconds / slices, &slice, error))
        return FALSE;
      rate_add (lab, &slice);
    }
  return TRUE;
}

int
lab_cli_bench (int argc, char **argv)
{
  g_autofree char *suite_name = NULL;
  double seconds = 3;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "suite", 0, 0, G_OPTION_ARG_STRING, &suite_name,
      "Cipher suite to measure (default ECDHE-ECDSA-AES128-GCM-SHA256)", "NAME" },
    { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &seconds, "How long to run each side, in half-second turns (default 3)",
      "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the results as JSON", NULL },
    { NULL },
  };
  g_autoptr (LabScenario) scenario = lab_scenario_new_default ();
  g_autoptr (GError) error = NULL;
  const LabCipherSuite *suite;
  LabBenchRate bare, lab;
  double ratio, bulk_bare = 0, bulk_lab = 0;
  long rss_before_bulk;

  if (!lab_cli_parse ("bench", "", "Measures the lab's observed session against a bare OpenSSL "
                      "handshake pair, side by side in one process.",
                      entries, &argc, &argv))
    return LAB_EXIT_USAGE;
  if (argc > 1)
    return lab_cli_usage_error ("bench", "unexpected argument '%s'", argv[1]);
  if (seconds <= 0 || seconds > 600)
    return lab_cli_usage_error ("bench", "--seconds must be more than 0 and at most 600");
  suite = lab_cli_suite_option ("bench", suite_name ? suite_name : "ECDHE-ECDSA-AES128-GCM-SHA256");
  if (suite == NULL)
    return LAB_EXIT_USAGE;
  scenario->client.cipher_suites = g_strdup (suite->openssl_name);
  scenario->server.cipher_suites = g_strdup (suite->openssl_name);
  scenario->key_type = suite->auth == LAB_AUTH_RSA ? LAB_KEY_RSA_2048 : LAB_KEY_ECDSA_P256;

  /* A warm-up run of each, so that neither pays for OpenSSL's first-use setup. */
  if (!lab_bench_bare (scenario, 0.2, &bare, &error) || !lab_bench_lab (scenario, 0.2, &lab, &error)
      || !measure_interleaved (scenario, seconds, &bare, &lab, &error))
    {
      lab_cli_error ("bench", "%s", error->message);
      return LAB_EXIT_MISMATCH;
    }
  ratio = lab.per_second > 0 ? bare.per_second / lab.per_second : 0;
  /* Bulk: 64 MiB through the wire and directly; memory must not follow the volume. */
  rss_before_bulk = peak_rss_kib ();
  if (!lab_bench_bulk (scenario, 64 * 1024 * 1024, &bulk_bare, &bulk_lab, &error))
    {
      lab_cli_error ("bench", "%s", error->message);
      return LAB_EXIT_MISMATCH;
    }

  if (json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "suite");
      json_builder_add_string_value (b, suite->openssl_name);
      json_builder_set_member_name (b, "bare_handshakes_per_second");
      json_builder_add_double_value (b, bare.per_second);
      json_builder_set_member_name (b, "lab_handshakes_per_second");
      json_builder_add_double_value (b, lab.per_second);
      json_builder_set_member_name (b, "cost_ratio");
      json_builder_add_double_value (b, ratio);
      json_builder_set_member_name (b, "bulk_direct_mib_per_second");
      json_builder_add_double_value (b, bulk_bare);
      json_builder_set_member_name (b, "bulk_wire_mib_per_second");
      json_builder_add_double_value (b, bulk_lab);
      json_builder_set_member_name (b, "bulk_ratio");
      json_builder_add_double_value (b, bulk_bare > 0 ? bulk_lab / bulk_bare : 0);
      json_builder_set_member_name (b, "peak_rss_kib_before_bulk");
      json_builder_add_int_value (b, rss_before_bulk);
      json_builder_set_member_name (b, "peak_rss_kib");
      json_builder_add_int_value (b, peak_rss_kib ());
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      lab_cli_print_json (root);
    }
  else
    {
      printf ("suite            %s\n", suite->openssl_name);
      printf ("bare OpenSSL     %8.1f handshakes/s (%u in %.1f s)\n", bare.per_second,
              bare.handshakes, bare.seconds);
      printf ("lab, observed    %8.1f handshakes/s (%u in %.1f s)\n", lab.per_second,
              lab.handshakes, lab.seconds);
      printf ("cost             %.2fx a bare handshake pair (target at most 1.2x)\n", ratio);
      printf ("bulk, direct     %8.1f MiB/s (64 MiB)\n", bulk_bare);
      printf ("bulk, wire       %8.1f MiB/s (64 MiB): %.2fx direct (target at least 0.8x)\n",
              bulk_lab, bulk_bare > 0 ? bulk_lab / bulk_bare : 0);
      printf ("peak memory      %ld KiB before the bulk runs, %ld KiB after\n", rss_before_bulk,
              peak_rss_kib ());
    }
  return LAB_EXIT_OK;
}
