/* lab-ocsp.c: OCSP responses made and checked against the lab's clock (RFC 6960). */
#include "lab-ocsp.h"
#include "tls/lab-crypto-autoptr.h"
#include "tls/lab-error.h"

#include <openssl/err.h>
#include <openssl/ocsp.h>
#include <openssl/x509v3.h>

#define DAY (24 * 60 * 60)

GBytes *
lab_ocsp_response_new (OSSL_LIB_CTX *libctx, X509 *cert, X509 *issuer, EVP_PKEY *issuer_key,
                       gboolean revoked, gint64 clock, GError **error)
{
  g_autoptr (OCSP_BASICRESP) basic = OCSP_BASICRESP_new ();
  g_autoptr (OCSP_RESPONSE) response = NULL;
  g_autoptr (EVP_MD_CTX) md_ctx = EVP_MD_CTX_new ();
  g_autoptr (ASN1_TIME) this_update = ASN1_GENERALIZEDTIME_set (NULL, (time_t) clock);
  g_autoptr (ASN1_TIME) next_update = ASN1_GENERALIZEDTIME_set (NULL, (time_t) (clock + 7 * DAY));
  g_autoptr (ASN1_TIME) revoked_at = ASN1_GENERALIZEDTIME_set (NULL, (time_t) (clock - DAY));
  OCSP_CERTID *id;
  ASN1_GENERALIZEDTIME *produced;
  unsigned char *der = NULL;
  int len;

  ERR_clear_error ();
  /* the certificate's ID: hashes of its issuer's name and key, and its serial number
   * (RFC 6960 §4.1.1; SHA-1, as every responder and client supports) */
  id = OCSP_cert_to_id (NULL, cert, issuer);
  if (basic == NULL || md_ctx == NULL || this_update == NULL || next_update == NULL
      || revoked_at == NULL || id == NULL
      || OCSP_basic_add1_status (basic, id,
                                 revoked ? V_OCSP_CERTSTATUS_REVOKED : V_OCSP_CERTSTATUS_GOOD,
                                 OCSP_REVOKED_STATUS_NOSTATUS, revoked ? revoked_at : NULL,
                                 this_update, next_update)
           == NULL
      || !OCSP_basic_sign (basic, issuer, issuer_key, EVP_sha256 (), NULL, OCSP_NOCERTS))
    {
      OCSP_CERTID_free (id);
      lab_set_error_from_openssl (error, "making the OCSP response");
      return NULL;
    }
  OCSP_CERTID_free (id);
  /* OCSP_basic_sign stamps producedAt with the real time; the lab's clock it is, and the
   * response is signed again over it, so that a seeded run stays the same every day */
  produced = (ASN1_GENERALIZEDTIME *) OCSP_resp_get0_produced_at (basic);
  if (ASN1_GENERALIZEDTIME_set (produced, (time_t) clock) == NULL
      || EVP_DigestSignInit_ex (md_ctx, NULL, "SHA256", libctx, NULL, issuer_key, NULL) <= 0
      || ASN1_item_sign_ctx (ASN1_ITEM_rptr (OCSP_RESPDATA),
                             (X509_ALGOR *) OCSP_resp_get0_tbs_sigalg (basic), NULL,
                             (ASN1_BIT_STRING *) OCSP_resp_get0_signature (basic),
                             (void *) OCSP_resp_get0_respdata (basic), md_ctx)
           <= 0
      || (response = OCSP_response_create (OCSP_RESPONSE_STATUS_SUCCESSFUL, basic)) == NULL
      || (len = i2d_OCSP_RESPONSE (response, &der)) <= 0)
    {
      lab_set_error_from_openssl (error, "signing the OCSP response");
      return NULL;
    }
  {
    GBytes *bytes = g_bytes_new (der, (gsize) len);
    OPENSSL_free (der);
    return bytes;
  }
}

