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

/* Shows the scenario's values; emits nothing. */
void lab_switch_panel_set_scenario (LabSwitchPanel *self, const LabScenario *scenario);

/* The run on show was recorded outside the lab (a capture, a real server): the switches
 * cannot change it, so a note that says so (and offers the way back to the lab) takes
 * their place; set_scenario brings them back. */
void lab_switch_panel_show_recorded (LabSwitchPanel *self, const char *icon_name,
                                     const char *title, const char *body);
gboolean lab_switch_panel_get_recorded (LabSwitchPanel *self);

/* The row of a setting, for tests and for focus; NULL when it is not in the panel. */
GtkWidget *lab_switch_panel_get_row (LabSwitchPanel *self, const char *group, const char *key);

G_END_DECLS
