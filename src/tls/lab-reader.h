/* lab-reader.h: the one bounds-checked reader for untrusted bytes.
 *
 * A reader is a cursor and a limit over a buffer it does not own. Every read checks
 * what is left and fails without moving when there is not enough. A length-prefixed
 * vector opens a sub-reader whose limit is the vector's end; the caller checks it ends
 * exactly at zero with lab_reader_at_end(). Offsets are absolute within the buffer the
 * first reader was opened on, so a field's offset can be shown against the whole record.
 * (The design follows s2n-tls's stuffer and BearSSL's decoders.) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const guint8 *base; /* the buffer the outermost reader was opened on */
  gsize pos;          /* absolute offset of the cursor */
  gsize limit;        /* absolute offset one past the last readable byte */
} LabReader;

void lab_reader_init (LabReader *reader, const guint8 *data, gsize len);

gsize lab_reader_offset (const LabReader *reader);
gsize lab_reader_remaining (const LabReader *reader);
gboolean lab_reader_at_end (const LabReader *reader);

gboolean lab_reader_u8 (LabReader *reader, guint8 *out);
gboolean lab_reader_u16 (LabReader *reader, guint16 *out);
gboolean lab_reader_u24 (LabReader *reader, guint32 *out);
gboolean lab_reader_u32 (LabReader *reader, guint32 *out);
gboolean lab_reader_u64 (LabReader *reader, guint64 *out);

/* Points *out at the next len bytes (no copy) and moves past them. */
gboolean lab_reader_bytes (LabReader *reader, gsize len, const guint8 **out);
gboolean lab_reader_skip (LabReader *reader, gsize len);

/* Reads a length prefix of prefix_size bytes (1, 2 or 3), checks the vector fits, opens
 * *sub over exactly that many bytes and moves reader past them. On failure neither
 * moves, and *length_out (if given) still says the length the prefix claimed. */
gboolean lab_reader_vector (LabReader *reader, guint prefix_size, LabReader *sub,
                            gsize *length_out);

/* A sub-reader over the next len bytes; reader moves past them. */
gboolean lab_reader_sub (LabReader *reader, gsize len, LabReader *sub);

G_END_DECLS
