/* make-corpus.c: the fuzzers' seed corpus, cut from real runs of the lab.
 *
 *   make-corpus SOURCE_DIR OUT_DIR
 *
 * Runs a few seeded scenarios (so every run gives the same bytes) and writes, under
 * OUT_DIR/NAME/ for each fuzz target: the records of each direction, every kind of
 * handshake message, the certificates, protected records with the keys that open them,
 * the run as pcapng and as pcap, its key log, hex text; and copies a few of the shipped
 * scenario and lesson files. tools/fuzz --make-corpus runs it into tests/fuzz/corpus. */
#include "lab-fuzz.h"

#include "engine/export/lab-export.h"
#include "engine/session/lab-session.h"
#include "tls/lab-hex.h"

#include <glib/gstdio.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEED 1

typedef struct
{
  const char *name;
  const char *text; /* a scenario's text; NULL: the built-in scenario `name` */
} Run;

static const Run runs[] = {
  { "default", NULL },
  { "mac-then-encrypt", NULL },
  { "flip-application-data-chacha20", NULL },
  { "dhe-ffdhe3072", NULL },
  { "client-certificate-valid", NULL },
  { "resume-session-id", NULL },
  { "expired-certificate", NULL },
  { "missing-intermediate", NULL },
  { "weak-key-certificate", NULL },
  { "no-shared-cipher-suite", NULL },
  { "flip-finished", NULL },
  { "man-in-the-middle", NULL },
  { "rsa", "[scenario]\ntitle = RSA key exchange\n[client]\ncipher-suites = AES256-GCM-SHA384\n"
           "[server]\nkey-type = rsa-2048\n" },
  { "ccm8", "[scenario]\ntitle = CCM8\n[client]\ncipher-suites = AES128-CCM8\n"
            "[server]\ncipher-suites = AES128-CCM8\nkey-type = rsa-2048\n" },
  { "cbc-sha256", "[scenario]\ntitle = CBC, encrypt-then-MAC\n[client]\n"
                  "cipher-suites = AES128-SHA256\nencrypt-then-mac = true\n"
                  "[server]\nkey-type = rsa-2048\n" },
};

/* Shipped files copied as they are: every group and key of both formats appears. */
static const char *const scenario_files[] = {
  "default", "expired-certificate", "client-certificate-valid", "resume-ticket",
  "tamper-remove-named-suite", "tamper-set-key-share", "tamper-strip-client-extension",
  "tamper-rewrite-version", "downgrade-suite", "man-in-the-middle", "dhe-ffdhe3072",
  "signature-algorithms-mismatch",
};
static const char *const lesson_files[] = {
  "01-the-handshake-at-a-glance", "02-hello", "03-extensions", "04-certificates-and-trust",
};

static const char *out_dir;
static GHashTable *written; /* contents already written, per target: no duplicate seeds */

static void
save (const char *target, const char *name, const guint8 *data, gsize len)
{
  g_autofree char *dir = g_build_filename (out_dir, target, NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *hex = lab_hex_encode (data, len);
  g_autofree char *key = g_strconcat (target, ":", hex, NULL);
  g_autoptr (GError) error = NULL;

  if (!g_hash_table_add (written, g_steal_pointer (&key)))
    return;
  g_mkdir_with_parents (dir, 0755);
  if (!g_file_set_contents (path, (const char *) data, (gssize) len, &error))
    g_error ("%s", error->message);
}

static void
save_bytes (const char *target, const char *name, GBytes *bytes)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  save (target, name, data, len);
}

/* Dissector options byte (see lab_fuzz_dissect_options) for a suite, as close as the
 * sixteen slots allow. */
static guint8
options_byte (const LabCipherSuite *suite, gboolean encrypted, gboolean etm)
{
  guint8 best = 0;

  for (guint8 slot = 1; slot < 16 && suite != NULL; slot++)
    if (lab_fuzz_dissect_options (slot).suite == suite)
      best = slot;
  return best | (encrypted ? 0x10 : 0) | (etm ? 0x20 : 0);
}

