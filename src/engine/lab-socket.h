/* lab-socket.h: the few socket calls the engine needs, on 127.0.0.1 only. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A listening TCP socket on 127.0.0.1 with a free port; *port receives the port. */
int lab_socket_listen_loopback (guint16 *port, GError **error);

/* A connected TCP socket to 127.0.0.1:port; *local_port receives our own port. */
int lab_socket_connect_loopback (guint16 port, guint16 *local_port, GError **error);

/* accept(2) that returns the peer's port; -1 on error (errno set). */
int lab_socket_accept (int listen_fd, guint16 *peer_port);

/* Writes everything (MSG_NOSIGNAL); FALSE when the peer has gone. */
gboolean lab_socket_send_all (int fd, const guint8 *data, gsize len);

G_END_DECLS
