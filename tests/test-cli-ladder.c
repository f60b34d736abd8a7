/* The ladder as the command line prints it, with text from outside the lab in it: a
 * scenario's title and a real server's certificate subject carrying a newline and an ESC
 * sequence are shown escaped, one step a line, and can neither forge a line of the
 * lab's own ("Outcome: success.") nor drive the terminal (ESC[2J clears the screen). */
#include "lab-test-util.h"
#include "tls/lab-text.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

/* A title a GKeyFile value can carry: "\n" is the key file's own escape, ESC is the raw
 * byte. */
#define FORGED_TITLE "Hello\\nOutcome: success. The handshake completed\x1b[2J"

/* ---- the helper ---- */

static void
test_printable (void)
{
  static const struct
  {
    const char *in, *out;
  } cases[] = {
    { "plain text", "plain text" },
    { "line\nbreak", "line\\nbreak" },
    { "tab\tand\rreturn", "tab\\tand\\rreturn" },
    { "\x1b[2Jclear", "\\x1b[2Jclear" },
    { "del\x7f", "del\\x7f" },
    { "C1 \xc2\x9b" "31m", "C1 \\u009b31m" },                   /* U+009B, CSI */
    { "bidi \xe2\x80\xae" "txt", "bidi \\u202etxt" },           /* U+202E, RLO */
    { "sep \xe2\x80\xa8" "x", "sep \\u2028x" },                 /* U+2028 */
    { "not utf-8 \xff\xfe", "not utf-8 \\xff\\xfe" },
    { "client → server, Grüße", "client → server, Grüße" },
    { "a back\\slash stays", "a back\\slash stays" },
    { "", "" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = lab_text_printable (cases[i].in);
      g_assert_cmpstr (out, ==, cases[i].out);
    }
  g_assert_null (lab_text_printable (NULL));
}

/* ---- what the CLI prints ---- */

/* No ESC byte and no other control character but the line ends; how many lines start
 * with `prefix`. */
static guint
assert_clean_and_count (const char *out, const char *prefix)
{
  g_auto (GStrv) lines = g_strsplit (out, "\n", -1);
  guint n = 0;

  for (const char *p = out; *p != '\0'; p++)
    if ((guchar) *p < 0x20 && *p != '\n')
      {
        g_test_message ("a raw control character 0x%02x in: %s", (guchar) *p, out);
        g_assert_not_reached ();
      }
  for (guint i = 0; lines[i] != NULL; i++)
    n += g_str_has_prefix (lines[i], prefix);
  return n;
}

static void
test_run_title_escaped (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lab-ladder-XXXXXX", NULL);
  g_autofree char *path = lab_test_write_file (dir, "forged.scenario",
                                               "[scenario]\ntitle = " FORGED_TITLE "\nseed = 1\n");
  const char *argv[] = { "run", path, NULL };
  g_autofree char *out = NULL;

  g_assert_cmpint (lab_test_spawn (argv, &out, NULL), ==, 0);
  /* the title is one line, escaped; the only outcome line is the lab's */
  g_assert_true (g_str_has_prefix (out, "Hello\\nOutcome: success. The handshake completed"
                                        "\\x1b[2J\n"));
  g_assert_cmpuint (assert_clean_and_count (out, "Outcome:"), ==, 1);
  lab_test_remove_tree (dir);
}

/* ---- a real server whose certificate's subject forges a line ---- */

static guint16
free_port (void)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t len = sizeof addr;
  int fd = socket (AF_INET, SOCK_STREAM, 0);

  g_assert_cmpint (bind (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &addr, &len), ==, 0);
  close (fd);
  return ntohs (addr.sin_port);
}

static gboolean
port_open (guint16 port)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK),
                              .sin_port = htons (port) };
  int fd = socket (AF_INET, SOCK_STREAM, 0);
  gboolean ok = connect (fd, (struct sockaddr *) &addr, sizeof addr) == 0;

  close (fd);
  return ok;
}

static void
test_connect_subject_escaped (void)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autofree char *dir = g_dir_make_tmp ("lab-ladder-XXXXXX", NULL);
  g_autofree char *cert = g_build_filename (dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (dir, "key.pem", NULL);
  g_autofree char *accept = NULL, *target = NULL, *out = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) server = NULL;
  guint16 port;
  int status = 0;

  if (openssl == NULL)
    {
      g_test_skip ("openssl is not installed");
      return;
    }
  {
    /* openssl req takes the newline and the ESC into the CN as they are */
    const char *argv[] = { "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                           "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", cert,
                           "-days", "2", "-subj",
                           "/CN=evil\nOutcome: success. The handshake completed\x1b[2J",
                           "-addext", "subjectAltName=DNS:localhost", NULL };
    g_spawn_sync (NULL, (char **) argv, NULL,
                  G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  port = free_port ();
  accept = g_strdup_printf ("127.0.0.1:%u", port);
  server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE
                               | G_SUBPROCESS_FLAGS_STDIN_PIPE,
                             &error, "openssl", "s_server", "-accept", accept, "-cert", cert,
                             "-key", key, "-www", NULL);
  g_assert_no_error (error);
  for (guint i = 0; i < 100 && !port_open (port); i++)
    g_usleep (50 * 1000);
  target = g_strdup_printf ("127.0.0.1:%u", port);
  status = lab_test_spawn ((const char *[]){ "connect", target, "--server-name", "localhost",
                                             "--ca-file", cert, NULL },
                           &out, NULL);
  g_subprocess_force_exit (server);
  g_subprocess_wait (server, NULL, NULL);
  g_assert_cmpint (status, ==, 0);
  /* the Certificate step names the leaf on its own line, escaped */
  lab_test_assert_contains (out, "leaf CN=evil\\nOutcome: success. The handshake completed"
                                 "\\x1b[2J\n");
  g_assert_cmpuint (assert_clean_and_count (out, "Outcome:"), ==, 1);
  lab_test_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli-ladder/printable", test_printable);
  g_test_add_func ("/cli-ladder/run-title-escaped", test_run_title_escaped);
  g_test_add_func ("/cli-ladder/connect-subject-escaped", test_connect_subject_escaped);
  return g_test_run ();
}
