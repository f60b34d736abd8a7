#include "lab-gui-test-classroom.h"

void
lab_gui_test_open_scenario (LabWindow *window, const char *name)
{
  LabDocument *document = lab_window_get_document (window);
  LabTrace *before = lab_document_get_trace (document);

  lab_window_open_builtin (window, name);
  ITERATE_UNTIL (lab_document_get_trace (document) != before);
  lab_gui_test_wait_for_run (window);
  lab_gui_test_responsive ("waiting for a new scenario's run");
}

void
lab_gui_test_click_step (LabWindow *window, int step)
{
  double y, height;

  g_assert_true (lab_ladder_view_get_step_extent (window->ladder, (guint) step, &y, &height));
  lab_gui_test_assert_visible (GTK_WIDGET (window->ladder),
                               gtk_widget_get_width (GTK_WIDGET (window->ladder)) / 2.0,
                               y + height / 2);
  lab_gui_test_click (GTK_WIDGET (window->ladder), -1, y + height / 2);
  g_assert_cmpint (lab_document_get_step (lab_window_get_document (window)), ==, step);
}

void
lab_gui_test_click_tab (LabWindow *window, const char *title)
{
  GtkWidget *label = lab_gui_test_find_label (GTK_WIDGET (window->detail), title);
  g_autofree char *name = g_ascii_strdown (title, -1);

  g_assert_nonnull (label);
  lab_gui_test_click (label, -1, -1);
  g_assert_cmpstr (lab_detail_pane_get_tab (window->detail), ==, name);
}

static LabDetailBytes *
bytes_page (LabWindow *window)
{
  return LAB_DETAIL_BYTES (lab_detail_pane_get_page (window->detail, "bytes"));
}

LabHexView *
lab_gui_test_hex_view (LabWindow *window)
{
  return lab_detail_bytes_get_hex_view (bytes_page (window));
}

LabHexView *
lab_gui_test_forwarded_hex_view (LabWindow *window)
{
  return lab_detail_bytes_get_forwarded_hex_view (bytes_page (window));
}

void
lab_gui_test_click_byte (LabHexView *hex, gsize offset)
{
  graphene_rect_t bounds;
  double x, y;

  /* A view just shown is laid out at the next frame. */
  ITERATE_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (hex))
                 && gtk_widget_get_width (GTK_WIDGET (hex)) > 0);
  lab_gui_test_responsive ("letting a hex view lay out its bytes");
  g_assert_true (lab_hex_view_get_byte_bounds (hex, offset, &bounds));
  x = bounds.origin.x + bounds.size.width / 2;
  y = bounds.origin.y + bounds.size.height / 2;
  /* Inside the hex view's own scrolled area, which is all of it. */
  g_assert_cmpfloat (x, >, 0);
  g_assert_cmpfloat (y, >, 0);
  g_assert_cmpfloat (x, <, gtk_widget_get_width (GTK_WIDGET (hex)));
  g_assert_cmpfloat (y, <, gtk_widget_get_height (GTK_WIDGET (hex)));
  lab_gui_test_click (GTK_WIDGET (hex), x, y);
}

/* The mapped label showing `text` inside a row of the list that is selected. */
static GtkWidget *
find_selected_label (GtkWidget *root, const char *text)
{
  if (!gtk_widget_get_mapped (root))
    return NULL;
  if (GTK_IS_LABEL (root) && g_str_equal (gtk_label_get_text (GTK_LABEL (root)), text))
    for (GtkWidget *up = root; up != NULL; up = gtk_widget_get_parent (up))
      if (gtk_widget_get_state_flags (up) & GTK_STATE_FLAG_SELECTED)
        return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_selected_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

LabField *
lab_gui_test_click_field (LabWindow *window, const char *path)
{
  LabDetailFields *fields
    = LAB_DETAIL_FIELDS (lab_detail_pane_get_page (window->detail, "fields"));
  LabField *field;
  GtkWidget *label;
  gsize offset, length;

  g_assert_true (lab_detail_pane_select_field (window->detail, path));
  field = lab_detail_fields_get_selected (fields);
  g_assert_nonnull (field);
  lab_gui_test_responsive ("bringing a field's row into view");
  lab_gui_test_iterate (100);
  label = find_selected_label (GTK_WIDGET (fields), field->label);
  g_assert_nonnull (label);
  /* Unselected, so that the click is what selects it (and is heard by the Bytes tab). */
  lab_detail_pane_select_field (window->detail, NULL);
  g_assert_null (lab_detail_fields_get_selected (fields));
  lab_gui_test_responsive ("unselecting a field");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, field->label);
  lab_gui_test_assert_visible (label, gtk_widget_get_width (label) / 2.0,
                               gtk_widget_get_height (label) / 2.0);
  lab_gui_test_click (label, -1, -1);
  if (lab_detail_fields_get_selected (fields) != field)
    g_error ("clicking %s selected %s", field->label,
             lab_detail_fields_get_selected (fields) ? lab_detail_fields_get_selected (fields)->label
                                                     : "nothing");
  g_assert_true (lab_hex_view_get_highlight (lab_gui_test_hex_view (window), &offset, &length));
  g_assert_cmpuint (offset, ==, field->offset);
  g_assert_cmpuint (length, ==, field->length);
  return field;
}

void
lab_gui_test_assert_step_in_view (LabWindow *window)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (window->ladder_scroller);
  int step = lab_document_get_step (lab_window_get_document (window));
  double y, height, top, bottom;

  /* GTK animates some scrolling (a widget given the focus is scrolled into view over a
   * few frames): the ladder is looked at once it has stood still for a while. */
  lab_gui_test_responsive ("letting the ladder scroll");
  for (int still = 0, frames = 0; still < 4 && frames < 40; frames++)
    {
      double before = gtk_adjustment_get_value (adjustment);

      lab_gui_test_iterate (50);
      still = gtk_adjustment_get_value (adjustment) == before ? still + 1 : 0;
    }
  g_assert_true (lab_ladder_view_get_step_extent (window->ladder, (guint) step, &y, &height));
  top = gtk_adjustment_get_value (adjustment);
  bottom = top + gtk_adjustment_get_page_size (adjustment);
  if (y < top - 0.5 || y + height > bottom + 0.5)
    g_error ("step %d (%.0f to %.0f in the ladder) is out of view (%.0f to %.0f)", step, y,
             y + height, top, bottom);
}

double
lab_gui_test_ladder_scroll (LabWindow *window)
{
  return gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (window->ladder_scroller));
}

gboolean
lab_gui_test_playing (LabWindow *window)
{
  return window->play_source != 0;
}

static gboolean
focus_in (LabWindow *window, GtkWidget *widget)
{
  for (GtkWidget *w = gtk_root_get_focus (GTK_ROOT (window)); w != NULL;
       w = gtk_widget_get_parent (w))
    if (w == widget)
      return TRUE;
  return FALSE;
}

void
lab_gui_test_tab_to (LabWindow *window, GtkWidget *widget)
{
  for (int presses = 0; !focus_in (window, widget) && presses < 100; presses++)
    lab_gui_test_key (GTK_WINDOW (window), "Tab");
  lab_gui_test_assert_focus_in (window, widget);
}

void
lab_gui_test_assert_focus_in (LabWindow *window, GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  if (focus_in (window, widget))
    return;
  g_error ("the focus is on %s, not in %s", focus ? G_OBJECT_TYPE_NAME (focus) : "nothing",
           G_OBJECT_TYPE_NAME (widget));
}
