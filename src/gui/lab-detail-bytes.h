/* lab-detail-bytes.h: the Bytes tab: the step's bytes as hex, the selected field's bytes
 * highlighted, and a record the wire changed shown against what was sent. */
#pragma once

#include <adwaita.h>

#include "lab-hex-view.h"
#include "lab-step-bytes.h"

G_BEGIN_DECLS

#define LAB_TYPE_DETAIL_BYTES (lab_detail_bytes_get_type ())
G_DECLARE_FINAL_TYPE (LabDetailBytes, lab_detail_bytes, LAB, DETAIL_BYTES, AdwBin)

/* Emits "byte-activated" (offset) when the learner moves to a byte. */
void lab_detail_bytes_set_step (LabDetailBytes *self, const LabStepBytes *bytes);
void lab_detail_bytes_highlight (LabDetailBytes *self, gsize offset, gsize length);
/* Highlights bytes of the record as the wire passed it on (when the wire changed it). */
void lab_detail_bytes_highlight_forwarded (LabDetailBytes *self, gsize offset, gsize length);
LabHexView *lab_detail_bytes_get_hex_view (LabDetailBytes *self);
LabHexView *lab_detail_bytes_get_forwarded_hex_view (LabDetailBytes *self);

G_END_DECLS
