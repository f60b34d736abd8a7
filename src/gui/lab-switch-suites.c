/* lab-switch-suites.c: a cipher-suite row of the switch panel. A suite's name is one
 * word to a learner: each sits on a line of its own and is cut, if the panel is narrow,
 * with an ellipsis and the whole name in its tooltip, never broken in the middle. */
#include "lab-switch-suites.h"
#include "engine/session/lab-peer-suites.h"
#include "tls/lab-registry.h"

struct _LabSwitchSuites
{
  AdwExpanderRow parent_instance;

  GtkBox *list;      /* one line per suite, while open */
  AdwEntryRow *entry; /* to set a list */
  GStrv names;       /* what the list shows */
};

G_DEFINE_FINAL_TYPE (LabSwitchSuites, lab_switch_suites, ADW_TYPE_EXPANDER_ROW)

static void fill_list (LabSwitchSuites *self);

static void
expanded_changed (LabSwitchSuites *self, GParamSpec *pspec, gpointer user_data)
{
  fill_list (self);
}

static void
lab_switch_suites_finalize (GObject *object)
{
  g_strfreev (LAB_SWITCH_SUITES (object)->names);
  G_OBJECT_CLASS (lab_switch_suites_parent_class)->finalize (object);
}

static void
lab_switch_suites_class_init (LabSwitchSuitesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lab_switch_suites_finalize;
}

static void
lab_switch_suites_init (LabSwitchSuites *self)
{
}

GtkWidget *
lab_switch_suites_new (const char *title)
{
  LabSwitchSuites *self = g_object_new (LAB_TYPE_SWITCH_SUITES, NULL);
  GtkWidget *row = GTK_WIDGET (self);
  GtkWidget *entry = adw_entry_row_new ();
  GtkWidget *list_row = gtk_list_box_row_new ();
  GtkWidget *list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  /* The title doubles as the entry's placeholder. */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry),
                                 "Your list (empty: the default)");
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (entry), TRUE);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), entry);

  gtk_widget_set_margin_top (list, 8);
  gtk_widget_set_margin_bottom (list, 8);
  gtk_widget_set_margin_start (list, 12);
  gtk_widget_set_margin_end (list, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (list_row), list);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (list_row), FALSE);
  gtk_widget_set_focusable (list_row, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (list_row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title, -1);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), list_row);

  self->list = GTK_BOX (list);
  self->entry = ADW_ENTRY_ROW (entry);
  g_signal_connect (row, "notify::expanded", G_CALLBACK (expanded_changed), NULL);
  return row;
}

AdwEntryRow *
lab_switch_suites_get_entry (GtkWidget *row)
{
  g_return_val_if_fail (LAB_IS_SWITCH_SUITES (row), NULL);
  return LAB_SWITCH_SUITES (row)->entry;
}

/* "1  ECDHE-ECDSA-AES256-GCM-SHA384", its IANA name and number in the tooltip; the
 * renegotiation SCSV, which is no suite, with "+" and what it is. */
static GtkWidget *
suite_line (guint position, const char *name)
{
  const LabCipherSuite *suite = lab_cipher_suite_lookup_name (name);
  gboolean scsv = g_str_equal (name, LAB_RENEGOTIATION_SCSV);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  g_autofree char *number = scsv ? g_strdup ("+") : g_strdup_printf ("%u", position);
  GtkWidget *number_label = gtk_label_new (number);
  GtkWidget *name_label = gtk_label_new (name);
  g_autofree char *tooltip
    = scsv ? g_strdup ("Not a cipher suite: a signal that the client supports secure "
                       "renegotiation (RFC 5746 §3.3), which OpenSSL puts at the end of "
                       "every first ClientHello")
    : suite ? g_strdup_printf ("%s (0x%04X)", suite->iana_name, suite->id)
            : g_strdup (name);

  gtk_label_set_width_chars (GTK_LABEL (number_label), 2);
  gtk_label_set_xalign (GTK_LABEL (number_label), 1);
  gtk_widget_add_css_class (number_label, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (name_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name_label), PANGO_ELLIPSIZE_END);
  gtk_label_set_selectable (GTK_LABEL (name_label), TRUE);
  gtk_widget_set_focusable (name_label, FALSE);
  gtk_widget_set_hexpand (name_label, TRUE);
  gtk_widget_set_tooltip_text (name_label, tooltip);
  if (scsv)
    gtk_widget_add_css_class (name_label, "dim-label");
  gtk_widget_add_css_class (line, "caption");
  gtk_box_append (GTK_BOX (line), number_label);
  gtk_box_append (GTK_BOX (line), name_label);
  return line;
}

/* The lines are made when the row is opened: some seventy labels in every layout of the
 * panel, most of them never looked at, cost a busy machine its frames. */
static void
fill_list (LabSwitchSuites *self)
{
  GtkBox *list = self->list;
  GStrv names = self->names;
  guint n = 0;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_box_remove (list, child);
  if (!adw_expander_row_get_expanded (ADW_EXPANDER_ROW (self)))
    return;
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      gboolean signal = g_str_equal (names[i], LAB_RENEGOTIATION_SCSV);

      gtk_box_append (list, suite_line (n + !signal, names[i]));
      n += !signal;
    }
}

void
lab_switch_suites_show (GtkWidget *row, const char *value, const char *const *effective,
                        const char *why)
{
  gboolean own = value != NULL && *value != '\0';
  guint n = 0;
  gboolean scsv = FALSE;
  g_autofree char *subtitle = NULL;

  g_return_if_fail (LAB_IS_SWITCH_SUITES (row));

  for (guint i = 0; effective != NULL && effective[i] != NULL; i++)
    {
      gboolean signal = g_str_equal (effective[i], LAB_RENEGOTIATION_SCSV);
      n += !signal;
      scsv |= signal;
    }
  if (effective == NULL)
    subtitle = g_strdup_printf ("OpenSSL refuses this list: %s", why ? why : "no reason given");
  else
    subtitle = g_strdup_printf ("%s · %u suite%s%s",
                                own ? "The scenario’s list" : "OpenSSL’s default", n,
                                n == 1 ? "" : "s", scsv ? " + SCSV" : "");
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  gtk_editable_set_text (GTK_EDITABLE (lab_switch_suites_get_entry (row)), value ? value : "");
  g_strfreev (LAB_SWITCH_SUITES (row)->names);
  LAB_SWITCH_SUITES (row)->names = g_strdupv ((GStrv) effective);
  fill_list (LAB_SWITCH_SUITES (row));
}

char *
lab_switch_suites_get_listed (GtkWidget *row)
{
  GStrv names;

  g_return_val_if_fail (LAB_IS_SWITCH_SUITES (row), NULL);
  names = LAB_SWITCH_SUITES (row)->names;
  return names ? g_strjoinv (":", names) : g_strdup ("");
}
