/* lab-capture-reader.c: from capture file to TCP segments.
 *
 * libpcap reads pcap and pcapng files from a FILE, so the bytes are given to it through
 * fmemopen(): the same path serves a file (mapped), a test's buffer and a fuzzer's
 * input. Every header below the capture record is read with the lab's reader. */
#include "lab-capture-reader.h"
#include "lab-pcapng.h"
#include "tls/lab-error.h"
#include "tls/lab-reader.h"

#include <errno.h>
#include <gio/gio.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <string.h>

#define ETHERTYPE_IPV4 0x0800
#define ETHERTYPE_IPV6 0x86dd
#define IPPROTO_TCP_NUMBER 6

typedef struct
{
  const char *name;
  LabCaptureSegmentFunc func;
  gpointer user_data;
  LabCaptureSummary *summary;
} Reader;

void
lab_capture_summary_clear (LabCaptureSummary *summary)
{
  g_clear_pointer (&summary->format, g_free);
  g_clear_pointer (&summary->link_type_name, g_free);
}

char *
lab_tcp_endpoint_to_string (const LabTcpEndpoint *e)
{
  const guint8 *a = e->address;
  g_autoptr (GInetAddress) address = NULL;
  g_autofree char *text = NULL;

  if (e->family == 4)
    return g_strdup_printf ("%u.%u.%u.%u:%u", a[0], a[1], a[2], a[3], e->port);
  /* RFC 5952 text; brackets set the port apart (RFC 3986 §3.2.2) */
  address = g_inet_address_new_from_bytes (a, G_SOCKET_FAMILY_IPV6);
  text = g_inet_address_to_string (address);
  return g_strdup_printf ("[%s]:%u", text, e->port);
}

gboolean
lab_tcp_endpoint_equal (const LabTcpEndpoint *a, const LabTcpEndpoint *b)
{
  return a->family == b->family && a->port == b->port
         && memcmp (a->address, b->address, a->family == 4 ? 4 : 16) == 0;
}

/* ---- TCP (RFC 793 §3.1) ---- */

static void
read_tcp (Reader *rd, LabTcpSegment *seg, LabReader *r, gboolean cut_short)
{
  guint8 offset_byte, flags;
  LabReader options;

  if (!lab_reader_u16 (r, &seg->src.port) || !lab_reader_u16 (r, &seg->dst.port)
      || !lab_reader_u32 (r, &seg->seq) || !lab_reader_u32 (r, &seg->ack)
      || !lab_reader_u8 (r, &offset_byte) || !lab_reader_u8 (r, &flags)
      || !lab_reader_skip (r, 2 + 2 + 2) /* window, checksum, urgent pointer */
      || (offset_byte >> 4) < 5 || !lab_reader_sub (r, (gsize) (offset_byte >> 4) * 4 - 20, &options))
    {
      rd->summary->skipped++;
      return;
    }
  seg->flags = flags;
  seg->payload = r->base + lab_reader_offset (r);
  seg->payload_len = lab_reader_remaining (r);
  seg->cut_short = cut_short;
  rd->summary->tcp_segments++;
  rd->summary->cut_short += cut_short;
  rd->func (seg, rd->user_data);
}

/* The IP payload: exactly what the IP header says, less when the capture kept less (the
 * snap length), and not the link layer's padding (Ethernet pads to 60 bytes). A length
 * of 0 is what a host capturing its own TCP segmentation offload writes: all of it. */
static gboolean
ip_payload (LabReader *r, gsize claimed, LabReader *payload, gboolean *cut_short)
{
  gsize available = lab_reader_remaining (r);

  *cut_short = claimed > available;
  return lab_reader_sub (r, claimed == 0 || claimed > available ? available : claimed, payload);
}

typedef enum
{
  IP_TCP,
  IP_OTHER,    /* not TCP, or not readable */
  IP_FRAGMENT, /* TCP over fragmented IP is rare and not reassembled */
} IpResult;

