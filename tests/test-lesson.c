/* Lessons: the format reads, its mistakes are named with file:line, pages find their
 * steps and fields in a live run, answers come from the run, replies are judged fairly,
 * and progress survives between runs. */
#include "engine/lesson/lab-lesson.h"
#include "engine/session/lab-session.h"
#include "lab-test-util.h"
#include "tls/lab-error.h"

#include <glib/gstdio.h>
#include <string.h>

static const char good[] =
  "[lesson]\ntitle = Test lesson\nsummary = s\nlevel = beginner\nscenario = default\n\n"
  "[page 1]\ntitle = Hello\nstep = ClientHello\nfield = random\ntext = The **ClientHello**.\n"
  "[page 2]\ntitle = Choice\nstep = ServerHello.cipher_suite\ntext = One suite.\n"
  "[page 10]\ntitle = Expired\nstep = outcome\nset = server.certificate=expired\ntext = Gone.\n"
  "[page 11]\ntitle = Never\nstep = ClientKeyExchange\ntext = Never sent.\n"
  "[question 1]\npage = 1\nask = How long?\nanswer = size:ClientHello.random\n"
  "[question 2]\npage = 2\nkind = choice\nask = Which?\nanswer = field:ServerHello.cipher_suite\n"
  "choices = TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 ; TLS_RSA_WITH_AES_128_CBC_SHA\n"
  "[question 3]\npage = 10\nask = Alert?\nanswer = alert\n"
  "[question 4]\npage = 10\nask = Who?\nanswer = sent-by\n";

static LabLesson *
load (const char *text)
{
  g_autoptr (GError) error = NULL;
  LabLesson *lesson = lab_lesson_load_data ("test.lesson", text, strlen (text), &error);

  g_assert_no_error (error);
  return lesson;
}

static LabTrace *
run_page (LabLesson *lesson, guint page, GPtrArray **steps)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LabScenario) scenario = lab_lesson_page_scenario (lesson, page, &error);
  LabTrace *trace;

  g_assert_no_error (error);
  trace = lab_test_run (scenario, 0, FALSE);
  *steps = lab_steps_from_trace (trace);
  return trace;
}

static void
test_lesson_reads (void)
{
  g_autoptr (LabLesson) lesson = load (good);
  const LabLessonPage *page;

  g_assert_cmpstr (lesson->title, ==, "Test lesson");
  g_assert_cmpstr (lesson->id, ==, "test");
  g_assert_cmpuint (lesson->pages->len, ==, 4);
  g_assert_cmpuint (lesson->questions->len, ==, 4);
  page = g_ptr_array_index (lesson->pages, 1);
  /* "ServerHello.cipher_suite" is a step and a field */
  g_assert_cmpstr (page->step, ==, "ServerHello");
  g_assert_cmpstr (page->field, ==, "cipher_suite");
  /* [page 10] is the third page: questions point at it by its number */
  g_assert_cmpuint (((LabLessonQuestion *) g_ptr_array_index (lesson->questions, 2))->page, ==, 2);
}

