/* lab-switch-panel.c: what the scenario is about, then one row per panel setting. A
 * yes/no setting (or a choice between two values that mean on and off) is a switch; any
 * other choice a combo row; free text an entry row that applies on Enter; a cipher-suite
 * list a row that shows the suites the peer really has (lab-switch-suites.c). A change
 * emits "setting-changed" (group, key, value) and the window decides; when the engine
 * refuses a value, set_scenario puts the old one back. */
#include "lab-switch-panel.h"
#include "lab-switch-suites.h"
#include "engine/session/lab-peer-suites.h"

#include <string.h>

struct _LabSwitchPanel
{
  GtkWidget parent_instance;

  AdwPreferencesPage *page;
  AdwPreferencesGroup *about;
  GtkLabel *about_setup;
  GtkLabel *about_question;
  GtkButton *about_more;
  GtkLabel *footer;
  AdwStatusPage *recorded;
  GHashTable *rows;     /* "group/key" -> GtkWidget row (borrowed) */
  gboolean updating;    /* set_scenario is writing values: don't emit */
  LabTrace *trace;      /* the run the scenario on show made, for what only a run can say */
  GtkLabel *client_certificate_note; /* under the client's group, by its certificate */
  guint about_idle;     /* update_about_more, after a layout */
};

/* A description's setup is cut to this many lines until "Show All". */
#define ABOUT_LINES 3

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