/* RFC 791 §3.1 */
static IpResult
read_ipv4 (LabTcpSegment *seg, LabReader *r, LabReader *payload, gboolean *cut_short)
{
  guint8 version_ihl, protocol;
  guint16 total, fragment;
  const guint8 *src, *dst;
  gsize header;

  if (!lab_reader_u8 (r, &version_ihl) || (version_ihl >> 4) != 4 || (version_ihl & 0x0f) < 5
      || !lab_reader_skip (r, 1) || !lab_reader_u16 (r, &total) || !lab_reader_skip (r, 2)
      || !lab_reader_u16 (r, &fragment) || !lab_reader_skip (r, 1)
      || !lab_reader_u8 (r, &protocol) || !lab_reader_skip (r, 2)
      || !lab_reader_bytes (r, 4, &src) || !lab_reader_bytes (r, 4, &dst))
    return IP_OTHER;
  header = (gsize) (version_ihl & 0x0f) * 4;
  if (!lab_reader_skip (r, header - 20) || (total != 0 && total < header))
    return IP_OTHER;
  /* more fragments, or an offset */
  if ((fragment & 0x3fff) != 0)
    return IP_FRAGMENT;
  if (protocol != IPPROTO_TCP_NUMBER
      || !ip_payload (r, total ? total - header : 0, payload, cut_short))
    return IP_OTHER;
  seg->src.family = seg->dst.family = 4;
  memcpy (seg->src.address, src, 4);
  memcpy (seg->dst.address, dst, 4);
  return IP_TCP;
}

/* RFC 8200 §3-4: the fixed header, then extension headers up to TCP. */
static IpResult
read_ipv6 (LabTcpSegment *seg, LabReader *r, LabReader *payload, gboolean *cut_short)
{
  guint8 first, next;
  guint16 length;
  const guint8 *src, *dst;

  if (!lab_reader_u8 (r, &first) || (first >> 4) != 6 || !lab_reader_skip (r, 3)
      || !lab_reader_u16 (r, &length) || !lab_reader_u8 (r, &next) || !lab_reader_skip (r, 1)
      || !lab_reader_bytes (r, 16, &src) || !lab_reader_bytes (r, 16, &dst)
      || !ip_payload (r, length, payload, cut_short))
    return IP_OTHER;
  for (guint hops = 0; next != IPPROTO_TCP_NUMBER; hops++)
    {
      guint8 type = next, ext_len;

      if (type == 44)
        return IP_FRAGMENT;
      /* hop-by-hop (0), routing (43), destination options (60): 8-octet units after the
       * first 8; authentication header (51, RFC 4302): 4-octet units after the first 8 */
      if ((type != 0 && type != 43 && type != 60 && type != 51) || hops > 8
          || !lab_reader_u8 (payload, &next) || !lab_reader_u8 (payload, &ext_len)
          || !lab_reader_skip (payload, type == 51 ? (gsize) ext_len * 4 + 6
                                                   : (gsize) ext_len * 8 + 6))
        return IP_OTHER;
    }
  seg->src.family = seg->dst.family = 6;
  memcpy (seg->src.address, src, 16);
  memcpy (seg->dst.address, dst, 16);
  return IP_TCP;
}

/* IPv4 or IPv6 (version 0: as the first nibble says), then TCP. */
static void
read_ip (Reader *rd, LabTcpSegment *seg, LabReader *r, guint version)
{
  LabReader payload;
  gboolean cut_short = FALSE;
  IpResult result;

  if (version == 0 && lab_reader_remaining (r) > 0)
    version = r->base[lab_reader_offset (r)] >> 4;
  result = version == 6 ? read_ipv6 (seg, r, &payload, &cut_short)
                        : read_ipv4 (seg, r, &payload, &cut_short);
  if (result == IP_TCP)
    {
      read_tcp (rd, seg, &payload, cut_short);
      return;
    }
  rd->summary->fragments += result == IP_FRAGMENT;
  rd->summary->skipped++;
}

static void
read_ethertype (Reader *rd, LabTcpSegment *seg, LabReader *r, guint16 type)
{
  if (type == ETHERTYPE_IPV4 || type == ETHERTYPE_IPV6)
    read_ip (rd, seg, r, type == ETHERTYPE_IPV6 ? 6 : 4);
  else
    rd->summary->skipped++;
}

