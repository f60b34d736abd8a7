/* lab-verify-event.c: a certificate check as a trace event. */
#include "lab-verify-event.h"
#include "tls/lab-crypto-autoptr.h"

static char *
name_to_string (const X509_NAME *name)
{
  g_autoptr (BIO) bio = BIO_new (BIO_s_mem ());
  char *data = NULL;
  long len;

  if (bio == NULL || name == NULL || X509_NAME_print_ex (bio, name, 0, XN_FLAG_RFC2253) < 0)
    return g_strdup ("");
  len = BIO_get_mem_data (bio, &data);
  return g_strndup (data, (gsize) len);
}

LabEvent *
lab_verify_event_new (int ok, X509_STORE_CTX *store, LabSide side)
{
  X509 *cert = X509_STORE_CTX_get_current_cert (store);
  LabEvent *event = lab_event_new (LAB_EVENT_VERIFY, side);
  int err = X509_STORE_CTX_get_error (store);

  event->depth = X509_STORE_CTX_get_error_depth (store);
  event->verify_ok = ok != 0;
  /* The error code is only meaningful when ok == 0 (HACKING.md, "Message callbacks"). */
  event->verify_error = ok ? X509_V_OK : err;
  event->verify_error_string = g_strdup (X509_verify_cert_error_string (event->verify_error));
  event->subject = cert ? name_to_string (X509_get_subject_name (cert)) : g_strdup ("");
  if (cert != NULL)
    {
      /* the certificate itself, so views and the cause can show the field that failed */
      unsigned char *der = NULL;
      int len = i2d_X509 (cert, &der);
      if (len > 0)
        event->bytes = g_bytes_new (der, (gsize) len);
      OPENSSL_free (der);
    }
  event->name = g_strdup (ok ? "certificate accepted" : "certificate rejected");
  event->detail = g_strdup_printf ("depth %d, %s: %s", event->depth, event->subject,
                                   ok ? "ok" : event->verify_error_string);
  event->phase = side == LAB_SIDE_CLIENT ? LAB_PHASE_SERVER_AUTH : LAB_PHASE_CLIENT_AUTH_KEYS;
  return event;
}
