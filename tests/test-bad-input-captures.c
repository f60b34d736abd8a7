/* Bad input, catalogued: captures, key logs and the bytes given to dissect,
 * decrypt-record and derive, run through the real binary. Each gets exit status 2 and one
 * exact message naming the file and byte offset (or line, or option), and what was
 * readable is still shown: a damaged capture shows the connections before the damage. */
#include "lab-test-bad-input.h"
#include "engine/capture/lab-pcapng.h"
#include "engine/export/lab-export.h"

#define A_KEY "00112233445566778899aabbccddeeff"
#define A_RECORD "170303001c000000000000000000112233445566778899aabbccddeeff00112233"

static const LabBadInput rows[] = {
  /* ---- key logs, read with a capture the lab made ---- */
  { "keylog/bad-hex", "hex.keylog", "CLIENT_RANDOM zz112233 0011\n", 0,
    { "import", "{dir}/run.pcapng", "--keylog", "{dir}/hex.keylog" },
    "handshake-lab import: {dir}/hex.keylog:1: the client random is not hexadecimal: "
    "'zz112233'" },
  { "keylog/short-master-secret", "short.keylog",
    "# a comment\nCLIENT_RANDOM " A_KEY A_KEY " " A_KEY A_KEY "00112233445566778899aabbccddee\n",
    0, { "import", "{dir}/run.pcapng", "--keylog", "{dir}/short.keylog" },
    "handshake-lab import: {dir}/short.keylog:2: the master secret is 47 bytes, not 48" },
  { "keylog/missing-field", "field.keylog", "CLIENT_RANDOM " A_KEY A_KEY "\n", 0,
    { "import", "{dir}/run.pcapng", "--keylog", "{dir}/field.keylog" },
    "handshake-lab import: {dir}/field.keylog:1: expected LABEL <hex> <hex> (like CLIENT_RANDOM "
    "<client random> <master secret>), found 'CLIENT_RANDOM " A_KEY "00112233445566'" },
  { "keylog/missing-file", NULL, NULL, 0,
    { "import", "{dir}/run.pcapng", "--keylog", "{dir}/nope.keylog" },
    "handshake-lab import: Failed to open file “{dir}/nope.keylog”: No such file or directory" },

  { "keylog/directory", NULL, NULL, 0,
    { "import", "{dir}/run.pcapng", "--keylog", "{dir}" },
    "handshake-lab import: {dir}: is a directory, not a key log file" },
  /* never read: a FIFO would wait for a writer, a device never end */
  { "keylog/fifo", NULL, NULL, 0,
    { "import", "{dir}/run.pcapng", "--keylog", "{dir}/keys.fifo" },
    "handshake-lab import: {dir}/keys.fifo: not a regular file (a FIFO); a key log is read only "
    "from a regular file", .fifo = "keys.fifo" },
  { "keylog/device", NULL, NULL, 0, { "import", "{dir}/run.pcapng", "--keylog", "/dev/zero" },
    "handshake-lab import: /dev/zero: not a regular file (a character device); a key log is read "
    "only from a regular file" },
  { "keylog/too-large", NULL, NULL, 0,
    { "import", "{dir}/run.pcapng", "--keylog", "{dir}/huge.keylog" },
    "handshake-lab import: {dir}/huge.keylog: too large for a key log (1610612736 bytes; at most "
    "64 MiB)", .sparse = "huge.keylog" },

  /* ---- capture files ---- */
  { "capture/directory", NULL, NULL, 0, { "import", "{dir}" },
    "handshake-lab import: {dir}: is a directory, not a capture file" },
  { "capture/missing-file", NULL, NULL, 0, { "import", "{dir}/nope.pcap" },
    "handshake-lab import: Failed to open file “{dir}/nope.pcap”: No such file or directory" },
  { "capture/fifo", NULL, NULL, 0, { "import", "{dir}/live.pcap" },
    "handshake-lab import: {dir}/live.pcap: not a regular file (a FIFO); a capture is read only "
    "from a regular file", .fifo = "live.pcap" },
  { "capture/device", NULL, NULL, 0, { "import", "/dev/zero" },
    "handshake-lab import: /dev/zero: not a regular file (a character device); a capture is read "
    "only from a regular file" },
  { "capture/empty", "empty.pcap", "", 0, { "import", "{dir}/empty.pcap" },
    "handshake-lab import: {dir}/empty.pcap: byte 0: not a pcap or pcapng capture (the file is "
    "shorter than a capture's magic number)" },
  { "capture/text", "text.pcap", "this is not a capture at all\n", 0,
    { "import", "{dir}/text.pcap" },
    "handshake-lab import: {dir}/text.pcap: byte 0: not a pcap or pcapng capture (it does not "
    "start with a pcap magic number or a pcapng Section Header Block)" },
  { "capture/zeros", "zeros.pcap", BINARY ("\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"),
    { "import", "{dir}/zeros.pcap" },
    "handshake-lab import: {dir}/zeros.pcap: byte 0: not a pcap or pcapng capture (it does not "
    "start with a pcap magic number or a pcapng Section Header Block)" },
  /* cut in the middle of a packet: what came before is still shown */
  { "capture/cut-short", NULL, NULL, 0, { "import", "{dir}/cut.pcapng" },
    "handshake-lab import: {dir}/cut.pcapng: byte * (packet *): truncated pcapng dump file; "
    "tried to read * bytes, only got *; the * packets before it were read",
    "Connection 1: client 127.0.0.1:* → server 127.0.0.1:443, from frame 1, opened with the key "
    "log" },
  { "capture/two-files", NULL, NULL, 0, { "import", "{dir}/run.pcapng", "{dir}/run.pcapng" },
    "handshake-lab import: expected one capture file, got 2" },

  /* ---- hex for `dissect`, `decrypt-record` and `derive` ---- */
  { "hex/dissect-odd-digits", NULL, NULL, 0, { "dissect", "160303001" },
    "handshake-lab dissect: odd number of hexadecimal digits: the digit at offset 8 has no "
    "partner" },
  { "hex/dissect-not-hex", NULL, NULL, 0, { "dissect", "16 03 0g" },
    "handshake-lab dissect: not a hexadecimal digit at offset 7: 'g'" },
  { "hex/dissect-nothing", NULL, NULL, 0, { "dissect" },
    "handshake-lab dissect: give the bytes as hexadecimal or as @FILE" },
  { "hex/dissect-missing-file", NULL, NULL, 0, { "dissect", "@{dir}/nope.hex" },
    "handshake-lab dissect: Failed to open file “{dir}/nope.hex”: No such file or directory" },
  { "hex/dissect-empty-file", "empty.hex", "", 0, { "dissect", "@{dir}/empty.hex" },
    "handshake-lab dissect: there are no bytes to dissect" },
  /* hex in a file is held to the command line's rules, and the message names the file */
  { "hex/dissect-file-not-hex", "bad.hex", "16 03 03 00 05 01 0g\n", 0,
    { "dissect", "@{dir}/bad.hex" },
    "handshake-lab dissect: {dir}/bad.hex: not a hexadecimal digit at offset 19: 'g'" },
  { "hex/dissect-file-odd-digits", "odd.hex", "1603030\n", 0, { "dissect", "@{dir}/odd.hex" },
    "handshake-lab dissect: {dir}/odd.hex: odd number of hexadecimal digits: the digit at offset "
    "6 has no partner" },
  { "hex/dissect-file-directory", NULL, NULL, 0, { "dissect", "@{dir}" },
    "handshake-lab dissect: {dir}: is a directory, not a hex dump file" },
  { "hex/dissect-file-fifo", NULL, NULL, 0, { "dissect", "@{dir}/dump.fifo" },
    "handshake-lab dissect: {dir}/dump.fifo: not a regular file (a FIFO); a hex dump is read only "
    "from a regular file", .fifo = "dump.fifo" },
  { "hex/dissect-file-device", NULL, NULL, 0, { "dissect", "@/dev/zero" },
    "handshake-lab dissect: /dev/zero: not a regular file (a character device); a hex dump is "
    "read only from a regular file" },
  { "hex/dissect-file-too-large", NULL, NULL, 0, { "dissect", "@{dir}/huge.hex" },
    "handshake-lab dissect: {dir}/huge.hex: too large for a hex dump (1610612736 bytes; at most "
    "16 MiB)", .sparse = "huge.hex" },
  { "hex/dissect-unknown-suite", NULL, NULL, 0, { "dissect", "--suite", "NOPE", "16" },
    "handshake-lab dissect: --suite: unknown cipher suite 'NOPE' (give an OpenSSL name such as "
    "ECDHE-RSA-AES128-GCM-SHA256 or an IANA name such as TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)" },
  { "hex/decrypt-unknown-suite", NULL, NULL, 0,
    { "decrypt-record", "--suite", "NOPE", "--key", A_KEY, "--iv", "00112233", "--seq", "0",
      A_RECORD },
    "handshake-lab decrypt-record: --suite: unknown cipher suite 'NOPE' (give an OpenSSL name "
    "such as ECDHE-RSA-AES128-GCM-SHA256 or an IANA name such as "
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)" },
  { "hex/decrypt-short-key", NULL, NULL, 0,
    { "decrypt-record", "--suite", "AES128-GCM-SHA256", "--key", "0011", "--iv", "00112233",
      "--seq", "0", A_RECORD },
    "handshake-lab decrypt-record: --key is 2 bytes; it must be 16" },
  { "hex/decrypt-huge-seq", NULL, NULL, 0,
    { "decrypt-record", "--suite", "AES128-GCM-SHA256", "--key", A_KEY, "--iv", "00112233",
      "--seq", "99999999999999999999999", A_RECORD },
    "handshake-lab decrypt-record: --seq: Number “99999999999999999999999” is out of bounds [0, "
    "18446744073709551615]" },
  { "hex/decrypt-no-key", NULL, NULL, 0,
    { "decrypt-record", "--suite", "AES128-GCM-SHA256", "--iv", "00112233", "--seq", "0",
      A_RECORD },
    "handshake-lab decrypt-record: --key is required" },
  { "hex/derive-no-secret", NULL, NULL, 0, { "derive", "--suite", "AES128-GCM-SHA256" },
    "handshake-lab derive: --pms or --master-secret is required" },
  { "hex/derive-short-random", NULL, NULL, 0,
    { "derive", "--suite", "AES128-GCM-SHA256", "--client-random", "00", "--server-random", "00",
      "--pms", "0303" },
    "handshake-lab derive: --client-random is 1 byte; it must be 32" },

};