/* The link layer, by libpcap's DLT_ value. */
static void
read_link (Reader *rd, int link_type, LabTcpSegment *seg, LabReader *r)
{
  guint16 type = 0;
  guint32 family = 0;

  switch (link_type)
    {
    case DLT_EN10MB:
      /* IEEE 802.3: two addresses and an EtherType, after any 802.1Q/802.1ad tags */
      if (!lab_reader_skip (r, 12) || !lab_reader_u16 (r, &type))
        break;
      while (type == 0x8100 || type == 0x88a8 || type == 0x9100)
        if (!lab_reader_skip (r, 2) || !lab_reader_u16 (r, &type))
          break;
      read_ethertype (rd, seg, r, type);
      return;
    case DLT_LINUX_SLL:
      /* packet type, ARPHRD type, address length, 8 address bytes, protocol */
      if (lab_reader_skip (r, 14) && lab_reader_u16 (r, &type))
        read_ethertype (rd, seg, r, type);
      else
        break;
      return;
    case DLT_LINUX_SLL2:
      /* protocol first, then reserved, interface, ARPHRD, type, address length, address */
      if (lab_reader_u16 (r, &type) && lab_reader_skip (r, 18))
        read_ethertype (rd, seg, r, type);
      else
        break;
      return;
    case DLT_NULL:
    case DLT_LOOP:
      /* a 4-byte address family: the writer's byte order for NULL, big-endian for LOOP.
       * The version nibble of what follows says IPv4 or IPv6 whatever AF_INET6 was on
       * the capturing system (10, 24, 28 or 30). */
      if (!lab_reader_u32 (r, &family))
        break;
      read_ip (rd, seg, r, 0);
      return;
    case DLT_RAW:
    case DLT_IPV4:
    case DLT_IPV6:
      read_ip (rd, seg, r, 0);
      return;
    default:
      break;
    }
  rd->summary->skipped++;
}

static gboolean
link_type_supported (int link_type)
{
  static const int supported[] = { DLT_EN10MB, DLT_LINUX_SLL, DLT_LINUX_SLL2, DLT_NULL,
                                   DLT_LOOP,   DLT_RAW,       DLT_IPV4,       DLT_IPV6 };

  for (gsize i = 0; i < G_N_ELEMENTS (supported); i++)
    if (supported[i] == link_type)
      return TRUE;
  return FALSE;
}

/* The pcap magic numbers (both byte orders, micro- and nanosecond) and pcapng's Section
 * Header Block type. */
static const char *
capture_format (const guint8 *data, gsize len)
{
  static const guint32 pcap_magics[] = { 0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1 };
  guint32 magic;

  if (len < 4)
    return NULL;
  magic = (guint32) data[0] << 24 | (guint32) data[1] << 16 | (guint32) data[2] << 8 | data[3];
  if (lab_pcapng_is_pcapng (data, len))
    return "pcapng";
  for (gsize i = 0; i < G_N_ELEMENTS (pcap_magics); i++)
    if (magic == pcap_magics[i])
      return "pcap";
  return NULL;
}

/* What a pcapng block is, for a message that points at it (§4). */
static const char *
block_name (guint32 type)
{
  switch (type)
    {
    case LAB_PCAPNG_SECTION_HEADER:
      return "a Section Header Block";
    case LAB_PCAPNG_INTERFACE:
      return "an Interface Description Block";
    case 4:
      return "a Name Resolution Block";
    case 5:
      return "an Interface Statistics Block";
    case LAB_PCAPNG_DECRYPTION_SECRETS:
      return "a Decryption Secrets Block";
    default:
      return "a block";
    }
}

/* The pcapng block libpcap failed in. libpcap reads past the blocks that are not packets
 * before it returns one, so the file's offset before the read may be that of a block
 * before the damaged one: the damaged block is the first from there that holds the last
 * byte libpcap reached (the end of the file, for a block cut short), or whose framing
 * is itself broken. */
static gsize
damaged_block (const guint8 *data, gsize len, gsize from, gsize reached, guint32 *type)
{
  LabPcapngWalker walker;
  LabPcapngBlock block;

  *type = LAB_PCAPNG_ENHANCED_PACKET;
  lab_pcapng_walker_init (&walker, data, len);
  while (lab_pcapng_next_block (&walker, "", &block, NULL))
    if (block.offset >= from
        && reached < block.offset + block.body_len + LAB_PCAPNG_BLOCK_OVERHEAD)
      {
        *type = block.type;
        return block.offset;
      }
  /* the walker stopped at a block whose framing is broken: that one */
  if (walker.offset + 4 <= len)
    {
      guint32 raw;

      memcpy (&raw, data + walker.offset, 4);
      *type = walker.big_endian ? GUINT32_FROM_BE (raw) : GUINT32_FROM_LE (raw);
    }
  return MAX (walker.offset, from);
}

