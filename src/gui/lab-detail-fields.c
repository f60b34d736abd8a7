/* lab-detail-fields.c: a GtkListView over a GtkTreeListModel of LabFieldItems. The
 * top two levels start expanded: a message and its main parts. */
#include "lab-detail-fields.h"
#include "lab-detail-rows.h"
#include "lab-field-item.h"
#include "render/lab-ladder-render.h"

struct _LabDetailFields
{
  AdwBin parent_instance;

  GtkLabel *title;
  GtkLabel *subtitle;
  GtkLabel *facts;
  GtkLabel *message_text;
  GtkLabel *message_rfc;
  GtkListView *list;
  GtkSingleSelection *selection;
  GtkLabel *field_title;
  GtkLabel *field_text;
  GtkLabel *field_rfc;
  GtkLabel *field_value;
  GtkWidget *tree_box;
  GtkWidget *field_box;

  LabField *shown;   /* the field the explanation is about (in the step's tree), or NULL */
  guint selecting;   /* the selection is being set from code: not the learner's choice */
  guint refocus_tick; /* the focus comes back to the list at refocus_frame */
  gint64 refocus_frame;
};

G_DEFINE_FINAL_TYPE (LabDetailFields, lab_detail_fields, ADW_TYPE_BIN)

enum
{
  FIELD_SELECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GListModel *
create_children (gpointer item, gpointer user_data)
{
  return lab_field_item_children (item);
}

static LabField *
field_at (LabDetailFields *self, guint position, GtkTreeListRow **row_out)
{
  GtkTreeListModel *tree = GTK_TREE_LIST_MODEL (gtk_single_selection_get_model (self->selection));
  g_autoptr (GtkTreeListRow) row = tree ? gtk_tree_list_model_get_row (tree, position) : NULL;
  g_autoptr (LabFieldItem) item = row ? gtk_tree_list_row_get_item (row) : NULL;

  if (row_out != NULL)
    *row_out = row ? g_object_ref (row) : NULL;
  return item ? lab_field_item_get_field (item) : NULL;
}

static void
show_field (LabDetailFields *self, LabField *field)
{
  const LabExplanation *what = field ? lab_explanation_lookup (field->explanation_key) : NULL;
  const LabExplanation *value = field ? lab_explanation_lookup (field->value_key) : NULL;
  g_autofree char *line = NULL;

  lab_detail_show_explanation (what, self->field_title, self->field_text, self->field_rfc);
  gtk_widget_set_visible (self->field_box, field != NULL);
  if (field == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->field_value), FALSE);
      return;
    }
  if (what == NULL)
    {
      gtk_label_set_text (self->field_title, field->label);
      gtk_widget_set_visible (GTK_WIDGET (self->field_title), TRUE);
    }
  line = g_strdup_printf ("%s%s%s%sbytes %zu–%zu of the message (%zu)",
                          field->value ? field->value : "", field->value ? " · " : "",
                          field->error ? field->error : "", field->error ? " · " : "",
                          field->offset, field->offset + field->length - (field->length > 0),
                          field->length);
  if (value != NULL)
    {
      g_autofree char *with_value = g_strdup_printf ("%s\n%s: %s", line, value->title, value->text);
      g_free (line);
      line = g_steal_pointer (&with_value);
    }
  gtk_label_set_text (self->field_value, line);
  gtk_widget_set_visible (GTK_WIDGET (self->field_value), TRUE);
}

/* "field-selected" is the learner's choice only: a selection set from code (the Bytes
 * tab following the caret, a lesson's page) must not come back to whoever set it. Rows
 * opening above the selection move its position, not its field: nothing to say then. */
static void
selection_changed (GtkSingleSelection *selection, GParamSpec *pspec, LabDetailFields *self)
{
  guint position = gtk_single_selection_get_selected (selection);
  LabField *field = position != GTK_INVALID_LIST_POSITION ? field_at (self, position, NULL) : NULL;

  if (field == self->shown)
    return;
  self->shown = field;
  show_field (self, field);
  if (field != NULL && self->selecting == 0)
    g_signal_emit (self, signals[FIELD_SELECTED], 0, (guint64) field->offset,
                   (guint64) field->length);
}

static void
select_quietly (LabDetailFields *self, guint position)
{
  self->selecting++;
  gtk_single_selection_set_selected (self->selection, position);
  self->selecting--;
}

static void
setup_row (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *value = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_xalign (GTK_LABEL (value), 0);
  gtk_label_set_ellipsize (GTK_LABEL (value), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (value, TRUE);
  gtk_widget_add_css_class (value, "dim-label");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), value);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
  gtk_list_item_set_child (item, expander);
}

