/* lab-trace.h: the trace, an ordered list of everything observable in a run.
 *
 * The engine appends events while a session runs (from each peer's thread, the wire's
 * records from the sending peer's, under a lock); the lab's analysis then adds what it
 * recomputed and freezes the trace, which never changes again. The CLI and the GUI are
 * two views of the same trace (HACKING.md, "The trace and the steps"). */
#pragma once

#include <glib-object.h>

#include "tls/lab-record-protection.h"
#include "tls/lab-registry.h"

G_BEGIN_DECLS

typedef enum
{
  LAB_EVENT_TCP,      /* connect, accept, close (name says which) */
  LAB_EVENT_RECORD,   /* a record as it crossed the wire */
  LAB_EVENT_MESSAGE,  /* a handshake message as one side sent or received it (plaintext) */
  LAB_EVENT_CCS,      /* ChangeCipherSpec sent (or received: header only) */
  LAB_EVENT_ALERT,    /* an alert sent or received */
  LAB_EVENT_STATE,    /* a state-machine change of one side */
  LAB_EVENT_VERIFY,   /* one certificate verification callback */
  LAB_EVENT_KEYLOG,   /* the NSS key-log line OpenSSL emitted */
  LAB_EVENT_APP_DATA, /* application data one side wrote or read */
  LAB_EVENT_SECRET,   /* a secret recomputed by the lab and compared with OpenSSL's */
  LAB_EVENT_ERROR,    /* something the lab itself could not do, or a disagreement */
  LAB_EVENT_OUTCOME,  /* the last event: how the run ended */
} LabEventKind;

typedef enum
{
  LAB_SIDE_CLIENT,
  LAB_SIDE_SERVER,
  LAB_SIDE_WIRE,
  LAB_SIDE_LAB, /* the lab's own work: recomputation, the outcome */
  /* the active man in the middle ("Mallory"), a TLS end of its own toward each peer: its
   * events are its view of the client's connection (direction server-to-client for what
   * it sends there) and of its own connection to the server (client-to-server) */
  LAB_SIDE_ATTACKER,
} LabSide;

typedef enum
{
  LAB_DIRECTION_NONE,
  LAB_DIRECTION_CLIENT_TO_SERVER,
  LAB_DIRECTION_SERVER_TO_CLIENT,
} LabDirection;

/* What shows that a value the lab recomputed is the one the peer's OpenSSL used (HACKING.md,
 * "The trace and the steps"). The secret event's `detail` says it in words. */
typedef enum
{
  LAB_MATCH_NO_EVIDENCE,   /* nothing shows it either way: `detail` says why */
  LAB_MATCH_YES,           /* equals the value OpenSSL reports (a capture: the one the peer
                              sent) */
  LAB_MATCH_IMPLIED,       /* an input of a master secret that equals OpenSSL's */
  LAB_MATCH_OPENED_RECORD, /* opened a record OpenSSL protected with it (or, for a master
                              secret taken as it is, with keys derived from it) */
  LAB_MATCH_NOT_OPENED,    /* did not open a record OpenSSL protected with it: it, or
                              another key used with it on that record, differs */
  LAB_MATCH_NO,            /* differs from OpenSSL's value */
} LabMatch;

typedef enum
{
  LAB_RESULT_SUCCESS,
  LAB_RESULT_ALERT,
  LAB_RESULT_TIMEOUT,
  LAB_RESULT_ERROR,
} LabResult;

typedef struct
{
  char *name;
  GBytes *value;
} LabNamedBytes;

typedef struct
{
  guint seq;            /* position in the trace, from 0 */
  gint64 time_us;       /* monotonic microseconds since the session started */
  LabEventKind kind;
  LabSide side;         /* who acted: for messages, alerts and CCS, whose view this is */
  LabPhase phase;
  LabDirection direction;
  guint connection;     /* 0 for the first connection of a session, 1 for a resumption */

  char *name;           /* message name, TCP action, state name, secret name... */
  char *detail;         /* one line of key facts, for people */
  GBytes *bytes;        /* record, message, alert, app data or secret value */

  /* record: `bytes` is the record as its sender sent it; `forwarded` is what the wire
   * passed on instead (NULL when unchanged, empty when dropped), and wire_action says
   * what the wire did ("flipped bit 3 of byte 47", "dropped"...) */
  GBytes *forwarded;
  char *wire_action;
  guint8 content_type;  /* record, ccs */
  gboolean encrypted;   /* record: sent after the sender's ChangeCipherSpec */

  guint8 handshake_type; /* message */
  gboolean sent;         /* message, ccs, alert, app data: TRUE when `side` sent it */

  guint8 alert_level;    /* alert */
  guint8 alert_description;

  int depth;             /* verify: chain depth (0 = leaf) */
  gboolean verify_ok;
  int verify_error;      /* X509_V_ERR_* as OpenSSL reported it, 0 when ok */
  char *verify_error_string;
  char *subject;         /* verify: the certificate's subject (RFC 2253) */

  char *formula;         /* secret: how it was computed, in words and symbols */
  GPtrArray *inputs;     /* secret: LabNamedBytes */
  LabMatch match;        /* secret: what shows it is the value OpenSSL used */
  /* secret: the records that showed it (OPENED_RECORD, NOT_OPENED), by seq: one, or for a
   * key block one per direction */
  guint evidence_records[2];
  guint n_evidence_records;

  /* record, when it was protected: the lab's own opening of it with the sender's keys,
   * and of what the wire forwarded instead with the receiver's keys */
  LabRecordDecryption *decryption;
  LabRecordDecryption *forwarded_decryption;
} LabEvent;

