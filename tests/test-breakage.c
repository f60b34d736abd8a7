/* Break it on purpose: every certificate profile, client and server switch, ready-made
 * attack and wire rule action ends the way OpenSSL 3.0 really ends it, and the outcome's
 * cause names the check or the byte responsible (HACKING.md, "How breakages end").
 * Invalid settings for these keys are refused with their file and line. */
#include "engine/session/lab-session.h"
#include "lab-test-util.h"
#include "tls/lab-verify-errors.h"

#include <string.h>

typedef enum
{
  CAUSE_NONE,   /* nothing went wrong: no cause at all */
  CAUSE_VERIFY, /* a failed certificate check (a verify event) */
  CAUSE_WIRE,   /* a record the wire changed (a record event with its wire_action) */
  CAUSE_ALERT,  /* a negotiation failure: the alert itself */
} CauseKind;

typedef struct
{
  const char *name;
  const char *body;         /* the scenario after its title line */
  LabResult result;
  const char *alert;        /* NULL: none */
  LabSide sent_by;
  const char *verify_error; /* the failing check's error, by symbol; NULL: none */
  int depth;                /* where in the chain that check failed */
  CauseKind cause_kind;
  const char *cause[3];     /* what the cause must say (up to three pieces) */
  gboolean unseeded;        /* session tickets embed the time */
} Breakage;

#define ALERT(name, side) LAB_RESULT_ALERT, name, LAB_SIDE_##side
#define SUCCESS LAB_RESULT_SUCCESS, NULL, LAB_SIDE_CLIENT
#define NO_ALERT LAB_RESULT_ERROR, NULL, LAB_SIDE_CLIENT
/* Both sides with the same suites; `client` adds more [client] keys. */
#define SUITES_AND(list, client) \
  "[client]\ncipher-suites = " list "\n" client "[server]\ncipher-suites = " list "\n"
#define ECDSA_SUITES(list) SUITES_AND (list, "")
#define TWO_SUITES "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256"

