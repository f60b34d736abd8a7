/* lab-text.c: see lab-text.h. */
#include "lab-text.h"

#include <string.h>

/* Characters a terminal acts on, or that reorder or break the line around them. */
static gboolean
needs_escape (gunichar c)
{
  return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == 0x2028 || c == 0x2029
         || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

static void
append_escape (GString *out, gunichar c)
{
  switch (c)
    {
    case '\n':
      g_string_append (out, "\\n");
      return;
    case '\r':
      g_string_append (out, "\\r");
      return;
    case '\t':
      g_string_append (out, "\\t");
      return;
    default:
      if (c < 0x80)
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_printf (out, "\\u%04x", c);
    }
}

char *
lab_text_printable (const char *text)
{
  GString *out;
  const char *p, *end;

  if (text == NULL)
    return NULL;
  end = text + strlen (text);
  out = g_string_sized_new ((gsize) (end - text));
  for (p = text; p < end;)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02x", (guint8) *p);
          p++;
          continue;
        }
      if (needs_escape (c))
        append_escape (out, c);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
      p = g_utf8_next_char (p);
    }
  return g_string_free (out, FALSE);
}
