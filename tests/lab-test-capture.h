/* lab-test-capture.h: captures in the tests. A lab run written as a classic pcap file in
 * several link types, with TCP behaving or misbehaving (for the capture reader), and a
 * pcapng export read back block by block and segment by segment, every length, checksum,
 * sequence number and payload checked against the trace (for the exporter). Both go
 * through the lab's own writer and pcapng walker (tls/lab-writer.h,
 * engine/capture/lab-pcapng.h); tshark, in the tests that use these, is the outside
 * oracle. */
#pragma once

#include <glib.h>

#include "engine/capture/lab-capture-reader.h"
#include "engine/capture/lab-pcapng.h"
#include "engine/trace/lab-trace.h"

G_BEGIN_DECLS

#define LAB_TEST_MAX_STREAMS 4 /* TCP connections in one capture: the lab makes at most two */

/* ---- writing a run as a pcap file ---- */

/* The link types the pcap writer frames packets for (libpcap's LINKTYPE_ numbers). */
enum
{
  LAB_TEST_LINK_NULL = 0,
  LAB_TEST_LINK_ETHERNET = 1,
  LAB_TEST_LINK_RAW = 101,
  LAB_TEST_LINK_SLL = 113,
};

typedef enum
{
  LAB_TEST_TCP_PLAIN,
  LAB_TEST_TCP_MISBEHAVING, /* out of order, retransmitted, overlapping */
} LabTestTcpStyle;

/* The run's records as a capture: three-way handshake, the records of each direction in
 * the order they crossed (cut into segments of awkward sizes), FINs. */
GBytes *lab_test_trace_to_pcap (LabTrace *trace, guint32 link, gboolean ipv6,
                                LabTestTcpStyle style);

/* ---- reading a pcapng export back ---- */

/* One Enhanced Packet Block's TCP segment. */
typedef struct
{
  guint16 src_port, dst_port;
  guint32 seq, ack;
  guint8 flags;
  guint64 time_us;
  const guint8 *payload;
  gsize len;
  char *comment; /* opt_comment, or NULL */
} LabTestSegment;

typedef struct
{
  guint16 client_port, server_port;
  guint data_segments;
  guint control_segments;
  guint fins;
  guint connections;
  guint16 client_ports[LAB_TEST_MAX_STREAMS];
  char syn_comment[512]; /* the first connection's SYN's, "" when none */
  gboolean has_secrets;
} LabTestCaptureSummary;

/* The blocks of a capture (LabPcapngBlock, pointing into it). */
GArray *lab_test_pcapng_blocks (GBytes *capture);
void lab_test_check_section_header (const LabPcapngBlock *b);
void lab_test_check_interface (const LabPcapngBlock *b);
/* The Decryption Secrets Block holds exactly this key log. */
void lab_test_check_secrets (const LabPcapngBlock *b, const char *keylog);
/* The segment in an Enhanced Packet Block, its IPv4 and TCP checksums verified; free
 * its comment. */
LabTestSegment lab_test_read_segment (const LabPcapngBlock *b);
/* Reads the whole capture back: the section, the interface, the secrets (exactly the key
 * log), then each connection's segments in increasing time, each direction's payload
 * exactly the records its receiver got. */
LabTestCaptureSummary lab_test_check_capture (LabTrace *trace, GBytes *capture);

G_END_DECLS
