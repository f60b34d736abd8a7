#include "lab-pcapng.h"
#include "tls/lab-error.h"

#include <string.h>

/* ---- writing ---- */

gsize
lab_pcapng_begin_block (LabWriter *writer, guint32 type)
{
  gsize start = lab_writer_offset (writer);

  lab_writer_le32 (writer, type);
  lab_writer_le32 (writer, 0); /* the total length, once lab_pcapng_end_block knows it */
  return start;
}

void
lab_pcapng_end_block (LabWriter *writer, gsize start)
{
  guint32 total;

  lab_writer_align (writer, 4);
  total = (guint32) (lab_writer_offset (writer) - start + 4);
  lab_writer_le32 (writer, total);
  lab_store_le32 (writer->out->data + start + 4, total);
}

void
lab_pcapng_option (LabWriter *writer, guint16 code, const void *value, gsize len)
{
  g_return_if_fail (len <= G_MAXUINT16);
  lab_writer_le16 (writer, code);
  lab_writer_le16 (writer, (guint16) len);
  lab_writer_bytes (writer, value, len);
  lab_writer_align (writer, 4);
}

void
lab_pcapng_string_option (LabWriter *writer, guint16 code, const char *value)
{
  lab_pcapng_option (writer, code, value, strlen (value));
}

void
lab_pcapng_end_of_options (LabWriter *writer)
{
  lab_writer_le32 (writer, LAB_PCAPNG_OPT_END_OF_OPTIONS);
}

/* ---- walking ---- */

static guint32
u32_in (const guint8 *p, gboolean big_endian)
{
  return big_endian ? (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3]
                    : (guint32) p[3] << 24 | (guint32) p[2] << 16 | (guint32) p[1] << 8 | p[0];
}

gboolean
lab_pcapng_is_pcapng (const guint8 *data, gsize len)
{
  return len >= 4 && u32_in (data, TRUE) == LAB_PCAPNG_SECTION_HEADER;
}

void
lab_pcapng_walker_init (LabPcapngWalker *walker, const guint8 *data, gsize len)
{
  *walker = (LabPcapngWalker){ data, len, 0, FALSE };
}

gboolean
lab_pcapng_next_block (LabPcapngWalker *walker, const char *source, LabPcapngBlock *block,
                       GError **error)
{
  gsize offset = walker->offset, len = walker->len;
  const guint8 *p;
  guint32 type, length;

  /* an empty file maps to no memory at all: no pointer arithmetic on it */
  if (offset >= len)
    return FALSE;
  p = walker->data + offset;
  if (len - offset < LAB_PCAPNG_BLOCK_OVERHEAD)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
                   "%s: byte %" G_GSIZE_FORMAT ": a pcapng block cut short (%" G_GSIZE_FORMAT
                   " bytes, at least 12 needed)", source, offset, len - offset);
      return FALSE;
    }
  type = u32_in (p, walker->big_endian);
  if (type == LAB_PCAPNG_SECTION_HEADER)
    {
      /* The section's byte order is that of its byte-order magic (§4.1). */
      if (len - offset < 16)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
                       "%s: byte %" G_GSIZE_FORMAT ": a Section Header Block cut short", source,
                       offset);
          return FALSE;
        }
      walker->big_endian = u32_in (p + 8, TRUE) == LAB_PCAPNG_BYTE_ORDER_MAGIC;
      if (!walker->big_endian && u32_in (p + 8, FALSE) != LAB_PCAPNG_BYTE_ORDER_MAGIC)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
                       "%s: byte %" G_GSIZE_FORMAT ": a Section Header Block without the "
                       "byte-order magic 1a2b3c4d", source, offset + 8);
          return FALSE;
        }
    }
  else if (offset == 0)
    return FALSE; /* not pcapng */
  length = u32_in (p + 4, walker->big_endian);
  if (length < LAB_PCAPNG_BLOCK_OVERHEAD || length % 4 != 0 || length > len - offset
      || u32_in (p + length - 4, walker->big_endian) != length)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
                   "%s: byte %" G_GSIZE_FORMAT ": a pcapng block (type 0x%08x) with a bad "
                   "length %u (%" G_GSIZE_FORMAT " bytes remain; the length must be a "
                   "multiple of 4 and repeated at the block's end)",
                   source, offset, type, length, len - offset);
      return FALSE;
    }
  *block = (LabPcapngBlock){ type, offset, p + 8, length - LAB_PCAPNG_BLOCK_OVERHEAD,
                             walker->big_endian };
  walker->offset += length;
  return TRUE;
}

guint32
lab_pcapng_u32 (const LabPcapngBlock *block, gsize at)
{
  g_return_val_if_fail (at + 4 <= block->body_len, 0);
  return u32_in (block->body + at, block->big_endian);
}

guint16
lab_pcapng_u16 (const LabPcapngBlock *block, gsize at)
{
  const guint8 *p = block->body + at;

  g_return_val_if_fail (at + 2 <= block->body_len, 0);
  return block->big_endian ? (guint16) (p[0] << 8 | p[1]) : (guint16) (p[1] << 8 | p[0]);
}
