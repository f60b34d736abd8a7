/* fuzz-scenario.c: a scenario file, as an instructor (or a student) writes it. Input:
 * the file's bytes. A file either loads or says what is wrong, naming the file. */
#include "lab-fuzz.h"

#include "engine/scenario/lab-scenario.h"
#include "tls/lab-error.h"

int
lab_fuzz_scenario (const guint8 *data, gsize len)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LabScenario) scenario = lab_scenario_load_data ("fuzz.scenario", (const char *) data,
                                                             len, &error);

  g_assert_true ((scenario == NULL) == (error != NULL));
  if (error != NULL)
    {
      g_assert_error (error, LAB_ERROR, LAB_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, "fuzz.scenario"));
    }
  return 0;
}
