/* `handshake-lab diagram`: PNG, SVG and PDF of the ladder, drawn without a display, as
 * one tall picture or as 16:9 slides, with the outcome, with or without the steps a
 * failed run never reached. The PDFs are read with poppler's pdfinfo and pdftotext. */
#include "lab-test-util.h"

#include <glib/gstdio.h>
#include <string.h>

static char *
output_path (const char *name)
{
  g_autofree char *dir = g_dir_make_tmp ("lab-diagram-XXXXXX", NULL);

  return g_build_filename (dir, name, NULL);
}

/* Runs `diagram --seed 3 -o DIR/name EXTRA...` with no display and returns the file's
 * path (a run's exit status 1, a scenario's [expect] not met, counts: the picture is
 * written all the same). */
static char *
draw_file (const char *name, const char *const *extra)
{
  char *path = output_path (name);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  int status;

  g_ptr_array_add (argv, (char *) "diagram");
  for (const char *const *e = extra; e != NULL && *e != NULL; e++)
    g_ptr_array_add (argv, (char *) *e);
  g_ptr_array_add (argv, (char *) "--seed");
  g_ptr_array_add (argv, (char *) "3");
  g_ptr_array_add (argv, (char *) "-o");
  g_ptr_array_add (argv, path);
  g_ptr_array_add (argv, NULL);
  g_unsetenv ("DISPLAY");
  g_unsetenv ("WAYLAND_DISPLAY");
  status = lab_test_spawn ((const char *const *) argv->pdata, NULL, NULL);
  g_assert_cmpint (status, ==, 0);
  return path;
}

static GBytes *
read_file (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 1000);
  return g_bytes_new_take (g_steal_pointer (&contents), len);
}

/* Runs `diagram -o path` with no display and returns the file's contents. */
static GBytes *
draw (const char *name, const char *extra)
{
  g_autofree char *path = draw_file (name, (const char *const[]){ extra, NULL });

  return read_file (path);
}

static char *
scenario_path (const char *name)
{
  return g_build_filename (lab_test_source_dir (), "lessons", "scenarios", name, NULL);
}

static void
png_size (GBytes *png, guint32 *width, guint32 *height)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (png, &len);

  g_assert_cmpuint (len, >, 24);
  g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);
  *width = GUINT32_FROM_BE (*(const guint32 *) (data + 16));
  *height = GUINT32_FROM_BE (*(const guint32 *) (data + 20));
}