static gboolean
is_suites (const LabSetting *setting)
{
  return setting->kind == LAB_SETTING_TEXT && g_str_equal (setting->key, "cipher-suites");
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
  else if (is_suites (setting))
    {
      AdwEntryRow *entry;

      row = lab_switch_suites_new (setting->title);
      entry = lab_switch_suites_get_entry (row);
      g_object_set_data (G_OBJECT (entry), "lab-setting", (gpointer) setting);
      g_signal_connect (entry, "apply", G_CALLBACK (entry_applied), NULL);
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
  if (!is_suites (setting)) /* its tooltip would cover the list */
    gtk_widget_set_tooltip_text (row, setting->key);
  g_object_set_data (G_OBJECT (row), "lab-setting", (gpointer) setting);
  return row;
}

/* The suites OpenSSL has with the scenario's settings: what the client really offered,
 * what the server really accepted. */
static void
show_suites (GtkWidget *row, const LabSetting *setting, const LabScenario *scenario,
             const char *value)
{
  g_autoptr (GError) error = NULL;
  LabSide side = g_str_equal (setting->group, "server") ? LAB_SIDE_SERVER : LAB_SIDE_CLIENT;
  g_auto (GStrv) effective = lab_peer_effective_suites (scenario, side, &error);

  lab_switch_suites_show (row, value, (const char *const *) effective,
                          error ? error->message : NULL);
}

static void
show_value (GtkWidget *row, const LabSetting *setting, const LabScenario *scenario,
            const char *value)
{
  const char *const *values = switch_values (setting);

  if (is_suites (setting))
    show_suites (row, setting, scenario, value);
  else if (values != NULL)
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

/* A note under the client's group, for what the run says about a setting: a row's
 * subtitle would squeeze the setting's value. Hidden while there is nothing to say. */
static GtkWidget *
note_box (GtkLabel **label_out)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-information-symbolic");
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_add_css_class (icon, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_focusable (label, FALSE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (box, "panel-note");
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_set_visible (box, FALSE);
  *label_out = GTK_LABEL (label);
  return box;
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
      if (g_str_equal (setting->group, "client") && g_str_equal (setting->key, "certificate"))
        adw_preferences_group_add (group, note_box (&self->client_certificate_note));
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

/* ---- about the scenario ---- */

/* The description in two parts: what is set up, and from the first sentence that asks
 * something on, the question for the learner, which is never cut. */
static void
split_description (const char *text, char **setup, char **question)
{
  const char *mark = strchr (text, '?');
  const char *start = text;

  if (mark == NULL)
    {
      *setup = g_strdup (text);
      *question = NULL;
      return;
    }
  /* back to the end of the sentence before it */
  for (const char *c = text; c < mark; c++)
    if ((*c == '.' || *c == '!' || *c == '?') && c[1] == ' ')
      start = c + 2;
  *setup = g_strstrip (g_strndup (text, (gsize) (start - text)));
  *question = g_strdup (start);
}

static void update_about_more (gpointer data);

static void
show_about (LabSwitchPanel *self, const LabScenario *scenario)
{
  g_autofree char *setup = NULL, *question = NULL;
  gboolean has = scenario->description != NULL && *scenario->description != '\0';

  gtk_widget_set_visible (GTK_WIDGET (self->about), has);
  if (!has)
    return;
  split_description (scenario->description, &setup, &question);
  gtk_label_set_text (self->about_setup, setup);
  gtk_widget_set_visible (GTK_WIDGET (self->about_setup), *setup != '\0');
  gtk_label_set_text (self->about_question, question ? question : "");
  gtk_widget_set_visible (GTK_WIDGET (self->about_question), question != NULL);
  update_about_more (self);
}

static gboolean
about_is_short (LabSwitchPanel *self)
{
  return gtk_label_get_ellipsize (self->about_setup) != PANGO_ELLIPSIZE_NONE;
}

static void
set_about_short (LabSwitchPanel *self, gboolean short_)
{
  gtk_label_set_lines (self->about_setup, short_ ? ABOUT_LINES : -1);
  gtk_label_set_ellipsize (self->about_setup, short_ ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
  gtk_button_set_label (self->about_more, short_ ? "Show All" : "Show Less");
}

static void
about_more_clicked (LabSwitchPanel *self)
{
  set_about_short (self, !about_is_short (self));
}

/* Would the setup take more than its lines at the width it has? Laid out apart from the
 * label, whose own layout is only sized when the label is allocated. */
static gboolean
about_setup_is_long (LabSwitchPanel *self)
{
  GtkWidget *label = GTK_WIDGET (self->about_setup);
  int width = gtk_widget_get_width (label);
  g_autoptr (PangoLayout) layout = NULL;

  if (!gtk_widget_get_visible (label) || width <= 0)
    return FALSE;
  layout = gtk_widget_create_pango_layout (label, gtk_label_get_text (self->about_setup));
  pango_layout_set_width (layout, width * PANGO_SCALE);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  return pango_layout_get_line_count (layout) > ABOUT_LINES;
}

/* The button to show it all, where there is more to show (after a layout, which must not
 * change during itself). */
static void
update_about_more (gpointer data)
{
  LabSwitchPanel *self = data;

  g_clear_handle_id (&self->about_idle, g_source_remove);
  gtk_widget_set_visible (GTK_WIDGET (self->about_more),
                          !about_is_short (self) || about_setup_is_long (self));
}

/* ---- what only the run can say ---- */

/* A client certificate only travels when the server asks for it: whether it did is in
 * the run (the first connection; a resumption asks nothing), not in the switches. */
static const char *
client_certificate_note (const LabScenario *scenario, LabTrace *trace)
{
  gboolean requested = FALSE, hello_done = FALSE, answered = FALSE;
  guint n = trace ? lab_trace_get_n_events (trace) : 0;

  for (guint i = 0; i < n; i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);

      if (e->kind != LAB_EVENT_MESSAGE || !e->sent || e->connection != 0)
        continue;
      if (e->side == LAB_SIDE_SERVER)
        {
          requested |= e->handshake_type == LAB_HS_CERTIFICATE_REQUEST;
          hello_done |= e->handshake_type == LAB_HS_SERVER_HELLO_DONE;
        }
      else
        answered |= e->handshake_type == LAB_HS_CERTIFICATE;
    }
  if (scenario->client.certificate >= 0 && hello_done && !requested)
    return "The server does not ask for one: there is no CertificateRequest in this run "
           "(RFC 5246 §7.4.4), so the client never sends it (§7.4.6).";
  if (scenario->client.certificate < 0 && requested && answered)
    return "The server asks for one (CertificateRequest, RFC 5246 §7.4.4); having none, the "
           "client answers with a Certificate message that holds none (§7.4.6).";
  return NULL;
}

static void
show_run_notes (LabSwitchPanel *self, const LabScenario *scenario)
{
  const char *note = client_certificate_note (scenario, self->trace);
  GtkWidget *box;

  if (self->client_certificate_note == NULL)
    return;
  box = gtk_widget_get_parent (GTK_WIDGET (self->client_certificate_note));
  gtk_label_set_text (self->client_certificate_note, note ? note : "");
  gtk_widget_set_visible (box, note != NULL);
}

/* ---- showing a scenario ---- */

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
      show_value (row, setting, scenario, value);
    }
  self->updating = FALSE;
  show_run_notes (self, scenario);
  footer = footer_text (scenario);
  gtk_label_set_text (self->footer, footer);
  gtk_widget_set_visible (GTK_WIDGET (self->recorded), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->page), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->footer), TRUE);
}

