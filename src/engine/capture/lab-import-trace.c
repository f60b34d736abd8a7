/* lab-import-trace.c: one connection of a capture as a trace, in two passes: the first
 * holds only what is plaintext (the handshake up to ChangeCipherSpec) and, with the
 * master secret from the key log, lets lab_recompute open the protected records; the
 * second is the trace itself, with what those records carried in its place, and the
 * recomputation appended once more to it. */
#include "lab-import-private.h"
#include "engine/trace/lab-recompute.h"
#include "tls/lab-error.h"
#include "tls/lab-hex.h"
#include "tls/lab-key-schedule.h"
#include "tls/lab-reader.h"

#include <string.h>

#define EXT_SUPPORTED_VERSIONS 43 /* RFC 8446 §4.2.1 */
#define TLS13_VERSION 0x0304

typedef struct
{
  LabTrace *trace;
  Conn *conn;
  guint client_dir;
  GPtrArray *plaintexts;     /* GBytes per item (NULL: not opened), or NULL in pass one */
  GArray *record_seqs;       /* guint per item: its record event's seq */
  LabRecordStream hs[2];     /* handshake message assembly, per direction */
  LabSide sender;            /* while cutting messages */
  guint protected_records, unopened;
  gboolean finished[2], ccs[2], closed, tls13;
  const LabEvent *fatal;     /* the first fatal alert, as sent */
} ConnectionTrace;

static LabSide
side_of (ConnectionTrace *b, guint dir)
{
  return dir == b->client_dir ? LAB_SIDE_CLIENT : LAB_SIDE_SERVER;
}

/* Does this ServerHello choose TLS 1.3 (RFC 8446 §4.2.1)? */
static gboolean
selects_tls13 (const guint8 *data, gsize len)
{
  LabReader r, sid, exts;

  lab_reader_init (&r, data, len);
  if (!lab_reader_skip (&r, 4 + 2 + 32) || !lab_reader_vector (&r, 1, &sid, NULL)
      || !lab_reader_skip (&r, 2 + 1) || !lab_reader_vector (&r, 2, &exts, NULL))
    return FALSE;
  while (lab_reader_remaining (&exts) >= 4)
    {
      guint16 type, version;
      LabReader body;

      if (!lab_reader_u16 (&exts, &type) || !lab_reader_vector (&exts, 2, &body, NULL))
        return FALSE;
      if (type == EXT_SUPPORTED_VERSIONS && lab_reader_u16 (&body, &version))
        return version == TLS13_VERSION;
    }
  return FALSE;
}

static void
on_message (const guint8 *message, gsize len, gpointer data)
{
  ConnectionTrace *b = data;

  lab_trace_append_both_views (b->trace, LAB_EVENT_MESSAGE, b->sender, message, len);
  if (message[0] == LAB_HS_FINISHED)
    b->finished[b->sender == LAB_SIDE_SERVER] = TRUE;
  if (message[0] == LAB_HS_SERVER_HELLO && selects_tls13 (message, len))
    b->tls13 = TRUE;
}

/* What one record carried, as the events of both peers' views. */
static void
add_contents (ConnectionTrace *b, guint dir, guint8 type, const guint8 *data, gsize len)
{
  g_autoptr (GError) error = NULL;

  b->sender = side_of (b, dir);
  switch (type)
    {
    case LAB_CONTENT_CHANGE_CIPHER_SPEC:
      lab_trace_append_both_views (b->trace, LAB_EVENT_CCS, b->sender, data, len);
      b->ccs[b->sender == LAB_SIDE_SERVER] = TRUE;
      break;
    case LAB_CONTENT_ALERT:
      /* RFC 5246 §7.2: level and description, two bytes an alert */
      for (gsize i = 0; i + 2 <= len; i += 2)
        {
          lab_trace_append_both_views (b->trace, LAB_EVENT_ALERT, b->sender, data + i, 2);
          if (data[i] == 2 && b->fatal == NULL)
            b->fatal = lab_trace_get_event (b->trace, lab_trace_get_n_events (b->trace) - 2);
        }
      break;
    case LAB_CONTENT_HANDSHAKE:
      if (!lab_record_stream_messages (&b->hs[dir], data, len, on_message, b, &error))
        lab_trace_append_problem (b->trace, LAB_PHASE_NONE, "lost the handshake", error->message);
      break;
    case LAB_CONTENT_APPLICATION_DATA:
      /* an empty fragment is allowed (RFC 5246 §6.2.1) and carries nothing to show */
      if (len > 0)
        lab_trace_append_both_views (b->trace, LAB_EVENT_APP_DATA, b->sender, data, len);
      break;
    default:
      break; /* heartbeat */
    }
}

