/* lab-scenario-chooser.h: the header bar's scenario chooser, a popover with a search
 * entry over the shipped scenarios, grouped by their topic, each with what its [expect]
 * says, then the recent scenario files and Open Scenario File…. Typing filters, the
 * arrows move, Enter opens, Escape closes. Opening goes through the window's actions
 * (win.open-builtin, win.open-recent, win.open). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LAB_TYPE_SCENARIO_CHOOSER (lab_scenario_chooser_get_type ())
G_DECLARE_FINAL_TYPE (LabScenarioChooser, lab_scenario_chooser, LAB, SCENARIO_CHOOSER,
                      GtkPopover)

GtkWidget *lab_scenario_chooser_new (void);

/* Reads the shipped scenarios into the list, once (opening does it if not yet done):
 * every one is parsed, which a window's first frame should not wait for. */
void lab_scenario_chooser_load (LabScenarioChooser *self);

/* Reads the recent scenario files again (it does on each opening too). */
void lab_scenario_chooser_refresh_recent (LabScenarioChooser *self);

/* For tests: the search entry, how many shipped scenarios it lists and how many of
 * them the search lets through, and the row that Enter would open (NULL: none). */
GtkWidget *lab_scenario_chooser_get_search (LabScenarioChooser *self);
guint lab_scenario_chooser_get_n_shipped (LabScenarioChooser *self);
guint lab_scenario_chooser_get_n_shown (LabScenarioChooser *self);
GtkListBoxRow *lab_scenario_chooser_get_selected (LabScenarioChooser *self);
/* What a row opens: a shipped scenario's name, or a recent file's URI; the line under its
 * title (what the scenario expects, or where the file is). */
const char *lab_scenario_chooser_row_target (GtkListBoxRow *row);
const char *lab_scenario_chooser_row_subtitle (GtkListBoxRow *row);

G_END_DECLS
