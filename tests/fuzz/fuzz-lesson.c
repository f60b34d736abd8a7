/* fuzz-lesson.c: a lesson file. Input: the file's bytes. A file either loads or says
 * what is wrong, naming the file. Nothing is run: a lesson's scenarios load later. */
#include "lab-fuzz.h"

#include "engine/lesson/lab-lesson.h"
#include "tls/lab-error.h"

int
lab_fuzz_lesson (const guint8 *data, gsize len)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LabLesson) lesson = lab_lesson_load_data ("fuzz.lesson", (const char *) data, len,
                                                       &error);

  g_assert_true ((lesson == NULL) == (error != NULL));
  if (error != NULL)
    {
      g_assert_error (error, LAB_ERROR, LAB_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, "fuzz.lesson"));
    }
  return 0;
}
