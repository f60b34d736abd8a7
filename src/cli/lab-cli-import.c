/* lab-cli-import.c: `handshake-lab import CAPTURE [--keylog FILE] [--json]`. */
#include "lab-cli.h"
#include "lab-cli-ladder.h"
#include "lab-cli-options.h"
#include "engine/capture/lab-import.h"
#include "engine/export/lab-trace-json.h"
#include "tls/lab-text.h"

#include <stdio.h>

static JsonNode *
import_to_json (const LabImport *import)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "capture");
  json_builder_begin_object (b);
  lab_json_add_string (b, "source", import->source);
  lab_json_add_string (b, "format", import->capture.format);
  lab_json_add_string (b, "link_type", import->capture.link_type_name);
  json_builder_set_member_name (b, "packets");
  json_builder_add_int_value (b, import->capture.packets);
  json_builder_set_member_name (b, "tcp_segments");
  json_builder_add_int_value (b, import->capture.tcp_segments);
  json_builder_set_member_name (b, "other_connections");
  json_builder_add_int_value (b, import->other_connections);
  lab_json_add_string (b, "damage", import->damage ? import->damage->message : NULL);
  json_builder_set_member_name (b, "warnings");
  json_builder_begin_array (b);
  for (guint i = 0; i < import->warnings->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (import->warnings, i));
  json_builder_end_array (b);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "connections");
  json_builder_begin_array (b);
  for (guint i = 0; i < import->connections->len; i++)
    {
      const LabImportedConnection *c = g_ptr_array_index (import->connections, i);

      json_builder_begin_object (b);
      lab_json_add_string (b, "client", c->client);
      lab_json_add_string (b, "server", c->server);
      json_builder_set_member_name (b, "first_frame");
      json_builder_add_int_value (b, c->first_frame);
      json_builder_set_member_name (b, "decrypted");
      json_builder_add_boolean_value (b, c->decrypted);
      json_builder_set_member_name (b, "master_secret_found");
      json_builder_add_boolean_value (b, c->has_master_secret);
      json_builder_set_member_name (b, "protected_records");
      json_builder_add_int_value (b, c->protected_records);
      json_builder_set_member_name (b, "records_opened");
      json_builder_add_int_value (b, c->opened_records);
      json_builder_set_member_name (b, "trace");
      json_builder_add_value (b, lab_trace_to_json (c->trace, NULL));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* What the key log did for a connection, after its header line's comma. */
static char *
key_log_words (const LabImportedConnection *c)
{
  if (c->decrypted)
    return g_strdup (", opened with the key log");
  if (!c->has_master_secret)
    return g_strdup ("");
  if (c->opened_records == 0)
    return g_strdup_printf (", not opened: the key log's master secret for it opens none of its "
                            "%u protected records",
                            c->protected_records);
  return g_strdup_printf (", opened with the key log: %u of its %u protected records",
                          c->opened_records, c->protected_records);
}

static void
print_import (const LabImport *import)
{
  g_autofree char *source = lab_text_printable (import->source);

  printf ("%s: %s, %s, %u packets, %u TLS connection%s\n", source, import->capture.format,
          import->capture.link_type_name, import->capture.packets, import->connections->len,
          import->connections->len == 1 ? "" : "s");
  for (guint i = 0; i < import->connections->len; i++)
    {
      const LabImportedConnection *c = g_ptr_array_index (import->connections, i);

      g_autofree char *keys = key_log_words (c);

      printf ("\nConnection %u: client %s → server %s, from frame %u%s\n\n", i + 1, c->client,
              c->server, c->first_frame, keys);
      lab_cli_print_ladder (c->trace);
      lab_cli_print_observed (c->trace);
    }
  if (import->connections->len == 0)
    printf ("\nNo TLS connection in this capture.\n");
}

int
lab_cli_import (int argc, char **argv)
{
  gboolean json = FALSE;
  g_autofree char *keylog_path = NULL;
  const GOptionEntry entries[] = {
    { "keylog", 0, 0, G_OPTION_ARG_FILENAME, &keylog_path,
      "The NSS key log (SSLKEYLOGFILE) with the connections' master secrets", "FILE" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print every connection's trace as JSON", NULL },
    { NULL },
  };
  g_autoptr (LabImport) import = NULL;
  g_autoptr (GError) error = NULL;

  if (!lab_cli_parse ("import", "CAPTURE", "Opens a pcap or pcapng capture and shows each TLS "
                      "connection in it as the lab shows its own runs. With the key log the "
                      "browser or server wrote, every protected record is opened too.",
                      entries, &argc, &argv))
    return LAB_EXIT_USAGE;
  if (argc != 2)
    return lab_cli_usage_error ("import", "expected one capture file, got %d", argc - 1);

  import = lab_import_file (argv[1], keylog_path, &error);
  if (import == NULL)
    return lab_cli_usage_error ("import", "%s", error->message);
  if (json)
    {
      g_autoptr (JsonNode) node = import_to_json (import);
      lab_cli_print_json (node);
    }
  else
    print_import (import);
  for (guint i = 0; i < import->warnings->len; i++)
    lab_cli_error ("import", "warning: %s", (const char *) g_ptr_array_index (import->warnings, i));
  /* What was read is shown; the damage still makes this a bad input. */
  if (import->damage != NULL)
    return lab_cli_usage_error ("import", "%s", import->damage->message);
  return LAB_EXIT_OK;
}
