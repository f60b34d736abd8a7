/* lab-file-chooser.c: one GtkFileChooserNative per question, kept until it answers. */
#include "lab-file-chooser.h"

#define CHOICE_ID "lab-choice"

typedef struct
{
  GtkWindow *parent; /* weak: NULL once the window has gone */
  LabFileChosen chosen;
  gpointer user_data;
  GDestroyNotify destroy;
} Asked;

static void
asked_free (Asked *asked)
{
  if (asked->parent != NULL)
    g_object_remove_weak_pointer (G_OBJECT (asked->parent), (gpointer *) &asked->parent);
  if (asked->destroy != NULL)
    asked->destroy (asked->user_data);
  g_free (asked);
}

G_GNUC_BEGIN_IGNORE_DEPRECATIONS /* GtkFileChooserNative: the API GTK 4.8 has */

static void
answered (GtkNativeDialog *dialog, int response, Asked *asked)
{
  GtkFileChooser *chooser = GTK_FILE_CHOOSER (dialog);
  g_autoptr (GFile) file = response == GTK_RESPONSE_ACCEPT ? gtk_file_chooser_get_file (chooser)
                                                           : NULL;
  const char *choice = gtk_file_chooser_get_choice (chooser, CHOICE_ID);

  if (file != NULL && asked->parent != NULL)
    asked->chosen (asked->parent, file, g_strcmp0 (choice, "true") == 0, asked->user_data);
  asked_free (asked);
  g_object_unref (dialog);
}

static void
add_filters (GtkFileChooser *chooser, const char *name, const char *const *suffixes)
{
  GtkFileFilter *filter = gtk_file_filter_new ();
  GtkFileFilter *all = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; suffixes != NULL && suffixes[i] != NULL; i++)
    gtk_file_filter_add_suffix (filter, suffixes[i]);
  gtk_file_filter_set_name (all, "All files");
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (chooser, filter);
  gtk_file_chooser_add_filter (chooser, all);
  g_object_unref (filter);
  g_object_unref (all);
}

void
lab_file_chooser_ask (GtkWindow *parent, const LabFileRequest *request, LabFileChosen chosen,
                      gpointer user_data, GDestroyNotify destroy)
{
  gboolean save = request->save_as != NULL;
  GtkFileChooserNative *dialog;
  Asked *asked;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (chosen != NULL);

  dialog = gtk_file_chooser_native_new (request->title, parent,
                                        save ? GTK_FILE_CHOOSER_ACTION_SAVE
                                             : GTK_FILE_CHOOSER_ACTION_OPEN,
                                        request->accept_label, "_Cancel");
  asked = g_new0 (Asked, 1);
  asked->parent = parent;
  g_object_add_weak_pointer (G_OBJECT (parent), (gpointer *) &asked->parent);
  asked->chosen = chosen;
  asked->user_data = user_data;
  asked->destroy = destroy;
  if (request->filter_name != NULL)
    add_filters (GTK_FILE_CHOOSER (dialog), request->filter_name, request->suffixes);
  if (request->choice != NULL)
    gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (dialog), CHOICE_ID, request->choice, NULL,
                                 NULL);
  if (save)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), request->save_as);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (answered), asked);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

G_GNUC_END_IGNORE_DEPRECATIONS
