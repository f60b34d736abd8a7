/* lab-cli-diagram.c: `handshake-lab diagram [FILE.scenario | NAME] -o OUT.png|svg|pdf`: runs a
 * scenario and draws its ladder with the window's own drawing code, no display needed:
 * one tall picture, or with --slide 16:9 slides (lab-ladder-export.h). */
#include "lab-cli.h"
#include "lab-cli-files.h"
#include "engine/scenario/lab-scenario.h"
#include "engine/session/lab-session.h"
#include "engine/trace/lab-steps.h"
#include "render/lab-ladder-export.h"

#include <stdio.h>

typedef struct
{
  char *output;
  char *seed;
  int step;
  gboolean dark;
  gboolean slide;
  gboolean hide_unsent;
  double width;
  double scale;
} DiagramArgs;

static void
diagram_args_clear (DiagramArgs *args)
{
  g_clear_pointer (&args->output, g_free);
  g_clear_pointer (&args->seed, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DiagramArgs, diagram_args_clear)

int
lab_cli_diagram (int argc, char **argv)
{
  g_auto (DiagramArgs) args = { .step = 0 };
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &args.output,
      "Where to write the picture; .png, .svg or .pdf says the format", "FILE" },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &args.seed,
      "Make the run byte-reproducible from this seed (a whole number)", "N" },
    { "step", 0, 0, G_OPTION_ARG_INT, &args.step,
      "Highlight step N as the current one; later steps are drawn faint", "N" },
    { "dark", 0, 0, G_OPTION_ARG_NONE, &args.dark, "Light text on a dark background", NULL },
    { "slide", 0, 0, G_OPTION_ARG_NONE, &args.slide,
      "16:9 slides in large type: a PDF has a page for each part of the run and the outcome "
      "on the last; a PNG (1920x1080) or SVG is one page, the one with step N (--step), "
      "else the first, with the outcome at its foot", NULL },
    { "hide-unsent", 0, 0, G_OPTION_ARG_NONE, &args.hide_unsent,
      "Leave out the steps a failed run never reached (\"never sent\")", NULL },
    { "width", 0, 0, G_OPTION_ARG_DOUBLE, &args.width,
      "Width in pixels or points (not with --slide: a slide is 960x540 points)", "W" },
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &args.scale,
      "PNG pixels per point (2 for HiDPI; with --slide 2 by default, 1920x1080)", "S" },
    { NULL },
  };
  g_autoptr (LabScenario) scenario = NULL;
  guint64 seed = 0;
  g_autoptr (LabTrace) trace = NULL;
  g_autoptr (GPtrArray) steps = NULL;
  g_autoptr (GError) error = NULL;
  LabLadderExportOptions options = { 0 };
  LabLadderFormat format;

  if (!lab_cli_parse ("diagram", "[FILE.scenario | NAME] -o OUT.png|svg|pdf",
                      "Runs a scenario and draws its handshake ladder as a picture, with the "
                      "run's outcome under it.\nNAME is a built-in scenario ('handshake-lab "
                      "list'); a path that exists wins.",
                      entries, &argc, &argv))
    return LAB_EXIT_USAGE;
  if (argc > 2)
    return lab_cli_usage_error ("diagram", "expected at most one scenario file, got %d",
                                argc - 1);
  if (args.output == NULL)
    return lab_cli_usage_error ("diagram", "say where to write the picture with -o FILE");
  if (args.slide && args.width != 0)
    return lab_cli_usage_error ("diagram", "--width does not go with --slide: a slide is "
                                           "960x540 points (--scale sets a PNG's pixels)");
  {
    const LabCliOutput output = { "-o", args.output, "picture" };
    const char *input
      = argc == 2 && lab_cli_input_kind (argv[1], NULL) == LAB_CLI_PATH ? argv[1] : NULL;

    if (!lab_cli_check_outputs ("diagram", input, "the scenario being drawn", &output, 1))
      return LAB_EXIT_USAGE;
  }
  if (!lab_ladder_format_from_path (args.output, &format, &error)
      || (args.width < 0 || args.scale < 0 || args.step < 0))
    return lab_cli_usage_error ("diagram", "%s",
                                error ? error->message : "--width, --scale and --step must "
                                                         "not be negative");

  if (args.seed != NULL && !lab_cli_seed_option ("diagram", args.seed, &seed))
    return LAB_EXIT_USAGE;
  scenario = lab_cli_load_run_scenario (argc == 2 ? argv[1] : NULL,
                                        args.seed != NULL ? &seed : NULL, &error);
  if (scenario == NULL)
    return lab_cli_usage_error ("diagram", "%s", error->message);
  trace = lab_session_run (scenario, NULL, &error);
  if (trace == NULL)
    {
      lab_cli_error ("diagram", "%s", error->message);
      return LAB_EXIT_MISMATCH;
    }

  steps = lab_steps_from_trace (trace);
  options.title = scenario->title;
  options.palette = args.dark ? lab_ladder_palette_dark () : lab_ladder_palette_light ();
  options.state.current = args.step > 0 ? MIN (args.step, (int) steps->len) - 1 : -1;
  options.width = args.width;
  options.scale = args.scale;
  options.slide = args.slide;
  options.hide_unsent = args.hide_unsent;
  if (!lab_ladder_export (trace, steps, &options, args.output, &error))
    return lab_cli_usage_error ("diagram", "-o: %s", error->message);
  return LAB_EXIT_OK;
}
