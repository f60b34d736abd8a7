/* lab-cli-ladder.c: the ladder in the terminal (moved here from lab-cli-run.c). */
#include "lab-cli-ladder.h"
#include "lab-cli-options.h"
#include "engine/trace/lab-outcome-text.h"
#include "engine/trace/lab-steps.h"
#include "tls/lab-text.h"

#include <stdio.h>
#include <string.h>

#define SECRET_LABEL_WIDTH 28

/* Prints text from outside the lab (a peer's names and bodies, a file's title, the
 * facts drawn from them) between two pieces of the lab's own, with its control
 * characters escaped, so that it cannot break a line or drive the terminal. */
static void
print_printable (const char *before, const char *text, const char *after)
{
  g_autofree char *safe = lab_text_printable (text ? text : "");

  printf ("%s%s%s", before, safe, after);
}

/* Pads text, its control characters escaped, to a width in characters (printf counts
 * bytes). */
static void
print_padded (const char *text, int width)
{
  g_autofree char *safe = lab_text_printable (text);
  glong chars = g_utf8_strlen (safe, -1);

  fputs (safe, stdout);
  for (glong i = chars; i < width; i++)
    fputc (' ', stdout);
}

void
lab_cli_print_ladder (LabTrace *trace)
{
  g_autoptr (GPtrArray) steps = lab_steps_from_trace (trace);
  g_autoptr (GString) never = g_string_new (NULL);
  const char *never_label = NULL;

  for (guint i = 0; i < steps->len; i++)
    {
      const LabStep *step = g_ptr_array_index (steps, i);

      if (step->never_happened)
        {
          g_autofree char *span = lab_step_span (step, " → ");
          /* with a man in the middle, a message may be missing on either connection */
          g_string_append_printf (never, "%s%s", never->len ? ", " : "", step->title);
          if (lab_step_involves_attacker (step))
            g_string_append_printf (never, " (%s)", span);
          never_label = step->facts;
          continue;
        }
      if (i > 0 && step->connection != ((LabStep *) g_ptr_array_index (steps, i - 1))->connection)
        printf ("     ---- a new connection: the client resumes the session of the first ----\n");
      g_autofree char *number = g_strdup_printf ("%3u  ", step->index + 1);
      g_autofree char *span = lab_step_span (step, " → ");
      const char *mark = step->is_fatal ? "  ✖ FATAL" : step->tampered ? "  ⚠ changed on the wire"
                         : step->received_differs ? "  ⚠ received differently" : "";
      g_autofree char *attacker = lab_step_attacker_note (step)
                                    ? g_strdup_printf ("  ⚠ %s", lab_step_attacker_note (step))
                                    : NULL;

      fputs (number, stdout);
      print_padded (lab_phase_name (step->phase), 32);
      print_padded (span, 17);
      print_padded (step->title, 20);
      print_printable (" ", step->facts, attacker ? attacker : mark);
      fputc ('\n', stdout);
    }
  if (never->len > 0)
    {
      g_autofree char *label = lab_text_printable (never_label);
      g_autofree char *titles = lab_text_printable (never->str);

      printf ("     %s: %s\n", label, titles);
    }
  if (lab_steps_have_attacker (steps))
    printf ("     Mallory is the man in the middle: two TLS connections, client ↔ Mallory and "
            "Mallory ↔ server.\n");
}

/* Each certificate check the lab's own peer made. */
static void
print_checks (LabTrace *trace)
{
  guint n = lab_trace_get_n_events (trace);
  gboolean any = FALSE;

  for (guint i = 0; i < n; i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);

      if (e->kind != LAB_EVENT_VERIFY)
        continue;
      if (!any)
        printf ("\nCertificate checks (the %s's):\n", lab_side_name (e->side));
      any = TRUE;
      {
        g_autofree char *subject = lab_text_printable (e->subject ? e->subject : "");
        g_autofree char *verdict
          = lab_text_printable (e->verify_ok ? "ok" : e->verify_error_string);

        printf ("  depth %d  %s: %s\n", e->depth, subject, verdict);
      }
    }
}

/* A secret's detail without the view it starts with ("the client's view, ", "the
 * client's view of the renegotiation, ": the heading says which): what shows the value is
 * the one OpenSSL used. */
static const char *
evidence_words (const LabEvent *e)
{
  const char *words = e->detail ? e->detail : "";
  const char *view = e->side == LAB_SIDE_CLIENT ? "the client's view" : "the server's view";

  if (g_str_has_prefix (words, view))
    {
      words += strlen (view);
      if (g_str_has_prefix (words, " of the renegotiation"))
        words += strlen (" of the renegotiation");
      while (*words == ',' || *words == ':' || *words == ' ')
        words++;
    }
  return words;
}

/* One secret: its value, then what shows it ("opened-record 43: opened the client's …"). */
static void
print_secret (const LabEvent *e)
{
  g_autofree char *label = g_strdup_printf ("    %s ", e->name);
  g_autofree char *match = lab_event_match_text (e);

  g_autofree char *before = g_strdup_printf ("%*s%s: ", SECRET_LABEL_WIDTH, "", match);

  if (e->bytes != NULL)
    lab_cli_print_hex (label, SECRET_LABEL_WIDTH, e->bytes);
  else
    printf ("%s\n", label);
  /* a problem's words may quote what a peer sent (an error from its bytes) */
  print_printable (before, evidence_words (e), "\n");
}

