/* lab-import.h: a capture as the lab's own traces, one per TLS connection.
 *
 * capture file -> TCP segments (lab-capture-reader) -> two byte streams per connection
 * (lab-tcp-reassembly) -> TLS records per direction -> the events a lab run has: records
 * on the wire, each handshake message as its sender sent it and its receiver received it,
 * ChangeCipherSpec, alerts, application data. The client is whoever sent the
 * ClientHello. With the connection's master secret from a key log (a file, or the
 * capture's own Decryption Secrets Block), lab_recompute derives the key block and opens
 * every protected record, and what they carried (the Finished messages, application
 * data, encrypted alerts) joins the trace; without it, the trace says what it cannot
 * show and why. Past the caps on memory, the import keeps going with a warning. */
#pragma once

#include <glib.h>

#include "lab-capture-reader.h"
#include "lab-keylog.h"
#include "engine/trace/lab-trace.h"

G_BEGIN_DECLS

/* Record bytes one import keeps in all; past it records are counted, not kept. */
#define LAB_IMPORT_MAX_RECORD_BYTES (256 * 1024 * 1024)

typedef struct
{
  LabTrace *trace;      /* frozen */
  char *client;         /* "192.168.1.2:50412" */
  char *server;         /* "93.184.216.34:443" */
  guint first_frame;
  gboolean has_master_secret; /* the key log had a master secret for its client random */
  guint protected_records;    /* records sent after ChangeCipherSpec */
  guint opened_records;       /* of those, opened as authentic with that secret's keys */
  gboolean decrypted;         /* the key log's secret opened every protected record: a
                               * wrong secret (another run's, a damaged line) opens none */
} LabImportedConnection;

typedef struct
{
  char *source;              /* the capture's name, as given */
  LabCaptureSummary capture;
  GPtrArray *connections;    /* LabImportedConnection, the TLS ones, in order of appearance */
  GPtrArray *warnings;       /* char *: what was skipped or could not be read, for people */
  guint other_connections;   /* TCP connections that carried no TLS */
  GError *damage;            /* the capture is damaged part-way (byte offset and packet);
                              * everything before the damage is here */
} LabImport;

/* Imports the capture in data. keylog may be NULL; a pcapng capture's own Decryption
 * Secrets Blocks are added to it. NULL with an error only when nothing could be read:
 * not a capture, an unreadable header, an unsupported link type. */
LabImport *lab_import_bytes (const char *source, const guint8 *data, gsize len,
                             LabKeylog *keylog, GError **error);

/* Reads the files; errors name the file (and the line of a bad key log line). */
LabImport *lab_import_file (const char *path, const char *keylog_path, GError **error);

void lab_import_free (LabImport *import);

/* A libFuzzer-friendly entry point: imports any bytes as a capture; always returns 0. */
int lab_fuzz_capture (const guint8 *data, gsize len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabImport, lab_import_free)

G_END_DECLS
