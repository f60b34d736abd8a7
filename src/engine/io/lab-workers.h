/* lab-workers.h: a few long-lived threads that run the peers and the wire of each run.
 *
 * Creating three threads per run cost more than the lab could afford next to a bare
 * handshake (issue "Fast and unbreakable"); these threads are made on demand, never exit,
 * and so the number of threads stays at its high-water mark. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs func (data) on an idle worker thread, starting a new one when none is idle, then
 * done (data) once the worker is idle again, so that whoever waits for `done` finds the
 * worker free for its next job and no extra thread is started. */
void lab_workers_run (GFunc func, GFunc done, gpointer data);

G_END_DECLS
