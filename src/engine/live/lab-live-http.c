/* lab-live-http.c: an HTTP/1.x answer's framing (RFC 9112 §6.3), for `connect`. */
#include "lab-live-http.h"

#include <string.h>

/* The value of a header field of the header section head[0..len), trimmed; NULL when the
 * field is absent. Field names are case-insensitive (RFC 9110 §5.1). */
static char *
header_value (const char *head, gsize len, const char *name)
{
  gsize name_len = strlen (name);
  const char *line = memchr (head, '\n', len);

  /* from the line after the status line to the empty line */
  while (line != NULL && (gsize) (line - head) + 1 < len)
    {
      const char *start = line + 1;
      const char *end = memchr (start, '\n', len - (gsize) (start - head));

      if (end == NULL)
        end = head + len;
      if ((gsize) (end - start) > name_len && g_ascii_strncasecmp (start, name, name_len) == 0
          && start[name_len] == ':')
        return g_strstrip (g_strndup (start + name_len + 1, (gsize) (end - start) - name_len - 1));
      line = end < head + len ? end : NULL;
    }
  return NULL;
}

/* Walks chunks (RFC 9112 §7.1): size in hex (extensions after ';'), CRLF, data, CRLF; the
 * zero-size one, then trailer fields up to an empty line. */
static void
read_chunks (const guint8 *body, gsize len, LabHttpFraming *f)
{
  gsize at = 0;

  for (;;)
    {
      const guint8 *eol = at < len ? memchr (body + at, '\n', len - at) : NULL;
      g_autofree char *line = NULL;
      char *end = NULL;
      guint64 size;

      if (eol == NULL)
        return;
      line = g_strndup ((const char *) body + at, (gsize) (eol - (body + at)));
      size = g_ascii_strtoull (line, &end, 16);
      if (end == line)
        return; /* not a chunk size: framing broken, never complete */
      at = (gsize) (eol - body) + 1;
      if (size == 0)
        {
          /* trailer fields, each a line, then an empty line */
          for (;;)
            {
              const guint8 *next = at < len ? memchr (body + at, '\n', len - at) : NULL;
              gsize line_len;

              if (next == NULL)
                return;
              line_len = (gsize) (next - (body + at));
              at = (gsize) (next - body) + 1;
              if (line_len == 0 || (line_len == 1 && body[at - 2] == '\r'))
                {
                  f->complete = TRUE;
                  return;
                }
            }
        }
      if (size > len - at)
        {
          f->body_received += len - at;
          return;
        }
      f->body_received += size;
      at += (gsize) size;
      /* the CRLF after the data */
      if (at < len && body[at] == '\r')
        at++;
      if (at < len && body[at] == '\n')
        at++;
      else
        return;
    }
}

void
lab_http_framing_read (const guint8 *data, gsize len, LabHttpFraming *f)
{
  const char *text = (const char *) data;
  const char *head_end;
  gsize head_len, separator = 4;
  g_autofree char *transfer = NULL, *length = NULL, *coding = NULL;

  *f = (LabHttpFraming){ .kind = LAB_HTTP_NOT_HTTP };
  if (len < 5 || memcmp (data, "HTTP/", 5) != 0)
    return;
  f->kind = LAB_HTTP_HEAD_CUT;
  {
    const char *space = memchr (text, ' ', MIN (len, 16));
    if (space != NULL && (gsize) (space - text) + 4 <= len)
      f->status = (guint) g_ascii_strtoull (space + 1, NULL, 10);
  }
  head_end = g_strstr_len (text, (gssize) len, "\r\n\r\n");
  if (head_end == NULL && (head_end = g_strstr_len (text, (gssize) len, "\n\n")) != NULL)
    separator = 2;
  if (head_end == NULL)
    return;
  head_len = (gsize) (head_end - text);

  /* RFC 9112 §6.3, in its order */
  if ((f->status >= 100 && f->status < 200) || f->status == 204 || f->status == 304)
    {
      f->kind = LAB_HTTP_NO_BODY;
      f->complete = TRUE;
      return;
    }
  transfer = header_value (text, head_len, "Transfer-Encoding");
  coding = transfer ? g_ascii_strdown (transfer, -1) : NULL;
  /* chunked is the last coding when it is there at all (RFC 9112 §6.1) */
  if (coding != NULL && g_str_has_suffix (coding, "chunked"))
    {
      f->kind = LAB_HTTP_CHUNKED;
      read_chunks (data + head_len + separator, len - head_len - separator, f);
      return;
    }
  length = header_value (text, head_len, "Content-Length");
  if (transfer == NULL && length != NULL && *length != '\0'
      && strspn (length, "0123456789") == strlen (length))
    {
      f->kind = LAB_HTTP_CONTENT_LENGTH;
      f->content_length = g_ascii_strtoull (length, NULL, 10);
      f->body_received = len - head_len - separator;
      f->complete = f->body_received >= f->content_length;
      return;
    }
  f->kind = LAB_HTTP_UNTIL_CLOSE;
  f->body_received = len - head_len - separator;
}

char *
lab_http_framing_describe (const LabHttpFraming *f)
{
  switch (f->kind)
    {
    case LAB_HTTP_NOT_HTTP:
      return g_strdup ("the answer is not HTTP, so nothing in it says where it ends");
    case LAB_HTTP_HEAD_CUT:
      return g_strdup ("the answer's header section never ended (no empty line)");
    case LAB_HTTP_NO_BODY:
      return g_strdup_printf ("a %u answer has no body, and its header section ended",
                              f->status);
    case LAB_HTTP_CONTENT_LENGTH:
      return f->complete
               ? g_strdup_printf ("its Content-Length announced %" G_GUINT64_FORMAT " bytes of "
                                  "body and all %" G_GUINT64_FORMAT " arrived",
                                  f->content_length, f->content_length)
               : g_strdup_printf ("its Content-Length announced %" G_GUINT64_FORMAT " bytes of "
                                  "body and only %" G_GUINT64_FORMAT " arrived",
                                  f->content_length, f->body_received);
    case LAB_HTTP_CHUNKED:
      return f->complete ? g_strdup ("it was sent in chunks and the last, zero-size chunk "
                                     "arrived")
                         : g_strdup_printf ("it was sent in chunks and the last, zero-size "
                                            "chunk never arrived (%" G_GUINT64_FORMAT " bytes "
                                            "of chunk data came)",
                                            f->body_received);
    case LAB_HTTP_UNTIL_CLOSE:
    default:
      return g_strdup_printf ("it has neither a Content-Length nor chunked framing, so its "
                              "body (%" G_GUINT64_FORMAT " bytes came) ends where the "
                              "connection ends",
                              f->body_received);
    }
}
