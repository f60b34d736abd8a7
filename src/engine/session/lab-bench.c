/* lab-bench.c: handshakes per second, bare and observed. */
#include "lab-bench.h"
#include "lab-peer-config.h"
#include "lab-session.h"
#include "engine/io/lab-socket.h"
#include "engine/io/lab-ssl-autoptr.h"
#include "tls/lab-error.h"

#include <openssl/err.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

typedef struct
{
  SSL_CTX *ctx;
  int listen_fd;
  gint stop;
  gsize bulk; /* bytes the client sends before its request */
} BareServer;

static guint8 bulk_chunk[16384];

/* The process's CPU time and context switches so far (every thread's). */
typedef struct
{
  double cpu_seconds;
  guint64 context_switches;
} Usage;

static Usage
usage_now (void)
{
  struct rusage ru;

  if (getrusage (RUSAGE_SELF, &ru) != 0)
    return (Usage){ 0, 0 };
  return (Usage){ ru.ru_utime.tv_sec + ru.ru_stime.tv_sec
                    + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6,
                  (guint64) ru.ru_nvcsw + (guint64) ru.ru_nivcsw };
}

static void
usage_since (LabBenchRate *rate, const Usage *start)
{
  Usage end = usage_now ();

  rate->cpu_seconds = end.cpu_seconds - start->cpu_seconds;
  rate->context_switches = end.context_switches - start->context_switches;
}

static gboolean
bulk_send (SSL *ssl, gsize bytes)
{
  while (bytes > 0)
    {
      int n = (int) MIN (bytes, sizeof bulk_chunk);
      if (SSL_write (ssl, bulk_chunk, n) != n)
        return FALSE;
      bytes -= (gsize) n;
    }
  return TRUE;
}

static gboolean
bulk_receive (SSL *ssl, gsize bytes)
{
  guint8 buffer[16384];

  while (bytes > 0)
    {
      int n = SSL_read (ssl, buffer, (int) MIN (bytes, sizeof buffer));
      if (n <= 0)
        return FALSE;
      bytes -= (gsize) n;
    }
  return TRUE;
}

static gboolean
read_until (SSL *ssl, const char *marker)
{
  char buffer[4096];
  GString *got = g_string_new (NULL);
  gboolean ok = FALSE;

  for (;;)
    {
      int n = SSL_read (ssl, buffer, sizeof buffer);
      if (n <= 0)
        break;
      g_string_append_len (got, buffer, n);
      if (strstr (got->str, marker) != NULL)
        {
          ok = TRUE;
          break;
        }
    }
  g_string_free (got, TRUE);
  return ok;
}

static void
await_close (SSL *ssl)
{
  char buffer[256];

  while (SSL_read (ssl, buffer, sizeof buffer) > 0)
    ;
}

static const char response[] = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello";

static gpointer
bare_server_thread (gpointer data)
{
  BareServer *server = data;

  while (!g_atomic_int_get (&server->stop))
    {
      int fd = lab_socket_accept (server->listen_fd, NULL);
      SSL *ssl;

      if (fd < 0)
        break;
      ssl = SSL_new (server->ctx);
      SSL_set_fd (ssl, fd);
      if (SSL_accept (ssl) == 1 && bulk_receive (ssl, server->bulk)
          && read_until (ssl, "\r\n\r\n"))
        {
          SSL_write (ssl, response, sizeof response - 1);
          await_close (ssl);
          SSL_shutdown (ssl);
        }
      SSL_free (ssl);
      close (fd);
      ERR_clear_error ();
    }
  return NULL;
}

