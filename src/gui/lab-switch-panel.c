/* lab-switch-panel.c: one row per panel setting. A yes/no setting (or a choice between
 * two values that mean on and off) is a switch; any other choice a combo row; free text
 * an entry row that applies on Enter. A change emits "setting-changed" (group, key,
 * value) and the window decides; when the engine refuses a value, set_scenario puts the
 * old one back. */
#include "lab-switch-panel.h"

#include <string.h>

struct _LabSwitchPanel
{
  GtkWidget parent_instance;

  AdwPreferencesPage *page;
  GtkLabel *footer;
  AdwStatusPage *recorded;
  GHashTable *rows;     /* "group/key" -> GtkWidget row (borrowed) */
  gboolean updating;    /* set_scenario is writing values: don't emit */
};

G_DEFINE_FINAL_TYPE (LabSwitchPanel, lab_switch_panel, GTK_TYPE_WIDGET)

enum
{
  SETTING_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Titles for the groups the window knows; any other group is shown capitalised. */
static char *
group_title (const char *group)
{
  static const struct
  {
    const char *group, *title;
  } titles[] = {
    { "client", "Client" },
    { "server", "Server" },
    { "wire", "Wire · attacker" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (titles); i++)
    if (g_str_equal (titles[i].group, group))
      return g_strdup (titles[i].title);
  {
    char *title = g_strdup (group);
    title[0] = g_ascii_toupper (title[0]);
    return title;
  }
}

/* {off, on} for a yes/no setting (or a choice that is really one), else NULL. */
static const char *const *
switch_values (const LabSetting *setting)
{
  static const char *const pairs[][2] = {
    { "off", "on" }, { "no", "yes" }, { "false", "true" }, { "disabled", "enabled" },
  };
  const char *const *c = setting->choices;

  if (setting->kind == LAB_SETTING_BOOL)
    return pairs[0];
  if (setting->kind != LAB_SETTING_CHOICE || c == NULL || c[0] == NULL || c[1] == NULL
      || c[2] != NULL)
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (pairs); i++)
    if ((g_str_equal (c[0], pairs[i][0]) && g_str_equal (c[1], pairs[i][1]))
        || (g_str_equal (c[1], pairs[i][0]) && g_str_equal (c[0], pairs[i][1])))
      return pairs[i];
  return NULL;
}

static void
emit_changed (LabSwitchPanel *self, GtkWidget *row, const char *value)
{
  const LabSetting *setting = g_object_get_data (G_OBJECT (row), "lab-setting");

  if (!self->updating)
    g_signal_emit (self, signals[SETTING_CHANGED], 0, setting->group, setting->key, value);
}

static void
switch_toggled (GtkSwitch *toggle, GParamSpec *pspec, GtkWidget *row)
{
  LabSwitchPanel *self = LAB_SWITCH_PANEL (gtk_widget_get_ancestor (row, LAB_TYPE_SWITCH_PANEL));
  const char *const *values = switch_values (g_object_get_data (G_OBJECT (row), "lab-setting"));

  emit_changed (self, row, values[gtk_switch_get_active (toggle) ? 1 : 0]);
}

static void
combo_selected (AdwComboRow *row, GParamSpec *pspec, gpointer user_data)
{
  LabSwitchPanel *self = LAB_SWITCH_PANEL (gtk_widget_get_ancestor (GTK_WIDGET (row),
                                                                    LAB_TYPE_SWITCH_PANEL));
  const LabSetting *setting = g_object_get_data (G_OBJECT (row), "lab-setting");
  guint selected = adw_combo_row_get_selected (row);

  if (selected != GTK_INVALID_LIST_POSITION)
    emit_changed (self, GTK_WIDGET (row), setting->choices[selected]);
}

static void
entry_applied (AdwEntryRow *row, gpointer user_data)
{
  LabSwitchPanel *self = LAB_SWITCH_PANEL (gtk_widget_get_ancestor (GTK_WIDGET (row),
                                                                    LAB_TYPE_SWITCH_PANEL));

  emit_changed (self, GTK_WIDGET (row), gtk_editable_get_text (GTK_EDITABLE (row)));
}

static GtkWidget *
new_row (const LabSetting *setting)
{
  const char *const *values = switch_values (setting);
  GtkWidget *row;

  if (values != NULL)
    {
      GtkWidget *toggle = gtk_switch_new ();

      row = adw_action_row_new ();
      gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
      gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      setting->title, -1);
      g_object_set_data (G_OBJECT (row), "lab-switch", toggle);
      g_signal_connect (toggle, "notify::active", G_CALLBACK (switch_toggled), row);
    }
  else if (setting->kind == LAB_SETTING_CHOICE)
    {
      row = adw_combo_row_new ();
      adw_combo_row_set_model (ADW_COMBO_ROW (row),
                               G_LIST_MODEL (gtk_string_list_new (setting->choices)));
      g_signal_connect (row, "notify::selected", G_CALLBACK (combo_selected), NULL);
    }
  else
    {
      row = adw_entry_row_new ();
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
      g_signal_connect (row, "apply", G_CALLBACK (entry_applied), NULL);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), setting->title);
  gtk_widget_set_tooltip_text (row, setting->key);
  g_object_set_data (G_OBJECT (row), "lab-setting", (gpointer) setting);
  return row;
}