static char *
item_where (ConnectionTrace *b, const Item *item)
{
  gint64 since = item->time_us - b->conn->start_us;

  return g_strdup_printf ("frame %u, +%" G_GINT64_FORMAT ".%06" G_GINT64_FORMAT " s", item->frame,
                          since / G_USEC_PER_SEC, ABS (since) % G_USEC_PER_SEC);
}

static void
add_item_events (ConnectionTrace *b, guint index, const Item *item)
{
  g_autofree char *where = item_where (b, item);
  LabEvent *event;
  gsize len;
  const guint8 *record;
  GBytes *plaintext;
  guint seq;

  switch (item->kind)
    {
    case ITEM_TCP:
      event = lab_event_new (LAB_EVENT_TCP, side_of (b, item->dir));
      event->name = g_strdup (item->name);
      event->detail = g_strdup_printf ("%s: %s", where, item->detail);
      event->direction = lab_direction_from (event->side);
      event->phase = g_str_equal (item->name, "close") ? LAB_PHASE_NONE : LAB_PHASE_CONNECTION;
      b->closed |= g_str_equal (item->name, "close");
      lab_trace_append (b->trace, event);
      return;
    case ITEM_PROBLEM:
      {
        g_autofree char *detail = g_strdup_printf ("%s: %s", where, item->detail);
        lab_trace_append_problem (b->trace, LAB_PHASE_NONE, item->name, detail);
        return;
      }
    case ITEM_RECORD:
      break;
    }
  record = g_bytes_get_data (item->bytes, &len);
  event = lab_record_event_new (lab_direction_from (side_of (b, item->dir)), record, len,
                                item->encrypted, where);
  seq = lab_trace_append (b->trace, event);
  g_array_index (b->record_seqs, guint, index) = seq;
  if (!item->encrypted || record[0] == LAB_CONTENT_CHANGE_CIPHER_SPEC)
    {
      add_contents (b, item->dir, record[0], record + LAB_RECORD_HEADER_LENGTH,
                    len - LAB_RECORD_HEADER_LENGTH);
      return;
    }
  b->protected_records++;
  plaintext = b->plaintexts ? g_ptr_array_index (b->plaintexts, index) : NULL;
  if (plaintext == NULL)
    {
      b->unopened++;
      return;
    }
  add_contents (b, item->dir, record[0], g_bytes_get_data (plaintext, NULL),
                g_bytes_get_size (plaintext));
}

static void
build_init (ConnectionTrace *b, Conn *c, guint client_dir, GPtrArray *plaintexts)
{
  *b = (ConnectionTrace){ .trace = lab_trace_new (), .conn = c, .client_dir = client_dir,
                .plaintexts = plaintexts };
  lab_trace_keep_all_records (b->trace);
  b->record_seqs = g_array_sized_new (FALSE, TRUE, sizeof (guint), c->items->len);
  g_array_set_size (b->record_seqs, c->items->len);
  lab_record_stream_init (&b->hs[0]);
  lab_record_stream_init (&b->hs[1]);
  for (guint i = 0; i < c->items->len; i++)
    add_item_events (b, i, g_ptr_array_index (c->items, i));
}

static void
build_clear (ConnectionTrace *b)
{
  g_clear_object (&b->trace);
  g_clear_pointer (&b->record_seqs, g_array_unref);
  lab_record_stream_clear (&b->hs[0]);
  lab_record_stream_clear (&b->hs[1]);
}

/* The direction whose first handshake record is a ClientHello; else the initiator's. */
static guint
find_client_dir (Conn *c)
{
  for (guint i = 0; i < c->items->len; i++)
    {
      const Item *item = g_ptr_array_index (c->items, i);
      gsize len;
      const guint8 *record;

      if (item->kind != ITEM_RECORD)
        continue;
      record = g_bytes_get_data (item->bytes, &len);
      if (record[0] == LAB_CONTENT_HANDSHAKE && !item->encrypted && len > 5
          && record[5] == LAB_HS_CLIENT_HELLO)
        return item->dir;
    }
  return 0;
}

/* ClientHello.random as the client sent it (RFC 5246 §7.4.1.2). */
static GBytes *
client_random (LabTrace *trace)
{
  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);

      if (e->kind == LAB_EVENT_MESSAGE && e->sent && e->side == LAB_SIDE_CLIENT
          && e->handshake_type == LAB_HS_CLIENT_HELLO
          && g_bytes_get_size (e->bytes) >= 6 + LAB_RANDOM_LENGTH)
        return g_bytes_new_from_bytes (e->bytes, 6, LAB_RANDOM_LENGTH);
    }
  return NULL;
}

