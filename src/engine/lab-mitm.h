/* lab-mitm.h: the active man in the middle. Instead of relaying bytes, the wire ends the
 * client's TLS connection itself, with a certificate of its own for the server's name
 * (from a CA the client does not trust), and opens its own connection to the server. A
 * client that checks certificates refuses it; one that does not hands it every byte. */
#pragma once

#include <glib.h>
#include <openssl/ssl.h>

#include "lab-trace.h"
#include "lab-wire.h"

G_BEGIN_DECLS

struct _LabMitm
{
  SSL_CTX *as_server;      /* the attacker's server side, facing the client */
  SSL_CTX *as_client;      /* the attacker's client side, facing the real server */
  const char *server_name;
};

/* Runs both TLS connections on the two sockets until either side is done. */
void lab_mitm_relay (const LabMitm *mitm, LabTrace *trace, guint connection, int client_fd,
                     int server_fd);

G_END_DECLS
