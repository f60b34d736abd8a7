/* lab-cli-listen.c: `handshake-lab listen [--port N] [--address A] [--scenario FILE]
 * [--count N] [--json] [--save DIR]`. */
#include "lab-cli.h"
#include "lab-cli-ladder.h"
#include "engine/export/lab-export.h"
#include "engine/live/lab-listen.h"
#include "engine/pki/lab-pki.h"
#include "engine/pki/lab-user-ca.h"
#include "engine/export/lab-trace-json.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <stdio.h>
#include <unistd.h>

typedef struct
{
  const LabScenario *scenario;
  gboolean json;
  const char *save_dir; /* each connection as a pcapng capture, for the window */
  guint connections;
  guint next_file;      /* the N of the next DIR/connection-N.pcapng */
} Listen;

static void
on_listening (const char *address, guint16 port, gpointer data)
{
  Listen *l = data;
  const char *name = l->scenario->server_name;
  gboolean v6 = strchr (address, ':') != NULL;
  g_autofree char *host = v6 ? g_strdup_printf ("[%s]", address) : g_strdup (address);
  g_autofree char *root = lab_user_ca_root_path ();
  LabCertProfile profile = l->scenario->server.certificate;

  /* stderr, so that stdout stays the traces (JSON lines with --json) */
  fprintf (stderr,
           "handshake-lab listen: listening on https://%s:%u/ as %s (certificate: %s, %s; "
           "signed by the lab's CA, %s)\n"
           "  verify it:  curl --cacert %s --resolve %s:%u:%s https://%s:%u/\n"
           "          or: openssl s_client -connect %s:%u -servername %s -CAfile %s "
           "-verify_hostname %s\n"
           "  trust all:  curl -k https://%s:%u/\n",
           host, port, name, lab_cert_profile_name (profile),
           lab_key_type_name (l->scenario->key_type), root, root, name, port, host, name, port,
           host, port, name, root, name, host, port);
  if (profile != LAB_PROFILE_VALID)
    fprintf (stderr, "handshake-lab listen: the scenario's certificate is %s on purpose: a "
                     "client that checks it refuses it, and the window shows why\n",
             lab_cert_profile_name (profile));
  if (!g_str_has_prefix (address, "127.") && g_strcmp0 (address, "::1") != 0)
    fprintf (stderr, "handshake-lab listen: %s is not loopback: other machines can connect "
                     "(give them the lab's CA: handshake-lab ca --export FILE)\n",
             address);
  fflush (stderr);
}

/* The N past every DIR/connection-N.pcapng there is: a second `listen --save DIR` adds
 * to what the first saved instead of writing over it. */
static guint
first_free_number (const char *dir)
{
  g_autoptr (GDir) folder = g_dir_open (dir, 0, NULL);
  const char *name;
  guint highest = 0;

  while (folder != NULL && (name = g_dir_read_name (folder)) != NULL)
    {
      char *end = NULL;
      guint64 n;

      if (!g_str_has_prefix (name, "connection-"))
        continue;
      n = g_ascii_strtoull (name + strlen ("connection-"), &end, 10);
      if (end != NULL && g_str_equal (end, ".pcapng") && n < G_MAXUINT)
        highest = MAX (highest, (guint) n);
    }
  return highest + 1;
}

/* Writes the capture into a file that did not exist (O_EXCL): a file the user has, or one
 * made since the folder was read, is never overwritten; the next number is tried. */
static char *
save_new_file (Listen *l, GBytes *capture, GError **error)
{
  gsize len;
  const char *data = g_bytes_get_data (capture, &len);

  for (guint tries = 0; tries < 1000; tries++)
    {
      g_autofree char *name = g_strdup_printf ("connection-%u.pcapng", l->next_file++);
      g_autofree char *path = g_build_filename (l->save_dir, name, NULL);
      int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
      gsize done = 0;

      if (fd < 0 && errno == EEXIST)
        continue;
      if (fd < 0)
        {
          int saved = errno;
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", path,
                       g_strerror (saved));
          return NULL;
        }
      while (done < len)
        {
          gssize n = write (fd, data + done, len - done);
          if (n < 0 && errno == EINTR)
            continue;
          if (n <= 0)
            break;
          done += (gsize) n;
        }
      if (close (fd) != 0 || done < len)
        {
          int saved = errno;
          g_unlink (path);
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "writing %s: %s",
                       path, g_strerror (saved));
          return NULL;
        }
      return g_steal_pointer (&path);
    }
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_EXIST, "%s: no free connection-N.pcapng",
               l->save_dir);
  return NULL;
}

