/* lab-import.c: from a capture to one trace per TLS connection.
 *
 * Reading the capture (a CaptureScan) cuts each direction into records as the bytes
 * arrive, so records of the two directions interleave as they did on the wire; each
 * connection's records, TCP events and problems become its items. Each connection then
 * becomes a trace (lab-import-trace.c). */
#include "lab-import-private.h"
#include "engine/io/lab-mapped-file.h"
#include "engine/trace/lab-recompute.h"
#include "engine/trace/lab-record-events.h"
#include "lab-tcp-reassembly.h"
#include "tls/lab-error.h"
#include "tls/lab-hex.h"
#include "tls/lab-key-schedule.h"
#include "tls/lab-reader.h"

#include <string.h>


struct _CaptureScan
{
  LabImport *result;
  LabKeylog *keylog;
  LabTcpReassembly *tcp;
  gsize kept_bytes;
  gboolean cap_warned;
};

/* ---- while reading the capture ---- */

static void
item_free (gpointer data)
{
  Item *item = data;

  g_clear_pointer (&item->bytes, g_bytes_unref);
  g_free (item->name);
  g_free (item->detail);
  g_free (item);
}

static void
conn_free (gpointer data)
{
  Conn *c = data;

  g_ptr_array_unref (c->items);
  lab_record_stream_clear (&c->streams[0]);
  lab_record_stream_clear (&c->streams[1]);
  g_free (c);
}

static Conn *
conn_of (CaptureScan *b, LabTcpConnection *tcp, const LabTcpSegment *seg)
{
  Conn *c = tcp->user_data;

  if (c != NULL)
    return c;
  c = g_new0 (Conn, 1);
  c->scan = b;
  c->tcp = tcp;
  c->items = g_ptr_array_new_with_free_func (item_free);
  c->start_us = seg ? seg->time_us : 0;
  lab_record_stream_init (&c->streams[0]);
  lab_record_stream_init (&c->streams[1]);
  tcp->user_data = c;
  tcp->user_data_free = conn_free;
  return c;
}

static Item *
add_item (Conn *c, ItemKind kind, guint dir, const LabTcpSegment *seg)
{
  Item *item = g_new0 (Item, 1);

  item->kind = kind;
  item->dir = dir;
  item->frame = seg ? seg->frame : 0;
  item->time_us = seg ? seg->time_us : c->start_us;
  g_ptr_array_add (c->items, item);
  return item;
}

const LabTcpEndpoint *
lab_import_sender (LabTcpConnection *tcp, guint dir)
{
  return dir == 0 ? &tcp->initiator : &tcp->responder;
}

static void
add_problem (Conn *c, guint dir, const LabTcpSegment *seg, const char *name, const char *why)
{
  g_autofree char *from = lab_tcp_endpoint_to_string (lab_import_sender (c->tcp, dir));
  Item *item = add_item (c, ITEM_PROBLEM, dir, seg);

  item->name = g_strdup (name);
  item->detail = g_strdup_printf ("the bytes from %s: %s", from, why);
}

static void
on_record (const guint8 *record, gsize len, gpointer data)
{
  Conn *c = data;
  CaptureScan *b = c->scan;
  guint dir = c->current_dir;
  Item *item;

  c->records++;
  if (b->kept_bytes + len > LAB_IMPORT_MAX_RECORD_BYTES)
    {
      c->records_dropped += len;
      if (!b->cap_warned)
        g_ptr_array_add (b->result->warnings,
                         g_strdup_printf ("%s: from frame %u on, records are counted but not "
                                          "kept: the lab keeps at most %u MiB of records",
                                          b->result->source, c->current->frame,
                                          LAB_IMPORT_MAX_RECORD_BYTES / (1024 * 1024)));
      b->cap_warned = TRUE;
      return;
    }
  b->kept_bytes += len;
  item = add_item (c, ITEM_RECORD, dir, c->current);
  item->bytes = g_bytes_new (record, len);
  item->encrypted = c->streams[dir].ccs_seen;
}

static void
on_data (LabTcpConnection *tcp, guint dir, const guint8 *data, gsize len,
         const LabTcpSegment *seg, gpointer user_data)
{
  Conn *c = conn_of (user_data, tcp, seg);
  g_autoptr (GError) error = NULL;

  c->current = seg;
  c->current_dir = dir;
  if (!lab_record_stream_feed (&c->streams[dir], data, len, on_record, c, &error))
    add_problem (c, dir, seg, c->streams[dir].records == 0 ? "not TLS" : "lost the records",
                 error->message);
  c->current = NULL;
}

static void
on_note (LabTcpConnection *tcp, guint dir, LabTcpNote what, const LabTcpSegment *seg,
         const char *detail, gpointer user_data)
{
  Conn *c = conn_of (user_data, tcp, seg);
  g_autofree char *from = lab_tcp_endpoint_to_string (lab_import_sender (tcp, dir));
  g_autofree char *to = lab_tcp_endpoint_to_string (lab_import_sender (tcp, 1 - dir));
  Item *item;

  switch (what)
    {
    case LAB_TCP_NOTE_GAP:
      add_problem (c, dir, seg, "bytes missing from the capture", detail);
      return;
    case LAB_TCP_NOTE_LIMIT:
      add_problem (c, dir, seg, "too much to hold", detail);
      return;
    default:
      break;
    }
  item = add_item (c, ITEM_TCP, dir, seg);
  item->name = g_strdup (what == LAB_TCP_NOTE_SYN ? "connect"
                         : what == LAB_TCP_NOTE_SYN_ACK ? "accept" : "close");
  item->detail = g_strdup_printf (
    what == LAB_TCP_NOTE_SYN       ? "SYN from %s to %s"
    : what == LAB_TCP_NOTE_SYN_ACK ? "SYN+ACK from %s to %s"
    : what == LAB_TCP_NOTE_FIN     ? "FIN from %s to %s: no more bytes this way"
                                   : "RST from %s to %s: the connection was reset",
    from, to);
}

