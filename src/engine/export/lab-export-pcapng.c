/* lab-export-pcapng.c: the run as a pcapng capture that Wireshark opens and decrypts.
 *
 * The lab's peers talk over 127.0.0.1 through the wire, so there is no capture of a
 * network to save; instead the records from the trace are framed the way one TCP
 * connection from the client to the server (per connection of the run) would have
 * carried them: Ethernet, IPv4 and TCP headers with consistent sequence and
 * acknowledgement numbers and valid checksums, one segment per record. Section numbers (§) are those of the pcapng specification,
 * draft-ietf-opsawg-pcapng. Block fields are written little-endian, which the
 * byte-order magic of the Section Header Block announces (§4.1); packet headers are in
 * network byte order. */
#include "lab-export.h"
#include "engine/capture/lab-pcapng.h"

#include <string.h>

#define LINKTYPE_ETHERNET         1
#define SNAPLEN                   65535

#define ETHERNET_HEADER 14
#define IPV4_HEADER     20
#define TCP_HEADER      20
#define TCP_MSS_OPTION  4
/* A record that large is cut so each packet fits the snapshot length (§4.2) and so the
 * IPv4 total length fits its 16 bits; the MSS the SYNs announce says the same. */
#define MAX_PAYLOAD     (SNAPLEN - ETHERNET_HEADER - IPV4_HEADER - TCP_HEADER)

#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_PSH 0x08
#define TCP_ACK 0x10

/* The capture shows the server on the HTTPS port, whatever port it really listened on
 * (the SYN's comment says which): Wireshark picks a dissector by port before it tries
 * heuristics, and an ephemeral port may be another protocol's (48049 is CBSP's), which
 * would hide the TLS. The client keeps its real port, or an ephemeral one per connection
 * when no connect event names it. The initial sequence numbers are fixed so that the
 * same trace always gives the same capture. */
#define SERVER_PORT         443
#define DEFAULT_CLIENT_PORT 49152
#define CLIENT_ISN          0x1A2B0000u
#define SERVER_ISN          0x5E6F0000u
#define ISN_STEP            0x01000000u
#define NO_RECORD           G_MAXUINT

typedef enum
{
  END_CLIENT,
  END_SERVER,
} End;

typedef struct
{
  guint16 port;
  guint8 mac[6];
  guint32 next_seq;    /* sequence number of the next byte this end sends */
  guint16 ip_id;
  guint16 listen_port; /* the server's real port, 0 when the trace does not say */
  guint last_record;   /* trace seq of the last record this end sent that arrived */
  gboolean closing;    /* closed its socket before all it sent had arrived */
  gboolean closed;
} Endpoint;

/* One TCP connection: a session that resumes has two, each with its own client port. */
typedef struct
{
  Endpoint ends[2];
  gboolean open; /* its three-way handshake is in the capture */
} Stream;

typedef struct
{
  LabWriter out;     /* the pcapng file */
  GByteArray *frame; /* the packet being built */
  GArray *streams;   /* Stream, by the events' connection */
  gint64 last_time;
  char *comment;     /* for the next packet */
} Capture;

/* ---- blocks ---- */

/* §4.1: one section, its length not given (-1), so readers walk it block by block. */
static void
write_section_header (LabWriter *out)
{
  gsize start = lab_pcapng_begin_block (out, LAB_PCAPNG_SECTION_HEADER);

  lab_writer_le32 (out, LAB_PCAPNG_BYTE_ORDER_MAGIC);
  lab_writer_le16 (out, 1); /* major version */
  lab_writer_le16 (out, 0); /* minor version */
  lab_writer_le32 (out, G_MAXUINT32);
  lab_writer_le32 (out, G_MAXUINT32);
  lab_pcapng_string_option (out, LAB_PCAPNG_OPT_SHB_USER_APPLICATION,
                            "Handshake Lab " LAB_VERSION);
  lab_pcapng_string_option (out, LAB_PCAPNG_OPT_COMMENT,
                            "A Handshake Lab run: the real TLS records, in synthetic TCP/IPv4 "
                            "framing. Times count from the start of the run.");
  lab_pcapng_end_of_options (out);
  lab_pcapng_end_block (out, start);
}

/* §4.2: the one interface every packet refers to (interface 0). if_tsresol 6 makes the
 * timestamps microseconds, the unit of the trace's time_us. */