static gboolean
bare_client_once (SSL_CTX *ctx, guint16 port, const char *host, const char *request, gsize bulk)
{
  int fd = lab_socket_connect_loopback (port, NULL, NULL);
  SSL *ssl;
  gboolean ok = FALSE;

  if (fd < 0)
    return FALSE;
  ssl = SSL_new (ctx);
  SSL_set_fd (ssl, fd);
  SSL_set_tlsext_host_name (ssl, host);
  SSL_set1_host (ssl, host);
  if (SSL_connect (ssl) == 1 && bulk_send (ssl, bulk)
      && SSL_write (ssl, request, (int) strlen (request)) > 0
      && read_until (ssl, "hello"))
    {
      SSL_shutdown (ssl);
      await_close (ssl);
      ok = TRUE;
    }
  SSL_free (ssl);
  close (fd);
  ERR_clear_error ();
  return ok;
}

/* The bare pair: handshakes (each followed by `bulk` bytes and the request) for `seconds`,
 * or exactly `count` when count is not 0. */
static gboolean
bare_run (const LabScenario *scenario, double seconds, guint count, gsize bulk,
          LabBenchRate *rate, GError **error)
{
  g_auto (GStrv) names = NULL;
  LabPkiOptions pki_options;
  g_autoptr (LabPki) pki = NULL;
  g_autoptr (SSL_CTX) server_ctx = NULL;
  g_autoptr (SSL_CTX) client_ctx = NULL;
  g_autofree char *request = g_strdup_printf (LAB_HTTP_REQUEST_FORMAT, scenario->server_name);
  BareServer server = { .bulk = bulk };
  GThread *thread;
  guint16 port = 0;
  gint64 start, end;
  Usage usage;

  signal (SIGPIPE, SIG_IGN);
  lab_peer_pki_options (scenario, lab_scenario_effective_clock (scenario), &pki_options, &names);
  pki_options.with_client = FALSE; /* the bench's scenarios have no client certificate */
  pki = lab_pki_new (NULL, &pki_options, error);
  if (pki == NULL
      || (server_ctx = lab_peer_ctx_new (scenario, pki, NULL, TRUE, pki_options.clock, error)) == NULL
      || (client_ctx = lab_peer_ctx_new (scenario, pki, NULL, FALSE, pki_options.clock, error)) == NULL)
    return FALSE;
  server.ctx = server_ctx;
  server.listen_fd = lab_socket_listen_loopback (&port, error);
  if (server.listen_fd < 0)
    return FALSE;
  thread = g_thread_new ("bench-bare-server", bare_server_thread, &server);

  memset (rate, 0, sizeof *rate);
  usage = usage_now ();
  start = g_get_monotonic_time ();
  end = start + (gint64) (seconds * G_USEC_PER_SEC);
  do
    {
      if (!bare_client_once (client_ctx, port, scenario->server_name, request, bulk))
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_FAILED,
                       "a bare OpenSSL handshake failed: the scenario must succeed to be measured");
          break;
        }
      rate->handshakes++;
    }
  while (count != 0 ? rate->handshakes < count : g_get_monotonic_time () < end);
  rate->seconds = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  rate->per_second = rate->handshakes / rate->seconds;
  usage_since (rate, &usage);

  g_atomic_int_set (&server.stop, 1);
  shutdown (server.listen_fd, SHUT_RDWR);
  g_thread_join (thread);
  close (server.listen_fd);
  return error == NULL || *error == NULL;
}

gboolean
lab_bench_bare (const LabScenario *scenario, double seconds, guint count, LabBenchRate *rate,
                GError **error)
{
  return bare_run (scenario, seconds, count, 0, rate, error);
}

gboolean
lab_bench_bulk (const LabScenario *scenario, gsize bytes, double *bare_mbps, double *lab_mbps,
                GError **error)
{
  LabSessionOptions options = { .bulk_bytes = bytes };

  /* The best of three of each: one transfer is short enough for a passing load on the
   * machine to decide it. */
  *bare_mbps = *lab_mbps = 0;
  for (int i = 0; i < 3; i++)
    {
      LabBenchRate bare;
      g_autoptr (LabTrace) trace = NULL;
      gint64 start;

      if (!bare_run (scenario, 0, 1, bytes, &bare, error))
        return FALSE;
      *bare_mbps = MAX (*bare_mbps, bytes / bare.seconds / (1024.0 * 1024.0));
      start = g_get_monotonic_time ();
      trace = lab_session_run (scenario, &options, error);
      if (trace == NULL)
        return FALSE;
      if (lab_trace_get_outcome (trace)->result != LAB_RESULT_SUCCESS)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_FAILED,
                       "a lab run with bulk data did not succeed");
          return FALSE;
        }
      *lab_mbps = MAX (*lab_mbps, bytes / ((double) (g_get_monotonic_time () - start)
                                           / G_USEC_PER_SEC) / (1024.0 * 1024.0));
    }
  return TRUE;
}

