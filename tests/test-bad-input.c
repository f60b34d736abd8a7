/* Bad input, catalogued: every malformed file, hex string, option or command a student or
 * an instructor may hand the lab, run through the real binary. Each gets exit status 2
 * and one exact message naming the file and line (or byte offset, or option), and what
 * was readable is still shown: `check` on a folder with one bad file reports the others,
 * a damaged capture shows the connections before the damage.
 *
 * Hostile peer bytes: records replaced by random garbage on the wire, and record headers
 * changed by [tamper N] rules, end every run with an alert, an error or a timeout, never a
 * crash or a hang. */
#include "lab-test-util.h"
#include "engine/export/lab-export.h"
#include "engine/session/lab-session.h"


/* The folder every row's files live in; "{dir}" in a row stands for it. */
static char *test_dir;

typedef struct
{
  const char *name;
  const char *file;      /* a file the row creates in the folder, or NULL */
  const char *text;      /* its contents */
  gsize len;             /* their length when they hold NUL bytes; 0: strlen (text) */
  const char *argv[12];  /* the command line after the binary's name */
  const char *error;     /* the first line of stderr, exactly ('*' matches anything where
                            the capture's layout decides a number) */
  const char *output;    /* a line stdout must hold (what was not lost; '*' as above), or
                            NULL */
} BadInput;

#define BINARY(bytes) .text = bytes, .len = sizeof (bytes) - 1

#define SCENARIO_HEAD "[scenario]\ntitle = x\n"
#define LESSON_HEAD "[lesson]\ntitle = L\nscenario = default\n[page 1]\ntitle = p\n" \
                    "step = ClientHello\ntext = t\n"
#define A_KEY "00112233445566778899aabbccddeeff"
#define A_RECORD "170303001c000000000000000000112233445566778899aabbccddeeff00112233"

