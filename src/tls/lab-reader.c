#include "lab-reader.h"

void
lab_reader_init (LabReader *reader, const guint8 *data, gsize len)
{
  /* An empty GBytes has no data pointer; NULL + 0 is undefined behaviour in C. */
  reader->base = data != NULL ? data : (const guint8 *) "";
  reader->pos = 0;
  reader->limit = len;
}

gsize
lab_reader_offset (const LabReader *reader)
{
  return reader->pos;
}

gsize
lab_reader_remaining (const LabReader *reader)
{
  return reader->limit - reader->pos;
}

gboolean
lab_reader_at_end (const LabReader *reader)
{
  return reader->pos == reader->limit;
}

static gboolean
read_uint (LabReader *reader, guint size, guint64 *out)
{
  guint64 v = 0;

  if (lab_reader_remaining (reader) < size)
    return FALSE;
  for (guint i = 0; i < size; i++)
    v = (v << 8) | reader->base[reader->pos + i];
  reader->pos += size;
  *out = v;
  return TRUE;
}

gboolean
lab_reader_u8 (LabReader *reader, guint8 *out)
{
  guint64 v;

  if (!read_uint (reader, 1, &v))
    return FALSE;
  *out = (guint8) v;
  return TRUE;
}

gboolean
lab_reader_u16 (LabReader *reader, guint16 *out)
{
  guint64 v;

  if (!read_uint (reader, 2, &v))
    return FALSE;
  *out = (guint16) v;
  return TRUE;
}

gboolean
lab_reader_u24 (LabReader *reader, guint32 *out)
{
  guint64 v;

  if (!read_uint (reader, 3, &v))
    return FALSE;
  *out = (guint32) v;
  return TRUE;
}

gboolean
lab_reader_u32 (LabReader *reader, guint32 *out)
{
  guint64 v;

  if (!read_uint (reader, 4, &v))
    return FALSE;
  *out = (guint32) v;
  return TRUE;
}

gboolean
lab_reader_u64 (LabReader *reader, guint64 *out)
{
  return read_uint (reader, 8, out);
}

gboolean
lab_reader_bytes (LabReader *reader, gsize len, const guint8 **out)
{
  if (lab_reader_remaining (reader) < len)
    return FALSE;
  *out = reader->base + reader->pos;
  reader->pos += len;
  return TRUE;
}

gboolean
lab_reader_skip (LabReader *reader, gsize len)
{
  if (lab_reader_remaining (reader) < len)
    return FALSE;
  reader->pos += len;
  return TRUE;
}

gboolean
lab_reader_sub (LabReader *reader, gsize len, LabReader *sub)
{
  if (lab_reader_remaining (reader) < len)
    return FALSE;
  sub->base = reader->base;
  sub->pos = reader->pos;
  sub->limit = reader->pos + len;
  reader->pos += len;
  return TRUE;
}

gboolean
lab_reader_vector (LabReader *reader, guint prefix_size, LabReader *sub, gsize *length_out)
{
  LabReader probe = *reader;
  guint64 len;

  g_return_val_if_fail (prefix_size >= 1 && prefix_size <= 3, FALSE);

  if (!read_uint (&probe, prefix_size, &len))
    return FALSE;
  if (length_out != NULL)
    *length_out = (gsize) len;
  if (!lab_reader_sub (&probe, (gsize) len, sub))
    return FALSE;
  *reader = probe;
  return TRUE;
}
