/* lab-dissect-ocsp.c: what an OCSP response says (RFC 6960 §4.2.1), in words, for the
 * CertificateStatus message that staples one (RFC 6066 §8). Read with libcrypto's own
 * parser: the words name the fields a learner looks for, the bytes stay one field. */
#include "lab-dissect.h"
#include "lab-crypto-autoptr.h"

#include <openssl/err.h>

static char *
format_time (const ASN1_GENERALIZEDTIME *t)
{
  struct tm tm;
  g_autoptr (GDateTime) dt = NULL;

  if (t == NULL || !ASN1_TIME_to_tm (t, &tm))
    return g_strdup ("?");
  dt = g_date_time_new_from_unix_utc ((gint64) timegm (&tm));
  return dt ? g_date_time_format (dt, "%-d %B %Y, %H:%M UTC") : g_strdup ("?");
}

static char *
serial_hex (const ASN1_INTEGER *serial)
{
  g_autoptr (BIGNUM) bn = serial ? ASN1_INTEGER_to_BN (serial, NULL) : NULL;
  char *hex = bn ? BN_bn2hex (bn) : NULL;
  char *out = g_strdup_printf ("0x%s", hex ? hex : "?");

  OPENSSL_free (hex);
  return out;
}

char *
lab_dissect_ocsp_response (const guint8 *der, gsize len, int *status)
{
  const unsigned char *p = der;
  g_autoptr (OCSP_RESPONSE) response = d2i_OCSP_RESPONSE (NULL, &p, (long) len);
  g_autoptr (OCSP_BASICRESP) basic = NULL;
  OCSP_SINGLERESP *single;
  ASN1_GENERALIZEDTIME *revoked_at = NULL, *this_update = NULL, *next_update = NULL;
  ASN1_INTEGER *serial = NULL;
  g_autofree char *serial_text = NULL, *from = NULL, *until = NULL, *when = NULL;
  int reason = -1, single_status;

  if (status != NULL)
    *status = -1;
  if (response == NULL)
    {
      ERR_clear_error ();
      return NULL;
    }
  if (OCSP_response_status (response) != OCSP_RESPONSE_STATUS_SUCCESSFUL)
    return g_strdup_printf ("the responder answered %s",
                            OCSP_response_status_str (OCSP_response_status (response)));
  basic = OCSP_response_get1_basic (response);
  single = basic ? OCSP_resp_get0 (basic, 0) : NULL;
  if (single == NULL
      || !OCSP_id_get0_info (NULL, NULL, NULL, &serial, (OCSP_CERTID *) OCSP_SINGLERESP_get0_id (single)))
    {
      ERR_clear_error ();
      return g_strdup ("a successful response about no certificate");
    }
  single_status = OCSP_single_get0_status (single, &reason, &revoked_at, &this_update,
                                           &next_update);
  if (status != NULL)
    *status = single_status;
  serial_text = serial_hex (serial);
  from = format_time (this_update);
  until = next_update ? format_time (next_update) : g_strdup ("no date");
  if (single_status == V_OCSP_CERTSTATUS_REVOKED)
    {
      when = format_time (revoked_at);
      return g_strdup_printf ("serial %s revoked on %s (this update %s, next update %s)",
                              serial_text, when, from, until);
    }
  return g_strdup_printf ("serial %s %s (this update %s, next update %s)", serial_text,
                          single_status == V_OCSP_CERTSTATUS_GOOD ? "good" : "unknown",
                          from, until);
}
