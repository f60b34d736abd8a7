#include "lab-gui-test-events.h"
#include "lab-gui-test-util.h"

#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* How long the main loop may go without dispatching a heartbeat during an action: a
 * second of the main thread's own CPU time (a handler spinning uses it all), or ten
 * seconds on the clock (a main thread blocked uses none). On a machine shared with other
 * builds a main thread that is merely waiting for a CPU is not taken for a frozen one. */
#define ANSWER_WITHIN_US (1 * G_USEC_PER_SEC)
#define BLOCKED_WITHIN_US (10 * G_USEC_PER_SEC)
#define BEAT_MS 50

static gint64 last_beat;      /* g_get_monotonic_time of the last heartbeat, atomically */
static gint64 last_beat_cpu;  /* the main thread's CPU time then, atomically */
static gint beats;            /* heartbeats dispatched so far, atomically */
static gpointer armed;        /* the action being watched (a string we own), or NULL */
static clockid_t main_cpu;    /* the main thread's CPU-time clock */

static gint64
cpu_time (clockid_t clock)
{
  struct timespec ts;

  if (clock_gettime (clock, &ts) != 0)
    return 0;
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static void
note_beat (void)
{
  __atomic_store_n (&last_beat_cpu, cpu_time (CLOCK_THREAD_CPUTIME_ID), __ATOMIC_RELAXED);
  __atomic_store_n (&last_beat, g_get_monotonic_time (), __ATOMIC_RELAXED);
}

static gboolean
heartbeat (gpointer user_data)
{
  g_atomic_int_inc (&beats);
  note_beat ();
  return G_SOURCE_CONTINUE;
}

static gpointer
watchdog (gpointer user_data)
{
  for (;;)
    {
      const char *what;
      gint64 waited, worked;

      g_usleep (BEAT_MS * 1000);
      what = g_atomic_pointer_get (&armed);
      waited = g_get_monotonic_time () - __atomic_load_n (&last_beat, __ATOMIC_RELAXED);
      worked = cpu_time (main_cpu) - __atomic_load_n (&last_beat_cpu, __ATOMIC_RELAXED);
      if (what != NULL && waited > ANSWER_WITHIN_US
          && (worked > ANSWER_WITHIN_US || waited > BLOCKED_WITHIN_US))
        {
          /* The main thread is stuck in a handler; nothing it would print can be trusted
           * to come out, so say it here and end the process. */
          printf ("Bail out! the main loop did not answer within a second after %s\n", what);
          fflush (stdout);
          g_printerr ("FREEZE: the main loop did not answer within a second after %s\n", what);
          abort ();
        }
    }
  return NULL;
}

gboolean
lab_gui_test_events_init (void)
{
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");

  if (xdotool == NULL || !GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    return FALSE;
  g_assert_cmpint (pthread_getcpuclockid (pthread_self (), &main_cpu), ==, 0);
  note_beat ();
  g_timeout_add (BEAT_MS, heartbeat, NULL);
  g_thread_unref (g_thread_new ("gui-test-watchdog", watchdog, NULL));
  return TRUE;
}

static void
arm (char *what)
{
  note_beat ();
  g_free (g_atomic_pointer_exchange (&armed, what));
}

static void
disarm (void)
{
  g_free (g_atomic_pointer_exchange (&armed, NULL));
}

/* Runs the main loop until `n` more heartbeats have been dispatched: by then every event
 * the X server had delivered before has been handled. */
static void
iterate_beats (int n)
{
  int until = g_atomic_int_get (&beats) + n;

  while (g_atomic_int_get (&beats) < until)
    g_main_context_iteration (NULL, TRUE);
}

void
lab_gui_test_responsive (const char *what)
{
  arm (g_strdup (what));
  iterate_beats (2);
  disarm ();
}

static void
process_done (GObject *process, GAsyncResult *result, gpointer user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (process), result, NULL);
  *done = TRUE;
}

/* Runs a command (argv) while the main loop goes on, so that the window handles what the
 * command makes the X server send it as it arrives. */
static void
run_while_iterating (const char *const *argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) process
    = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  gboolean done = FALSE;

  g_assert_no_error (error);
  g_subprocess_wait_async (process, NULL, process_done, &done);
  while (!done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (!done)
    {
      g_autofree char *command = g_strjoinv (" ", (char **) argv);
      g_error ("%s did not finish within ten seconds", command);
    }
  if (!g_subprocess_get_successful (process))
    {
      g_autofree char *command = g_strjoinv (" ", (char **) argv);
      g_error ("%s did not succeed", command);
    }
}

static char *
xid_of (GtkWidget *widget)
{
  GdkSurface *surface = gtk_native_get_surface (gtk_widget_get_native (widget));

  return g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
}

/* Where (x, y) of widget is in its surface, as xdotool's arguments. */
static void
surface_point (GtkWidget *widget, double x, double y, char **sx, char **sy)
{
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_point_t point;
  double dx, dy;

  g_assert_nonnull (native);
  g_assert_true (gtk_widget_get_mapped (widget));
  if (x < 0)
    x = gtk_widget_get_width (widget) / 2.0;
  if (y < 0)
    y = gtk_widget_get_height (widget) / 2.0;
  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native),
                                           &GRAPHENE_POINT_INIT ((float) x, (float) y), &point));
  /* Widget coordinates of the native start inside its surface (client-side decorations). */
  gtk_native_get_surface_transform (native, &dx, &dy);
  *sx = g_strdup_printf ("%d", (int) (point.x + dx));
  *sy = g_strdup_printf ("%d", (int) (point.y + dy));
}

