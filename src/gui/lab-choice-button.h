/* lab-choice-button.h: one answer of a lesson's choice question: a GtkCheckButton in a
 * group, drawn as a radio button and told to screen readers as one (GTK 4.8 gives a
 * grouped GtkCheckButton the check box role, and no action), with "choice.select" as its
 * action. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LAB_TYPE_CHOICE_BUTTON (lab_choice_button_get_type ())
G_DECLARE_FINAL_TYPE (LabChoiceButton, lab_choice_button, LAB, CHOICE_BUTTON, GtkCheckButton)

/* child: what the answer says (a lesson's markup); text: the same in plain words, its
 * accessible name. group: the first choice of the question, NULL for the first. */
GtkWidget *lab_choice_button_new (GtkWidget *child, const char *text, LabChoiceButton *group);

G_END_DECLS
