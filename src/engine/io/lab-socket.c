#include "lab-socket.h"
#include "tls/lab-error.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void
set_io_error (GError **error, const char *doing)
{
  int saved = errno;

  g_set_error (error, LAB_ERROR, LAB_ERROR_IO, "%s: %s", doing, g_strerror (saved));
}

static struct sockaddr_in
loopback (guint16 port)
{
  struct sockaddr_in addr;

  memset (&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  addr.sin_port = htons (port);
  return addr;
}

static guint16
port_of (int fd, gboolean peer)
{
  struct sockaddr_in addr;
  socklen_t len = sizeof addr;

  if ((peer ? getpeername (fd, (struct sockaddr *) &addr, &len)
            : getsockname (fd, (struct sockaddr *) &addr, &len)) != 0)
    return 0;
  return ntohs (addr.sin_port);
}

int
lab_socket_listen_loopback (guint16 *port, GError **error)
{
  struct sockaddr_in addr = loopback (0);
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  if (fd < 0)
    {
      set_io_error (error, "creating a socket");
      return -1;
    }
  if (bind (fd, (struct sockaddr *) &addr, sizeof addr) != 0 || listen (fd, 8) != 0)
    {
      set_io_error (error, "listening on 127.0.0.1");
      close (fd);
      return -1;
    }
  *port = port_of (fd, FALSE);
  return fd;
}

int
lab_socket_connect_loopback (guint16 port, guint16 *local_port, GError **error)
{
  struct sockaddr_in addr = loopback (port);
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;

  if (fd < 0)
    {
      set_io_error (error, "creating a socket");
      return -1;
    }
  if (connect (fd, (struct sockaddr *) &addr, sizeof addr) != 0)
    {
      set_io_error (error, "connecting to 127.0.0.1");
      close (fd);
      return -1;
    }
  /* Each handshake record is small and answered at once: don't let Nagle hold it. */
  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (local_port != NULL)
    *local_port = port_of (fd, FALSE);
  return fd;
}

int
lab_socket_accept (int listen_fd, guint16 *peer_port)
{
  int fd;
  int one = 1;

  do
    fd = accept4 (listen_fd, NULL, NULL, SOCK_CLOEXEC);
  while (fd < 0 && errno == EINTR);
  if (fd < 0)
    return -1;
  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (peer_port != NULL)
    *peer_port = port_of (fd, TRUE);
  return fd;
}

gboolean
lab_socket_send_all (int fd, const guint8 *data, gsize len)
{
  while (len > 0)
    {
      ssize_t n = send (fd, data, len, MSG_NOSIGNAL);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

#define LISTENER_POOL 8

typedef struct
{
  int fd;
  guint16 port;
} Listener;

static GMutex pool_lock;
static Listener pool[LISTENER_POOL];
static guint pooled;

int
lab_socket_listener_take (guint16 *port, GError **error)
{
  g_mutex_lock (&pool_lock);
  if (pooled > 0)
    {
      Listener l = pool[--pooled];
      g_mutex_unlock (&pool_lock);
      *port = l.port;
      return l.fd;
    }
  g_mutex_unlock (&pool_lock);
  return lab_socket_listen_loopback (port, error);
}

void
lab_socket_listener_give_back (int fd, guint16 port, gboolean usable, gboolean maybe_waiting)
{
  int flags, stray;

  if (fd < 0)
    return;
  flags = maybe_waiting ? fcntl (fd, F_GETFL) : 0;
  if (usable && maybe_waiting && flags >= 0 && fcntl (fd, F_SETFL, flags | O_NONBLOCK) == 0)
    {
      /* a connection no one accepted must not meet the next run's server */
      while ((stray = accept4 (fd, NULL, NULL, SOCK_CLOEXEC)) >= 0)
        close (stray);
      usable = errno == EAGAIN || errno == EWOULDBLOCK;
      usable = usable && fcntl (fd, F_SETFL, flags) == 0;
    }
  g_mutex_lock (&pool_lock);
  if (usable && pooled < LISTENER_POOL)
    {
      pool[pooled++] = (Listener){ fd, port };
      fd = -1;
    }
  g_mutex_unlock (&pool_lock);
  if (fd >= 0)
    close (fd);
}
