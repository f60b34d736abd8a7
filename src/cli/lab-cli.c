/* lab-cli.c: dispatches `handshake-lab COMMAND ...` to one file per subcommand. */
#include "lab-cli.h"
#include "lab-cli-files.h"
#include "engine/export/lab-json.h"

#include "tls/lab-text.h"

#include <json-glib/json-glib.h>
#include <stdio.h>

typedef struct
{
  const char *name;
  LabCliCommandFunc func;
  const char *summary;
} LabCliCommand;

static const LabCliCommand commands[] = {
  { "run", lab_cli_run, "Run a scenario and print the handshake as a ladder (or JSON)" },
  { "check", lab_cli_check, "Run scenario files and check each behaves as its [expect] says" },
  { "list", lab_cli_list, "List the built-in scenarios and lessons, by the names files take" },
  { "bench", lab_cli_bench, "Measure the lab against bare OpenSSL, side by side" },
  { "dissect", lab_cli_dissect, "Name every byte of TLS records or a handshake message" },
  { "diagram", lab_cli_diagram, "Run a scenario and draw its ladder as PNG, SVG or PDF" },
  { "derive", lab_cli_derive, "Derive master secret, key block and verify_data with formulas" },
  { "decrypt-record", lab_cli_decrypt_record, "Decrypt and verify one record, step by step" },
  { "import", lab_cli_import, "Open a pcap/pcapng capture (and key log) as the lab's traces" },
  { "connect", lab_cli_connect, "Be the client for a real TLS 1.2 server and show everything" },
  { "listen", lab_cli_listen, "Be the server for real clients (curl, s_client, a browser)" },
  { "ca", lab_cli_ca, "Show or export the lab's CA, so that real clients can verify listen" },
};

static const LabCliCommand *
find_command (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_strcmp0 (commands[i].name, name) == 0)
      return &commands[i];
  return NULL;
}

static void
print_help (FILE *out)
{
  fprintf (out, "Usage: handshake-lab [COMMAND [OPTION…]]\n"
                "       handshake-lab [FILE | NAME]…\n\n"
                "Without a command, opens the window on each scenario, lesson or capture FILE,\n"
                "or on each built-in scenario or lesson NAME ('handshake-lab list'; a path\n"
                "that exists wins). With no display, reads them in the terminal instead: a\n"
                "scenario is run, a lesson checked, a capture imported (with none, the\n"
                "default scenario runs).\n\nCommands:\n");
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-16s %s\n", commands[i].name, commands[i].summary);
  fprintf (out, "\nRun 'handshake-lab COMMAND --help' for a command's options.\n");
}

/* The window takes files to open (`handshake-lab my.scenario`) and built-in scenarios and
 * lessons by name (`handshake-lab expired-certificate`); any other first word that is not
 * an option is a mistyped command, which the CLI reports. */
gboolean
lab_cli_wants (int argc, char **argv)
{
  if (argc < 2)
    return FALSE;
  if (find_command (argv[1]) != NULL || g_strcmp0 (argv[1], "--help") == 0
      || g_strcmp0 (argv[1], "-h") == 0 || g_strcmp0 (argv[1], "help") == 0
      || g_strcmp0 (argv[1], "--version") == 0)
    return TRUE;
  return argv[1][0] != '-' && !g_file_test (argv[1], G_FILE_TEST_EXISTS)
         && lab_cli_input_kind (argv[1], NULL) == LAB_CLI_PATH;
}

int
lab_cli_main (int argc, char **argv)
{
  const LabCliCommand *command;

  if (g_strcmp0 (argv[1], "--version") == 0)
    {
      printf ("handshake-lab %s\n", LAB_VERSION);
      return LAB_EXIT_OK;
    }
  if (g_strcmp0 (argv[1], "--help") == 0 || g_strcmp0 (argv[1], "-h") == 0
      || g_strcmp0 (argv[1], "help") == 0)
    {
      print_help (stdout);
      return LAB_EXIT_OK;
    }
  command = find_command (argv[1]);
  if (command == NULL)
    {
      g_autofree char *word = lab_text_printable (argv[1]);

      fprintf (stderr,
               "handshake-lab: '%s' is neither a command, a file nor a built-in scenario "
               "or lesson\n\n",
               word);
      print_help (stderr);
      return LAB_EXIT_USAGE;
    }
  return command->func (argc - 1, argv + 1);
}

gboolean
lab_cli_parse (const char *command, const char *parameter_string, const char *summary,
               const GOptionEntry *entries, int *argc, char ***argv)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *program = g_strdup_printf ("handshake-lab %s", command);

  /* GOption prints the program name before the parameter string: make it the command. */
  g_set_prgname (program);
  context = g_option_context_new (parameter_string);
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_help_enabled (context, TRUE);
  /* argv[0] is the command name: GOption skips it like a program name. */
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
      g_autofree char *message = lab_text_printable (error->message);

      fprintf (stderr, "handshake-lab %s: %s\n\n%s", command, message, help);
      return FALSE;
    }
  return TRUE;
}

static void print_error (const char *command, const char *format, va_list args)
  G_GNUC_PRINTF (2, 0);

static void
print_error (const char *command, const char *format, va_list args)
{
  g_autofree char *message = g_strdup_vprintf (format, args);
  /* messages quote files and what was in them: nothing in them may drive the terminal */
  g_autofree char *safe = lab_text_printable (message);

  fprintf (stderr, "handshake-lab %s: %s\n", command, safe);
}

void
lab_cli_error (const char *command, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  print_error (command, format, args);
  va_end (args);
}

int
lab_cli_usage_error (const char *command, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  print_error (command, format, args);
  va_end (args);
  return LAB_EXIT_USAGE;
}

void
lab_cli_print_json (JsonNode *node)
{
  g_autofree char *text = lab_json_to_text (node);

  fputs (text, stdout);
}
