/* lab-cli-run.c: `handshake-lab run [FILE.scenario | NAME] [--seed N] [--json] [--keys]
 * [--pcapng FILE] [--keylog FILE]`. */
#include "lab-cli.h"
#include "lab-cli-files.h"
#include "lab-cli-ladder.h"
#include "engine/export/lab-export.h"
#include "engine/trace/lab-outcome-text.h"
#include "engine/scenario/lab-scenario.h"
#include "engine/session/lab-session.h"
#include "engine/trace/lab-steps.h"
#include "engine/export/lab-trace-json.h"
#include "tls/lab-text.h"

#include <stdio.h>

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

  if (!lab_cli_parse ("run", "[FILE.scenario | NAME]",
                      "Runs a scenario: a real OpenSSL client and server over 127.0.0.1 through "
                      "the lab's wire.\nNAME is a built-in scenario ('handshake-lab list'); a "
                      "path that exists wins. --pcapng and --keylog never write over the "
                      "scenario or onto each other.",
                      entries, &argc, &argv))
    return LAB_EXIT_USAGE;
  seed_owned = seed_text;
  if (argc > 2)
    return lab_cli_usage_error ("run", "expected at most one scenario file, got %d", argc - 1);

  if (seed_text != NULL && !lab_cli_seed_option ("run", seed_text, &options.seed))
    return LAB_EXIT_USAGE;
  options.has_seed = seed_text != NULL;

  {
    const LabCliOutput outputs[]
      = { { "--pcapng", pcapng_path, "capture" }, { "--keylog", keylog_path, "key log" } };
    const char *input
      = argc == 2 && lab_cli_input_kind (argv[1], NULL) == LAB_CLI_PATH ? argv[1] : NULL;

    /* before anything runs: nothing is lost to a bad file name */
    if (!lab_cli_check_outputs ("run", input, "the scenario being run", outputs,
                                G_N_ELEMENTS (outputs)))
      return LAB_EXIT_USAGE;
  }
  scenario = lab_cli_load_run_scenario (argc == 2 ? argv[1] : NULL,
                                        options.has_seed ? &options.seed : NULL, &error);
  if (scenario == NULL)
    {
      lab_cli_error ("run", "%s", error->message);
      return LAB_EXIT_USAGE;
    }

  trace = lab_session_run (scenario, &options, &error);
  if (trace == NULL)
    {
      lab_cli_error ("run", "%s", error->message);
      return LAB_EXIT_MISMATCH;
    }
  /* the GIO message names the file; the option says which it was */
  if (pcapng_path != NULL && !lab_export_pcapng (trace, pcapng_path, &error))
    return lab_cli_usage_error ("run", "--pcapng: %s", error->message);
  if (keylog_path != NULL && !lab_export_keylog (trace, keylog_path, &error))
    return lab_cli_usage_error ("run", "--keylog: %s", error->message);

  matched = lab_scenario_outcome_matches (scenario, lab_trace_get_outcome (trace), &why);
  if (json)
    {
      g_autoptr (JsonNode) node = lab_trace_to_json (trace, scenario);
      lab_cli_print_json (node);
    }
  else
    {
      g_autofree char *title = lab_text_printable (scenario->title);
      g_autofree char *source = lab_text_printable (scenario->source);

      printf ("%s\n%s\n\n", title, source);
      lab_cli_print_ladder (trace);
      printf ("\n");
      lab_cli_print_outcome (lab_trace_get_outcome (trace), FALSE);
      if (keys)
        lab_cli_print_secrets (trace);
      else
        lab_cli_print_secret_summary (trace);
    }
  if (!matched)
    lab_cli_error ("run", "%s: the run did not behave as [expect] says: %s", scenario->source, why);
  return matched ? LAB_EXIT_OK : LAB_EXIT_MISMATCH;
}