static gboolean
read_packets (Reader *rd, pcap_t *pcap, FILE *file, const guint8 *data, gsize len,
              GError **error)
{
  int link_type = pcap_datalink (pcap);

  rd->summary->link_type = link_type;
  rd->summary->link_type_name = g_strdup_printf (
    "%s (%s)", pcap_datalink_val_to_name (link_type) ?: "unknown",
    pcap_datalink_val_to_description_or_dlt (link_type));
  if (!link_type_supported (link_type))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_UNSUPPORTED,
                   "%s: link type %s: the lab reads Ethernet, Linux cooked (SLL, SLL2), "
                   "loopback (NULL, LOOP) and raw IP captures",
                   rd->name, rd->summary->link_type_name);
      return FALSE;
    }
  for (;;)
    {
      struct pcap_pkthdr *header;
      const u_char *packet;
      long offset = ftell (file);
      int status = pcap_next_ex (pcap, &header, &packet);
      LabTcpSegment seg = { 0 };
      LabReader r;

      if (status == PCAP_ERROR_BREAK)
        return TRUE;
      if (status != 1)
        {
          guint32 type = LAB_PCAPNG_ENHANCED_PACKET;
          gsize at = (gsize) MAX (offset, 0);
          g_autofree char *what = NULL;

          if (lab_pcapng_is_pcapng (data, len))
            at = damaged_block (data, len, at, (gsize) MAX (ftell (file), 1) - 1, &type);
          what = type == LAB_PCAPNG_ENHANCED_PACKET || type == 2 || type == 3
                   ? g_strdup_printf ("packet %u", rd->summary->packets + 1)
                   : g_strdup_printf ("%s, before packet %u", block_name (type),
                                      rd->summary->packets + 1);
          g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
                       "%s: byte %" G_GSIZE_FORMAT " (%s): %s; the %u packets before it were "
                       "read", rd->name, at, what, pcap_geterr (pcap), rd->summary->packets);
          return FALSE;
        }
      rd->summary->packets++;
      seg.frame = rd->summary->packets;
      /* unsigned: a damaged timestamp wraps instead of overflowing (undefined behaviour) */
      seg.time_us = (gint64) ((guint64) header->ts.tv_sec * G_USEC_PER_SEC
                              + (guint64) header->ts.tv_usec);
      seg.file_offset = (guint64) MAX (offset, 0);
      lab_reader_init (&r, packet, header->caplen);
      read_link (rd, link_type, &seg, &r);
    }
}

gboolean
lab_capture_read (const char *name, const guint8 *data, gsize len, LabCaptureSegmentFunc func,
                  gpointer user_data, LabCaptureSummary *summary, GError **error)
{
  Reader rd = { name, func, user_data, summary };
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  const char *format = capture_format (data, len);
  FILE *file;
  pcap_t *pcap;
  gboolean ok;

  memset (summary, 0, sizeof *summary);
  if (format == NULL)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
                   "%s: byte 0: not a pcap or pcapng capture (%s)", name,
                   len < 4 ? "the file is shorter than a capture's magic number"
                           : "it does not start with a pcap magic number or a pcapng "
                             "Section Header Block");
      return FALSE;
    }
  summary->format = g_strdup (format);
  /* fmemopen only reads here; its prototype takes a writable buffer */
  file = fmemopen ((void *) data, len, "r");
  if (file == NULL)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_IO, "%s: %s", name, g_strerror (errno));
      return FALSE;
    }
  pcap = pcap_fopen_offline_with_tstamp_precision (file, PCAP_TSTAMP_PRECISION_MICRO, errbuf);
  if (pcap == NULL)
    {
      fclose (file);
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
                   "%s: byte 0: the %s file header is not readable: %s", name, format, errbuf);
      return FALSE;
    }
  ok = read_packets (&rd, pcap, file, data, len, error);
  pcap_close (pcap); /* closes the FILE too */
  return ok;
}
