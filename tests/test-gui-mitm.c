/* The man in the middle in the window, driven with real clicks and keys: Mallory is the
 * ladder's middle column; the Certificate the client received is Mallory's, in Fields
 * and in the Certificates tab, with the server's a click away; and an intercepted run's
 * banner says what the attacker read, as a failure. Screenshots of both scenarios, light
 * and dark, at 1600x1000, 1280x720 and 1024x768, go to gui-shots/. */
#include "lab-gui-test-events.h"
#include "lab-gui-test-util.h"
#include "gui/lab-detail-fields.h"

#include <string.h>

#define MALLORY_ISSUER "CN=Mallory Intermediate CA, O=Mallory's Certificates Ltd"
#define LAB_ISSUER "CN=Handshake Lab Intermediate CA, O=Handshake Lab"
#define ISSUER_PATH "certificate_list.certificate.tbs_certificate.issuer"

static LabWindow *
open_scenario (const char *name)
{
  LabWindow *window = lab_gui_test_open_window ();

  lab_window_open_builtin (window, name);
  lab_gui_test_iterate (50);
  lab_gui_test_wait_for_run (window);
  return window;
}

static int
find_step (LabWindow *window, const char *title, LabSide from, LabSide to)
{
  GPtrArray *steps = lab_document_get_steps (lab_window_get_document (window));

  for (guint i = 0; i < steps->len; i++)
    {
      const LabStep *step = g_ptr_array_index (steps, i);
      if (g_str_equal (step->title, title) && step->from == from && step->to == to)
        return (int) i;
    }
  g_assert_not_reached ();
}

/* Clicks a step's arrow in the ladder, halfway between its two columns. */
static void
click_step (LabWindow *window, int step)
{
  double y, height;
  const LabStep *s
    = g_ptr_array_index (lab_document_get_steps (lab_window_get_document (window)), step);
  double width = gtk_widget_get_width (GTK_WIDGET (window->ladder));
  /* the client's half or the server's: clicking anywhere on the row selects the step */
  double x = s->from == LAB_SIDE_CLIENT || s->to == LAB_SIDE_CLIENT ? width * 0.35 : width * 0.65;

  g_assert_true (lab_ladder_view_get_step_extent (window->ladder, (guint) step, &y, &height));
  lab_gui_test_assert_visible (GTK_WIDGET (window->ladder), x, y + height / 2);
  lab_gui_test_click (GTK_WIDGET (window->ladder), x, y + height / 2);
}

/* Presses the right arrow until the ladder is at `step` (it follows the selection). */
static void
key_to_step (LabWindow *window, int step)
{
  LabDocument *document = lab_window_get_document (window);

  for (guint i = 0; i < 60 && lab_document_get_step (document) < step; i++)
    lab_gui_test_key (GTK_WINDOW (window), "Right");
  g_assert_cmpint (lab_document_get_step (document), ==, step);
}

static void
click_label (GtkWidget *root, const char *text)
{
  GtkWidget *label = lab_gui_test_find_label (root, text);

  if (label == NULL)
    g_test_message ("no label '%s' on show", text);
  g_assert_nonnull (label);
  lab_gui_test_click (label, -1, -1);
}

static const char *
selected_issuer (LabWindow *window)
{
  LabDetailFields *fields = LAB_DETAIL_FIELDS (lab_detail_pane_get_page (window->detail, "fields"));
  LabField *field;

  g_assert_true (lab_detail_pane_select_field (window->detail, ISSUER_PATH));
  field = lab_detail_fields_get_selected (fields);
  g_assert_nonnull (field);
  return field->value;
}

/* After a resize the ladder is laid out anew: bring the selected step back into view, as
 * selecting it does. */
static void
reselect (LabWindow *window)
{
  LabDocument *document = lab_window_get_document (window);
  int step = lab_document_get_step (document);

  lab_document_set_step (document, step > 0 ? step - 1 : step + 1);
  lab_document_set_step (document, step);
  lab_gui_test_iterate (100);
}