static const BadInput rows[] = {
  /* ---- scenario files ---- */
  { "scenario/missing-file", NULL, NULL, 0, { "run", "{dir}/nope.scenario" },
    "handshake-lab run: Failed to open file “{dir}/nope.scenario”: No such file or directory" },
  { "scenario/directory", NULL, NULL, 0, { "run", "{dir}" },
    "handshake-lab run: {dir}: is a directory, not a scenario file" },
  { "scenario/empty", "empty.scenario", "", 0, { "run", "{dir}/empty.scenario" },
    "handshake-lab run: {dir}/empty.scenario:1: a scenario needs a [scenario] group with a title" },
  { "scenario/binary-garbage", "garbage.scenario", BINARY ("\x00\x01\xff\xfe\x16\x03\x03"),
    { "run", "{dir}/garbage.scenario" },
    "handshake-lab run: {dir}/garbage.scenario: not a text file (it contains bytes that are not "
    "UTF-8 text)" },
  { "scenario/nul-byte", "nul.scenario", BINARY ("[scenario]\0title = x\n"),
    { "run", "{dir}/nul.scenario" },
    "handshake-lab run: {dir}/nul.scenario: not a text file (it contains bytes that are not "
    "UTF-8 text)" },
  { "scenario/no-scenario-group", "no-group.scenario", "[client]\nverify-peer = off\n", 0,
    { "run", "{dir}/no-group.scenario" },
    "handshake-lab run: {dir}/no-group.scenario:1: a scenario needs a [scenario] group with a "
    "title" },
  { "scenario/unknown-group", "group.scenario", SCENARIO_HEAD "[clinet]\nverify-peer = off\n", 0,
    { "run", "{dir}/group.scenario" },
    "handshake-lab run: {dir}/group.scenario:3: unknown group [clinet]; expected [scenario], "
    "[client], [server], [wire], [tamper N] or [expect]" },
  { "scenario/unknown-key", "key.scenario", SCENARIO_HEAD "[client]\ncolour = red\n", 0,
    { "run", "{dir}/key.scenario" },
    "handshake-lab run: {dir}/key.scenario:4: unknown key 'colour' in [client]; known keys: "
    "verify-peer, check-host-name, check-revocation, server-name, cipher-suites, versions, "
    "groups, signature-algorithms, extended-master-secret, encrypt-then-mac, session-tickets, "
    "resume, certificate, security-level, ocsp, alpn, fallback-scsv, trust-mallory-root, pin, "
    "renegotiate" },
  { "scenario/no-equals", "line.scenario", SCENARIO_HEAD "this line has no equals\n", 0,
    { "run", "{dir}/line.scenario" },
    "handshake-lab run: {dir}/line.scenario:3: expected 'key = value', a [group], or a # "
    "comment" },
  { "scenario/bad-switch", "switch.scenario", SCENARIO_HEAD "[client]\nverify-peer = maybe\n", 0,
    { "run", "{dir}/switch.scenario" },
    "handshake-lab run: {dir}/switch.scenario:4: 'maybe' is not valid for verify-peer; expected "
    "on or off" },
  { "scenario/unknown-certificate", "cert.scenario", SCENARIO_HEAD "[server]\ncertificate = rusty\n",
    0, { "run", "{dir}/cert.scenario" },
    "handshake-lab run: {dir}/cert.scenario:4: 'rusty' is not valid for certificate; expected "
    "one of: valid, expired, not-yet-valid, wrong-host, self-signed, untrusted-root, "
    "missing-intermediate, expired-intermediate, revoked, weak-key, sha1-signature, "
    "client-auth-only, server-auth-only, issuer-not-ca, bad-signature, name-not-permitted, "
    "path-too-long, no-digital-signature" },
  { "scenario/huge-seed", "seed.scenario", SCENARIO_HEAD "seed = 99999999999999999999999\n", 0,
    { "run", "{dir}/seed.scenario" },
    "handshake-lab run: {dir}/seed.scenario:3: '99999999999999999999999' is not valid for seed; "
    "expected a whole number from 0 to 18446744073709551615 (or 0x hex)" },
  { "scenario/huge-timeout", "timeout.scenario", SCENARIO_HEAD "timeout = 100000\n", 0,
    { "run", "{dir}/timeout.scenario" },
    "handshake-lab run: {dir}/timeout.scenario:3: '100000' is not valid for timeout; expected "
    "seconds a stalled run may wait, from 1 to 60" },
  { "scenario/unknown-suite", "suite.scenario", SCENARIO_HEAD "[client]\ncipher-suites = NOPE\n",
    0, { "run", "{dir}/suite.scenario" },
    "handshake-lab run: {dir}/suite.scenario:4: unknown cipher suite 'NOPE'; cipher-suites "
    "expects TLS 1.2 cipher suites by OpenSSL or IANA name, separated by ':'" },
  { "scenario/unknown-attack", "attack.scenario", SCENARIO_HEAD "[wire]\nattack = teleport\n", 0,
    { "run", "{dir}/attack.scenario" },
    "handshake-lab run: {dir}/attack.scenario:4: 'teleport' is not valid for attack; expected "
    "one of: none, flip-client-random, downgrade-suite, strip-extended-master-secret, "
    "rewrite-server-version, rewrite-server-suite, flip-key-exchange-signature, "
    "flip-encrypted-pre-master, drop-change-cipher-spec, bad-change-cipher-spec, flip-finished, "
    "flip-application-data, replay-application-data, drop-server-flight, man-in-the-middle" },
  { "scenario/unknown-tamper-action", "action.scenario",
    SCENARIO_HEAD "[tamper 1]\ndirection = client-to-server\naction = explode\n", 0,
    { "run", "{dir}/action.scenario" },
    "handshake-lab run: {dir}/action.scenario:5: 'explode' is not valid for action; expected "
    "flip-bit, set-byte, drop, replay, remove-cipher-suite, strip-extension, rewrite-suite or "
    "rewrite-version" },
  { "scenario/huge-tamper-offset", "offset.scenario",
    SCENARIO_HEAD "[tamper 1]\ndirection = client-to-server\nmessage = ClientHello\n"
                  "action = flip-bit\noffset = 99999999999\nbit = 1\n",
    0, { "run", "{dir}/offset.scenario" },
    "handshake-lab run: {dir}/offset.scenario:7: '99999999999' is not valid for offset; expected "
    "a byte offset (negative counts from the end)" },
  { "scenario/unknown-alert", "alert.scenario",
    SCENARIO_HEAD "[expect]\noutcome = alert\nalert = very_bad\n", 0,
    { "run", "{dir}/alert.scenario" },
    "handshake-lab run: {dir}/alert.scenario:5: 'very_bad' is not valid for alert; expected an "
    "alert's RFC 5246 name such as certificate_expired or bad_record_mac" },

  /* ---- lesson files: `check` prints the problem on its line and says so on stderr ---- */
  { "lesson/empty", "empty.lesson", "", 0, { "check", "{dir}/empty.lesson" },
    "handshake-lab check: 1 file could not be read",
    "ERROR {dir}/empty.lesson:1: a lesson needs a [lesson] group with a title and a scenario" },
  { "lesson/binary-garbage", "garbage.lesson", BINARY ("\x00\xff\x10garbage"),
    { "check", "{dir}/garbage.lesson" }, "handshake-lab check: 1 file could not be read",
    "ERROR {dir}/garbage.lesson: not a text file (it contains bytes that are not UTF-8 text)" },
  { "lesson/no-lesson-group", "group.lesson", "[page 1]\ntitle = p\nstep = ClientHello\n", 0,
    { "check", "{dir}/group.lesson" }, "handshake-lab check: 1 file could not be read",
    "ERROR {dir}/group.lesson:1: a lesson needs a [lesson] group with a title and a scenario" },
  { "lesson/question-without-page", "page.lesson",
    LESSON_HEAD "[question 1]\npage = 7\nkind = choice\nask = ?\nanswer = suite\nchoices = a ; b\n",
    0, { "check", "{dir}/page.lesson" }, "handshake-lab check: 1 file could not be read",
    "ERROR {dir}/page.lesson:9: there is no [page 7] for this question" },
  { "lesson/missing-scenario", "missing.lesson",
    "[lesson]\ntitle = L\nscenario = no-such-scenario\n[page 1]\ntitle = p\nstep = ClientHello\n"
    "text = t\n", 0, { "check", "{dir}/missing.lesson" },
    "handshake-lab check: 1 lesson names a scenario or a setting that does not exist",
    "FAIL  {dir}/missing.lesson  L: {dir}/missing.lesson:4: scenario 'no-such-scenario': no "
    "built-in scenario named 'no-such-scenario'" },
  { "lesson/unknown-setting-value", "value.lesson", LESSON_HEAD "set = server.certificate=rusty\n",
    0, { "check", "{dir}/value.lesson" },
    "handshake-lab check: 1 lesson names a scenario or a setting that does not exist",
    "FAIL  {dir}/value.lesson  L: {dir}/value.lesson:4: set server.certificate: 'rusty' is not "
    "valid for certificate; expected one of: *" },
  { "lesson/unknown-question-kind", "kind.lesson",
    LESSON_HEAD "[question 1]\npage = 1\nkind = essay\nask = ?\nanswer = suite\n", 0,
    { "check", "{dir}/kind.lesson" }, "handshake-lab check: 1 file could not be read",
    "ERROR {dir}/kind.lesson:10: 'essay' is not a kind of question; expected choice or short" },

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
    "handshake-lab import: Failed to open file “{dir}/nope.keylog”: open() failed: No such file "
    "or directory" },

  { "keylog/directory", NULL, NULL, 0,
    { "import", "{dir}/run.pcapng", "--keylog", "{dir}" },
    "handshake-lab import: {dir}: is a directory, not a key log file" },

  /* ---- capture files ---- */
  { "capture/directory", NULL, NULL, 0, { "import", "{dir}" },
    "handshake-lab import: {dir}: is a directory, not a capture file" },
  { "capture/missing-file", NULL, NULL, 0, { "import", "{dir}/nope.pcap" },
    "handshake-lab import: Failed to open file “{dir}/nope.pcap”: open() failed: No such file or "
    "directory" },
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

  /* ---- the command line ---- */
  { "cli/unknown-command", NULL, NULL, 0, { "frobnicate" },
    "handshake-lab: 'frobnicate' is neither a command nor a file" },
  { "cli/unknown-option", NULL, NULL, 0, { "run", "--bogus" },
    "handshake-lab run: Unknown option --bogus" },
  { "cli/run-two-files", NULL, NULL, 0, { "run", "a.scenario", "b.scenario" },
    "handshake-lab run: expected at most one scenario file, got 2" },
  { "cli/seed-not-a-number", NULL, NULL, 0, { "run", "--seed", "abc" },
    "handshake-lab run: --seed: 'abc' is not a whole number from 0 to 18446744073709551615" },
  { "cli/seed-too-big", NULL, NULL, 0, { "run", "--seed", "18446744073709551616" },
    "handshake-lab run: --seed: '18446744073709551616' is not a whole number from 0 to "
    "18446744073709551615" },
  { "cli/check-nothing", NULL, NULL, 0, { "check" },
    "handshake-lab check: name at least one scenario file or folder" },
  { "cli/check-missing-path", NULL, NULL, 0, { "check", "{dir}/nope" },
    "handshake-lab check: {dir}/nope: no such file or folder" },
  { "cli/check-folder-without-files", "empty-folder/readme.txt", "hi\n", 0,
    { "check", "{dir}/empty-folder" }, "handshake-lab check: no .scenario or .lesson files found" },
  { "cli/diagram-unknown-format", NULL, NULL, 0, { "diagram", "-o", "{dir}/out.gif" },
    "handshake-lab diagram: {dir}/out.gif: the file name must end in .png, .svg or .pdf" },
  /* one bad file among good ones: the good ones are still run and reported */
  { "cli/check-folder-with-a-bad-file", "mixed/b-bad.scenario", SCENARIO_HEAD "[clinet]\n", 0,
    { "check", "{dir}/mixed" }, "handshake-lab check: 1 file could not be read",
    "PASS  {dir}/mixed/a-good.scenario  Good (success)" },
};

