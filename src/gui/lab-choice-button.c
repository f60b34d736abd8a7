/* lab-choice-button.c: the radio role on a grouped GtkCheckButton, and a way to choose it. */
#include "lab-choice-button.h"

struct _LabChoiceButton
{
  GtkCheckButton parent_instance;
};

G_DEFINE_FINAL_TYPE (LabChoiceButton, lab_choice_button, GTK_TYPE_CHECK_BUTTON)

static void
select_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  gtk_check_button_set_active (GTK_CHECK_BUTTON (widget), TRUE);
}

static void
lab_choice_button_class_init (LabChoiceButtonClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "choice.select", NULL, select_action);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_RADIO);
}

static void
lab_choice_button_init (LabChoiceButton *self)
{
}

GtkWidget *
lab_choice_button_new (GtkWidget *child, const char *text, LabChoiceButton *group)
{
  GtkWidget *self = g_object_new (LAB_TYPE_CHOICE_BUTTON, NULL);

  gtk_check_button_set_child (GTK_CHECK_BUTTON (self), child);
  gtk_check_button_set_group (GTK_CHECK_BUTTON (self), GTK_CHECK_BUTTON (group));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  /* The child says it for the eye; the name says it once for the ear. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_state (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_CHECKED,
                               GTK_ACCESSIBLE_TRISTATE_FALSE, -1);
  return self;
}