void
lab_switch_panel_set_run (LabSwitchPanel *self, const LabScenario *scenario, LabTrace *trace)
{
  g_return_if_fail (LAB_IS_SWITCH_PANEL (self));
  g_return_if_fail (trace == NULL || LAB_IS_TRACE (trace));

  g_set_object (&self->trace, trace);
  show_about (self, scenario);
  lab_switch_panel_set_scenario (self, scenario);
}

/* Typing that was never applied, and lists left open, belong to the scenario they were
 * typed in: an AdwEntryRow keeps its apply button until it is applied, so turning the
 * button off and on is what forgets the edit. */
static void
leave_entry (AdwEntryRow *entry)
{
  adw_entry_row_set_show_apply_button (entry, FALSE);
  adw_entry_row_set_show_apply_button (entry, TRUE);
}

void
lab_switch_panel_leave_editing (LabSwitchPanel *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  GHashTableIter iter;
  gpointer row;

  g_return_if_fail (LAB_IS_SWITCH_PANEL (self));

  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    gtk_root_set_focus (root, NULL);
  set_about_short (self, TRUE);
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    if (ADW_IS_ENTRY_ROW (row))
      leave_entry (row);
    else if (ADW_IS_EXPANDER_ROW (row))
      {
        adw_expander_row_set_expanded (row, FALSE);
        leave_entry (lab_switch_suites_get_entry (row));
      }
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

const char *
lab_switch_panel_get_note (LabSwitchPanel *self, const char *group, const char *key)
{
  GtkWidget *label = GTK_WIDGET (self->client_certificate_note);

  g_return_val_if_fail (LAB_IS_SWITCH_PANEL (self), NULL);

  if (label == NULL || !g_str_equal (group, "client") || !g_str_equal (key, "certificate")
      || !gtk_widget_get_visible (gtk_widget_get_parent (label)))
    return NULL;
  return gtk_label_get_text (GTK_LABEL (label));
}

const char *
lab_switch_panel_get_question (LabSwitchPanel *self)
{
  g_return_val_if_fail (LAB_IS_SWITCH_PANEL (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->about))
      || !gtk_widget_get_visible (GTK_WIDGET (self->about_question)))
    return NULL;
  return gtk_label_get_text (self->about_question);
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
  LabSwitchPanel *self = LAB_SWITCH_PANEL (widget);

  gtk_widget_allocate (gtk_widget_get_first_child (widget), width, height, baseline, NULL);
  if (self->about_idle == 0)
    self->about_idle = g_idle_add_once (update_about_more, self);
}

static void
lab_switch_panel_dispose (GObject *object)
{
  LabSwitchPanel *self = LAB_SWITCH_PANEL (object);
  GtkWidget *child;

  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_object (&self->trace);
  g_clear_handle_id (&self->about_idle, g_source_remove);
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
  gtk_widget_class_bind_template_child (widget_class, LabSwitchPanel, about);
  gtk_widget_class_bind_template_child (widget_class, LabSwitchPanel, about_setup);
  gtk_widget_class_bind_template_child (widget_class, LabSwitchPanel, about_question);
  gtk_widget_class_bind_template_child (widget_class, LabSwitchPanel, about_more);
  gtk_widget_class_bind_template_callback (widget_class, about_more_clicked);
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
  set_about_short (self, TRUE);
}

GtkWidget *
lab_switch_panel_new (void)
{
  return g_object_new (LAB_TYPE_SWITCH_PANEL, NULL);
}
