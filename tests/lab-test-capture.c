#include "lab-test-capture.h"
#include "engine/export/lab-export.h"
#include "tls/lab-writer.h"

#include <string.h>

/* ---- writing a run as a pcap file ---- */

typedef struct
{
  guint32 link;
  gboolean ipv6;
  LabWriter out;
  guint32 seq[2];
  guint frames;
} Writer;

static void
writer_init (Writer *w, guint32 link, gboolean ipv6)
{
  *w = (Writer){ link, ipv6, { g_byte_array_new () }, { 1000, 90000 }, 0 };
  /* pcap file header (little-endian): magic, version 2.4, zone, sigfigs, snaplen, link */
  lab_writer_le32 (&w->out, 0xa1b2c3d4);
  lab_writer_le16 (&w->out, 2);
  lab_writer_le16 (&w->out, 4);
  lab_writer_le32 (&w->out, 0);
  lab_writer_le32 (&w->out, 0);
  lab_writer_le32 (&w->out, 262144);
  lab_writer_le32 (&w->out, link);
}

/* One TCP segment from dir 0 (client, port 40000) or 1 (server, port 443). */
static void
writer_segment (Writer *w, guint dir, guint32 seq, guint8 flags, const guint8 *data, gsize len)
{
  g_autoptr (GByteArray) frame = g_byte_array_new ();
  LabWriter p;
  static const guint16 ports[2] = { 40000, 443 };
  guint16 ethertype = w->ipv6 ? 0x86dd : 0x0800;

  lab_writer_init (&p, frame);
  switch (w->link)
    {
    case LAB_TEST_LINK_ETHERNET:
      lab_writer_bytes (&p, "\x02\x00\x00\x00\x00\x01\x02\x00\x00\x00\x00\x02", 12);
      lab_writer_u16 (&p, ethertype);
      break;
    case LAB_TEST_LINK_SLL:
      /* packet type, ARPHRD_ETHER, address length 6, the address (padded to 8) */
      lab_writer_bytes (&p, "\x00\x00\x00\x01\x00\x06\x02\x00\x00\x00\x00\x01\x00\x00", 14);
      lab_writer_u16 (&p, ethertype);
      break;
    case LAB_TEST_LINK_NULL:
      lab_writer_le32 (&p, w->ipv6 ? 30 : 2); /* the host's AF_INET6 / AF_INET */
      break;
    default:
      break;
    }
  if (w->ipv6)
    {
      lab_writer_u32 (&p, 0x60000000);
      lab_writer_u16 (&p, (guint16) (20 + len));
      lab_writer_u8 (&p, 6);   /* next header: TCP */
      lab_writer_u8 (&p, 64);  /* hop limit */
      for (guint i = 0; i < 2; i++)
        {
          lab_writer_bytes (&p, "\x20\x01\x0d\xb8", 4);
          lab_writer_zeros (&p, 11);
          lab_writer_u8 (&p, i == dir ? 1 : 2);
        }
    }
  else
    {
      lab_writer_u16 (&p, 0x4500);
      lab_writer_u16 (&p, (guint16) (20 + 20 + len));
      lab_writer_bytes (&p, "\x00\x00\x40\x00\x40\x06\x00\x00", 8);
      lab_writer_u32 (&p, dir == 0 ? 0x0a000001 : 0x0a000002);
      lab_writer_u32 (&p, dir == 0 ? 0x0a000002 : 0x0a000001);
    }
  lab_writer_u16 (&p, ports[dir]);
  lab_writer_u16 (&p, ports[1 - dir]);
  lab_writer_u32 (&p, seq);
  lab_writer_u32 (&p, w->seq[1 - dir]);
  lab_writer_u16 (&p, 0x5000 | flags | LAB_TCP_ACK * ((flags & LAB_TCP_SYN) == 0 || dir == 1));
  lab_writer_bytes (&p, "\xff\xff\x00\x00\x00\x00", 6);
  lab_writer_bytes (&p, data, len);
  /* Ethernet pads short frames: the reader must go by the IP length */
  if (w->link == LAB_TEST_LINK_ETHERNET && frame->len < 60)
    lab_writer_zeros (&p, 60 - frame->len);

  lab_writer_le32 (&w->out, 1700000000);
  lab_writer_le32 (&w->out, w->frames++ * 100);
  lab_writer_le32 (&w->out, frame->len);
  lab_writer_le32 (&w->out, frame->len);
  lab_writer_bytes (&w->out, frame->data, frame->len);
}

/* A direction's pending bytes as segments of awkward sizes, so records split across
 * segments and several share one. */
