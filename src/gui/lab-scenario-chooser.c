/* lab-scenario-chooser.c: one list of every scenario a teacher can open, so that the
 * search and the arrow keys cover all of it: the shipped scenarios by topic (their
 * `topic =`, in lab_scenario_topic_at's order), then the recent files. The search keeps
 * the focus; the arrows move the selection under it and Enter opens the selected row.
 * It filters on every change (not GtkSearchEntry's delayed search-changed): a few dozen
 * rows filter at once, and Enter right after typing opens what is shown. */
#include "lab-scenario-chooser.h"
#include "engine/scenario/lab-scenario.h"

#include <string.h>

#define SCENARIO_SUFFIX ".scenario"
#define MAX_RECENT 5

struct _LabScenarioChooser
{
  GtkPopover parent_instance;

  GtkSearchEntry *search;
  GtkScrolledWindow *scroller;
  GtkListBox *list;
  GtkLabel *empty;
  gboolean loaded; /* the shipped scenarios are in the list */
  guint n_shipped;
  GStrv words; /* the search, casefolded, one word each */
};

G_DEFINE_FINAL_TYPE (LabScenarioChooser, lab_scenario_chooser, GTK_TYPE_POPOVER)

/* What a row stands for. */
typedef struct
{
  gboolean recent;  /* a recent file (target: its URI), else shipped (target: its name) */
  char *target;
  int group;        /* topic index; n_topics: a shipped scenario without one; past: recent */
  char *haystack;   /* what the search looks in, casefolded */
  char *sort_key;
} Entry;

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_free (entry->target);
  g_free (entry->haystack);
  g_free (entry->sort_key);
  g_free (entry);
}

static guint
n_topics (void)
{
  guint n = 0;

  while (lab_scenario_topic_at (n) != NULL)
    n++;
  return n;
}

static int
topic_index (const char *topic)
{
  for (guint i = 0; topic != NULL && lab_scenario_topic_at (i) != NULL; i++)
    if (g_str_equal (lab_scenario_topic_at (i)->name, topic))
      return (int) i;
  return (int) n_topics ();
}

static const char *
group_title (int group)
{
  const LabScenarioTopic *topic = group >= 0 ? lab_scenario_topic_at ((gsize) group) : NULL;

  if (topic != NULL)
    return topic->title;
  return group == (int) n_topics () ? "Other scenarios" : "Recent files";
}

/* Titles read best sorted without their article: "An expired…" under E; the default
 * scenario, the healthy handshake, first of its group. */
static char *
title_sort_key (const char *name, const char *title)
{
  static const char *const articles[] = { "A ", "An ", "The " };
  g_autofree char *key = NULL;

  for (gsize i = 0; key == NULL && i < G_N_ELEMENTS (articles); i++)
    if (g_str_has_prefix (title, articles[i]))
      key = g_utf8_collate_key (title + strlen (articles[i]), -1);
  if (key == NULL)
    key = g_utf8_collate_key (title, -1);
  return g_strconcat (g_str_equal (name, "default") ? "0" : "1", key, NULL);
}

static gint
compare_entries (gconstpointer a, gconstpointer b)
{
  const Entry *x = *(const Entry **) a, *y = *(const Entry **) b;

  if (x->group != y->group)
    return x->group < y->group ? -1 : 1;
  return strcmp (x->sort_key, y->sort_key);
}

/* "succeeds" -> "Succeeds": a line of its own under the title. */
static char *
capitalised (const char *text)
{
  char *copy = g_strdup (text);

  copy[0] = g_ascii_toupper (copy[0]);
  return copy;
}

/* A plain row (an icon, the title, a line under it): AdwActionRow's many parts, times
 * some seventy rows, made the first opening slow on a busy classroom machine. */
