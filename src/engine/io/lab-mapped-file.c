/* lab-mapped-file.c: see lab-mapped-file.h. */
#include "lab-mapped-file.h"
#include "tls/lab-error.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

const char *
lab_file_kind_name (mode_t mode)
{
  if (S_ISDIR (mode))
    return "a directory";
  if (S_ISFIFO (mode))
    return "a FIFO";
  if (S_ISCHR (mode))
    return "a character device";
  if (S_ISBLK (mode))
    return "a block device";
  if (S_ISSOCK (mode))
    return "a socket";
  return "not a plain file";
}

void
lab_file_set_too_large (GError **error, const char *path, const char *what, guint64 size,
                        gsize max_size)
{
  g_autofree char *limit = max_size % (1024 * 1024) == 0
                             ? g_strdup_printf ("%" G_GSIZE_FORMAT " MiB", max_size / (1024 * 1024))
                             : g_strdup_printf ("%" G_GSIZE_FORMAT " bytes", max_size);

  g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
               "%s: too large for a %s (%" G_GUINT64_FORMAT " bytes; at most %s)", path, what, size,
               limit);
}

/* Opens path and checks what it is; -1 with the error set. O_NONBLOCK: opening a FIFO
 * must not wait for a writer before it can be refused. */
static int
open_checked (const char *path, const char *what, gsize max_size, struct stat *st, GError **error)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  int saved;

  if (fd < 0)
    {
      g_autofree char *name = g_filename_display_name (path);

      saved = errno;
      g_set_error (error, LAB_ERROR, LAB_ERROR_NOT_FOUND, "Failed to open file “%s”: %s", name,
                   g_strerror (saved));
      return -1;
    }
  if (fstat (fd, st) != 0)
    {
      saved = errno;
      close (fd);
      g_set_error (error, LAB_ERROR, LAB_ERROR_IO, "%s: %s", path, g_strerror (saved));
      return -1;
    }
  if (S_ISDIR (st->st_mode))
    g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID, "%s: is a directory, not a %s file", path,
                 what);
  else if (!S_ISREG (st->st_mode))
    g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
                 "%s: not a regular file (%s); a %s is read only from a regular file", path,
                 lab_file_kind_name (st->st_mode), what);
  else if ((guint64) st->st_size > max_size)
    lab_file_set_too_large (error, path, what, (guint64) st->st_size, max_size);
  else
    return fd;
  close (fd);
  return -1;
}

GBytes *
lab_file_read (const char *path, const char *what, gsize max_size, GError **error)
{
  struct stat st;
  int fd = open_checked (path, what, max_size, &st, error);
  g_autoptr (GByteArray) data = NULL;

  if (fd < 0)
    return NULL;
  /* the size is a hint: the file may grow while it is read, never past max_size */
  data = g_byte_array_sized_new ((guint) MIN ((guint64) st.st_size + 1, (guint64) G_MAXUINT));
  for (;;)
    {
      guint8 chunk[65536];
      ssize_t n = read (fd, chunk, sizeof chunk);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          close (fd);
          g_set_error (error, LAB_ERROR, LAB_ERROR_IO, "%s: %s", path, g_strerror (saved));
          return NULL;
        }
      if (n == 0)
        break;
      if ((gsize) n > max_size - data->len)
        {
          close (fd);
          lab_file_set_too_large (error, path, what, (guint64) data->len + (guint64) n, max_size);
          return NULL;
        }
      g_byte_array_append (data, chunk, (guint) n);
    }
  close (fd);
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

GMappedFile *
lab_mapped_file_open (const char *path, const char *what, gsize max_size, GError **error)
{
  struct stat st;
  int fd = open_checked (path, what, max_size, &st, error);
  g_autoptr (GError) local = NULL;
  GMappedFile *file;

  if (fd < 0)
    return NULL;
  file = g_mapped_file_new_from_fd (fd, FALSE, &local);
  close (fd);
  if (file == NULL)
    g_set_error (error, LAB_ERROR, LAB_ERROR_IO, "%s: %s", path, local->message);
  return file;
}
