/* lab-mitm.h: the active man in the middle. Instead of passing records on, it ends the
 * client's TLS connection itself, with a certificate of its own for the server's name (from
 * a CA of its own, which the client trusts only when told to, or mis-issued by the lab's
 * CA), and opens its own connection to the server. A client that checks certificates
 * refuses one from a CA it does not trust, and a client that pins the server's key
 * refuses any; otherwise the client hands it every byte. */
#pragma once

#include <glib.h>
#include <openssl/ssl.h>

#include "engine/trace/lab-trace.h"

G_BEGIN_DECLS

typedef struct
{
  SSL_CTX *as_server;      /* the attacker's server side, facing the client */
  SSL_CTX *as_client;      /* the attacker's client side, facing the real server */
  const char *server_name;
} LabMitm;

/* The attacker sits between the peers as a real relay would: the client connects to its
 * port, and it connects on to the server. It listens on a free port of 127.0.0.1 and,
 * for each of n_connections, on its own thread, runs both TLS connections until either
 * side is done. mitm and trace must outlive it. */
typedef struct _LabMitmRelay LabMitmRelay;

LabMitmRelay *lab_mitm_relay_start (const LabMitm *mitm, LabTrace *trace, guint16 server_port,
                                    guint n_connections, GError **error);
guint16 lab_mitm_relay_get_port (LabMitmRelay *relay);

/* Makes the relay stop at once (shutting its sockets), from any thread. */
void lab_mitm_relay_abort (LabMitmRelay *relay);

/* Waits until the relay has finished, or until the monotonic deadline; TRUE when it has. */
gboolean lab_mitm_relay_wait (LabMitmRelay *relay, gint64 deadline_us);

/* Aborts the relay unless it has finished, waits for its thread, and closes it all. */
void lab_mitm_relay_free (LabMitmRelay *relay);

/* The relay's work on one connection (lab-mitm-play.c): both TLS connections on the two
 * sockets, the client's and its own to the server, until either side is done; every
 * message Mallory sends and receives, and what it reads, goes into the trace (side
 * attacker). The sockets stay open, for the relay to close. *upstream is Mallory's session
 * with the server: resumed when set, and replaced by the new one. */
void lab_mitm_play (const LabMitm *mitm, LabTrace *trace, guint connection, int client_fd,
                    int server_fd, SSL_SESSION **upstream);

G_END_DECLS