static char *
in_dir (const char *text)
{
  g_autoptr (GString) s = g_string_new (text);

  g_string_replace (s, "{dir}", test_dir, 0);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static char *
first_line (const char *text)
{
  const char *end = strchr (text, '\n');

  return end ? g_strndup (text, (gsize) (end - text)) : g_strdup (text);
}

static gboolean
has_line (const char *text, const char *pattern)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_pattern_match_simple (pattern, lines[i]))
      return TRUE;
  return FALSE;
}

static void
write_file (const char *name, const char *text, gsize len)
{
  g_autofree char *path = g_build_filename (test_dir, name, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, text, len > 0 ? (gssize) len : -1, &error);
  g_assert_no_error (error);
}

static void
test_bad_input (gconstpointer data)
{
  const BadInput *row = data;
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL, *err = NULL, *line = NULL, *expected = in_dir (row->error);
  int status;

  if (row->file != NULL)
    write_file (row->file, row->text, row->len);
  for (guint i = 0; row->argv[i] != NULL; i++)
    g_ptr_array_add (argv, in_dir (row->argv[i]));
  g_ptr_array_add (argv, NULL);
  status = lab_test_spawn ((const char *const *) argv->pdata, &out, &err);
  line = first_line (err);
  if (!g_pattern_match_simple (expected, line))
    g_assert_cmpstr (line, ==, expected);
  g_assert_cmpint (status, ==, 2);
  if (row->output != NULL)
    {
      g_autofree char *wanted = in_dir (row->output);

      if (!has_line (out, wanted))
        g_test_message ("stdout: %s", out);
      g_assert_true (has_line (out, wanted));
    }
}

