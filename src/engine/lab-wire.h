/* lab-wire.h: the relay between client and server, the one place records can be changed.
 *
 * The client connects to the wire's port on 127.0.0.1; the wire connects on to the
 * server. A thread reads both sockets with poll(), cuts each direction into records by
 * the 5-byte header, records each in the trace, lets a filter keep, change or drop it,
 * and forwards it. */
#pragma once

#include <glib.h>

#include "lab-trace.h"

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

/* Called on the wire thread for every complete record. To change a record, fill
 * replacement (it may hold several records, or a changed length) and return
 * LAB_WIRE_REPLACE. *action says in words what was done, for the trace. */
typedef LabWireVerdict (*LabWireFilter) (const LabWireRecord *record, GByteArray *replacement,
                                         char **action, gpointer user_data);

typedef struct _LabWire LabWire;

/* Opens the wire's listening socket on 127.0.0.1 (a free port). */
LabWire *lab_wire_new (LabTrace *trace, GError **error);
void lab_wire_free (LabWire *wire);

guint16 lab_wire_get_port (LabWire *wire);
void lab_wire_set_filter (LabWire *wire, LabWireFilter filter, gpointer user_data);

/* Makes the wire a man in the middle (see lab-mitm.h) instead of a relay; mitm must
 * outlive the wire. */
typedef struct _LabMitm LabMitm;
void lab_wire_set_mitm (LabWire *wire, const LabMitm *mitm);

/* Starts relaying to the server listening on 127.0.0.1:server_port: n_connections
 * connections, one after the other, on the same port. */
gboolean lab_wire_start (LabWire *wire, guint16 server_port, guint n_connections,
                         GError **error);

/* Makes the wire thread stop at once (shutting its sockets), from any thread. */
void lab_wire_abort (LabWire *wire);

/* Waits until the relay has passed on both directions' close, or until the monotonic
 * deadline; TRUE when it finished. */
gboolean lab_wire_wait (LabWire *wire, gint64 deadline_us);

/* Waits for the wire thread to end (abort it first unless lab_wire_wait said TRUE). */
void lab_wire_join (LabWire *wire);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabWire, lab_wire_free)

G_END_DECLS
