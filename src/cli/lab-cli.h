/* lab-cli.h: the headless subcommands. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses every subcommand uses. */
enum
{
  LAB_EXIT_OK = 0,       /* the run matched its expectation (or had none) */
  LAB_EXIT_MISMATCH = 1, /* a run or check did not match what was expected */
  LAB_EXIT_USAGE = 2,    /* bad input or usage; a message went to stderr */
};

typedef int (*LabCliCommandFunc) (int argc, char **argv);

/* TRUE when argv[1] names a subcommand (or --help / --version). */
gboolean lab_cli_wants (int argc, char **argv);

/* Runs the subcommand named by argv[1]; returns the exit status. */
int lab_cli_main (int argc, char **argv);

/* Parses argv with the given option entries; on failure prints the problem and the
 * subcommand's usage to stderr and returns FALSE (exit with LAB_EXIT_USAGE). */
gboolean lab_cli_parse (const char *command, const char *parameter_string,
                        const char *summary, const GOptionEntry *entries, int *argc,
                        char ***argv);

/* Prints "handshake-lab COMMAND: message" to stderr, its control characters escaped
 * (lab_text_printable), and returns LAB_EXIT_USAGE. */
int lab_cli_usage_error (const char *command, const char *format, ...) G_GNUC_PRINTF (2, 3);
/* The same, for an error whose exit status the caller chooses. */
void lab_cli_error (const char *command, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* Writes a JSON node to stdout, pretty-printed, with a final newline. */
typedef struct _JsonNode JsonNode;
void lab_cli_print_json (JsonNode *node);

/* The subcommands, one file each. */
int lab_cli_run (int argc, char **argv);
int lab_cli_check (int argc, char **argv);
int lab_cli_list (int argc, char **argv);
int lab_cli_bench (int argc, char **argv);
int lab_cli_dissect (int argc, char **argv);
int lab_cli_diagram (int argc, char **argv);
int lab_cli_derive (int argc, char **argv);
int lab_cli_decrypt_record (int argc, char **argv);
int lab_cli_import (int argc, char **argv);
int lab_cli_connect (int argc, char **argv);
int lab_cli_listen (int argc, char **argv);
int lab_cli_ca (int argc, char **argv);

G_END_DECLS