static void
flush_direction (Writer *w, guint dir, GByteArray *bytes, LabTestTcpStyle style)
{
  static const gsize sizes[] = { 7, 1300, 3, 200, 41, 5000 };
  g_autoptr (GArray) starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  guint32 base = w->seq[dir];

  for (gsize off = 0, k = 0; off < bytes->len; k++)
    {
      g_array_append_val (starts, off);
      off += MIN (sizes[k % G_N_ELEMENTS (sizes)], bytes->len - off);
    }
  for (guint i = 0; i < starts->len; i++)
    {
      /* misbehaving: segment i+1 before segment i, every other pair */
      guint j = style == LAB_TEST_TCP_MISBEHAVING && i % 4 == 0 && i + 1 < starts->len ? i + 1
                : style == LAB_TEST_TCP_MISBEHAVING && i % 4 == 1 ? i - 1 : i;
      gsize start = g_array_index (starts, gsize, j);
      gsize end = j + 1 < starts->len ? g_array_index (starts, gsize, j + 1) : bytes->len;

      writer_segment (w, dir, base + (guint32) start, 0x08, bytes->data + start, end - start);
      if (style == LAB_TEST_TCP_MISBEHAVING && j > 0)
        {
          /* a retransmission of what came before, and one overlapping both sides */
          gsize back = MIN (start, 5);
          writer_segment (w, dir, base + (guint32) (start - back), 0x08,
                          bytes->data + start - back, MIN (end - start + back, back + 2));
        }
    }
  w->seq[dir] += bytes->len;
  g_byte_array_set_size (bytes, 0);
}

/* The lab run's records as a capture: three-way handshake, the records of each direction
 * in the order they crossed, FINs. */
GBytes *
lab_test_trace_to_pcap (LabTrace *trace, guint32 link, gboolean ipv6, LabTestTcpStyle style)
{
  Writer w;
  g_autoptr (GByteArray) pending = g_byte_array_new ();
  guint pending_dir = 0;

  writer_init (&w, link, ipv6);
  writer_segment (&w, 0, w.seq[0]++, LAB_TCP_SYN, NULL, 0);
  writer_segment (&w, 1, w.seq[1]++, LAB_TCP_SYN, NULL, 0);
  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      guint dir = e->direction == LAB_DIRECTION_SERVER_TO_CLIENT;
      gsize len;
      const guint8 *data;

      if (e->kind != LAB_EVENT_RECORD)
        continue;
      if (dir != pending_dir && pending->len > 0)
        flush_direction (&w, pending_dir, pending, style);
      pending_dir = dir;
      data = g_bytes_get_data (e->bytes, &len);
      g_byte_array_append (pending, data, (guint) len);
    }
  flush_direction (&w, pending_dir, pending, style);
  writer_segment (&w, 0, w.seq[0], LAB_TCP_FIN, NULL, 0);
  writer_segment (&w, 1, w.seq[1], LAB_TCP_FIN, NULL, 0);
  return g_byte_array_free_to_bytes (w.out.out);
}

/* ---- reading a pcapng export back (draft-ietf-opsawg-pcapng) ---- */

#define SNAPLEN     65535
/* the largest TCP payload whose Ethernet frame fits the snapshot length */
#define MAX_PAYLOAD (SNAPLEN - 14 - 20 - 20)

#define MAX_STREAMS LAB_TEST_MAX_STREAMS

/* Options are in the section's byte order, which for the lab's captures is little-endian
 * (lab_test_pcapng_blocks checks it). */
static guint16
le16 (const guint8 *p)
{
  return (guint16) (p[0] | (p[1] << 8));
}

static guint16
be16 (const guint8 *p)
{
  return (guint16) ((p[0] << 8) | p[1]);
}

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
}

/* RFC 1071: summing a header with its checksum in place gives 0xffff when it is right. */
static guint32
sum_words (guint32 sum, const guint8 *p, gsize len)
{
  for (gsize i = 0; i + 1 < len; i += 2)
    sum += be16 (p + i);
  if (len % 2 != 0)
    sum += (guint32) p[len - 1] << 8;
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return sum;
}

/* §3.1, through the lab's own pcapng walker, which checks each length at both ends. */
GArray *
lab_test_pcapng_blocks (GBytes *capture)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (capture, &len);
  GArray *blocks = g_array_new (FALSE, FALSE, sizeof (LabPcapngBlock));
  LabPcapngWalker walker;
  LabPcapngBlock block;
  g_autoptr (GError) error = NULL;

  g_assert_true (lab_pcapng_is_pcapng (data, len));
  lab_pcapng_walker_init (&walker, data, len);
  while (lab_pcapng_next_block (&walker, "capture", &block, &error))
    {
      g_assert_false (block.big_endian); /* the lab writes little-endian */
      g_array_append_val (blocks, block);
    }
  g_assert_no_error (error);
  return blocks;
}

