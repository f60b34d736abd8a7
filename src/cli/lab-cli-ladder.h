/* lab-cli-ladder.h: a trace in the terminal, shared by every subcommand that shows one
 * (run, import, connect, listen): its steps as a ladder, one line a step; and for traces
 * the lab observed rather than ran, the secrets, what could not be shown, and the outcome. */
#pragma once

#include "engine/trace/lab-trace.h"

G_BEGIN_DECLS

/* Prints the steps of a frozen trace to stdout, then the steps a failed run never
 * reached on one line. */
void lab_cli_print_ladder (LabTrace *trace);

/* The client's view of the secrets (the server's when the trace has no client view),
 * how many protected records opened, each `error` event, and the outcome, in words
 * that do not assume the lab ran both peers. */
void lab_cli_print_observed (LabTrace *trace);

/* Every secret of every connection, by view: its value, then what shows it is the value
 * the peer used (lab_event_match_text and the event's words). */
void lab_cli_print_secrets (LabTrace *trace);

/* One line: how many secrets, and what shows them, by kind of evidence. */
void lab_cli_print_secret_summary (LabTrace *trace);

/* The outcome's headline, the failed certificate check and the cause, one line each
 * (observed: in words that do not assume the lab ran both peers, after a blank line). */
void lab_cli_print_outcome (const LabOutcome *outcome, gboolean observed);

/* Everything the CLI prints that came from a peer or a file goes through
 * lab_text_printable (tls/lab-text.h) first. */

G_END_DECLS
