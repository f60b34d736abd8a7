/* lab-listen.h: the lab's server for real clients (`listen`).
 *
 * The server of a scenario (its certificate profile, key type, suites and switches; the
 * certificates are made fresh, valid around now unless the scenario fixes a clock) waits
 * on 127.0.0.1, or on another address only when asked, and answers each client, one at a
 * time and each within a bounded time: the handshake, one HTTP request answered with a
 * small page, close_notify. Each connection becomes a frozen trace of its own. */
#pragma once

#include <glib.h>

#include "engine/scenario/lab-scenario.h"
#include "engine/trace/lab-trace.h"

G_BEGIN_DECLS

#define LAB_LISTEN_DEFAULT_PORT 4433

typedef struct
{
  const LabScenario *scenario;
  const char *address;     /* an IP address; NULL: 127.0.0.1 */
  guint16 port;            /* 0: a free port */
  guint count;             /* stop after this many connections; 0: never */
  guint timeout_ms;        /* per connection; 0: LAB_LIVE_TIMEOUT_MS */
  /* once listening, with the address and the port it got */
  void (*listening) (const char *address, guint16 port, gpointer user_data);
  /* as each connection ends, with the client's address */
  void (*connection) (LabTrace *trace, const char *client, gpointer user_data);
  gpointer user_data;
} LabListenOptions;

/* Runs until `count` connections have ended. FALSE with an error when the lab could not
 * make its server or listen (a bad address, a port in use). */
gboolean lab_listen (const LabListenOptions *options, GError **error);

G_END_DECLS
