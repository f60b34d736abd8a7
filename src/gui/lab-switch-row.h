/* lab-switch-row.h: a yes/no setting of the side panel: a row with a switch at its end.
 * The row is the one Tab stop and what a screen reader reads, once: a switch named by its
 * title, on or off (GTK 4.8 read the row's title and then the switch's own name, the same
 * words twice). A click on the row, or Space or Enter on it, flips the switch. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LAB_TYPE_SWITCH_ROW (lab_switch_row_get_type ())
G_DECLARE_FINAL_TYPE (LabSwitchRow, lab_switch_row, LAB, SWITCH_ROW, AdwActionRow)

GtkWidget *lab_switch_row_new (const char *title);
/* "active" notifies when the switch flips, by the learner or by set_active. */
gboolean lab_switch_row_get_active (LabSwitchRow *self);
void lab_switch_row_set_active (LabSwitchRow *self, gboolean active);

G_END_DECLS