/* Hex text as people paste it: one run of digits (Wireshark's "copy as hex stream"), or
 * spaced pairs, sixteen to a line, as in a textbook. */
static void
save_hex (const char *name, const guint8 *data, gsize len, gboolean spaced)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (text, "%02x%s", data[i],
                            !spaced ? "" : i % 16 == 15 ? "\n" : " ");
  g_string_append_c (text, '\n');
  save ("hex", name, (const guint8 *) text->str, text->len);
}

static const LabCipherSuite *
negotiated_suite (LabTrace *trace)
{
  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      const guint8 *data;
      gsize len, offset;

      if (e->kind != LAB_EVENT_MESSAGE || g_strcmp0 (e->name, "ServerHello") != 0)
        continue;
      data = g_bytes_get_data (e->bytes, &len);
      /* header 4, version 2, random 32, session_id<0..32>, cipher_suite 2 */
      offset = 4 + 2 + 32;
      if (len < offset + 1 || len < offset + 1 + data[offset] + 2)
        return NULL;
      offset += 1 + data[offset];
      return lab_cipher_suite_lookup ((guint16) (data[offset] << 8 | data[offset + 1]));
    }
  return NULL;
}

static void
save_records (const Run *run, LabTrace *trace, const LabCipherSuite *suite)
{
  for (LabDirection d = LAB_DIRECTION_CLIENT_TO_SERVER; d <= LAB_DIRECTION_SERVER_TO_CLIENT; d++)
    for (int encrypted = 0; encrypted <= 1; encrypted++)
      {
        g_autoptr (GByteArray) all = g_byte_array_new ();
        g_autofree char *name = g_strdup_printf ("%s-%s%s", run->name,
                                                 d == LAB_DIRECTION_CLIENT_TO_SERVER ? "c2s"
                                                                                     : "s2c",
                                                 encrypted ? "-protected" : "");
        guint8 options = options_byte (suite, encrypted, FALSE);

        g_byte_array_append (all, &options, 1);
        for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
          {
            const LabEvent *e = lab_trace_get_event (trace, i);
            gsize len;
            const guint8 *data;

            if (e->kind != LAB_EVENT_RECORD || e->direction != d || e->connection != 0
                || e->encrypted != encrypted)
              continue;
            data = g_bytes_get_data (e->bytes, &len);
            g_byte_array_append (all, data, (guint) len);
          }
        if (all->len > 1)
          save ("records", name, all->data, all->len);
        if (!encrypted && all->len > 1)
          save_hex (name, all->data + 1, MIN (all->len - 1, 600),
                    d == LAB_DIRECTION_SERVER_TO_CLIENT);
      }
}

static void
save_message_and_certificates (const Run *run, const LabEvent *e, const LabCipherSuite *suite)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (e->bytes, &len);
  g_autofree guint8 *prefixed = g_malloc (len + 1);
  g_autofree char *name = g_strdup_printf ("%s-%s", run->name, e->name);

  prefixed[0] = options_byte (suite, FALSE, FALSE);
  memcpy (prefixed + 1, data, len);
  save ("message", name, prefixed, len + 1);
  if (g_str_equal (e->name, "Certificate") && len >= 7)
    {
      gsize offset = 7; /* header 4, certificate_list length 3 */
      guint n = 0;

      while (offset + 3 <= len)
        {
          gsize cert_len = (gsize) data[offset] << 16 | data[offset + 1] << 8 | data[offset + 2];
          g_autofree char *cert_name = g_strdup_printf ("%s-%s-%u", run->name,
                                                        lab_side_name (e->side), n++);

          if (offset + 3 + cert_len > len)
            break;
          save ("certificate", cert_name, data + offset + 3, cert_len);
          offset += 3 + cert_len;
        }
    }
}

static GBytes *
find_secret (LabTrace *trace, guint connection, const char *name)
{
  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);

      if (e->kind == LAB_EVENT_SECRET && e->connection == connection
          && g_strcmp0 (e->name, name) == 0)
        return e->bytes;
    }
  return NULL;
}