static void
bind_row (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkTreeListRow *row = gtk_list_item_get_item (item);
  GtkWidget *expander = gtk_list_item_get_child (item);
  GtkWidget *box = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));
  GtkWidget *name = gtk_widget_get_first_child (box);
  GtkWidget *value = gtk_widget_get_next_sibling (name);
  g_autoptr (LabFieldItem) field_item = gtk_tree_list_row_get_item (row);
  LabField *field = lab_field_item_get_field (field_item);
  g_autofree char *label = NULL;

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), row);
  gtk_label_set_text (GTK_LABEL (name), field->label);
  gtk_label_set_text (GTK_LABEL (value), field->error ? field->error
                                                      : field->value ? field->value : "");
  if (field->error)
    gtk_widget_add_css_class (value, "error");
  else
    gtk_widget_remove_css_class (value, "error");
  label = g_strdup_printf ("%s %s", field->label, field->value ? field->value : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (expander)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

/* GTK 4.8 reports criticals (gtk_widget_is_ancestor: GTK_IS_WIDGET) when the row that
 * holds the focus is given another field while the list is laid out, as every row is
 * when the step changes. So the focus leaves the rows before the tree changes, and comes
 * back to the list once the new rows are laid out, two frames on, unless the learner has
 * put it elsewhere meanwhile. */
static gboolean
refocus_tick (GtkWidget *list, GdkFrameClock *clock, gpointer user_data)
{
  LabDetailFields *self = user_data;
  GtkRoot *window = gtk_widget_get_root (list);

  if (gdk_frame_clock_get_frame_counter (clock) < self->refocus_frame)
    return G_SOURCE_CONTINUE;
  self->refocus_tick = 0;
  if (window != NULL && gtk_root_get_focus (window) == NULL && gtk_widget_get_mapped (list))
    gtk_widget_grab_focus (list);
  return G_SOURCE_REMOVE;
}

static void
leave_rows (LabDetailFields *self)
{
  GtkWidget *list = GTK_WIDGET (self->list);
  GtkRoot *window = gtk_widget_get_root (list);
  GtkWidget *focus = window ? gtk_root_get_focus (window) : NULL;
  GdkFrameClock *clock = gtk_widget_get_frame_clock (list);

  if (focus == NULL || clock == NULL || !gtk_widget_is_ancestor (focus, list))
    return;
  gtk_root_set_focus (window, NULL);
  self->refocus_frame = gdk_frame_clock_get_frame_counter (clock) + 2;
  if (self->refocus_tick == 0)
    self->refocus_tick = gtk_widget_add_tick_callback (list, refocus_tick, self, NULL);
}

static void
set_tree (LabDetailFields *self, LabField *root)
{
  g_autoptr (GListStore) roots = g_list_store_new (LAB_TYPE_FIELD_ITEM);
  GtkTreeListModel *tree;

  if (root != NULL)
    {
      g_autoptr (LabFieldItem) item = lab_field_item_new (root);
      g_list_store_append (roots, item);
    }
  tree = gtk_tree_list_model_new (G_LIST_MODEL (g_steal_pointer (&roots)), FALSE, FALSE,
                                  create_children, NULL, NULL);
  leave_rows (self);
  self->selecting++;
  self->shown = NULL; /* the old tree's fields go with it */
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (tree));
  g_object_unref (tree);
  /* Open the root and its children: the message and its main parts. */
  for (guint depth = 0, n = 1; depth < 2; depth++)
    {
      guint end = g_list_model_get_n_items (G_LIST_MODEL (tree));
      for (guint i = 0; i < end && i < n + 64; i++)
        {
          g_autoptr (GtkTreeListRow) row = gtk_tree_list_model_get_row (tree, i);
          if (row != NULL && gtk_tree_list_row_get_depth (row) == depth)
            gtk_tree_list_row_set_expanded (row, TRUE);
        }
      n = g_list_model_get_n_items (G_LIST_MODEL (tree));
    }
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  self->selecting--;
  self->shown = NULL;
  gtk_widget_set_visible (self->tree_box, root != NULL);
  show_field (self, NULL);
}

void
lab_detail_fields_set_step (LabDetailFields *self, const LabStep *step, guint n_steps,
                            const LabStepBytes *bytes)
{
  g_autofree char *label = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *span = NULL;
  const LabExplanation *message = NULL;
  const char *what;

  g_return_if_fail (LAB_IS_DETAIL_FIELDS (self));

  if (step == NULL)
    {
      gtk_label_set_text (self->title, "");
      gtk_label_set_text (self->subtitle, "");
      gtk_widget_set_visible (GTK_WIDGET (self->facts), FALSE);
      set_tree (self, NULL);
      return;
    }
  label = lab_ladder_step_label (step);
  span = lab_step_span (step, " → ");
  what = step->never_happened ? step->facts : bytes ? bytes->what : NULL;
  subtitle = g_strdup_printf ("Step %u of %u · %s · %s%s%s", step->index + 1, n_steps, span,
                              lab_phase_title (step->phase), what ? " · " : "", what ? what : "");
  gtk_label_set_text (self->title, label);
  gtk_label_set_text (self->subtitle, subtitle);
  gtk_label_set_text (self->facts, step->never_happened ? lab_step_missing_sentence (step)
                                                        : (step->facts ? step->facts : ""));
  gtk_widget_set_visible (GTK_WIDGET (self->facts), step->never_happened || step->facts);
  message = bytes ? lab_explanation_lookup (bytes->explanation_key) : NULL;
  gtk_widget_set_visible (GTK_WIDGET (self->message_text), message != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->message_rfc), message && message->rfc);
  if (message != NULL)
    {
      gtk_label_set_text (self->message_text, message->text);
      gtk_label_set_text (self->message_rfc, message->rfc ? message->rfc : "");
    }
  set_tree (self, bytes ? bytes->root : NULL);
}

