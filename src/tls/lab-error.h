/* lab-error.h: the one error domain of Handshake Lab. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LAB_ERROR (lab_error_quark ())

typedef enum
{
  LAB_ERROR_FAILED,       /* something went wrong that has no better code */
  LAB_ERROR_INVALID,      /* bad input: a file, an argument, peer bytes */
  LAB_ERROR_NOT_FOUND,    /* a named thing (file, suite, profile) does not exist */
  LAB_ERROR_UNSUPPORTED,  /* valid, but this build or this OpenSSL cannot do it */
  LAB_ERROR_CRYPTO,       /* libcrypto/libssl said no; the message is OpenSSL's reason */
  LAB_ERROR_IO,           /* a socket or file operation failed */
  LAB_ERROR_TIMEOUT,      /* a bounded wait ran out */
} LabErrorCode;

GQuark lab_error_quark (void);

G_END_DECLS
