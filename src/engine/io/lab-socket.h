/* lab-socket.h: the few socket calls the engine needs, on 127.0.0.1 only. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A listening TCP socket on 127.0.0.1 with a free port; *port receives the port. */
int lab_socket_listen_loopback (guint16 *port, GError **error);

/* A listening socket for one run, from a small pool of ones earlier runs gave back.
 * Binding a new socket to port 0 grows slow once thousands of connections have left
 * their ports in TIME_WAIT, as a teacher's afternoon of re-runs (or a benchmark) does. */
int lab_socket_listener_take (guint16 *port, GError **error);

/* Gives a listener back once its run is over: connections still waiting in its backlog
 * are refused (unless the caller knows there can be none: every connection made to it was
 * accepted, which saves three system calls a run), and a listener that was shut down (to
 * end a blocked accept) is closed instead of kept. */
void lab_socket_listener_give_back (int fd, guint16 port, gboolean usable,
                                    gboolean maybe_waiting);

/* A connected TCP socket to 127.0.0.1:port; *local_port receives our own port. */
int lab_socket_connect_loopback (guint16 port, guint16 *local_port, GError **error);

/* accept(2) that returns the peer's port; -1 on error (errno set). */
int lab_socket_accept (int listen_fd, guint16 *peer_port);

/* Writes everything (MSG_NOSIGNAL); FALSE when the peer has gone. */
gboolean lab_socket_send_all (int fd, const guint8 *data, gsize len);

G_END_DECLS
