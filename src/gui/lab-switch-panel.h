/* lab-switch-panel.h: the side panel's switches, built from the scenario settings table
 * (lab_scenario_setting_at): every setting marked in_panel, grouped by its group, so a
 * setting the engine adds appears here without a change to the window. */
#pragma once

#include <adwaita.h>

#include "engine/scenario/lab-scenario.h"

G_BEGIN_DECLS

#define LAB_TYPE_SWITCH_PANEL (lab_switch_panel_get_type ())
G_DECLARE_FINAL_TYPE (LabSwitchPanel, lab_switch_panel, LAB, SWITCH_PANEL, GtkWidget)

GtkWidget *lab_switch_panel_new (void);

/* Shows the scenario's values; emits nothing. What only a run can tell (which suites the
 * peers really had, whether the server asked for the client's certificate) comes from
 * the run set_run gave last. */
void lab_switch_panel_set_scenario (LabSwitchPanel *self, const LabScenario *scenario);
/* A run of the scenario has finished: its description, its values, and what the run
 * says about them. trace may be NULL before the first run. */
void lab_switch_panel_set_run (LabSwitchPanel *self, const LabScenario *scenario,
                               LabTrace *trace);
/* Another scenario is being opened: typing never applied is forgotten, open lists and
 * the description close, the focus leaves the panel. */
void lab_switch_panel_leave_editing (LabSwitchPanel *self);

/* The run on show was recorded outside the lab (a capture, a real server): the switches
 * cannot change it, so a note that says so (and offers the way back to the lab) takes
 * their place; set_scenario brings them back. */
void lab_switch_panel_show_recorded (LabSwitchPanel *self, const char *icon_name,
                                     const char *title, const char *body);
gboolean lab_switch_panel_get_recorded (LabSwitchPanel *self);

/* What the run says about a setting, in a note under its row (the client's certificate
 * the server never asked for); NULL when there is none. */
const char *lab_switch_panel_get_note (LabSwitchPanel *self, const char *group,
                                       const char *key);

/* The question the scenario's description asks the learner, as shown; NULL when none is. */
const char *lab_switch_panel_get_question (LabSwitchPanel *self);

/* The row of a setting, for tests and for focus; NULL when it is not in the panel. */
GtkWidget *lab_switch_panel_get_row (LabSwitchPanel *self, const char *group, const char *key);

G_END_DECLS
