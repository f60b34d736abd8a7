/* lab-detail-keys.c: the key schedule of a run, each secret once. The lab recomputes
 * every secret from each side's own transcript (lab-recompute.c), so most come twice in
 * the trace, the client's view and the server's: shown once when they agree, with
 * "client ✓ server ✓" (✓: something shows it is the value OpenSSL used, and the row says
 * what), and side by side, marked ≠, when the wire made them differ. Every secret belongs
 * to the step that makes it (the ClientKeyExchange, or the ServerHello of a resumption;
 * each Finished for its verify_data): the current step's are highlighted, those of later
 * steps faint. A renegotiation's secrets (RFC 5746) are rows of their own, after the first
 * handshake's. */
#include "lab-detail-keys.h"
#include "lab-detail-row.h"
#include "lab-detail-text.h"

#include <string.h>

struct _LabDetailKeys
{
  AdwBin parent_instance;

  GtkListBox *list;
  AdwStatusPage *empty;
  GtkWidget *content; /* a GtkScrolledWindow */
  guint n_secrets;
  LabTrace *trace;    /* whose steps `steps` are */
  GPtrArray *steps;
  GtkWidget *current; /* the first row of the current step, to scroll to */
  guint scroll_tick;
};

G_DEFINE_FINAL_TYPE (LabDetailKeys, lab_detail_keys, ADW_TYPE_BIN)

enum
{
  CLIENT,
  SERVER,
  N_SIDES
};

static const char *const side_names[N_SIDES] = { "client", "server" };

/* One secret of one connection's handshake, as each side derived it. */
typedef struct
{
  const char *name;
  guint connection;
  gboolean renegotiation; /* the second handshake on the connection's (RFC 5746) */
  int only;               /* renegotiated_connection: each hello's is its own (the side), else -1 */
  char *title;            /* what the row says: the name, and which handshake or hello */
  const LabEvent *value[N_SIDES];   /* the side's recomputed value */
  const LabEvent *problem[N_SIDES]; /* why the lab has no value for the side */
  GBytes *input_of[N_SIDES];        /* the side's value, known only as an input of another */
  GPtrArray *errors;                /* LAB_EVENT_ERROR that followed it */
  int step;                         /* the step that makes it, -1 when none is known */
} Secret;

/* Problems from the key exchange on belong with the secrets; earlier ones are about the
 * capture (a lost handshake) and are not about keys. */
static gboolean
is_key_problem (const LabEvent *e)
{
  return e->kind == LAB_EVENT_ERROR && e->phase >= LAB_PHASE_CLIENT_AUTH_KEYS;
}

static void
secret_free (gpointer data)
{
  Secret *secret = data;

  g_clear_pointer (&secret->errors, g_ptr_array_unref);
  g_free (secret->title);
  g_free (secret);
}

static Secret *
find_secret (GPtrArray *secrets, const char *name, guint connection, gboolean renegotiation,
             int only)
{
  for (guint i = 0; i < secrets->len; i++)
    {
      Secret *secret = g_ptr_array_index (secrets, i);
      if (secret->name != NULL && g_str_equal (secret->name, name)
          && secret->connection == connection && secret->renegotiation == renegotiation
          && secret->only == only)
        return secret;
    }
  return NULL;
}

/* The hellos of a renegotiation carry different values under one name: the client's
 * verify_data in the ClientHello (RFC 5746 §3.5), both in the ServerHello (§3.7). */
static int
only_side (const LabEvent *e)
{
  if (g_strcmp0 (e->name, "renegotiated_connection") != 0)
    return -1;
  return e->side == LAB_SIDE_SERVER ? SERVER : CLIENT;
}

static char *
secret_title (const Secret *secret)
{
  if (secret->only >= 0)
    return g_strdup_printf ("%s in the %s", secret->name,
                            secret->only == SERVER ? "ServerHello" : "ClientHello");
  if (secret->renegotiation)
    return g_strdup_printf ("%s of the renegotiation", secret->name);
  return g_strdup (secret->name);
}

static GBytes *
input_named (const LabEvent *e, const char *name)
{
  for (guint i = 0; e != NULL && e->inputs != NULL && i < e->inputs->len; i++)
    {
      const LabNamedBytes *input = g_ptr_array_index (e->inputs, i);
      if (g_str_equal (input->name, name))
        return input->value;
    }
  return NULL;
}

/* The secrets of the trace in the order they first appear. The recomputation's
 * disagreement with OpenSSL goes with the secret just before it; any other key problem
 * (a capture without its key log) stands alone, as a Secret without a name. */
