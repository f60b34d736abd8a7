/* The Keys tab as a teacher steps through it, with real clicks and keys
 * (lab-gui-test-events.h): each secret once with which side holds it and what shows it
 * is OpenSSL's, a mismatch where the wire made the sides derive different keys, and each
 * secret tied to the step that makes it (the current step's highlighted, later ones
 * faint). */
#include "lab-gui-test-events.h"
#include "lab-gui-test-util.h"
#include "lab-test-util.h"
#include "gui/lab-detail-keys.h"
#include "gui/lab-detail-text.h"

static LabDetailKeys *
keys_of (LabWindow *window)
{
  return LAB_DETAIL_KEYS (lab_detail_pane_get_page (window->detail, "keys"));
}

static void
click_step (LabWindow *window, int step)
{
  double y, height;

  g_assert_true (lab_ladder_view_get_step_extent (window->ladder, (guint) step, &y, &height));
  gtk_adjustment_clamp_page (gtk_scrolled_window_get_vadjustment (window->ladder_scroller),
                             y - height, y + 2 * height);
  lab_gui_test_responsive ("scrolling the ladder");
  lab_gui_test_assert_visible (GTK_WIDGET (window->ladder),
                               gtk_widget_get_width (GTK_WIDGET (window->ladder)) / 2.0,
                               y + height / 2);
  lab_gui_test_click (GTK_WIDGET (window->ladder), -1, y + height / 2);
  g_assert_cmpint (lab_document_get_step (lab_window_get_document (window)), ==, step);
}

static void
click_keys_tab (LabWindow *window)
{
  GtkWidget *label = lab_gui_test_find_label (GTK_WIDGET (window->detail), "Keys");

  g_assert_nonnull (label);
  lab_gui_test_click (label, -1, -1);
  g_assert_cmpstr (lab_detail_pane_get_tab (window->detail), ==, "keys");
}

/* The step of the message `side` sent, the `nth` of that name (from 0). */
static int
message_step (LabWindow *window, LabSide side, const char *title, int nth)
{
  GPtrArray *steps = lab_document_get_steps (lab_window_get_document (window));

  for (guint i = 0; i < steps->len; i++)
    {
      const LabStep *step = g_ptr_array_index (steps, i);
      if (step->kind == LAB_STEP_MESSAGE && step->sender == side
          && g_str_equal (step->title, title) && nth-- == 0)
        return (int) i;
    }
  g_assert_not_reached ();
}

/* The label under root with this CSS class (the first), or NULL. */
static GtkWidget *
find_class (GtkWidget *root, const char *css_class)
{
  if (GTK_IS_LABEL (root) && gtk_widget_has_css_class (root, css_class))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_class (child, css_class);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static guint
count_class (GtkWidget *root, const char *css_class)
{
  guint n = GTK_IS_LABEL (root) && gtk_widget_has_css_class (root, css_class);

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_class (child, css_class);
  return n;
}

/* The rows titled `name`, and how many there are. */
static GtkWidget *
secret_row (LabWindow *window, const char *name, guint *count)
{
  GtkWidget *found = NULL;

  *count = 0;
  for (GtkWidget *row = gtk_widget_get_first_child (
         GTK_WIDGET (lab_detail_keys_get_list (keys_of (window))));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *title = find_class (row, "detail-row-title");
      if (title != NULL && g_str_equal (gtk_label_get_text (GTK_LABEL (title)), name))
        {
          found = found ? found : row;
          (*count)++;
        }
    }
  return found;
}

static GtkWidget *
the_row (LabWindow *window, const char *name)
{
  guint count;
  GtkWidget *row = secret_row (window, name, &count);

  if (count != 1)
    g_test_message ("%u rows named %s", count, name);
  g_assert_cmpuint (count, ==, 1);
  return row;
}

static const char *
marks_of (GtkWidget *row)
{
  return gtk_label_get_text (GTK_LABEL (find_class (row, "side-marks")));
}

static const LabEvent *
secret_event (LabWindow *window, LabSide side, const char *name)
{
  LabTrace *trace = lab_document_get_trace (lab_window_get_document (window));

  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      if (e->kind == LAB_EVENT_SECRET && e->side == side && e->connection == 0
          && g_str_equal (e->name, name))
        return e;
    }
  return NULL;
}

