/* lab-verify-errors.c: X.509 verification errors as a table, numbered as in OpenSSL
 * 3.0's x509_vfy.h. The text of each entry is OpenSSL's own string (what
 * X509_verify_cert_error_string returns), so that what the lab shows matches what
 * `openssl verify` and s_client print. The checks themselves are RFC 5280 §6. */
#include "lab-verify-errors.h"

#include <openssl/x509_vfy.h>

#define V(symbol, text)                                                                            \
  {                                                                                                \
    X509_V_ERR_##symbol, #symbol, text, "verify." #symbol                                          \
  }

static const LabVerifyErrorInfo verify_errors[] = {
  { X509_V_OK, "OK", "ok", "verify.OK" },
  V (UNSPECIFIED, "unspecified certificate verification error"),
  V (UNABLE_TO_GET_ISSUER_CERT, "unable to get issuer certificate"),
  V (UNABLE_TO_GET_CRL, "unable to get certificate CRL"),
  V (UNABLE_TO_DECRYPT_CERT_SIGNATURE, "unable to decrypt certificate's signature"),
  V (UNABLE_TO_DECRYPT_CRL_SIGNATURE, "unable to decrypt CRL's signature"),
  V (UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY, "unable to decode issuer public key"),
  V (CERT_SIGNATURE_FAILURE, "certificate signature failure"),
  V (CRL_SIGNATURE_FAILURE, "CRL signature failure"),
  V (CERT_NOT_YET_VALID, "certificate is not yet valid"),
  V (CERT_HAS_EXPIRED, "certificate has expired"),
  V (CRL_NOT_YET_VALID, "CRL is not yet valid"),
  V (CRL_HAS_EXPIRED, "CRL has expired"),
  V (ERROR_IN_CERT_NOT_BEFORE_FIELD, "format error in certificate's notBefore field"),
  V (ERROR_IN_CERT_NOT_AFTER_FIELD, "format error in certificate's notAfter field"),
  V (ERROR_IN_CRL_LAST_UPDATE_FIELD, "format error in CRL's lastUpdate field"),
  V (ERROR_IN_CRL_NEXT_UPDATE_FIELD, "format error in CRL's nextUpdate field"),
  V (OUT_OF_MEM, "out of memory"),
  V (DEPTH_ZERO_SELF_SIGNED_CERT, "self-signed certificate"),
  V (SELF_SIGNED_CERT_IN_CHAIN, "self-signed certificate in certificate chain"),
  V (UNABLE_TO_GET_ISSUER_CERT_LOCALLY, "unable to get local issuer certificate"),
  V (UNABLE_TO_VERIFY_LEAF_SIGNATURE, "unable to verify the first certificate"),
  V (CERT_CHAIN_TOO_LONG, "certificate chain too long"),
  V (CERT_REVOKED, "certificate revoked"),
  V (NO_ISSUER_PUBLIC_KEY, "issuer certificate doesn't have a public key"),
  V (PATH_LENGTH_EXCEEDED, "path length constraint exceeded"),
  V (INVALID_PURPOSE, "unsuitable certificate purpose"),
  V (CERT_UNTRUSTED, "certificate not trusted"),
  V (CERT_REJECTED, "certificate rejected"),
  V (SUBJECT_ISSUER_MISMATCH, "subject issuer mismatch"),
  V (AKID_SKID_MISMATCH, "authority and subject key identifier mismatch"),
  V (AKID_ISSUER_SERIAL_MISMATCH, "authority and issuer serial number mismatch"),
  V (KEYUSAGE_NO_CERTSIGN, "key usage does not include certificate signing"),
  V (UNABLE_TO_GET_CRL_ISSUER, "unable to get CRL issuer certificate"),
  V (UNHANDLED_CRITICAL_EXTENSION, "unhandled critical extension"),
  V (KEYUSAGE_NO_CRL_SIGN, "key usage does not include CRL signing"),
  V (UNHANDLED_CRITICAL_CRL_EXTENSION, "unhandled critical CRL extension"),
  V (INVALID_NON_CA, "invalid non-CA certificate (has CA markings)"),
  V (PROXY_PATH_LENGTH_EXCEEDED, "proxy path length constraint exceeded"),
  V (KEYUSAGE_NO_DIGITAL_SIGNATURE, "key usage does not include digital signature"),
  V (PROXY_CERTIFICATES_NOT_ALLOWED,
     "proxy certificates not allowed, please set the appropriate flag"),
  V (INVALID_EXTENSION, "invalid or inconsistent certificate extension"),
  V (INVALID_POLICY_EXTENSION, "invalid or inconsistent certificate policy extension"),
  V (NO_EXPLICIT_POLICY, "no explicit policy"),
  V (DIFFERENT_CRL_SCOPE, "different CRL scope"),
  V (UNSUPPORTED_EXTENSION_FEATURE, "unsupported extension feature"),
  V (UNNESTED_RESOURCE, "RFC 3779 resource not subset of parent's resources"),
  V (PERMITTED_VIOLATION, "permitted subtree violation"),
  V (EXCLUDED_VIOLATION, "excluded subtree violation"),
  V (SUBTREE_MINMAX, "name constraints minimum and maximum not supported"),
  V (APPLICATION_VERIFICATION, "application verification failure"),
  V (UNSUPPORTED_CONSTRAINT_TYPE, "unsupported name constraint type"),
  V (UNSUPPORTED_CONSTRAINT_SYNTAX, "unsupported or invalid name constraint syntax"),
  V (UNSUPPORTED_NAME_SYNTAX, "unsupported or invalid name syntax"),
  V (CRL_PATH_VALIDATION_ERROR, "CRL path validation error"),
  V (PATH_LOOP, "path loop"),
  V (SUITE_B_INVALID_VERSION, "Suite B: certificate version invalid"),
  V (SUITE_B_INVALID_ALGORITHM, "Suite B: invalid public key algorithm"),
  V (SUITE_B_INVALID_CURVE, "Suite B: invalid ECC curve"),
  V (SUITE_B_INVALID_SIGNATURE_ALGORITHM, "Suite B: invalid signature algorithm"),
  V (SUITE_B_LOS_NOT_ALLOWED, "Suite B: curve not allowed for this LOS"),
  V (SUITE_B_CANNOT_SIGN_P_384_WITH_P_256, "Suite B: cannot sign P-384 with P-256"),
  V (HOSTNAME_MISMATCH, "hostname mismatch"),
  V (EMAIL_MISMATCH, "email address mismatch"),
  V (IP_ADDRESS_MISMATCH, "IP address mismatch"),
  V (DANE_NO_MATCH, "no matching DANE TLSA records"),
  V (EE_KEY_TOO_SMALL, "EE certificate key too weak"),
  V (CA_KEY_TOO_SMALL, "CA certificate key too weak"),
  V (CA_MD_TOO_WEAK, "CA signature digest algorithm too weak"),
  V (INVALID_CALL, "invalid certificate verification context"),
  V (STORE_LOOKUP, "issuer certificate lookup error"),
  V (NO_VALID_SCTS, "Certificate Transparency required, but no valid SCTs found"),
  V (PROXY_SUBJECT_NAME_VIOLATION, "proxy subject name violation"),
  V (OCSP_VERIFY_NEEDED, "OCSP verification needed"),
  V (OCSP_VERIFY_FAILED, "OCSP verification failed"),
  V (OCSP_CERT_UNKNOWN, "OCSP unknown cert"),
  V (UNSUPPORTED_SIGNATURE_ALGORITHM, "Cannot find certificate signature algorithm"),
  V (SIGNATURE_ALGORITHM_MISMATCH,
     "subject signature algorithm and issuer public key algorithm mismatch"),
  V (SIGNATURE_ALGORITHM_INCONSISTENCY, "cert info signature and signature algorithm mismatch"),
  V (INVALID_CA, "invalid CA certificate"),
  V (PATHLEN_INVALID_FOR_NON_CA, "Path length invalid for non-CA cert"),
  V (PATHLEN_WITHOUT_KU_KEY_CERT_SIGN, "Path length given without key usage keyCertSign"),
  V (KU_KEY_CERT_SIGN_INVALID_FOR_NON_CA, "Key usage keyCertSign invalid for non-CA cert"),
  V (ISSUER_NAME_EMPTY, "Issuer name empty"),
  V (SUBJECT_NAME_EMPTY, "Subject name empty"),
  V (MISSING_AUTHORITY_KEY_IDENTIFIER, "Missing Authority Key Identifier"),
  V (MISSING_SUBJECT_KEY_IDENTIFIER, "Missing Subject Key Identifier"),
  V (EMPTY_SUBJECT_ALT_NAME, "Empty Subject Alternative Name extension"),
  V (EMPTY_SUBJECT_SAN_NOT_CRITICAL, "Subject empty and Subject Alt Name extension not critical"),
  V (CA_BCONS_NOT_CRITICAL, "Basic Constraints of CA cert not marked critical"),
  V (AUTHORITY_KEY_IDENTIFIER_CRITICAL, "Authority Key Identifier marked critical"),
  V (SUBJECT_KEY_IDENTIFIER_CRITICAL, "Subject Key Identifier marked critical"),
  V (CA_CERT_MISSING_KEY_USAGE, "CA cert does not include key usage extension"),
  V (EXTENSIONS_REQUIRE_VERSION_3, "Using cert extension requires at least X509v3"),
  V (EC_KEY_EXPLICIT_PARAMS, "Certificate public key has explicit ECC parameters"),
};

const LabVerifyErrorInfo *
lab_verify_error_lookup (int code)
{
  for (gsize i = 0; i < G_N_ELEMENTS (verify_errors); i++)
    if (verify_errors[i].code == code)
      return &verify_errors[i];
  return NULL;
}

const LabVerifyErrorInfo *
lab_verify_error_lookup_symbol (const char *symbol)
{
  if (symbol == NULL)
    return NULL;
  if (g_ascii_strncasecmp (symbol, "X509_V_ERR_", 11) == 0)
    symbol += 11;
  else if (g_ascii_strcasecmp (symbol, "X509_V_OK") == 0)
    symbol = "OK";
  for (gsize i = 0; i < G_N_ELEMENTS (verify_errors); i++)
    if (g_ascii_strcasecmp (verify_errors[i].symbol, symbol) == 0)
      return &verify_errors[i];
  return NULL;
}

const LabVerifyErrorInfo *
lab_verify_error_all (gsize *n_errors)
{
  *n_errors = G_N_ELEMENTS (verify_errors);
  return verify_errors;
}