/* ---- hostile peer bytes ---- */

typedef struct
{
  LabDirection direction;
  guint index;   /* which record of that direction */
  GRand *rand;
  gboolean fired;
} Garbage;

static LabWireVerdict
replace_with_garbage (const LabWireRecord *record, GByteArray *replacement, char **action,
                      gpointer user_data)
{
  Garbage *g = user_data;
  guint len;

  if (record->direction != g->direction || record->index != g->index || record->connection != 0)
    return LAB_WIRE_KEEP;
  len = (guint) g_rand_int_range (g->rand, 1, 300);
  for (guint i = 0; i < len; i++)
    {
      guint8 byte = (guint8) g_rand_int_range (g->rand, 0, 256);
      g_byte_array_append (replacement, &byte, 1);
    }
  g->fired = TRUE;
  *action = g_strdup_printf ("replaced with %u random bytes", len);
  return LAB_WIRE_REPLACE;
}

/* Each of the first records of each direction replaced by garbage, a few times over. */
static void
test_hostile_garbage_records (void)
{
  g_autoptr (LabScenario) scenario = lab_test_scenario ("[scenario]\ntitle = g\nseed = 5\n");
  guint fired = 0;

  for (LabDirection d = LAB_DIRECTION_CLIENT_TO_SERVER; d <= LAB_DIRECTION_SERVER_TO_CLIENT; d++)
    for (guint index = 0; index < 8; index++)
      for (guint32 seed = 1; seed <= 3; seed++)
        {
          Garbage g = { d, index, g_rand_new_with_seed (seed * 100 + index), FALSE };
          LabSessionOptions options = { .timeout_ms = 800, .wire_filter = replace_with_garbage,
                                        .wire_filter_data = &g };
          g_autoptr (GError) error = NULL;
          g_autoptr (LabTrace) trace = lab_session_run (scenario, &options, &error);
          const LabOutcome *outcome;

          g_rand_free (g.rand);
          g_assert_no_error (error);
          /* Never a hang: the run ended (at the latest by its 800 ms watchdog) and was
           * analysed. */
          g_assert_true (lab_trace_is_frozen (trace));
          if (!g.fired)
            continue;
          fired++;
          outcome = lab_trace_get_outcome (trace);
          if (outcome->result == LAB_RESULT_SUCCESS)
            g_test_message ("%s record %u (seed %u): garbage went unnoticed",
                            lab_direction_name (d), index, seed);
          g_assert_cmpint (outcome->result, !=, LAB_RESULT_SUCCESS);
        }
  g_test_message ("%u runs had a record replaced by garbage; each ended cleanly", fired);
  g_assert_cmpuint (fired, >=, 24);
}