static void
shoot_sizes (LabWindow *window, const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  static const struct
  {
    int width, height;
  } sizes[] = { { 1600, 1000 }, { 1280, 720 }, { 1024, 768 } };

  for (gsize i = 0; i < G_N_ELEMENTS (sizes); i++)
    for (int dark = 0; dark < 2; dark++)
      {
        g_autofree char *shot = g_strdup_printf ("%s-%dx%d-%s", name, sizes[i].width,
                                                 sizes[i].height, dark ? "dark" : "light");

        adw_style_manager_set_color_scheme (style, dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                        : ADW_COLOR_SCHEME_FORCE_LIGHT);
        if (!dark)
          lab_gui_test_resize (GTK_WINDOW (window), sizes[i].width, sizes[i].height);
        g_assert_cmpuint (lab_gui_test_shoot_screen (shot), >, 10000);
      }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  lab_gui_test_resize (GTK_WINDOW (window), 1500, 920);
}

/* Every secret was listed twice, the client's view and the server's, equal; and
 * server_verify_data showed at the client's Finished, a step before the server's. */
static void
test_keys_once_and_in_step (void)
{
  LabWindow *window = lab_gui_test_open_window ();
  int key_exchange = message_step (window, LAB_SIDE_CLIENT, "ClientKeyExchange", 0);
  int client_finished = message_step (window, LAB_SIDE_CLIENT, "Finished", 0);
  int server_finished = message_step (window, LAB_SIDE_SERVER, "Finished", 0);
  GtkWidget *master;
  const LabEvent *client_ms = secret_event (window, LAB_SIDE_CLIENT, "master_secret");
  g_autofree char *hex = lab_detail_hex (client_ms->bytes, 0);

  click_step (window, key_exchange);
  click_keys_tab (window);
  master = the_row (window, "master_secret");
  g_assert_cmpstr (marks_of (master), ==, "client ✓   server ✓");
  g_assert_nonnull (lab_gui_test_find_label (master, hex));
  g_assert_cmpuint (count_class (master, "secret-value"), ==, 1);
  g_assert_true (gtk_widget_has_css_class (master, "key-current"));
  /* the pre-master secret the client's master secret was derived from, the server's */
  g_assert_cmpstr (marks_of (the_row (window, "pre_master_secret")), ==, "client ✓   server ✓");
  g_assert_true (gtk_widget_has_css_class (the_row (window, "key_block"), "key-current"));
  g_assert_true (gtk_widget_has_css_class (the_row (window, "client_verify_data"),
                                           "key-later"));
  g_assert_true (gtk_widget_has_css_class (the_row (window, "server_verify_data"),
                                           "key-later"));
  /* each verify_data only the sender computes */
  g_assert_cmpstr (marks_of (the_row (window, "client_verify_data")), ==,
                   "client ✓   server –");
  g_assert_cmpstr (marks_of (the_row (window, "server_verify_data")), ==,
                   "client –   server ✓");
  shoot_sizes (window, "keys");

  /* stepping on with the keys: the client's Finished makes only its own verify_data */
  while (lab_document_get_step (lab_window_get_document (window)) < client_finished)
    lab_gui_test_key (GTK_WINDOW (window), "Right");
  g_assert_true (gtk_widget_has_css_class (the_row (window, "client_verify_data"),
                                           "key-current"));
  g_assert_true (gtk_widget_has_css_class (the_row (window, "server_verify_data"),
                                           "key-later"));
  g_assert_false (gtk_widget_has_css_class (the_row (window, "master_secret"), "key-later"));
  g_assert_false (gtk_widget_has_css_class (the_row (window, "master_secret"), "key-current"));
  lab_gui_test_shoot_screen ("keys-client-finished");
  while (lab_document_get_step (lab_window_get_document (window)) < server_finished)
    lab_gui_test_key (GTK_WINDOW (window), "Right");
  g_assert_true (gtk_widget_has_css_class (the_row (window, "server_verify_data"),
                                           "key-current"));
  g_assert_false (gtk_widget_has_css_class (the_row (window, "client_verify_data"),
                                            "key-later"));

  /* before the key exchange everything is still to come, and shown faint */
  lab_gui_test_key (GTK_WINDOW (window), "Home");
  g_assert_true (gtk_widget_has_css_class (the_row (window, "pre_master_secret"), "key-later"));
  lab_gui_test_close_window (window);
}

/* The wire removed a suite from the ClientHello, so the two transcripts, and with the
 * extended master secret the keys, differ (downgrade-suite.scenario): both values are
 * shown, marked ≠. */