/* ---- the files rows share ---- */

static void
make_shared_files (void)
{
  g_autoptr (LabScenario) scenario = lab_test_scenario ("[scenario]\ntitle = c\nseed = 1\n");
  g_autoptr (LabTrace) trace = lab_test_run (scenario, 1, TRUE);
  g_autoptr (GBytes) capture = lab_export_pcapng_bytes (trace);
  gsize len;
  const char *data = g_bytes_get_data (capture, &len);

  g_assert_cmpuint (len, >, 2000);
  g_free (lab_bad_input_write ("run.pcapng", data, len));
  g_free (lab_bad_input_write ("cut.pcapng", data, 2000));
}

/* A pcapng capture cut inside each of its blocks in turn: the message points at the
 * block that was cut, by its offset and what it is, even where libpcap had read past the
 * blocks that are not packets (the Decryption Secrets Block) before it failed. */
static void
test_cut_pcapng_names_the_block (void)
{
  g_autofree char *path = g_build_filename (lab_bad_input_dir, "run.pcapng", NULL);
  g_autofree char *data = NULL;
  gsize len;
  LabPcapngWalker walker;
  LabPcapngBlock block;
  guint packets = 0, tried = 0;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  lab_pcapng_walker_init (&walker, (const guint8 *) data, len);
  while (lab_pcapng_next_block (&walker, "run", &block, NULL))
    {
      gsize total = block.body_len + LAB_PCAPNG_BLOCK_OVERHEAD;
      g_autofree char *name = g_strdup_printf ("cut-at-%" G_GSIZE_FORMAT ".pcapng", block.offset);
      g_autofree char *cut = lab_bad_input_write (name, data, block.offset + total / 2);
      g_autofree char *err = NULL, *expected = NULL, *line = NULL;
      const char *what = block.type == LAB_PCAPNG_DECRYPTION_SECRETS
                           ? "a Decryption Secrets Block, before packet"
                           : "packet";

      if (block.type != LAB_PCAPNG_ENHANCED_PACKET
          && block.type != LAB_PCAPNG_DECRYPTION_SECRETS)
        continue; /* the headers: no capture at all without them */
      expected = g_strdup_printf ("handshake-lab import: %s: byte %" G_GSIZE_FORMAT " (%s %u): "
                                  "truncated pcapng dump file; *; the %u packets before it were "
                                  "read", cut, block.offset, what, packets + 1, packets);
      g_assert_cmpint (lab_test_spawn ((const char *[]){ "import", cut, NULL }, NULL, &err), ==, 2);
      line = lab_bad_input_first_line (err);
      if (!g_pattern_match_simple (expected, line))
        g_assert_cmpstr (line, ==, expected);
      packets += block.type == LAB_PCAPNG_ENHANCED_PACKET;
      tried++;
    }
  g_assert_cmpuint (tried, >=, 10);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  lab_bad_input_init ();
  make_shared_files ();
  lab_bad_input_add (rows, G_N_ELEMENTS (rows));
  g_test_add_func ("/bad-input/capture/cut-pcapng-names-the-block",
                   test_cut_pcapng_names_the_block);
  return lab_bad_input_run_all ();
}