/* Reading a trace waits for its recomputation, which lab_session_run leaves running on a
 * worker; so each run's outcome is checked once the next run has started, as a teacher's
 * second click finds the first run's analysis done. The clock stops only when every
 * recomputation has finished: all of the lab's work is counted. */
static gboolean
check_succeeded (LabTrace *trace, GError **error)
{
  if (lab_trace_get_outcome (trace)->result == LAB_RESULT_SUCCESS)
    return TRUE;
  g_set_error (error, LAB_ERROR, LAB_ERROR_FAILED,
               "a lab run did not succeed: the scenario must succeed to be measured");
  return FALSE;
}

gboolean
lab_bench_lab (const LabScenario *scenario, double seconds, guint count, LabBenchRate *rate,
               GError **error)
{
  Usage usage = usage_now ();
  gint64 start = g_get_monotonic_time ();
  gint64 end = start + (gint64) (seconds * G_USEC_PER_SEC);
  g_autoptr (LabTrace) previous = NULL;

  memset (rate, 0, sizeof *rate);
  while (count != 0 ? rate->handshakes < count : g_get_monotonic_time () < end)
    {
      LabTrace *trace = lab_session_run (scenario, NULL, error);

      if (trace == NULL)
        return FALSE;
      if (previous != NULL && !check_succeeded (previous, error))
        {
          g_object_unref (trace);
          return FALSE;
        }
      g_clear_object (&previous);
      previous = trace;
      rate->handshakes++;
    }
  if (previous != NULL && !check_succeeded (previous, error))
    return FALSE;
  g_clear_object (&previous);
  lab_session_wait_for_analyses ();
  rate->seconds = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  rate->per_second = rate->handshakes / rate->seconds;
  usage_since (rate, &usage);
  return TRUE;
}

/* ---- the machine ---- */

static char *
cpu_model (void)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/cpuinfo", &text, NULL, NULL))
    return NULL;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *colon = strchr (lines[i], ':');

      if (g_str_has_prefix (lines[i], "model name") && colon != NULL)
        return g_strstrip (g_strdup (colon + 1));
    }
  return NULL;
}

void
lab_bench_machine_read (LabBenchMachine *machine)
{
  cpu_set_t set;
  long online = sysconf (_SC_NPROCESSORS_ONLN);

  memset (machine, 0, sizeof *machine);
  machine->cores_online = online > 0 ? (guint) online : 1;
  machine->cores = sched_getaffinity (0, sizeof set, &set) == 0 ? (guint) CPU_COUNT (&set)
                                                                  : machine->cores_online;
  machine->cpu_model = cpu_model ();
  if (getloadavg (machine->load, 3) != 3)
    machine->load[0] = machine->load[1] = machine->load[2] = -1;
}

void
lab_bench_machine_clear (LabBenchMachine *machine)
{
  g_clear_pointer (&machine->cpu_model, g_free);
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

void
lab_bench_summarise (const double *values, guint n, double *median, double *min, double *max)
{
  g_autofree double *sorted = NULL;

  *median = *min = *max = 0;
  if (n == 0)
    return;
  sorted = g_memdup2 (values, n * sizeof *values);
  qsort (sorted, n, sizeof *sorted, compare_doubles);
  *min = sorted[0];
  *max = sorted[n - 1];
  *median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}
