/* lab-verify-errors.h: X.509 verification errors as a table (OpenSSL 3.0 x509_vfy.h).
 *
 * Each entry carries the key of its explanation text under data/explanations (see
 * lab-explanations.h). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  int code;                    /* X509_V_ERR_* (0 is X509_V_OK) */
  const char *symbol;          /* without the X509_V_ERR_ prefix: "CERT_HAS_EXPIRED" */
  const char *text;            /* OpenSSL's own string: "certificate has expired" */
  const char *explanation_key; /* "verify.CERT_HAS_EXPIRED" */
} LabVerifyErrorInfo;

const LabVerifyErrorInfo *lab_verify_error_lookup (int code);
/* Accepts "CERT_HAS_EXPIRED" or "X509_V_ERR_CERT_HAS_EXPIRED", case-insensitively. */
const LabVerifyErrorInfo *lab_verify_error_lookup_symbol (const char *symbol);
const LabVerifyErrorInfo *lab_verify_error_all (gsize *n_errors);

G_END_DECLS
