/* lab-step-bytes.h: which bytes the detail tabs show for a step, and their field tree
 * from the dissector: a handshake message as its sender sent it (plaintext, even when
 * its record was encrypted), otherwise the record on the wire. */
#pragma once

#include <glib.h>

#include "engine/trace/lab-steps.h"
#include "tls/lab-field.h"
#include "tls/lab-registry.h"

G_BEGIN_DECLS

/* One side's view of the step's message, where the sides saw different bytes. */
typedef struct
{
  char *label;    /* for a button: "As the client received it" */
  char *what;     /* "the Certificate as the client received it, from Mallory" */
  GBytes *bytes;
  LabField *root;
} LabStepView;

typedef struct
{
  GBytes *bytes;     /* what the Fields and Bytes tabs show; NULL: nothing to show */
  LabField *root;    /* the dissected tree of `bytes`, NULL when there is none */
  char *what;        /* for people: "the ClientHello as the client sent it" */
  GBytes *record;    /* the record that carried the step, as its sender sent it */
  GBytes *forwarded; /* that record as the wire passed it on, when the wire changed it */
  const char *explanation_key; /* the message's, alert's or content type's text */
  /* LabStepView: the client's and the server's view of the message, client first, when
   * they differ (the wire changed it; or a man in the middle sent the client a message of
   * its own for the one the server sent it); empty when there is one view only. `bytes`,
   * `root` and `what` are those of views[view]. */
  GPtrArray *views;
  guint view;
} LabStepBytes;

/* The cipher suite the run's ServerHello chose, NULL when there was none. */
const LabCipherSuite *lab_step_bytes_run_suite (LabTrace *trace, GPtrArray *steps);

/* `steps` (the run's) tells a man in the middle's two connections apart. */
LabStepBytes *lab_step_bytes_new (LabTrace *trace, GPtrArray *steps, const LabStep *step,
                                  const LabCipherSuite *suite);
/* Shows views[index] (see `views`). */
void lab_step_bytes_set_view (LabStepBytes *self, guint index);
/* Where a byte of the record (as sent) is within `bytes`: the same offset when the step
 * shows the record, its place in the message when the record carries the message in
 * plaintext; FALSE when the byte is not among those shown. */
gboolean lab_step_bytes_offset_from_record (const LabStepBytes *self, gsize record_offset,
                                            gsize *offset);
void lab_step_bytes_free (LabStepBytes *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabStepBytes, lab_step_bytes_free)

G_END_DECLS
