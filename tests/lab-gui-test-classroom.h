/* lab-gui-test-classroom.h: the main window driven as a teacher drives it, with real
 * events (lab-gui-test-events.h): clicking a step, a tab, a byte, a field; and what the
 * class sees: whether the current step is in view, where the focus is. */
#pragma once

#include "lab-gui-test-events.h"
#include "lab-gui-test-util.h"
#include "gui/lab-detail-bytes.h"
#include "gui/lab-detail-fields.h"

G_BEGIN_DECLS

/* Opens a built-in scenario in the window and waits for its run. */
void lab_gui_test_open_scenario (LabWindow *window, const char *name);

/* Clicks the middle of a step's arrow row in the ladder, which must be in view. */
void lab_gui_test_click_step (LabWindow *window, int step);
/* Clicks a tab of the detail pane by its title ("Bytes"). */
void lab_gui_test_click_tab (LabWindow *window, const char *title);
/* The Bytes tab's hex views: the step's bytes, and the record as the wire passed it on. */
LabHexView *lab_gui_test_hex_view (LabWindow *window);
LabHexView *lab_gui_test_forwarded_hex_view (LabWindow *window);
/* Clicks the hex digits of a byte, which must be in view. */
void lab_gui_test_click_byte (LabHexView *hex, gsize offset);
/* Clicks the row of a field in the Fields tab, by its path within the message as lessons
 * name it ("cipher_suite", "extensions.extension[1].server_name"), and returns the field
 * now selected: the one clicked. The row is brought into view first (selected from code,
 * then unselected), as a learner would scroll to it. */
LabField *lab_gui_test_click_field (LabWindow *window, const char *path);

/* Asserts that the current step's row in the ladder is inside what the ladder's scrolled
 * window shows. */
void lab_gui_test_assert_step_in_view (LabWindow *window);
/* The ladder's scroll position (0: the top). */
double lab_gui_test_ladder_scroll (LabWindow *window);

/* Whether the window is playing the steps. */
gboolean lab_gui_test_playing (LabWindow *window);
/* Asserts that the focus is on widget or inside it. */
void lab_gui_test_assert_focus_in (LabWindow *window, GtkWidget *widget);
/* Presses Tab until the focus is on widget or inside it (at most 100 times). */
void lab_gui_test_tab_to (LabWindow *window, GtkWidget *widget);

G_END_DECLS