/* §3.5: walks options to opt_endofopt and returns the value of `code` (NULL when absent). */
static const guint8 *
find_option (const guint8 *p, gsize len, guint16 code, gsize *value_len)
{
  const guint8 *found = NULL;

  for (gsize off = 0;;)
    {
      guint16 c, l;

      g_assert_cmpuint (len - off, >=, 4);
      c = le16 (p + off);
      l = le16 (p + off + 2);
      if (c == 0)
        {
          g_assert_cmpuint (l, ==, 0);
          g_assert_cmpuint (off + 4, ==, len);
          return found;
        }
      g_assert_cmpuint (off + 4 + ((l + 3u) & ~3u), <=, len);
      if (c == code)
        {
          found = p + off + 4;
          *value_len = l;
        }
      off += 4 + ((l + 3u) & ~3u);
    }
}

void
lab_test_check_section_header (const LabPcapngBlock *b)
{
  gsize n = 0;
  const guint8 *app;

  g_assert_cmphex (b->type, ==, LAB_PCAPNG_SECTION_HEADER);
  g_assert_cmphex (lab_pcapng_u32 (b, 0), ==, LAB_PCAPNG_BYTE_ORDER_MAGIC);
  g_assert_cmpuint (lab_pcapng_u16 (b, 4), ==, 1);
  g_assert_cmpuint (lab_pcapng_u16 (b, 6), ==, 0);
  g_assert_cmphex (lab_pcapng_u32 (b, 8), ==, G_MAXUINT32); /* section length -1: not given */
  g_assert_cmphex (lab_pcapng_u32 (b, 12), ==, G_MAXUINT32);
  app = find_option (b->body + 16, b->body_len - 16, 4, &n);
  g_assert_nonnull (app);
  g_assert_true (n > 14 && memcmp (app, "Handshake Lab ", 14) == 0);
}

void
lab_test_check_interface (const LabPcapngBlock *b)
{
  gsize n = 0;
  const guint8 *resolution;

  g_assert_cmphex (b->type, ==, LAB_PCAPNG_INTERFACE);
  g_assert_cmpuint (lab_pcapng_u16 (b, 0), ==, 1); /* LINKTYPE_ETHERNET */
  g_assert_cmpuint (lab_pcapng_u32 (b, 4), ==, SNAPLEN);
  resolution = find_option (b->body + 8, b->body_len - 8, 9, &n);
  g_assert_nonnull (resolution);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (resolution[0], ==, 6); /* microseconds */
}

void
lab_test_check_secrets (const LabPcapngBlock *b, const char *keylog)
{
  gsize len = strlen (keylog);

  g_assert_cmphex (b->type, ==, LAB_PCAPNG_DECRYPTION_SECRETS);
  g_assert_cmphex (lab_pcapng_u32 (b, 0), ==, LAB_PCAPNG_SECRETS_TLS_KEY_LOG);
  g_assert_cmpuint (lab_pcapng_u32 (b, 4), ==, len);
  g_assert_cmpuint (b->body_len, ==, 8 + ((len + 3) & ~(gsize) 3));
  g_assert_cmpmem (b->body + 8, len, keylog, len);
  for (gsize i = 8 + len; i < b->body_len; i++)
    g_assert_cmpuint (b->body[i], ==, 0);
}

