/* Bad input, catalogued: every malformed scenario or lesson file, option or command a
 * student or an instructor may hand the lab, run through the real binary (captures, key
 * logs and bytes are in test-bad-input-captures.c). Each gets exit status 2 and one exact
 * message naming the file and line (or the option), and what was readable is still
 * shown: `check` on a folder with one bad file reports the others.
 *
 * Hostile peer bytes: records replaced by random garbage on the wire, and record headers
 * changed by [tamper N] rules, end every run with an alert, an error or a timeout, never a
 * crash or a hang. */
#include "lab-test-bad-input.h"
#include "engine/session/lab-session.h"


#define SCENARIO_HEAD "[scenario]\ntitle = x\n"
#define LESSON_HEAD "[lesson]\ntitle = L\nscenario = default\n[page 1]\ntitle = p\n" \
                    "step = ClientHello\ntext = t\n"

static const LabBadInput rows[] = {
  /* ---- scenario files ---- */
  { "scenario/missing-file", NULL, NULL, 0, { "run", "{dir}/nope.scenario" },
    "handshake-lab run: Failed to open file “{dir}/nope.scenario”: No such file or directory" },
  { "scenario/directory", NULL, NULL, 0, { "run", "{dir}" },
    "handshake-lab run: {dir}: is a directory, not a scenario file" },
  /* what is not a regular file is refused before a byte is read: a FIFO would wait for
   * a writer, /dev/zero would never end, and a huge file is refused by its size */
  { "scenario/fifo", NULL, NULL, 0, { "run", "{dir}/pipe.scenario" },
    "handshake-lab run: {dir}/pipe.scenario: not a regular file (a FIFO); a scenario is read only "
    "from a regular file", .fifo = "pipe.scenario" },
  { "scenario/device", NULL, NULL, 0, { "run", "/dev/zero" },
    "handshake-lab run: /dev/zero: not a regular file (a character device); a scenario is read "
    "only from a regular file" },
  { "scenario/too-large", NULL, NULL, 0, { "run", "{dir}/huge.scenario" },
    "handshake-lab run: {dir}/huge.scenario: too large for a scenario (1610612736 bytes; at most "
    "1 MiB)", .sparse = "huge.scenario" },
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
  /* GKeyFile would set a translated key aside unread: refused, not ignored */
  { "scenario/translated-key", "locale.scenario", SCENARIO_HEAD "[client]\nverify-peer[de] = off\n",
    0, { "run", "{dir}/locale.scenario" },
    "handshake-lab run: {dir}/locale.scenario:4: 'verify-peer[de]' is a translated key (a locale "
    "in brackets); the lab reads no translations, so this line would be ignored: write "
    "'verify-peer'" },
  /* a server name no run could use is refused where it is written, with the limit it breaks */
  { "scenario/server-name-long-label", "label.scenario",
    SCENARIO_HEAD "[client]\nserver-name = "
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.lab\n", 0,
    { "run", "{dir}/label.scenario" },
    "handshake-lab run: {dir}/label.scenario:4: the label 'aaaaaaaaaaaa…' has 65 characters, more "
    "than the 63 a DNS label may have (RFC 1035 §2.3.4): "
    "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.lab' is not valid for "
    "server-name; expected a host name such as server.handshake.lab: labels of letters, digits "
    "and hyphens, at most 63 characters each and 64 in all" },
  { "scenario/server-name-too-long", "name.scenario",
    SCENARIO_HEAD "[client]\nserver-name = "
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.lab\n", 0,
    { "run", "{dir}/name.scenario" },
    "handshake-lab run: {dir}/name.scenario:4: the name has 69 characters, more than the 64 a "
    "certificate's common name holds (RFC 5280 Appendix A, ub-common-name), and the lab's server "
    "puts it there: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.lab' is not "
    "valid for server-name; expected a host name such as server.handshake.lab: labels of "
    "letters, digits and hyphens, at most 63 characters each and 64 in all" },
  { "scenario/server-name-trailing-dot", "dot.scenario",
    SCENARIO_HEAD "[client]\nserver-name = server.handshake.lab.\n", 0,
    { "run", "{dir}/dot.scenario" },
    "handshake-lab run: {dir}/dot.scenario:4: the name has an empty label (two dots together, or "
    "a dot at either end; SNI names have no trailing dot, RFC 6066 §3): 'server.handshake.lab.' "
    "is not valid for server-name; expected a host name such as server.handshake.lab: labels of "
    "letters, digits and hyphens, at most 63 characters each and 64 in all" },
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
  { "lesson/fifo", NULL, NULL, 0, { "check", "{dir}/pipe.lesson" },
    "handshake-lab check: 1 file could not be read",
    "ERROR {dir}/pipe.lesson: not a regular file (a FIFO); a lesson is read only from a regular "
    "file", .fifo = "pipe.lesson" },
  /* a lesson's scenario beside it that is a FIFO */
  { "lesson/scenario-fifo", "fifo-lesson/uses-pipe.lesson",
    "[lesson]\ntitle = L\nscenario = pipe\n[page 1]\ntitle = p\nstep = ClientHello\ntext = t\n",
    0, { "check", "{dir}/fifo-lesson/uses-pipe.lesson" },
    "handshake-lab check: 1 lesson names a scenario or a setting that does not exist",
    "FAIL  {dir}/fifo-lesson/uses-pipe.lesson  L: {dir}/fifo-lesson/uses-pipe.lesson:4: scenario "
    "'pipe': {dir}/fifo-lesson/pipe.scenario: not a regular file (a FIFO); a scenario is read "
    "only from a regular file", .fifo = "fifo-lesson/pipe.scenario" },
  { "lesson/empty", "empty.lesson", "", 0, { "check", "{dir}/empty.lesson" },
    "handshake-lab check: 1 file could not be read",
    "ERROR {dir}/empty.lesson:1: a lesson needs a [lesson] group with a title and a scenario" },
  { "lesson/binary-garbage", "garbage.lesson", BINARY ("\x00\xff\x10garbage"),
    { "check", "{dir}/garbage.lesson" }, "handshake-lab check: 1 file could not be read",
    "ERROR {dir}/garbage.lesson: not a text file (it contains bytes that are not UTF-8 text)" },
  { "lesson/translated-key", "locale.lesson", LESSON_HEAD "title[fr] = p\n", 0,
    { "check", "{dir}/locale.lesson" }, "handshake-lab check: 1 file could not be read",
    "ERROR {dir}/locale.lesson:8: 'title[fr]' is a translated key (a locale in brackets); the lab "
    "reads no translations, so this line would be ignored: write 'title'" },
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

  /* ---- the command line ---- */
  { "cli/unknown-command", NULL, NULL, 0, { "frobnicate" },
    "handshake-lab: 'frobnicate' is neither a command, a file nor a built-in scenario or "
    "lesson" },
  { "cli/unknown-option", NULL, NULL, 0, { "run", "--bogus" },
    "handshake-lab run: Unknown option --bogus" },
  { "cli/run-two-files", NULL, NULL, 0, { "run", "a.scenario", "b.scenario" },
    "handshake-lab run: expected at most one scenario file, got 2" },
  { "cli/seed-not-a-number", NULL, NULL, 0, { "run", "--seed", "abc" },
    "handshake-lab run: --seed: 'abc' is not a whole number from 0 to 18446744073709551615" },
  { "cli/seed-too-big", NULL, NULL, 0, { "run", "--seed", "18446744073709551616" },
    "handshake-lab run: --seed: '18446744073709551616' is not a whole number from 0 to "
    "18446744073709551615" },
  /* diagram reads --seed as run does, before it loads anything */
  { "cli/diagram-seed-not-a-number", NULL, NULL, 0,
    { "diagram", "--seed", "-1", "-o", "{dir}/never.png" },
    "handshake-lab diagram: --seed: '-1' is not a whole number from 0 to 18446744073709551615" },
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

  /* ---- the files a command writes: checked before anything runs ---- */
  { "output/capture-over-scenario", "out/a.scenario", SCENARIO_HEAD "seed = 1\n", 0,
    { "run", "{dir}/out/a.scenario", "--pcapng", "{dir}/out/../out/a.scenario" },
    "handshake-lab run: --pcapng {dir}/out/../out/a.scenario: that is the scenario being run "
    "({dir}/out/a.scenario); the lab never writes over a file it reads" },
  { "output/picture-over-scenario", "out/d.scenario", SCENARIO_HEAD "seed = 1\n", 0,
    { "diagram", "{dir}/out/d.scenario", "-o", "{dir}/out/d.scenario" },
    "handshake-lab diagram: -o {dir}/out/d.scenario: that is the scenario being drawn "
    "({dir}/out/d.scenario); the lab never writes over a file it reads" },
  { "output/same-file-twice", NULL, NULL, 0,
    { "run", "--seed", "1", "--keylog", "{dir}/twice", "--pcapng", "{dir}/./twice" },
    "handshake-lab run: --pcapng {dir}/./twice and --keylog {dir}/twice are the same file; give "
    "each its own" },
  { "output/device", NULL, NULL, 0, { "run", "--seed", "1", "--pcapng", "/dev/full" },
    "handshake-lab run: --pcapng /dev/full: a character device, not a regular file; the lab "
    "writes a capture only to a regular file" },
  { "output/directory", NULL, NULL, 0, { "run", "--seed", "1", "--keylog", "{dir}" },
    "handshake-lab run: --keylog {dir}: a directory, not a regular file; the lab writes a key log "
    "only to a regular file" },
  { "output/empty-name", NULL, NULL, 0, { "run", "--seed", "1", "--pcapng", "" },
    "handshake-lab run: --pcapng: the file name is empty; say where to write the capture" },
  { "output/missing-folder", NULL, NULL, 0,
    { "run", "--seed", "1", "--pcapng", "{dir}/no-such-folder/run.pcapng" },
    "handshake-lab run: --pcapng {dir}/no-such-folder/run.pcapng: the folder "
    "{dir}/no-such-folder does not exist" },
  { "output/diagram-empty-name", NULL, NULL, 0, { "diagram", "-o", "" },
    "handshake-lab diagram: -o: the file name is empty; say where to write the picture" },
};

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
  g_autofree char *path = lab_test_write_file (lab_bad_input_dir, name, text);
  const char *argv[] = { "run", path, NULL };
  g_autofree char *out = NULL;
  int status = lab_test_spawn (argv, &out, NULL);

  g_assert_cmpint (status, ==, 0);
  lab_test_assert_contains (out, t->outcome);
}

/* ---- the files rows share ---- */

static void
make_shared_files (void)
{
  g_free (lab_bad_input_write ("mixed/a-good.scenario", "[scenario]\ntitle = Good\nseed = 1\n", 0));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  lab_bad_input_init ();
  make_shared_files ();
  lab_bad_input_add (rows, G_N_ELEMENTS (rows));
  g_test_add_func ("/bad-input/hostile/garbage-records", test_hostile_garbage_records);
  for (gsize i = 0; i < G_N_ELEMENTS (header_tampers); i++)
    {
      g_autofree char *path = g_strdup_printf ("/bad-input/hostile/header/%s",
                                               header_tampers[i].name);
      g_test_add_data_func (path, &header_tampers[i], test_hostile_header);
    }
  return lab_bad_input_run_all ();
}
