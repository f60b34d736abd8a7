/* lab-watchdog.h: a function called at a deadline, by one thread shared by every run.
 *
 * A session's own thread plays the client (one thread hand-over fewer per handshake),
 * so something else must end a run that stalls: the watchdog. It sleeps until the
 * earliest armed deadline; arming one later than that costs no wake-up at all. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef void (*LabWatchdogFunc) (gpointer data);
typedef struct _LabWatch LabWatch;

/* Calls func (data) on the watchdog's thread at the monotonic deadline, unless disarmed
 * first. */
LabWatch *lab_watchdog_arm (gint64 deadline_us, LabWatchdogFunc func, gpointer data);

/* After it returns, func is not running and will never run; TRUE when it did run. */
gboolean lab_watchdog_disarm (LabWatch *watch);

G_END_DECLS
