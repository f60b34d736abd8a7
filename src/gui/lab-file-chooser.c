#include "lab-file-chooser.h"

G_GNUC_BEGIN_IGNORE_DEPRECATIONS /* GtkFileChooserNative: the API GTK 4.8 has */

GtkFileChooserNative *
lab_file_chooser_new (GtkWindow *parent, const char *title, const char *accept_label,
                      const char *filter_name, const char *const *suffixes)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (
    title, parent, GTK_FILE_CHOOSER_ACTION_OPEN, accept_label, "_Cancel");
  GtkFileFilter *filter = gtk_file_filter_new ();
  GtkFileFilter *all = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, filter_name);
  for (guint i = 0; suffixes[i] != NULL; i++)
    gtk_file_filter_add_suffix (filter, suffixes[i]);
  gtk_file_filter_set_name (all, "All files");
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  g_object_unref (filter);
  g_object_unref (all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  return chooser;
}

G_GNUC_END_IGNORE_DEPRECATIONS
