/* lab-cli-listen.c: `handshake-lab listen [--port N] [--address A] [--scenario FILE]
 * [--count N] [--json] [--save DIR]`. */
#include "lab-cli.h"
#include "lab-cli-ladder.h"
#include "engine/export/lab-export.h"
#include "engine/live/lab-listen.h"
#include "engine/pki/lab-pki.h"
#include "engine/export/lab-trace-json.h"

#include <stdio.h>

typedef struct
{
  const LabScenario *scenario;
  gboolean json;
  const char *save_dir; /* each connection as a pcapng capture, for the window */
  guint connections;
} Listen;

static void
on_listening (const char *address, guint16 port, gpointer data)
{
  Listen *l = data;
  g_autofree char *host = strchr (address, ':') ? g_strdup_printf ("[%s]", address)
                                                : g_strdup (address);

  /* stderr, so that stdout stays the traces (JSON lines with --json) */
  fprintf (stderr,
           "handshake-lab listen: listening on https://%s:%u/ as %s (certificate: %s, %s)\n"
           "  try: curl -k https://%s:%u/\n"
           "   or: openssl s_client -connect %s:%u -servername %s\n",
           host, port, l->scenario->server_name,
           lab_cert_profile_name (l->scenario->server.certificate),
           lab_key_type_name (l->scenario->key_type), host, port, host, port,
           l->scenario->server_name);
  if (!g_str_has_prefix (address, "127.") && g_strcmp0 (address, "::1") != 0)
    fprintf (stderr, "handshake-lab listen: %s is not loopback: other machines can connect\n",
             address);
  fflush (stderr);
}

/* The capture carries its own key log (a Decryption Secrets Block): the window's Open
 * Capture, Wireshark and `import` open every record of it with no other file. */
static void
save_connection (Listen *l, LabTrace *trace)
{
  g_autofree char *name = g_strdup_printf ("connection-%u.pcapng", l->connections);
  g_autofree char *path = g_build_filename (l->save_dir, name, NULL);
  g_autoptr (GError) error = NULL;

  if (lab_export_pcapng (trace, path, &error))
    fprintf (stderr, "handshake-lab listen: saved connection %u as %s\n", l->connections, path);
  else
    fprintf (stderr, "handshake-lab listen: connection %u not saved: %s\n", l->connections,
             error->message);
  fflush (stderr);
}

static void
on_connection (LabTrace *trace, const char *client, gpointer data)
{
  Listen *l = data;

  l->connections++;
  if (l->json)
    {
      /* one line per connection, so that a reader can take each as it comes */
      g_autoptr (JsonNode) node = lab_trace_to_json (trace, l->scenario);
      g_autoptr (JsonGenerator) generator = json_generator_new ();
      g_autofree char *text = NULL;

      json_object_set_string_member (json_node_get_object (node), "client", client);
      json_generator_set_root (generator, node);
      text = json_generator_to_data (generator, NULL);
      printf ("%s\n", text);
    }
  else
    {
      printf ("Connection %u from %s\n\n", l->connections, client);
      lab_cli_print_ladder (trace);
      lab_cli_print_observed (trace);
      printf ("\n");
    }
  fflush (stdout);
  if (l->save_dir != NULL)
    save_connection (l, trace);
}

int
lab_cli_listen (int argc, char **argv)
{
  gboolean json = FALSE;
  int port = LAB_LISTEN_DEFAULT_PORT, count = 0;
  g_autofree char *address = NULL, *scenario_path = NULL, *save_dir = NULL;
  const GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "The TCP port (default 4433; 0: any free port)",
      "N" },
    { "address", 0, 0, G_OPTION_ARG_STRING, &address,
      "Listen on this IP address instead of 127.0.0.1 (other machines may then connect)", "A" },
    { "scenario", 0, 0, G_OPTION_ARG_FILENAME, &scenario_path,
      "Be the server of this scenario: its certificate profile and switches", "FILE" },
    { "count", 0, 0, G_OPTION_ARG_INT, &count, "Stop after N connections (default: never)",
      "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print each connection's trace as one JSON line",
      NULL },
    { "save", 0, 0, G_OPTION_ARG_FILENAME, &save_dir,
      "Save each connection as DIR/connection-N.pcapng, its key log inside, for the window's "
      "Open Capture or Wireshark", "DIR" },
    { NULL },
  };
  g_autoptr (LabScenario) scenario = NULL;
  g_autoptr (GError) error = NULL;
  LabListenOptions options = { 0 };
  Listen l = { 0 };

  if (!lab_cli_parse ("listen", NULL, "Runs the lab's server for real clients (curl -k, "
                      "openssl s_client, a browser) and shows each connection as it ends.",
                      entries, &argc, &argv))
    return LAB_EXIT_USAGE;
  if (argc != 1)
    return lab_cli_usage_error ("listen", "unexpected argument '%s'", argv[1]);
  if (port < 0 || port > 65535)
    return lab_cli_usage_error ("listen", "--port: %d is not a port (0 to 65535)", port);
  if (count < 0)
    return lab_cli_usage_error ("listen", "--count: %d is not a number of connections", count);
  if (save_dir != NULL && !g_file_test (save_dir, G_FILE_TEST_IS_DIR))
    return lab_cli_usage_error ("listen", "--save: %s is not a folder", save_dir);
  scenario = scenario_path ? lab_scenario_load_file (scenario_path, &error)
                           : lab_scenario_load_builtin ("default", &error);
  if (scenario == NULL)
    return lab_cli_usage_error ("listen", "%s", error->message);

  l.scenario = scenario;
  l.json = json;
  l.save_dir = save_dir;
  options.scenario = scenario;
  options.address = address;
  options.port = (guint16) port;
  options.count = (guint) count;
  options.listening = on_listening;
  options.connection = on_connection;
  options.user_data = &l;
  if (!lab_listen (&options, &error))
    return lab_cli_usage_error ("listen", "%s", error->message);
  return LAB_EXIT_OK;
}
