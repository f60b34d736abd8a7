/* lab-window-private.h: what the window's files share. */
#pragma once

#include "lab-detail-pane.h"
#include "lab-ladder-view.h"
#include "lab-outcome-banner.h"
#include "lab-switch-panel.h"
#include "lab-window.h"

G_BEGIN_DECLS

struct _LabWindow
{
  AdwApplicationWindow parent_instance;

  /* template */
  AdwToastOverlay *toasts;
  AdwWindowTitle *title;
  GtkMenuButton *scenario_button;
  GtkLabel *scenario_label;
  GtkMenuButton *speed_button;
  GtkButton *play_button;
  GtkWidget *zoom_box;
  AdwFlap *flap;
  LabSwitchPanel *panel;
  GtkScrolledWindow *ladder_scroller;
  LabLadderView *ladder;
  LabDetailPane *detail;
  LabOutcomeBanner *banner;

  LabDocument *document;
  GMenu *scenario_menu;
  double zoom;
  double speed;
  gboolean presenter;
  gboolean panel_before_presenter;
  guint play_source;
};

/* lab-window-files.c: the scenario menu, opening and exporting. */
void lab_window_files_init (LabWindow *self);
void lab_window_files_class_init (GtkWidgetClass *widget_class);
void lab_window_update_scenario_menu (LabWindow *self);

/* lab-window.c */
void lab_window_update_actions (LabWindow *self);
void lab_window_toast (LabWindow *self, const char *format, ...) G_GNUC_PRINTF (2, 3);

G_END_DECLS