static void
append_secret (GByteArray *out, LabTrace *trace, guint connection, const char *sender,
               const char *part)
{
  g_autofree char *name = g_strdup_printf ("%s_write_%s", sender, part);
  GBytes *value = find_secret (trace, connection, name);

  if (value != NULL)
    g_byte_array_append (out, g_bytes_get_data (value, NULL), (guint) g_bytes_get_size (value));
}

/* Protected records that the lab opened, with the sender's keys: the decrypt target's
 * input (see fuzz-decrypt.c). */
static void
save_protected (const Run *run, LabTrace *trace)
{
  guint n = 0;

  for (guint i = 0; i < lab_trace_get_n_events (trace) && n < 3; i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      const LabRecordDecryption *d = e->decryption;
      const char *sender = e->direction == LAB_DIRECTION_CLIENT_TO_SERVER ? "client" : "server";
      g_autoptr (GByteArray) input = g_byte_array_new ();
      g_autofree char *name = NULL;
      guint8 head[10] = { 0 };
      int slot = -1;

      if (e->kind != LAB_EVENT_RECORD || d == NULL || !d->authentic)
        continue;
      for (guint k = 0; k < G_N_ELEMENTS (lab_fuzz_decrypt_suites); k++)
        if (lab_cipher_suite_lookup_name (lab_fuzz_decrypt_suites[k]) == d->suite)
          slot = (int) k;
      if (slot < 0)
        return;
      head[0] = (guint8) slot;
      head[1] = d->encrypt_then_mac ? 1 : 0;
      for (int b = 0; b < 8; b++)
        head[2 + b] = (guint8) (d->seq >> (56 - 8 * b));
      g_byte_array_append (input, head, sizeof head);
      append_secret (input, trace, e->connection, sender, "mac_key");
      append_secret (input, trace, e->connection, sender, "key");
      append_secret (input, trace, e->connection, sender, "iv");
      g_byte_array_append (input, g_bytes_get_data (e->bytes, NULL),
                           (guint) g_bytes_get_size (e->bytes));
      name = g_strdup_printf ("%s-%u", run->name, n++);
      save ("decrypt", name, input->data, input->len);
    }
}

/* The same packets as a classic pcap file, through libpcap: NAME.pcap, and, when the
 * run got as far as a master secret, NAME-keylog.pcap with the run's key log after
 * LAB_FUZZ_KEYLOG_MARK (a pcap file has no room for it; see fuzz-capture.c). */
static void
save_pcap (const Run *run, GBytes *pcapng, const char *keylog)
{
  char errbuf[PCAP_ERRBUF_SIZE];
  g_autofree char *tmp_in = NULL, *tmp_out = NULL, *contents = NULL;
  g_autofree char *name = g_strdup_printf ("%s.pcap", run->name);
  int fd_in = g_file_open_tmp ("corpus-XXXXXX.pcapng", &tmp_in, NULL);
  int fd_out = g_file_open_tmp ("corpus-XXXXXX.pcap", &tmp_out, NULL);
  pcap_t *reader;
  pcap_dumper_t *dumper;
  struct pcap_pkthdr *header;
  const u_char *packet;
  gsize len;

  g_assert_cmpint (fd_in, >=, 0);
  g_assert_cmpint (fd_out, >=, 0);
  close (fd_in);
  close (fd_out);
  g_assert_true (g_file_set_contents (tmp_in, g_bytes_get_data (pcapng, NULL),
                                      (gssize) g_bytes_get_size (pcapng), NULL));
  reader = pcap_open_offline (tmp_in, errbuf);
  g_assert_nonnull (reader);
  dumper = pcap_dump_open (reader, tmp_out);
  g_assert_nonnull (dumper);
  while (pcap_next_ex (reader, &header, &packet) == 1)
    pcap_dump ((u_char *) dumper, header, packet);
  pcap_dump_close (dumper);
  pcap_close (reader);
  g_assert_true (g_file_get_contents (tmp_out, &contents, &len, NULL));
  save ("capture", name, (const guint8 *) contents, len);
  if (*keylog != '\0')
    {
      g_autoptr (GByteArray) input = g_byte_array_new ();
      g_autofree char *keylog_name = g_strdup_printf ("%s-keylog.pcap", run->name);

      g_byte_array_append (input, (const guint8 *) contents, (guint) len);
      g_byte_array_append (input, (const guint8 *) LAB_FUZZ_KEYLOG_MARK,
                           strlen (LAB_FUZZ_KEYLOG_MARK));
      g_byte_array_append (input, (const guint8 *) keylog, strlen (keylog));
      save ("capture", keylog_name, input->data, input->len);
    }
  g_unlink (tmp_in);
  g_unlink (tmp_out);
}