static GtkWidget *
row_new (Entry *entry, const char *title, const char *subtitle, const char *icon,
         const char *icon_class, const char *icon_meaning)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *subtitle_label = gtk_label_new (subtitle);

  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_label_set_wrap (GTK_LABEL (title_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (subtitle_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle_label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (subtitle_label, "caption");
  gtk_widget_add_css_class (subtitle_label, "dim-label");
  gtk_widget_set_visible (subtitle_label, subtitle != NULL && *subtitle != '\0');
  gtk_box_append (GTK_BOX (text), title_label);
  gtk_box_append (GTK_BOX (text), subtitle_label);
  if (icon != NULL)
    {
      GtkWidget *image = gtk_image_new_from_icon_name (icon);

      gtk_widget_add_css_class (image, icon_class);
      gtk_accessible_update_property (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      icon_meaning, -1);
      gtk_box_append (GTK_BOX (box), image);
    }
  gtk_box_append (GTK_BOX (box), text);
  gtk_widget_add_css_class (box, "chooser-row");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle ? subtitle : "",
                                  -1);
  g_object_set_data (G_OBJECT (row), "lab-subtitle", subtitle_label);
  g_object_set_data_full (G_OBJECT (row), "lab-entry", entry, entry_free);
  return row;
}

void
lab_scenario_chooser_load (LabScenarioChooser *self)
{
  g_auto (GStrv) names = NULL;
  g_autoptr (GPtrArray) entries = g_ptr_array_new ();
  g_autoptr (GHashTable) scenarios
    = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                             (GDestroyNotify) lab_scenario_free);

  g_return_if_fail (LAB_IS_SCENARIO_CHOOSER (self));

  if (self->loaded)
    return;
  self->loaded = TRUE;
  names = lab_scenario_list_builtin ();

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autoptr (GError) error = NULL;
      LabScenario *scenario = lab_scenario_load_builtin (names[i], &error);
      g_autofree char *summary = NULL;
      Entry *entry;

      /* `check` and the tests hold shipped scenarios to loading; never fail the chooser */
      if (scenario == NULL)
        {
          g_message ("%s", error->message);
          continue;
        }
      summary = lab_scenario_expect_summary (scenario);
      entry = g_new0 (Entry, 1);
      entry->target = g_strdup (names[i]);
      entry->group = topic_index (scenario->topic);
      entry->sort_key = title_sort_key (names[i], scenario->title);
      {
        g_autofree char *text = g_strjoin (" ", scenario->title, names[i],
                                           group_title (entry->group), summary ? summary : "",
                                           NULL);
        entry->haystack = g_utf8_casefold (text, -1);
      }
      g_hash_table_insert (scenarios, entry, scenario);
      g_ptr_array_add (entries, entry);
    }
  g_ptr_array_sort (entries, compare_entries);
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (entries, i);
      const LabScenario *scenario = g_hash_table_lookup (scenarios, entry);
      g_autofree char *summary = lab_scenario_expect_summary (scenario);
      g_autofree char *subtitle = summary ? capitalised (summary) : NULL;
      gboolean success = scenario->has_expect && scenario->expect_result == LAB_RESULT_SUCCESS;

      gtk_list_box_append (
        self->list,
        row_new (entry, scenario->title, subtitle,
                 !scenario->has_expect ? NULL
                 : success             ? "emblem-ok-symbolic"
                                       : "dialog-error-symbolic",
                 success ? "success" : "error",
                 success ? "expected to succeed" : "expected to fail"));
    }
  self->n_shipped = entries->len;
  lab_scenario_chooser_refresh_recent (self);
}

static gint
compare_recent (gconstpointer a, gconstpointer b)
{
  GDateTime *x = gtk_recent_info_get_modified (*(GtkRecentInfo **) a);
  GDateTime *y = gtk_recent_info_get_modified (*(GtkRecentInfo **) b);

  return g_date_time_compare (y, x);
}

void
lab_scenario_chooser_refresh_recent (LabScenarioChooser *self)
{
  GList *items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());
  g_autoptr (GPtrArray) recent = g_ptr_array_new ();
  GtkListBoxRow *row;

  g_return_if_fail (LAB_IS_SCENARIO_CHOOSER (self));

  while ((row = gtk_list_box_get_row_at_index (self->list, (int) self->n_shipped)) != NULL)
    gtk_list_box_remove (self->list, GTK_WIDGET (row));
  for (GList *l = items; l != NULL; l = l->next)
    if (g_str_has_suffix (gtk_recent_info_get_uri (l->data), SCENARIO_SUFFIX)
        && gtk_recent_info_exists (l->data))
      g_ptr_array_add (recent, l->data);
  g_ptr_array_sort (recent, compare_recent);
  for (guint i = 0; i < recent->len && i < MAX_RECENT; i++)
    {
      GtkRecentInfo *info = g_ptr_array_index (recent, i);
      g_autoptr (GFile) file = g_file_new_for_uri (gtk_recent_info_get_uri (info));
      g_autofree char *path = g_file_get_path (file);
      g_autofree char *shown_path = g_file_get_parse_name (file);
      /* its title when it still loads; its name when it does not (opening says why) */
      g_autoptr (LabScenario) scenario = path ? lab_scenario_load_file (path, NULL) : NULL;
      const char *title = scenario ? scenario->title : gtk_recent_info_get_display_name (info);
      Entry *entry = g_new0 (Entry, 1);
      g_autofree char *text = g_strjoin (" ", title, shown_path, "recent", NULL);

      entry->recent = TRUE;
      entry->target = g_strdup (gtk_recent_info_get_uri (info));
      entry->group = (int) n_topics () + 1;
      entry->haystack = g_utf8_casefold (text, -1);
      entry->sort_key = g_strdup ("");
      gtk_list_box_append (self->list,
                           row_new (entry, title, shown_path, "document-open-recent-symbolic",
                                    "dim-label", "a recent file"));
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
}

