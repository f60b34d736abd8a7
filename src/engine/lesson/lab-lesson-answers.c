/* lab-lesson-answers.c: a question's answer read from the run of its page (a field, a
 * size, a count, bytes, a secret, or a word about the outcome), and whether a learner's
 * reply matches it. */
#include "lab-lesson-private.h"
#include "engine/session/lab-session.h"
#include "tls/lab-dissect.h"
#include "tls/lab-error.h"
#include "tls/lab-hex.h"
#include "tls/lab-verify-errors.h"

#include <openssl/x509_vfy.h>
#include <stdlib.h>
#include <string.h>

/* The n-th handshake message of that name: as its sender (a peer) sent it (side < 0), or
 * in one side's view, sent or received. */
static const LabEvent *
find_message (LabTrace *trace, int side, const char *name, guint occurrence)
{
  guint seen = 0;

  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      /* as the sender sent it: a peer; the man in the middle's are its own messages */
      if (e->kind == LAB_EVENT_MESSAGE
          && (side < 0 ? e->sent && e->side != LAB_SIDE_ATTACKER : (int) e->side == side)
          && g_str_equal (e->name, name) && ++seen == occurrence)
        return e;
    }
  return NULL;
}

/* The suite the ServerHello names (in that view), which the dissector needs for the key
 * exchange messages. */
static const LabCipherSuite *
negotiated_suite (LabTrace *trace, int side)
{
  const LabEvent *hello = find_message (trace, side, "ServerHello", 1);
  g_autoptr (LabField) tree = hello ? lab_dissect_message (hello->bytes, NULL) : NULL;
  LabField *suite = tree ? lab_field_lookup (tree, "ServerHello.cipher_suite") : NULL;

  return suite && suite->has_number ? lab_cipher_suite_lookup ((guint16) suite->number) : NULL;
}

/* "client." or "server." before a path: that side's view of the message (-1: none). The
 * prefix is taken off path. */
static int
take_view (const char **path)
{
  static const struct
  {
    const char *prefix;
    LabSide side;
  } views[] = {
    { "client.", LAB_SIDE_CLIENT },
    { "server.", LAB_SIDE_SERVER },
  };

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    if (g_str_has_prefix (*path, views[i].prefix))
      {
        *path += strlen (views[i].prefix);
        return (int) views[i].side;
      }
  return -1;
}

/* "ServerHello.cipher_suite" (or "Finished#2.verify_data", or "client.Certificate..." for
 * the Certificate as the client received it) in the run: the message dissected, and the
 * field at the path. */
LabField *
lab_lesson_field_in_run (LabTrace *trace, const char *path, LabField **tree_out)
{
  int side = take_view (&path);
  const char *dot = strchr (path, '.');
  g_autofree char *head = dot ? g_strndup (path, (gsize) (dot - path)) : g_strdup (path);
  guint occurrence;
  g_autofree char *message = lab_lesson_split_occurrence (head, &occurrence);
  const LabEvent *e = occurrence ? find_message (trace, side, message, occurrence) : NULL;
  LabDissectOptions options = { .suite = negotiated_suite (trace, side) };
  g_autofree char *lookup = NULL;

  if (e == NULL)
    return NULL;
  *tree_out = lab_dissect_message (e->bytes, &options);
  lookup = g_strconcat (message, dot ? dot : "", NULL);
  return lab_field_lookup (*tree_out, lookup);
}

static char *
answer_from_field (const char *kind, const char *path, LabTrace *trace)
{
  g_autoptr (LabField) tree = NULL;
  LabField *field = lab_lesson_field_in_run (trace, path, &tree);

  if (field == NULL)
    return NULL;
  if (g_str_equal (kind, "size:"))
    return g_strdup_printf ("%" G_GSIZE_FORMAT, field->length);
  if (g_str_equal (kind, "count:"))
    return g_strdup_printf ("%u", lab_field_n_children (field));
  if (g_str_equal (kind, "hex:"))
    return lab_hex_encode_bytes (lab_field_get_bytes (field));
  return g_strdup (field->value ? field->value : "");
}

