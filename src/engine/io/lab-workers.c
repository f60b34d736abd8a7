#include "lab-workers.h"

typedef struct
{
  GFunc func;
  GFunc done;
  gpointer data;
} Job;

/* One lock for the queue and the idle count. The signal comes after the unlock: a worker
 * woken while the lock is still held would only go back to sleep on it, two more thread
 * switches for every job handed over. */
static GMutex lock;
static GCond wake;
static GQueue jobs = G_QUEUE_INIT;
static guint idle;

static gpointer
worker (gpointer unused)
{
  for (;;)
    {
      Job *job;

      g_mutex_lock (&lock);
      while ((job = g_queue_pop_head (&jobs)) == NULL)
        g_cond_wait (&wake, &lock);
      g_mutex_unlock (&lock);

      job->func (job->data, NULL);
      g_mutex_lock (&lock);
      idle++;
      g_mutex_unlock (&lock);
      job->done (job->data, NULL);
      g_free (job);
    }
  return NULL;
}

void
lab_workers_run (GFunc func, GFunc done, gpointer data)
{
  Job *job = g_new (Job, 1);
  gboolean spawn;

  job->func = func;
  job->done = done;
  job->data = data;
  g_mutex_lock (&lock);
  spawn = idle == 0;
  if (!spawn)
    idle--;
  g_queue_push_tail (&jobs, job);
  g_mutex_unlock (&lock);
  if (spawn)
    g_thread_unref (g_thread_new ("lab-worker", worker, NULL));
  else
    g_cond_signal (&wake);
}