static void
write_interface (LabWriter *out)
{
  gsize start = lab_pcapng_begin_block (out, LAB_PCAPNG_INTERFACE);
  const guint8 microseconds = 6;

  lab_writer_le16 (out, LINKTYPE_ETHERNET);
  lab_writer_le16 (out, 0); /* reserved */
  lab_writer_le32 (out, SNAPLEN);
  lab_pcapng_string_option (out, LAB_PCAPNG_OPT_IF_NAME, "handshake-lab wire");
  lab_pcapng_option (out, LAB_PCAPNG_OPT_IF_TS_RESOLUTION, &microseconds, 1);
  lab_pcapng_end_of_options (out);
  lab_pcapng_end_block (out, start);
}

/* §4.7: the key log inside the capture. It must come before the packets it decrypts,
 * so it goes right after the interface. */
static void
write_secrets (LabWriter *out, const char *keylog)
{
  gsize start = lab_pcapng_begin_block (out, LAB_PCAPNG_DECRYPTION_SECRETS);
  gsize len = strlen (keylog);

  lab_writer_le32 (out, LAB_PCAPNG_SECRETS_TLS_KEY_LOG);
  lab_writer_le32 (out, (guint32) len);
  lab_writer_bytes (out, keylog, len);
  lab_pcapng_end_block (out, start);
}

/* §4.3: one packet on interface 0, captured whole, with an optional comment (§3.5). */
static void
write_packet (LabWriter *out, gint64 time_us, const GByteArray *frame, const char *comment)
{
  gsize start = lab_pcapng_begin_block (out, LAB_PCAPNG_ENHANCED_PACKET);
  guint64 timestamp = (guint64) time_us;

  lab_writer_le32 (out, 0);
  lab_writer_le32 (out, (guint32) (timestamp >> 32));
  lab_writer_le32 (out, (guint32) (timestamp & G_MAXUINT32));
  lab_writer_le32 (out, frame->len);
  lab_writer_le32 (out, frame->len);
  lab_writer_bytes (out, frame->data, frame->len);
  lab_writer_align (out, 4);
  if (comment != NULL)
    {
      lab_pcapng_string_option (out, LAB_PCAPNG_OPT_COMMENT, comment);
      lab_pcapng_end_of_options (out);
    }
  lab_pcapng_end_block (out, start);
}

/* ---- packets ---- */

/* The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of
 * 16-bit words. Callers chain partial sums, so this adds to `sum` without folding. */
static guint32
sum_words (guint32 sum, const guint8 *p, gsize len)
{
  for (gsize i = 0; i + 1 < len; i += 2)
    sum += ((guint32) p[i] << 8) | p[i + 1];
  if (len % 2 != 0)
    sum += (guint32) p[len - 1] << 8;
  return sum;
}

static guint16
fold_checksum (guint32 sum)
{
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return (guint16) ~sum;
}

/* Appends one packet from `from` to the other end and advances the sender's sequence
 * number by what the segment occupies (data, and one for SYN and for FIN). */
