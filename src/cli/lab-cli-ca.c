/* lab-cli-ca.c: `handshake-lab ca [--export FILE] [--export-client-cert FILE
 * --export-client-key FILE]`: the lab's CA that `listen` signs with, for real clients. */
#include "lab-cli.h"
#include "engine/pki/lab-user-ca.h"

#include <openssl/x509.h>
#include <stdio.h>

static char *
date_text (const ASN1_TIME *time)
{
  struct tm tm;
  g_autoptr (GDateTime) dt = NULL;

  if (!ASN1_TIME_to_tm (time, &tm))
    return g_strdup ("?");
  dt = g_date_time_new_from_unix_utc ((gint64) timegm (&tm));
  return dt ? g_date_time_format (dt, "%-d %B %Y") : g_strdup ("?");
}

static void
print_ca (const LabPkiAuthority *ca, gboolean created)
{
  g_autofree char *dir = lab_user_ca_dir ();
  g_autofree char *root = lab_user_ca_root_path ();
  g_autofree char *fingerprint = lab_user_ca_fingerprint (ca->root);
  g_autofree char *until = date_text (X509_get0_notAfter (ca->intermediate));
  char subject[256];

  X509_NAME_oneline (X509_get_subject_name (ca->root), subject, sizeof subject);
  printf ("The lab's CA%s: %s\n"
          "  root:         %s\n"
          "  subject:      %s\n"
          "  fingerprint:  %s\n"
          "  signs until:  %s (its intermediate CA's end)\n\n"
          "`handshake-lab listen` signs its server certificate with it. A client that trusts\n"
          "the root verifies the lab's server for real:\n"
          "  curl --cacert %s --resolve server.handshake.lab:4433:127.0.0.1 \\\n"
          "       https://server.handshake.lab:4433/\n"
          "Its private keys stay in that folder, readable by you alone; only the root\n"
          "certificate leaves it: handshake-lab ca --export FILE.\n",
          created ? " (made just now)" : "", dir, root, subject, fingerprint, until, root);
}

int
lab_cli_ca (int argc, char **argv)
{
  g_autofree char *export_root = NULL, *client_cert = NULL, *client_key = NULL;
  const GOptionEntry entries[] = {
    { "export", 0, 0, G_OPTION_ARG_FILENAME, &export_root,
      "Write the lab's root CA certificate (PEM) to FILE, for curl --cacert, openssl -CAfile "
      "or a browser's certificate settings", "FILE" },
    { "export-client-cert", 0, 0, G_OPTION_ARG_FILENAME, &client_cert,
      "Write a new client certificate the lab's server accepts (for scenarios with "
      "client-certificate = request or require; PEM, with its intermediate CA) to FILE; "
      "needs --export-client-key", "FILE" },
    { "export-client-key", 0, 0, G_OPTION_ARG_FILENAME, &client_key,
      "Write that certificate's private key (PEM, readable by you alone) to FILE", "FILE" },
    { NULL },
  };
  g_autoptr (LabPkiAuthority) ca = NULL;
  g_autoptr (GError) error = NULL;
  gboolean created = FALSE;

  g_autofree char *dir = lab_user_ca_dir ();
  g_autofree char *summary = g_strdup_printf (
    "Shows the lab's CA, made on first use and kept for you in %s: `listen` signs its server "
    "certificate with it, so that real clients given its root can verify the lab's server. "
    "Its private keys never leave that folder; seeded runs never use it. An export never "
    "writes over an existing file.",
    dir);

  if (!lab_cli_parse ("ca", NULL, summary, entries, &argc, &argv))
    return LAB_EXIT_USAGE;
  if (argc != 1)
    return lab_cli_usage_error ("ca", "unexpected argument '%s'", argv[1]);
  if ((client_cert == NULL) != (client_key == NULL))
    return lab_cli_usage_error ("ca", "--export-client-cert and --export-client-key go "
                                      "together: a certificate is no use without its key");
  if ((ca = lab_user_ca_get (&created, &error)) == NULL)
    return lab_cli_usage_error ("ca", "%s", error->message);
  if (export_root == NULL && client_cert == NULL)
    {
      print_ca (ca, created);
      return LAB_EXIT_OK;
    }
  if (export_root != NULL)
    {
      if (!lab_user_ca_export_root (ca, export_root, &error))
        return lab_cli_usage_error ("ca", "%s", error->message);
      printf ("Wrote the lab's root CA to %s: curl --cacert %s ...\n", export_root, export_root);
    }
  if (client_cert != NULL)
    {
      if (!lab_user_ca_export_client (ca, client_cert, client_key, &error))
        return lab_cli_usage_error ("ca", "%s", error->message);
      printf ("Wrote a client certificate to %s and its key to %s: curl --cert %s --key %s "
              "...\n",
              client_cert, client_key, client_cert, client_key);
    }
  return LAB_EXIT_OK;
}
