/* lab-tls-event.h: what OpenSSL's message callback reports (a handshake message, a
 * ChangeCipherSpec, an alert) as a trace event: shared by the lab's peers and by the man
 * in the middle, which is a TLS end of its own toward each of them. */
#pragma once

#include <glib.h>

#include "lab-trace.h"

G_BEGIN_DECLS

/* `side`'s view of what was sent in `direction` (its own when `sent`); NULL for what
 * the trace does not keep (record headers, TLS 1.3 inner content types, an alert that is
 * not two bytes). The phase comes from the message; an alert's is left for the trace to
 * stamp, except close_notify's, which belongs to the record protocol. */
LabEvent *lab_tls_event_new (LabSide side, gboolean sent, LabDirection direction,
                             int content_type, const guint8 *bytes, gsize len);

G_END_DECLS
