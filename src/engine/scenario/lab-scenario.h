/* lab-scenario.h: what a run does, as an instructor writes it (*.scenario, GKeyFile).
 *
 *   [scenario]  title, description, topic, seed, clock, timeout
 *   [client]    cipher-suites, server-name, certificate, verify-peer, check-host-name,
 *               check-revocation, versions, groups, signature-algorithms,
 *               extended-master-secret, encrypt-then-mac, session-tickets, resume,
 *               security-level, ocsp, alpn, fallback-scsv, trust-mallory-root, pin,
 *               renegotiate
 *   [server]    cipher-suites, certificate, key-type, prefer-server-order, versions,
 *               groups, client-certificate, dh-group, extended-master-secret,
 *               encrypt-then-mac, session-tickets, security-level, names,
 *               unknown-name, ocsp-stapling, alpn, renegotiation
 *   [wire]      attack (a named, ready-made wire rule), mallory-certificate
 *   [tamper N]  one wire rule each (see lab-wire-rule.h)
 *   [expect]    outcome, alert, sent-by, verify-error
 *
 * lessons/README.md is the instructor's guide with an example per feature. */
#pragma once

#include <glib.h>

#include "engine/pki/lab-pki.h"
#include "engine/trace/lab-trace.h"
#include "lab-wire-rule.h"

G_BEGIN_DECLS

#define LAB_DEFAULT_SERVER_NAME "server.handshake.lab"
/* The clock a seeded scenario without a clock uses, so that its certificates (and so
 * every wire byte) stay the same from day to day: 2025-01-01T00:00:00Z. */
#define LAB_SEEDED_DEFAULT_CLOCK G_GINT64_CONSTANT (1735689600)

typedef enum
{
  LAB_CLIENT_CERT_NONE,
  LAB_CLIENT_CERT_REQUEST, /* ask; go on without one */
  LAB_CLIENT_CERT_REQUIRE, /* ask; refuse a client that sends none */
} LabClientCertPolicy;

typedef enum
{
  LAB_RESUME_NONE,       /* one connection */
  LAB_RESUME_SESSION_ID, /* a second connection resumes the first by its session ID */
  LAB_RESUME_TICKET,     /* ... by the session ticket the server gave (RFC 5077) */
} LabResume;

/* What the client asks of the server's certificate status (OCSP stapling, RFC 6066 §8). */
typedef enum
{
  LAB_OCSP_OFF,     /* no status_request */
  LAB_OCSP_REQUEST, /* ask; check a stapled response; go on without one */
  LAB_OCSP_REQUIRE, /* ask; check it; refuse a server that staples none */
} LabOcspPolicy;

/* Which keys the client accepts from the server, whatever the chain (RFC 7469 §2.4's
 * pin-sha256, as apps that pin check it). */
typedef enum
{
  LAB_PIN_NONE,       /* any key the chain vouches for */
  LAB_PIN_SERVER_KEY, /* only the real server's keys, as made for this run */
} LabPin;

/* What a server does when the client asks to renegotiate (RFC 5746). */
typedef enum
{
  LAB_RENEGOTIATION_REFUSE, /* SSL_OP_NO_RENEGOTIATION: a warning no_renegotiation alert */
  LAB_RENEGOTIATION_ACCEPT, /* SSL_OP_ALLOW_CLIENT_RENEGOTIATION: a second handshake */
} LabRenegotiation;

/* What a server with certificates for several names does with a name it has none for
 * (RFC 6066 §3 allows both). */
typedef enum
{
  LAB_UNKNOWN_NAME_DEFAULT_CERTIFICATE, /* go on with the first name's certificate */
  LAB_UNKNOWN_NAME_ALERT,               /* a fatal unrecognized_name alert */
} LabUnknownName;

typedef enum
{
  LAB_DH_AUTO,      /* OpenSSL picks an RFC 7919 group to match the key size */
  LAB_DH_FFDHE2048,
  LAB_DH_FFDHE3072,
  LAB_DH_FFDHE4096,
  LAB_DH_1024,      /* the 1024-bit Oakley group 2 (RFC 2409): too weak today */
} LabDhGroup;

/* What both peers can set. Strings are NULL for OpenSSL's default. */
typedef struct
{
  char *cipher_suites;        /* OpenSSL cipher-list syntax, ':'-joined */
  char *versions;             /* "TLSv1.2:TLSv1.3"; NULL: TLS 1.2 only */
  char *groups;               /* OpenSSL group list: "X25519:P-256" */
  char *signature_algorithms; /* OpenSSL sigalgs list: "ECDSA+SHA256:RSA-PSS+SHA256" */
  gboolean extended_master_secret;
  gboolean encrypt_then_mac;
  gboolean session_tickets;
  int certificate;            /* LabCertProfile; for the client -1 means none */
  int security_level;         /* 0..5 (SSL_CTX_set_security_level); -1: OpenSSL's default,
                               * which the distribution chooses (Debian: 2, upstream: 1) */
  char *alpn;                 /* application protocols (RFC 7301), ", "-joined, in order of
                               * preference; NULL: no ALPN */
} LabPeerConfig;

