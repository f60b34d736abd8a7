/* lab-verify-event.h: one certificate check, as OpenSSL's verify callback reports it, as a
 * trace event: shared by the lab's runs (lab-session.c) and its live peers (lab-live.c). */
#pragma once

#include <glib.h>
#include <openssl/x509_vfy.h>

#include "lab-trace.h"

G_BEGIN_DECLS

/* The check OpenSSL just made for `side` (its phase set from the side); the certificate's
 * DER is the event's bytes. */
LabEvent *lab_verify_event_new (int ok, X509_STORE_CTX *store, LabSide side);

G_END_DECLS
