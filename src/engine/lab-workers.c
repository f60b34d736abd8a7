#include "lab-workers.h"

typedef struct
{
  GFunc func;
  GFunc done;
  gpointer data;
} Job;

static GMutex lock;
static GAsyncQueue *jobs;
static guint idle;

static gpointer
worker (gpointer unused)
{
  for (;;)
    {
      Job *job = g_async_queue_pop (jobs);

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
  if (jobs == NULL)
    jobs = g_async_queue_new ();
  spawn = idle == 0;
  if (!spawn)
    idle--;
  g_async_queue_push (jobs, job);
  g_mutex_unlock (&lock);
  if (spawn)
    g_thread_unref (g_thread_new ("lab-worker", worker, NULL));
}