/* The output of a poppler tool, or NULL (the test skipped) when it is not installed. */
static char *
poppler (const char *tool, const char *const *args)
{
  g_autofree char *program = g_find_program_in_path (tool);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  char *out = NULL;
  int status;

  if (program == NULL)
    {
      g_test_skip ("poppler-utils is not installed (tools/packages.txt)");
      return NULL;
    }
  g_ptr_array_add (argv, program);
  for (const char *const *a = args; *a != NULL; a++)
    g_ptr_array_add (argv, (char *) *a);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* The words on one page of a PDF. */
static char *
pdf_page_text (const char *pdf, guint page)
{
  g_autofree char *number = g_strdup_printf ("%u", page);

  return poppler ("pdftotext", (const char *const[]){ "-f", number, "-l", number, pdf, "-",
                                                      NULL });
}

static guint
pdf_pages (const char *info)
{
  const char *pages = strstr (info, "Pages:");

  g_assert_nonnull (pages);
  return (guint) g_ascii_strtoull (pages + strlen ("Pages:"), NULL, 10);
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

/* A slide as PNG is one 1920x1080 picture, the outcome at its foot. */
static void
test_diagram_slide_png_is_1920x1080 (void)
{
  g_autofree char *path = draw_file ("slide.png", (const char *const[]){ "--slide", NULL });
  g_autoptr (GBytes) png = read_file (path);
  guint32 width, height;

  png_size (png, &width, &height);
  g_assert_cmpuint (width, ==, 1920);
  g_assert_cmpuint (height, ==, 1080);
  g_assert_cmpuint (g_bytes_get_size (png), >, 20000);
}

/* A long run (a full handshake, then a second connection resuming it) as slides: 16:9
 * pages, more than one, every page with the title, the outcome on the last page only. */
static void
test_diagram_slides_pdf_pages (void)
{
  g_autofree char *scenario = scenario_path ("resume-ticket.scenario");
  g_autofree char *pdf = draw_file ("slides.pdf",
                                    (const char *const[]){ "--slide", scenario, NULL });
  g_autofree char *info = poppler ("pdfinfo", (const char *const[]){ "-f", "1", "-l", "99", pdf,
                                                                     NULL });
  g_autoptr (GBytes) bytes = read_file (pdf);
  static const char box[] = "/MediaBox [ 0 0 960 540 ]";
  gsize len;
  const char *raw = g_bytes_get_data (bytes, &len);
  guint pages, boxes = 0;

  if (info == NULL)
    return;
  pages = pdf_pages (info);
  g_assert_cmpuint (pages, >, 1);
  /* pdfinfo names each page's size; 960x540 points is 16:9 */
  for (guint page = 1; page <= pages; page++)
    {
      g_autofree char *line = g_strdup_printf ("Page %4u size:  960 x 540 pts", page);
      g_autofree char *text = pdf_page_text (pdf, page);

      g_assert_nonnull (strstr (info, line));
      g_assert_nonnull (strstr (text, "Resuming a session with a ticket"));
      g_assert_true ((strstr (text, "Outcome: success") != NULL) == (page == pages));
    }
  /* and the file's own page boxes say the same */
  for (gsize i = 0; i + strlen (box) <= len; i++)
    boxes += memcmp (raw + i, box, strlen (box)) == 0;
  g_assert_cmpuint (boxes, ==, pages);
}

/* --hide-unsent: a failed run's picture has no "never sent" step; without it, it has. */
static void
test_diagram_hide_unsent (void)
{
  g_autofree char *scenario = scenario_path ("expired-certificate.scenario");
  g_autofree char *with_path = draw_file ("all.svg", (const char *const[]){ scenario, NULL });
  g_autofree char *without_path
    = draw_file ("sent.svg", (const char *const[]){ "--hide-unsent", scenario, NULL });
  g_autofree char *slides_path = draw_file (
    "sent.pdf", (const char *const[]){ "--slide", "--hide-unsent", scenario, NULL });
  g_autoptr (GBytes) with = read_file (with_path);
  g_autoptr (GBytes) without = read_file (without_path);
  g_autofree char *slides = poppler ("pdftotext", (const char *const[]){ slides_path, "-",
                                                                          NULL });

  g_assert_nonnull (strstr (g_bytes_get_data (with, NULL), "never sent"));
  g_assert_null (strstr (g_bytes_get_data (without, NULL), "never sent"));
  g_assert_nonnull (strstr (g_bytes_get_data (without, NULL), "Alert: certificate_expired"));
  if (slides == NULL)
    return;
  g_assert_null (strstr (slides, "never sent"));
  g_assert_nonnull (strstr (slides, "certificate_expired"));
}

/* The tall picture carries the outcome too, drawn under the ladder: the alert, who sent
 * it, OpenSSL's verdict and why, as `run` prints them. */
static void
test_diagram_tall_has_outcome (void)
{
  g_autofree char *scenario = scenario_path ("expired-certificate.scenario");
  g_autofree char *pdf = draw_file ("ladder.pdf", (const char *const[]){ scenario, NULL });
  g_autofree char *text = poppler ("pdftotext", (const char *const[]){ "-raw", pdf, "-", NULL });

  if (text == NULL)
    return;
  g_assert_nonnull (strstr (text, "Outcome: alert certificate_expired (45), sent by the client"));
  g_assert_nonnull (strstr (text, "certificate verification failed: certificate has expired"));
  g_assert_nonnull (strstr (text, "Why: The server's certificate"));
}

static void
test_diagram_usage_errors (void)
{
  const char *no_output[] = { "diagram", NULL };
  const char *bad_format[] = { "diagram", "-o", "ladder.gif", NULL };
  const char *missing[] = { "diagram", "/nonexistent.scenario", "-o", "x.png", NULL };
  const char *slide_width[] = { "diagram", "--slide", "--width", "500", "-o", "x.png", NULL };
  g_autofree char *err = NULL;
  g_autofree char *slide_err = NULL;

  g_assert_cmpint (lab_test_spawn (no_output, NULL, NULL), ==, 2);
  g_assert_cmpint (lab_test_spawn (bad_format, NULL, &err), ==, 2);
  g_assert_nonnull (strstr (err, ".png, .svg or .pdf"));
  g_assert_cmpint (lab_test_spawn (missing, NULL, NULL), ==, 2);
  g_assert_cmpint (lab_test_spawn (slide_width, NULL, &slide_err), ==, 2);
  g_assert_nonnull (strstr (slide_err, "--width does not go with --slide"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/diagram/svg-names-messages", test_diagram_svg_names_messages);
  g_test_add_func ("/cli/diagram/pdf-names-messages", test_diagram_pdf_names_messages);
  g_test_add_func ("/cli/diagram/png-is-a-picture", test_diagram_png_is_a_picture);
  g_test_add_func ("/cli/diagram/slide-png-is-1920x1080", test_diagram_slide_png_is_1920x1080);
  g_test_add_func ("/cli/diagram/slides-pdf-pages", test_diagram_slides_pdf_pages);
  g_test_add_func ("/cli/diagram/hide-unsent", test_diagram_hide_unsent);
  g_test_add_func ("/cli/diagram/tall-has-outcome", test_diagram_tall_has_outcome);
  g_test_add_func ("/cli/diagram/usage-errors", test_diagram_usage_errors);
  return g_test_run ();
}
