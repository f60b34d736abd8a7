/* lab-switch-row.c: the switch is drawn and clicked, but neither focused nor read: the row
 * carries its role and its state. */
#include "lab-switch-row.h"

struct _LabSwitchRow
{
  AdwActionRow parent_instance;

  GtkSwitch *toggle;
};

G_DEFINE_FINAL_TYPE (LabSwitchRow, lab_switch_row, ADW_TYPE_ACTION_ROW)

enum
{
  PROP_0,
  PROP_ACTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
toggled (LabSwitchRow *self)
{
  gtk_accessible_update_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_CHECKED,
                               gtk_switch_get_active (self->toggle), -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

gboolean
lab_switch_row_get_active (LabSwitchRow *self)
{
  g_return_val_if_fail (LAB_IS_SWITCH_ROW (self), FALSE);
  return gtk_switch_get_active (self->toggle);
}

void
lab_switch_row_set_active (LabSwitchRow *self, gboolean active)
{
  g_return_if_fail (LAB_IS_SWITCH_ROW (self));
  gtk_switch_set_active (self->toggle, active);
}

static void
lab_switch_row_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LabSwitchRow *self = LAB_SWITCH_ROW (object);

  switch (prop_id)
    {
    case PROP_ACTIVE:
      g_value_set_boolean (value, lab_switch_row_get_active (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lab_switch_row_set_property (GObject *object, guint prop_id, const GValue *value,
                             GParamSpec *pspec)
{
  LabSwitchRow *self = LAB_SWITCH_ROW (object);

  switch (prop_id)
    {
    case PROP_ACTIVE:
      lab_switch_row_set_active (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lab_switch_row_class_init (LabSwitchRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = lab_switch_row_get_property;
  object_class->set_property = lab_switch_row_set_property;
  properties[PROP_ACTIVE] = g_param_spec_boolean ("active", NULL, NULL, FALSE,
                                                  G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                                                    | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_SWITCH);
}

static void
lab_switch_row_init (LabSwitchRow *self)
{
  self->toggle = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->toggle), GTK_ALIGN_CENTER);
  gtk_widget_set_focusable (GTK_WIDGET (self->toggle), FALSE);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->toggle), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE,
                               -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), GTK_WIDGET (self->toggle));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self), GTK_WIDGET (self->toggle));
  g_signal_connect_swapped (self->toggle, "notify::active", G_CALLBACK (toggled), self);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_CHECKED, FALSE, -1);
}

GtkWidget *
lab_switch_row_new (const char *title)
{
  return g_object_new (LAB_TYPE_SWITCH_ROW, "title", title, NULL);
}