static void
show_value (GtkWidget *row, const LabSetting *setting, const char *value)
{
  const char *const *values = switch_values (setting);

  if (values != NULL)
    gtk_switch_set_active (g_object_get_data (G_OBJECT (row), "lab-switch"),
                           g_strcmp0 (value, values[1]) == 0 || g_strcmp0 (value, "true") == 0
                             || g_strcmp0 (value, "yes") == 0);
  else if (setting->kind == LAB_SETTING_CHOICE)
    {
      guint position = GTK_INVALID_LIST_POSITION;
      for (guint i = 0; setting->choices[i] != NULL; i++)
        if (g_strcmp0 (setting->choices[i], value) == 0)
          position = i;
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), position);
    }
  else
    gtk_editable_set_text (GTK_EDITABLE (row), value);
}

static char *
row_key (const char *group, const char *key)
{
  return g_strdup_printf ("%s/%s", group, key);
}

static void
build_rows (LabSwitchPanel *self)
{
  AdwPreferencesGroup *group = NULL;
  const char *group_name = NULL;
  const LabSetting *setting;

  for (gsize i = 0; (setting = lab_scenario_setting_at (i)) != NULL; i++)
    {
      GtkWidget *row;

      if (!setting->in_panel)
        continue;
      /* The table lists a group's keys together; a group seen again starts anew. */
      if (group == NULL || g_strcmp0 (group_name, setting->group) != 0)
        {
          g_autofree char *title = group_title (setting->group);
          group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
          adw_preferences_group_set_title (group, title);
          adw_preferences_page_add (self->page, group);
          group_name = setting->group;
        }
      row = new_row (setting);
      adw_preferences_group_add (group, row);
      g_hash_table_insert (self->rows, row_key (setting->group, setting->key), row);
    }
}

static char *
footer_text (const LabScenario *scenario)
{
  g_autoptr (GDateTime) clock
    = g_date_time_new_from_unix_utc (lab_scenario_effective_clock (scenario));
  g_autofree char *when = clock ? g_date_time_format (clock, "%Y-%m-%d %H:%M UTC") : NULL;

  if (scenario->has_seed)
    return g_strdup_printf ("Lab clock %s%s · seed %" G_GUINT64_FORMAT, when ? when : "",
                            scenario->has_clock ? "" : " (fixed)", scenario->seed);
  return g_strdup_printf ("Lab clock %s%s · fresh randoms every run", when ? when : "",
                          scenario->has_clock ? "" : " (now)");
}

