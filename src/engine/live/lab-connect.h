/* lab-connect.h: the lab's client against a real TLS 1.2 server.
 *
 * A fresh OpenSSL client (the system's randomness, never a seed; TLS 1.2 only) connects
 * to HOST:PORT, checks the server's chain against the system trust store or a given CA
 * file and the name, sends a small HTTP request and reads the answer. The trace holds
 * everything the client can see; lab_recompute derives the key block from the master
 * secret OpenSSL used and opens every record. */
#pragma once

#include <glib.h>

#include "engine/trace/lab-trace.h"

G_BEGIN_DECLS

typedef struct
{
  const char *target;      /* "HOST:PORT", "[2001:db8::1]:443" */
  const char *server_name; /* SNI and the name checked; NULL: HOST, unless an address */
  const char *ca_file;     /* PEM trust anchors; NULL: the system's trust store */
  guint timeout_ms;        /* the whole connection; 0: LAB_LIVE_TIMEOUT_MS */
} LabConnectOptions;

/* The frozen trace of the connection. NULL with an error only when there was no
 * connection to show: a target that is not HOST:PORT, a name that does not resolve, a
 * refused or unreachable port, an unreadable CA file. `*remote` (may be NULL) receives
 * the address connected to. */
LabTrace *lab_connect (const LabConnectOptions *options, char **remote, GError **error);

G_END_DECLS
