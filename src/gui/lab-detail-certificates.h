/* lab-detail-certificates.h: the Certificates tab: every certificate check the client
 * (or, with client certificates, the server) made, one row per check, the failed one
 * marked. */
#pragma once

#include <adwaita.h>

#include "engine/trace/lab-trace.h"

G_BEGIN_DECLS

#define LAB_TYPE_DETAIL_CERTIFICATES (lab_detail_certificates_get_type ())
G_DECLARE_FINAL_TYPE (LabDetailCertificates, lab_detail_certificates, LAB, DETAIL_CERTIFICATES,
                      AdwBin)

void lab_detail_certificates_set_trace (LabDetailCertificates *self, LabTrace *trace);
/* Whether a check failed in this run: the tab asks for attention. */
gboolean lab_detail_certificates_has_failure (LabDetailCertificates *self);

G_END_DECLS
