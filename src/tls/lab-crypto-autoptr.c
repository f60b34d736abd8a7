#include "lab-crypto-autoptr.h"
#include "lab-error.h"

#include <openssl/err.h>

char *
lab_openssl_last_reason (void)
{
  unsigned long code = ERR_peek_last_error ();
  const char *reason;

  if (code == 0)
    return NULL;
  reason = ERR_reason_error_string (code);
  if (reason != NULL)
    return g_strdup (reason);
  return g_strdup_printf ("OpenSSL error %lx", code);
}

void
lab_set_error_from_openssl (GError **error, const char *doing)
{
  g_autofree char *reason = lab_openssl_last_reason ();

  ERR_clear_error ();
  g_set_error (error, LAB_ERROR, LAB_ERROR_CRYPTO, "%s: %s", doing,
               reason ? reason : "OpenSSL gave no reason");
}