/* The capture carries its own key log (a Decryption Secrets Block): the window's Open
 * Capture, Wireshark and `import` open every record of it with no other file. */
static void
save_connection (Listen *l, LabTrace *trace)
{
  g_autoptr (GBytes) capture = lab_export_pcapng_bytes (trace);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = save_new_file (l, capture, &error);

  if (path != NULL)
    fprintf (stderr, "handshake-lab listen: saved connection %u as %s\n", l->connections, path);
  else
    fprintf (stderr, "handshake-lab listen: connection %u not saved: %s\n", l->connections,
             error->message);
  fflush (stderr);
}

static void
on_connection (LabTrace *trace, const char *client, gpointer data)
{
  Listen *l = data;

  l->connections++;
  if (l->json)
    {
      /* one line per connection, so that a reader can take each as it comes */
      g_autoptr (JsonNode) node = lab_trace_to_json (trace, l->scenario);
      g_autoptr (JsonGenerator) generator = json_generator_new ();
      g_autofree char *text = NULL;

      json_object_set_string_member (json_node_get_object (node), "client", client);
      json_generator_set_root (generator, node);
      text = json_generator_to_data (generator, NULL);
      printf ("%s\n", text);
    }
  else
    {
      printf ("Connection %u from %s\n\n", l->connections, client);
      lab_cli_print_ladder (trace);
      lab_cli_print_observed (trace);
      printf ("\n");
    }
  fflush (stdout);
  if (l->save_dir != NULL)
    save_connection (l, trace);
}

int
lab_cli_listen (int argc, char **argv)
{
  gboolean json = FALSE;
  int port = LAB_LISTEN_DEFAULT_PORT, count = 0;
  g_autofree char *address = NULL, *scenario_path = NULL, *save_dir = NULL;
  const GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "The TCP port (default 4433; 0: any free port)",
      "N" },
    { "address", 0, 0, G_OPTION_ARG_STRING, &address,
      "Listen on this IP address instead of 127.0.0.1 (other machines may then connect)", "A" },
    { "scenario", 0, 0, G_OPTION_ARG_FILENAME, &scenario_path,
      "Be the server of this scenario: its certificate profile and switches", "FILE" },
    { "count", 0, 0, G_OPTION_ARG_INT, &count, "Take N connections, then stop once they have ended (default: never stop)",
      "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print each connection's trace as one JSON line",
      NULL },
    { "save", 0, 0, G_OPTION_ARG_FILENAME, &save_dir,
      "Save each connection as DIR/connection-N.pcapng, its key log inside, for the window's "
      "Open Capture or Wireshark (N past the files already there)", "DIR" },
    { NULL },
  };
  g_autoptr (LabScenario) scenario = NULL;
  g_autoptr (GError) error = NULL;
  LabListenOptions options = { 0 };
  Listen l = { 0 };

  if (!lab_cli_parse ("listen", NULL, "Runs the lab's server for real clients (curl, openssl "
                      "s_client, a browser) and shows each connection as it ends. Its "
                      "certificate is signed by the lab's CA (see `handshake-lab ca`), so "
                      "that a client given that CA verifies it. Up to 64 clients are served "
                      "at once, each within the scenario's timeout (10 s without one).",
                      entries, &argc, &argv))
    return LAB_EXIT_USAGE;
  if (argc != 1)
    return lab_cli_usage_error ("listen", "unexpected argument '%s'", argv[1]);
  if (port < 0 || port > 65535)
    return lab_cli_usage_error ("listen", "--port: %d is not a port (0 to 65535)", port);
  if (count < 0)
    return lab_cli_usage_error ("listen", "--count: %d is not a number of connections", count);
  if (save_dir != NULL && !g_file_test (save_dir, G_FILE_TEST_IS_DIR))
    return lab_cli_usage_error ("listen", "--save: %s is not a folder", save_dir);
  scenario = scenario_path ? lab_scenario_load_file (scenario_path, &error)
                           : lab_scenario_load_builtin ("default", &error);
  if (scenario == NULL)
    return lab_cli_usage_error ("listen", "%s", error->message);

  l.scenario = scenario;
  l.json = json;
  l.save_dir = save_dir;
  l.next_file = save_dir ? first_free_number (save_dir) : 1;
  options.scenario = scenario;
  options.address = address;
  options.port = (guint16) port;
  options.count = (guint) count;
  /* the scenario's `timeout`: how long each connection may take */
  options.timeout_ms = scenario->timeout_s * 1000;
  options.listening = on_listening;
  options.connection = on_connection;
  options.user_data = &l;
  if (!lab_listen (&options, &error))
    return lab_cli_usage_error ("listen", "%s", error->message);
  return LAB_EXIT_OK;
}
