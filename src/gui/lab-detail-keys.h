/* lab-detail-keys.h: the Keys tab: every secret the lab recomputed (pre-master secret,
 * master secret, key block, keys, Finished), once, with its formula, inputs and value,
 * which side holds it, and whether it equals OpenSSL's own; those of the selected step
 * highlighted, those of later steps faint. */
#pragma once

#include <adwaita.h>

#include "engine/trace/lab-steps.h"

G_BEGIN_DECLS

#define LAB_TYPE_DETAIL_KEYS (lab_detail_keys_get_type ())
G_DECLARE_FINAL_TYPE (LabDetailKeys, lab_detail_keys, LAB, DETAIL_KEYS, AdwBin)

void lab_detail_keys_set_step (LabDetailKeys *self, LabTrace *trace, const LabStep *step);
/* How many secrets are listed, each once, for tests; and their list: each secret's row
 * has the CSS class key-current (made at the step on show) or key-later (at a later
 * one), and the index of that step as its "lab-step" data (-1: none known). */
guint lab_detail_keys_get_n_secrets (LabDetailKeys *self);
GtkListBox *lab_detail_keys_get_list (LabDetailKeys *self);

G_END_DECLS