static void
emit_segment (Capture *c, Stream *stream, End from, guint8 flags, const guint8 *payload,
              gsize len, gint64 time_us)
{
  static const guint8 loopback[4] = { 127, 0, 0, 1 };
  Endpoint *src = &stream->ends[from], *dst = &stream->ends[from == END_CLIENT];
  GByteArray *f = c->frame;
  LabWriter w;
  gsize tcp_len = TCP_HEADER + ((flags & TCP_SYN) ? TCP_MSS_OPTION : 0);
  guint8 *ip, *tcp;
  guint32 sum;

  g_byte_array_set_size (f, 0);
  lab_writer_init (&w, f);
  lab_writer_bytes (&w, dst->mac, 6);
  lab_writer_bytes (&w, src->mac, 6);
  lab_writer_u16 (&w, 0x0800); /* IPv4 */

  /* RFC 791 §3.1: no options, don't fragment, TCP */
  lab_writer_u16 (&w, 0x4500);
  lab_writer_u16 (&w, (guint16) (IPV4_HEADER + tcp_len + len));
  lab_writer_u16 (&w, src->ip_id++);
  lab_writer_u16 (&w, 0x4000);
  lab_writer_u8 (&w, 64); /* TTL */
  lab_writer_u8 (&w, 6);  /* protocol: TCP */
  lab_writer_u16 (&w, 0); /* checksum, below */
  lab_writer_bytes (&w, loopback, 4);
  lab_writer_bytes (&w, loopback, 4);

  /* RFC 9293 §3.1 */
  lab_writer_u16 (&w, src->port);
  lab_writer_u16 (&w, dst->port);
  lab_writer_u32 (&w, src->next_seq);
  lab_writer_u32 (&w, (flags & TCP_ACK) ? dst->next_seq : 0);
  lab_writer_u16 (&w, (guint16) (((tcp_len / 4) << 12) | flags));
  lab_writer_u16 (&w, 65535); /* window */
  lab_writer_u16 (&w, 0);     /* checksum, below */
  lab_writer_u16 (&w, 0);     /* urgent pointer */
  if (flags & TCP_SYN)
    {
      lab_writer_u8 (&w, 2); /* maximum segment size */
      lab_writer_u8 (&w, TCP_MSS_OPTION);
      lab_writer_u16 (&w, MAX_PAYLOAD);
    }
  lab_writer_bytes (&w, payload, len);

  ip = f->data + ETHERNET_HEADER;
  tcp = ip + IPV4_HEADER;
  lab_store_u16 (ip + 10, fold_checksum (sum_words (0, ip, IPV4_HEADER)));
  /* the pseudo-header: addresses, protocol and TCP length (RFC 9293 §3.1) */
  sum = sum_words (0, ip + 12, 8) + 6 + (guint32) (tcp_len + len);
  lab_store_u16 (tcp + 16, fold_checksum (sum_words (sum, tcp, tcp_len + len)));

  /* The trace's times, made strictly increasing: the peers' threads stamp events on their
   * own and several records can share a microsecond, yet each packet must come after the
   * one before it, in the trace's order. */
  c->last_time = MAX (time_us, c->last_time + 1);
  write_packet (&c->out, c->last_time, f, c->comment);
  g_clear_pointer (&c->comment, g_free);

  src->next_seq += (guint32) len + ((flags & TCP_SYN) ? 1 : 0) + ((flags & TCP_FIN) ? 1 : 0);
}

/* The three-way handshake, once per connection, before anything else it carries. */
static void
emit_open (Capture *c, Stream *stream, gint64 time_us)
{
  Endpoint *client = &stream->ends[END_CLIENT], *server = &stream->ends[END_SERVER];

  if (stream->open)
    return;
  stream->open = TRUE;
  if (server->listen_port != 0)
    c->comment = g_strdup_printf ("The lab's client connected from 127.0.0.1:%u through the "
                                  "lab's wire to the server listening on 127.0.0.1:%u. "
                                  "This capture shows the server as port %u so that Wireshark "
                                  "reads the bytes as TLS.",
                                  client->port, server->listen_port, SERVER_PORT);
  emit_segment (c, stream, END_CLIENT, TCP_SYN, NULL, 0, time_us);
  emit_segment (c, stream, END_SERVER, TCP_SYN | TCP_ACK, NULL, 0, time_us);
  emit_segment (c, stream, END_CLIENT, TCP_ACK, NULL, 0, time_us);
}

static void
emit_data (Capture *c, Stream *stream, End from, GBytes *bytes, gint64 time_us)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  for (gsize done = 0; done < len; done += MAX_PAYLOAD)
    emit_segment (c, stream, from, TCP_PSH | TCP_ACK, data + done, MIN (len - done, MAX_PAYLOAD),
                  time_us);
}

/* The closing end's FIN, and the other end's acknowledgement of it. */
static void
emit_close (Capture *c, Stream *stream, End from, gint64 time_us)
{
  if (stream->ends[from].closed)
    return;
  stream->ends[from].closed = TRUE;
  stream->ends[from].closing = FALSE;
  emit_segment (c, stream, from, TCP_FIN | TCP_ACK, NULL, 0, time_us);
  emit_segment (c, stream, from == END_CLIENT, TCP_ACK, NULL, 0, time_us);
}

/* ---- from the trace ---- */

/* The record as its receiver got it: what the wire forwarded when it changed it, NULL
 * when the wire dropped it (or it was empty to begin with). */
static GBytes *
received_bytes (const LabEvent *e)
{
  GBytes *bytes = e->forwarded != NULL ? e->forwarded : e->bytes;

  if (e->kind != LAB_EVENT_RECORD || e->direction == LAB_DIRECTION_NONE || bytes == NULL
      || g_bytes_get_size (bytes) == 0)
    return NULL;
  return bytes;
}

static End
sender_of (const LabEvent *e)
{
  return e->direction == LAB_DIRECTION_SERVER_TO_CLIENT ? END_SERVER : END_CLIENT;
}

/* The number right after `marker` in a TCP event's detail ("connected from 127.0.0.1:N
 * to ...", "... on port N"), or the fallback when it is not there. */