static void
test_keys_sides_that_differ (void)
{
  LabWindow *window = lab_gui_test_open_window ();
  const LabEvent *client_ms, *server_ms;
  g_autofree char *client_hex = NULL, *server_hex = NULL;
  GtkWidget *master;

  lab_window_open_builtin (window, "downgrade-suite");
  lab_gui_test_wait_for_run (window);
  client_ms = secret_event (window, LAB_SIDE_CLIENT, "master_secret");
  server_ms = secret_event (window, LAB_SIDE_SERVER, "master_secret");
  g_assert_false (g_bytes_equal (client_ms->bytes, server_ms->bytes));
  client_hex = lab_detail_hex (client_ms->bytes, 0);
  server_hex = lab_detail_hex (server_ms->bytes, 0);

  click_step (window, message_step (window, LAB_SIDE_CLIENT, "ClientKeyExchange", 0));
  click_keys_tab (window);
  master = the_row (window, "master_secret");
  g_assert_cmpstr (marks_of (master), ==, "client ≠ server");
  g_assert_true (gtk_widget_has_css_class (master, "failed"));
  g_assert_cmpuint (count_class (master, "secret-value"), ==, 2);
  g_assert_nonnull (lab_gui_test_find_label (master, client_hex));
  g_assert_nonnull (lab_gui_test_find_label (master, server_hex));
  g_assert_nonnull (lab_gui_test_find_label (master, "the client's value"));
  /* what both hashed before the change is the same: the pre-master secret agrees */
  g_assert_cmpstr (marks_of (the_row (window, "pre_master_secret")), ==, "client ✓   server ✓");
  g_assert_cmpstr (marks_of (the_row (window, "session_hash")), ==, "client ≠ server");
  lab_gui_test_shoot_screen ("keys-sides-differ");
  lab_gui_test_close_window (window);
}

/* Scrolls the Keys tab so that `row` is in view, for a screenshot that shows it. */
static void
scroll_to_row (GtkWidget *row)
{
  GtkScrolledWindow *scroller
    = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (row, GTK_TYPE_SCROLLED_WINDOW));
  GtkWidget *content = gtk_scrolled_window_get_child (scroller);
  graphene_point_t point;

  /* in the content's own coordinates: the viewport's move with the scrolling */
  if (GTK_IS_VIEWPORT (content))
    content = gtk_viewport_get_child (GTK_VIEWPORT (content));
  g_assert_true (gtk_widget_compute_point (row, content, &GRAPHENE_POINT_INIT (0, 0), &point));
  gtk_adjustment_clamp_page (gtk_scrolled_window_get_vadjustment (scroller), point.y,
                             point.y + gtk_widget_get_height (row));
  lab_gui_test_responsive ("scrolling the Keys tab");
}

/* The row's evidence line, as the tab writes it when both sides say the same: the engine's
 * words after "the client's view, ", capitalised, "(client and server)". */
static char *
evidence_line (LabWindow *window, const char *name)
{
  const char *detail = secret_event (window, LAB_SIDE_CLIENT, name)->detail;
  char *line = g_strdup_printf ("%s (client and server)", strstr (detail, "view, ") + 6);

  line[0] = g_ascii_toupper (line[0]);
  return line;
}

/* Under each value, what shows it is OpenSSL's: the master secret equals OpenSSL's own, a
 * key opened the record its sender protected with it; where no record was ever protected
 * with a key (the server never got to send one), the mark says so with ?. */