static GPtrArray *
collect_secrets (LabTrace *trace)
{
  GPtrArray *secrets = g_ptr_array_new_with_free_func (secret_free);
  guint n = lab_trace_get_n_events (trace);
  Secret *last = NULL;

  for (guint i = 0; i < n; i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      int side = e->side == LAB_SIDE_SERVER ? SERVER : CLIENT;
      Secret *secret;

      if (is_key_problem (e) && !g_str_equal (e->name, "recomputation disagrees"))
        {
          last = NULL;
          secret = g_new0 (Secret, 1);
          secret->step = -1;
          secret->errors = g_ptr_array_new ();
          g_ptr_array_add (secret->errors, (gpointer) e);
          g_ptr_array_add (secrets, secret);
          continue;
        }
      if (is_key_problem (e))
        {
          if (last == NULL)
            {
              last = g_new0 (Secret, 1);
              last->step = -1;
              g_ptr_array_add (secrets, last);
            }
          if (last->errors == NULL)
            last->errors = g_ptr_array_new ();
          g_ptr_array_add (last->errors, (gpointer) e);
          continue;
        }
      if (e->kind != LAB_EVENT_SECRET)
        continue;
      secret = find_secret (secrets, e->name, e->connection,
                            e->phase == LAB_PHASE_RENEGOTIATION, only_side (e));
      if (secret == NULL)
        {
          secret = g_new0 (Secret, 1);
          secret->name = e->name;
          secret->connection = e->connection;
          secret->renegotiation = e->phase == LAB_PHASE_RENEGOTIATION;
          secret->only = only_side (e);
          secret->title = secret_title (secret);
          secret->step = -1;
          g_ptr_array_add (secrets, secret);
        }
      if (e->bytes != NULL)
        secret->value[side] = e;
      else
        secret->problem[side] = e;
      last = secret;
    }
  /* The lab computes the pre-master secret on the server's side; the client's master
   * secret names the one it was derived from, which is the client's. */
  for (guint i = 0; i < secrets->len; i++)
    {
      Secret *pms = g_ptr_array_index (secrets, i);
      Secret *ms;

      if (pms->name == NULL || !g_str_equal (pms->name, "pre_master_secret"))
        continue;
      ms = find_secret (secrets, "master_secret", pms->connection, pms->renegotiation, -1);
      for (int side = 0; ms != NULL && side < N_SIDES; side++)
        if (pms->value[side] == NULL && pms->problem[side] == NULL)
          pms->input_of[side] = input_named (ms->value[side], "pre_master_secret");
    }
  return secrets;
}

/* ---- which step makes a secret ---- */

static int
step_of_message (GPtrArray *steps, LabTrace *trace, LabSide side, guint8 type,
                 const Secret *secret)
{
  for (guint i = 0; i < steps->len; i++)
    {
      const LabStep *step = g_ptr_array_index (steps, i);
      const LabEvent *e;

      if (step->event < 0 || step->kind != LAB_STEP_MESSAGE
          || step->connection != secret->connection || step->sender != side
          || (step->phase == LAB_PHASE_RENEGOTIATION) != secret->renegotiation)
        continue;
      e = lab_trace_get_event (trace, (guint) step->event);
      if (e->kind == LAB_EVENT_MESSAGE && e->handshake_type == type)
        return (int) i;
    }
  return -1;
}

/* verify_data with the Finished that carries it; every other secret with the message
 * after which both sides can derive it: the ClientKeyExchange, or in an abbreviated
 * handshake (RFC 5246 §7.3), which has none, the ServerHello. */
static int
secret_step (GPtrArray *steps, LabTrace *trace, const Secret *secret)
{
  int step;

  if (secret->name == NULL)
    return -1;
  if (g_str_equal (secret->name, "client_verify_data"))
    return step_of_message (steps, trace, LAB_SIDE_CLIENT, LAB_HS_FINISHED, secret);
  if (g_str_equal (secret->name, "server_verify_data"))
    return step_of_message (steps, trace, LAB_SIDE_SERVER, LAB_HS_FINISHED, secret);
  if (secret->only >= 0) /* renegotiated_connection, with the hello that carries it */
    return secret->only == SERVER
             ? step_of_message (steps, trace, LAB_SIDE_SERVER, LAB_HS_SERVER_HELLO, secret)
             : step_of_message (steps, trace, LAB_SIDE_CLIENT, LAB_HS_CLIENT_HELLO, secret);
  step = step_of_message (steps, trace, LAB_SIDE_CLIENT, LAB_HS_CLIENT_KEY_EXCHANGE, secret);
  return step >= 0 ? step
                   : step_of_message (steps, trace, LAB_SIDE_SERVER, LAB_HS_SERVER_HELLO, secret);
}