static char *
answer_from_outcome (const char *word, LabTrace *trace)
{
  const LabOutcome *o = lab_trace_get_outcome (trace);

  if (g_str_equal (word, "outcome"))
    return g_strdup (lab_result_name (o->result));
  if (g_str_equal (word, "alert"))
    return lab_alert_describe (o->alert); /* never NULL-dereferences an unknown one */
  if (g_str_equal (word, "sent-by"))
    return o->result == LAB_RESULT_ALERT ? g_strdup (lab_side_name (o->sent_by)) : NULL;
  if (g_str_equal (word, "verify-error"))
    {
      const LabVerifyErrorInfo *info
        = o->verify_error ? lab_verify_error_lookup (o->verify_error) : NULL;
      return info ? g_strdup (info->symbol) : NULL;
    }
  if (g_str_equal (word, "suite"))
    {
      const LabCipherSuite *suite = negotiated_suite (trace, -1);
      return suite ? g_strdup (suite->iana_name) : NULL;
    }
  if (g_str_equal (word, "version"))
    return answer_from_field ("field:", "ServerHello.server_version", trace);
  return NULL;
}

/* "master_secret", "server.master_secret", "client.key_block#2": a secret of one side's
 * view (either side by default), the n-th of that name (one per connection). */
static char *
answer_from_secret (const char *spec, LabTrace *trace)
{
  guint occurrence, seen = 0;
  g_autofree char *name = lab_lesson_split_occurrence (spec, &occurrence);
  const char *dot = strchr (name, '.');
  int side = -1;

  if (dot != NULL)
    {
      if (g_str_has_prefix (name, "client."))
        side = LAB_SIDE_CLIENT;
      else if (g_str_has_prefix (name, "server."))
        side = LAB_SIDE_SERVER;
      else
        return NULL;
    }
  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      if (e->kind == LAB_EVENT_SECRET && e->bytes != NULL
          && g_str_equal (e->name, dot ? dot + 1 : name) && (side < 0 || (int) e->side == side)
          && ++seen == occurrence)
        return lab_hex_encode_bytes (e->bytes);
    }
  return NULL;
}

char *
lab_lesson_answer (const LabLesson *lesson, const LabLessonQuestion *q, LabTrace *trace,
                   GError **error)
{
  char *answer = NULL;

  for (guint i = 0; lab_lesson_answer_kinds[i] && answer == NULL; i++)
    if (g_str_has_prefix (q->answer, lab_lesson_answer_kinds[i]))
      {
        const char *arg = q->answer + strlen (lab_lesson_answer_kinds[i]);
        if (g_str_equal (lab_lesson_answer_kinds[i], "text:"))
          answer = g_strdup (arg);
        else if (g_str_equal (lab_lesson_answer_kinds[i], "secret:"))
          answer = answer_from_secret (arg, trace);
        else
          answer = answer_from_field (lab_lesson_answer_kinds[i], arg, trace);
        if (answer == NULL)
          return lab_lesson_error_at (lesson, q->line, LAB_ERROR_FAILED, error,
                                      "'%s' does not exist in this page's run", q->answer),
                 NULL;
        return answer;
      }
  answer = answer_from_outcome (q->answer, trace);
  if (answer == NULL)
    lab_lesson_error_at (lesson, q->line, LAB_ERROR_FAILED, error,
                         "'%s' has no value in this page's run (outcome: %s)", q->answer,
                         lab_result_name (lab_trace_get_outcome (trace)->result));
  return answer;
}

/* Lowercase, without spaces, underscores or hyphens. */
static char *
normalize (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *c = text; *c; c++)
    if (!g_ascii_isspace (*c) && *c != '_' && *c != '-')
      g_string_append_c (out, g_ascii_tolower (*c));
  return g_string_free (out, FALSE);
}

gboolean
lab_lesson_reply_is_right (const char *answer, const char *reply)
{
  g_autofree char *a = normalize (answer);
  g_autofree char *r = normalize (reply);
  const char *open;

  if (*r == '\0')
    return FALSE;
  if (g_str_equal (a, r))
    return TRUE;
  /* "TLS_ECDHE_... (0xc02b)": the name alone, or the number alone, will do */
  if ((open = strrchr (a, '(')) != NULL && g_str_has_suffix (a, ")"))
    {
      g_autofree char *name = g_strndup (a, (gsize) (open - a));
      g_autofree char *number = g_strndup (open + 1, strlen (open + 1) - 1);
      return g_str_equal (name, r) || g_str_equal (number, r);
    }
  return FALSE;
}