/* Walks down from the top, opening each field that contains bytes [offset, offset +
 * length), and selects the innermost one, or target when it is given: FALSE when there
 * is no such field. */
static gboolean
select_covering (LabDetailFields *self, gsize offset, gsize length, const LabField *target)
{
  GListModel *model = G_LIST_MODEL (self->selection);
  guint best = GTK_INVALID_LIST_POSITION;
  LabField *found = NULL;

  self->selecting++; /* opening rows moves the selected one */
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (GtkTreeListRow) row = NULL;
      LabField *field = field_at (self, i, &row);

      if (field == NULL || offset < field->offset
          || offset + length > field->offset + field->length)
        continue;
      best = i;
      found = field;
      if (field == target || lab_field_is_leaf (field))
        break;
      gtk_tree_list_row_set_expanded (row, TRUE);
    }
  self->selecting--;
  if (best == GTK_INVALID_LIST_POSITION || (target != NULL && found != target))
    return FALSE;
  select_quietly (self, best);
  gtk_widget_activate_action (GTK_WIDGET (self->list), "list.scroll-to-item", "u", best);
  return TRUE;
}

void
lab_detail_fields_select_offset (LabDetailFields *self, gsize offset)
{
  g_return_if_fail (LAB_IS_DETAIL_FIELDS (self));
  select_covering (self, offset, 1, NULL);
}

gboolean
lab_detail_fields_select_field (LabDetailFields *self, const LabField *field)
{
  g_return_val_if_fail (LAB_IS_DETAIL_FIELDS (self), FALSE);

  if (field == NULL)
    {
      select_quietly (self, GTK_INVALID_LIST_POSITION);
      return TRUE;
    }
  return select_covering (self, field->offset, field->length, field);
}

const char *
lab_detail_fields_get_heading (LabDetailFields *self)
{
  return gtk_label_get_text (self->title);
}

LabField *
lab_detail_fields_get_selected (LabDetailFields *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);

  return position != GTK_INVALID_LIST_POSITION ? field_at (self, position, NULL) : NULL;
}

static void
lab_detail_fields_dispose (GObject *object)
{
  LabDetailFields *self = LAB_DETAIL_FIELDS (object);

  if (self->refocus_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->list), self->refocus_tick);
  self->refocus_tick = 0;
  gtk_widget_dispose_template (GTK_WIDGET (object), LAB_TYPE_DETAIL_FIELDS);
  G_OBJECT_CLASS (lab_detail_fields_parent_class)->dispose (object);
}

static void
lab_detail_fields_class_init (LabDetailFieldsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lab_detail_fields_dispose;
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/handshakelab/HandshakeLab/ui/lab-detail-fields.ui");
  gtk_widget_class_bind_template_child (widget_class, LabDetailFields, title);
  gtk_widget_class_bind_template_child (widget_class, LabDetailFields, subtitle);
  gtk_widget_class_bind_template_child (widget_class, LabDetailFields, facts);
  gtk_widget_class_bind_template_child (widget_class, LabDetailFields, message_text);
  gtk_widget_class_bind_template_child (widget_class, LabDetailFields, message_rfc);
  gtk_widget_class_bind_template_child (widget_class, LabDetailFields, list);
  gtk_widget_class_bind_template_child (widget_class, LabDetailFields, selection);
  gtk_widget_class_bind_template_child (widget_class, LabDetailFields, field_title);
  gtk_widget_class_bind_template_child (widget_class, LabDetailFields, field_text);
  gtk_widget_class_bind_template_child (widget_class, LabDetailFields, field_rfc);
  gtk_widget_class_bind_template_child (widget_class, LabDetailFields, field_value);
  gtk_widget_class_bind_template_child (widget_class, LabDetailFields, tree_box);
  gtk_widget_class_bind_template_child (widget_class, LabDetailFields, field_box);
  gtk_widget_class_bind_template_callback (widget_class, setup_row);
  gtk_widget_class_bind_template_callback (widget_class, bind_row);
  gtk_widget_class_bind_template_callback (widget_class, selection_changed);

  signals[FIELD_SELECTED] = g_signal_new ("field-selected", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                          G_TYPE_UINT64, G_TYPE_UINT64);
}

static void
lab_detail_fields_init (LabDetailFields *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
