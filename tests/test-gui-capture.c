/* The window on traces from outside the lab: a lab run exported as pcapng and opened
 * again through Open Capture's own path (the file chooser bypassed) shows the same
 * handshake with its keys; without the key log it says what stays closed; a capture
 * with two connections offers a picker; a file that is not a capture keeps the run on
 * show. Watch a Real Server connects to an `openssl s_server` the test starts on
 * 127.0.0.1. Each state is rendered to gui-shots/ for people to look at. */
#include "lab-gui-test-util.h"
#include "lab-test-util.h"
#include "engine/export/lab-export.h"
#include "engine/pki/lab-pki.h"
#include "gui/lab-capture-picker.h"
#include "gui/lab-connect-dialog.h"
#include "gui/lab-detail-text.h"

#include <glib/gstdio.h>
#include <openssl/pem.h>

/* ---- opening a capture as the action does ---- */

typedef struct
{
  gboolean done;
  gboolean opened;
  GError *error;
} Opened;

static void
opened_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Opened *opened = user_data;

  opened->opened = lab_window_open_capture_finish (LAB_WINDOW (source), result, &opened->error);
  opened->done = TRUE;
}

/* Opens the capture (and key log) and waits for the window to have read it. */
static gboolean
open_capture (LabWindow *window, const char *path, const char *keylog_path, GError **error)
{
  g_autoptr (GFile) capture = g_file_new_for_path (path);
  g_autoptr (GFile) keylog = keylog_path ? g_file_new_for_path (keylog_path) : NULL;
  Opened opened = { 0 };

  lab_window_open_capture (window, capture, keylog, opened_cb, &opened);
  ITERATE_UNTIL (opened.done);
  lab_gui_test_iterate (150);
  if (opened.error != NULL)
    g_propagate_error (error, opened.error);
  return opened.opened;
}

/* The dialog of this type the window has on show, or NULL. */
static GtkWindow *
find_toplevel (LabWindow *window, GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) toplevel = g_list_model_get_item (toplevels, i);
      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type)
          && gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window)
          && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return toplevel;
    }
  return NULL;
}

/* Does a label under root read text (exactly, or containing it)? */
static gboolean
has_label (GtkWidget *root, const char *text, gboolean exactly)
{
  if (GTK_IS_LABEL (root))
    {
      const char *label = gtk_label_get_text (GTK_LABEL (root));
      if (exactly ? g_str_equal (label, text) : strstr (label, text) != NULL)
        return TRUE;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_label (child, text, exactly))
      return TRUE;
  return FALSE;
}

