/* main.c: the window when there is no subcommand, otherwise the CLI.
 *
 * `handshake-lab FILE…` opens each file in a window; a built-in scenario's or lesson's
 * name (`handshake-lab expired-certificate`) stands for a file, a path that exists
 * winning. With no display at all each file is still read and its errors reported: a
 * scenario is run, a lesson checked, a capture imported, in the terminal; with no file,
 * the default scenario runs. */
#include <adwaita.h>
#include <signal.h>
#include <string.h>

#include "cli/lab-cli.h"
#include "cli/lab-cli-files.h"
#include "gui/lab-application.h"
#include "gui/lab-window.h"
#include "tls/lab-text.h"

#define RESOURCE_URI "resource:///io/github/handshakelab/HandshakeLab/"

/* ---- without a display ---- */

static gboolean
is_capture (const char *name)
{
  return g_str_has_suffix (name, ".pcapng") || g_str_has_suffix (name, ".pcap");
}

/* The command that reads what the window would have opened. */
static int
read_in_terminal (const char *name)
{
  char *argv[] = { NULL, (char *) name, NULL };
  LabCliInputKind kind = lab_cli_input_kind (name, NULL);

  if (kind == LAB_CLI_BUILTIN_LESSON
      || (kind == LAB_CLI_PATH && g_str_has_suffix (name, ".lesson")))
    {
      argv[0] = (char *) "check";
      return lab_cli_check (2, argv);
    }
  if (kind == LAB_CLI_PATH && is_capture (name))
    {
      argv[0] = (char *) "import";
      return lab_cli_import (2, argv);
    }
  argv[0] = (char *) "run";
  return lab_cli_run (2, argv);
}

static int
run_without_display (int argc, char **argv)
{
  char *run_argv[] = { (char *) "run", NULL };
  int worst = LAB_EXIT_OK;
  gboolean any = FALSE;

  for (int i = 1; i < argc; i++)
    {
      if (argv[i][0] == '-')
        continue; /* the toolkit's own options mean nothing here */
      g_autofree char *name = lab_text_printable (argv[i]);
      int status;

      g_printerr ("handshake-lab: no display; reading %s in the terminal.\n", name);
      status = read_in_terminal (argv[i]);
      worst = MAX (worst, status);
      any = TRUE;
    }
  if (any)
    return worst;
  g_printerr ("handshake-lab: no display; running the default scenario in the terminal.\n");
  return lab_cli_run (1, run_argv);
}

/* ---- with a display: built-in names as files ---- */

/* A built-in name on the command line becomes its resource URI, which GApplication
 * passes on as a file (to the instance already running, too); on_open opens it. */
static void
builtin_names_to_uris (int argc, char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      g_autofree char *name = NULL;

      if (argv[i][0] == '-')
        continue;
      switch (lab_cli_input_kind (argv[i], &name))
        {
        case LAB_CLI_BUILTIN_SCENARIO:
          argv[i] = g_strconcat (RESOURCE_URI "scenarios/", name, ".scenario", NULL);
          break;
        case LAB_CLI_BUILTIN_LESSON:
          argv[i] = g_strconcat (RESOURCE_URI "lessons/", name, ".lesson", NULL);
          break;
        case LAB_CLI_PATH:
        default:
          break;
        }
    }
}

/* Opens each built-in in a window of its own and hands the other files to the
 * application's own handler. */
static void
on_open (GApplication *app, GFile **files, int n_files, const char *hint, gpointer data)
{
  g_autoptr (GPtrArray) rest = g_ptr_array_new ();

  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *uri = g_file_get_uri (files[i]);
      g_autofree char *base = g_file_get_basename (files[i]);
      gboolean scenario = g_str_has_prefix (uri, RESOURCE_URI "scenarios/");
      gboolean lesson = g_str_has_prefix (uri, RESOURCE_URI "lessons/");
      char *dot = strrchr (base, '.');
      LabWindow *window;

      if (!scenario && !lesson)
        {
          g_ptr_array_add (rest, files[i]);
          continue;
        }
      if (dot != NULL)
        *dot = '\0';
      window = lab_window_new (LAB_APPLICATION (app));
      /* a name the binary does not carry is said in the window, over the default run */
      if (scenario)
        lab_window_open_builtin (window, base);
      else
        lab_window_open_builtin_lesson (window, base);
      gtk_window_present (GTK_WINDOW (window));
    }
  g_signal_stop_emission_by_name (app, "open");
  if (rest->len > 0)
    G_APPLICATION_GET_CLASS (app)->open (app, (GFile **) rest->pdata, (int) rest->len, hint);
}

int
main (int argc, char **argv)
{
  g_autoptr (LabApplication) app = NULL;

  /* SSL_shutdown may write to a peer that has already gone. */
  signal (SIGPIPE, SIG_IGN);

  if (lab_cli_wants (argc, argv))
    return lab_cli_main (argc, argv);

  if (!gtk_init_check ())
    return run_without_display (argc, argv);

  app = lab_application_new ();
  builtin_names_to_uris (argc, argv);
  g_signal_connect (app, "open", G_CALLBACK (on_open), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
