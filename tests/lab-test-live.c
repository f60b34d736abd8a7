/* lab-test-live.c: helpers for the tests of the lab against real peers. */
#include "lab-test-live.h"
#include "lab-test-util.h"
#include "lab-test-capture.h"

#include <glib/gstdio.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

guint16
lab_live_free_port (void)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t len = sizeof addr;
  int fd = socket (AF_INET, SOCK_STREAM, 0);

  g_assert_cmpint (bind (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &addr, &len), ==, 0);
  close (fd);
  return ntohs (addr.sin_port);
}

gboolean
lab_live_port_open (guint16 port)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK),
                              .sin_port = htons (port) };
  int fd = socket (AF_INET, SOCK_STREAM, 0);
  gboolean ok = connect (fd, (struct sockaddr *) &addr, sizeof addr) == 0;

  close (fd);
  return ok;
}

char *
lab_live_path (LabLiveFixture *f, const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

/* A self-signed certificate for "localhost", made by openssl req. */
void
lab_live_fixture_set_up (LabLiveFixture *f, gconstpointer data)
{
  const char *kind = data;
  g_autoptr (GError) error = NULL;
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  gboolean rsa = g_strcmp0 (kind, "rsa") == 0;
  int status = 0;

  f->dir = g_dir_make_tmp ("lab-live-XXXXXX", &error);
  g_assert_no_error (error);
  f->cert = lab_live_path (f, "cert.pem");
  f->key = lab_live_path (f, "key.pem");
  if (kind == NULL || openssl == NULL)
    return;
  {
    const char *argv[] = { "openssl", "req", "-x509", "-newkey", rsa ? "rsa:2048" : "ec",
                           "-pkeyopt", rsa ? "rsa_keygen_bits:2048" : "ec_paramgen_curve:P-256",
                           "-nodes", "-keyout", f->key, "-out", f->cert, "-days", "2", "-subj",
                           "/CN=localhost", "-addext", "subjectAltName=DNS:localhost", NULL };
    g_spawn_sync (NULL, (char **) argv, NULL,
                  G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
}

void
lab_live_fixture_tear_down (LabLiveFixture *f, gconstpointer data)
{
  lab_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->cert);
  g_free (f->key);
}

char *
lab_live_private_data_home (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("lab-live-data-XXXXXX", &error);

  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", dir, TRUE);
  return dir;
}

char *
lab_live_ca_root (void)
{
  return g_build_filename (g_getenv ("XDG_DATA_HOME"), "handshake-lab", "ca", "root-ca.pem",
                           NULL);
}

gboolean
lab_live_need (const char *program)
{
  g_autofree char *path = g_find_program_in_path (program);

  if (path == NULL)
    {
      g_autofree char *why = g_strdup_printf ("%s is not installed", program);
      g_test_skip (why);
    }
  return path != NULL;
}

GSubprocess *
lab_live_start_server (guint16 port, const char *const *argv)
{
  g_autoptr (GError) error = NULL;
  GSubprocess *server = g_subprocess_newv (argv,
                                           G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                             | G_SUBPROCESS_FLAGS_STDERR_SILENCE
                                             | G_SUBPROCESS_FLAGS_STDIN_PIPE,
                                           &error);

  g_assert_no_error (error);
  /* a bare connect and close does them no harm */
  for (guint i = 0; i < 100 && !lab_live_port_open (port); i++)
    g_usleep (50 * 1000);
  return server;
}

void
lab_live_stop (GSubprocess *process)
{
  g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, NULL);
  g_object_unref (process);
}

GSubprocess *
lab_live_start_s_server (LabLiveFixture *f, guint16 port, const char *keylog,
                         const char *const *extra)
{
  g_autofree char *accept = g_strdup_printf ("127.0.0.1:%u", port);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  const char *const base[] = { "openssl", "s_server", "-accept", accept, "-cert", f->cert,
                               "-key", f->key, "-www" };

  for (gsize i = 0; i < G_N_ELEMENTS (base); i++)
    g_ptr_array_add (argv, (gpointer) base[i]);
  if (keylog != NULL)
    {
      g_ptr_array_add (argv, "-keylogfile");
      g_ptr_array_add (argv, (gpointer) keylog);
    }
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) extra[i]);
  g_ptr_array_add (argv, NULL);
  return lab_live_start_server (port, (const char *const *) argv->pdata);
}

int
lab_live_run (const char *const *argv, const char *input, char **out)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) process = g_subprocess_newv (
    argv,
    G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE
      | (out ? G_SUBPROCESS_FLAGS_STDOUT_PIPE : G_SUBPROCESS_FLAGS_STDOUT_SILENCE),
    &error);

  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input ? input : "", NULL, out, NULL, &error);
  g_assert_no_error (error);
  return g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : 128;
}

/* ---- key logs and JSON traces ---- */

