/* lab-cause-extensions.c: why a handshake failed over what the hello extensions asked for:
 * a stapled certificate status (RFC 6066 §8), a server name (RFC 6066 §3), an application
 * protocol (RFC 7301), a version fallback (RFC 7507, RFC 8446 §4.1.3) or a renegotiation
 * (RFC 5746). */
#include "lab-cause-private.h"

char *
lab_cause_extensions (LabTrace *trace, const LabScenario *scenario, LabOutcome *outcome)
{
  return NULL;
}
