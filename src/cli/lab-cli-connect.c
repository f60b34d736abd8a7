/* lab-cli-connect.c: `handshake-lab connect HOST:PORT [--server-name NAME] [--ca-file FILE]
 * [--json]`. */
#include "lab-cli.h"
#include "lab-cli-ladder.h"
#include "engine/live/lab-connect.h"
#include "engine/export/lab-trace-json.h"

#include <stdio.h>

int
lab_cli_connect (int argc, char **argv)
{
  gboolean json = FALSE;
  g_autofree char *server_name = NULL, *ca_file = NULL, *remote = NULL;
  const GOptionEntry entries[] = {
    { "server-name", 0, 0, G_OPTION_ARG_STRING, &server_name,
      "The name to ask for (SNI) and to check the certificate against (default: HOST)", "NAME" },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file,
      "Trust these PEM certificates instead of the system's trust store", "FILE" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the whole trace as JSON", NULL },
    { NULL },
  };
  g_autoptr (LabTrace) trace = NULL;
  g_autoptr (GError) error = NULL;
  LabConnectOptions options = { 0 };

  if (!lab_cli_parse ("connect", "HOST:PORT", "Connects the lab's client (TLS 1.2, fresh "
                      "randomness) to a real server, sends a small HTTP request, and shows "
                      "everything the client can see, every record opened.",
                      entries, &argc, &argv))
    return LAB_EXIT_USAGE;
  if (argc != 2)
    return lab_cli_usage_error ("connect", "expected one HOST:PORT, got %d", argc - 1);

  options.target = argv[1];
  options.server_name = server_name;
  options.ca_file = ca_file;
  trace = lab_connect (&options, &remote, &error);
  if (trace == NULL)
    return lab_cli_usage_error ("connect", "%s", error->message);
  if (json)
    {
      g_autoptr (JsonNode) node = lab_trace_to_json (trace, NULL);
      lab_cli_print_json (node);
    }
  else
    {
      printf ("Connected to %s (%s), trusting %s\n\n", argv[1], remote,
              ca_file ? ca_file : "the system's trust store");
      lab_cli_print_ladder (trace);
      lab_cli_print_observed (trace);
    }
  return lab_trace_get_outcome (trace)->result == LAB_RESULT_SUCCESS ? LAB_EXIT_OK
                                                                      : LAB_EXIT_MISMATCH;
}
