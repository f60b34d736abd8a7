/* lab-cli-files.h: the files a command reads and writes.
 *
 * Where a command expects a scenario (or a lesson), it takes a path or the name of one
 * the binary carries (`run expired-certificate`): a path that exists wins, so an
 * installed lab, whose lessons/ folder is not on disk, can still run and check its own.
 * The files a command writes are checked before anything runs: never over a file it
 * reads, never two options onto one file (real paths are compared, so `./f`, `f` and a
 * symlink to it are the same), never onto something that is not a regular file. */
#pragma once

#include "engine/lesson/lab-lesson.h"
#include "engine/scenario/lab-scenario.h"

#include <glib.h>

G_BEGIN_DECLS

/* What `name` stands for, when it is not a path that exists. */
typedef enum
{
  LAB_CLI_PATH,             /* a path (that exists, or is not a built-in name either) */
  LAB_CLI_BUILTIN_SCENARIO, /* a scenario the binary carries */
  LAB_CLI_BUILTIN_LESSON,   /* a lesson the binary carries */
} LabCliInputKind;

/* A path that exists (even a dangling symlink) is a path; else a built-in scenario's
 * name, with or without ".scenario", then a built-in lesson's, with or without ".lesson";
 * else a path (whose reading will say it is missing). The built-in name, without its
 * suffix, goes to *builtin (free it) when asked for. */
LabCliInputKind lab_cli_input_kind (const char *name, char **builtin);

/* The scenario `name` stands for: the file, or the built-in one. A path with no '/' that
 * is neither says so and points at `handshake-lab list`. */
LabScenario *lab_cli_load_scenario (const char *name, GError **error);

/* --seed's text as a number, for `run` and `diagram` alike: a whole number from 0 to
 * 2^64-1. FALSE after printing the usage error, which names --seed. */
gboolean lab_cli_seed_option (const char *command, const char *text, guint64 *seed);

/* The scenario a run starts from: `name` (a file or a built-in), or the built-in default
 * when NULL; with `seed`, byte-reproducible from it as a scenario's own `seed` makes it. */
LabScenario *lab_cli_load_run_scenario (const char *name, const guint64 *seed, GError **error);

/* The same for a lesson. */
LabLesson *lab_cli_load_lesson (const char *name, GError **error);

/* A file a command writes: its option and path. */
typedef struct
{
  const char *option; /* "--pcapng" */
  const char *path;   /* NULL when the option was not given */
  const char *what;   /* "capture", for the messages */
} LabCliOutput;

/* Checks the outputs against each other and against `input` (the file the command reads,
 * NULL for none or a built-in; `input_what` names it: "the scenario being run"). On a
 * problem prints "handshake-lab COMMAND: OPTION PATH: why" and returns FALSE (exit with
 * LAB_EXIT_USAGE). */
gboolean lab_cli_check_outputs (const char *command, const char *input, const char *input_what,
                                const LabCliOutput *outputs, gsize n_outputs);

G_END_DECLS