/* ---- the search and the selection ---- */

static gboolean
row_shown (GtkListBoxRow *row)
{
  return gtk_widget_get_visible (GTK_WIDGET (row))
         && gtk_widget_get_child_visible (GTK_WIDGET (row));
}

static gboolean
filter_row (GtkListBoxRow *row, gpointer user_data)
{
  LabScenarioChooser *self = user_data;
  const Entry *entry = g_object_get_data (G_OBJECT (row), "lab-entry");

  for (guint i = 0; self->words != NULL && self->words[i] != NULL; i++)
    if (strstr (entry->haystack, self->words[i]) == NULL)
      return FALSE;
  return TRUE;
}

static void
header_row (GtkListBoxRow *row, GtkListBoxRow *before, gpointer user_data)
{
  const Entry *entry = g_object_get_data (G_OBJECT (row), "lab-entry");
  const Entry *previous = before ? g_object_get_data (G_OBJECT (before), "lab-entry") : NULL;
  GtkWidget *header;

  if (previous != NULL && previous->group == entry->group)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  header = gtk_label_new (group_title (entry->group));
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_add_css_class (header, "chooser-group");
  gtk_list_box_row_set_header (row, header);
}

/* Keeps the selected row in view; the focus stays in the search. */
static void
scroll_to_row (LabScenarioChooser *self, GtkListBoxRow *row)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  graphene_point_t point;

  if (gtk_widget_compute_point (GTK_WIDGET (row), GTK_WIDGET (self->list),
                                &GRAPHENE_POINT_INIT (0, 0), &point))
    gtk_adjustment_clamp_page (adjustment, point.y - 32,
                               point.y + gtk_widget_get_height (GTK_WIDGET (row)));
}

/* The next shown row after (or before) `from`; from NULL: the first (or last) one. */
static GtkListBoxRow *
shown_row (LabScenarioChooser *self, GtkListBoxRow *from, int step)
{
  int n = 0, i;

  while (gtk_list_box_get_row_at_index (self->list, n) != NULL)
    n++;
  i = from ? gtk_list_box_row_get_index (from) + step : step > 0 ? 0 : n - 1;
  for (; i >= 0 && i < n; i += step)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->list, i);
      if (row_shown (row))
        return row;
    }
  return NULL;
}

static void
select_row (LabScenarioChooser *self, GtkListBoxRow *row)
{
  if (row == NULL)
    return;
  gtk_list_box_select_row (self->list, row);
  scroll_to_row (self, row);
}

static void
search_changed (LabScenarioChooser *self)
{
  g_autofree char *folded = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (self->search)),
                                             -1);
  GtkListBoxRow *first;

  g_strfreev (self->words);
  self->words = g_regex_split_simple ("\\s+", g_strstrip (folded), 0, 0);
  gtk_list_box_invalidate_filter (self->list);
  gtk_list_box_invalidate_headers (self->list);
  first = shown_row (self, NULL, 1);
  gtk_list_box_unselect_all (self->list);
  if (first != NULL)
    gtk_list_box_select_row (self->list, first);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  gtk_widget_set_visible (GTK_WIDGET (self->empty), first == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->scroller), first != NULL);
}

static void
open_row (LabScenarioChooser *self, GtkListBoxRow *row)
{
  const Entry *entry = g_object_get_data (G_OBJECT (row), "lab-entry");
  g_autofree char *target = g_strdup (entry->target);

  gtk_popover_popdown (GTK_POPOVER (self));
  gtk_widget_activate_action (GTK_WIDGET (self), entry->recent ? "win.open-recent"
                                                               : "win.open-builtin",
                              "s", target);
}

static void
row_activated (LabScenarioChooser *self, GtkListBoxRow *row)
{
  open_row (self, row);
}

/* Up and Down in the search move the selection in the list, Enter opens the selected
 * row, Escape closes. All here, before the search entry's own handling of Enter
 * (activate) and Escape (stop-search): closed from there, the popover left the menu
 * button deaf to the next click once the window had been resized (GTK 4.8, X11). */