/* ---- rows ---- */

static GBytes *
value_of (const Secret *secret, int side)
{
  return secret->value[side] ? secret->value[side]->bytes : secret->input_of[side];
}

static gboolean
sides_differ (const Secret *secret)
{
  GBytes *client = value_of (secret, CLIENT), *server = value_of (secret, SERVER);

  return client != NULL && server != NULL && !g_bytes_equal (client, server);
}

/* What shows one side's value is the one OpenSSL used: its own evidence, or for a value
 * known only as an input of that side's master secret (the client's pre-master secret),
 * the master secret's. */
static LabMatch
evidence_of (const Secret *secret, const Secret *master, int side)
{
  if (secret->value[side] != NULL)
    return secret->value[side]->match;
  if (master != NULL && master->value[side] != NULL
      && (master->value[side]->match == LAB_MATCH_YES
          || master->value[side]->match == LAB_MATCH_OPENED_RECORD))
    return LAB_MATCH_IMPLIED;
  return LAB_MATCH_NO_EVIDENCE;
}

/* "client ✓   server ✓": what each side holds, and whether something shows it is the value
 * OpenSSL used (the row's evidence line says what). ✓ it does, ✗ the lab's value
 * contradicts OpenSSL's, ? nothing shows it either way, ! the lab could not derive the
 * side's value, – the lab does not derive it; "client ≠ server" when the two derived
 * different bytes. */
static GtkWidget *
side_marks (const Secret *secret, const Secret *master, char **meaning_out)
{
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GString) meaning = g_string_new (NULL);
  gboolean differ = sides_differ (secret);
  GtkWidget *label;

  if (differ)
    g_string_append (text, "client ≠ server"),
      g_string_append (meaning, "the client and the server derived different bytes");
  for (int side = 0; !differ && side < N_SIDES; side++)
    {
      const char *mark, *what;

      if (value_of (secret, side) != NULL)
        {
          LabMatch match = evidence_of (secret, master, side);

          if (lab_match_is_failure (match))
            mark = "✗", what = "derived bytes that contradict OpenSSL's";
          else if (match == LAB_MATCH_NO_EVIDENCE)
            mark = "?", what = "derived these bytes, but nothing shows they are OpenSSL's";
          else
            {
              mark = "✓";
              what = secret->value[side] ? "derived these bytes, shown to be OpenSSL's"
                                         : "derived its master secret from these bytes, and "
                                           "that master secret is shown to be OpenSSL's";
            }
        }
      else if (secret->problem[side] != NULL)
        mark = "!", what = "has a value the lab could not derive";
      else
        mark = "–", what = "is not recomputed: the lab recomputes what the sender computed";
      g_string_append_printf (text, "%s%s %s", side ? "   " : "", side_names[side], mark);
      g_string_append_printf (meaning, "%sthe %s %s", side ? "; " : "", side_names[side], what);
    }
  label = gtk_label_new (text->str);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_set_valign (label, GTK_ALIGN_START);
  gtk_widget_add_css_class (label, "side-marks");
  if (differ || strstr (text->str, "✗") != NULL)
    gtk_widget_add_css_class (label, "error");
  gtk_widget_set_tooltip_text (label, meaning->str);
  *meaning_out = g_strdup (meaning->str);
  return label;
}

static void
add_inputs (LabDetailRow *row, const LabEvent *e)
{
  for (guint i = 0; e != NULL && e->inputs != NULL && i < e->inputs->len; i++)
    {
      const LabNamedBytes *input = g_ptr_array_index (e->inputs, i);
      g_autofree char *hex = lab_detail_hex_short (input->value);
      g_autofree char *line = g_strdup_printf ("%s = %s", input->name, hex);
      lab_detail_row_add_line (row, line, "monospace");
    }
}

/* What shows a side's value is OpenSSL's, as the engine said it: the words after
 * "…'s view, " or "…'s view of the renegotiation, " (the row's title says which
 * handshake): "equals OpenSSL's own (SSL_get_finished)", "opened the client's Finished
 * record (event 44), …". */
