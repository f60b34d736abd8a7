/* lab-detail-record.h: the Record tab: the record that carried the step, its header and
 * body as the dissector splits them (explicit nonce, ciphertext, tag for a protected
 * record), whether it was protected, and what the wire did to it. */
#pragma once

#include <adwaita.h>

#include "engine/trace/lab-steps.h"
#include "tls/lab-registry.h"

G_BEGIN_DECLS

#define LAB_TYPE_DETAIL_RECORD (lab_detail_record_get_type ())
G_DECLARE_FINAL_TYPE (LabDetailRecord, lab_detail_record, LAB, DETAIL_RECORD, AdwBin)

void lab_detail_record_set_step (LabDetailRecord *self, LabTrace *trace, const LabStep *step,
                                 const LabCipherSuite *suite);

G_END_DECLS
