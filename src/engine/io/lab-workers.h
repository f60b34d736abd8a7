/* lab-workers.h: a few long-lived threads that run each session's server and the man in
 * the middle's relay (the client runs on the session's own thread).
 *
 * Creating threads for every run cost more than the lab could afford next to a bare
 * handshake (issue "Fast and unbreakable"); these threads are made on demand, never exit,
 * and so the number of threads stays at its high-water mark (HACKING.md, "Threads"). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs func (data) on an idle worker thread, starting a new one when none is idle, then
 * done (data) once the worker is idle again, so that whoever waits for `done` finds the
 * worker free for its next job and no extra thread is started. */
void lab_workers_run (GFunc func, GFunc done, gpointer data);

G_END_DECLS
