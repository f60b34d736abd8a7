/* lab-live-deadline.h: a bounded time for each connection with a real peer.
 *
 * Past its time a connection's socket is shut down, so that every call blocked on it
 * (OpenSSL's reads and writes) returns at once. One watcher thread serves every deadline
 * of the process, so that `listen`, serving many connections at once, does not pay a
 * thread per connection for its clocks. */
#pragma once

#include "engine/trace/lab-trace.h"

G_BEGIN_DECLS

typedef struct _LabLiveDeadline LabLiveDeadline;

/* Starts timing the connected socket fd; trace is the connection's, so that the moment
 * the deadline struck can be told apart from what OpenSSL did afterwards. */
LabLiveDeadline *lab_live_deadline_start (int fd, guint timeout_ms, LabTrace *trace);

/* Whether it has struck (the socket is then shut down). */
gboolean lab_live_deadline_struck (LabLiveDeadline *deadline);

/* Milliseconds left before it strikes (0 once it has). */
guint lab_live_deadline_remaining_ms (LabLiveDeadline *deadline);

/* Stops and frees it: whether it struck; then *events is how many events the trace had
 * at that moment. */
gboolean lab_live_deadline_stop (LabLiveDeadline *deadline, guint *events);

G_END_DECLS
