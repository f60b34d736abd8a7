/* Every lesson shipped in lessons/ is inside the binary, uses scenarios that are built in
 * too, asks at least three questions with feedback both ways, and still passes the check
 * that `handshake-lab check` runs: every page's step and field exist in its run and every
 * answer can be computed, with exactly one right choice. */
#include "engine/lesson/lab-lesson.h"
#include "lab-test-util.h"


static void
assert_builtin_scenario (const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LabScenario) scenario = lab_scenario_load_builtin (name, &error);

  if (scenario == NULL)
    g_test_message ("scenario '%s': %s", name, error->message);
  g_assert_no_error (error);
  g_assert_nonnull (scenario);
}

static void
test_shipped_lesson (gconstpointer data)
{
  const char *name = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (LabLesson) lesson = lab_lesson_load_builtin (name, &error);
  guint choice = 0, shorts = 0;

  g_assert_no_error (error);
  g_assert_nonnull (lesson);
  g_assert_cmpstr (lesson->title, !=, "");
  g_assert_nonnull (lesson->summary);
  g_assert_nonnull (lesson->level);

  /* the lesson's scenario and every scenario a page switches to ship inside the binary */
  assert_builtin_scenario (lesson->scenario);
  for (guint i = 0; i < lesson->pages->len; i++)
    {
      const LabLessonPage *page = g_ptr_array_index (lesson->pages, i);
      if (page->scenario != NULL)
        assert_builtin_scenario (page->scenario);
    }

  /* short enough for a projector, long enough to teach */
  g_assert_cmpuint (lesson->pages->len, >=, 4);
  g_assert_cmpuint (lesson->pages->len, <=, 9);
  g_assert_cmpuint (lesson->questions->len, >=, 3);
  for (guint i = 0; i < lesson->questions->len; i++)
    {
      const LabLessonQuestion *q = g_ptr_array_index (lesson->questions, i);

      g_assert_nonnull (q->right);
      g_assert_cmpstr (q->right, !=, "");
      g_assert_nonnull (q->wrong);
      g_assert_cmpstr (q->wrong, !=, "");
      if (q->kind == LAB_QUESTION_CHOICE)
        choice++;
      else
        shorts++;
    }
  /* a mix of multiple choice and short answers */
  g_assert_cmpuint (choice, >=, 1);
  g_assert_cmpuint (shorts, >=, 1);

  if (!lab_lesson_check (lesson, &error))
    g_test_message ("%s", error->message);
  g_assert_no_error (error);
}

static void
test_shipped_lessons_at_least_twelve (void)
{
  g_auto (GStrv) names = lab_lesson_list_builtin ();

  g_assert_nonnull (names);
  g_assert_cmpuint (g_strv_length (names), >=, 12);
}

static void
test_shipped_every_lesson_file_is_built_in (void)
{
  g_auto (GStrv) builtin = lab_lesson_list_builtin ();

  lab_test_assert_every_file_built_in ("lessons", ".lesson", (const char *const *) builtin);
}

int
main (int argc, char **argv)
{
  g_auto (GStrv) names = NULL;

  g_test_init (&argc, &argv, NULL);
  names = lab_lesson_list_builtin ();
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_strdup_printf ("/shipped-lessons/%s", names[i]);
      g_test_add_data_func (path, names[i], test_shipped_lesson);
    }
  g_test_add_func ("/shipped-lessons/at-least-twelve", test_shipped_lessons_at_least_twelve);
  g_test_add_func ("/shipped-lessons/every-file-is-built-in",
                   test_shipped_every_lesson_file_is_built_in);
  return g_test_run ();
}
