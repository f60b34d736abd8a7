/* lab-test-util.h: small helpers shared by the tests. */
#pragma once

#include <glib.h>
#include <string.h>

#include "engine/scenario/lab-scenario.h"
#include "engine/trace/lab-trace.h"

G_BEGIN_DECLS

/* A scenario from text; fails the test when it does not load. */
LabScenario *lab_test_scenario (const char *text);

/* A scenario text that must not load, and the whole error message it must give when
 * loaded as "bad.scenario". */
typedef struct
{
  const char *name;
  const char *text;
  const char *message;
} LabTestBadScenario;

/* Adds a test PREFIX/NAME for each row. */
void lab_test_add_bad_scenarios (const char *prefix, const LabTestBadScenario *rows, gsize n_rows);

/* Runs a scenario and fails the test when the lab could not set it up. */
LabTrace *lab_test_run (const LabScenario *scenario, guint64 seed, gboolean seeded);

/* The names of the handshake messages `side` sent (or received), space-separated. */
char *lab_test_messages (LabTrace *trace, LabSide side, gboolean sent);

/* The concatenated record bytes of one direction as the senders sent them. */
GBytes *lab_test_wire_bytes (LabTrace *trace, LabDirection direction);

/* The first handshake message `side` sent (or received) with this name; fails the test
 * when there is none. */
const LabEvent *lab_test_find_message (LabTrace *trace, LabSide side, gboolean sent,
                                       const char *name);

/* Any side, for the finders below. */
#define LAB_TEST_ANY_SIDE ((LabSide) -1)

/* The first event of a kind with this name (any name: NULL) from this side (or
 * LAB_TEST_ANY_SIDE); NULL when there is none. */
const LabEvent *lab_test_find_event (LabTrace *trace, LabEventKind kind, const char *name,
                                     LabSide side);

/* The first secret with this name that has a value, in this side's view (or any side's);
 * NULL when there is none. */
const LabEvent *lab_test_find_secret (LabTrace *trace, LabSide side, const char *name);

/* Lowercase hex of len bytes of `bytes` from offset; fails the test when they are not
 * all there. */
char *lab_test_hex_of (GBytes *bytes, gsize offset, gsize len);

/* The application data one side sent, in order (GBytes of the trace's). */
GPtrArray *lab_test_app_data_sent (LabTrace *trace, LabSide side);

/* The random of the first hello with this name that was sent (32 bytes after the
 * message header and version). */
GBytes *lab_test_hello_random (LabTrace *trace, const char *message);

/* Fails the test unless `ours` is `theirs` in lowercase hex. */
void lab_test_assert_hex_equal (GBytes *ours, const char *theirs);

/* The suites the client's first ClientHello offered, by OpenSSL name, ':'-joined, and the
 * renegotiation SCSV (RFC 5746 §3.3) by its IANA name. */
char *lab_test_offered_suites (LabTrace *trace);

/* The event the outcome names as its cause; fails the test when there is none. */
const LabEvent *lab_test_cause_event (LabTrace *trace);

/* How many events of a kind the trace holds. */
guint lab_test_count_kind (LabTrace *trace, LabEventKind kind);

/* Fails the test, showing both, when `needle` is not part of `haystack` (which may be NULL). */
#define lab_test_assert_contains(haystack, needle)                                          \
  G_STMT_START                                                                              \
  {                                                                                         \
    const char *lab_h_ = (haystack), *lab_n_ = (needle);                                    \
    if (lab_h_ == NULL || strstr (lab_h_, lab_n_) == NULL)                                  \
      g_test_message ("'%s' does not contain '%s'", lab_h_ ? lab_h_ : "(null)", lab_n_);    \
    g_assert_nonnull (lab_h_ ? strstr (lab_h_, lab_n_) : NULL);                             \
  }                                                                                         \
  G_STMT_END

/* Writes `text` to dir/name and returns the file's path. */
char *lab_test_write_file (const char *dir, const char *name, const char *text);

/* The last line of `text` that is not empty (a command's summary line). */
char *lab_test_last_line (const char *text);

/* The path of the built handshake-lab binary. */
const char *lab_test_binary (void);

/* A file of the public test corpus in tests/corpus (see its README.md): the path of
 * corpus/first/...; fails the test when the file is not there. */
char *lab_test_corpus_path (const char *first, ...) G_GNUC_NULL_TERMINATED;

/* The source tree (LAB_SOURCE_DIR, set by meson for the tests that read it). */
const char *lab_test_source_dir (void);

/* Every file named *suffix in the source folder `folder` is among `builtin` (the names
 * the binary carries, without the suffix), and there are as many of each: a file left out
 * of the GResource manifest would silently not ship. Returns how many there are. */
guint lab_test_assert_every_file_built_in (const char *folder, const char *suffix,
                                           const char *const *builtin);

/* Runs the binary with arguments; returns its exit status, stdout and stderr. */
int lab_test_spawn (const char *const *argv, char **out, char **err);

/* Removes a temporary folder and whatever a test (or a tool it ran) put in it. */
void lab_test_remove_tree (const char *path);

/* Counts of this process's open file descriptors and threads, from /proc. */
guint lab_test_count_fds (void);
guint lab_test_count_threads (void);

G_END_DECLS