typedef struct
{
  const char *name;
  guint offset;       /* a byte of the ClientHello's record header */
  const char *value;
  const char *outcome; /* the start of the run's outcome line */
} HeaderTamper;

static const HeaderTamper header_tampers[] = {
  { "length-too-long", 3, "0xff", "Outcome: alert record_overflow (22), sent by the server" },
  { "length-too-short", 4, "0x01", "Outcome: alert protocol_version (70), sent by the server" },
  { "unknown-content-type", 0, "0x99", "Outcome: timeout." },
  /* no alert: OpenSSL hangs up when the first record is not TLS */
  { "bad-version", 1, "0x7f", "Outcome: error. client: the connection was reset; server: wrong "
                              "version number" },
};

/* A [tamper N] rule changes the ClientHello's record header: the run ends with an alert,
 * an error or a timeout, and `run` reports it (exit 0: the scenario expects nothing). */
static void
test_hostile_header (gconstpointer data)
{
  const HeaderTamper *t = data;
  g_autofree char *name = g_strdup_printf ("%s.scenario", t->name);
  g_autofree char *text = g_strdup_printf ("[scenario]\ntitle = t\nseed = 3\ntimeout = 1\n"
                                           "[tamper 1]\ndirection = client-to-server\n"
                                           "record = 0\naction = set-byte\noffset = %u\n"
                                           "value = %s\n",
                                           t->offset, t->value);
  g_autofree char *path = lab_test_write_file (test_dir, name, text);
  const char *argv[] = { "run", path, NULL };
  g_autofree char *out = NULL;
  int status = lab_test_spawn (argv, &out, NULL);

  g_assert_cmpint (status, ==, 0);
  lab_test_assert_contains (out, t->outcome);
}

/* ---- the files every row shares ---- */

static void
make_shared_files (void)
{
  g_autoptr (LabScenario) scenario = lab_test_scenario ("[scenario]\ntitle = c\nseed = 1\n");
  g_autoptr (LabTrace) trace = lab_test_run (scenario, 1, TRUE);
  g_autoptr (GBytes) capture = lab_export_pcapng_bytes (trace);
  gsize len;
  const char *data = g_bytes_get_data (capture, &len);

  g_assert_cmpuint (len, >, 2000);
  write_file ("run.pcapng", data, len);
  write_file ("cut.pcapng", data, 2000);
  write_file ("mixed/a-good.scenario", "[scenario]\ntitle = Good\nseed = 1\n", 0);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  test_dir = g_dir_make_tmp ("bad-input-XXXXXX", &error);
  g_assert_no_error (error);
  make_shared_files ();
  g_assert_cmpuint (G_N_ELEMENTS (rows), >=, 40);
  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *path = g_strdup_printf ("/bad-input/%s", rows[i].name);
      g_test_add_data_func (path, &rows[i], test_bad_input);
    }
  g_test_add_func ("/bad-input/hostile/garbage-records", test_hostile_garbage_records);
  for (gsize i = 0; i < G_N_ELEMENTS (header_tampers); i++)
    {
      g_autofree char *path = g_strdup_printf ("/bad-input/hostile/header/%s",
                                               header_tampers[i].name);
      g_test_add_data_func (path, &header_tampers[i], test_hostile_header);
    }
  status = g_test_run ();
  lab_test_remove_tree (test_dir);
  g_free (test_dir);
  return status;
}