/* §4.3, then Ethernet, IPv4 (checksum verified) and TCP (checksum verified). */
LabTestSegment
lab_test_read_segment (const LabPcapngBlock *b)
{
  LabTestSegment s = { 0 };
  guint32 caplen;
  const guint8 *frame, *ip, *tcp;
  gsize tcp_len, header_len;

  g_assert_cmphex (b->type, ==, LAB_PCAPNG_ENHANCED_PACKET);
  g_assert_cmpuint (lab_pcapng_u32 (b, 0), ==, 0);
  s.time_us = ((guint64) lab_pcapng_u32 (b, 4) << 32) | lab_pcapng_u32 (b, 8);
  caplen = lab_pcapng_u32 (b, 12);
  g_assert_cmpuint (lab_pcapng_u32 (b, 16), ==, caplen);
  g_assert_cmpuint (caplen, <=, SNAPLEN);
  g_assert_cmpuint (b->body_len, >=, 20 + ((caplen + 3) & ~3u));
  frame = b->body + 20;
  if (b->body_len > 20 + ((caplen + 3) & ~3u))
    {
      gsize options = 20 + ((caplen + 3) & ~3u), n = 0;
      const guint8 *comment = find_option (b->body + options, b->body_len - options, 1, &n);

      g_assert_nonnull (comment);
      s.comment = g_strndup ((const char *) comment, n);
    }

  g_assert_cmpuint (caplen, >=, 14 + 20 + 20);
  g_assert_cmphex (be16 (frame + 12), ==, 0x0800);
  ip = frame + 14;
  g_assert_cmphex (ip[0], ==, 0x45);
  g_assert_cmpuint (be16 (ip + 2), ==, caplen - 14);
  g_assert_cmpuint (ip[9], ==, 6);
  g_assert_cmphex (sum_words (0, ip, 20), ==, 0xffff);
  g_assert_cmphex (be32 (ip + 12), ==, 0x7f000001);
  g_assert_cmphex (be32 (ip + 16), ==, 0x7f000001);

  tcp = ip + 20;
  tcp_len = caplen - 14 - 20;
  header_len = (tcp[12] >> 4) * 4u;
  g_assert_cmpuint (header_len, >=, 20);
  g_assert_cmpuint (header_len, <=, tcp_len);
  g_assert_cmphex (sum_words (sum_words (0, ip + 12, 8) + 6 + (guint32) tcp_len, tcp, tcp_len),
                   ==, 0xffff);
  s.src_port = be16 (tcp);
  s.dst_port = be16 (tcp + 2);
  s.seq = be32 (tcp + 4);
  s.ack = be32 (tcp + 8);
  s.flags = tcp[13];
  s.payload = tcp + header_len;
  s.len = tcp_len - header_len;
  return s;
}

/* ---- what the capture must hold, from the trace ---- */

static GBytes *
received_bytes (const LabEvent *e)
{
  GBytes *bytes = e->forwarded != NULL ? e->forwarded : e->bytes;

  return e->kind == LAB_EVENT_RECORD && g_bytes_get_size (bytes) > 0 ? bytes : NULL;
}

/* One TCP connection as the capture has it, or as the trace says it must be. */
typedef struct
{
  guint16 client_port, server_port;
  guint32 next[2];   /* next sequence number of the client, the server */
  gboolean fin[2];
  guint handshake;   /* segments of the three-way handshake seen */
  GByteArray *bytes[2]; /* payload client to server, server to client */
} Stream;

static void
stream_clear (Stream *streams)
{
  for (int i = 0; i < MAX_STREAMS; i++)
    for (int d = 0; d < 2; d++)
      g_byte_array_unref (streams[i].bytes[d]);
}

static void
stream_init (Stream *streams)
{
  memset (streams, 0, sizeof (Stream) * MAX_STREAMS);
  for (int i = 0; i < MAX_STREAMS; i++)
    for (int d = 0; d < 2; d++)
      streams[i].bytes[d] = g_byte_array_new ();
}

/* Each connection's records as the receiver got them; counts the segments they need, the
 * connections and the closes. */
static void
received_streams (LabTrace *trace, Stream *want, guint *segments, guint *connections,
                  guint *closes)
{
  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      GBytes *bytes = received_bytes (e);

      g_assert_cmpuint (e->connection, <, MAX_STREAMS);
      if (e->kind == LAB_EVENT_TCP || bytes != NULL)
        *connections = MAX (*connections, e->connection + 1);
      *closes += e->kind == LAB_EVENT_TCP && g_str_equal (e->name, "close");
      if (bytes == NULL)
        continue;
      g_byte_array_append (want[e->connection].bytes[e->direction == LAB_DIRECTION_SERVER_TO_CLIENT],
                           g_bytes_get_data (bytes, NULL), (guint) g_bytes_get_size (bytes));
      *segments += (guint) ((g_bytes_get_size (bytes) + MAX_PAYLOAD - 1) / MAX_PAYLOAD);
    }
}

/* Follows one segment in its connection: a SYN opens the next connection; then every
 * sequence and acknowledgement number is what the bytes before it make it, the three-way
 * handshake comes first, and no data follows its sender's FIN. */