static const char *
openssl_words (const LabEvent *e)
{
  static const char *const ends[] = { "view, ", "view of the renegotiation, " };

  for (guint i = 0; e->detail != NULL && i < G_N_ELEMENTS (ends); i++)
    {
      const char *end = strstr (e->detail, ends[i]);
      if (end != NULL)
        return end + strlen (ends[i]);
    }
  return e->detail;
}

/* "Equals OpenSSL's own (client and server)", or each side's words. */
static char *
openssl_line (const Secret *secret, gboolean *differs)
{
  const char *words[N_SIDES] = { NULL, NULL };
  int n = 0;

  *differs = FALSE;
  for (int side = 0; side < N_SIDES; side++)
    if (secret->value[side] != NULL && (words[side] = openssl_words (secret->value[side])))
      {
        n++;
        *differs |= lab_match_is_failure (secret->value[side]->match);
      }
  if (n == 0)
    return NULL;
  if (n == 2 && g_strcmp0 (words[CLIENT], words[SERVER]) == 0)
    {
      char *line = g_strdup_printf ("%s (client and server)", words[CLIENT]);
      line[0] = g_ascii_toupper (line[0]);
      return line;
    }
  if (n == 2)
    return g_strdup_printf ("client: %s · server: %s", words[CLIENT], words[SERVER]);
  return g_strdup_printf ("%s: %s", words[CLIENT] ? "client" : "server",
                          words[CLIENT] ? words[CLIENT] : words[SERVER]);
}

static LabDetailRow *
secret_row (const Secret *secret, const Secret *master)
{
  const LabEvent *any = secret->value[CLIENT] ? secret->value[CLIENT] : secret->value[SERVER];
  const LabEvent *problem = secret->problem[CLIENT] ? secret->problem[CLIENT]
                                                    : secret->problem[SERVER];
  LabDetailRow *row = lab_detail_row_new (secret->title, any ? any->formula : NULL, "monospace");
  gboolean differ = sides_differ (secret), openssl_differs;
  g_autofree char *openssl = openssl_line (secret, &openssl_differs);
  g_autofree char *meaning = NULL;
  GtkWidget *marks = side_marks (secret, master, &meaning);

  lab_detail_row_add_suffix (row, marks, meaning);
  if (differ)
    for (int side = 0; side < N_SIDES; side++)
      {
        g_autofree char *heading = g_strdup_printf ("the %s's value", side_names[side]);
        g_autofree char *hex = lab_detail_hex (value_of (secret, side), 0);

        lab_detail_row_add_line (row, heading, "detail-side");
        add_inputs (row, secret->value[side]);
        lab_detail_row_add_line (row, hex, "secret-value");
      }
  else
    {
      GBytes *value = value_of (secret, CLIENT) ? value_of (secret, CLIENT)
                                                : value_of (secret, SERVER);
      g_autofree char *hex = lab_detail_hex (value, 0);

      add_inputs (row, any);
      if (value != NULL)
        lab_detail_row_add_line (row, hex, "secret-value");
    }
  if (differ)
    lab_detail_row_add_line (row,
                             "The two sides derived different values: the messages they hashed "
                             "or the secrets they started from were not the same.",
                             "error");
  for (int side = 0; side < N_SIDES; side++)
    if (secret->problem[side] != NULL)
      lab_detail_row_add_line (row, secret->problem[side]->detail, "warning");
  if (openssl != NULL)
    lab_detail_row_add_line (row, openssl, openssl_differs ? "error" : "dim-label");
  for (guint i = 0; secret->errors != NULL && i < secret->errors->len; i++)
    lab_detail_row_add_line (row, ((LabEvent *) g_ptr_array_index (secret->errors, i))->detail,
                             "error");
  if (differ || openssl_differs || (any == NULL && problem != NULL))
    gtk_widget_add_css_class (GTK_WIDGET (row), "failed");
  return row;
}

/* What the lab could not derive or open, and why (a capture without its key log). */
static LabDetailRow *
problem_row (const LabEvent *e)
{
  LabDetailRow *row = lab_detail_row_new (e->name, e->detail, NULL);

  lab_detail_row_set_mark (row, "!", "something the lab could not do");
  gtk_widget_add_css_class (GTK_WIDGET (row), "failed");
  return row;
}

/* ---- the tab ---- */

static void
ensure_steps (LabDetailKeys *self, LabTrace *trace)
{
  if (self->trace == trace)
    return;
  g_clear_pointer (&self->steps, g_ptr_array_unref);
  g_set_object (&self->trace, trace);
  if (trace != NULL)
    self->steps = lab_steps_from_trace (trace);
}

