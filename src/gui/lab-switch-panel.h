/* lab-switch-panel.h: the side panel's switches, built from the scenario settings table
 * (lab_scenario_setting_at): every setting marked in_panel, grouped by its group, so a
 * setting the engine adds appears here without a change to the window. */
#pragma once

#include <adwaita.h>

#include "engine/lab-scenario.h"

G_BEGIN_DECLS

#define LAB_TYPE_SWITCH_PANEL (lab_switch_panel_get_type ())
G_DECLARE_FINAL_TYPE (LabSwitchPanel, lab_switch_panel, LAB, SWITCH_PANEL, GtkWidget)

GtkWidget *lab_switch_panel_new (void);

/* Shows the scenario's values; emits nothing. */
void lab_switch_panel_set_scenario (LabSwitchPanel *self, const LabScenario *scenario);

/* The row of a setting, for tests and for focus; NULL when it is not in the panel. */
GtkWidget *lab_switch_panel_get_row (LabSwitchPanel *self, const char *group, const char *key);

G_END_DECLS
