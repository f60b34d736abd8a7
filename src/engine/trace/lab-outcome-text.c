/* lab-outcome-text.c: the outcome's words (moved here from lab-cli-run.c and
 * lab-cli-ladder.c, which printed them each). */
#include "lab-outcome-text.h"

#include <openssl/x509_vfy.h>

char *
lab_outcome_interception (const LabOutcome *o)
{
  if (o->intercepted == NULL)
    return NULL;
  return g_strdup_printf ("The attacker read the request: \"%s\".", o->intercepted);
}

char *
lab_outcome_headline (const LabOutcome *o, gboolean observed)
{
  const LabAlertInfo *alert = o->alert >= 0 ? lab_alert_lookup ((guint8) o->alert) : NULL;

  switch (o->result)
    {
    case LAB_RESULT_SUCCESS:
      /* both TLS connections succeeded, but neither was between the client and the server */
      if (o->intercepted != NULL)
        return g_strdup_printf ("Outcome: INTERCEPTED. The attacker read the request: \"%s\". "
                                "Both TLS handshakes succeeded, the client's with the man in "
                                "the middle.",
                                o->intercepted);
      if (!observed)
        return g_strdup ("Outcome: success. The handshake completed, the page arrived, and both "
                         "sides closed with close_notify.");
      return g_strdup_printf ("Outcome: success%s%s.",
                              o->reason ? ": " : ", the handshake completed",
                              o->reason ? o->reason : "");
    case LAB_RESULT_ALERT:
      return g_strdup_printf ("Outcome: alert %s (%d), sent by the %s%s%s.",
                              alert ? alert->name : "unknown", o->alert,
                              lab_side_name (o->sent_by), o->reason ? ": " : "",
                              o->reason ? o->reason : "");
    case LAB_RESULT_TIMEOUT:
    case LAB_RESULT_ERROR:
    default:
      if (observed)
        return g_strdup_printf ("Outcome: %s: %s.", lab_result_name (o->result),
                                o->reason ? o->reason : "");
      return g_strdup_printf ("Outcome: %s. %s.", lab_result_name (o->result),
                              o->reason ? o->reason : "");
    }
}

char *
lab_outcome_verification (const LabOutcome *o)
{
  if (o->result != LAB_RESULT_ALERT || o->verify_error == 0)
    return NULL;
  return g_strdup_printf ("certificate verification failed: %s (X509_V_ERR %d).",
                          X509_verify_cert_error_string (o->verify_error), o->verify_error);
}