static const Breakage breakages[] = {
  /* ---- the server's certificate profiles ---- */
  { "profile/valid", "[server]\ncertificate = valid\n", SUCCESS, NULL, 0, CAUSE_NONE, { NULL } },
  { "profile/expired", "[server]\ncertificate = expired\n", ALERT ("certificate_expired", CLIENT),
    "CERT_HAS_EXPIRED", 0, CAUSE_VERIFY, { "server's certificate", "notAfter", NULL } },
  { "profile/not-yet-valid", "[server]\ncertificate = not-yet-valid\n",
    ALERT ("bad_certificate", CLIENT), "CERT_NOT_YET_VALID", 0, CAUSE_VERIFY,
    { "notBefore", NULL } },
  { "profile/wrong-host", "[server]\ncertificate = wrong-host\n", ALERT ("bad_certificate", CLIENT),
    "HOSTNAME_MISMATCH", 0, CAUSE_VERIFY,
    { "subjectAltName", "server.handshake.lab", "www.another-site.lab" } },
  { "profile/self-signed", "[server]\ncertificate = self-signed\n", ALERT ("unknown_ca", CLIENT),
    "DEPTH_ZERO_SELF_SIGNED_CERT", 0, CAUSE_VERIFY, { "signed by itself", NULL } },
  { "profile/untrusted-root", "[server]\ncertificate = untrusted-root\n",
    ALERT ("unknown_ca", CLIENT), "UNABLE_TO_GET_ISSUER_CERT_LOCALLY", 1, CAUSE_VERIFY,
    { "Mallory Root CA", "neither sent in the chain nor among the CAs", NULL } },
  { "profile/missing-intermediate", "[server]\ncertificate = missing-intermediate\n",
    ALERT ("unknown_ca", CLIENT), "UNABLE_TO_GET_ISSUER_CERT_LOCALLY", 0, CAUSE_VERIFY,
    { "Handshake Lab Intermediate CA", "neither sent in the chain", NULL } },
  { "profile/expired-intermediate", "[server]\ncertificate = expired-intermediate\n",
    ALERT ("certificate_expired", CLIENT), "CERT_HAS_EXPIRED", 1, CAUSE_VERIFY,
    { "A CA certificate in the chain", "Intermediate CA", "notAfter" } },
  { "profile/revoked", "[client]\ncheck-revocation = on\n[server]\ncertificate = revoked\n",
    ALERT ("certificate_revoked", CLIENT), "CERT_REVOKED", 0, CAUSE_VERIFY,
    { "revocation list", "serial number", NULL } },
  { "profile/weak-key",
    "[client]\ncipher-suites = ECDHE-RSA-AES128-GCM-SHA256\n"
    "[server]\ncertificate = weak-key\nkey-type = rsa-2048\n",
    ALERT ("bad_certificate", CLIENT), "EE_KEY_TOO_SMALL", 0, CAUSE_VERIFY,
    { "1024-bit key", NULL } },
  { "profile/sha1-signature", "[server]\ncertificate = sha1-signature\n",
    ALERT ("bad_certificate", CLIENT), "CA_MD_TOO_WEAK", 0, CAUSE_VERIFY, { "SHA-1", NULL } },
  { "profile/client-auth-only", "[server]\ncertificate = client-auth-only\n",
    ALERT ("unsupported_certificate", CLIENT), "INVALID_PURPOSE", 0, CAUSE_VERIFY,
    { "extended key usage", "server authentication", NULL } },
  { "profile/issuer-not-ca", "[server]\ncertificate = issuer-not-ca\n",
    ALERT ("unknown_ca", CLIENT), "INVALID_CA", 1, CAUSE_VERIFY, { "not a CA", NULL } },
  { "profile/bad-signature", "[server]\ncertificate = bad-signature\n",
    ALERT ("decrypt_error", CLIENT), "CERT_SIGNATURE_FAILURE", 0, CAUSE_VERIFY,
    { "signature on", "does not verify with its issuer's key", NULL } },
  /* OpenSSL has no alert of its own for a name-constraints violation: certificate_unknown */
  { "profile/name-not-permitted", "[server]\ncertificate = name-not-permitted\n",
    ALERT ("certificate_unknown", CLIENT), "PERMITTED_VIOLATION", 0, CAUSE_VERIFY,
    { "Another Site Intermediate CA", "only for names in another-site.lab", "nameConstraints" } },
  /* the check stops at the intermediate (depth 2), whose pathlen:0 the extra CA breaks */
  { "profile/path-too-long", "[server]\ncertificate = path-too-long\n",
    ALERT ("unknown_ca", CLIENT), "PATH_LENGTH_EXCEEDED", 2, CAUSE_VERIFY,
    { "Handshake Lab Intermediate CA", "pathlen:0", "Handshake Lab Issuing CA" } },

  /* ---- the client's switches ---- */
  { "client/verify-peer-off", "[client]\nverify-peer = off\n[server]\ncertificate = expired\n",
    SUCCESS, "CERT_HAS_EXPIRED", 0, CAUSE_VERIFY, { "notAfter", "verification switched off" } },
  { "client/check-host-name-off",
    "[client]\ncheck-host-name = off\n[server]\ncertificate = wrong-host\n", SUCCESS, NULL, 0,
    CAUSE_NONE, { NULL } },
  { "client/check-revocation-off",
    "[client]\ncheck-revocation = off\n[server]\ncertificate = revoked\n",
    SUCCESS, NULL, 0, CAUSE_NONE, { NULL } },
  { "client/server-name", "[client]\nserver-name = www.example.lab\n", SUCCESS, NULL, 0,
    CAUSE_NONE, { NULL } },
  { "client/versions", "[client]\nversions = TLSv1.2\n[server]\nversions = TLSv1.3\n",
    ALERT ("protocol_version", SERVER), NULL, 0, CAUSE_ALERT,
    { "TLSv1.2", "TLSv1.3", "No version in common" } },
  { "client/cipher-suites",
    "[client]\ncipher-suites = ECDHE-ECDSA-AES128-GCM-SHA256\n"
    "[server]\ncipher-suites = ECDHE-ECDSA-CHACHA20-POLY1305\n",
    ALERT ("handshake_failure", SERVER), NULL, 0, CAUSE_ALERT,
    { "offered ECDHE-ECDSA-AES128-GCM-SHA256", "accepts ECDHE-ECDSA-CHACHA20-POLY1305",
      "No suite fits both lists" } },
  /* TLS 1.2 clients' supported_groups also limit the curve of the server's certificate */
  { "client/groups", "[client]\ngroups = X25519\n", ALERT ("handshake_failure", SERVER), NULL, 0,
    CAUSE_ALERT, { "leave out P-256", "supported groups", NULL } },
  { "client/signature-algorithms", "[client]\nsignature-algorithms = RSA-PSS+SHA256\n",
    ALERT ("handshake_failure", SERVER), NULL, 0, CAUSE_ALERT,
    { "ECDSA key cannot", "signature algorithms", NULL } },
  { "client/extended-master-secret-off", "[client]\nextended-master-secret = off\n", SUCCESS,
    NULL, 0, CAUSE_NONE, { NULL } },
  { "client/encrypt-then-mac-off",
    SUITES_AND ("ECDHE-ECDSA-AES128-SHA", "encrypt-then-mac = off\n"), SUCCESS, NULL, 0,
    CAUSE_NONE, { NULL } },
  /* RSA-1024 passes at level 1, upstream OpenSSL's default; Debian's default is 2 */
  { "client/security-level-1",
    "[client]\ncipher-suites = ECDHE-RSA-AES128-GCM-SHA256\nsecurity-level = 1\n"
    "[server]\ncertificate = weak-key\nkey-type = rsa-2048\n",
    SUCCESS, NULL, 0, CAUSE_NONE, { NULL } },
  { "client/security-level-4", "[client]\nsecurity-level = 4\n",
    ALERT ("handshake_failure", SERVER), NULL, 0, CAUSE_ALERT,
    { "security level 4", "192 bits", "P-256" } },
  { "client/ocsp-require", "[client]\nocsp = require\n",
    ALERT ("bad_certificate_status_response", CLIENT), NULL, 0, CAUSE_ALERT,
    { "status_request", "no CertificateStatus", "RFC 6066 §8" } },
  { "client/session-tickets", "[client]\nsession-tickets = on\n[server]\nsession-tickets = on\n",
    SUCCESS, NULL, 0, CAUSE_NONE, { NULL }, TRUE },

  /* ---- client certificates ---- */
  { "client-certificate/require-none",
    "[client]\ncertificate = none\n[server]\nclient-certificate = require\n",
    ALERT ("handshake_failure", SERVER), NULL, 0, CAUSE_ALERT,
    { "CertificateRequest", "empty Certificate message", NULL } },
  { "client-certificate/request-none",
    "[client]\ncertificate = none\n[server]\nclient-certificate = request\n", SUCCESS, NULL, 0,
    CAUSE_NONE, { NULL } },
  { "client-certificate/require-valid",
    "[client]\ncertificate = valid\n[server]\nclient-certificate = require\n", SUCCESS, NULL, 0,
    CAUSE_NONE, { NULL } },
  { "client-certificate/require-expired",
    "[client]\ncertificate = expired\n[server]\nclient-certificate = require\n",
    ALERT ("certificate_expired", SERVER), "CERT_HAS_EXPIRED", 0, CAUSE_VERIFY,
    { "client's certificate", "notAfter", NULL } },
  { "client-certificate/require-server-auth-only",
    "[client]\ncertificate = server-auth-only\n[server]\nclient-certificate = require\n",
    ALERT ("unsupported_certificate", SERVER), "INVALID_PURPOSE", 0, CAUSE_VERIFY,
    { "client's certificate", "client authentication", NULL } },

  /* ---- the server's switches ---- */
  /* prefer-server-order: see test_switch_server_order_wins */
  { "server/dh-group-dh1024",
    "[client]\ncipher-suites = DHE-RSA-AES128-GCM-SHA256\n"
    "[server]\nkey-type = rsa-2048\ndh-group = dh1024\n",
    ALERT ("handshake_failure", CLIENT), NULL, 0, CAUSE_ALERT,
    { "1024-bit", "Diffie-Hellman", "Logjam" } },
  { "server/dh-group-ffdhe3072",
    "[client]\ncipher-suites = DHE-RSA-AES128-GCM-SHA256\n"
    "[server]\nkey-type = rsa-2048\ndh-group = ffdhe3072\n",
    SUCCESS, NULL, 0, CAUSE_NONE, { NULL } },

  /* ---- ready-made attacks ---- */
  { "attack/flip-client-random", "[wire]\nattack = flip-client-random\n",
    ALERT ("decrypt_error", CLIENT), NULL, 0, CAUSE_WIRE,
    { "of the ClientHello", "transcripts now differ", "signed over both randoms" } },
  { "attack/downgrade-suite", ECDSA_SUITES (TWO_SUITES) "[wire]\nattack = downgrade-suite\n",
    ALERT ("bad_record_mac", SERVER), NULL, 0, CAUSE_WIRE,
    { "removed cipher suite TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "transcripts now differ",
      "extended master secret" } },
  { "attack/downgrade-suite-without-ems",
    SUITES_AND (TWO_SUITES, "extended-master-secret = off\n") "[wire]\nattack = downgrade-suite\n",
    ALERT ("decrypt_error", SERVER), NULL, 0, CAUSE_WIRE,
    { "removed cipher suite", "transcripts now differ", "Finished message carries a hash" } },
  { "attack/strip-extended-master-secret", "[wire]\nattack = strip-extended-master-secret\n",
    ALERT ("bad_record_mac", SERVER), NULL, 0, CAUSE_WIRE,
    { "stripped the extended_master_secret extension (23) from the ServerHello",
      "RFC 7627 §4", "the classic formula of RFC 5246 §8.1" } },
  { "attack/rewrite-server-version", "[wire]\nattack = rewrite-server-version\n",
    ALERT ("protocol_version", CLIENT), NULL, 0, CAUSE_WIRE,
    { "version from 0x0303 to 0x0302", NULL } },
  { "attack/rewrite-server-suite",
    "[client]\ncipher-suites = ECDHE-ECDSA-AES128-GCM-SHA256\n"
    "[wire]\nattack = rewrite-server-suite\n",
    ALERT ("illegal_parameter", CLIENT), NULL, 0, CAUSE_WIRE,
    { "cipher suite from 0xc02b to 0x0000", "never offered", NULL } },
  { "attack/flip-key-exchange-signature", "[wire]\nattack = flip-key-exchange-signature\n",
    ALERT ("decrypt_error", CLIENT), NULL, 0, CAUSE_WIRE,
    { "of the ServerKeyExchange (byte", "signature failed", NULL } },
  { "attack/flip-encrypted-pre-master",
    "[client]\ncipher-suites = AES128-SHA\n[server]\nkey-type = rsa-2048\n"
    "[wire]\nattack = flip-encrypted-pre-master\n",
    ALERT ("bad_record_mac", SERVER), NULL, 0, CAUSE_WIRE,
    { "of the ClientKeyExchange (byte", "different pre-master secret", NULL } },
  { "attack/drop-change-cipher-spec", "[wire]\nattack = drop-change-cipher-spec\n",
    ALERT ("unexpected_message", SERVER), NULL, 0, CAUSE_WIRE,
    { "dropped a record (change_cipher_spec)", "never got the ChangeCipherSpec",
      "Finished, encrypted" } },
  { "attack/bad-change-cipher-spec", "[wire]\nattack = bad-change-cipher-spec\n",
    ALERT ("unexpected_message", SERVER), NULL, 0, CAUSE_WIRE,
    { "change_cipher_spec record from 0x01 to 0x02", "refuses the record itself",
      "RFC 8446 §5" } },
  { "attack/flip-finished", "[wire]\nattack = flip-finished\n", ALERT ("bad_record_mac", SERVER),
    NULL, 0, CAUSE_WIRE, { "of the Finished record", "did not authenticate", NULL } },
  { "attack/flip-application-data-gcm",
    ECDSA_SUITES ("ECDHE-ECDSA-AES128-GCM-SHA256") "[wire]\nattack = flip-application-data\n",
    ALERT ("bad_record_mac", SERVER), NULL, 0, CAUSE_WIRE,
    { "of the application_data record", "did not authenticate", NULL } },
  { "attack/flip-application-data-chacha20",
    ECDSA_SUITES ("ECDHE-ECDSA-CHACHA20-POLY1305") "[wire]\nattack = flip-application-data\n",
    ALERT ("bad_record_mac", SERVER), NULL, 0, CAUSE_WIRE,
    { "of the application_data record", "did not authenticate", NULL } },
  { "attack/flip-application-data-cbc",
    ECDSA_SUITES ("ECDHE-ECDSA-AES128-SHA") "[wire]\nattack = flip-application-data\n",
    ALERT ("bad_record_mac", SERVER), NULL, 0, CAUSE_WIRE,
    { "of the application_data record", "did not authenticate", NULL } },
  { "attack/replay-application-data", "[wire]\nattack = replay-application-data\n",
    ALERT ("bad_record_mac", SERVER), NULL, 0, CAUSE_WIRE,
    { "sent the application_data record twice", "sequence number", NULL } },
  { "attack/drop-server-flight", "timeout = 1\n[wire]\nattack = drop-server-flight\n",
    LAB_RESULT_TIMEOUT, NULL, LAB_SIDE_CLIENT, NULL, 0, CAUSE_WIRE,
    { "dropped a record (ServerHello)", "until the lab's timeout", NULL } },

  /* ---- [tamper N] rules, one per action ---- */
  { "tamper/field",
    "[tamper 1]\nmessage = ClientHello\nfield = random\noffset = 31\naction = flip-bit\n",
    ALERT ("decrypt_error", CLIENT), NULL, 0, CAUSE_WIRE,
    { "byte 37 of the ClientHello, in its random (byte 42 of its record)",
      "differ at byte 37 of the ClientHello", NULL } },
  /* OpenSSL sends no alert when the first record's version is not TLS's; the server hangs
   * up with the rest of the ClientHello unread, so the client sees a reset */
  { "tamper/record-header", "[tamper 1]\naction = flip-bit\noffset = 1\nbit = 0\n",
    NO_ALERT, NULL, 0, CAUSE_WIRE,
    { "flipped bit 0 of byte 1 of the ClientHello record, in its header: 0x03 became 0x02",
      "No alert came back", "wrong version number" } },
  { "tamper/flip-bit",
    "[tamper 1]\ndirection = server-to-client\nmessage = ServerHello\naction = flip-bit\n"
    "offset = 10\nbit = 0\n",
    ALERT ("decrypt_error", CLIENT), NULL, 0, CAUSE_WIRE,
    { "flipped bit 0 of byte 10 of the ServerHello (byte 15 of its record)",
      "differ at byte 10 of the ServerHello", NULL } },
  { "tamper/set-byte",
    "[tamper 1]\ndirection = server-to-client\nmessage = ServerKeyExchange\naction = set-byte\n"
    "offset = 10\nvalue = 0x00\n",
    ALERT ("decrypt_error", CLIENT), NULL, 0, CAUSE_WIRE,
    { "set byte 10 of the ServerKeyExchange (byte 15 of its record)", "to 0x00", NULL } },
  { "tamper/drop",
    "[tamper 1]\ndirection = server-to-client\nmessage = ServerKeyExchange\naction = drop\n",
    ALERT ("unexpected_message", CLIENT), NULL, 0, CAUSE_WIRE,
    { "dropped a record (ServerKeyExchange)", NULL } },
  { "tamper/replay", "[tamper 1]\nmessage = Finished\naction = replay\n",
    ALERT ("bad_record_mac", SERVER), NULL, 0, CAUSE_WIRE,
    { "sent the Finished record twice", NULL } },
  { "tamper/remove-cipher-suite",
    "[client]\ncipher-suites = ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305\n"
    "[tamper 1]\nmessage = ClientHello\naction = remove-cipher-suite\n"
    "suite = ECDHE-ECDSA-CHACHA20-POLY1305\n",
    ALERT ("bad_record_mac", SERVER), NULL, 0, CAUSE_WIRE,
    { "removed cipher suite TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
      "transcripts now differ", NULL } },
  { "tamper/strip-extension",
    "[tamper 1]\nmessage = ClientHello\naction = strip-extension\n"
    "extension = extended_master_secret\n",
    ALERT ("decrypt_error", SERVER), NULL, 0, CAUSE_WIRE,
    { "stripped the extended_master_secret extension (23) from the ClientHello",
      "transcripts now differ", NULL } },
  { "tamper/rewrite-suite",
    ECDSA_SUITES ("ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384")
    "[tamper 1]\ndirection = server-to-client\nmessage = ServerHello\naction = rewrite-suite\n"
    "suite = ECDHE-ECDSA-AES256-GCM-SHA384\n",
    ALERT ("bad_record_mac", SERVER), NULL, 0, CAUSE_WIRE,
    { "cipher suite from 0xc02b to 0xc02c", "PRF hashes differ (SHA-256 and SHA-384",
      "different master secrets" } },
  { "tamper/rewrite-version",
    "[tamper 1]\ndirection = server-to-client\nmessage = ServerHello\naction = rewrite-version\n"
    "version = 0x0304\n",
    ALERT ("protocol_version", CLIENT), NULL, 0, CAUSE_WIRE,
    { "version from 0x0303 to 0x0304", NULL } },
  /* two rules on one record: both act, in file order, the second on what the first left */
  { "tamper/two-rules-one-record",
    "[tamper 1]\nmessage = ClientHello\naction = flip-bit\noffset = 10\nbit = 0\n"
    "[tamper 2]\nmessage = ClientHello\naction = set-byte\noffset = 11\nvalue = 0xff\n",
    ALERT ("decrypt_error", CLIENT), NULL, 0, CAUSE_WIRE,
    { "flipped bit 0 of byte 10 of the ClientHello (byte 15 of its record)",
      "; then set byte 11 of the ClientHello (byte 16 of its record) from ", "to 0xff" } },
  { "tamper/replay-then-flip",
    "[tamper 1]\nmessage = Finished\naction = replay\n"
    "[tamper 2]\nmessage = Finished\naction = flip-bit\noffset = -1\n",
    ALERT ("bad_record_mac", SERVER), NULL, 0, CAUSE_WIRE,
    { "sent the Finished record twice; then flipped bit 0 of byte ", NULL } },
  { "tamper/drop-then-flip",
    "[tamper 1]\ndirection = server-to-client\nmessage = ServerKeyExchange\naction = drop\n"
    "[tamper 2]\ndirection = server-to-client\nmessage = ServerKeyExchange\naction = flip-bit\n",
    ALERT ("unexpected_message", CLIENT), NULL, 0, CAUSE_WIRE,
    { "dropped a record (ServerKeyExchange); then tamper 2 matched it too, but it was already "
      "dropped", NULL } },
};