static GtkWidget *
find_button (GtkWidget *root, const char *action_name)
{
  if (GTK_IS_BUTTON (root)
      && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action_name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, action_name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The titles of the steps that happened, space-separated. */
static char *
step_titles (GPtrArray *steps)
{
  GString *titles = g_string_new (NULL);

  for (guint i = 0; i < steps->len; i++)
    {
      const LabStep *step = g_ptr_array_index (steps, i);
      if (!step->never_happened && step->kind != LAB_STEP_TCP && step->kind != LAB_STEP_CLOSE)
        g_string_append_printf (titles, "%s%s", titles->len ? " " : "", step->title);
    }
  return g_string_free (titles, FALSE);
}

/* The Keys tab at the last step shows the secret under its name, with its value. */
static void
assert_keys_tab_shows (LabWindow *window, const LabEvent *secret)
{
  LabDocument *document = lab_window_get_document (window);
  GtkWidget *keys = lab_detail_pane_get_page (window->detail, "keys");
  g_autofree char *hex = lab_detail_hex (secret->bytes, 0);

  lab_document_set_step (document, (int) lab_document_get_steps (document)->len - 1);
  lab_detail_pane_show_tab (window->detail, "keys");
  lab_gui_test_iterate (50);
  g_assert_true (has_label (keys, secret->name, TRUE));
  g_assert_true (has_label (keys, hex, TRUE));
}

/* What every trace from outside the lab shows: its title, no scenario, the switches
 * greyed out under their note, and no Re-run. */
static void
assert_recorded (LabWindow *window, const char *title, const char *note_title)
{
  LabDocument *document = lab_window_get_document (window);

  g_assert_null (lab_document_get_scenario (document));
  g_assert_cmpstr (lab_document_get_title (document), ==, title);
  g_assert_cmpstr (gtk_label_get_text (window->scenario_label), ==, title);
  g_assert_true (lab_switch_panel_get_recorded (window->panel));
  g_assert_true (has_label (GTK_WIDGET (window->panel), note_title, TRUE));
  g_assert_false (gtk_widget_get_sensitive (find_button (GTK_WIDGET (window), "win.rerun")));
  g_assert_cmpint (lab_document_get_step (document), ==, 0);
}

/* Renders widget light and dark, to gui-shots/NAME.png and NAME-dark.png. */
static void
shoot_both (GtkWidget *widget, const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *dark = g_strconcat (name, "-dark", NULL);

  g_assert_cmpuint (lab_gui_test_shoot_widget (widget, name), >, 10000);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  lab_gui_test_iterate (200);
  g_assert_cmpuint (lab_gui_test_shoot_widget (widget, dark), >, 10000);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

/* ---- files ---- */

static char *
export_run (LabTrace *trace, const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) error = NULL;

  g_assert_true (lab_export_pcapng (trace, path, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

/* The capture without its Decryption Secrets Block (pcapng block type 10): a capture as
 * tcpdump would have written it, with no keys in it. */
static char *
strip_secrets (const char *path, const char *dir, const char *name)
{
  g_autofree char *data = NULL;
  g_autoptr (GByteArray) out = g_byte_array_new ();
  gsize len, pos = 0;
  guint stripped = 0;
  char *out_path;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  while (pos + 12 <= len)
    {
      guint32 type, block_len;

      memcpy (&type, data + pos, 4);
      memcpy (&block_len, data + pos + 4, 4);
      g_assert_cmpuint (block_len, >=, 12);
      g_assert_cmpuint (pos + block_len, <=, len);
      if (type == 0x0000000a)
        stripped++;
      else
        g_byte_array_append (out, (const guint8 *) data + pos, block_len);
      pos += block_len;
    }
  g_assert_cmpuint (stripped, ==, 1);
  out_path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (out_path, (const char *) out->data, (gssize) out->len,
                                      NULL));
  return out_path;
}

/* ---- captures ---- */

static void
test_capture_round_trip (void)
{
  LabWindow *window = lab_gui_test_open_window ();
  LabDocument *document = lab_window_get_document (window);
  g_autoptr (LabTrace) run = g_object_ref (lab_document_get_trace (document));
  g_autofree char *run_steps = step_titles (lab_document_get_steps (document));
  g_autofree char *dir = g_dir_make_tmp ("lab-gui-capture-XXXXXX", NULL);
  g_autofree char *path = export_run (run, dir, "handshake.pcapng");
  g_autofree char *imported_steps = NULL;
  g_autoptr (GError) error = NULL;
  const LabEvent *master;

  g_assert_true (open_capture (window, path, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (lab_document_get_trace (document) != run);
  assert_recorded (window, "handshake.pcapng", "Read from a capture");

  /* The same handshake, step for step, ClientHello to the last Finished and beyond. */
  imported_steps = step_titles (lab_document_get_steps (document));
  g_test_message ("lab run:  %s\nimported: %s", run_steps, imported_steps);
  lab_test_assert_contains (imported_steps,
                            "ClientHello ServerHello Certificate ServerKeyExchange "
                            "ServerHelloDone ClientKeyExchange ChangeCipherSpec Finished "
                            "ChangeCipherSpec Finished Application data Application data");
  g_assert_cmpstr (imported_steps, ==, run_steps);
  g_assert_cmpint (lab_ladder_view_get_selected (window->ladder), ==, 0);
  g_assert_cmpint (lab_trace_get_outcome (lab_document_get_trace (document))->result, ==,
                   LAB_RESULT_SUCCESS);

  /* The pcapng carries its key log, so the master secret is the run's own. */
  master = lab_test_find_secret (lab_document_get_trace (document), LAB_TEST_ANY_SIDE,
                                              "master_secret");
  g_assert_nonnull (master);
  g_assert_true (g_bytes_equal (master->bytes,
                                lab_test_find_secret (run, LAB_TEST_ANY_SIDE, "master_secret")->bytes));
  lab_document_set_step (document, lab_gui_test_find_step (window, "ServerHello"));
  g_assert_cmpuint (lab_gui_test_shoot (window, "capture-server-hello"), >, 20000);
  assert_keys_tab_shows (window, master);
  g_assert_cmpuint (lab_gui_test_shoot (window, "capture-keys"), >, 20000);

  /* Choosing a scenario gives the switches back. */
  lab_window_open_builtin (window, "default");
  lab_gui_test_wait_for_run (window);
  g_assert_false (lab_switch_panel_get_recorded (window->panel));
  g_assert_true (gtk_widget_get_sensitive (find_button (GTK_WIDGET (window), "win.rerun")));
  lab_gui_test_close_window (window);
}

/* Without the key log the handshake shows up to ChangeCipherSpec, and the Keys tab says
 * why the rest stays closed; given as a file, the key log opens it all. */
static void
test_capture_key_log (void)
{
  LabWindow *window = lab_gui_test_open_window ();
  LabDocument *document = lab_window_get_document (window);
  LabTrace *run = lab_document_get_trace (document);
  g_autofree char *dir = g_dir_make_tmp ("lab-gui-capture-XXXXXX", NULL);
  g_autofree char *full = export_run (run, dir, "full.pcapng");
  g_autofree char *bare = strip_secrets (full, dir, "bare.pcapng");
  g_autofree char *keylog = g_build_filename (dir, "bare-keylog.txt", NULL);
  GtkWidget *keys = lab_detail_pane_get_page (window->detail, "keys");
  g_autoptr (GError) error = NULL;

  g_assert_true (lab_export_keylog (run, keylog, &error));
  g_assert_true (open_capture (window, bare, NULL, &error));
  g_assert_no_error (error);
  assert_recorded (window, "bare.pcapng", "Read from a capture");
  g_assert_null (lab_test_find_secret (lab_document_get_trace (document), LAB_TEST_ANY_SIDE,
                                              "master_secret"));
  g_assert_true (has_label (GTK_WIDGET (window->panel), "no key for this connection", FALSE));
  lab_document_set_step (document, lab_gui_test_find_step (window, "ClientKeyExchange"));
  lab_detail_pane_show_tab (window->detail, "keys");
  lab_gui_test_iterate (50);
  g_assert_true (has_label (keys, "records not opened", TRUE));
  g_assert_true (has_label (keys, "no key log", FALSE));
  shoot_both (GTK_WIDGET (window), "capture-no-key-log");

  g_assert_true (open_capture (window, bare, keylog, &error));
  g_assert_no_error (error);
  assert_keys_tab_shows (window, lab_test_find_secret (lab_document_get_trace (document),
                                                      LAB_TEST_ANY_SIDE, "master_secret"));
  g_assert_false (has_label (GTK_WIDGET (window->panel), "no key for this connection", FALSE));
  lab_gui_test_close_window (window);
}

/* A session resumed: two TLS connections in one capture, and the learner picks. */
static void
test_capture_picker (void)
{
  g_autoptr (LabScenario) scenario
    = lab_test_scenario ("[scenario]\ntitle = Resumed\n"
                         "[client]\nsession-tickets = on\nresume = ticket\n"
                         "[server]\nsession-tickets = on\n");
  g_autoptr (LabTrace) run = lab_test_run (scenario, 0, FALSE);
  g_autofree char *dir = g_dir_make_tmp ("lab-gui-capture-XXXXXX", NULL);
  g_autofree char *path = export_run (run, dir, "resumed.pcapng");
  g_autofree char *bare = NULL;
  LabWindow *window = lab_gui_test_open_window ();
  LabTrace *before = lab_document_get_trace (lab_window_get_document (window));
  LabCapturePicker *picker;
  GtkWidget *row;
  g_autoptr (GError) error = NULL;

  g_assert_true (open_capture (window, path, NULL, &error));
  g_assert_no_error (error);
  picker = LAB_CAPTURE_PICKER (find_toplevel (window, LAB_TYPE_CAPTURE_PICKER));
  g_assert_nonnull (picker);
  g_assert_cmpuint (lab_capture_picker_get_import (picker)->connections->len, ==, 2);
  g_assert_null (lab_capture_picker_get_row (picker, 2));
  /* Nothing changes until the learner picks. */
  g_assert_true (lab_document_get_trace (lab_window_get_document (window)) == before);
  g_assert_true (has_label (GTK_WIDGET (picker), "Decrypted", TRUE));
  g_assert_true (has_label (GTK_WIDGET (picker), "TLS_ECDHE_", FALSE));
  shoot_both (GTK_WIDGET (picker), "capture-picker");

  row = lab_capture_picker_get_row (picker, 1);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_activate (row));
  lab_gui_test_iterate (150);
  g_assert_null (find_toplevel (window, LAB_TYPE_CAPTURE_PICKER));
  assert_recorded (window, "resumed.pcapng · 2 of 2", "Read from a capture");
  g_assert_cmpuint (lab_gui_test_shoot (window, "capture-resumed"), >, 20000);

  /* Without its keys the picker says so, and closing it picks nothing. */
  bare = strip_secrets (path, dir, "resumed-bare.pcapng");
  before = lab_document_get_trace (lab_window_get_document (window));
  g_assert_true (open_capture (window, bare, NULL, &error));
  picker = LAB_CAPTURE_PICKER (find_toplevel (window, LAB_TYPE_CAPTURE_PICKER));
  g_assert_nonnull (picker);
  g_assert_true (has_label (GTK_WIDGET (picker), "Not decrypted", TRUE));
  g_assert_true (has_label (GTK_WIDGET (picker), "No key log opened any of them", FALSE));
  shoot_both (GTK_WIDGET (picker), "capture-picker-no-key");
  gtk_window_close (GTK_WINDOW (picker));
  lab_gui_test_iterate (100);
  g_assert_true (lab_document_get_trace (lab_window_get_document (window)) == before);
  lab_gui_test_close_window (window);
}

/* A file that is not a capture is reported and changes nothing; a cut-off one shows
 * what came before the cut. */
static void
test_capture_bad_files (void)
{
  LabWindow *window = lab_gui_test_open_window ();
  LabDocument *document = lab_window_get_document (window);
  LabTrace *before = lab_document_get_trace (document);
  g_autofree char *dir = g_dir_make_tmp ("lab-gui-capture-XXXXXX", NULL);
  g_autofree char *junk = lab_test_write_file (dir, "junk.pcapng", "not a capture at all\n");
  g_autofree char *full = export_run (before, dir, "whole.pcapng");
  g_autofree char *contents = NULL;
  g_autofree char *cut = g_build_filename (dir, "cut.pcapng", NULL);
  g_autoptr (GError) error = NULL;
  GtkWindow *message;
  gsize len;

  g_assert_false (open_capture (window, junk, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_true (lab_document_get_trace (document) == before);
  g_assert_nonnull (lab_document_get_scenario (document));
  g_assert_false (lab_switch_panel_get_recorded (window->panel));
  message = find_toplevel (window, ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (message);
  lab_test_assert_contains (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (message)),
                            "junk.pcapng");
  lab_test_assert_contains (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (message)),
                            error->message);
  g_assert_cmpuint (lab_gui_test_shoot_widget (GTK_WIDGET (message), "capture-error"), >, 5000);
  gtk_window_destroy (message);
  g_clear_error (&error);

  /* Cut in the middle of a block: the handshake before the cut is there. */
  g_assert_true (g_file_get_contents (full, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (cut, contents, (gssize) (len * 2 / 3 + 3), NULL));
  g_assert_true (open_capture (window, cut, NULL, &error));
  g_assert_no_error (error);
  assert_recorded (window, "cut.pcapng", "Read from a capture");
  lab_gui_test_find_step (window, "ClientHello");
  g_assert_cmpuint (lab_gui_test_shoot (window, "capture-cut"), >, 20000);
  lab_gui_test_close_window (window);
}

/* ---- a real server ---- */

typedef struct
{
  char *dir;
  char *cert, *key, *chain, *root;
  guint16 port;
  GSubprocess *server;
} Server;

static void
write_pem (const char *path, X509 *cert, EVP_PKEY *key)
{
  BIO *bio = BIO_new_file (path, "w");

  g_assert_nonnull (bio);
  if (cert != NULL)
    g_assert_cmpint (PEM_write_bio_X509 (bio, cert), ==, 1);
  if (key != NULL)
    g_assert_cmpint (PEM_write_bio_PrivateKey (bio, key, NULL, NULL, 0, NULL, NULL), ==, 1);
  BIO_free (bio);
}

/* A socket bound to a port on 127.0.0.1 the kernel chose. */
static GSocket *
bind_loopback (guint16 *port)
{
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                  G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return socket;
}

/* A port on 127.0.0.1 that nothing listens on. */
static guint16
free_port (void)
{
  guint16 port;
  GSocket *socket = bind_loopback (&port);

  /* Closed again at once: the port stays free for a while. */
  g_object_unref (socket);
  return port;
}

static gboolean
listening (guint16 port)
{
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GSocketConnection) connection
    = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);

  return connection != NULL;
}

/* openssl s_server -www on a free port, with a chain from the lab's PKI for
 * server.handshake.lab; FALSE (the test skipped) without openssl. */
static gboolean
server_start (Server *s)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  const LabPkiOptions options = {
    .key_type = LAB_KEY_ECDSA_P256,
    .clock = g_get_real_time () / G_USEC_PER_SEC,
    .server_name = "server.handshake.lab",
  };
  g_autoptr (LabPki) pki = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *accept = NULL;

  if (openssl == NULL)
    {
      g_test_skip ("openssl is not installed");
      return FALSE;
    }
  pki = lab_pki_new (NULL, &options, &error);
  g_assert_no_error (error);
  s->dir = g_dir_make_tmp ("lab-gui-server-XXXXXX", NULL);
  s->cert = g_build_filename (s->dir, "server.pem", NULL);
  s->key = g_build_filename (s->dir, "server-key.pem", NULL);
  s->chain = g_build_filename (s->dir, "chain.pem", NULL);
  s->root = g_build_filename (s->dir, "root.pem", NULL);
  write_pem (s->cert, pki->server.cert, NULL);
  write_pem (s->key, NULL, pki->server.key);
  write_pem (s->chain, pki->intermediate, NULL);
  write_pem (s->root, pki->root, NULL);

  s->port = free_port ();
  accept = g_strdup_printf ("127.0.0.1:%u", s->port);
  s->server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                  | G_SUBPROCESS_FLAGS_STDERR_SILENCE
                                  | G_SUBPROCESS_FLAGS_STDIN_PIPE,
                                &error, "openssl", "s_server", "-accept", accept, "-cert",
                                s->cert, "-key", s->key, "-cert_chain", s->chain, "-www", NULL);
  g_assert_no_error (error);
  for (guint i = 0; i < 100 && !listening (s->port); i++)
    g_usleep (50 * 1000);
  g_assert_true (listening (s->port));
  return TRUE;
}

static void
server_stop (Server *s)
{
  if (s->server != NULL)
    {
      g_subprocess_force_exit (s->server);
      g_subprocess_wait (s->server, NULL, NULL);
      g_clear_object (&s->server);
    }
  for (const char *const *path = (const char *const[]){ s->cert, s->key, s->chain, s->root, NULL };
       *path != NULL; path++)
    g_remove (*path);
  if (s->dir != NULL)
    g_rmdir (s->dir);
  g_free (s->dir);
  g_free (s->cert);
  g_free (s->key);
  g_free (s->chain);
  g_free (s->root);
}

static void
test_watch_server (void)
{
  Server server = { 0 };
  LabWindow *window;
  LabDocument *document;
  LabTrace *before;
  LabConnectDialog *dialog;
  g_autoptr (GFile) root = NULL;
  g_autofree char *closed = NULL, *target = NULL;

  if (!server_start (&server))
    return;
  window = lab_gui_test_open_window ();
  document = lab_window_get_document (window);
  before = lab_document_get_trace (document);
  lab_gui_test_activate (window, "win.watch-server");
  dialog = LAB_CONNECT_DIALOG (window->connect_dialog);
  g_assert_nonnull (dialog);
  ITERATE_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  g_assert_true (has_label (GTK_WIDGET (dialog), "real server over the network", FALSE));
  g_assert_cmpuint (lab_gui_test_shoot_widget (GTK_WIDGET (dialog), "watch-dialog"), >, 10000);

  /* Nothing listens there: the dialog says so and stays, and the run stays. */
  closed = g_strdup_printf ("127.0.0.1:%u", free_port ());
  lab_connect_dialog_set_target (dialog, closed);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.connect", NULL));
  ITERATE_UNTIL (!lab_connect_dialog_get_connecting (dialog));
  lab_gui_test_iterate (100);
  g_assert_nonnull (lab_connect_dialog_get_error (dialog));
  g_test_message ("%s", lab_connect_dialog_get_error (dialog));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_true (lab_document_get_trace (document) == before);
  g_assert_true (has_label (GTK_WIDGET (dialog), lab_connect_dialog_get_error (dialog) + 1, FALSE));
  shoot_both (GTK_WIDGET (dialog), "watch-dialog-error");

  /* A server that takes the connection and never answers: the spinner turns until
   * Cancel, and nothing changes. */
  {
    guint16 port;
    g_autoptr (GSocket) silent = bind_loopback (&port);
    g_autofree char *silent_target = g_strdup_printf ("127.0.0.1:%u", port);

    g_assert_true (g_socket_listen (silent, NULL));
    lab_connect_dialog_set_target (dialog, silent_target);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.connect", NULL));
    g_assert_true (lab_connect_dialog_get_connecting (dialog));
    g_assert_cmpuint (lab_gui_test_shoot_widget (GTK_WIDGET (dialog), "watch-dialog-connecting"),
                      >, 10000);
    g_assert_true (lab_connect_dialog_get_connecting (dialog));
    gtk_window_close (GTK_WINDOW (dialog));
    g_assert_false (lab_connect_dialog_get_connecting (dialog));
    lab_gui_test_iterate (100);
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
    g_assert_true (lab_document_get_trace (document) == before);
  }

  /* The real one, trusted through the lab's root. */
  lab_gui_test_activate (window, "win.watch-server");
  ITERATE_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  target = g_strdup_printf ("127.0.0.1:%u", server.port);
  root = g_file_new_for_path (server.root);
  lab_connect_dialog_set_target (dialog, target);
  lab_connect_dialog_set_server_name (dialog, "server.handshake.lab");
  lab_connect_dialog_set_ca_file (dialog, root);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.connect", NULL));
  ITERATE_UNTIL (lab_document_get_trace (document) != before);
  lab_gui_test_iterate (150);
  server_stop (&server);

  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  assert_recorded (window, target, "A real server");
  g_assert_cmpint (lab_trace_get_outcome (lab_document_get_trace (document))->result, ==,
                   LAB_RESULT_SUCCESS);
  lab_gui_test_find_step (window, "ServerHello");
  lab_gui_test_find_step (window, "Certificate");
  lab_document_set_step (document, lab_gui_test_find_step (window, "Certificate"));
  lab_detail_pane_show_tab (window->detail, "certificates");
  shoot_both (GTK_WIDGET (window), "watch-server-certificates");
  assert_keys_tab_shows (window, lab_test_find_secret (lab_document_get_trace (document),
                                                      LAB_TEST_ANY_SIDE, "master_secret"));
  g_assert_cmpuint (lab_gui_test_shoot (window, "watch-server-keys"), >, 20000);

  /* It remembers what was typed, for connecting again. */
  lab_gui_test_activate (window, "win.watch-server");
  g_assert_cmpstr (lab_connect_dialog_get_target (dialog), ==, target);
  g_assert_true (lab_connect_dialog_get_ca_file (dialog) != NULL);
  gtk_window_close (GTK_WINDOW (dialog));
  lab_gui_test_close_window (window);
}

int
main (int argc, char **argv)
{
  if (!lab_gui_test_init (&argc, &argv))
    return 0;
  g_test_add_func ("/gui/capture/round-trip", test_capture_round_trip);
  g_test_add_func ("/gui/capture/key-log", test_capture_key_log);
  g_test_add_func ("/gui/capture/picker", test_capture_picker);
  g_test_add_func ("/gui/capture/bad-files", test_capture_bad_files);
  g_test_add_func ("/gui/capture/watch-server", test_watch_server);
  return lab_gui_test_run ();
}
