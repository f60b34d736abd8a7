/* lab-test-util.h: small helpers shared by the tests. */
#pragma once

#include <glib.h>

#include "engine/lab-scenario.h"
#include "engine/lab-trace.h"

G_BEGIN_DECLS

/* A scenario from text; fails the test when it does not load. */
LabScenario *lab_test_scenario (const char *text);

/* Runs a scenario and fails the test when the lab could not set it up. */
LabTrace *lab_test_run (const LabScenario *scenario, guint64 seed, gboolean seeded);

/* The names of the handshake messages `side` sent (or received), space-separated. */
char *lab_test_messages (LabTrace *trace, LabSide side, gboolean sent);

/* The concatenated record bytes of one direction as the senders sent them. */
GBytes *lab_test_wire_bytes (LabTrace *trace, LabDirection direction);

/* The path of the built handshake-lab binary. */
const char *lab_test_binary (void);

/* Runs the binary with arguments; returns its exit status, stdout and stderr. */
int lab_test_spawn (const char *const *argv, char **out, char **err);

/* Counts of this process's open file descriptors and threads, from /proc. */
guint lab_test_count_fds (void);
guint lab_test_count_threads (void);

G_END_DECLS
