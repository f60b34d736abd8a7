/* lab-document.c: runs scenarios in a GTask thread. lab_session_run always ends (a
 * stalled peer becomes a timeout outcome), so a superseded run is left to finish and
 * its result dropped rather than interrupted. */
#include "lab-document.h"
#include "engine/session/lab-session.h"

#include <gio/gio.h>

struct _LabDocument
{
  GObject parent_instance;

  LabScenario *scenario;
  char *title;        /* of a trace shown without a scenario, */
  GStrv captions;     /* and who its peers were */
  LabTrace *trace;
  GPtrArray *steps;
  int step;
  gboolean keep_step; /* the next finished run keeps the step index */
  guint generation;   /* bumped by every run; older results are dropped */
  guint running;      /* runs not yet finished */
};

G_DEFINE_FINAL_TYPE (LabDocument, lab_document, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_TRACE,
  PROP_STEP,
  PROP_RUNNING,
  PROP_SCENARIO_TITLE,
  N_PROPS
};

enum
{
  RUN_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  LabDocument *self;
  guint generation;
} RunData;

static void
run_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;
  LabTrace *trace = lab_session_run (task_data, NULL, &error);

  if (trace == NULL)
    g_task_return_error (task, error);
  else
    {
      /* the lab's recomputation may still be finishing the trace: wait for it here, not
       * on the main loop when the views first read it */
      lab_trace_is_frozen (trace);
      g_task_return_pointer (task, trace, g_object_unref);
    }
}

static void
set_running (LabDocument *self, guint running)
{
  gboolean was = self->running > 0;

  self->running = running;
  if (was != (running > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/* Takes the trace and puts it on show. */
static void
set_trace (LabDocument *self, LabTrace *trace, gboolean keep_step)
{
  int n;

  g_clear_object (&self->trace);
  g_clear_pointer (&self->steps, g_ptr_array_unref);
  self->trace = trace;
  self->steps = lab_steps_from_trace (self->trace);
  n = (int) self->steps->len;
  self->step = keep_step ? MIN (MAX (self->step, 0), n - 1) : (n > 0 ? 0 : -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRACE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
}

static void
run_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (LabDocument) self = LAB_DOCUMENT (source);
  GTask *task = G_TASK (result);
  guint generation = GPOINTER_TO_UINT (user_data);
  g_autoptr (GError) error = NULL;
  g_autoptr (LabTrace) trace = g_task_propagate_pointer (task, &error);

  set_running (self, self->running - 1);
  if (generation != self->generation)
    return;
  if (trace == NULL)
    {
      g_signal_emit (self, signals[RUN_FAILED], 0, error);
      return;
    }
  set_trace (self, g_steal_pointer (&trace), self->keep_step);
}

static void
start_run (LabDocument *self, gboolean keep_step)
{
  g_autoptr (GTask) task = NULL;

  self->generation++;
  self->keep_step = keep_step;
  task = g_task_new (self, NULL, run_done, GUINT_TO_POINTER (self->generation));
  g_task_set_source_tag (task, start_run);
  g_task_set_task_data (task, lab_scenario_copy (self->scenario),
                        (GDestroyNotify) lab_scenario_free);
  g_object_ref (self); /* released in run_done */
  set_running (self, self->running + 1);
  g_task_run_in_thread (task, run_thread);
}

void
lab_document_load (LabDocument *self, LabScenario *scenario)
{
  g_return_if_fail (LAB_IS_DOCUMENT (self));
  g_return_if_fail (scenario != NULL);

  g_clear_pointer (&self->scenario, lab_scenario_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->captions, g_strfreev);
  self->scenario = scenario;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCENARIO_TITLE]);
  start_run (self, FALSE);
}

gboolean
lab_document_set_value (LabDocument *self, const char *group, const char *key,
                        const char *value, GError **error)
{
  g_return_val_if_fail (LAB_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (self->scenario != NULL, FALSE);

  if (!lab_scenario_set_value (self->scenario, group, key, value, error))
    return FALSE;
  start_run (self, TRUE);
  return TRUE;
}

void
lab_document_rerun (LabDocument *self)
{
  g_return_if_fail (LAB_IS_DOCUMENT (self));

  if (self->scenario != NULL)
    start_run (self, TRUE);
}

void
lab_document_show_trace (LabDocument *self, LabTrace *trace, const char *title,
                         const char *const *captions)
{
  g_return_if_fail (LAB_IS_DOCUMENT (self));
  g_return_if_fail (LAB_IS_TRACE (trace) && lab_trace_is_frozen (trace));
  g_return_if_fail (title != NULL);

  self->generation++; /* a run still going must not replace this trace */
  g_clear_pointer (&self->scenario, lab_scenario_free);
  g_free (self->title);
  self->title = g_strdup (title);
  g_strfreev (self->captions);
  self->captions = g_strdupv ((GStrv) captions);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCENARIO_TITLE]);
  set_trace (self, g_object_ref (trace), FALSE);
}

