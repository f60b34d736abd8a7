/* lab-record-events.h: TLS records and what they carry, as trace events, for the traces
 * the lab builds from outside its own runs (a capture, a real server, a real client).
 *
 * A byte stream of one direction is cut into records by the 5-byte header (RFC 5246
 * §6.2.1); plaintext handshake records are cut into messages by the 4-byte header
 * (§7.4), since a message may span records and several may share one. Each thing one
 * peer sent becomes two events, the sender's view and the receiver's, with the same
 * bytes: TCP delivers what was sent, so both views are what crossed the wire. That is
 * what the steps, the ladder and lab_recompute expect of a trace. */
#pragma once

#include <glib.h>

#include "lab-trace.h"

G_BEGIN_DECLS

/* RFC 5246 §6.2.3: a protected record's fragment is at most 2^14 + 2048 bytes. */
#define LAB_RECORD_MAX_FRAGMENT (16384 + 2048)
/* A handshake message may claim up to 2^24 - 1 bytes; the lab holds at most this much
 * of one (certificate chains are tens of kilobytes). */
#define LAB_HANDSHAKE_MAX_MESSAGE (1024 * 1024)

typedef void (*LabRecordFunc) (const guint8 *record, gsize len, gpointer user_data);
typedef void (*LabMessageFunc) (const guint8 *message, gsize len, gpointer user_data);

/* One direction of a connection, cut into records. */
typedef struct
{
  GByteArray *pending;  /* bytes received but not yet a whole record */
  guint64 offset;       /* stream offset of pending[0] */
  guint records;        /* records cut so far */
  gboolean ccs_seen;    /* records after the sender's ChangeCipherSpec are protected */
  gboolean broken;      /* stopped: the bytes are not (or no longer) TLS records */
  GByteArray *handshake; /* plaintext handshake bytes not yet a whole message */
} LabRecordStream;

void lab_record_stream_init (LabRecordStream *stream);
void lab_record_stream_clear (LabRecordStream *stream);

/* Adds bytes and calls func for each whole record (header included). When the bytes
 * stop looking like records, returns FALSE with an error naming the stream offset, and
 * the stream ignores whatever comes later. A ChangeCipherSpec record marks the stream
 * protected from the next record on. */
gboolean lab_record_stream_feed (LabRecordStream *stream, const guint8 *data, gsize len,
                                 LabRecordFunc func, gpointer user_data, GError **error);

/* Adds a plaintext handshake fragment and calls func for each whole message, 4-byte
 * header included. FALSE with an error for a message longer than the lab holds. */
gboolean lab_record_stream_messages (LabRecordStream *stream, const guint8 *fragment,
                                     gsize len, LabMessageFunc func, gpointer user_data,
                                     GError **error);

/* A record event (side wire): name, phase, content type and `encrypted` from the bytes.
 * `where` (may be NULL) starts the detail: "frame 12". */
LabEvent *lab_record_event_new (LabDirection direction, const guint8 *record, gsize len,
                                gboolean encrypted, const char *where);

/* One view of something a peer sent: a handshake message, a ChangeCipherSpec, an alert
 * (its two bytes) or application data. `sender` sent it; the event is `side`'s view. */
LabEvent *lab_view_event_new (LabEventKind kind, LabSide sender, LabSide side,
                              const guint8 *data, gsize len);

/* Appends the sender's view, then the receiver's. */
void lab_trace_append_both_views (LabTrace *trace, LabEventKind kind, LabSide sender,
                                  const guint8 *data, gsize len);

/* The other peer; the direction a sender's bytes travel. */
LabSide lab_side_other (LabSide side);
LabDirection lab_direction_from (LabSide sender);

/* An error event (side lab): what the lab could not show, and why. */
void lab_trace_append_problem (LabTrace *trace, LabPhase phase, const char *name,
                               const char *detail);

G_END_DECLS
