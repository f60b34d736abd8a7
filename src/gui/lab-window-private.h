/* lab-window-private.h: what the window's files share. */
#pragma once

#include "lab-detail-pane.h"
#include "lab-ladder-view.h"
#include "lab-lesson-pane.h"
#include "lab-outcome-banner.h"
#include "lab-switch-panel.h"
#include "lab-window.h"

G_BEGIN_DECLS

struct _LabWindow
{
  AdwApplicationWindow parent_instance;

  /* template */
  AdwToastOverlay *toasts;
  AdwHeaderBar *header_bar;
  AdwWindowTitle *title;
  GtkMenuButton *scenario_button;
  GtkLabel *scenario_label;
  GtkMenuButton *speed_button;
  GtkButton *play_button;
  GtkWidget *zoom_box;
  GtkMenuButton *lesson_button;
  GtkPopover *lesson_popover;
  GtkListBox *lesson_list;
  GtkToggleButton *details_button;
  AdwFlap *detail_flap; /* the details, on the right; an overlay when the window is narrow */
  AdwFlap *flap;        /* the switches, on the left */
  LabSwitchPanel *panel;
  GtkScrolledWindow *ladder_scroller;
  LabLadderView *ladder;
  LabLessonPane *lesson_pane;
  LabDetailPane *detail;
  LabOutcomeBanner *banner;

  LabDocument *document;
  double zoom;
  double speed;
  gboolean presenter;
  gboolean panel_before_presenter;
  gboolean suspense;        /* "Reveal the outcome at the end" */
  gboolean suspense_chosen; /* set by hand: kept from then on, whatever the mode */
  gboolean cause_shown;     /* Show the cause went back to the cause: the banner stays */
  guint play_source;
  gboolean panel_before_lesson;
  gboolean lesson_pending; /* the page's step waits for its run */
  guint follow_step_tick;  /* the ladder scrolls to the step at the next frame */
  GtkWindow *connect_dialog; /* Watch a Real Server, kept with what was typed */
  guint capture_generation;  /* bumped by each capture opened: older imports are dropped */
};

/* lab-window-files.c: the scenario chooser, opening and exporting. */
void lab_window_files_init (LabWindow *self);
void lab_window_files_class_init (GtkWidgetClass *widget_class);
/* Reads the shipped scenarios into the chooser (after the first frame: every one is
 * parsed); opening the chooser does it too if it has not been done. */
void lab_window_update_scenario_menu (LabWindow *self);
/* Asks for a file ending in .suffix and opens it with open. */
void lab_window_choose_file (LabWindow *self, const char *title, const char *filter_name,
                             const char *suffix, gboolean (*open) (LabWindow *, GFile *));
void lab_window_show_open_error (LabWindow *self, GFile *file, const GError *error);

/* lab-window-lesson.c: the lesson picker and player. */
void lab_window_lesson_init (LabWindow *self);
void lab_window_lesson_class_init (GtkWidgetClass *widget_class);
void lab_window_lesson_update_actions (LabWindow *self);
/* A run has finished: the page waiting for it is shown. */
void lab_window_lesson_run_changed (LabWindow *self);
gboolean lab_window_lesson_is_open (LabWindow *self);

/* lab-window-stepping.c: the stepping keys from anywhere but text being edited, and the
 * current step kept in the ladder's view. */
void lab_window_stepping_init (LabWindow *self);
void lab_window_stepping_dispose (LabWindow *self);
/* Scrolls the ladder to the current step: now (when the ladder is laid out), or at the
 * next frame, once a change of size or run has been laid out. */
void lab_window_follow_step (LabWindow *self, gboolean now);

/* lab-window-loading.c: until the first run is in and the first frame drawn, the header
 * bar and a loading state instead of the panes; then the scenario menu is built. */
void lab_window_loading_init (LabWindow *self);

/* lab-window-capture.c: Open Capture and Watch a Real Server. */
void lab_window_capture_class_init (GtkWidgetClass *widget_class);

/* lab-window-presenter.c: presenter mode and suspense. */
void lab_window_set_presenter (LabWindow *self, gboolean presenter);
/* Not by hand: the menu sets the "suspense" property, which the window then keeps. */
void lab_window_set_suspense (LabWindow *self, gboolean suspense);
/* Withholds the banner or shows it for the current step; TRUE when it is shown. */
gboolean lab_window_update_suspense (LabWindow *self);
void lab_window_update_title (LabWindow *self);

/* lab-window.c */
void lab_window_update_actions (LabWindow *self);
/* The step the outcome blames, -1 for a success or no run. */
int lab_window_cause_step (LabWindow *self);
void lab_window_stop_playing (LabWindow *self);
void lab_window_toast (LabWindow *self, const char *format, ...) G_GNUC_PRINTF (2, 3);

G_END_DECLS