static gboolean
search_key_pressed (GtkEventControllerKey *controller, guint keyval, guint keycode,
                    GdkModifierType state, LabScenarioChooser *self)
{
  GtkListBoxRow *selected = gtk_list_box_get_selected_row (self->list);
  int step;

  switch (keyval)
    {
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      step = 1;
      break;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      step = -1;
      break;
    case GDK_KEY_Escape:
      gtk_popover_popdown (GTK_POPOVER (self));
      return TRUE;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
      if (selected != NULL && row_shown (selected))
        open_row (self, selected);
      return TRUE;
    default:
      return FALSE;
    }
  select_row (self, shown_row (self, selected && row_shown (selected) ? selected : NULL, step));
  return TRUE;
}

static void
open_file_clicked (LabScenarioChooser *self)
{
  gtk_popover_popdown (GTK_POPOVER (self));
}

/* Each opening starts afresh: the search empty, the first scenario selected, the
 * focus in the search so that typing filters at once. */
static void
chooser_show (GtkWidget *widget)
{
  LabScenarioChooser *self = LAB_SCENARIO_CHOOSER (widget);

  GTK_WIDGET_CLASS (lab_scenario_chooser_parent_class)->show (widget);
  lab_scenario_chooser_load (self);
  lab_scenario_chooser_refresh_recent (self);
  gtk_editable_set_text (GTK_EDITABLE (self->search), "");
  search_changed (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->search));
}

/* ---- for tests ---- */

GtkWidget *
lab_scenario_chooser_get_search (LabScenarioChooser *self)
{
  return GTK_WIDGET (self->search);
}

guint
lab_scenario_chooser_get_n_shipped (LabScenarioChooser *self)
{
  return self->n_shipped;
}

guint
lab_scenario_chooser_get_n_shown (LabScenarioChooser *self)
{
  guint n = 0;

  for (guint i = 0; i < self->n_shipped; i++)
    n += row_shown (gtk_list_box_get_row_at_index (self->list, (int) i));
  return n;
}

GtkListBoxRow *
lab_scenario_chooser_get_selected (LabScenarioChooser *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->list);

  return row != NULL && row_shown (row) ? row : NULL;
}

const char *
lab_scenario_chooser_row_subtitle (GtkListBoxRow *row)
{
  GtkWidget *label = g_object_get_data (G_OBJECT (row), "lab-subtitle");

  return label ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

const char *
lab_scenario_chooser_row_target (GtkListBoxRow *row)
{
  const Entry *entry = g_object_get_data (G_OBJECT (row), "lab-entry");

  return entry ? entry->target : NULL;
}

/* ---- GObject ---- */

static void
lab_scenario_chooser_dispose (GObject *object)
{
  LabScenarioChooser *self = LAB_SCENARIO_CHOOSER (object);

  g_clear_pointer (&self->words, g_strfreev);
  gtk_widget_dispose_template (GTK_WIDGET (object), LAB_TYPE_SCENARIO_CHOOSER);
  G_OBJECT_CLASS (lab_scenario_chooser_parent_class)->dispose (object);
}

static void
lab_scenario_chooser_class_init (LabScenarioChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lab_scenario_chooser_dispose;
  widget_class->show = chooser_show;
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/handshakelab/HandshakeLab/ui/lab-scenario-chooser.ui");
  gtk_widget_class_bind_template_child (widget_class, LabScenarioChooser, search);
  gtk_widget_class_bind_template_child (widget_class, LabScenarioChooser, scroller);
  gtk_widget_class_bind_template_child (widget_class, LabScenarioChooser, list);
  gtk_widget_class_bind_template_child (widget_class, LabScenarioChooser, empty);
  gtk_widget_class_bind_template_callback (widget_class, search_changed);
  gtk_widget_class_bind_template_callback (widget_class, row_activated);
  gtk_widget_class_bind_template_callback (widget_class, open_file_clicked);
}

static void
lab_scenario_chooser_init (LabScenarioChooser *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_filter_func (self->list, filter_row, self, NULL);
  gtk_list_box_set_header_func (self->list, header_row, NULL, NULL);
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (search_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search), keys);
  gtk_search_entry_set_key_capture_widget (self->search, GTK_WIDGET (self));
}

GtkWidget *
lab_scenario_chooser_new (void)
{
  return g_object_new (LAB_TYPE_SCENARIO_CHOOSER, NULL);
}