static char *
openssl_reason (const char *what)
{
  g_autofree char *reason = lab_openssl_last_reason ();

  ERR_clear_error ();
  return g_strdup_printf ("%s (OpenSSL: \"%s\")", what, reason ? reason : "no reason given");
}

/* The issuer of `cert` among `chain`, or `root`; NULL when neither issued it. */
static X509 *
find_issuer (X509 *cert, STACK_OF (X509) *chain, X509 *root)
{
  for (int i = 0; chain != NULL && i < sk_X509_num (chain); i++)
    if (X509_check_issued (sk_X509_value (chain, i), cert) == X509_V_OK)
      return sk_X509_value (chain, i);
  return X509_check_issued (root, cert) == X509_V_OK ? root : NULL;
}

LabOcspVerdict
lab_ocsp_check (const guint8 *der, gsize len, X509 *cert, STACK_OF (X509) *chain, X509 *root,
                gint64 clock, char **why)
{
  const unsigned char *p = der;
  g_autoptr (OCSP_RESPONSE) response = NULL;
  g_autoptr (OCSP_BASICRESP) basic = NULL;
  g_autoptr (OCSP_CERTID) id = NULL;
  g_autoptr (X509_STORE) store = X509_STORE_new ();
  X509 *issuer = find_issuer (cert, chain, root);
  ASN1_GENERALIZEDTIME *this_update = NULL, *next_update = NULL;
  time_t now = (time_t) clock;
  int status = -1, reason = -1;

  ERR_clear_error ();
  *why = NULL;
  response = d2i_OCSP_RESPONSE (NULL, &p, (long) len);
  if (response == NULL)
    {
      *why = openssl_reason ("the stapled bytes are not an OCSP response");
      return LAB_OCSP_INVALID;
    }
  if (OCSP_response_status (response) != OCSP_RESPONSE_STATUS_SUCCESSFUL)
    {
      *why = g_strdup_printf ("the responder answered \"%s\", not with a status",
                              OCSP_response_status_str (OCSP_response_status (response)));
      return LAB_OCSP_INVALID;
    }
  if ((basic = OCSP_response_get1_basic (response)) == NULL || issuer == NULL
      || (id = OCSP_cert_to_id (NULL, cert, issuer)) == NULL)
    {
      *why = openssl_reason ("the response is not a basic response about a certificate the "
                             "lab knows the issuer of");
      return LAB_OCSP_INVALID;
    }
  /* the signer must be the issuer, or a responder it delegated to, under the trusted root,
   * at the lab's clock (RFC 6960 §4.2.2.2, §4.2.2.2.1) */
  if (store == NULL || !X509_STORE_add_cert (store, root)
      || !X509_VERIFY_PARAM_set_flags (X509_STORE_get0_param (store), X509_V_FLAG_USE_CHECK_TIME))
    {
      *why = openssl_reason ("setting up the check");
      return LAB_OCSP_INVALID;
    }
  X509_VERIFY_PARAM_set_time (X509_STORE_get0_param (store), now);
  if (OCSP_basic_verify (basic, chain, store, 0) <= 0)
    {
      *why = openssl_reason ("its signature or its signer does not check out");
      return LAB_OCSP_INVALID;
    }
  if (!OCSP_resp_find_status (basic, id, &status, &reason, NULL, &this_update, &next_update))
    {
      *why = g_strdup ("it says nothing about the server's certificate");
      return LAB_OCSP_INVALID;
    }
  if (X509_cmp_time (this_update, &now) > 0
      || (next_update != NULL && X509_cmp_time (next_update, &now) < 0))
    {
      *why = g_strdup ("it is not valid at the lab's clock (thisUpdate to nextUpdate)");
      return LAB_OCSP_INVALID;
    }
  ERR_clear_error ();
  return status == V_OCSP_CERTSTATUS_GOOD      ? LAB_OCSP_GOOD
         : status == V_OCSP_CERTSTATUS_REVOKED ? LAB_OCSP_REVOKED
                                               : LAB_OCSP_UNKNOWN;
}
