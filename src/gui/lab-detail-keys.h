/* lab-detail-keys.h: the Keys tab: every secret the lab recomputed up to the selected
 * step (pre-master secret, master secret, key block, keys, Finished), each with its
 * formula, inputs and value, and whether it equals OpenSSL's own. */
#pragma once

#include <adwaita.h>

#include "engine/trace/lab-steps.h"

G_BEGIN_DECLS

#define LAB_TYPE_DETAIL_KEYS (lab_detail_keys_get_type ())
G_DECLARE_FINAL_TYPE (LabDetailKeys, lab_detail_keys, LAB, DETAIL_KEYS, AdwBin)

void lab_detail_keys_set_step (LabDetailKeys *self, LabTrace *trace, const LabStep *step);
/* How many secrets are listed, for tests. */
guint lab_detail_keys_get_n_secrets (LabDetailKeys *self);

G_END_DECLS
