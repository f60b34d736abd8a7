/* lab-file-chooser.h: the one way the lab asks for a file, to open or to save. It hides
 * GtkFileChooserNative, the API GTK 4.8 has (GtkFileDialog is 4.10), and its plumbing:
 * the caller says what it wants and gets the file in a callback. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct
{
  const char *title;
  const char *accept_label; /* "_Open", "_Export" */
  /* The kind of file wanted ("Captures (pcap, pcapng)") and its endings without dots,
   * NULL-terminated; All files is offered beside it. NULL: no filter. */
  const char *filter_name;
  const char *const *suffixes;
  /* A check box under the files ("Add a key log…"), or NULL. */
  const char *choice;
  /* The name offered when saving; NULL to open a file that exists. */
  const char *save_as;
} LabFileRequest;

/* The file chosen, whether the request's check box was ticked, and the caller's data.
 * Never called when the learner cancels, or when parent has gone meanwhile. */
typedef void (*LabFileChosen) (GtkWindow *parent, GFile *file, gboolean choice,
                               gpointer user_data);

/* Shows a modal chooser over parent; destroy (may be NULL) frees user_data once the
 * chooser is done, chosen or not. */
void lab_file_chooser_ask (GtkWindow *parent, const LabFileRequest *request,
                           LabFileChosen chosen, gpointer user_data, GDestroyNotify destroy);

G_END_DECLS
