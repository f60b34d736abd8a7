/* lab-tcp-reassembly.h: TCP segments back into the two byte streams of each connection.
 *
 * Per connection and direction, by sequence number (RFC 793 §3.3, modulo 2^32): bytes
 * are handed on once, in order, as soon as they are contiguous. A retransmission is
 * dropped; of overlapping segments the bytes that came first count; segments that come
 * early wait until the gap before them is filled. Memory is bounded: past a cap on the
 * bytes waiting behind a gap, or on the number of connections, the lab stops and says
 * so. Calls arrive in capture order, so the two directions interleave as they did. */
#pragma once

#include <glib.h>

#include "lab-capture-reader.h"

G_BEGIN_DECLS

/* Bytes waiting behind a gap, per direction and in all. */
#define LAB_TCP_MAX_PENDING (4 * 1024 * 1024)
#define LAB_TCP_MAX_PENDING_TOTAL (64 * 1024 * 1024)
#define LAB_TCP_MAX_CONNECTIONS 4096

typedef enum
{
  LAB_TCP_NOTE_SYN,      /* the initiator's SYN */
  LAB_TCP_NOTE_SYN_ACK,  /* the responder's SYN+ACK */
  LAB_TCP_NOTE_FIN,      /* a FIN, once every byte before it was handed on */
  LAB_TCP_NOTE_RST,      /* a reset */
  LAB_TCP_NOTE_GAP,      /* bytes the capture never had; what follows is not handed on */
  LAB_TCP_NOTE_LIMIT,    /* a memory cap was reached; detail says which */
} LabTcpNote;

typedef struct
{
  guint index;               /* 0, 1, ... in the order connections first appear */
  LabTcpEndpoint initiator;  /* who sent the SYN, or else the first segment seen */
  LabTcpEndpoint responder;
  gboolean saw_syn;
  gboolean started_late[2];  /* a direction's first bytes came without its SYN */
  guint64 bytes[2];          /* handed on, per direction (0: from the initiator) */
  guint64 retransmitted[2];  /* bytes seen again and dropped */
  guint first_frame;
  gpointer user_data;        /* the caller's */
  GDestroyNotify user_data_free;
} LabTcpConnection;

typedef struct
{
  /* In-order bytes from one side: dir 0 from the initiator, 1 from the responder.
   * `segment` is the one that brought them (its payload may be a different buffer). */
  void (*data) (LabTcpConnection *connection, guint dir, const guint8 *data, gsize len,
                const LabTcpSegment *segment, gpointer user_data);
  /* Something TCP did or a problem; segment may be NULL (at the end of the capture). */
  void (*note) (LabTcpConnection *connection, guint dir, LabTcpNote note,
                const LabTcpSegment *segment, const char *detail, gpointer user_data);
} LabTcpCallbacks;

typedef struct _LabTcpReassembly LabTcpReassembly;

LabTcpReassembly *lab_tcp_reassembly_new (const LabTcpCallbacks *callbacks, gpointer user_data);
void lab_tcp_reassembly_free (LabTcpReassembly *reassembly);

void lab_tcp_reassembly_add (LabTcpReassembly *reassembly, const LabTcpSegment *segment);

/* At the end of the capture: reports every gap still open. */
void lab_tcp_reassembly_finish (LabTcpReassembly *reassembly);

/* LabTcpConnection, in order of appearance (owned by the reassembly). */
GPtrArray *lab_tcp_reassembly_connections (LabTcpReassembly *reassembly);

/* Connections left out because there were more than LAB_TCP_MAX_CONNECTIONS, each
 * counted once (by its two endpoints) however many segments it had; *at_least (may be
 * NULL) is TRUE when there were more than the count, past what is remembered. */
guint lab_tcp_reassembly_connections_dropped (LabTcpReassembly *reassembly, gboolean *at_least);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabTcpReassembly, lab_tcp_reassembly_free)

G_END_DECLS
