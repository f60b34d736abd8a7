/* lab-watchdog.c: one thread, the armed deadlines in a list, earliest first. */
#include "lab-watchdog.h"

struct _LabWatch
{
  gint64 deadline_us;
  LabWatchdogFunc func;
  gpointer data;
  gboolean firing;
  gboolean fired;
};

static GMutex lock;
static GCond wake;       /* the watchdog's: an earlier deadline was armed */
static GCond fired_cond; /* disarm's: a function has returned */
static GList *watches;   /* LabWatch, by deadline; fired ones are kept until disarmed */
static gint64 sleeping_until = G_MAXINT64;
static GThread *thread;

static gint
by_deadline (gconstpointer a, gconstpointer b)
{
  gint64 x = ((const LabWatch *) a)->deadline_us, y = ((const LabWatch *) b)->deadline_us;

  return x < y ? -1 : x > y;
}

static LabWatch *
earliest_armed (void)
{
  for (GList *l = watches; l != NULL; l = l->next)
    {
      LabWatch *w = l->data;
      if (!w->fired && !w->firing)
        return w;
    }
  return NULL;
}

static gpointer
watchdog_thread (gpointer unused)
{
  g_mutex_lock (&lock);
  for (;;)
    {
      LabWatch *w = earliest_armed ();

      if (w == NULL)
        {
          sleeping_until = G_MAXINT64;
          g_cond_wait (&wake, &lock);
          continue;
        }
      if (g_get_monotonic_time () < w->deadline_us)
        {
          sleeping_until = w->deadline_us;
          g_cond_wait_until (&wake, &lock, w->deadline_us);
          continue;
        }
      /* the function runs without the lock: it may take its own, and disarm waits */
      w->firing = TRUE;
      g_mutex_unlock (&lock);
      w->func (w->data);
      g_mutex_lock (&lock);
      w->firing = FALSE;
      w->fired = TRUE;
      g_cond_broadcast (&fired_cond);
    }
  return NULL;
}

LabWatch *
lab_watchdog_arm (gint64 deadline_us, LabWatchdogFunc func, gpointer data)
{
  LabWatch *w = g_new0 (LabWatch, 1);

  w->deadline_us = deadline_us;
  w->func = func;
  w->data = data;
  g_mutex_lock (&lock);
  if (thread == NULL)
    thread = g_thread_new ("lab-watchdog", watchdog_thread, NULL);
  watches = g_list_insert_sorted (watches, w, by_deadline);
  if (deadline_us < sleeping_until)
    g_cond_signal (&wake);
  g_mutex_unlock (&lock);
  return w;
}

gboolean
lab_watchdog_disarm (LabWatch *w)
{
  gboolean fired;

  g_mutex_lock (&lock);
  while (w->firing)
    g_cond_wait (&fired_cond, &lock);
  watches = g_list_remove (watches, w);
  fired = w->fired;
  g_mutex_unlock (&lock);
  g_free (w);
  return fired;
}
