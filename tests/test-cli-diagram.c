/* `handshake-lab diagram`: PNG, SVG and PDF of the ladder, drawn without a display. */
#include "lab-test-util.h"

#include <glib/gstdio.h>
#include <string.h>

static char *
output_path (const char *name)
{
  g_autofree char *dir = g_dir_make_tmp ("lab-diagram-XXXXXX", NULL);

  return g_build_filename (dir, name, NULL);
}

/* Runs `diagram -o path` with no display and returns the file's contents. */
static GBytes *
draw (const char *name, const char *extra)
{
  g_autofree char *path = output_path (name);
  const char *argv[] = { "diagram", "--seed", "3", "-o", path, extra, NULL };
  g_autofree char *contents = NULL;
  gsize len;

  g_unsetenv ("DISPLAY");
  g_unsetenv ("WAYLAND_DISPLAY");
  g_assert_cmpint (lab_test_spawn (argv, NULL, NULL), ==, 0);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 1000);
  return g_bytes_new_take (g_steal_pointer (&contents), len);
}

static void
test_diagram_svg_names_messages (void)
{
  g_autoptr (GBytes) svg = draw ("ladder.svg", NULL);
  const char *text = g_bytes_get_data (svg, NULL);

  g_assert_nonnull (g_strstr_len (text, 400, "<svg"));
  g_assert_nonnull (strstr (text, "<title>A healthy handshake"));
  for (const char *const *name = (const char *const[]){ "ClientHello", "ServerHello",
                                                         "Certificate", "ServerKeyExchange",
                                                         "ClientKeyExchange", "Finished",
                                                         NULL };
       *name != NULL; name++)
    g_assert_nonnull (strstr (text, *name));
}

/* The PDF's subject is the ladder as text, UTF-16BE in hex as cairo writes it. */
static void
test_diagram_pdf_names_messages (void)
{
  g_autoptr (GBytes) pdf = draw ("ladder.pdf", NULL);
  gsize len;
  const char *data = g_bytes_get_data (pdf, &len);
  const char *subject = NULL, *end;
  g_autoptr (GString) text = g_string_new (NULL);

  g_assert_true (g_str_has_prefix (data, "%PDF-"));
  for (gsize i = 0; i + 10 < len && subject == NULL; i++)
    if (memcmp (data + i, "/Subject <", 10) == 0)
      subject = data + i + 10;
  g_assert_nonnull (subject);
  end = memchr (subject, '>', len - (gsize) (subject - data));
  g_assert_nonnull (end);
  for (const char *p = subject + 4; p + 4 <= end; p += 4)
    {
      char unit[5] = { p[0], p[1], p[2], p[3], 0 };
      g_string_append_unichar (text, (gunichar) g_ascii_strtoull (unit, NULL, 16));
    }
  g_assert_nonnull (strstr (text->str, "3. ClientHello, client to server"));
  g_assert_nonnull (strstr (text->str, "ServerHelloDone"));
}

static void
test_diagram_png_is_a_picture (void)
{
  g_autoptr (GBytes) png = draw ("ladder.png", "--dark");
  gsize len;
  const guint8 *data = g_bytes_get_data (png, &len);
  guint32 width, height;

  g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);
  width = GUINT32_FROM_BE (*(const guint32 *) (data + 16));
  height = GUINT32_FROM_BE (*(const guint32 *) (data + 20));
  g_assert_cmpuint (width, >=, 600);
  g_assert_cmpuint (height, >, width); /* a ladder is tall */
  g_assert_cmpuint (len, >, 20000);    /* text and arrows, not a blank page */
}

static void
test_diagram_usage_errors (void)
{
  const char *no_output[] = { "diagram", NULL };
  const char *bad_format[] = { "diagram", "-o", "ladder.gif", NULL };
  const char *missing[] = { "diagram", "/nonexistent.scenario", "-o", "x.png", NULL };
  g_autofree char *err = NULL;

  g_assert_cmpint (lab_test_spawn (no_output, NULL, NULL), ==, 2);
  g_assert_cmpint (lab_test_spawn (bad_format, NULL, &err), ==, 2);
  g_assert_nonnull (strstr (err, ".png, .svg or .pdf"));
  g_assert_cmpint (lab_test_spawn (missing, NULL, NULL), ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/diagram/svg-names-messages", test_diagram_svg_names_messages);
  g_test_add_func ("/cli/diagram/pdf-names-messages", test_diagram_pdf_names_messages);
  g_test_add_func ("/cli/diagram/png-is-a-picture", test_diagram_png_is_a_picture);
  g_test_add_func ("/cli/diagram/usage-errors", test_diagram_usage_errors);
  return g_test_run ();
}