typedef struct
{
  char *source;         /* the file path (or "name.scenario (built in)") used in messages */
  char *title;
  char *description;
  char *topic;          /* a lab_scenario_topic_at name, NULL when the file names none */

  gboolean has_seed;
  guint64 seed;
  gboolean has_clock;
  gint64 clock;         /* Unix time certificates are made and checked against */
  guint timeout_s;      /* how long a stalled run may wait; 0: the lab's default */

  LabPeerConfig client;
  char *server_name;    /* SNI and the host name the client checks */
  gboolean verify_peer;
  gboolean check_host_name;
  gboolean check_revocation;
  int resume;           /* LabResume */
  int ocsp;             /* LabOcspPolicy */
  gboolean fallback_scsv; /* TLS_FALLBACK_SCSV in the suites: "this is a retry at a lower
                           * version than I support" (RFC 7507) */
  gboolean trust_mallory_root; /* the man in the middle's root is in the client's trust store */
  gboolean renegotiate; /* after the first response, a second handshake inside the connection
                         * (RFC 5746), then a second request */
  int pin;              /* LabPin */

  LabPeerConfig server;
  int key_type;         /* LabKeyType */
  gboolean prefer_server_order;
  int client_certificate; /* LabClientCertPolicy */
  int dh_group;           /* LabDhGroup */
  /* the host names the server has certificates for, ", "-joined, the first its default;
   * it then picks one by the client's server_name (SNI). NULL: one certificate, made for
   * the client's server-name, and the server does not read SNI */
  char *server_names;
  int unknown_name;       /* LabUnknownName, for a server with server_names */
  gboolean ocsp_stapling; /* staple the CA's OCSP response when the client asks */
  int renegotiation;      /* LabRenegotiation: a client's request to renegotiate */

  int attack;             /* LabWireAttack from [wire] attack */
  int mallory_certificate; /* LabMalloryCertificate (OWN_CA or MIS_ISSUED), for the man in
                            * the middle */
  GPtrArray *tamper;      /* LabWireRule from [tamper N] groups, in file order */

  gboolean has_expect;
  LabResult expect_result;
  int expect_alert;           /* -1: any */
  gboolean has_expect_sent_by;
  LabSide expect_sent_by;
  int expect_verify_error;    /* X509_V_ERR_*, -1: not checked */
} LabScenario;

LabScenario *lab_scenario_new_default (void);
LabScenario *lab_scenario_load_file (const char *path, GError **error);
LabScenario *lab_scenario_load_data (const char *source, const char *text, gsize len,
                                     GError **error);
/* A scenario shipped inside the binary, by name ("default", "expired-certificate"). */
LabScenario *lab_scenario_load_builtin (const char *name, GError **error);
/* Names of the shipped scenarios, sorted; free with g_strfreev. */
char **lab_scenario_list_builtin (void);

LabScenario *lab_scenario_copy (const LabScenario *scenario);
void lab_scenario_free (LabScenario *scenario);

/* ---- the settings, generically: the window builds its switches from these ---- */

typedef enum
{
  LAB_SETTING_TEXT,   /* free text, checked when set */
  LAB_SETTING_CHOICE, /* one of `choices` */
  LAB_SETTING_BOOL,   /* "on" or "off" (files may also say true/false, yes/no) */
} LabSettingKind;

typedef struct
{
  const char *group;             /* "client", "server", "wire", ... */
  const char *key;               /* as in the file: "cipher-suites" */
  const char *title;             /* for people: "Offered cipher suites" */
  LabSettingKind kind;
  const char *const *choices;    /* NULL-terminated, for LAB_SETTING_CHOICE */
  gboolean in_panel;             /* shown as a switch in the window's side panel */
} LabSetting;

/* The settings in file order; NULL past the last. */
const LabSetting *lab_scenario_setting_at (gsize index);
/* The current value as the file would spell it ("" when unset). */
char *lab_scenario_get_value (const LabScenario *scenario, const char *group, const char *key);
/* The same for a setting lab_scenario_setting_at gave, without looking it up by name. */
char *lab_scenario_get_setting_value (const LabScenario *scenario, const LabSetting *setting);
/* Sets one value with the same checks as the file reader; on error nothing changes. */
gboolean lab_scenario_set_value (LabScenario *scenario, const char *group, const char *key,
                                 const char *value, GError **error);

/* The server's host names ([server] names), or NULL when it has one certificate for the
 * client's server-name; free with g_strfreev. */
char **lab_scenario_server_names (const LabScenario *scenario);

/* The clock this scenario runs at: its own, the fixed seeded default, or now. */
gint64 lab_scenario_effective_clock (const LabScenario *scenario);

/* What [expect] asks for, in words: "success", "alert certificate_expired from the
 * client", "anything" without [expect]. */
char *lab_scenario_expectation_text (const LabScenario *scenario);

/* Does the trace's outcome match [expect]? A scenario without [expect] always matches.
 * When it does not, *why says how (free with g_free). */
gboolean lab_scenario_outcome_matches (const LabScenario *scenario, const LabOutcome *outcome,
                                       char **why);

/* What [expect] says, for a list of scenarios: "succeeds", "alert certificate_expired
 * from the client", "times out"; NULL when the scenario expects nothing. */
char *lab_scenario_expect_summary (const LabScenario *scenario);

/* The topics a scenario may name (`topic =` in [scenario]), in teaching order: the
 * window's scenario chooser groups the shipped scenarios by them. */
typedef struct
{
  const char *name;  /* as in the file: "key-exchange" */
  const char *title; /* for people: "Key exchange" */
} LabScenarioTopic;

/* NULL past the last. */
const LabScenarioTopic *lab_scenario_topic_at (gsize index);

const char *lab_client_cert_policy_name (LabClientCertPolicy policy);
const char *lab_dh_group_name (LabDhGroup group);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabScenario, lab_scenario_free)

G_END_DECLS
