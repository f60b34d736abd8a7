/* lab-fuzz-main.c: the libFuzzer side of one target, compiled once per target with
 * -DLAB_FUZZ_ENTRY=lab_fuzz_NAME (tests/fuzz/meson.build). */
#include "lab-fuzz.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* GLib 2.74's g_key_file_get_string sets its GError twice for a value with an invalid
 * escape followed by a backslash at the end of the line ("title = \\q \\"): GLib's
 * bug, harmless (the value is refused), and not the lab's to fix. */
static gboolean
is_glib_keyfile_bug (const char *domain, const char *message)
{
  return g_strcmp0 (domain, "GLib") == 0 && strstr (message, "GError set over the top") != NULL
         && strstr (message, "escape character at end of line") != NULL;
}

/* A GLib critical or warning is a broken promise too. GLib's own fatal path ends in a
 * breakpoint trap, which libFuzzer does not catch; abort () is a crash it keeps. */
static void
abort_on_warning (const char *domain, GLogLevelFlags level, const char *message,
                  gpointer user_data)
{
  g_log_default_handler (domain, level, message, user_data);
  if ((level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
      && !is_glib_keyfile_bug (domain, message))
    {
      fflush (stderr);
      abort ();
    }
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_log_set_default_handler (abort_on_warning, NULL);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  return LAB_FUZZ_ENTRY (data, size);
}
