/* lab-cause-wire.h: what lab-cause.c and lab-cause-wire.c share: the run being explained,
 * the wire's part of the cause, and the certificate sentence a change on the wire may end
 * in. */
#pragma once

#include "lab-cause.h"

G_BEGIN_DECLS

typedef struct
{
  LabTrace *trace;
  const LabScenario *scenario;
  LabOutcome *outcome;
  const char *alert; /* the alert's name, or NULL */
  guint limit;       /* events after this are not causes */
} Cause;

static inline const LabEvent *
event_at (Cause *c, guint i)
{
  return lab_trace_get_event (c->trace, i);
}

/* The first failed certificate check, as a sentence (its event becomes the cause
 * event); NULL when none explains the outcome (lab-cause.c). */
char *lab_cause_certificate (Cause *c);

/* What the wire changed, and why that surfaces as this outcome; FALSE when the wire
 * changed nothing (lab-cause-wire.c). */
gboolean lab_cause_explain_wire (Cause *c);

G_END_DECLS