/* The current step's first secret in view, once the list has its layout (tick callbacks
 * run before it: the new rows have no size yet at the first). */
static gboolean
scroll_to_current (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  LabDetailKeys *self = LAB_DETAIL_KEYS (widget);
  GtkAdjustment *adjustment
    = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->content));
  graphene_point_t point;

  if (self->current == NULL)
    {
      self->scroll_tick = 0;
      return G_SOURCE_REMOVE;
    }
  GtkWidget *scrolled = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (self->content));

  /* in the scrolled content, where the list starts below the tab's explanation: inside
   * the viewport the box is wrapped in, whose own coordinates move with the scrolling */
  if (GTK_IS_VIEWPORT (scrolled))
    scrolled = gtk_viewport_get_child (GTK_VIEWPORT (scrolled));
  if (gtk_widget_get_height (self->current) == 0
      || !gtk_widget_compute_point (self->current, scrolled, &GRAPHENE_POINT_INIT (0, 0), &point))
    return G_SOURCE_CONTINUE;
  gtk_adjustment_clamp_page (adjustment, point.y,
                             point.y + MIN (gtk_widget_get_height (self->current),
                                            gtk_adjustment_get_page_size (adjustment)));
  self->scroll_tick = 0;
  return G_SOURCE_REMOVE;
}

void
lab_detail_keys_set_step (LabDetailKeys *self, LabTrace *trace, const LabStep *step)
{
  g_autoptr (GPtrArray) secrets = NULL;
  /* A step that never happened comes after everything that did. */
  int current = step == NULL || step->never_happened ? G_MAXINT : (int) step->index;

  g_return_if_fail (LAB_IS_DETAIL_KEYS (self));

  lab_detail_list_clear (self->list);
  self->n_secrets = 0;
  self->current = NULL;
  ensure_steps (self, trace);
  secrets = trace ? collect_secrets (trace) : g_ptr_array_new ();
  for (guint i = 0; i < secrets->len; i++)
    {
      Secret *secret = g_ptr_array_index (secrets, i);
      LabDetailRow *row;
      int made_at = secret_step (self->steps, trace, secret);

      if (secret->name == NULL)
        {
          for (guint k = 0; k < secret->errors->len; k++)
            gtk_list_box_append (self->list,
                                 GTK_WIDGET (problem_row (g_ptr_array_index (secret->errors, k))));
          continue;
        }
      row = secret_row (secret, find_secret (secrets, "master_secret", secret->connection,
                                             secret->renegotiation, -1));
      if (made_at >= 0 && made_at > current)
        gtk_widget_add_css_class (GTK_WIDGET (row), "key-later");
      else if (made_at >= 0 && made_at == current)
        {
          gtk_widget_add_css_class (GTK_WIDGET (row), "key-current");
          if (self->current == NULL)
            self->current = GTK_WIDGET (row);
        }
      gtk_list_box_append (self->list, GTK_WIDGET (row));
      self->n_secrets++;
    }
  gtk_widget_set_visible (self->content, secrets->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->empty), secrets->len == 0);
  if (self->current != NULL && self->scroll_tick == 0)
    self->scroll_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_to_current, NULL,
                                                      NULL);
}

guint
lab_detail_keys_get_n_secrets (LabDetailKeys *self)
{
  return self->n_secrets;
}

GtkListBox *
lab_detail_keys_get_list (LabDetailKeys *self)
{
  return self->list;
}

static void
lab_detail_keys_dispose (GObject *object)
{
  LabDetailKeys *self = LAB_DETAIL_KEYS (object);

  g_clear_pointer (&self->steps, g_ptr_array_unref);
  g_clear_object (&self->trace);
  gtk_widget_dispose_template (GTK_WIDGET (object), LAB_TYPE_DETAIL_KEYS);
  G_OBJECT_CLASS (lab_detail_keys_parent_class)->dispose (object);
}

static void
lab_detail_keys_class_init (LabDetailKeysClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lab_detail_keys_dispose;
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/handshakelab/HandshakeLab/ui/lab-detail-keys.ui");
  gtk_widget_class_bind_template_child (widget_class, LabDetailKeys, list);
  gtk_widget_class_bind_template_child (widget_class, LabDetailKeys, empty);
  gtk_widget_class_bind_template_child (widget_class, LabDetailKeys, content);
}

static void
lab_detail_keys_init (LabDetailKeys *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