static void
test_lesson_pages_find_steps_and_answers (void)
{
  g_autoptr (LabLesson) lesson = load (good);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) steps = NULL, steps3 = NULL;
  g_autoptr (LabTrace) trace = run_page (lesson, 0, &steps);
  g_autoptr (LabTrace) expired = run_page (lesson, 2, &steps3);
  g_autofree char *size = NULL, *suite = NULL, *alert = NULL, *who = NULL;
  int step;

  step = lab_lesson_page_step (lesson, 0, trace, steps, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((LabStep *) g_ptr_array_index (steps, step))->title, ==, "ClientHello");
  step = lab_lesson_page_step (lesson, 1, trace, steps, &error);
  g_assert_cmpstr (((LabStep *) g_ptr_array_index (steps, step))->title, ==, "ServerHello");

  size = lab_lesson_answer (lesson, g_ptr_array_index (lesson->questions, 0), trace, &error);
  g_assert_cmpstr (size, ==, "32");
  suite = lab_lesson_answer (lesson, g_ptr_array_index (lesson->questions, 1), trace, &error);
  g_assert_true (g_str_has_prefix (suite, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"));

  /* the page's switch turned the certificate expired */
  g_assert_cmpint (lab_trace_get_outcome (expired)->result, ==, LAB_RESULT_ALERT);
  alert = lab_lesson_answer (lesson, g_ptr_array_index (lesson->questions, 2), expired, &error);
  who = lab_lesson_answer (lesson, g_ptr_array_index (lesson->questions, 3), expired, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (alert, ==, "certificate_expired");
  g_assert_cmpstr (who, ==, "client");

  /* a page may point at a step that never happened in its run */
  step = lab_lesson_page_step (lesson, 3, expired, steps3, &error);
  g_assert_no_error (error);
  g_assert_true (((LabStep *) g_ptr_array_index (steps3, step))->never_happened);

  g_assert_true (lab_lesson_check (lesson, &error));
  g_assert_no_error (error);
}

/* "client." or "server." before a path reads the message as that side saw it. Against
 * a man in the middle they differ: the real server sent its own certificate, the client
 * received the attacker's; without a prefix a path means the message as sent. */
static const char views[] =
  "[lesson]\ntitle = Views\nscenario = man-in-the-middle-no-verify\n"
  "[page 1]\ntitle = Certificates\nstep = Certificate\ntext = Whose?\n"
  "[question 1]\npage = 1\nask = Sent?\n"
  "answer = field:Certificate.certificate_list.certificate.tbs_certificate.issuer\n"
  "[question 2]\npage = 1\nask = Received?\n"
  "answer = field:client.Certificate.certificate_list.certificate.tbs_certificate.issuer\n"
  "[question 3]\npage = 1\nask = The server's view?\n"
  "answer = field:server.Certificate.certificate_list.certificate.tbs_certificate.issuer\n"
  "[question 4]\npage = 1\nask = The random the server got?\nanswer = hex:server.ClientHello.random\n"
  "[question 5]\npage = 1\nask = The random the client sent?\nanswer = hex:client.ClientHello.random\n"
  "[question 6]\npage = 1\nask = Nothing?\nanswer = field:client.Nothing.at_all\n";

static void
test_lesson_answers_read_either_view (void)
{
  g_autoptr (LabLesson) lesson = load (views);
  g_autoptr (GPtrArray) steps = NULL;
  g_autoptr (LabTrace) trace = run_page (lesson, 0, &steps);
  g_autoptr (GError) error = NULL;
  char *answers[5];

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      answers[i] = lab_lesson_answer (lesson, g_ptr_array_index (lesson->questions, i), trace,
                                      &error);
      g_assert_no_error (error);
    }
  lab_test_assert_contains (answers[0], "Handshake Lab Intermediate CA");
  lab_test_assert_contains (answers[1], "Mallory Intermediate CA");
  g_assert_cmpstr (answers[2], ==, answers[0]);
  /* the attacker made its own ClientHello for the server, with its own random */
  g_assert_cmpuint (strlen (answers[3]), ==, 64);
  g_assert_cmpstr (answers[3], !=, answers[4]);
  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    g_free (answers[i]);

  g_assert_null (lab_lesson_answer (lesson, g_ptr_array_index (lesson->questions, 5), trace,
                                    &error));
  g_assert_error (error, LAB_ERROR, LAB_ERROR_FAILED);
  lab_test_assert_contains (error->message, "test.lesson:");
  lab_test_assert_contains (error->message, "'field:client.Nothing.at_all' does not exist");
}

/* Against a man in the middle each message is on the ladder twice, once on each of its
 * connections: "client." or "server." before a step's name picks the step at that side,
 * and before a step with a field, the field as that side saw it. */
static const char sides[] =
  "[lesson]\ntitle = Sides\nscenario = man-in-the-middle-no-verify\n"
  "[page 1]\ntitle = First\nstep = Certificate\ntext = The server's, to Mallory.\n"
  "[page 2]\ntitle = Client's\nstep = client.Certificate\ntext = Mallory's, to the client.\n"
  "[page 3]\ntitle = Server's\nstep = server.ClientHello.random\ntext = Mallory's, to the "
  "server.\n";

static void
test_lesson_steps_at_either_side (void)
{
  g_autoptr (LabLesson) lesson = load (sides);
  g_autoptr (GPtrArray) steps = NULL;
  g_autoptr (LabTrace) trace = run_page (lesson, 0, &steps);
  g_autoptr (GError) error = NULL;
  const LabStep *first, *client, *server;

  first = g_ptr_array_index (steps, lab_lesson_page_step (lesson, 0, trace, steps, &error));
  g_assert_no_error (error);
  client = g_ptr_array_index (steps, lab_lesson_page_step (lesson, 1, trace, steps, &error));
  g_assert_no_error (error);
  server = g_ptr_array_index (steps, lab_lesson_page_step (lesson, 2, trace, steps, &error));
  g_assert_no_error (error);
  g_assert_cmpint (first->from, ==, LAB_SIDE_SERVER);
  g_assert_cmpint (first->to, ==, LAB_SIDE_ATTACKER);
  g_assert_cmpint (client->from, ==, LAB_SIDE_ATTACKER);
  g_assert_cmpint (client->to, ==, LAB_SIDE_CLIENT);
  g_assert_cmpstr (server->title, ==, "ClientHello");
  g_assert_cmpint (server->to, ==, LAB_SIDE_SERVER);
  g_assert_cmpstr (lab_lesson_page_field (lesson, 2), ==, "random");
  g_assert_true (lab_lesson_check (lesson, &error));
  g_assert_no_error (error);
}

static void
test_lesson_replies (void)
{
  const char *suite = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 (0xc02b)";

  g_assert_true (lab_lesson_reply_is_right (suite, suite));
  g_assert_true (lab_lesson_reply_is_right (suite, "tls_ecdhe_ecdsa_with_aes_128_gcm_sha256"));
  g_assert_true (lab_lesson_reply_is_right (suite, "0xC02B"));
  g_assert_true (lab_lesson_reply_is_right (suite, "TLS ECDHE ECDSA WITH AES 128 GCM SHA256"));
  g_assert_false (lab_lesson_reply_is_right (suite, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
  g_assert_true (lab_lesson_reply_is_right ("32", " 32 "));
  g_assert_false (lab_lesson_reply_is_right ("32", "28"));
  g_assert_false (lab_lesson_reply_is_right ("32", ""));
  g_assert_true (lab_lesson_reply_is_right ("certificate_expired", "certificate expired"));
}

typedef struct
{
  const char *name;
  const char *text;
  const char *message;
} BadLesson;

#define HEAD "[lesson]\ntitle = t\nscenario = default\n[page 1]\ntitle = p\nstep = ClientHello\ntext = x\n"

static const BadLesson bad_lessons[] = {
  { "no-lesson-group", "[page 1]\ntitle = p\n",
    "bad.lesson:1: a lesson needs a [lesson] group with a title and a scenario" },
  { "no-scenario", "[lesson]\ntitle = t\n[page 1]\ntitle = p\nstep = s\ntext = x\n",
    "bad.lesson:1: [lesson] needs a scenario" },
  { "no-pages", "[lesson]\ntitle = t\nscenario = default\n",
    "bad.lesson:1: a lesson needs at least one [page N]" },
  { "unknown-key", HEAD "colour = red\n",
    "bad.lesson:8: unknown key 'colour' in [page 1]; known keys: title, step, field, text, set, "
    "scenario" },
  { "unknown-group", HEAD "[quiz 1]\nask = ?\n",
    "bad.lesson:8: unknown group [quiz 1]; expected [lesson], [page N] or [question N]" },
  { "bad-level", "[lesson]\ntitle = t\nscenario = default\nlevel = expert\n[page 1]\ntitle = p\n"
                 "step = s\ntext = x\n",
    "bad.lesson:4: 'expert' is not a level; expected beginner, intermediate or advanced" },
  { "page-without-text", "[lesson]\ntitle = t\nscenario = default\n[page 1]\ntitle = p\nstep = s\n",
    "bad.lesson:4: [page 1] needs a text" },
  { "bad-set", HEAD "set = certificate expired\n",
    "bad.lesson:8: 'certificate expired' is not a switch; write group.key=value, such as "
    "server.certificate=expired" },
  { "question-for-no-page", HEAD "[question 1]\npage = 4\nask = ?\nanswer = alert\n",
    "bad.lesson:9: there is no [page 4] for this question" },
  { "bad-answer", HEAD "[question 1]\npage = 1\nask = ?\nanswer = the suite\n",
    "bad.lesson:11: 'the suite' is not an answer the lab can compute; expected field:PATH, "
    "size:PATH, count:PATH, hex:PATH, secret:NAME, text:WORDS, alert, sent-by, outcome, suite, "
    "version or verify-error" },
  { "bad-kind", HEAD "[question 1]\npage = 1\nask = ?\nkind = essay\nanswer = alert\n",
    "bad.lesson:11: 'essay' is not a kind of question; expected choice or short" },
  { "choice-without-choices", HEAD "[question 1]\npage = 1\nask = ?\nkind = choice\nanswer = alert\n",
    "bad.lesson:8: a choice question needs at least two choices, separated by ';'" },
};

static void
test_lesson_bad_file (gconstpointer data)
{
  const BadLesson *bad = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (LabLesson) lesson = lab_lesson_load_data ("bad.lesson", bad->text,
                                                       strlen (bad->text), &error);

  g_assert_null (lesson);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, bad->message);
}

static void
test_lesson_check_names_the_line (void)
{
  static const struct
  {
    const char *text;
    const char *message;
  } cases[] = {
    { HEAD "[page 2]\ntitle = q\nstep = Nonsense\ntext = x\n",
      "bad.lesson:8: step 'Nonsense' does not happen in this page's run" },
    { HEAD "[page 2]\ntitle = q\nstep = ServerHello\nfield = colour\ntext = x\n",
      "bad.lesson:8: the ServerHello has no field 'colour'" },
    { HEAD "[page 2]\ntitle = q\nstep = outcome\nset = server.colour=red\ntext = x\n",
      "bad.lesson:8: set server.colour: no setting [server] colour" },
    { HEAD "[question 1]\npage = 1\nask = ?\nanswer = alert\n",
      "bad.lesson:8: 'alert' has no value in this page's run (outcome: success)" },
    { HEAD "[question 1]\npage = 1\nask = ?\nkind = choice\nanswer = size:ClientHello.random\n"
           "choices = 28 ; 48\n",
      "bad.lesson:8: none of the choices matches the answer from the run ('32'); exactly one must" },
    { "[lesson]\ntitle = t\nscenario = no-such\n[page 1]\ntitle = p\nstep = s\ntext = x\n",
      "bad.lesson:4: scenario 'no-such': no built-in scenario named 'no-such'" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (LabLesson) lesson = load (cases[i].text);
      g_free (lesson->source);
      lesson->source = g_strdup ("bad.lesson");
      g_assert_false (lab_lesson_check (lesson, &error));
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

static void
test_lesson_progress_persists (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lab-progress-XXXXXX", NULL);
  g_autoptr (GError) error = NULL;

  g_setenv ("XDG_DATA_HOME", dir, TRUE);
  g_assert_cmpuint (lab_lesson_progress_page ("handshake-at-a-glance"), ==, 0);
  g_assert_true (lab_lesson_progress_save ("handshake-at-a-glance", 3, 1, &error));
  g_assert_true (lab_lesson_progress_save ("handshake-at-a-glance", 4, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lab_lesson_progress_page ("handshake-at-a-glance"), ==, 4);
  g_assert_true (lab_lesson_progress_answered ("handshake-at-a-glance", 1));
  g_assert_false (lab_lesson_progress_answered ("handshake-at-a-glance", 0));
  g_assert_cmpuint (lab_lesson_progress_page ("another"), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/lesson/reads", test_lesson_reads);
  g_test_add_func ("/lesson/pages-find-steps-and-answers", test_lesson_pages_find_steps_and_answers);
  g_test_add_func ("/lesson/answers-read-either-view", test_lesson_answers_read_either_view);
  g_test_add_func ("/lesson/steps-at-either-side", test_lesson_steps_at_either_side);
  g_test_add_func ("/lesson/replies", test_lesson_replies);
  for (gsize i = 0; i < G_N_ELEMENTS (bad_lessons); i++)
    {
      g_autofree char *path = g_strdup_printf ("/lesson/bad/%s", bad_lessons[i].name);
      g_test_add_data_func (path, &bad_lessons[i], test_lesson_bad_file);
    }
  g_test_add_func ("/lesson/check-names-the-line", test_lesson_check_names_the_line);
  g_test_add_func ("/lesson/progress-persists", test_lesson_progress_persists);
  return g_test_run ();
}