/* Presses a button `repeat` times at (x, y) of widget. xdotool's mousemove --sync waits
 * for the pointer to move, for ever when it is there already: a second click on the same
 * spot only clicks. */
static void
press_at (GtkWidget *widget, double x, double y, guint button, int repeat)
{
  static char *pointer_at; /* "xid x y" where the pointer was moved last */
  g_autofree char *xid = xid_of (widget), *sx = NULL, *sy = NULL, *here = NULL;
  g_autofree char *sbutton = g_strdup_printf ("%u", button);
  g_autofree char *srepeat = g_strdup_printf ("%d", repeat);
  GPtrArray *argv = g_ptr_array_new ();

  surface_point (widget, x, y, &sx, &sy);
  here = g_strdup_printf ("%s %s %s", xid, sx, sy);
  g_ptr_array_add (argv, "xdotool");
  if (g_strcmp0 (here, pointer_at) != 0)
    {
      const char *move[] = { "mousemove", "--window", xid, "--sync", sx, sy };

      for (gsize i = 0; i < G_N_ELEMENTS (move); i++)
        g_ptr_array_add (argv, (gpointer) move[i]);
      g_free (pointer_at);
      pointer_at = g_strdup (here);
    }
  g_ptr_array_add (argv, "click");
  g_ptr_array_add (argv, "--repeat");
  g_ptr_array_add (argv, srepeat);
  g_ptr_array_add (argv, "--delay");
  g_ptr_array_add (argv, "30");
  g_ptr_array_add (argv, sbutton);
  g_ptr_array_add (argv, NULL);
  run_while_iterating ((const char *const *) argv->pdata);
  g_ptr_array_unref (argv);
}

void
lab_gui_test_click_button (GtkWidget *widget, double x, double y, guint button)
{
  g_autofree char *sx = NULL, *sy = NULL;

  surface_point (widget, x, y, &sx, &sy);
  arm (g_strdup_printf ("clicking %s at (%s, %s) in its window", G_OBJECT_TYPE_NAME (widget), sx,
                        sy));
  press_at (widget, x, y, button, 1);
  iterate_beats (2);
  disarm ();
}

void
lab_gui_test_wheel (GtkWidget *widget, double x, double y, int notches)
{
  if (notches == 0)
    return;
  arm (g_strdup_printf ("turning the wheel %d notches over %s", notches,
                        G_OBJECT_TYPE_NAME (widget)));
  /* X buttons 4 and 5 are the wheel's notches up and down. */
  press_at (widget, x, y, notches > 0 ? 5 : 4, ABS (notches));
  iterate_beats (2);
  disarm ();
}

void
lab_gui_test_click (GtkWidget *widget, double x, double y)
{
  lab_gui_test_click_button (widget, x, y, 1);
}

/* Key events go to the X focus: give it to the window unless one of ours has it (moving it
 * while a popover is up would close the popover). */
static void
focus_window (GtkWindow *window)
{
  g_autofree char *xid = NULL;

  if (gtk_window_is_active (window))
    return;
  xid = xid_of (GTK_WIDGET (window));
  run_while_iterating ((const char *[]){ "xdotool", "windowfocus", "--sync", xid, NULL });
  iterate_beats (2);
}

void
lab_gui_test_key (GtkWindow *window, const char *keys)
{
  focus_window (window);
  arm (g_strdup_printf ("pressing %s", keys));
  run_while_iterating ((const char *[]){ "xdotool", "key", "--clearmodifiers", keys, NULL });
  iterate_beats (2);
  disarm ();
}

void
lab_gui_test_type (GtkWindow *window, const char *text)
{
  focus_window (window);
  arm (g_strdup_printf ("typing \"%s\"", text));
  run_while_iterating ((const char *[]){ "xdotool", "type", "--delay", "20", text, NULL });
  iterate_beats (2);
  disarm ();
}

void
lab_gui_test_resize (GtkWindow *window, int width, int height)
{
  g_autofree char *xid = xid_of (GTK_WIDGET (window));
  g_autofree char *sw = g_strdup_printf ("%d", width), *sh = g_strdup_printf ("%d", height);
  gint64 deadline;

  arm (g_strdup_printf ("resizing the window to %dx%d", width, height));
  run_while_iterating ((const char *[]){ "xdotool", "windowsize", xid, sw, sh, NULL });
  /* GTK settles on the new size, or on the smallest it can take, within a few frames. The
   * X window's size is the surface's: the widget is smaller by the frame GTK keeps inside
   * it when no window manager draws one. */
  deadline = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
  while (g_get_monotonic_time () < deadline
         && (gdk_surface_get_width (gtk_native_get_surface (GTK_NATIVE (window))) != width
             || gdk_surface_get_height (gtk_native_get_surface (GTK_NATIVE (window))) != height))
    iterate_beats (1);
  iterate_beats (4);
  disarm ();
}

gsize
lab_gui_test_shoot_screen (const char *name)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_BUILT, "gui-shots", NULL);
  g_autofree char *file = g_strdup_printf ("%s.png", name);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  GStatBuf st;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  lab_gui_test_responsive ("waiting for a frame before a screenshot");
  arm (g_strdup_printf ("taking the screenshot %s", name));
  run_while_iterating ((const char *[]){ "import", "-window", "root", path, NULL });
  disarm ();
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return (gsize) st.st_size;
}
