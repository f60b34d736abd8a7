/* lab-live-http.h: did a whole HTTP answer arrive? (RFC 9112 §6.3, §8)
 *
 * A TLS peer that closes without close_notify leaves the receiver unable to tell, from
 * TLS alone, the end of the data from a connection cut short (RFC 5246 §7.2.1). HTTP can
 * tell on its own when the answer says how long it is: a Content-Length, or chunked
 * framing with its last, zero-size chunk (RFC 9112 §9.8). This reads an answer's framing
 * and says whether all of it came. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  LAB_HTTP_NOT_HTTP,        /* the bytes do not start with "HTTP/" */
  LAB_HTTP_HEAD_CUT,        /* the header section never ended (no empty line) */
  LAB_HTTP_NO_BODY,         /* 1xx, 204, 304: no body whatever the headers say */
  LAB_HTTP_CONTENT_LENGTH,  /* the body is Content-Length bytes */
  LAB_HTTP_CHUNKED,         /* the body ends with a zero-size chunk */
  LAB_HTTP_UNTIL_CLOSE,     /* neither: the body ends where the connection does */
} LabHttpFramingKind;

typedef struct
{
  LabHttpFramingKind kind;
  guint status;            /* the status code; 0 when there is no status line */
  guint64 content_length;  /* LAB_HTTP_CONTENT_LENGTH: what it announced */
  guint64 body_received;   /* body bytes that came (chunked: chunk data) */
  gboolean complete;       /* everything the framing announced came */
} LabHttpFraming;

/* The framing of the answer in data[0..len), as far as it came. */
void lab_http_framing_read (const guint8 *data, gsize len, LabHttpFraming *framing);

/* For people: "Content-Length: 454 bytes of body, all 454 arrived", "chunked: the last,
 * zero-size chunk arrived", "Content-Length: 1000 bytes of body, only 500 arrived". */
char *lab_http_framing_describe (const LabHttpFraming *framing);

G_END_DECLS