/* The server's chosen suite, when the lab's table does not know it. */
static char *
unknown_suite (LabTrace *trace)
{
  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      gsize len;
      const guint8 *data;
      LabReader r, sid;
      guint16 suite;

      if (e->kind != LAB_EVENT_MESSAGE || !e->sent || e->handshake_type != LAB_HS_SERVER_HELLO)
        continue;
      data = g_bytes_get_data (e->bytes, &len);
      lab_reader_init (&r, data, len);
      if (lab_reader_skip (&r, 4 + 2 + 32) && lab_reader_vector (&r, 1, &sid, NULL)
          && lab_reader_u16 (&r, &suite) && lab_cipher_suite_lookup (suite) == NULL)
        {
          const LabCipherSuiteName *named = lab_cipher_suite_name_lookup (suite);

          return named ? g_strdup_printf ("%s (0x%04x)", named->iana_name, suite)
                       : g_strdup_printf ("0x%04x", suite);
        }
      return NULL;
    }
  return NULL;
}

/* Pass one: open the protected records; returns each item's plaintext (or NULL). */
static GPtrArray *
open_protected (Conn *c, guint client_dir, GBytes *master_secret)
{
  ConnectionTrace b;
  LabOpensslSecrets secrets = { 0 };
  GPtrArray *plaintexts = g_ptr_array_new_full (c->items->len, (GDestroyNotify) g_bytes_unref);

  g_ptr_array_set_size (plaintexts, (gint) c->items->len);
  build_init (&b, c, client_dir, NULL);
  secrets.client.master_secret = g_bytes_ref (master_secret);
  secrets.server.master_secret = g_bytes_ref (master_secret);
  lab_recompute (b.trace, &secrets);
  lab_openssl_secrets_clear (&secrets);
  for (guint i = 0; i < c->items->len; i++)
    {
      const Item *item = g_ptr_array_index (c->items, i);
      const LabEvent *e;

      if (item->kind != ITEM_RECORD || !item->encrypted)
        continue;
      e = lab_trace_get_event (b.trace, g_array_index (b.record_seqs, guint, i));
      if (e != NULL && e->decryption != NULL && e->decryption->authentic
          && e->decryption->plaintext != NULL)
        g_ptr_array_index (plaintexts, i) = g_bytes_ref (e->decryption->plaintext);
    }
  build_clear (&b);
  return plaintexts;
}

static void
explain_secrets (ConnectionTrace *b, LabKeylog *keylog, GBytes *random, GBytes *master_secret)
{
  g_autofree char *random_hex = random ? lab_hex_encode_bytes (random) : NULL;
  g_autofree char *suite = unknown_suite (b->trace);
  g_autofree char *why = NULL;

  if (b->tls13)
    why = g_strdup ("this connection chose TLS 1.3 (the ServerHello's supported_versions "
                    "extension says 0x0304); the lab teaches TLS 1.2, whose keys come from "
                    "one master secret. Everything after the ServerHello is encrypted with "
                    "TLS 1.3 traffic secrets the lab does not derive");
  else if (b->protected_records == 0)
    return;
  else if (suite != NULL)
    why = g_strdup_printf ("the server chose cipher suite %s, which the lab knows by name at "
                           "most: OpenSSL 3.0 cannot negotiate it, and the lab has no key "
                           "schedule or record protection for it, so the %u protected records "
                           "stay closed",
                           suite, b->protected_records);
  else if (master_secret == NULL && lab_keylog_size (keylog) == 0)
    why = g_strdup_printf (
      "no key log. After ChangeCipherSpec every record is protected with keys made from the "
      "master secret, which never crosses the wire: so the lab shows the handshake up to "
      "ChangeCipherSpec, but not the %u protected records (the Finished messages, the "
      "application data and any alert after them). Give the key log that the browser or "
      "server wrote (SSLKEYLOGFILE, or OpenSSL's -keylogfile) with the capture: "
      "--keylog FILE on the command line, \"Add a key log\" when opening it in the window",
      b->protected_records);
  else if (master_secret == NULL)
    why = g_strdup_printf ("the key log has no CLIENT_RANDOM line for this connection's client "
                           "random %s, so the %u protected records stay closed",
                           random_hex ? random_hex : "(no ClientHello seen)",
                           b->protected_records);
  else if (b->unopened == b->protected_records)
    why = g_strdup_printf ("the key log has a master secret for this connection's client random "
                           "%s, but none of the %u protected records opens as authentic with the "
                           "keys made from it: it is not the secret these peers used (a key log "
                           "from another run, or a damaged line)",
                           random_hex, b->protected_records);
  else if (b->unopened > 0)
    why = g_strdup_printf ("%u of the %u protected records did not open as authentic with the "
                           "keys from the key log's master secret",
                           b->unopened, b->protected_records);
  if (why != NULL)
    lab_trace_append_problem (b->trace, LAB_PHASE_CLIENT_AUTH_KEYS, "records not opened", why);
}