const LabScenario *
lab_document_get_scenario (LabDocument *self)
{
  return self->scenario;
}

const char *
lab_document_get_title (LabDocument *self)
{
  g_return_val_if_fail (LAB_IS_DOCUMENT (self), NULL);
  return self->scenario ? self->scenario->title : self->title;
}

const char *const *
lab_document_get_captions (LabDocument *self)
{
  g_return_val_if_fail (LAB_IS_DOCUMENT (self), NULL);
  return (const char *const *) self->captions;
}

LabTrace *
lab_document_get_trace (LabDocument *self)
{
  return self->trace;
}

GPtrArray *
lab_document_get_steps (LabDocument *self)
{
  return self->steps;
}

gboolean
lab_document_get_running (LabDocument *self)
{
  return self->running > 0;
}

int
lab_document_get_step (LabDocument *self)
{
  return self->step;
}

void
lab_document_set_step (LabDocument *self, int step)
{
  g_return_if_fail (LAB_IS_DOCUMENT (self));

  step = self->steps->len ? CLAMP (step, 0, (int) self->steps->len - 1) : -1;
  if (step == self->step)
    return;
  self->step = step;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
}

const LabStep *
lab_document_get_current_step (LabDocument *self)
{
  if (self->step < 0 || (guint) self->step >= self->steps->len)
    return NULL;
  return g_ptr_array_index (self->steps, self->step);
}

int
lab_document_find_step_for_event (LabDocument *self, int seq)
{
  if (seq < 0)
    return -1;
  for (guint i = 0; i < self->steps->len; i++)
    {
      const LabStep *step = g_ptr_array_index (self->steps, i);
      if (step->event == seq || step->received_event == seq || step->record_event == seq)
        return (int) i;
    }
  return -1;
}

static void
lab_document_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LabDocument *self = LAB_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_TRACE:
      g_value_set_object (value, self->trace);
      break;
    case PROP_STEP:
      g_value_set_int (value, self->step);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running > 0);
      break;
    case PROP_SCENARIO_TITLE:
      g_value_set_string (value, lab_document_get_title (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lab_document_set_property (GObject *object, guint prop_id, const GValue *value,
                           GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_STEP:
      lab_document_set_step (LAB_DOCUMENT (object), g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lab_document_finalize (GObject *object)
{
  LabDocument *self = LAB_DOCUMENT (object);

  g_clear_pointer (&self->scenario, lab_scenario_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->captions, g_strfreev);
  g_clear_object (&self->trace);
  g_clear_pointer (&self->steps, g_ptr_array_unref);
  G_OBJECT_CLASS (lab_document_parent_class)->finalize (object);
}

static void
lab_document_class_init (LabDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = lab_document_get_property;
  object_class->set_property = lab_document_set_property;
  object_class->finalize = lab_document_finalize;

  properties[PROP_TRACE] = g_param_spec_object ("trace", NULL, NULL, LAB_TYPE_TRACE,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS
                                                  | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STEP] = g_param_spec_int ("step", NULL, NULL, -1, G_MAXINT, -1,
                                            G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS
                                              | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS
                                                     | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SCENARIO_TITLE]
    = g_param_spec_string ("scenario-title", NULL, NULL, NULL,
                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The lab itself could not set a run up (not a failed handshake: that is an outcome). */
  signals[RUN_FAILED] = g_signal_new ("run-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
lab_document_init (LabDocument *self)
{
  self->steps = g_ptr_array_new ();
  self->step = -1;
}

LabDocument *
lab_document_new (void)
{
  return g_object_new (LAB_TYPE_DOCUMENT, NULL);
}
