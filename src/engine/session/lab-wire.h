/* lab-wire.h: the one place records can be changed, between client and server.
 *
 * The client connects straight to the server on 127.0.0.1, but neither peer writes to
 * its socket itself: each one's SSL writes through a wire BIO, which cuts what the peer
 * sends into records by the 5-byte header, records each in the trace, lets a filter
 * keep, change or drop it, and sends on what is left. The wire works in the sender's
 * own thread, between the sender's write and the kernel, with no thread or connection
 * of its own (HACKING.md, "The life of a run"; "Decisions and their history" says why). */
#pragma once

#include <glib.h>
#include <openssl/bio.h>

#include "engine/trace/lab-trace.h"

G_BEGIN_DECLS

typedef enum
{
  LAB_WIRE_KEEP,    /* forward the record as it came */
  LAB_WIRE_REPLACE, /* forward the bytes the filter put in `replacement` instead */
  LAB_WIRE_DROP,    /* forward nothing */
} LabWireVerdict;

typedef struct
{
  LabDirection direction;
  guint index;            /* 0-based count of records in this direction */
  guint8 content_type;
  gboolean encrypted;     /* sent after this direction's ChangeCipherSpec */
  const guint8 *data;     /* the whole record, header included */
  gsize len;
  guint connection;       /* 0, or 1 for the connection that resumes a session */
} LabWireRecord;

/* Called for every complete record, in the sending peer's thread, one call at a time
 * (the wire holds its lock: a filter's state, such as counted matches, is shared by both
 * directions). To change a record, fill replacement (it may hold several records, or a
 * changed length) and return LAB_WIRE_REPLACE. *action says in words what was done,
 * for the trace. */
typedef LabWireVerdict (*LabWireFilter) (const LabWireRecord *record, GByteArray *replacement,
                                         char **action, gpointer user_data);

typedef struct _LabWire LabWire;

LabWire *lab_wire_new (LabTrace *trace);
void lab_wire_free (LabWire *wire);

void lab_wire_set_filter (LabWire *wire, LabWireFilter filter, gpointer user_data);

/* The write side of one peer's connection: everything the peer's SSL writes passes
 * through the wire and then to the socket `fd` (which the BIO does not close). A send
 * that fails (the receiver has gone) is the receiver's business: the sender is told its
 * bytes went, and the trace shows what it sent. The wire must outlive the BIO. */
BIO *lab_wire_bio_new (LabWire *wire, LabDirection direction, guint connection, int fd);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabWire, lab_wire_free)

G_END_DECLS