char *
lab_live_keylog_master (const char *path, const char *client_random)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) words = g_strsplit (lines[i], " ", -1);
      if (g_strv_length (words) == 3 && g_str_equal (words[0], "CLIENT_RANDOM")
          && g_ascii_strcasecmp (words[1], client_random) == 0)
        return g_ascii_strdown (words[2], -1);
    }
  return NULL;
}

JsonObject *
lab_live_parse (JsonParser *parser, const char *text)
{
  g_autoptr (GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

JsonObject *
lab_live_find_event (JsonArray *events, const char *kind, const char *side, const char *name)
{
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *e = json_array_get_object_element (events, i);
      if (g_str_equal (json_object_get_string_member (e, "kind"), kind)
          && (side == NULL || g_str_equal (json_object_get_string_member (e, "side"), side))
          && (name == NULL
              || g_strcmp0 (json_object_get_string_member_with_default (e, "name", NULL), name)
                   == 0))
        return e;
    }
  return NULL;
}

const char *
lab_live_outcome_member (JsonObject *trace, const char *member)
{
  return json_object_get_string_member_with_default (
    json_object_get_object_member (trace, "outcome"), member, NULL);
}

void
lab_live_count_records (JsonObject *trace, guint *protected, guint *opened)
{
  JsonArray *events = json_object_get_array_member (trace, "events");

  *protected = *opened = 0;
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *e = json_array_get_object_element (events, i);

      if (!g_str_equal (json_object_get_string_member (e, "kind"), "record")
          || !json_object_get_boolean_member_with_default (e, "encrypted", FALSE))
        continue;
      (*protected)++;
      if (json_object_has_member (e, "decryption")
          && json_object_get_boolean_member (json_object_get_object_member (e, "decryption"),
                                             "authentic"))
        (*opened)++;
    }
}

void
lab_live_assert_master_secret (JsonObject *trace, const char *side, const char *keylog)
{
  JsonArray *events = json_object_get_array_member (trace, "events");
  JsonObject *hello = lab_live_find_event (events, "message", "client", "ClientHello");
  JsonObject *ms = lab_live_find_event (events, "secret", side, "master_secret");
  g_autofree char *random = NULL, *logged = NULL;
  guint protected, opened;

  g_assert_nonnull (hello);
  g_assert_nonnull (ms);
  random = g_strndup (json_object_get_string_member (hello, "bytes") + 12, 64);
  logged = lab_live_keylog_master (keylog, random);
  g_assert_nonnull (logged);
  g_assert_cmpstr (json_object_get_string_member (ms, "value"), ==, logged);
  lab_live_count_records (trace, &protected, &opened);
  g_assert_cmpuint (protected, >=, 4);
  g_assert_cmpuint (opened, ==, protected);
}

/* ---- the lab's listen ---- */

/* listen's stdout, read on a thread of its own from the start: a JSON trace is tens of
 * kilobytes, and a listen blocked on a full pipe would serve no one. */
static gpointer
read_stdout (gpointer data)
{
  GInputStream *pipe = data;
  GByteArray *out = g_byte_array_new ();
  guint8 buffer[8192];
  gssize n;

  while ((n = g_input_stream_read (pipe, buffer, sizeof buffer, NULL, NULL)) > 0)
    g_byte_array_append (out, buffer, (guint) n);
  return out;
}

GSubprocess *
lab_live_start_listen (guint16 port, const char *const *extra, GDataInputStream **err_stream)
{
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *line = NULL;
  GSubprocess *listen;

  g_ptr_array_add (argv, (gpointer) lab_test_binary ());
  g_ptr_array_add (argv, "listen");
  g_ptr_array_add (argv, "--port");
  g_ptr_array_add (argv, port_text);
  g_ptr_array_add (argv, "--json");
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) extra[i]);
  g_ptr_array_add (argv, NULL);
  listen = g_subprocess_newv ((const char *const *) argv->pdata,
                              G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                              &error);
  g_assert_no_error (error);
  g_object_set_data (G_OBJECT (listen), "stdout-reader",
                     g_thread_new ("listen-stdout", read_stdout,
                                   g_subprocess_get_stdout_pipe (listen)));
  *err_stream = g_data_input_stream_new (g_subprocess_get_stderr_pipe (listen));
  line = g_data_input_stream_read_line_utf8 (*err_stream, NULL, NULL, &error);
  g_assert_no_error (error);
  lab_test_assert_contains (line, "listening on https://127.0.0.1:");
  return listen;
}

