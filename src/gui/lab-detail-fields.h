/* lab-detail-fields.h: the Fields tab: the step's message or record as the dissector's
 * field tree, with the explanation of the message and of the selected field. */
#pragma once

#include <adwaita.h>

#include "lab-step-bytes.h"

G_BEGIN_DECLS

#define LAB_TYPE_DETAIL_FIELDS (lab_detail_fields_get_type ())
G_DECLARE_FINAL_TYPE (LabDetailFields, lab_detail_fields, LAB, DETAIL_FIELDS, AdwBin)

/* Emits "field-selected" (offset, length) when the learner selects a field; selecting
 * one from code (the functions below) does not. */
void lab_detail_fields_set_step (LabDetailFields *self, const LabStep *step, guint n_steps,
                                 const LabStepBytes *bytes);
/* Selects the innermost field that covers the byte at offset (quietly). */
void lab_detail_fields_select_offset (LabDetailFields *self, gsize offset);
/* Selects this field of the step's tree (opening its parents), or none (NULL), quietly;
 * FALSE when it is not in the tree. */
gboolean lab_detail_fields_select_field (LabDetailFields *self, const LabField *field);
/* The selected field, NULL when none. */
LabField *lab_detail_fields_get_selected (LabDetailFields *self);

const char *lab_detail_fields_get_heading (LabDetailFields *self);

G_END_DECLS
