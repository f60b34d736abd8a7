#include "lab-hex.h"
#include "lab-error.h"

char *
lab_hex_encode (const guint8 *data, gsize len)
{
  static const char digits[] = "0123456789abcdef";
  char *out = g_malloc (len * 2 + 1);

  for (gsize i = 0; i < len; i++)
    {
      out[2 * i] = digits[data[i] >> 4];
      out[2 * i + 1] = digits[data[i] & 0x0f];
    }
  out[len * 2] = '\0';
  return out;
}

char *
lab_hex_encode_bytes (GBytes *bytes)
{
  gsize len = 0;
  const guint8 *data = bytes ? g_bytes_get_data (bytes, &len) : NULL;

  return lab_hex_encode (data, len);
}

GBytes *
lab_hex_decode (const char *text, GError **error)
{
  g_autoptr (GByteArray) out = g_byte_array_new ();
  int high = -1;
  gsize high_offset = 0;

  for (gsize i = 0; text[i] != '\0'; i++)
    {
      char c = text[i];
      int v = g_ascii_xdigit_value (c);

      if (g_ascii_isspace (c) || c == ':')
        continue;
      if (v < 0)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
                       "not a hexadecimal digit at offset %" G_GSIZE_FORMAT ": '%c'", i,
                       g_ascii_isprint (c) ? c : '?');
          return NULL;
        }
      if (high < 0)
        {
          high = v;
          high_offset = i;
        }
      else
        {
          guint8 b = (guint8) ((high << 4) | v);
          g_byte_array_append (out, &b, 1);
          high = -1;
        }
    }
  if (high >= 0)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
                   "odd number of hexadecimal digits: the digit at offset %" G_GSIZE_FORMAT
                   " has no partner",
                   high_offset);
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}
