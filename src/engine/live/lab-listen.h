/* lab-listen.h: the lab's server for real clients (`listen`).
 *
 * The server of a scenario (its certificate profile, key type, suites and switches; the
 * certificates are made fresh, valid around now unless the scenario fixes a clock, and
 * signed by the user's lasting lab CA, lab-user-ca.h) waits on 127.0.0.1, or on another
 * address only when asked, and answers each client within a bounded time of its own: the
 * handshake, one HTTP request answered with a small page, close_notify. Clients are
 * served at the same time, each on a thread of its own, so that one that connects and
 * says nothing delays no one else. Each connection becomes a frozen trace of its own. */
#pragma once

#include <glib.h>

#include "engine/scenario/lab-scenario.h"
#include "engine/trace/lab-trace.h"

G_BEGIN_DECLS

#define LAB_LISTEN_DEFAULT_PORT 4433

/* Connections served at once. A classroom is some thirty learners, and a browser opens a
 * second, speculative connection it may never use, which holds its slot until the
 * deadline: 64 leaves room for both. Each held connection costs a thread, a socket and a
 * trace of a few hundred kilobytes at most, so the bound keeps a flood of connections
 * from exhausting threads or the 1024 descriptors a process gets by default; the
 * connections past it wait, already connected, in the kernel's queue until a slot
 * frees. */
#define LAB_LISTEN_MAX_CONNECTIONS 64

typedef struct
{
  const LabScenario *scenario;
  const char *address;     /* an IP address; NULL: 127.0.0.1 */
  guint16 port;            /* 0: a free port */
  guint count;             /* take this many connections, then stop once they end; 0: never */
  guint timeout_ms;        /* per connection; 0: LAB_LIVE_TIMEOUT_MS */
  /* once listening, with the address and the port it got */
  void (*listening) (const char *address, guint16 port, gpointer user_data);
  /* as each connection ends, with the client's address: from the connection's own
   * thread, one call at a time */
  void (*connection) (LabTrace *trace, const char *client, gpointer user_data);
  gpointer user_data;
} LabListenOptions;

/* Runs until `count` connections have ended. FALSE with an error when the lab could not
 * make its server (its CA unreadable: the error names the file) or listen (a bad
 * address, a port in use). */
gboolean lab_listen (const LabListenOptions *options, GError **error);

G_END_DECLS
