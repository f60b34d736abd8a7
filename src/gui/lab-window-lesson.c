/* lab-window-lesson.c: the lesson picker in the header bar, and the player: opening a
 * lesson beside the ladder and taking the ladder and the detail area to each page's
 * step and field. A page whose scenario differs from the run on show is run first,
 * through the document (off the main thread); its step is shown when that run is in. */
#include "lab-file-chooser.h"
#include "lab-window-private.h"

#include <string.h>

/* ---- the picker ---- */

static GtkWidget *
lesson_row (const LabLesson *lesson)
{
  GtkWidget *row = adw_action_row_new ();
  guint page = lab_lesson_progress_page (lesson->id);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), lesson->title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), lesson->summary ? lesson->summary : "");
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  if (lesson->level != NULL)
    {
      GtkWidget *level = gtk_label_new (lesson->level);

      gtk_widget_set_valign (level, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (level, "lesson-level");
      gtk_widget_add_css_class (level, lesson->level);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), level);
    }
  if (page > 0 && page < lesson->pages->len)
    {
      g_autofree char *where = g_strdup_printf ("page %u of %u", page + 1, lesson->pages->len);
      GtkWidget *progress = gtk_label_new (where);

      gtk_widget_add_css_class (progress, "dim-label");
      gtk_widget_add_css_class (progress, "caption");
      gtk_widget_set_tooltip_text (progress, "Where you left this lesson");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), progress);
    }
  return row;
}

/* Rebuilt each time it opens, so the progress shown is the latest. */
static void
lesson_popover_show (LabWindow *self)
{
  g_auto (GStrv) names = lab_lesson_list_builtin ();
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->lesson_list))) != NULL)
    gtk_list_box_remove (self->lesson_list, child);
  g_clear_pointer (&self->lesson_names, g_ptr_array_unref);
  self->lesson_names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (LabLesson) lesson = lab_lesson_load_builtin (names[i], &error);

      /* `check` and the tests hold shipped lessons to loading; never fail the picker. */
      if (lesson == NULL)
        g_message ("%s", error->message);
      else
        {
          gtk_list_box_append (self->lesson_list, lesson_row (lesson));
          g_ptr_array_add (self->lesson_names, g_strdup (names[i]));
        }
    }
  /* Down and Return choose a lesson at once. */
  if ((child = gtk_widget_get_first_child (GTK_WIDGET (self->lesson_list))) != NULL)
    gtk_widget_grab_focus (child);
}

static void
lesson_row_activated (LabWindow *self, GtkListBoxRow *row)
{
  int index = gtk_list_box_row_get_index (row);
  g_autofree char *name = NULL;

  if (self->lesson_names == NULL || index < 0 || (guint) index >= self->lesson_names->len)
    return;
  /* a copy: the popover may rebuild the rows and their names */
  name = g_strdup (g_ptr_array_index (self->lesson_names, index));
  gtk_popover_popdown (self->lesson_popover);
  lab_window_open_builtin_lesson (self, name);
}

/* ---- pages and their runs ---- */

/* The runs would be the same: the same file, and every setting the same. */
static gboolean
same_scenario (const LabScenario *a, const LabScenario *b)
{
  const LabSetting *setting;

  if (a == NULL || b == NULL || g_strcmp0 (a->source, b->source) != 0
      || a->has_seed != b->has_seed || a->seed != b->seed || a->has_clock != b->has_clock
      || a->clock != b->clock)
    return FALSE;
  for (gsize i = 0; (setting = lab_scenario_setting_at (i)) != NULL; i++)
    {
      g_autofree char *x = lab_scenario_get_value (a, setting->group, setting->key);
      g_autofree char *y = lab_scenario_get_value (b, setting->group, setting->key);

      if (g_strcmp0 (x, y) != 0)
        return FALSE;
    }
  return TRUE;
}

/* The page's run is on show: point the ladder at its step and the detail at its field.
 * The page sets the step and the field, never the other way: a step chosen on the ladder
 * leaves the page as it is, so the two cannot set each other in turn. */
static void
show_page (LabWindow *self)
{
  const LabLesson *lesson = lab_lesson_pane_get_lesson (self->lesson_pane);
  guint page = lab_lesson_pane_get_page (self->lesson_pane);
  LabTrace *trace = lab_document_get_trace (self->document);
  const char *field = lab_lesson_page_field (lesson, page);
  g_autoptr (GError) error = NULL;
  int step;

  self->lesson_pending = FALSE;
  lab_lesson_pane_set_trace (self->lesson_pane, trace);
  step = lab_lesson_page_step (lesson, page, trace, lab_document_get_steps (self->document),
                               &error);
  if (step < 0)
    {
      lab_window_toast (self, "%s", error->message);
      return;
    }
  lab_document_set_step (self->document, step);
  /* A page without a field leaves none selected from the page before. */
  if (!lab_detail_pane_select_field (self->detail, field))
    lab_window_toast (self, "The %s of this run has no field “%s”",
                      lab_document_get_current_step (self->document)->title, field);
}

static void
page_changed (LabLessonPane *pane, GParamSpec *pspec, LabWindow *self)
{
  const LabLesson *lesson = lab_lesson_pane_get_lesson (pane);
  g_autoptr (GError) error = NULL;
  g_autoptr (LabScenario) scenario = NULL;

  lab_window_update_actions (self);
  if (lesson == NULL)
    return;
  lab_window_stop_playing (self);
  scenario = lab_lesson_page_scenario (lesson, lab_lesson_pane_get_page (pane), &error);
  if (scenario == NULL)
    {
      lab_window_toast (self, "%s", error->message);
      return;
    }
  self->lesson_pending = TRUE;
  if (!same_scenario (scenario, lab_document_get_scenario (self->document)))
    lab_document_load (self->document, g_steal_pointer (&scenario));
  else if (!lab_document_get_running (self->document) && lab_document_get_trace (self->document))
    show_page (self);
}

