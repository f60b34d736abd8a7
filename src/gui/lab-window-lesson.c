/* lab-window-lesson.c: the lesson picker in the header bar, and the player: opening a
 * lesson beside the ladder and taking the ladder and the detail area to each page's
 * step and field. A page whose scenario differs from the run on show is run first,
 * through the document (off the main thread); its step is shown when that run is in. */
#include "lab-window-private.h"

#include <string.h>

/* ---- the picker ---- */

static GtkWidget *
lesson_row (const char *name, const LabLesson *lesson)
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
  g_object_set_data_full (G_OBJECT (row), "lab-lesson", g_strdup (name), g_free);
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
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (LabLesson) lesson = lab_lesson_load_builtin (names[i], &error);

      /* `check` and the tests hold shipped lessons to loading; never fail the picker. */
      if (lesson == NULL)
        g_message ("%s", error->message);
      else
        gtk_list_box_append (self->lesson_list, lesson_row (names[i], lesson));
    }
  /* Down and Return choose a lesson at once. */
  if ((child = gtk_widget_get_first_child (GTK_WIDGET (self->lesson_list))) != NULL)
    gtk_widget_grab_focus (child);
}

static void
lesson_row_activated (LabWindow *self, GtkListBoxRow *row)
{
  const char *name = g_object_get_data (G_OBJECT (row), "lab-lesson");

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

/* The lesson sets the switches itself, so the panel folds away to give the lesson room;
 * it comes back as it was when the lesson closes (F9 shows it meanwhile). */
static void
fold_panel (LabWindow *self, gboolean fold)
{
  gboolean *shown = self->presenter ? &self->panel_before_presenter : NULL;

  if (fold)
    {
      self->panel_before_lesson = shown ? *shown : adw_flap_get_reveal_flap (self->flap);
      if (shown)
        *shown = FALSE;
      else
        adw_flap_set_reveal_flap (self->flap, FALSE);
    }
  else if (shown)
    *shown = self->panel_before_lesson;
  else
    adw_flap_set_reveal_flap (self->flap, self->panel_before_lesson);
  /* and stays folded while the window changes size (see set_presenter) */
  adw_flap_set_locked (self->flap, fold || self->presenter);
}

void
lab_window_open_lesson (LabWindow *self, LabLesson *lesson)
{
  g_return_if_fail (LAB_IS_WINDOW (self));
  g_return_if_fail (lesson != NULL);

  if (!lab_window_lesson_is_open (self))
    fold_panel (self, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->lesson_pane), TRUE);
  lab_lesson_pane_set_lesson (self->lesson_pane, lesson);
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
  if (!lab_window_lesson_is_open (self))
    return;
  self->lesson_pending = FALSE;
  lab_lesson_pane_set_lesson (self->lesson_pane, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->lesson_pane), FALSE);
  fold_panel (self, FALSE);
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
lesson_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);
  guint page = lab_lesson_pane_get_page (self->lesson_pane);

  if (g_str_equal (action_name, "win.choose-lesson"))
    gtk_menu_button_popup (self->lesson_button);
  else if (g_str_equal (action_name, "win.open-lesson"))
    lab_window_open_builtin_lesson (self, g_variant_get_string (parameter, NULL));
  else if (g_str_equal (action_name, "win.open-lesson-file"))
    lab_window_choose_file (self, "Open Lesson", "Lessons", "lesson",
                            lab_window_open_lesson_file);
  else if (g_str_equal (action_name, "win.lesson-next"))
    lab_lesson_pane_set_page (self->lesson_pane, page + 1);
  else if (g_str_equal (action_name, "win.lesson-back") && page > 0)
    lab_lesson_pane_set_page (self->lesson_pane, page - 1);
  else if (g_str_equal (action_name, "win.close-lesson"))
    close_lesson (self);
}

void
lab_window_lesson_class_init (GtkWidgetClass *widget_class)
{
  static const char *const actions[] = { "win.choose-lesson", "win.open-lesson-file",
                                         "win.lesson-next", "win.lesson-back",
                                         "win.close-lesson" };

  for (gsize i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_class_install_action (widget_class, actions[i], NULL, lesson_action);
  gtk_widget_class_install_action (widget_class, "win.open-lesson", "s", lesson_action);
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
