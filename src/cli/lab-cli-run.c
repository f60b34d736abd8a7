/* lab-cli-run.c: `handshake-lab run` (being built: the engine lands with issue 2). */
#include "lab-cli.h"

int
lab_cli_run (int argc, char **argv)
{
  return lab_cli_usage_error ("run", "not built yet");
}