static void
follow_segment (Stream *streams, guint *n_streams, const LabTestSegment *s,
                LabTestCaptureSummary *summary)
{
  Stream *stream = NULL;
  int from;

  if (s->flags == LAB_TCP_SYN)
    {
      g_assert_cmpuint (*n_streams, <, MAX_STREAMS);
      stream = &streams[(*n_streams)++];
      stream->client_port = s->src_port;
      stream->server_port = s->dst_port;
      /* Wireshark reads the HTTPS port as TLS, whatever other protocols claim others */
      g_assert_cmpuint (s->dst_port, ==, 443);
      stream->next[0] = s->seq;
    }
  for (guint i = 0; stream == NULL && i < *n_streams; i++)
    if ((s->src_port == streams[i].client_port && s->dst_port == streams[i].server_port)
        || (s->dst_port == streams[i].client_port && s->src_port == streams[i].server_port))
      stream = &streams[i];
  g_assert_nonnull (stream);
  from = s->src_port == stream->client_port ? 0 : 1;

  if (stream->handshake == 1)
    {
      g_assert_cmphex (s->flags, ==, LAB_TCP_SYN | LAB_TCP_ACK);
      stream->next[1] = s->seq;
    }
  if (stream->handshake == 2)
    g_assert_cmphex (s->flags, ==, LAB_TCP_ACK);
  stream->handshake = MIN (stream->handshake + 1, 3);

  g_assert_cmpuint (s->seq, ==, stream->next[from]);
  if (s->flags & LAB_TCP_ACK)
    g_assert_cmpuint (s->ack, ==, stream->next[!from]);
  if (s->len > 0)
    {
      g_assert_cmpuint (stream->handshake, ==, 3);
      g_assert_false (stream->fin[from]);
      g_assert_cmphex (s->flags, ==, LAB_TCP_PSH | LAB_TCP_ACK);
      g_byte_array_append (stream->bytes[from], s->payload, (guint) s->len);
      summary->data_segments++;
    }
  else
    summary->control_segments++;
  stream->fin[from] |= (s->flags & LAB_TCP_FIN) != 0;
  summary->fins += (s->flags & LAB_TCP_FIN) != 0;
  stream->next[from] += (guint32) s->len + !!(s->flags & LAB_TCP_SYN) + !!(s->flags & LAB_TCP_FIN);
}

/* Reads the whole capture back: the section, the interface, the secrets (exactly the key
 * log), then each connection's segments, in increasing time, each direction's payload
 * exactly the records its receiver got. */
LabTestCaptureSummary
lab_test_check_capture (LabTrace *trace, GBytes *capture)
{
  g_autoptr (GArray) blocks = lab_test_pcapng_blocks (capture);
  g_autofree char *keylog = lab_export_keylog_text (trace);
  Stream got[MAX_STREAMS], want[MAX_STREAMS];
  LabTestCaptureSummary summary = { 0 };
  guint want_segments = 0, connections = 0, closes = 0, n_streams = 0, first;
  guint64 last_time = 0;

  g_assert_cmpuint (blocks->len, >=, 5);
  lab_test_check_section_header (&g_array_index (blocks, LabPcapngBlock, 0));
  lab_test_check_interface (&g_array_index (blocks, LabPcapngBlock, 1));
  summary.has_secrets = *keylog != '\0';
  if (summary.has_secrets)
    lab_test_check_secrets (&g_array_index (blocks, LabPcapngBlock, 2), keylog);
  first = summary.has_secrets ? 3 : 2;

  stream_init (got);
  stream_init (want);
  for (guint i = first; i < blocks->len; i++)
    {
      LabTestSegment s = lab_test_read_segment (&g_array_index (blocks, LabPcapngBlock, i));

      if (i > first)
        g_assert_cmpuint (s.time_us, >, last_time);
      last_time = s.time_us;
      follow_segment (got, &n_streams, &s, &summary);
      g_assert_true (s.comment == NULL || s.flags == LAB_TCP_SYN);
      if (s.comment != NULL && n_streams == 1)
        g_strlcpy (summary.syn_comment, s.comment, sizeof summary.syn_comment);
      g_free (s.comment);
    }

  received_streams (trace, want, &want_segments, &connections, &closes);
  g_assert_cmpuint (n_streams, ==, connections);
  for (guint c = 0; c < connections; c++)
    for (int d = 0; d < 2; d++)
      g_assert_cmpmem (got[c].bytes[d]->data, got[c].bytes[d]->len, want[c].bytes[d]->data,
                       want[c].bytes[d]->len);
  g_assert_cmpuint (summary.data_segments, ==, want_segments);
  /* each connection's three-way handshake, and a FIN and its ACK for each close */
  g_assert_cmpuint (summary.fins, ==, closes);
  g_assert_cmpuint (summary.control_segments, ==, 3 * connections + 2 * closes);
  summary.client_port = got[0].client_port;
  summary.server_port = got[0].server_port;
  summary.connections = connections;
  for (guint c = 0; c < connections; c++)
    summary.client_ports[c] = got[c].client_port;
  stream_clear (got);
  stream_clear (want);
  return summary;
}
