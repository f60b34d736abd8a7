/* lab-writer.h: the one writer of bytes, LabReader's twin.
 *
 * A writer appends to a GByteArray it does not own: big-endian integers as TLS and the IP
 * headers want them, little-endian ones for the file formats that choose them (pcap,
 * pcapng), raw bytes and padding. A length-prefixed vector is opened with its prefix left
 * blank and closed once its contents are written: closing fills the prefix in, so no
 * caller counts a length by hand. The store functions change bytes already written (or
 * any buffer) in place: a length or a field patched after the fact. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  GByteArray *out;
} LabWriter;

/* Where a vector opened: the prefix's position and size, for lab_writer_close_vector. */
typedef struct
{
  gsize prefix_at;
  guint prefix_size;
} LabWriterVector;

void lab_writer_init (LabWriter *writer, GByteArray *out);
/* How many bytes the array holds: the offset the next write lands at. */
gsize lab_writer_offset (const LabWriter *writer);

void lab_writer_u8 (LabWriter *writer, guint8 value);
void lab_writer_u16 (LabWriter *writer, guint16 value);
void lab_writer_u24 (LabWriter *writer, guint32 value);
void lab_writer_u32 (LabWriter *writer, guint32 value);
void lab_writer_u64 (LabWriter *writer, guint64 value);
void lab_writer_le16 (LabWriter *writer, guint16 value);
void lab_writer_le32 (LabWriter *writer, guint32 value);
void lab_writer_bytes (LabWriter *writer, const void *data, gsize len);
void lab_writer_zeros (LabWriter *writer, gsize len);
/* Zeros until the offset is a multiple of `alignment`. */
void lab_writer_align (LabWriter *writer, guint alignment);

/* Opens a vector with a big-endian length prefix of prefix_size bytes (1, 2 or 3). */
LabWriterVector lab_writer_open_vector (LabWriter *writer, guint prefix_size);
/* Fills the vector's prefix with the number of bytes written since it opened. The
 * contents must fit the prefix (a programming error otherwise). */
void lab_writer_close_vector (LabWriter *writer, LabWriterVector vector);

/* In place, at p. */
void lab_store_u16 (guint8 *p, guint16 value);
void lab_store_u24 (guint8 *p, guint32 value);
void lab_store_le32 (guint8 *p, guint32 value);

G_END_DECLS
