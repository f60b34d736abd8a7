/* lab-tls-io.h: reading an HTTP message over TLS and closing with close_notify, shared by
 * the lab's peers and the man in the middle. On failure *reason is OpenSSL's reason (or
 * the lab's words), and the thread's OpenSSL error queue is left empty. */
#pragma once

#include <glib.h>
#include <openssl/ssl.h>

G_BEGIN_DECLS

#define LAB_HTTP_MAX_MESSAGE 16384

/* Reads one whole HTTP/1.1 message (headers, then Content-Length bytes of body). */
gboolean lab_tls_read_http (SSL *ssl, GByteArray *out, char **reason);

/* Reads on, as a server waiting for the next request (or a client for the end) does,
 * until the peer's close_notify; anything else arriving now is a failure. */
gboolean lab_tls_await_close_notify (SSL *ssl, char **reason);

gboolean lab_tls_send_close_notify (SSL *ssl, char **reason);

/* OpenSSL's reason for the newest error on this thread (emptying the queue), or `fallback`. */
char *lab_tls_failure_reason (const char *fallback);

G_END_DECLS
