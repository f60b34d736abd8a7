/* lab-gui-test-util.h: what the window's tests share: GTK and the application set up
 * once, a window on a finished run, waiting on the main loop, and rendering a window to
 * a PNG in the build directory (gui-shots/) for people to look at. */
#pragma once

#include <adwaita.h>

#include "gui/lab-application.h"
#include "gui/lab-window-private.h"

G_BEGIN_DECLS

/* Runs the main loop until cond holds or ten seconds pass. */
#define ITERATE_UNTIL(cond)                                                                      \
  G_STMT_START                                                                                   \
  {                                                                                              \
    gint64 deadline_ = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;                            \
    while (!(cond) && g_get_monotonic_time () < deadline_)                                       \
      g_main_context_iteration (NULL, FALSE);                                                    \
    g_assert_true (cond);                                                                        \
  }                                                                                              \
  G_STMT_END

/* gtk_test_init and a registered, non-unique application; FALSE (with the TAP line that
 * skips everything printed) when there is no display. */
gboolean lab_gui_test_init (int *argc, char ***argv);
/* g_test_run, then the application released. */
int lab_gui_test_run (void);

void lab_gui_test_iterate (guint ms);
/* Waits until the window's document has a run and is not running, and the window shows
 * it: the panes in place of the loading state, the ladder laid out. */
void lab_gui_test_wait_for_run (LabWindow *window);
/* A 1500x920 window on the default scenario's finished run. */
LabWindow *lab_gui_test_open_window (void);
void lab_gui_test_close_window (LabWindow *window);
/* Renders the window as it is to gui-shots/NAME.png; returns the file's size. */
gsize lab_gui_test_shoot (LabWindow *window, const char *name);
/* The same for any other window (a dialog) or a widget in one. */
gsize lab_gui_test_shoot_widget (GtkWidget *widget, const char *name);
/* The index of the first step with this title: the kernel may hand the server its
 * connection before or after the client's first message, so indexes vary. */
int lab_gui_test_find_step (LabWindow *window, const char *title);
/* The first mapped GtkLabel under root whose text is `text` (a tab's title, a field's
 * name, a button's label), or NULL. */
GtkWidget *lab_gui_test_find_label (GtkWidget *root, const char *text);
/* Asserts that a point of widget is inside what its scrolled window shows, so a click
 * there lands on it. */
void lab_gui_test_assert_visible (GtkWidget *widget, double x, double y);
/* Activates a window action, which must exist, and lets the window catch up. */
void lab_gui_test_activate (LabWindow *window, const char *action);

G_END_DECLS
