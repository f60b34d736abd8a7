/* lab-cli-run.c: `handshake-lab run [FILE.scenario] [--seed N] [--json] [--keys]
 * [--pcapng FILE] [--keylog FILE]`. */
#include "lab-cli.h"
#include "lab-cli-ladder.h"
#include "engine/export/lab-export.h"
#include "engine/trace/lab-outcome-text.h"
#include "engine/scenario/lab-scenario.h"
#include "engine/session/lab-session.h"
#include "engine/trace/lab-steps.h"
#include "engine/export/lab-trace-json.h"

#include <stdio.h>

static void
print_outcome (const LabOutcome *o)
{
  g_autofree char *headline = lab_outcome_headline (o, FALSE);
  g_autofree char *verification = lab_outcome_verification (o);

  printf ("%s\n", headline);
  if (verification != NULL)
    printf ("         %s\n", verification);
  if (o->cause != NULL)
    printf ("Why: %s\n", o->cause);
}

int
lab_cli_run (int argc, char **argv)
{
  gboolean json = FALSE, keys = FALSE;
  char *seed_text = NULL;
  g_autofree char *pcapng_path = NULL, *keylog_path = NULL;
  const GOptionEntry entries[] = {
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_text,
      "Make the run byte-reproducible from this seed (a whole number)", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the whole trace as JSON", NULL },
    { "keys", 0, 0, G_OPTION_ARG_NONE, &keys,
      "Print every secret of both views, each with what shows it is the value OpenSSL used",
      NULL },
    { "pcapng", 0, 0, G_OPTION_ARG_FILENAME, &pcapng_path,
      "Save the run as a capture Wireshark opens and decrypts", "FILE" },
    { "keylog", 0, 0, G_OPTION_ARG_FILENAME, &keylog_path, "Save the NSS key log", "FILE" },
    { NULL },
  };
  g_autoptr (LabScenario) scenario = NULL;
  g_autoptr (LabTrace) trace = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *why = NULL;
  g_autofree char *seed_owned = NULL;
  LabSessionOptions options = { 0 };
  gboolean matched;

  if (!lab_cli_parse ("run", "[FILE.scenario]", "Runs a scenario: a real OpenSSL client and "
                      "server over 127.0.0.1 through the lab's wire.",
                      entries, &argc, &argv))
    return LAB_EXIT_USAGE;
  seed_owned = seed_text;
  if (argc > 2)
    return lab_cli_usage_error ("run", "expected at most one scenario file, got %d", argc - 1);

  if (seed_text != NULL
      && !g_ascii_string_to_unsigned (seed_text, 10, 0, G_MAXUINT64, &options.seed, NULL))
    return lab_cli_usage_error ("run", "--seed: '%s' is not a whole number from 0 to %"
                                G_GUINT64_FORMAT, seed_text, G_MAXUINT64);
  options.has_seed = seed_text != NULL;

  scenario = argc == 2 ? lab_scenario_load_file (argv[1], &error)
                       : lab_scenario_load_builtin ("default", &error);
  if (scenario == NULL)
    {
      fprintf (stderr, "handshake-lab run: %s\n", error->message);
      return LAB_EXIT_USAGE;
    }
  if (options.has_seed)
    {
      scenario->has_seed = TRUE;
      scenario->seed = options.seed;
    }

  trace = lab_session_run (scenario, &options, &error);
  if (trace == NULL)
    {
      fprintf (stderr, "handshake-lab run: %s\n", error->message);
      return LAB_EXIT_MISMATCH;
    }
  if (!lab_export_files (trace, pcapng_path, keylog_path, &error))
    {
      fprintf (stderr, "handshake-lab run: %s\n", error->message);
      return LAB_EXIT_USAGE;
    }

  matched = lab_scenario_outcome_matches (scenario, lab_trace_get_outcome (trace), &why);
  if (json)
    {
      g_autoptr (JsonNode) node = lab_trace_to_json (trace, scenario);
      lab_cli_print_json (node);
    }
  else
    {
      printf ("%s\n%s\n\n", scenario->title, scenario->source);
      lab_cli_print_ladder (trace);
      printf ("\n");
      print_outcome (lab_trace_get_outcome (trace));
      if (keys)
        lab_cli_print_secrets (trace);
      else
        lab_cli_print_secret_summary (trace);
    }
  if (!matched)
    fprintf (stderr, "handshake-lab run: %s: the run did not behave as [expect] says: %s\n",
             scenario->source, why);
  return matched ? LAB_EXIT_OK : LAB_EXIT_MISMATCH;
}