static void
save_run (const Run *run, LabTrace *trace)
{
  const LabCipherSuite *suite = negotiated_suite (trace);
  g_autoptr (GBytes) pcapng = lab_export_pcapng_bytes (trace);
  g_autofree char *keylog = lab_export_keylog_text (trace);
  g_autofree char *pcapng_name = g_strdup_printf ("%s.pcapng", run->name);

  save_records (run, trace, suite);
  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);

      if (e->kind == LAB_EVENT_MESSAGE && e->sent && e->connection == 0)
        save_message_and_certificates (run, e, suite);
    }
  save_protected (run, trace);
  save_bytes ("capture", pcapng_name, pcapng);
  save_pcap (run, pcapng, keylog);
  if (*keylog != '\0')
    save ("keylog", run->name, (const guint8 *) keylog, strlen (keylog));
}

static void
copy_file (const char *target, const char *path)
{
  g_autofree char *contents = NULL;
  g_autofree char *name = g_path_get_basename (path);
  gsize len;
  g_autoptr (GError) error = NULL;

  if (!g_file_get_contents (path, &contents, &len, &error))
    g_error ("%s", error->message);
  save (target, name, (const guint8 *) contents, len);
}

/* What no run writes but readers meet: comments, TLS 1.3 labels, CRLF, odd spacing. */
static const char keylog_by_hand[] =
  "# SSL/TLS secrets log file, generated by NSS\r\n"
  "CLIENT_HANDSHAKE_TRAFFIC_SECRET 00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff "
  "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100\r\n"
  "RSA 0011223344556677 "
  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f\r\n"
  "CLIENT_RANDOM   AABBCCDDEEFF00112233445566778899AABBCCDDEEFF00112233445566778899  "
  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f\n"
  "\n";

int
main (int argc, char **argv)
{
  if (argc != 3)
    {
      fprintf (stderr, "usage: make-corpus SOURCE_DIR OUT_DIR\n");
      return 2;
    }
  out_dir = argv[2];
  written = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (LabScenario) scenario
          = runs[i].text ? lab_scenario_load_data (runs[i].name, runs[i].text,
                                                   strlen (runs[i].text), &error)
                         : lab_scenario_load_builtin (runs[i].name, &error);
      LabSessionOptions options = { .has_seed = TRUE, .seed = SEED };
      g_autoptr (LabTrace) trace = NULL;

      if (scenario == NULL)
        g_error ("%s", error->message);
      trace = lab_session_run (scenario, &options, &error);
      if (trace == NULL)
        g_error ("%s: %s", runs[i].name, error->message);
      save_run (&runs[i], trace);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (scenario_files); i++)
    {
      g_autofree char *file = g_strconcat (scenario_files[i], ".scenario", NULL);
      g_autofree char *path = g_build_filename (argv[1], "lessons", "scenarios", file, NULL);
      copy_file ("scenario", path);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (lesson_files); i++)
    {
      g_autofree char *file = g_strconcat (lesson_files[i], ".lesson", NULL);
      g_autofree char *path = g_build_filename (argv[1], "lessons", file, NULL);
      copy_file ("lesson", path);
    }
  save ("keylog", "by-hand", (const guint8 *) keylog_by_hand, strlen (keylog_by_hand));
  g_hash_table_unref (written);
  return 0;
}
