/* lab-live-deadline.c: every connection's deadline, watched by one thread.
 *
 * The watcher runs while there is a deadline to watch and ends when the last one stops;
 * the next start makes a new one. All state is under one lock. */
#include "lab-live-deadline.h"

#include <sys/socket.h>

struct _LabLiveDeadline
{
  LabTrace *trace;
  int fd;
  gint64 end; /* monotonic microseconds */
  gboolean struck;
  guint events; /* the trace's events when it struck */
};

static GMutex lock;
static GCond changed;         /* a deadline came or went */
static GList *deadlines;      /* LabLiveDeadline*, being watched */
static gboolean watching;     /* a watcher thread is running */

static gpointer
watch (gpointer data)
{
  g_mutex_lock (&lock);
  while (deadlines != NULL)
    {
      gint64 now = g_get_monotonic_time (), next = G_MAXINT64;

      for (GList *l = deadlines; l != NULL; l = l->next)
        {
          LabLiveDeadline *d = l->data;

          if (d->struck)
            continue;
          if (d->end <= now)
            {
              /* Shutting the socket makes every blocked read and write return. */
              d->events = lab_trace_get_n_events (d->trace);
              shutdown (d->fd, SHUT_RDWR);
              d->struck = TRUE;
            }
          else
            next = MIN (next, d->end);
        }
      if (next == G_MAXINT64)
        g_cond_wait (&changed, &lock);
      else
        g_cond_wait_until (&changed, &lock, next);
    }
  watching = FALSE;
  g_mutex_unlock (&lock);
  return NULL;
}

LabLiveDeadline *
lab_live_deadline_start (int fd, guint timeout_ms, LabTrace *trace)
{
  LabLiveDeadline *d = g_new0 (LabLiveDeadline, 1);

  d->trace = trace;
  d->fd = fd;
  d->end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  g_mutex_lock (&lock);
  deadlines = g_list_prepend (deadlines, d);
  if (!watching)
    {
      watching = TRUE;
      /* not joined: it ends by itself once nothing is left to watch */
      g_thread_unref (g_thread_new ("lab-deadlines", watch, NULL));
    }
  g_cond_broadcast (&changed);
  g_mutex_unlock (&lock);
  return d;
}

gboolean
lab_live_deadline_struck (LabLiveDeadline *d)
{
  gboolean struck;

  g_mutex_lock (&lock);
  struck = d->struck;
  g_mutex_unlock (&lock);
  return struck;
}

guint
lab_live_deadline_remaining_ms (LabLiveDeadline *d)
{
  gint64 left;

  g_mutex_lock (&lock);
  left = d->struck ? 0 : d->end - g_get_monotonic_time ();
  g_mutex_unlock (&lock);
  return left > 0 ? (guint) (left / 1000) : 0;
}

gboolean
lab_live_deadline_stop (LabLiveDeadline *d, guint *events)
{
  gboolean struck;

  g_mutex_lock (&lock);
  deadlines = g_list_remove (deadlines, d);
  g_cond_broadcast (&changed);
  struck = d->struck;
  *events = d->events;
  g_mutex_unlock (&lock);
  g_free (d);
  return struck;
}
