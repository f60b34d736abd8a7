/* lab-switch-suites.c: a cipher-suite row of the switch panel. A suite's name is one
 * word to a learner: each sits on a line of its own and is cut, if the panel is narrow,
 * with an ellipsis and the whole name in its tooltip, never broken in the middle. */
#include "lab-switch-suites.h"
#include "engine/session/lab-peer-suites.h"
#include "tls/lab-registry.h"

#define LIST_KEY "lab-suites-list"   /* the GtkBox holding one line per suite */
#define ENTRY_KEY "lab-suites-entry" /* the AdwEntryRow to set a list */
#define NAMES_KEY "lab-suites-names" /* GStrv: what the list shows */

static void fill_list (GtkWidget *row);

static void
expanded_changed (GtkWidget *row, GParamSpec *pspec, gpointer user_data)
{
  fill_list (row);
}

GtkWidget *
lab_switch_suites_new (const char *title)
{
  GtkWidget *row = adw_expander_row_new ();
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

  g_object_set_data (G_OBJECT (row), LIST_KEY, list);
  g_object_set_data (G_OBJECT (row), ENTRY_KEY, entry);
  g_signal_connect (row, "notify::expanded", G_CALLBACK (expanded_changed), NULL);
  return row;
}

AdwEntryRow *
lab_switch_suites_get_entry (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), ENTRY_KEY);
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
fill_list (GtkWidget *row)
{
  GtkBox *list = g_object_get_data (G_OBJECT (row), LIST_KEY);
  GStrv names = g_object_get_data (G_OBJECT (row), NAMES_KEY);
  guint n = 0;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_box_remove (list, child);
  if (!adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)))
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
  g_object_set_data_full (G_OBJECT (row), NAMES_KEY, g_strdupv ((GStrv) effective),
                          (GDestroyNotify) g_strfreev);
  fill_list (row);
}

char *
lab_switch_suites_get_listed (GtkWidget *row)
{
  GStrv names = g_object_get_data (G_OBJECT (row), NAMES_KEY);

  return names ? g_strjoinv (":", names) : g_strdup ("");
}
