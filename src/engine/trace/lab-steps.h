/* lab-steps.h: the steps a learner walks through, derived from a trace.
 *
 * A step is one thing that happened between the peers as it is taught: the TCP
 * connection, each handshake message as its sender sent it, ChangeCipherSpec, each
 * alert, each piece of application data, each record the wire changed, the close.
 * Each step points at the events behind it: the sender's view, the receiver's view, and
 * the record that carried it. The CLI's ladder and the window's ladder are both lists
 * of steps.
 *
 * A step spans two of the ladder's three columns: the client, the server, and between
 * them the wire, or, when a man in the middle acts, the attacker ("Mallory"), a TLS end
 * of its own toward each of them. Then there are two connections, client <-> Mallory and
 * Mallory <-> server, and each step is on one of them. */
#pragma once

#include <glib.h>

#include "lab-trace.h"

G_BEGIN_DECLS

typedef enum
{
  LAB_STEP_TCP,
  LAB_STEP_MESSAGE,
  LAB_STEP_CCS,
  LAB_STEP_ALERT,
  LAB_STEP_APP_DATA,
  LAB_STEP_WIRE,   /* a record the wire changed or dropped, with nothing else to hang on */
  LAB_STEP_CLOSE,
} LabStepKind;

typedef struct
{
  guint index;
  LabStepKind kind;
  guint connection;       /* 0, or 1 for the connection that resumes the session */
  LabPhase phase;
  LabSide sender;
  LabDirection direction;
  LabSide from;           /* the column its arrow starts at: who sent it (the wire for a
                           * record the wire made up) */
  LabSide to;             /* the column it ends at: who it was for */
  char *title;            /* "ClientHello", "TCP connect", "bad_record_mac" */
  char *facts;            /* one line of key facts */
  int event;              /* seq of the sender's event */
  int received_event;     /* seq of the receiver's view, -1 when it never arrived */
  int record_event;       /* seq of the record that carried it, -1 when not known */
  gboolean received_differs; /* the receiver saw other bytes than were sent */
  gboolean tampered;      /* the wire changed or dropped the record */
  gboolean is_fatal;      /* a fatal alert */
  int sort_key;           /* where it stands in the order things crossed the wire */
  gboolean never_happened; /* a step of the full handshake the run never reached: drawn
                            * faint; facts say "never sent" (or, for a capture, "not in the
                            * capture"); event, received_event, record_event -1 */
} LabStep;

/* Why a step that never happened is missing, in a sentence for the detail pane. */
const char *lab_step_missing_sentence (const LabStep *step);

/* The steps of a frozen trace, in order; free with g_ptr_array_unref. */
GPtrArray *lab_steps_from_trace (LabTrace *trace);

const char *lab_step_kind_name (LabStepKind kind);

/* Does the step start or end at the man in the middle? */
gboolean lab_step_involves_attacker (const LabStep *step);
/* Do any of the steps? Then the middle column is the attacker's. */
gboolean lab_steps_have_attacker (GPtrArray *steps);
/* A column as people call it: "client", "server", "Mallory", "wire". */
const char *lab_step_column_name (LabSide column);
/* What the man in the middle did with the step, for a line under it ("Mallory read it in
 * the clear"); NULL when there is nothing to say. */
const char *lab_step_attacker_note (const LabStep *step);
/* "client → Mallory" (with " → "), "client to server" (with " to "). */
char *lab_step_span (const LabStep *step, const char *joiner);

/* In a run with a man in the middle, the step on the other connection that this one
 * stands for (Mallory's Certificate to the client for the server's Certificate to
 * Mallory, and back; the client's ClientHello for Mallory's to the server): the same
 * message, the same way round, as often before; -1 when there is none. */
int lab_steps_counterpart (GPtrArray *steps, const LabStep *step);

G_END_DECLS
