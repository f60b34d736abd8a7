/* lab-session-analysis.c: a run's recomputation, once its peers are done, on the lab's
 * analysis thread.
 *
 * The lab recomputes every secret of a run and opens every record (lab_recompute): about
 * a tenth of a bare handshake's cost. Nobody can look at it before the run returns, so it
 * need not hold up the run: lab_session_run queues it for the analysis thread and
 * returns, the trace makes its readers wait until the analysis has finished it
 * (lab_trace_begin_analysis), and a caller that starts the next run meanwhile has the
 * recomputation done beside it, on a core the two peers' ping-pong leaves idle. */
#include "lab-session-private.h"

#include <string.h>

typedef struct
{
  LabTrace *trace;
  LabPeerContexts *contexts; /* the server's private key, for an RSA key exchange */
  LabOpensslSecrets secrets[LAB_SESSION_MAX_CONNECTIONS];
  guint n_connections;
  LabOutcome outcome;
} Analysis;

/* At most this many runs' analyses wait at once: a caller that runs session after
 * session and never reads one waits for them rather than piling them up. */
#define MAX_PENDING 4

/* One thread for all analyses, in the order the runs ended: the number of threads stays
 * what it was (the peers' workers would grow by one whenever an analysis overlapped the
 * next run's server). */
static GMutex lock;
static GCond changed; /* a job queued, or one finished */
static GQueue queue = G_QUEUE_INIT;
static guint pending; /* queued or running */
static GThread *thread;

static void
analyse (Analysis *a)
{
  EVP_PKEY *server_key = a->contexts->pki->server.key;

  lab_trace_become_analyst (a->trace);
  for (guint c = 0; c < a->n_connections; c++)
    if (server_key != NULL && a->secrets[c].server_key == NULL)
      {
        EVP_PKEY_up_ref (server_key);
        a->secrets[c].server_key = server_key;
      }
  lab_recompute_connections (a->trace, a->secrets, a->n_connections);
  lab_trace_finish (a->trace, &a->outcome);
  /* a seeded run's library contexts go with the run; this thread lives on */
  lab_peer_contexts_leave (a->contexts);
}

static void
analysis_free (Analysis *a)
{
  for (guint c = 0; c < LAB_SESSION_MAX_CONNECTIONS; c++)
    lab_openssl_secrets_clear (&a->secrets[c]);
  lab_peer_contexts_release (a->contexts);
  g_object_unref (a->trace); /* lab_trace_finish took the outcome's strings */
  g_free (a);
}

static gpointer
analysis_thread (gpointer unused)
{
  g_mutex_lock (&lock);
  for (;;)
    {
      Analysis *a = g_queue_pop_head (&queue);

      if (a == NULL)
        {
          g_cond_wait (&changed, &lock);
          continue;
        }
      g_mutex_unlock (&lock);
      analyse (a);
      analysis_free (a);
      g_mutex_lock (&lock);
      pending--;
      g_cond_broadcast (&changed);
    }
  return NULL;
}

void
lab_session_analyse (LabSession *session, LabOutcome *outcome)
{
  Analysis *a = g_new0 (Analysis, 1);

  a->trace = g_object_ref (session->trace);
  g_atomic_int_inc (&session->contexts->ref);
  a->contexts = session->contexts;
  /* what OpenSSL knew moves to the analysis; the session's copies are left empty */
  memcpy (a->secrets, session->secrets, sizeof a->secrets);
  memset (session->secrets, 0, sizeof session->secrets);
  a->n_connections = session->n_connections;
  a->outcome = *outcome;
  outcome->reason = NULL;
  outcome->cause = NULL;
  lab_trace_begin_analysis (session->trace);

  g_mutex_lock (&lock);
  while (pending >= MAX_PENDING)
    g_cond_wait (&changed, &lock);
  if (thread == NULL)
    thread = g_thread_new ("lab-analysis", analysis_thread, NULL);
  pending++;
  g_queue_push_tail (&queue, a);
  g_mutex_unlock (&lock);
  /* after the unlock: woken with the lock still held, the thread would only sleep again */
  g_cond_broadcast (&changed);
}

void
lab_session_wait_for_analyses (void)
{
  g_mutex_lock (&lock);
  while (pending > 0)
    g_cond_wait (&changed, &lock);
  g_mutex_unlock (&lock);
}
