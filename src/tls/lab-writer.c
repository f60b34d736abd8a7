#include "lab-writer.h"

#include <string.h>

void
lab_writer_init (LabWriter *writer, GByteArray *out)
{
  writer->out = out;
}

gsize
lab_writer_offset (const LabWriter *writer)
{
  return writer->out->len;
}

/* The low `size` bytes of value, most significant first. */
static void
write_be (LabWriter *writer, guint64 value, guint size)
{
  guint8 b[8];

  for (guint i = 0; i < size; i++)
    b[i] = (guint8) (value >> (8 * (size - 1 - i)));
  g_byte_array_append (writer->out, b, size);
}

static void
write_le (LabWriter *writer, guint64 value, guint size)
{
  guint8 b[8];

  for (guint i = 0; i < size; i++)
    b[i] = (guint8) (value >> (8 * i));
  g_byte_array_append (writer->out, b, size);
}

void
lab_writer_u8 (LabWriter *writer, guint8 value)
{
  g_byte_array_append (writer->out, &value, 1);
}

void
lab_writer_u16 (LabWriter *writer, guint16 value)
{
  write_be (writer, value, 2);
}

void
lab_writer_u24 (LabWriter *writer, guint32 value)
{
  g_return_if_fail (value <= 0xffffff);
  write_be (writer, value, 3);
}

void
lab_writer_u32 (LabWriter *writer, guint32 value)
{
  write_be (writer, value, 4);
}

void
lab_writer_u64 (LabWriter *writer, guint64 value)
{
  write_be (writer, value, 8);
}

void
lab_writer_le16 (LabWriter *writer, guint16 value)
{
  write_le (writer, value, 2);
}

void
lab_writer_le32 (LabWriter *writer, guint32 value)
{
  write_le (writer, value, 4);
}

void
lab_writer_bytes (LabWriter *writer, const void *data, gsize len)
{
  g_return_if_fail (len <= G_MAXUINT);
  if (len > 0)
    g_byte_array_append (writer->out, data, (guint) len);
}

void
lab_writer_zeros (LabWriter *writer, gsize len)
{
  gsize at = writer->out->len;

  g_return_if_fail (len <= G_MAXUINT - at);
  g_byte_array_set_size (writer->out, (guint) (at + len));
  memset (writer->out->data + at, 0, len);
}

void
lab_writer_align (LabWriter *writer, guint alignment)
{
  gsize rest = writer->out->len % alignment;

  if (rest != 0)
    lab_writer_zeros (writer, alignment - rest);
}

LabWriterVector
lab_writer_open_vector (LabWriter *writer, guint prefix_size)
{
  LabWriterVector vector = { writer->out->len, prefix_size };

  g_return_val_if_fail (prefix_size >= 1 && prefix_size <= 3, vector);
  lab_writer_zeros (writer, prefix_size);
  return vector;
}

void
lab_writer_close_vector (LabWriter *writer, LabWriterVector vector)
{
  gsize length = writer->out->len - vector.prefix_at - vector.prefix_size;
  guint8 *p = writer->out->data + vector.prefix_at;

  g_return_if_fail (length < ((gsize) 1 << (8 * vector.prefix_size)));
  for (guint i = 0; i < vector.prefix_size; i++)
    p[i] = (guint8) (length >> (8 * (vector.prefix_size - 1 - i)));
}

void
lab_store_u16 (guint8 *p, guint16 value)
{
  p[0] = (guint8) (value >> 8);
  p[1] = (guint8) value;
}

void
lab_store_u24 (guint8 *p, guint32 value)
{
  p[0] = (guint8) (value >> 16);
  p[1] = (guint8) (value >> 8);
  p[2] = (guint8) value;
}

void
lab_store_le32 (guint8 *p, guint32 value)
{
  for (guint i = 0; i < 4; i++)
    p[i] = (guint8) (value >> (8 * i));
}
