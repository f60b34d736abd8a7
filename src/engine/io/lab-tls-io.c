#include "lab-tls-io.h"
#include "tls/lab-crypto-autoptr.h"

#include <openssl/err.h>
#include <string.h>

char *
lab_tls_failure_reason (const char *fallback)
{
  char *reason = lab_openssl_last_reason ();

  ERR_clear_error ();
  return reason ? reason : g_strdup (fallback);
}

/* Is out a whole HTTP/1.1 message: headers, then Content-Length bytes of body? */
static gboolean
http_message_complete (GByteArray *out)
{
  const char *text = (const char *) out->data;
  const char *end = out->len > 0 ? g_strstr_len (text, out->len, "\r\n\r\n") : NULL;
  g_autofree char *headers = NULL;
  const char *length;
  guint64 body = 0;

  if (end == NULL)
    return FALSE;
  headers = g_ascii_strdown (text, end - text);
  length = strstr (headers, "\r\ncontent-length:");
  if (length != NULL)
    body = g_ascii_strtoull (length + strlen ("\r\ncontent-length:"), NULL, 10);
  return (guint64) (out->len - (gsize) (end + 4 - text)) >= body;
}

gboolean
lab_tls_read_http (SSL *ssl, GByteArray *out, char **reason)
{
  char buffer[4096];

  while (!http_message_complete (out))
    {
      int n;

      ERR_clear_error ();
      n = SSL_read (ssl, buffer, sizeof buffer);
      if (n <= 0)
        {
          *reason = lab_tls_failure_reason ("the connection closed");
          return FALSE;
        }
      g_byte_array_append (out, (guint8 *) buffer, (guint) n);
      if (out->len > LAB_HTTP_MAX_MESSAGE)
        {
          *reason = g_strdup ("the HTTP message grew too large");
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
lab_tls_await_close_notify (SSL *ssl, char **reason)
{
  char buffer[1024];
  int n;

  ERR_clear_error ();
  n = SSL_read (ssl, buffer, sizeof buffer);
  if (n <= 0 && SSL_get_error (ssl, n) == SSL_ERROR_ZERO_RETURN)
    return TRUE;
  *reason = n > 0 ? g_strdup ("data arrived where only close_notify was expected")
                  : lab_tls_failure_reason ("the connection closed");
  return FALSE;
}

gboolean
lab_tls_send_close_notify (SSL *ssl, char **reason)
{
  ERR_clear_error ();
  if (SSL_shutdown (ssl) < 0)
    {
      *reason = lab_tls_failure_reason ("the connection closed");
      return FALSE;
    }
  return TRUE;
}
