/* lab-ocsp.h: the lab's CA as an OCSP responder (RFC 6960): a signed response about one
 * certificate, made against the lab's clock, and the check a client makes of a response
 * stapled to a handshake (RFC 6066 §8). OpenSSL 3.0's libssl hands a client the stapled
 * bytes and leaves every check to the application; this is the lab client's. */
#pragma once

#include <glib.h>
#include <openssl/x509.h>

G_BEGIN_DECLS

typedef enum
{
  LAB_OCSP_GOOD,    /* signed by the certificate's CA, about it, in date: good */
  LAB_OCSP_REVOKED, /* all that, and it says revoked */
  LAB_OCSP_UNKNOWN, /* all that, and the responder does not know the certificate */
  LAB_OCSP_INVALID, /* not a successful response, not signed by the CA, not about this
                     * certificate, or out of date */
} LabOcspVerdict;

/* A successful OCSPResponse (DER) about `cert`, signed by its issuer with `issuer_key` (a
 * CA-signed response, RFC 6960 §4.2.2.2): good, or revoked a day before `clock`;
 * producedAt and thisUpdate at `clock`, nextUpdate a week later. */
GBytes *lab_ocsp_response_new (OSSL_LIB_CTX *libctx, X509 *cert, X509 *issuer,
                               EVP_PKEY *issuer_key, gboolean revoked, gint64 clock,
                               GError **error);

/* Checks a stapled response about `cert`, whose issuer is among `chain` (what the server
 * sent, leaf first) or is `root`: parsed, successful, signed by the issuer (or by a
 * responder the issuer delegated to) whose chain leads to `root` at `clock`, about `cert`,
 * with thisUpdate at or before `clock` and nextUpdate after it. *why (free with g_free)
 * says what was wrong, for LAB_OCSP_INVALID. */
LabOcspVerdict lab_ocsp_check (const guint8 *der, gsize len, X509 *cert, STACK_OF (X509) *chain,
                               X509 *root, gint64 clock, char **why);

G_END_DECLS