char **
lab_live_finish_listen (GSubprocess *listen, GDataInputStream *err_stream, char **err)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GByteArray) out = NULL;
  g_autoptr (GString) rest = g_string_new (NULL);
  char *line;
  char **lines;

  while ((line = g_data_input_stream_read_line_utf8 (err_stream, NULL, NULL, &error)) != NULL)
    {
      g_string_append_printf (rest, "%s\n", line);
      g_free (line);
    }
  g_assert_no_error (error);
  out = g_thread_join (g_object_get_data (G_OBJECT (listen), "stdout-reader"));
  g_subprocess_wait (listen, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("listen said: %s", rest->str);
  g_assert_true (g_subprocess_get_successful (listen));
  g_byte_array_append (out, (const guint8 *) "", 1);
  lines = g_strsplit ((const char *) out->data, "\n", -1);
  /* the last line ends with a newline: no empty line after it */
  if (lines[0] != NULL && g_strv_length (lines) > 0 && *lines[g_strv_length (lines) - 1] == '\0')
    {
      guint last = g_strv_length (lines) - 1;
      g_free (lines[last]);
      lines[last] = NULL;
    }
  if (err != NULL)
    *err = g_string_free (g_steal_pointer (&rest), FALSE);
  g_object_unref (err_stream);
  g_object_unref (listen);
  return lines;
}

/* ---- clients of the lab's listen ---- */

void
lab_live_traces_read (LabLiveTraces *t, char **lines)
{
  t->lines = lines;
  t->n = g_strv_length (lines);
  t->parsers = g_new0 (JsonParser *, t->n);
  t->traces = g_new0 (JsonObject *, t->n);
  for (guint i = 0; i < t->n; i++)
    {
      t->parsers[i] = json_parser_new ();
      t->traces[i] = lab_live_parse (t->parsers[i], lines[i]);
    }
}

void
lab_live_traces_clear (LabLiveTraces *t)
{
  for (guint i = 0; i < t->n; i++)
    g_object_unref (t->parsers[i]);
  g_free (t->parsers);
  g_free (t->traces);
  g_strfreev (t->lines);
}

static char *
connect_text (guint16 port)
{
  return g_strdup_printf ("127.0.0.1:%u", port);
}

/* openssl s_client, a GET, and its answer; extra arguments after the usual ones. */
char *
lab_live_s_client (guint16 port, const char *keylog, const char *const *extra)
{
  g_autofree char *connect = connect_text (port);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  const char *const base[] = { "openssl", "s_client", "-connect", connect, "-servername",
                               "server.handshake.lab", "-ign_eof" };
  char *out = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (base); i++)
    g_ptr_array_add (argv, (gpointer) base[i]);
  if (keylog != NULL)
    {
      g_ptr_array_add (argv, "-keylogfile");
      g_ptr_array_add (argv, (gpointer) keylog);
    }
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) extra[i]);
  g_ptr_array_add (argv, NULL);
  lab_live_run ((const char *const *) argv->pdata, "GET / HTTP/1.0\r\n\r\n", &out);
  return out;
}

/* A TCP connection to the lab's port, from the test itself. */
GSocketConnection *
lab_live_open_raw (guint16 port)
{
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *host = connect_text (port);
  GSocketConnection *connection = g_socket_client_connect_to_host (client, host, 0, NULL, &error);

  g_assert_no_error (error);
  return connection;
}

/* Sends bytes, ends the sending side (FIN), and reads what comes back to the end. */
GBytes *
lab_live_exchange_raw (guint16 port, GBytes *bytes)
{
  g_autoptr (GSocketConnection) connection = lab_live_open_raw (port);
  GSocket *socket = g_socket_connection_get_socket (connection);
  g_autoptr (GByteArray) answer = g_byte_array_new ();
  g_autoptr (GError) error = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  guint8 buffer[4096];
  gssize n;

  g_assert_true (g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                            data, len, NULL, NULL, &error));
  g_assert_no_error (error);
  g_socket_shutdown (socket, FALSE, TRUE, &error);
  g_assert_no_error (error);
  while ((n = g_socket_receive (socket, (char *) buffer, sizeof buffer, NULL, NULL)) > 0)
    g_byte_array_append (answer, buffer, (guint) n);
  return g_byte_array_free_to_bytes (g_steal_pointer (&answer));
}

/* ---- the client's bytes in a saved capture ---- */

LabLiveCaptureView
lab_live_read_capture (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len;
  g_autoptr (GBytes) capture = NULL;
  g_autoptr (GArray) blocks = NULL;
  LabLiveCaptureView view = { g_byte_array_new (), FALSE };

  g_assert_true (g_file_get_contents (path, &data, &len, &error));
  capture = g_bytes_new_take (g_steal_pointer (&data), len);
  blocks = lab_test_pcapng_blocks (capture);
  for (guint i = 0; i < blocks->len; i++)
    {
      const LabPcapngBlock *b = &g_array_index (blocks, LabPcapngBlock, i);
      LabTestSegment s;

      if (b->type != LAB_PCAPNG_ENHANCED_PACKET)
        continue;
      s = lab_test_read_segment (b);
      /* the capture shows the server on port 443 */
      if (s.dst_port == 443)
        {
          g_byte_array_append (view.from_client, s.payload, (guint) s.len);
          view.client_fin |= (s.flags & 0x01) != 0;
        }
      g_free (s.comment);
    }
  return view;
}