/* The side whose check failed: the one that sent the alert, or a client going on anyway. */
static LabSide
verifier (const Breakage *b)
{
  return b->alert != NULL ? b->sent_by : LAB_SIDE_CLIENT;
}

static void
assert_cause_event (const Breakage *b, LabTrace *trace)
{
  const LabOutcome *o = lab_trace_get_outcome (trace);
  const LabEvent *e;

  if (b->cause_kind == CAUSE_NONE)
    {
      g_assert_null (o->cause);
      g_assert_cmpint (o->cause_event, ==, -1);
      return;
    }
  e = lab_test_cause_event (trace);
  switch (b->cause_kind)
    {
    case CAUSE_VERIFY:
      g_assert_cmpstr (lab_event_kind_name (e->kind), ==, lab_event_kind_name (LAB_EVENT_VERIFY));
      g_assert_false (e->verify_ok);
      g_assert_cmpint (e->verify_error, ==, lab_verify_error_lookup_symbol (b->verify_error)->code);
      g_assert_cmpint (e->depth, ==, b->depth);
      g_assert_cmpstr (lab_side_name (e->side), ==, lab_side_name (verifier (b)));
      break;
    case CAUSE_WIRE:
      g_assert_cmpstr (lab_event_kind_name (e->kind), ==, lab_event_kind_name (LAB_EVENT_RECORD));
      g_assert_nonnull (e->wire_action);
      g_assert_nonnull (e->forwarded);
      lab_test_assert_contains (o->cause, e->wire_action);
      break;
    case CAUSE_ALERT:
      g_assert_cmpstr (lab_event_kind_name (e->kind), ==, lab_event_kind_name (LAB_EVENT_ALERT));
      g_assert_cmpint (e->alert_description, ==, o->alert);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
test_breakage (gconstpointer data)
{
  const Breakage *b = data;
  g_autofree char *text = g_strdup_printf ("[scenario]\ntitle = %s\n%s", b->name, b->body);
  g_autoptr (LabScenario) scenario = lab_test_scenario (text);
  g_autoptr (LabTrace) trace = lab_test_run (scenario, 7, !b->unseeded);
  const LabOutcome *o = lab_trace_get_outcome (trace);

  g_assert_cmpstr (lab_result_name (o->result), ==, lab_result_name (b->result));
  if (b->alert != NULL)
    {
      g_assert_cmpint (o->alert, >=, 0);
      g_assert_cmpstr (lab_alert_lookup ((guint8) o->alert)->name, ==, b->alert);
      g_assert_cmpstr (lab_side_name (o->sent_by), ==, lab_side_name (b->sent_by));
    }
  else
    g_assert_cmpint (o->alert, ==, -1);
  /* The outcome carries the verify result of the side whose check failed. */
  if (b->verify_error == NULL)
    g_assert_cmpint (o->verify_error, ==, 0);
  else
    g_assert_cmpint (o->verify_error, ==, lab_verify_error_lookup_symbol (b->verify_error)->code);
  for (guint i = 0; i < G_N_ELEMENTS (b->cause) && b->cause[i] != NULL; i++)
    lab_test_assert_contains (o->cause, b->cause[i]);
  assert_cause_event (b, trace);
}

/* ---- what some switches change in the handshake itself ---- */

static LabTrace *
run_text (const char *text, gboolean seeded)
{
  g_autoptr (LabScenario) scenario = lab_test_scenario (text);
  LabTrace *trace = lab_test_run (scenario, 7, seeded);

  g_assert_cmpint (lab_trace_get_outcome (trace)->result, ==, LAB_RESULT_SUCCESS);
  return trace;
}

/* The cipher suite in the ServerHello the server sent (RFC 5246 §7.4.1.3). */
static const char *
chosen_suite (LabTrace *trace)
{
  const LabEvent *hello = lab_test_find_message (trace, LAB_SIDE_SERVER, TRUE, "ServerHello");
  gsize len;
  const guint8 *data = g_bytes_get_data (hello->bytes, &len);
  gsize at = 4 + 2 + 32;
  const LabCipherSuite *suite;

  g_assert_cmpuint (len, >, at + 1 + data[at] + 2);
  at += 1 + data[at];
  suite = lab_cipher_suite_lookup ((guint16) (data[at] << 8 | data[at + 1]));
  g_assert_nonnull (suite);
  return suite->openssl_name;
}

static void
test_switch_server_order_wins (void)
{
  const char *suites = "[client]\ncipher-suites = ECDHE-ECDSA-AES128-GCM-SHA256:"
                       "ECDHE-ECDSA-CHACHA20-POLY1305\n"
                       "[server]\ncipher-suites = ECDHE-ECDSA-CHACHA20-POLY1305:"
                       "ECDHE-ECDSA-AES128-GCM-SHA256\n";
  g_autofree char *client_order = g_strdup_printf ("[scenario]\ntitle = t\n%s", suites);
  g_autofree char *server_order = g_strdup_printf ("%sprefer-server-order = on\n", client_order);
  g_autoptr (LabTrace) a = run_text (client_order, TRUE);
  g_autoptr (LabTrace) b = run_text (server_order, TRUE);

  g_assert_cmpstr (chosen_suite (a), ==, "ECDHE-ECDSA-AES128-GCM-SHA256");
  g_assert_cmpstr (chosen_suite (b), ==, "ECDHE-ECDSA-CHACHA20-POLY1305");
}

static void
test_switch_messages (void)
{
  static const struct
  {
    const char *body;
    LabSide side;
    const char *sent;
    gboolean seeded;
  } cases[] = {
    { "[client]\nsession-tickets = on\n[server]\nsession-tickets = on\n", LAB_SIDE_SERVER,
      "ServerHello Certificate ServerKeyExchange ServerHelloDone NewSessionTicket "
      "ChangeCipherSpec Finished", FALSE },
    { "[client]\ncertificate = valid\n[server]\nclient-certificate = require\n", LAB_SIDE_CLIENT,
      "ClientHello Certificate ClientKeyExchange CertificateVerify ChangeCipherSpec Finished",
      TRUE },
    { "[client]\ncertificate = none\n[server]\nclient-certificate = request\n", LAB_SIDE_CLIENT,
      "ClientHello Certificate ClientKeyExchange ChangeCipherSpec Finished", TRUE },
    { "[client]\ncertificate = none\n[server]\nclient-certificate = request\n", LAB_SIDE_SERVER,
      "ServerHello Certificate ServerKeyExchange CertificateRequest ServerHelloDone "
      "ChangeCipherSpec Finished", TRUE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("[scenario]\ntitle = t\n%s", cases[i].body);
      g_autoptr (LabTrace) trace = run_text (text, cases[i].seeded);
      g_autofree char *sent = lab_test_messages (trace, cases[i].side, TRUE);

      g_assert_cmpstr (sent, ==, cases[i].sent);
    }
}

/* ---- invalid settings for these keys ---- */

#define PROFILES "valid, expired, not-yet-valid, wrong-host, self-signed, untrusted-root, " \
                 "missing-intermediate, expired-intermediate, revoked, weak-key, sha1-signature, " \
                 "client-auth-only, server-auth-only, issuer-not-ca, bad-signature, name-not-permitted, " \
                 "path-too-long, no-digital-signature"
#define TAMPER "[scenario]\ntitle = x\n[tamper 1]\n"

static const LabTestBadScenario bad_scenarios[] = {
  { "server-profile", "[scenario]\ntitle = x\n[server]\ncertificate = expird\n",
    "bad.scenario:4: 'expird' is not valid for certificate; expected one of: " PROFILES },
  { "client-profile",
    "[scenario]\ntitle = x\n[client]\ncertificate = old\n[server]\nclient-certificate = require\n",
    "bad.scenario:4: 'old' is not valid for certificate; expected one of: none, " PROFILES },
  { "attack", "[scenario]\ntitle = x\n[wire]\nattack = flip-everything\n",
    "bad.scenario:4: 'flip-everything' is not valid for attack; expected one of: none, "
    "flip-client-random, downgrade-suite, strip-extended-master-secret, rewrite-server-version, "
    "rewrite-server-suite, flip-key-exchange-signature, flip-encrypted-pre-master, "
    "drop-change-cipher-spec, bad-change-cipher-spec, flip-finished, flip-application-data, "
    "replay-application-data, drop-server-flight, man-in-the-middle" },
  { "tamper-unknown-key", TAMPER "message = ClientHello\ncolour = red\n",
    "bad.scenario:5: unknown key 'colour' in [tamper 1]; known keys: direction, message, "
    "content-type, record, occurrence, action, field, offset, bit, value, suite, extension, "
    "version" },
  { "field-needs-message", TAMPER "field = random\n",
    "bad.scenario:3: [tamper 1]: a field is named within a plaintext handshake message: it "
    "needs message = NAME (not Finished) and action = flip-bit or set-byte" },
  { "rewrite-suite-needs-server-hello",
    TAMPER "direction = server-to-client\naction = rewrite-suite\nsuite = AES128-SHA\n",
    "bad.scenario:3: [tamper 1]: rewrite-suite needs message = ServerHello" },
  { "rewrite-version-needs-server-hello",
    TAMPER "message = ClientHello\naction = rewrite-version\n",
    "bad.scenario:3: [tamper 1]: rewrite-version needs message = ServerHello" },
  { "remove-cipher-suite-needs-suite",
    TAMPER "message = ClientHello\naction = remove-cipher-suite\n",
    "bad.scenario:3: [tamper 1]: remove-cipher-suite needs message = ClientHello and a suite" },
  { "strip-extension-needs-hello",
    TAMPER "message = Certificate\naction = strip-extension\nextension = server_name\n",
    "bad.scenario:3: [tamper 1]: strip-extension needs message = ClientHello or ServerHello, "
    "and an extension" },
  { "message-and-content-type", TAMPER "message = Finished\ncontent-type = application_data\n",
    "bad.scenario:3: [tamper 1]: a message travels in a handshake record: remove content-type "
    "or message" },
  { "bit", TAMPER "message = ClientHello\naction = flip-bit\nbit = 9\n",
    "bad.scenario:6: '9' is not valid for bit; expected a bit number from 0 to 7" },
  { "value", TAMPER "message = ClientHello\naction = set-byte\nvalue = 300\n",
    "bad.scenario:6: '300' is not valid for value; expected a byte value from 0 to 255 (or 0x00 "
    "to 0xff)" },
  { "offset", TAMPER "message = ClientHello\noffset = 70000\n",
    "bad.scenario:5: '70000' is not valid for offset; expected a byte offset (negative counts "
    "from the end)" },
  { "direction", TAMPER "direction = sideways\n",
    "bad.scenario:4: 'sideways' is not valid for direction; expected client-to-server or "
    "server-to-client" },
  { "action", TAMPER "action = shred\n",
    "bad.scenario:4: 'shred' is not valid for action; expected flip-bit, set-byte, drop, replay, "
    "remove-cipher-suite, strip-extension, rewrite-suite or rewrite-version" },
  { "message", TAMPER "message = Hello\n",
    "bad.scenario:4: 'Hello' is not valid for message; expected a handshake message name such "
    "as ClientHello or ServerKeyExchange" },
  { "record", TAMPER "record = -1\n",
    "bad.scenario:4: '-1' is not valid for record; expected a record number from 0" },
  { "occurrence", TAMPER "occurrence = 0\n",
    "bad.scenario:4: '0' is not valid for occurrence; expected a whole number from 1" },
  { "extension", TAMPER "message = ClientHello\naction = strip-extension\nextension = no_such\n",
    "bad.scenario:6: 'no_such' is not valid for extension; expected an extension name such as "
    "extended_master_secret, or its number" },
  { "version", TAMPER "message = ServerHello\naction = rewrite-version\nversion = TLS1.1\n",
    "bad.scenario:6: 'TLS1.1' is not valid for version; expected a protocol version such as "
    "0x0302" },
  { "versions", "[scenario]\ntitle = x\n[client]\nversions = TLSv1.4\n",
    "bad.scenario:4: unknown protocol version 'TLSv1.4'; versions expects protocol versions "
    "such as TLSv1.2 or TLSv1.2:TLSv1.3" },
  { "groups", "[scenario]\ntitle = x\n[client]\ngroups = X25519:P-999\n",
    "bad.scenario:4: this OpenSSL does not know the group 'P-999': 'X25519:P-999' is not valid "
    "for groups; expected named groups such as X25519:P-256:ffdhe2048" },
  { "signature-algorithms", "[scenario]\ntitle = x\n[server]\nsignature-algorithms = ECDSA+MD4\n",
    "bad.scenario:4: this OpenSSL does not know the signature algorithm 'ECDSA+MD4'; "
    "signature-algorithms expects signature algorithms such as ECDSA+SHA256:RSA-PSS+SHA256" },
  { "dh-group", "[scenario]\ntitle = x\n[server]\ndh-group = dh512\n",
    "bad.scenario:4: 'dh512' is not valid for dh-group; expected one of: auto, ffdhe2048, "
    "ffdhe3072, ffdhe4096, dh1024" },
  { "client-certificate-policy", "[scenario]\ntitle = x\n[server]\nclient-certificate = maybe\n",
    "bad.scenario:4: 'maybe' is not valid for client-certificate; expected one of: none, "
    "request, require" },
  { "verify-peer", "[scenario]\ntitle = x\n[client]\nverify-peer = maybe\n",
    "bad.scenario:4: 'maybe' is not valid for verify-peer; expected on or off" },
  { "client-certificate-never-asked",
    "[scenario]\ntitle = x\n[client]\ncertificate = valid\n[server]\nclient-certificate = none\n",
    "bad.scenario:6: the client has a certificate but the server never asks for it; write "
    "'client-certificate = request' or 'require' in [server]" },
  { "client-certificate-never-asked-implicitly",
    "[scenario]\ntitle = x\n[client]\ncertificate = valid\n",
    "bad.scenario:4: the client has a certificate but the server never asks for it; write "
    "'client-certificate = request' or 'require' in [server]" },
  { "verify-error",
    "[scenario]\ntitle = x\n[expect]\noutcome = alert\nverify-error = CERT_TOO_OLD\n",
    "bad.scenario:5: 'CERT_TOO_OLD' is not valid for verify-error; expected an X.509 verify "
    "error such as CERT_HAS_EXPIRED, or its number" },
  { "timeout", "[scenario]\ntitle = x\ntimeout = 0\n",
    "bad.scenario:3: '0' is not valid for timeout; expected seconds a stalled run may wait, from "
    "1 to 60" },
};

/* The cause points at the very bytes the wire changed, so the window can show them. */
static void
test_cause_marks_the_changed_bytes (void)
{
  g_autoptr (LabScenario) flip = lab_test_scenario (
    "[scenario]\ntitle = flip\n[wire]\nattack = flip-client-random\n");
  g_autoptr (LabScenario) remove = lab_test_scenario (
    "[scenario]\ntitle = downgrade\n[client]\ncipher-suites = "
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305\n[wire]\nattack = downgrade-suite\n");
  g_autoptr (LabTrace) flipped = lab_test_run (flip, 7, TRUE);
  g_autoptr (LabTrace) removed = lab_test_run (remove, 7, TRUE);
  const LabOutcome *o = lab_trace_get_outcome (flipped);
  const LabEvent *record = lab_trace_get_event (flipped, (guint) o->cause_event);
  const guint8 *sent = g_bytes_get_data (record->bytes, NULL);
  const guint8 *got = g_bytes_get_data (record->forwarded, NULL);

  /* the last byte of the client random: record header 5 + message header 4 + version 2 + 31 */
  g_assert_cmpuint (o->cause_length, ==, 1);
  g_assert_cmpuint (o->cause_offset, ==, 5 + 4 + 2 + 31);
  g_assert_cmpint (sent[o->cause_offset] ^ got[o->cause_offset], ==, 1);

  /* a removed suite changes the lengths first: the mark starts in the record's length */
  o = lab_trace_get_outcome (removed);
  g_assert_cmpuint (o->cause_offset, ==, 4);
  g_assert_cmpuint (o->cause_length, >, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (breakages); i++)
    {
      g_autofree char *path = g_strdup_printf ("/breakage/%s", breakages[i].name);
      g_test_add_data_func (path, &breakages[i], test_breakage);
    }
  g_test_add_func ("/breakage/switch/server-order-wins", test_switch_server_order_wins);
  g_test_add_func ("/breakage/cause-marks-the-changed-bytes", test_cause_marks_the_changed_bytes);
  g_test_add_func ("/breakage/switch/messages", test_switch_messages);
  lab_test_add_bad_scenarios ("/breakage/bad", bad_scenarios, G_N_ELEMENTS (bad_scenarios));
  return g_test_run ();
}