static guint16
port_after (const char *detail, const char *marker, guint16 fallback)
{
  const char *at = detail != NULL ? strstr (detail, marker) : NULL;
  char *end = NULL;
  guint64 port;

  if (at == NULL)
    return fallback;
  at += strlen (marker);
  port = g_ascii_strtoull (at, &end, 10);
  return end != at && port > 0 && port <= G_MAXUINT16 ? (guint16) port : fallback;
}

static gboolean
is_tcp (const LabEvent *e, LabSide side, const char *action)
{
  return e->kind == LAB_EVENT_TCP && e->side == side && g_strcmp0 (e->name, action) == 0;
}

/* The stream of an event that goes into the capture (a TCP event or an arriving record),
 * else NULL. Streams are made as connections first appear, with the default ports. */
static Stream *
stream_of (Capture *c, const LabEvent *e)
{
  if (e->kind != LAB_EVENT_TCP && received_bytes (e) == NULL)
    return NULL;
  while (c->streams->len <= e->connection)
    {
      guint n = c->streams->len;
      Stream stream = {
        .ends = {
          { DEFAULT_CLIENT_PORT + n, { 0x02, 0, 0, 0, 0, 0x01 }, CLIENT_ISN + n * ISN_STEP, 0, 0,
            NO_RECORD },
          { SERVER_PORT, { 0x02, 0, 0, 0, 0, 0x02 }, SERVER_ISN + n * ISN_STEP, 0, 0,
            NO_RECORD },
        },
      };

      g_array_append_val (c->streams, stream);
    }
  return &g_array_index (c->streams, Stream, e->connection);
}

/* Each connection's ports from its TCP events, and the last arriving record of each end,
 * so that a FIN never goes before data its sender is known to have sent. */
static void
scan_trace (LabTrace *trace, Capture *c)
{
  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      Stream *stream = stream_of (c, e);
      Endpoint *client, *server;

      if (stream == NULL)
        continue;
      client = &stream->ends[END_CLIENT];
      server = &stream->ends[END_SERVER];
      if (is_tcp (e, LAB_SIDE_CLIENT, "connect"))
        client->port = port_after (e->detail, "127.0.0.1:", client->port);
      else if (is_tcp (e, LAB_SIDE_SERVER, "accept"))
        server->listen_port = port_after (e->detail, "on port ", 0);
      else if (e->kind == LAB_EVENT_RECORD)
        stream->ends[sender_of (e)].last_record = i;
    }
}

static void
capture_event (Capture *c, guint i, const LabEvent *e)
{
  Stream *stream = stream_of (c, e);
  GBytes *bytes = received_bytes (e);

  if (stream == NULL)
    return;
  emit_open (c, stream, e->time_us);
  if (bytes != NULL)
    {
      End from = sender_of (e);

      emit_data (c, stream, from, bytes, e->time_us);
      if (stream->ends[from].closing && stream->ends[from].last_record == i)
        emit_close (c, stream, from, e->time_us);
    }
  else if (g_strcmp0 (e->name, "close") == 0
           && (e->side == LAB_SIDE_CLIENT || e->side == LAB_SIDE_SERVER))
    {
      End from = e->side == LAB_SIDE_CLIENT ? END_CLIENT : END_SERVER;
      guint last = stream->ends[from].last_record;

      /* Where a trace lists a peer's close before the last record that peer sent (a lab
       * run records each record before its sender closes, a trace built from elsewhere
       * need not), its FIN waits for that record. */
      if (last != NO_RECORD && last > i)
        stream->ends[from].closing = TRUE;
      else
        emit_close (c, stream, from, e->time_us);
    }
}

GBytes *
lab_export_pcapng_bytes (LabTrace *trace)
{
  g_autofree char *keylog = lab_export_keylog_text (trace);
  g_autoptr (GByteArray) frame = g_byte_array_new ();
  g_autoptr (GArray) streams = g_array_new (FALSE, FALSE, sizeof (Stream));
  GByteArray *out = g_byte_array_new ();
  Capture c = { { out }, frame, streams, -1, NULL };

  scan_trace (trace, &c);
  write_section_header (&c.out);
  write_interface (&c.out);
  if (*keylog != '\0')
    write_secrets (&c.out, keylog);
  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    capture_event (&c, i, lab_trace_get_event (trace, i));

  return g_byte_array_free_to_bytes (out);
}

gboolean
lab_export_pcapng (LabTrace *trace, const char *path, GError **error)
{
  g_autoptr (GBytes) capture = lab_export_pcapng_bytes (trace);

  return lab_export_save (path, capture, error);
}