void
lab_window_lesson_run_changed (LabWindow *self)
{
  if (!lab_window_lesson_is_open (self))
    return;
  if (self->lesson_pending)
    show_page (self);
  else /* re-run, or a switch changed by hand: questions are answered from what is shown */
    lab_lesson_pane_set_trace (self->lesson_pane, lab_document_get_trace (self->document));
}

gboolean
lab_window_lesson_is_open (LabWindow *self)
{
  return lab_lesson_pane_get_lesson (self->lesson_pane) != NULL;
}

/* ---- opening and closing ---- */

void
lab_window_open_lesson (LabWindow *self, LabLesson *lesson)
{
  g_return_if_fail (LAB_IS_WINDOW (self));
  g_return_if_fail (lesson != NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->lesson_pane), TRUE);
  lab_lesson_pane_set_lesson (self->lesson_pane, lesson);
  /* The lesson sets the switches itself: they fold away to give it room. */
  lab_window_update_switches (self);
}

void
lab_window_open_builtin_lesson (LabWindow *self, const char *name)
{
  g_autoptr (GError) error = NULL;
  LabLesson *lesson = lab_lesson_load_builtin (name, &error);

  g_return_if_fail (LAB_IS_WINDOW (self));

  if (lesson == NULL)
    lab_window_toast (self, "%s", error->message);
  else
    lab_window_open_lesson (self, lesson);
}

gboolean
lab_window_open_lesson_file (LabWindow *self, GFile *file)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_file_get_path (file);
  LabLesson *lesson;

  g_return_val_if_fail (LAB_IS_WINDOW (self), FALSE);

  lesson = path ? lab_lesson_load_file (path, &error) : NULL;
  if (lesson == NULL)
    {
      if (error == NULL)
        g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "not a local file");
      lab_window_show_open_error (self, file, error);
      return FALSE;
    }
  lab_window_open_lesson (self, lesson);
  return TRUE;
}

static void
close_lesson (LabWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (!lab_window_lesson_is_open (self))
    return;
  self->lesson_pending = FALSE;
  /* The focus may be in the pane (on a question's feedback, after Check): it goes to the
   * ladder before the pane's widgets go, or GTK 4.8 reports criticals
   * (gtk_widget_is_ancestor) in the next layout. */
  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->lesson_pane)))
    gtk_widget_grab_focus (GTK_WIDGET (self->ladder));
  lab_lesson_pane_set_lesson (self->lesson_pane, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->lesson_pane), FALSE);
  lab_window_update_switches (self);
  lab_window_update_actions (self);
}

/* ---- actions ---- */

void
lab_window_lesson_update_actions (LabWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean open = lab_window_lesson_is_open (self);
  guint page = lab_lesson_pane_get_page (self->lesson_pane);
  guint n = lab_lesson_pane_get_n_pages (self->lesson_pane);

  gtk_widget_action_set_enabled (widget, "win.lesson-back", open && page > 0);
  gtk_widget_action_set_enabled (widget, "win.lesson-next", open && page + 1 < n);
  gtk_widget_action_set_enabled (widget, "win.close-lesson", open);
}

static void
choose_lesson_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  gtk_menu_button_popup (LAB_WINDOW (widget)->lesson_button);
}

static void
open_lesson_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  lab_window_open_builtin_lesson (LAB_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
lesson_file_chosen (GtkWindow *window, GFile *file, gboolean choice, gpointer user_data)
{
  lab_window_open_lesson_file (LAB_WINDOW (window), file);
}

static void
open_lesson_file_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  static const char *const suffixes[] = { "lesson", NULL };
  const LabFileRequest request = {
    .title = "Open Lesson",
    .accept_label = "_Open",
    .filter_name = "Lessons",
    .suffixes = suffixes,
  };

  lab_file_chooser_ask (GTK_WINDOW (widget), &request, lesson_file_chosen, NULL, NULL);
}

static void
lesson_next_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);

  lab_lesson_pane_set_page (self->lesson_pane, lab_lesson_pane_get_page (self->lesson_pane) + 1);
}

static void
lesson_back_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);
  guint page = lab_lesson_pane_get_page (self->lesson_pane);

  if (page > 0)
    lab_lesson_pane_set_page (self->lesson_pane, page - 1);
}

static void
close_lesson_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  close_lesson (LAB_WINDOW (widget));
}

void
lab_window_lesson_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.choose-lesson", NULL, choose_lesson_action);
  gtk_widget_class_install_action (widget_class, "win.open-lesson", "s", open_lesson_action);
  gtk_widget_class_install_action (widget_class, "win.open-lesson-file", NULL,
                                   open_lesson_file_action);
  gtk_widget_class_install_action (widget_class, "win.lesson-next", NULL, lesson_next_action);
  gtk_widget_class_install_action (widget_class, "win.lesson-back", NULL, lesson_back_action);
  gtk_widget_class_install_action (widget_class, "win.close-lesson", NULL, close_lesson_action);
  /* Page Up and Page Down, which presentation remotes send, are caught before the ladder's
   * scrolled window takes them (lab-window-stepping.c, classroom_key_pressed). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK,
                                       "win.choose-lesson", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "win.lesson-back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK,
                                       "win.lesson-next", NULL);
  gtk_widget_class_bind_template_callback (widget_class, lesson_popover_show);
  gtk_widget_class_bind_template_callback (widget_class, lesson_row_activated);
}

void
lab_window_lesson_init (LabWindow *self)
{
  g_signal_connect (self->lesson_pane, "notify::page", G_CALLBACK (page_changed), self);
}
