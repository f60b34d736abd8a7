/* main.c: the window when there is no subcommand, otherwise the CLI.
 * With no display at all the default scenario runs in the terminal instead. */
#include <adwaita.h>
#include <signal.h>

#include "cli/lab-cli.h"
#include "gui/lab-application.h"

int
main (int argc, char **argv)
{
  g_autoptr (LabApplication) app = NULL;

  /* SSL_shutdown may write to a peer that has already gone. */
  signal (SIGPIPE, SIG_IGN);

  if (lab_cli_wants (argc, argv))
    return lab_cli_main (argc, argv);

  if (!gtk_init_check ())
    {
      char *run_argv[] = { (char *) "run", NULL };

      g_printerr ("handshake-lab: no display; running the default scenario in the terminal.\n");
      return lab_cli_run (1, run_argv);
    }

  app = lab_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