static void
finish_trace (ConnectionTrace *b, GBytes *master_secret)
{
  LabOutcome outcome = { .alert = -1, .cause_event = -1 };
  LabOpensslSecrets secrets = { 0 };

  if (master_secret != NULL && !b->tls13)
    {
      secrets.client.master_secret = g_bytes_ref (master_secret);
      secrets.server.master_secret = g_bytes_ref (master_secret);
    }
  lab_recompute (b->trace, &secrets);
  lab_openssl_secrets_clear (&secrets);

  if (b->fatal != NULL)
    {
      outcome.result = LAB_RESULT_ALERT;
      outcome.alert = b->fatal->alert_description;
      outcome.sent_by = b->fatal->side;
      outcome.cause_event = (int) b->fatal->seq;
      outcome.reason = g_strdup_printf ("the capture shows the %s sending a fatal %s alert",
                                        lab_side_name (b->fatal->side), b->fatal->name);
    }
  else if ((b->finished[0] && b->finished[1]) || (b->ccs[0] && b->ccs[1] && b->unopened > 0))
    {
      outcome.result = LAB_RESULT_SUCCESS;
      if (!(b->finished[0] && b->finished[1]))
        outcome.reason = g_strdup ("the handshake completed: both sides sent ChangeCipherSpec "
                                   "and then protected records, which the lab could not open");
    }
  else
    {
      outcome.result = LAB_RESULT_ERROR;
      outcome.reason = g_strdup (b->closed ? "the connection closed before the handshake completed"
                                           : "the capture ends before the handshake completed");
    }
  lab_trace_finish (b->trace, &outcome);
}

LabImportedConnection *
lab_import_connection_trace (Conn *c, LabKeylog *keylog)
{
  LabImportedConnection *ic = g_new0 (LabImportedConnection, 1);
  guint client_dir = find_client_dir (c);
  g_autoptr (GPtrArray) plaintexts = NULL;
  g_autoptr (GBytes) random = NULL;
  GBytes *master_secret = NULL;
  ConnectionTrace b;

  /* The first pass is also where the client random and TLS 1.3 are found. */
  build_init (&b, c, client_dir, NULL);
  random = client_random (b.trace);
  if (keylog != NULL && !b.tls13)
    master_secret = lab_keylog_lookup (keylog, random);
  build_clear (&b);
  if (master_secret != NULL)
    plaintexts = open_protected (c, client_dir, master_secret);

  build_init (&b, c, client_dir, plaintexts);
  if (master_secret != NULL)
    {
      LabEvent *line = lab_event_new (LAB_EVENT_KEYLOG, LAB_SIDE_LAB);

      line->name = g_strdup ("CLIENT_RANDOM");
      line->detail = g_strdup (lab_keylog_lookup_line (keylog, random));
      line->phase = LAB_PHASE_CLIENT_AUTH_KEYS;
      lab_trace_append (b.trace, line);
    }
  if (c->records_dropped > 0)
    {
      g_autofree char *why = g_strdup_printf ("%" G_GUINT64_FORMAT " bytes of records past the "
                                              "import's memory cap are not shown",
                                              c->records_dropped);
      lab_trace_append_problem (b.trace, LAB_PHASE_NONE, "too much to hold", why);
    }
  explain_secrets (&b, keylog, random, master_secret);
  finish_trace (&b, master_secret);

  ic->trace = g_steal_pointer (&b.trace);
  ic->client = lab_tcp_endpoint_to_string (lab_import_sender (c->tcp, client_dir));
  ic->server = lab_tcp_endpoint_to_string (lab_import_sender (c->tcp, 1 - client_dir));
  ic->first_frame = c->tcp->first_frame;
  ic->has_master_secret = master_secret != NULL;
  ic->protected_records = b.protected_records;
  ic->opened_records = b.protected_records - b.unopened;
  ic->decrypted = master_secret != NULL && b.unopened == 0;
  build_clear (&b);
  return ic;
}

