/* lab-detail-pane.h: the tabs about the selected step: Fields, Bytes, Keys, Record,
 * Certificates. Selecting a field highlights its bytes and moving to a byte selects its
 * field. */
#pragma once

#include <adwaita.h>

#include "engine/trace/lab-steps.h"

G_BEGIN_DECLS

#define LAB_TYPE_DETAIL_PANE (lab_detail_pane_get_type ())
G_DECLARE_FINAL_TYPE (LabDetailPane, lab_detail_pane, LAB, DETAIL_PANE, AdwBin)

/* A new run: its steps and trace (kept), and which step is selected. */
void lab_detail_pane_set_run (LabDetailPane *self, LabTrace *trace, GPtrArray *steps);
void lab_detail_pane_set_step (LabDetailPane *self, int step);

/* "fields", "bytes", "keys", "record", "certificates" */
void lab_detail_pane_show_tab (LabDetailPane *self, const char *name);
const char *lab_detail_pane_get_tab (LabDetailPane *self);
/* Shows the Bytes tab with a byte range of the step's bytes highlighted. */
void lab_detail_pane_show_bytes (LabDetailPane *self, gsize offset, gsize length);

/* Shows the Bytes tab with bytes of the step's record (as its sender sent it)
 * highlighted: where the step shows a message, the same bytes within it, and in the
 * record as the wire passed it on. */
void lab_detail_pane_show_record_bytes (LabDetailPane *self, gsize offset, gsize length);
/* Selects a field of the step's message by its path within the message ("random",
 * "cipher_suites.cipher_suite[2]") on the Fields tab, which highlights its bytes; FALSE
 * when the step has no such field. NULL: no field selected, no bytes highlighted. */
gboolean lab_detail_pane_select_field (LabDetailPane *self, const char *path);

/* The buttons that choose whose view of the message Fields and Bytes show ("As the
 * client received it", "As the server sent it"), shown over those tabs when the views
 * differ: for tests. */
GtkWidget *lab_detail_pane_get_view_switch (LabDetailPane *self);
/* The tabs, for tests and for keyboard focus. */
GtkWidget *lab_detail_pane_get_page (LabDetailPane *self, const char *name);
/* The heading of the Fields tab: what the step is ("ClientHello"). */
const char *lab_detail_pane_get_heading (LabDetailPane *self);

G_END_DECLS