/* Light and dark, at the sizes of a classroom projector, a laptop and a small screen. */
static void
shoot_sizes (LabWindow *window, const char *name)
{
  static const struct { int width, height; } sizes[] = { { 1600, 1000 }, { 1280, 720 },
                                                         { 1024, 768 } };
  AdwStyleManager *style = adw_style_manager_get_default ();

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    for (guint dark = 0; dark < 2; dark++)
      {
        g_autofree char *shot = g_strdup_printf ("%s-%dx%d%s", name, sizes[i].width,
                                                 sizes[i].height, dark ? "-dark" : "");
        adw_style_manager_set_color_scheme (style, dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                        : ADW_COLOR_SCHEME_FORCE_LIGHT);
        lab_gui_test_resize (GTK_WINDOW (window), sizes[i].width, sizes[i].height);
        reselect (window);
        g_assert_cmpuint (lab_gui_test_shoot (window, shot), >, 20000);
      }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_mitm_certificate_the_client_received (void)
{
  LabWindow *window = open_scenario ("man-in-the-middle");
  LabDocument *document = lab_window_get_document (window);
  int mallorys = find_step (window, "Certificate", LAB_SIDE_ATTACKER, LAB_SIDE_CLIENT);
  int servers = find_step (window, "Certificate", LAB_SIDE_SERVER, LAB_SIDE_ATTACKER);
  GtkWidget *views = lab_detail_pane_get_view_switch (window->detail);
  GtkWidget *certificates;

  /* the server's Certificate reached Mallory first; then Mallory sent the client its own */
  g_assert_cmpint (servers, <, mallorys);
  g_assert_false (((LabStep *) g_ptr_array_index (lab_document_get_steps (document), mallorys))
                    ->never_happened);

  /* a click on the server's, then the arrow keys, as a teacher steps on */
  click_step (window, servers);
  g_assert_cmpint (lab_document_get_step (document), ==, servers);
  key_to_step (window, mallorys);
  lab_gui_test_key (GTK_WINDOW (window), "Left");
  g_assert_cmpint (lab_document_get_step (document), ==, servers);
  click_step (window, mallorys);
  g_assert_cmpint (lab_document_get_step (document), ==, mallorys);
  g_assert_cmpstr (lab_detail_pane_get_heading (window->detail), ==, "Certificate");

  /* Fields: the client's view first, Mallory's chain; the server's a click away */
  click_label (GTK_WIDGET (window->detail), "Fields");
  g_assert_true (gtk_widget_get_mapped (views));
  g_assert_cmpstr (selected_issuer (window), ==, MALLORY_ISSUER);
  lab_gui_test_shoot_screen ("mitm-certificate-client-view");
  click_label (views, "As the server sent it");
  g_assert_cmpstr (selected_issuer (window), ==, LAB_ISSUER);
  click_label (views, "As the client received it");
  g_assert_cmpstr (selected_issuer (window), ==, MALLORY_ISSUER);

  /* Certificates: the chain the client received, Mallory's, and the check that failed */
  click_label (GTK_WIDGET (window->detail), "Certificates");
  g_assert_cmpstr (lab_detail_pane_get_tab (window->detail), ==, "certificates");
  g_assert_false (gtk_widget_get_mapped (views)); /* whose view: a question for messages */
  certificates = lab_detail_pane_get_page (window->detail, "certificates");
  g_assert_nonnull (
    lab_gui_test_find_label (certificates, "The chain the client received: Mallory's"));
  g_assert_nonnull (lab_gui_test_find_label (certificates, "issued by " MALLORY_ISSUER));
  g_assert_nonnull (lab_gui_test_find_label (certificates, "The chain the server sent"));
  g_assert_nonnull (lab_gui_test_find_label (certificates, "issued by " LAB_ISSUER));
  g_assert_nonnull (lab_gui_test_find_label (
    certificates, "failed: unable to get local issuer certificate (X509_V_ERR 20)"));
  lab_gui_test_shoot_screen ("mitm-certificates-tab");
  shoot_sizes (window, "mitm");
  lab_gui_test_close_window (window);
}

static void
test_mitm_intercepted_banner (void)
{
  LabWindow *window = open_scenario ("man-in-the-middle-no-verify");
  const char *title = lab_outcome_banner_get_title (window->banner);
  int read = find_step (window, "Application data", LAB_SIDE_CLIENT, LAB_SIDE_ATTACKER);

  g_assert_cmpstr (title, ==, "The attacker read the request: \"GET / HTTP/1.1\".");
  g_assert_null (strstr (title, "agreed on keys"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window->banner), "failure"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (window->banner), "success"));

  /* the request as the client sent it, in the clear, at the step where Mallory read it */
  lab_gui_test_key (GTK_WINDOW (window), "End");
  click_step (window, read);
  g_assert_cmpint (lab_document_get_step (lab_window_get_document (window)), ==, read);
  click_label (GTK_WIDGET (window->detail), "Bytes");
  g_assert_cmpstr (lab_detail_pane_get_tab (window->detail), ==, "bytes");
  lab_gui_test_shoot_screen ("mitm-no-verify-request");
  shoot_sizes (window, "mitm-no-verify");
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
  g_test_add_func ("/gui/mitm/certificate-the-client-received",
                   test_mitm_certificate_the_client_received);
  g_test_add_func ("/gui/mitm/intercepted-banner", test_mitm_intercepted_banner);
  return lab_gui_test_run ();
}