void
lab_switch_panel_set_scenario (LabSwitchPanel *self, const LabScenario *scenario)
{
  GHashTableIter iter;
  gpointer row;
  g_autofree char *footer = NULL;

  g_return_if_fail (LAB_IS_SWITCH_PANEL (self));

  self->updating = TRUE;
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    {
      const LabSetting *setting = g_object_get_data (row, "lab-setting");
      g_autofree char *value = lab_scenario_get_value (scenario, setting->group, setting->key);
      show_value (row, setting, value);
    }
  self->updating = FALSE;
  footer = footer_text (scenario);
  gtk_label_set_text (self->footer, footer);
  gtk_widget_set_visible (GTK_WIDGET (self->recorded), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->page), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->footer), TRUE);
}

void
lab_switch_panel_show_recorded (LabSwitchPanel *self, const char *icon_name, const char *title,
                                const char *body)
{
  g_autofree char *markup = g_markup_escape_text (body, -1);

  g_return_if_fail (LAB_IS_SWITCH_PANEL (self));

  adw_status_page_set_icon_name (self->recorded, icon_name);
  adw_status_page_set_title (self->recorded, title);
  adw_status_page_set_description (self->recorded, markup);
  gtk_widget_set_visible (GTK_WIDGET (self->recorded), TRUE);
  /* The values of the last scenario, and its clock and seed, say nothing about a run
   * the lab did not make. */
  gtk_widget_set_visible (GTK_WIDGET (self->page), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->footer), FALSE);
}

gboolean
lab_switch_panel_get_recorded (LabSwitchPanel *self)
{
  g_return_val_if_fail (LAB_IS_SWITCH_PANEL (self), FALSE);
  return gtk_widget_get_visible (GTK_WIDGET (self->recorded));
}

GtkWidget *
lab_switch_panel_get_row (LabSwitchPanel *self, const char *group, const char *key)
{
  g_autofree char *name = row_key (group, key);

  g_return_val_if_fail (LAB_IS_SWITCH_PANEL (self), NULL);
  return g_hash_table_lookup (self->rows, name);
}

/* AdwPreferencesPage asks for a wide clamp, as a window would; a side panel asks for
 * little, so its one child is measured here with the natural width capped. */
#define NATURAL_WIDTH 340

static void
lab_switch_panel_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                          int *minimum, int *natural, int *minimum_baseline,
                          int *natural_baseline)
{
  gtk_widget_measure (gtk_widget_get_first_child (widget), orientation, for_size, minimum,
                      natural, minimum_baseline, natural_baseline);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *natural = MAX (*minimum, MIN (*natural, NATURAL_WIDTH));
}

static void
lab_switch_panel_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  gtk_widget_allocate (gtk_widget_get_first_child (widget), width, height, baseline, NULL);
}

static void
lab_switch_panel_dispose (GObject *object)
{
  LabSwitchPanel *self = LAB_SWITCH_PANEL (object);
  GtkWidget *child;

  g_clear_pointer (&self->rows, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), LAB_TYPE_SWITCH_PANEL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (lab_switch_panel_parent_class)->dispose (object);
}

static void
lab_switch_panel_class_init (LabSwitchPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lab_switch_panel_dispose;
  widget_class->measure = lab_switch_panel_measure;
  widget_class->size_allocate = lab_switch_panel_size_allocate;
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/handshakelab/HandshakeLab/ui/lab-switch-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, LabSwitchPanel, page);
  gtk_widget_class_bind_template_child (widget_class, LabSwitchPanel, footer);
  gtk_widget_class_bind_template_child (widget_class, LabSwitchPanel, recorded);

  signals[SETTING_CHANGED] = g_signal_new ("setting-changed", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                           3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
}

static void
lab_switch_panel_init (LabSwitchPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  build_rows (self);
}

GtkWidget *
lab_switch_panel_new (void)
{
  return g_object_new (LAB_TYPE_SWITCH_PANEL, NULL);
}
