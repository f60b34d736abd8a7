/* lab-pcapng.h: the pcapng file format, draft-ietf-opsawg-pcapng: its constants and block
 * layout, written by the exporter (export/lab-export-pcapng.c) and the tests, walked by
 * the key-log reader (lab-keylog.c) and the tests. Packets themselves are read through
 * libpcap (lab-capture-reader.c), which knows pcapng too.
 *
 * §3.1: every block is type, total length, body, total length again; the body is padded
 * to 32 bits. §4.1: the Section Header Block's byte-order magic says the byte order of
 * every block in its section. */
#pragma once

#include <glib.h>

#include "tls/lab-writer.h"

G_BEGIN_DECLS

/* Block types (§3.2, §4), the byte-order magic (§4.1) and the secrets type (§4.7). */
#define LAB_PCAPNG_SECTION_HEADER      0x0A0D0D0Au
#define LAB_PCAPNG_INTERFACE           0x00000001u
#define LAB_PCAPNG_ENHANCED_PACKET     0x00000006u
#define LAB_PCAPNG_DECRYPTION_SECRETS  0x0000000Au
#define LAB_PCAPNG_BYTE_ORDER_MAGIC    0x1A2B3C4Du
#define LAB_PCAPNG_SECRETS_TLS_KEY_LOG 0x544C534Bu /* "TLSK": an NSS key log */

/* Option codes (§3.5, §4.1, §4.2). */
#define LAB_PCAPNG_OPT_END_OF_OPTIONS  0
#define LAB_PCAPNG_OPT_COMMENT         1
#define LAB_PCAPNG_OPT_IF_NAME         2
#define LAB_PCAPNG_OPT_SHB_USER_APPLICATION 4
#define LAB_PCAPNG_OPT_IF_TS_RESOLUTION 9

/* The smallest block: type, two lengths and an empty body. */
#define LAB_PCAPNG_BLOCK_OVERHEAD 12

/* ---- writing (little-endian, as the Section Header Block's magic then says) ---- */

/* Starts a block of `type`; returns where it starts, for lab_pcapng_end_block. */
gsize lab_pcapng_begin_block (LabWriter *writer, guint32 type);
/* Pads the body and writes the total length at both ends. */
void lab_pcapng_end_block (LabWriter *writer, gsize start);
/* One option (§3.5): code, length, value, padding. */
void lab_pcapng_option (LabWriter *writer, guint16 code, const void *value, gsize len);
void lab_pcapng_string_option (LabWriter *writer, guint16 code, const char *value);
void lab_pcapng_end_of_options (LabWriter *writer);

/* ---- walking a file block by block ---- */

/* Whether data starts as a pcapng file does: a Section Header Block, whose type reads the
 * same in both byte orders. */
gboolean lab_pcapng_is_pcapng (const guint8 *data, gsize len);

typedef struct
{
  guint32 type;
  gsize offset;          /* of the block's first byte in the file */
  const guint8 *body;    /* after type and length */
  gsize body_len;        /* without the trailing length */
  gboolean big_endian;   /* the byte order of its section */
} LabPcapngBlock;

typedef struct
{
  const guint8 *data;
  gsize len;
  gsize offset;
  gboolean big_endian;
} LabPcapngWalker;

void lab_pcapng_walker_init (LabPcapngWalker *walker, const guint8 *data, gsize len);
/* The next block. FALSE at the end of the file, or with *error set (its message starting
 * "source: byte N: ...") when a block is damaged, or when the file does not start with a
 * Section Header Block (then with no error: it is not pcapng). */
gboolean lab_pcapng_next_block (LabPcapngWalker *walker, const char *source,
                                LabPcapngBlock *block, GError **error);
/* A 32-bit field of a block's body, in its section's byte order. */
guint32 lab_pcapng_u32 (const LabPcapngBlock *block, gsize at);
guint16 lab_pcapng_u16 (const LabPcapngBlock *block, gsize at);

G_END_DECLS