typedef struct
{
  LabResult result;
  int alert;             /* the fatal alert's description, -1 when none */
  LabSide sent_by;       /* who sent that alert */
  char *reason;          /* OpenSSL's reason string from the side that failed */
  int verify_error;      /* X509_V_ERR_* when certificate verification failed, else 0 */
  char *cause;           /* plain-language explanation of why, for students */
  int cause_event;       /* seq of the event responsible, -1 when none */
  /* within that event's bytes (a record the wire changed: as its sender sent it), the
   * bytes responsible; cause_length 0 when no particular bytes are */
  gsize cause_offset;
  gsize cause_length;
  /* a man in the middle read the application data in the clear: the first line of what it
   * read from the client ("GET / HTTP/1.1"); NULL when nobody did. Whatever `result` says
   * of the TLS connections, the learner's connection was intercepted. */
  char *intercepted;
} LabOutcome;

#define LAB_TYPE_TRACE (lab_trace_get_type ())
G_DECLARE_FINAL_TYPE (LabTrace, lab_trace, LAB, TRACE, GObject)

LabTrace *lab_trace_new (void);
/* Past the cap, counts a record instead of keeping it and returns TRUE, so that the wire
 * need not even copy it; FALSE when the record is to be appended as usual. */
gboolean lab_trace_count_record (LabTrace *self, guint8 content_type, gsize len);

/* For a trace built from a capture: keep every record (the file already bounds them). */
void lab_trace_keep_all_records (LabTrace *self);
/* Was it built from a capture (lab_trace_keep_all_records)? Views then speak of what the
 * capture shows, not of what the lab's peers did. */
gboolean lab_trace_is_from_capture (LabTrace *self);

/* Readers: each waits while the lab still analyses the trace (lab_trace_begin_analysis). */
guint lab_trace_get_n_events (LabTrace *self);
const LabEvent *lab_trace_get_event (LabTrace *self, guint seq);
const LabOutcome *lab_trace_get_outcome (LabTrace *self);
gboolean lab_trace_is_frozen (LabTrace *self);

/* ---- for the engine while a session runs ---- */

LabEvent *lab_event_new (LabEventKind kind, LabSide side);
/* A line OpenSSL's keylog callback gave: named by its label (CLIENT_RANDOM...). */
LabEvent *lab_event_new_keylog (LabSide side, const char *line);
void lab_event_free (LabEvent *event);
void lab_event_add_input (LabEvent *event, const char *name, GBytes *value);

/* Takes ownership of event, stamps seq, time and (when still NONE) the phase, and
 * returns its seq. Safe from any thread until the trace is frozen. Past the first 64
 * application-data records, a record is counted (and said so at the end) instead of kept,
 * and G_MAXUINT is returned, so that a trace stays small however much data flows. */
guint lab_trace_append (LabTrace *self, LabEvent *event);

/* Puts event right after the event `after` (a seq lab_trace_append returned), moving the
 * events since one place on, and gives it the time of `after`: for what happens at about
 * the same moment as `after` but is taught as coming next (the server's accept() after
 * the client's connect(), while the ClientHello may already be on its way). Returns its
 * seq. Only for a trace whose writers hold no seq past `after`, as a session's do not. */
guint lab_trace_insert_after (LabTrace *self, guint after, LabEvent *event);

/* Sets the outcome, appends the outcome event, and makes the trace immutable; ends an
 * analysis, letting its waiting readers in. */
void lab_trace_finish (LabTrace *self, LabOutcome *outcome);

/* The peers are done, the lab's own analysis (its recomputation) is still to come, on
 * another thread, so that the next run need not wait for it. From begin to
 * lab_trace_finish every reader (lab_trace_get_*, lab_trace_is_frozen) waits, except the
 * thread that has called lab_trace_become_analyst: no one sees a trace half analysed. */
void lab_trace_begin_analysis (LabTrace *self);
void lab_trace_become_analyst (LabTrace *self);

/* Gives a record event (not yet frozen) the lab's decryption of it; takes ownership. */
void lab_trace_attach_decryption (LabTrace *self, guint seq, LabRecordDecryption *decryption,
                                  gboolean of_forwarded);

/* ---- names ---- */

const char *lab_event_kind_name (LabEventKind kind);   /* "record", "app-data", ... */
const char *lab_side_name (LabSide side);              /* "client", "server", ... */
const char *lab_direction_name (LabDirection direction); /* "client-to-server" */
const char *lab_result_name (LabResult result);        /* "success", "alert", ... */
/* Whether the run ended as it should for the learner: both sides succeeded and nobody
 * read the connection in between. An interception's TLS result is a success. */
gboolean lab_outcome_is_good (const LabOutcome *outcome);
/* "matches", "implied-by-master-secret", "opened-record", "did-not-open-record",
 * "differs", "no-evidence" */
const char *lab_match_name (LabMatch match);
/* A secret's match with its records: "opened-record 44", "opened-records 44 47". */
char *lab_event_match_text (const LabEvent *event);
/* Does the lab's value contradict OpenSSL's (NO, NOT_OPENED)? */
gboolean lab_match_is_failure (LabMatch match);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabEvent, lab_event_free)

G_END_DECLS
