/* lab-import-private.h: what reading a capture (lab-import.c) hands to building each
 * connection's trace (lab-import-trace.c): the connection's items in the order they
 * happened. */
#pragma once

#include "engine/trace/lab-record-events.h"
#include "lab-import.h"
#include "lab-tcp-reassembly.h"

G_BEGIN_DECLS

typedef enum
{
  ITEM_RECORD,
  ITEM_TCP,
  ITEM_PROBLEM,
} ItemKind;

typedef struct
{
  ItemKind kind;
  guint dir;          /* 0: from the initiator */
  guint frame;
  gint64 time_us;
  GBytes *bytes;      /* record, header included */
  gboolean encrypted; /* the sender had sent its ChangeCipherSpec */
  char *name;         /* tcp: "connect", "accept", "close"; problem: its title */
  char *detail;
} Item;

typedef struct _CaptureScan CaptureScan;

typedef struct
{
  CaptureScan *scan;
  LabTcpConnection *tcp;
  GPtrArray *items;             /* Item, in the order they happened */
  LabRecordStream streams[2];
  const LabTcpSegment *current; /* the segment being read */
  guint current_dir;
  guint records;
  guint64 records_dropped;      /* past LAB_IMPORT_MAX_RECORD_BYTES */
  gint64 start_us;
} Conn;

/* The endpoint that sent in direction dir (0: the connection's initiator). */
const LabTcpEndpoint *lab_import_sender (LabTcpConnection *tcp, guint dir);

/* The connection's trace, from its items, its records opened with the master secret the
 * key log (which may be NULL) has for it. */
LabImportedConnection *lab_import_connection_trace (Conn *c, LabKeylog *keylog);

G_END_DECLS
