/* lab-capture-reader.h: the TCP segments of a pcap or pcapng capture.
 *
 * libpcap reads the file (pcap: the libpcap file format, draft-ietf-opsawg-pcap;
 * pcapng: draft-ietf-opsawg-pcapng); the lab peels the link layer (Ethernet with
 * 802.1Q tags, Linux cooked SLL and SLL2, BSD loopback/NULL, raw IP), IPv4 (RFC 791) or
 * IPv6 (RFC 8200) and TCP (RFC 793) with its own bounds-checked reader, and hands each
 * TCP segment on in capture order. Checksums are not checked: captures made on the
 * sending host carry the unfinished checksums of offloading network cards. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TCP header flags (RFC 793 §3.1). */
enum
{
  LAB_TCP_FIN = 0x01,
  LAB_TCP_SYN = 0x02,
  LAB_TCP_RST = 0x04,
  LAB_TCP_PSH = 0x08,
  LAB_TCP_ACK = 0x10,
};

typedef struct
{
  guint8 family;        /* 4 or 6 */
  guint8 address[16];   /* IPv4 in the first 4 bytes */
  guint16 port;
} LabTcpEndpoint;

typedef struct
{
  guint frame;          /* 1-based, as Wireshark numbers packets */
  gint64 time_us;       /* the capture's timestamp, microseconds since the epoch */
  guint64 file_offset;  /* where the packet's record starts in the file */
  LabTcpEndpoint src, dst;
  guint32 seq, ack;
  guint8 flags;
  const guint8 *payload;
  gsize payload_len;
  gboolean cut_short;   /* the capture kept fewer payload bytes than the segment had */
} LabTcpSegment;

typedef struct
{
  char *format;         /* "pcap" or "pcapng" */
  int link_type;        /* DLT_* as libpcap names it */
  char *link_type_name; /* "EN10MB (Ethernet)" */
  guint packets;
  guint tcp_segments;
  guint skipped;        /* neither IPv4 nor IPv6 TCP, or IP fragments */
  guint fragments;
  guint cut_short;
} LabCaptureSummary;

typedef void (*LabCaptureSegmentFunc) (const LabTcpSegment *segment, gpointer user_data);

/* Reads every packet of the capture in data and calls func for each TCP segment. `name`
 * is used in messages. FALSE with an error when the bytes are not a capture the lab
 * reads, or when the file is damaged part-way: then the error names the byte offset and
 * the packet, and the segments before it have been handed on. */
gboolean lab_capture_read (const char *name, const guint8 *data, gsize len,
                           LabCaptureSegmentFunc func, gpointer user_data,
                           LabCaptureSummary *summary, GError **error);

void lab_capture_summary_clear (LabCaptureSummary *summary);

/* "10.0.0.1:443", "[2001:db8::1]:443" */
char *lab_tcp_endpoint_to_string (const LabTcpEndpoint *endpoint);
gboolean lab_tcp_endpoint_equal (const LabTcpEndpoint *a, const LabTcpEndpoint *b);

G_END_DECLS
