/* lab-test-live.h: what the tests of the lab against real peers share (test-live-*.c):
 * free ports, a folder per test with a certificate made by `openssl req`, real servers
 * and clients started and waited for, the lab's own `listen` started and read, key logs
 * and JSON traces read. No mocks: every peer is a real program. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *dir;
  char *cert, *key; /* a self-signed certificate for "localhost" (kind "ec" or "rsa") */
} LabLiveFixture;

/* data: "ec", "rsa", or NULL for a folder with no certificate made. */
void lab_live_fixture_set_up (LabLiveFixture *f, gconstpointer data);
void lab_live_fixture_tear_down (LabLiveFixture *f, gconstpointer data);
char *lab_live_path (LabLiveFixture *f, const char *name);

/* Points XDG_DATA_HOME (for this process and what it starts) at a folder of its own, so
 * that `listen` and `ca` make and keep the lab's CA there and never in the user's data
 * folder. Returns the folder, to remove when the tests are done. */
char *lab_live_private_data_home (void);

/* The lab's CA root as `ca` and `listen` keep it under lab_live_private_data_home. */
char *lab_live_ca_root (void);

guint16 lab_live_free_port (void);
gboolean lab_live_port_open (guint16 port);

/* Skips the test (and returns FALSE) when a program is not installed. */
gboolean lab_live_need (const char *program);

/* Starts a program with stdin piped and its output silenced, then waits (up to 5 s) for
 * it to listen on port. */
GSubprocess *lab_live_start_server (guint16 port, const char *const *argv);
void lab_live_stop (GSubprocess *process);

/* `openssl s_server -accept 127.0.0.1:PORT -cert -key -www` with extra arguments. */
GSubprocess *lab_live_start_s_server (LabLiveFixture *f, guint16 port, const char *keylog,
                                      const char *const *extra);

/* Runs a program to its end with stdin text (may be NULL); returns its exit status and,
 * when asked, its stdout. */
int lab_live_run (const char *const *argv, const char *input, char **out);

/* ---- reading key logs and JSON traces ---- */

char *lab_live_keylog_master (const char *path, const char *client_random);
JsonObject *lab_live_parse (JsonParser *parser, const char *text);
JsonObject *lab_live_find_event (JsonArray *events, const char *kind, const char *side,
                                 const char *name);
const char *lab_live_outcome_member (JsonObject *trace, const char *member);

/* Protected records in the trace, and how many the lab opened and found authentic. */
void lab_live_count_records (JsonObject *trace, guint *protected, guint *opened);

/* The trace's master secret (`side`'s view) equals the one in the other program's key log
 * for the trace's client random; every protected record opened. */
void lab_live_assert_master_secret (JsonObject *trace, const char *side, const char *keylog);

/* ---- the lab's `listen` ---- */

/* Starts `listen --port PORT --json` with more arguments and waits for its first line. */
GSubprocess *lab_live_start_listen (guint16 port, const char *const *extra,
                                    GDataInputStream **err_stream);

/* Waits for it to end (successfully) and returns what it wrote to stdout, one JSON line
 * per connection, and (when asked) the rest of its stderr. Frees both. */
char **lab_live_finish_listen (GSubprocess *listen, GDataInputStream *err_stream, char **err);

/* The JSON traces `listen` printed, one a line, parsed. */
typedef struct
{
  char **lines;
  JsonParser **parsers;
  JsonObject **traces;
  guint n;
} LabLiveTraces;

/* Takes the lines (lab_live_finish_listen's). */
void lab_live_traces_read (LabLiveTraces *t, char **lines);
void lab_live_traces_clear (LabLiveTraces *t);

/* ---- clients of the lab's listen ---- */

/* openssl s_client to the lab's port asking for server.handshake.lab, a GET, and what came
 * back; extra arguments after the usual ones. */
char *lab_live_s_client (guint16 port, const char *keylog, const char *const *extra);

/* A TCP connection to the lab's port, from the test itself. */
GSocketConnection *lab_live_open_raw (guint16 port);

/* Sends bytes, ends the sending side (FIN), and reads what comes back to the end. */
GBytes *lab_live_exchange_raw (guint16 port, GBytes *bytes);

/* A saved capture read back: every payload byte the client sent, and its FIN. */
typedef struct
{
  GByteArray *from_client;
  gboolean client_fin;
} LabLiveCaptureView;

LabLiveCaptureView lab_live_read_capture (const char *path);

G_END_DECLS
