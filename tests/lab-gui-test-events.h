/* lab-gui-test-events.h: driving the window as a person does, with real pointer and key
 * events sent through the X server (xdotool, XTEST), and a watchdog that fails the test
 * when the main loop stops answering.
 *
 * Every helper here is an "action": it arms the watchdog with a sentence saying what it
 * did, sends the events, lets the window handle them and then proves the main loop still
 * answers. A handler that never returns (a selection that re-emits the signal that set
 * it, say) aborts the test within a second of the main thread's CPU time (ten seconds on
 * the clock when it is blocked), with that sentence, instead of hanging CI. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Must be called once, after lab_gui_test_init: starts the watchdog's thread and the main
 * loop's heartbeat. FALSE when there is no xdotool or no X11 display (the caller skips). */
gboolean lab_gui_test_events_init (void);

/* Proves the main loop answers: runs it for a moment and fails the test (with `what` in
 * the message) unless it dispatched a heartbeat within a second (see above). Every action below
 * ends with it; call it yourself after anything else that could freeze the window. */
void lab_gui_test_responsive (const char *what);

/* Moves the pointer to (x, y) in widget's coordinates and clicks the primary button (button
 * 3 for a context menu with lab_gui_test_click_button). x or y < 0 means the middle. */
void lab_gui_test_click (GtkWidget *widget, double x, double y);
void lab_gui_test_click_button (GtkWidget *widget, double x, double y, guint button);

/* Turns the mouse wheel over (x, y) of widget (< 0: the middle) by `notches`: down when
 * positive, up when negative. */
void lab_gui_test_wheel (GtkWidget *widget, double x, double y, int notches);

/* Presses and releases keys as xdotool names them: "space", "Right", "ctrl+r", "alt+Right",
 * "Page_Down". The window holding the focus gets them. */
void lab_gui_test_key (GtkWindow *window, const char *keys);

/* Types text into whatever has the focus. */
void lab_gui_test_type (GtkWindow *window, const char *text);

/* Resizes the window on the X server, as a window manager would, and waits until GTK has
 * laid it out at the new size (or at the smallest size it can take, which the caller
 * should then check). */
void lab_gui_test_resize (GtkWindow *window, int width, int height);

/* The whole X screen, popovers and menus included, to gui-shots/NAME.png (ImageMagick's
 * `import -window root`); returns the file's size. */
gsize lab_gui_test_shoot_screen (const char *name);

G_END_DECLS
