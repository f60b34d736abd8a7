/* `handshake-lab bench --runs N --json`: the shape of what it reports — every round's
 * figures with their median and range, and the machine they were measured on. Only the
 * shape: how fast anything ran is a benchmark's business, never a test's (HACKING.md,
 * "Testing"). */
#include "lab-test-util.h"

#include <json-glib/json-glib.h>

/* A summary of `runs` positive figures: median, min, max, and each run's. */
static void
assert_summary (JsonObject *root, const char *name, guint runs)
{
  JsonObject *summary;
  JsonArray *values;
  double median, min, max;

  g_test_message ("%s", name);
  g_assert_true (json_object_has_member (root, name));
  summary = json_object_get_object_member (root, name);
  values = json_object_get_array_member (summary, "runs");
  g_assert_cmpuint (json_array_get_length (values), ==, runs);
  median = json_object_get_double_member (summary, "median");
  min = json_object_get_double_member (summary, "min");
  max = json_object_get_double_member (summary, "max");
  g_assert_cmpfloat (min, >, 0);
  g_assert_cmpfloat (min, <=, median);
  g_assert_cmpfloat (median, <=, max);
  for (guint i = 0; i < runs; i++)
    {
      double value = json_array_get_double_element (values, i);

      g_assert_cmpfloat (value, >=, min);
      g_assert_cmpfloat (value, <=, max);
    }
}

static JsonObject *
bench_json (JsonParser *parser, const char *const *argv)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (lab_test_spawn (argv, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_bench_json_shape (void)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *root = bench_json (parser, (const char *[]){ "bench", "--runs", "2", "--seconds",
                                                           "0.2", "--bulk-mib", "4", "--json",
                                                           NULL });
  JsonObject *machine;
  JsonArray *load;
  const char *const ratios[] = { "bare_handshakes_per_second", "lab_handshakes_per_second",
                                 "cost_ratio", "bare_cpu_ms_per_handshake",
                                 "lab_cpu_ms_per_handshake", "cpu_cost_ratio",
                                 "bare_context_switches_per_handshake",
                                 "lab_context_switches_per_handshake",
                                 "bulk_direct_mib_per_second", "bulk_wire_mib_per_second",
                                 "bulk_ratio" };

  g_assert_cmpstr (json_object_get_string_member (root, "suite"), ==,
                   "ECDHE-ECDSA-AES128-GCM-SHA256");
  g_assert_cmpint (json_object_get_int_member (root, "runs"), ==, 2);
  g_assert_cmpfloat (json_object_get_double_member (root, "seconds_per_run"), ==, 0.2);
  g_assert_cmpint (json_object_get_int_member (root, "bulk_mib"), ==, 4);
  for (guint i = 0; i < G_N_ELEMENTS (ratios); i++)
    assert_summary (root, ratios[i], 2);

  /* the machine: what it is and how busy it was */
  machine = json_object_get_object_member (root, "machine");
  g_assert_nonnull (machine);
  g_assert_cmpint (json_object_get_int_member (machine, "cores"), >=, 1);
  g_assert_cmpint (json_object_get_int_member (machine, "cores"), <=,
                   json_object_get_int_member (machine, "cores_online"));
  g_assert_true (json_object_has_member (machine, "cpu_model"));
  g_assert_cmpstr (json_object_get_string_member (machine, "build_type"), !=, NULL);
  load = json_object_get_array_member (machine, "load_average_before");
  g_assert_cmpuint (json_array_get_length (load), ==, 3);
  g_assert_cmpint (json_object_get_int_member (root, "peak_rss_kib"), >, 0);
}

/* --handshakes: the same number of handshakes of each side in every run, and no bulk
 * figures when --bulk-mib is 0. */
static void
test_bench_fixed_count (void)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *root = bench_json (parser, (const char *[]){ "bench", "--runs", "1",
                                                           "--handshakes", "3", "--bulk-mib",
                                                           "0", "--suite",
                                                           "ECDHE-RSA-AES128-GCM-SHA256",
                                                           "--json", NULL });

  g_assert_cmpstr (json_object_get_string_member (root, "suite"), ==,
                   "ECDHE-RSA-AES128-GCM-SHA256");
  g_assert_cmpint (json_object_get_int_member (root, "handshakes_per_run"), ==, 3);
  g_assert_false (json_object_has_member (root, "seconds_per_run"));
  assert_summary (root, "cost_ratio", 1);
  g_assert_false (json_object_has_member (root, "bulk_ratio"));
}

/* Every option out of its range, or not a number at all, is a usage error (exit 2) that
 * names the option, before anything is measured. */
static void
test_bench_bad_options (void)
{
  const struct
  {
    const char *const *argv;
    const char *message;
  } bad[] = {
    { (const char *[]){ "bench", "--runs", "0", NULL }, "--runs must be from 1 to 1000" },
    { (const char *[]){ "bench", "--runs", "1001", NULL }, "--runs must be from 1 to 1000" },
    { (const char *[]){ "bench", "--runs", "-3", NULL }, "--runs must be from 1 to 1000" },
    { (const char *[]){ "bench", "--runs", "five", NULL }, "“five” for --runs" },
    { (const char *[]){ "bench", "--runs", "", NULL }, "for --runs" },
    { (const char *[]){ "bench", "--runs", NULL }, "--runs" },
    { (const char *[]){ "bench", "--handshakes", "-1", NULL },
      "--handshakes must be from 1 to 1000000" },
    /* 0 is no count at all, not "measure for --seconds" said another way */
    { (const char *[]){ "bench", "--handshakes", "0", NULL },
      "--handshakes must be from 1 to 1000000" },
    { (const char *[]){ "bench", "--bulk-mib", "-5", NULL }, "--bulk-mib must be from 0" },
    { (const char *[]){ "bench", "--seconds", "0", NULL }, "--seconds must be more than 0" },
    { (const char *[]){ "bench", "--seconds", "nan", NULL }, "--seconds must be more than 0" },
    { (const char *[]){ "bench", "--seconds", "inf", NULL }, "--seconds must be more than 0" },
    { (const char *[]){ "bench", "--suite", "NO-SUCH-SUITE", NULL }, "NO-SUCH-SUITE" },
    { (const char *[]){ "bench", "extra", NULL }, "unexpected argument 'extra'" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_test_message ("%s %s", bad[i].argv[1], bad[i].argv[2] ? bad[i].argv[2] : "");
      g_assert_cmpint (lab_test_spawn (bad[i].argv, &out, &err), ==, 2);
      lab_test_assert_contains (err, "handshake-lab bench: ");
      lab_test_assert_contains (err, bad[i].message);
      /* nothing measured */
      g_assert_null (strstr (out, "handshakes/s"));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/bench/json-shape", test_bench_json_shape);
  g_test_add_func ("/cli/bench/fixed-count", test_bench_fixed_count);
  g_test_add_func ("/cli/bench/bad-options", test_bench_bad_options);
  return g_test_run ();
}