static void
test_keys_evidence (void)
{
  LabWindow *window = lab_gui_test_open_window ();
  g_autofree char *master_line = NULL, *key_line = NULL, *unsent_line = NULL;

  click_step (window, message_step (window, LAB_SIDE_CLIENT, "Finished", 0));
  click_keys_tab (window);
  master_line = evidence_line (window, "master_secret");
  g_assert_cmpstr (master_line, ==,
                   "Equals OpenSSL's own (SSL_SESSION_get_master_key) (client and server)");
  g_assert_nonnull (lab_gui_test_find_label (the_row (window, "master_secret"), master_line));
  key_line = evidence_line (window, "client_write_key");
  g_assert_true (g_str_has_prefix (key_line, "Opened the client's Finished record (event "));
  g_assert_nonnull (lab_gui_test_find_label (the_row (window, "client_write_key"), key_line));
  g_assert_cmpstr (marks_of (the_row (window, "client_write_key")), ==, "client ✓   server ✓");
  g_assert_cmpstr (marks_of (the_row (window, "session_hash")), ==, "client ✓   server ✓");
  scroll_to_row (the_row (window, "client_write_key"));
  lab_gui_test_shoot_screen ("keys-evidence");

  lab_window_open_builtin (window, "flip-finished");
  lab_gui_test_wait_for_run (window);
  click_step (window, message_step (window, LAB_SIDE_CLIENT, "ClientKeyExchange", 0));
  click_keys_tab (window);
  g_assert_cmpstr (marks_of (the_row (window, "client_write_key")), ==, "client ✓   server ✓");
  g_assert_cmpstr (marks_of (the_row (window, "server_write_key")), ==, "client ?   server ?");
  unsent_line = evidence_line (window, "server_write_key");
  g_assert_cmpstr (unsent_line, ==,
                   "No record protected with it crossed the lab's wire, as the server never "
                   "sent one (client and server)");
  g_assert_nonnull (lab_gui_test_find_label (the_row (window, "server_write_key"), unsent_line));
  scroll_to_row (the_row (window, "server_write_key"));
  lab_gui_test_shoot_screen ("keys-no-evidence");
  lab_gui_test_close_window (window);
}

/* A renegotiation's secrets are rows of their own, tied to the renegotiation's steps: the
 * first handshake's master secret and the second's each once, both shown to be OpenSSL's,
 * and renegotiated_connection once per hello, the side that sent it. */
static void
test_keys_renegotiation (void)
{
  LabWindow *window = lab_gui_test_open_window ();
  int first_key_exchange, second_key_exchange;
  GtkWidget *second;

  lab_window_open_builtin (window, "renegotiation");
  lab_gui_test_wait_for_run (window);
  first_key_exchange = message_step (window, LAB_SIDE_CLIENT, "ClientKeyExchange", 0);
  second_key_exchange = message_step (window, LAB_SIDE_CLIENT, "ClientKeyExchange", 1);
  click_step (window, first_key_exchange);
  click_keys_tab (window);
  g_assert_cmpstr (marks_of (the_row (window, "master_secret")), ==, "client ✓   server ✓");
  g_assert_true (gtk_widget_has_css_class (the_row (window, "master_secret"), "key-current"));
  second = the_row (window, "master_secret of the renegotiation");
  g_assert_cmpstr (marks_of (second), ==, "client ✓   server ✓");
  g_assert_true (gtk_widget_has_css_class (second, "key-later"));
  g_assert_nonnull (lab_gui_test_find_label (
    second, "Equals OpenSSL's own (SSL_SESSION_get_master_key) (client and server)"));
  g_assert_cmpstr (marks_of (the_row (window, "key_block of the renegotiation")), ==,
                   "client ✓   server ✓");
  g_assert_cmpstr (marks_of (the_row (window, "renegotiated_connection in the ClientHello")),
                   ==, "client ✓   server –");
  g_assert_cmpstr (marks_of (the_row (window, "renegotiated_connection in the ServerHello")),
                   ==, "client –   server ✓");

  click_step (window, second_key_exchange);
  second = the_row (window, "master_secret of the renegotiation");
  g_assert_true (gtk_widget_has_css_class (second, "key-current"));
  g_assert_false (gtk_widget_has_css_class (the_row (window, "master_secret"), "key-later"));
  shoot_sizes (window, "keys-renegotiation");
  scroll_to_row (second);
  lab_gui_test_shoot_screen ("keys-renegotiation-current");
  scroll_to_row (the_row (window, "renegotiated_connection in the ServerHello"));
  lab_gui_test_shoot_screen ("keys-renegotiation-tie");
  lab_gui_test_close_window (window);
}

int
main (int argc, char **argv)
{
  if (!lab_gui_test_init (&argc, &argv))
    return 0;
  if (!lab_gui_test_events_init ())
    {
      g_print ("Bail out! real events need xdotool and an X11 display\n");
      return 1;
    }
  g_test_add_func ("/gui/keys-tab/once-and-in-step", test_keys_once_and_in_step);
  g_test_add_func ("/gui/keys-tab/sides-that-differ", test_keys_sides_that_differ);
  g_test_add_func ("/gui/keys-tab/evidence", test_keys_evidence);
  g_test_add_func ("/gui/keys-tab/renegotiation", test_keys_renegotiation);
  return lab_gui_test_run ();
}