/* One side's secrets: what the keys are, with the values. */
static void
print_secrets (LabTrace *trace)
{
  guint n = lab_trace_get_n_events (trace);
  guint known[2] = { 0, 0 };
  LabSide side;
  gboolean any = FALSE;

  /* the view that knows more: the server's when the lab was the server (it alone has the
   * pre-master secret), else the client's */
  for (guint i = 0; i < n; i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      if (e->kind == LAB_EVENT_SECRET && e->bytes != NULL && e->side <= LAB_SIDE_SERVER)
        known[e->side == LAB_SIDE_SERVER]++;
    }
  side = known[1] > known[0] ? LAB_SIDE_SERVER : LAB_SIDE_CLIENT;
  for (guint i = 0; i < n; i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);

      if (e->kind != LAB_EVENT_SECRET || e->side != side)
        continue;
      if (!any)
        printf ("\nKeys (the %s's view), each with what shows it is the value used:\n",
                lab_side_name (side));
      any = TRUE;
      print_secret (e);
    }
}

void
lab_cli_print_secrets (LabTrace *trace)
{
  guint n = lab_trace_get_n_events (trace);
  guint connections = 0;

  for (guint i = 0; i < n; i++)
    connections = MAX (connections, lab_trace_get_event (trace, i)->connection + 1);
  for (guint c = 0; c < connections; c++)
    for (int side = LAB_SIDE_CLIENT; side <= LAB_SIDE_SERVER; side++)
      {
        gboolean any = FALSE, renegotiation = FALSE;

        for (guint i = 0; i < n; i++)
          {
            const LabEvent *e = lab_trace_get_event (trace, i);

            if (e->kind != LAB_EVENT_SECRET || e->side != (LabSide) side || e->connection != c)
              continue;
            if (!any)
              printf ("\nKeys, the %s's view%s:\n", lab_side_name (side),
                      c > 0 ? " (the resumed connection)" : "");
            if (!renegotiation && e->phase == LAB_PHASE_RENEGOTIATION)
              printf ("  Its renegotiation, the second handshake on the connection (RFC 5746):\n");
            any = TRUE;
            renegotiation |= e->phase == LAB_PHASE_RENEGOTIATION;
            print_secret (e);
          }
      }
}

/* "4 equal OpenSSL's own": one kind of evidence and how many values have it. */
static void
append_count (GString *line, LabMatch match, guint k)
{
  gboolean one = k == 1;

  if (k == 0)
    return;
  if (line->len > 0)
    g_string_append (line, ", ");
  switch (match)
    {
    case LAB_MATCH_YES:
      g_string_append_printf (line, "%u equal%s OpenSSL's own", k, one ? "s" : "");
      break;
    case LAB_MATCH_IMPLIED:
      g_string_append_printf (line, "%u %s implied by the master secret made from them", k,
                              one ? "is" : "are");
      break;
    case LAB_MATCH_OPENED_RECORD:
      g_string_append_printf (line, "%u opened a record exactly as its sender sent it", k);
      break;
    case LAB_MATCH_NOT_OPENED:
      g_string_append_printf (line, "%u did NOT open a record as its sender sent it", k);
      break;
    case LAB_MATCH_NO:
      g_string_append_printf (line, "%u DIFFER%s from OpenSSL's", k, one ? "S" : "");
      break;
    case LAB_MATCH_NO_EVIDENCE:
    default:
      g_string_append_printf (line, "%u %s no evidence either way", k, one ? "has" : "have");
      break;
    }
}

void
lab_cli_print_secret_summary (LabTrace *trace)
{
  static const LabMatch order[] = { LAB_MATCH_YES, LAB_MATCH_IMPLIED, LAB_MATCH_OPENED_RECORD,
                                    LAB_MATCH_NOT_OPENED, LAB_MATCH_NO, LAB_MATCH_NO_EVIDENCE };
  guint count[LAB_MATCH_NO + 1] = { 0 }, total = 0;
  g_autoptr (GString) line = g_string_new (NULL);

  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      if (e->kind == LAB_EVENT_SECRET)
        {
          count[e->match]++;
          total++;
        }
    }
  if (total == 0)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    append_count (line, order[i], count[order[i]]);
  printf ("Secrets: %u, each with what shows it is the value used: %s (--keys shows each).\n",
          total, line->str);
}

static void
print_records (LabTrace *trace)
{
  guint n = lab_trace_get_n_events (trace);
  guint protected = 0, opened = 0;

  for (guint i = 0; i < n; i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);

      if (e->kind != LAB_EVENT_RECORD || !e->encrypted)
        continue;
      protected++;
      opened += e->decryption != NULL && e->decryption->authentic;
    }
  if (protected > 0)
    printf ("\nProtected records: %u, opened and authentic: %u.\n", protected, opened);
}

void
lab_cli_print_observed (LabTrace *trace)
{
  const LabOutcome *o = lab_trace_get_outcome (trace);
  guint n = lab_trace_get_n_events (trace);

  print_checks (trace);
  print_secrets (trace);
  print_records (trace);
  for (guint i = 0; i < n; i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);

      if (e->kind == LAB_EVENT_ERROR)
        {
          g_autofree char *name = lab_text_printable (e->name);

          printf ("Not shown — %s: ", name);
          print_printable ("", e->detail, ".\n");
        }
    }
  lab_cli_print_outcome (o, TRUE);
}

void
lab_cli_print_outcome (const LabOutcome *o, gboolean observed)
{
  g_autofree char *headline = lab_outcome_headline (o, observed);
  g_autofree char *verification = lab_outcome_verification (o);

  print_printable (observed ? "\n" : "", headline, "\n");
  if (verification != NULL)
    print_printable ("         ", verification, "\n");
  if (o->cause != NULL)
    print_printable ("Why: ", o->cause, "\n");
}