static void
on_segment (const LabTcpSegment *seg, gpointer user_data)
{
  CaptureScan *b = user_data;

  lab_tcp_reassembly_add (b->tcp, seg);
}

/* ---- the whole capture ---- */

static void
imported_connection_free (gpointer data)
{
  LabImportedConnection *ic = data;

  g_clear_object (&ic->trace);
  g_free (ic->client);
  g_free (ic->server);
  g_free (ic);
}

void
lab_import_free (LabImport *import)
{
  if (import == NULL)
    return;
  g_free (import->source);
  lab_capture_summary_clear (&import->capture);
  g_ptr_array_unref (import->connections);
  g_ptr_array_unref (import->warnings);
  g_clear_error (&import->damage);
  g_free (import);
}

static void
summarize (CaptureScan *b)
{
  LabImport *import = b->result;
  const LabCaptureSummary *s = &import->capture;
  gboolean at_least = FALSE;
  guint dropped = lab_tcp_reassembly_connections_dropped (b->tcp, &at_least);

  if (s->fragments > 0)
    g_ptr_array_add (import->warnings,
                     g_strdup_printf ("%s: %u IP fragments skipped (the lab does not reassemble "
                                      "IP fragments)", import->source, s->fragments));
  if (s->cut_short > 0)
    g_ptr_array_add (import->warnings,
                     g_strdup_printf ("%s: %u TCP segments were cut short by the capture's snap "
                                      "length; their connections have missing bytes",
                                      import->source, s->cut_short));
  if (dropped > 0)
    g_ptr_array_add (import->warnings,
                     g_strdup_printf ("%s: %s%u connection%s past the first %u %s not shown",
                                      import->source, at_least ? "more than " : "", dropped,
                                      dropped == 1 ? "" : "s", LAB_TCP_MAX_CONNECTIONS,
                                      dropped == 1 && !at_least ? "is" : "are"));
  if (import->other_connections > 0)
    g_ptr_array_add (import->warnings,
                     g_strdup_printf ("%s: %u TCP connections carried no TLS records",
                                      import->source, import->other_connections));
  if (s->tcp_segments == 0)
    g_ptr_array_add (import->warnings,
                     g_strdup_printf ("%s: no TCP segments in %u packets", import->source,
                                      s->packets));
}

LabImport *
lab_import_bytes (const char *source, const guint8 *data, gsize len, LabKeylog *keylog,
                  GError **error)
{
  static const LabTcpCallbacks callbacks = { on_data, on_note };
  g_autoptr (LabImport) import = g_new0 (LabImport, 1);
  g_autoptr (LabKeylog) own_keylog = keylog ? NULL : lab_keylog_new ();
  g_autoptr (GError) local = NULL;
  g_autoptr (LabTcpReassembly) tcp = NULL;
  CaptureScan b = { .result = import, .keylog = keylog ? keylog : own_keylog };
  GPtrArray *connections;

  import->source = g_strdup (source);
  import->connections = g_ptr_array_new_with_free_func (imported_connection_free);
  import->warnings = g_ptr_array_new_with_free_func (g_free);
  /* A pcapng capture may carry its own key log. libpcap reports damage to the blocks
   * itself, so only what is wrong inside a Decryption Secrets Block is worth a warning. */
  if (!lab_keylog_add_pcapng (b.keylog, source, data, len, &local)
      && strstr (local->message, "Decryption Secrets Block") != NULL)
    g_ptr_array_add (import->warnings, g_strdup (local->message));
  g_clear_error (&local);

  tcp = b.tcp = lab_tcp_reassembly_new (&callbacks, &b);
  if (!lab_capture_read (source, data, len, on_segment, &b, &import->capture, &local))
    {
      if (import->capture.link_type_name == NULL || import->capture.packets == 0)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
      import->damage = g_steal_pointer (&local);
    }
  lab_tcp_reassembly_finish (tcp);

  connections = lab_tcp_reassembly_connections (tcp);
  for (guint i = 0; i < connections->len; i++)
    {
      LabTcpConnection *connection = g_ptr_array_index (connections, i);
      Conn *c = connection->user_data;

      if (c != NULL && c->records > 0)
        g_ptr_array_add (import->connections, lab_import_connection_trace (c, b.keylog));
      else if (connection->bytes[0] + connection->bytes[1] > 0)
        import->other_connections++;
      /* done with it: its items are in the trace now */
      if (c != NULL)
        g_ptr_array_set_size (c->items, 0);
    }
  summarize (&b);
  return g_steal_pointer (&import);
}

LabImport *
lab_import_file (const char *path, const char *keylog_path, GError **error)
{
  g_autoptr (GMappedFile) file = NULL;
  g_autoptr (LabKeylog) keylog = lab_keylog_new ();

  if (keylog_path != NULL && !lab_keylog_load_file (keylog, keylog_path, error))
    return NULL;
  if ((file = lab_mapped_file_open (path, "capture", LAB_FILE_ANY_SIZE, error)) == NULL)
    return NULL;
  return lab_import_bytes (path, (const guint8 *) g_mapped_file_get_contents (file),
                           g_mapped_file_get_length (file), keylog, error);
}

int
lab_fuzz_capture (const guint8 *data, gsize len)
{
  g_autoptr (LabImport) import = lab_import_bytes ("fuzz input", data, len, NULL, NULL);

  (void) import; /* only that it returns */
  return 0;
}
