/* lab-keylog.c: NSS key log lines, from text files and pcapng Decryption Secrets Blocks. */
#include "lab-keylog.h"
#include "lab-pcapng.h"
#include "engine/io/lab-mapped-file.h"
#include "tls/lab-error.h"
#include "tls/lab-hex.h"

#include <string.h>

/* A key log is a few lines per connection; past this it is not one. */
#define MAX_KEYLOG_FILE (64 * 1024 * 1024)

typedef struct
{
  GBytes *secret;
  char *line;
  guint line_number;
} Entry;

struct _LabKeylog
{
  GHashTable *master_secrets; /* client random -> Entry */
  GHashTable *rsa;            /* encrypted pre-master prefix -> Entry */
};

static void
entry_free (gpointer data)
{
  Entry *e = data;

  g_bytes_unref (e->secret);
  g_free (e->line);
  g_free (e);
}

LabKeylog *
lab_keylog_new (void)
{
  LabKeylog *self = g_new0 (LabKeylog, 1);

  self->master_secrets = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                                (GDestroyNotify) g_bytes_unref, entry_free);
  self->rsa = g_hash_table_new_full (g_bytes_hash, g_bytes_equal, (GDestroyNotify) g_bytes_unref,
                                     entry_free);
  return self;
}

void
lab_keylog_free (LabKeylog *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->master_secrets);
  g_hash_table_unref (self->rsa);
  g_free (self);
}

guint
lab_keylog_size (LabKeylog *self)
{
  return g_hash_table_size (self->master_secrets);
}

static Entry *
lookup (GHashTable *table, GBytes *key)
{
  return key != NULL ? g_hash_table_lookup (table, key) : NULL;
}

GBytes *
lab_keylog_lookup (LabKeylog *self, GBytes *client_random)
{
  Entry *e = lookup (self->master_secrets, client_random);

  return e ? e->secret : NULL;
}

const char *
lab_keylog_lookup_line (LabKeylog *self, GBytes *client_random)
{
  Entry *e = lookup (self->master_secrets, client_random);

  return e ? e->line : NULL;
}

GBytes *
lab_keylog_lookup_rsa (LabKeylog *self, GBytes *encrypted_prefix)
{
  Entry *e = lookup (self->rsa, encrypted_prefix);

  return e ? e->secret : NULL;
}

/* ---- text ---- */

static gboolean
is_label (const char *word)
{
  for (const char *p = word; *p; p++)
    if (!g_ascii_isupper (*p) && !g_ascii_isdigit (*p) && *p != '_')
      return FALSE;
  return *word != '\0';
}

static GBytes *
decode_field (const char *source, guint line, const char *what, const char *text, gsize expected,
              GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (GBytes) value = NULL;

  /* the key log's fields are bare hex; the decoder's separators are not allowed here */
  if (strspn (text, "0123456789abcdefABCDEF") != strlen (text)
      || (value = lab_hex_decode (text, &local)) == NULL)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID, "%s:%u: the %s is not hexadecimal: '%s'",
                   source, line, what, text);
      return NULL;
    }
  if (expected != 0 && g_bytes_get_size (value) != expected)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
                   "%s:%u: the %s is %" G_GSIZE_FORMAT " byte%s, not %" G_GSIZE_FORMAT, source,
                   line, what, g_bytes_get_size (value),
                   g_bytes_get_size (value) == 1 ? "" : "s", expected);
      return NULL;
    }
  return g_steal_pointer (&value);
}

static gboolean
add_entry (GHashTable *table, const char *source, guint line, const char *text, GBytes *key,
           GBytes *secret, GError **error)
{
  Entry *old = g_hash_table_lookup (table, key);
  Entry *e;

  if (old != NULL)
    {
      if (g_bytes_equal (old->secret, secret))
        return TRUE; /* client and server may both log the same line */
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
                   "%s:%u: another secret for the random (or RSA key) of line %u", source, line,
                   old->line_number);
      return FALSE;
    }
  e = g_new0 (Entry, 1);
  e->secret = g_bytes_ref (secret);
  e->line = g_strdup (text);
  e->line_number = line;
  g_hash_table_insert (table, g_bytes_ref (key), e);
  return TRUE;
}

static gboolean
add_line (LabKeylog *self, const char *source, guint number, char *line, GError **error)
{
  g_auto (GStrv) words = NULL;
  g_autoptr (GBytes) first = NULL;
  g_autoptr (GBytes) second = NULL;
  gboolean client_random, rsa;
  guint n = 0;

  g_strstrip (line);
  if (line[0] == '\0' || line[0] == '#')
    return TRUE;
  if (!g_utf8_validate (line, -1, NULL))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
                   "%s:%u: not text: a key log has lines like CLIENT_RANDOM <hex> <hex>", source,
                   number);
      return FALSE;
    }
  words = g_strsplit_set (line, " \t", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      words[n++] = words[i];
    else
      g_free (words[i]);
  words[n] = NULL;
  if (n != 3 || !is_label (words[0]))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
                   "%s:%u: expected LABEL <hex> <hex> (like CLIENT_RANDOM <client random> "
                   "<master secret>), found '%.60s'",
                   source, number, line);
      return FALSE;
    }
  client_random = g_str_equal (words[0], "CLIENT_RANDOM");
  rsa = g_str_equal (words[0], "RSA");
  first = decode_field (source, number, client_random ? "client random" : rsa ? "encrypted "
                        "pre-master secret's first bytes" : "first value", words[1],
                        client_random ? 32 : rsa ? 8 : 0, error);
  if (first == NULL)
    return FALSE;
  second = decode_field (source, number, client_random ? "master secret" : rsa ? "pre-master "
                         "secret" : "second value", words[2], client_random || rsa ? 48 : 0,
                         error);
  if (second == NULL)
    return FALSE;
  if (client_random)
    return add_entry (self->master_secrets, source, number, line, first, second, error);
  if (rsa)
    return add_entry (self->rsa, source, number, line, first, second, error);
  return TRUE; /* TLS 1.3 secrets and labels the lab has no use for */
}

gboolean
lab_keylog_add_text (LabKeylog *self, const char *source, const char *text, gsize len,
                     GError **error)
{
  const char *end = text + len;
  guint number = 0;

  for (const char *p = text; p < end; number++)
    {
      const char *eol = memchr (p, '\n', (gsize) (end - p));
      gsize line_len = (eol ? eol : end) - p;
      g_autofree char *line = NULL;

      if (memchr (p, '\0', line_len) != NULL)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
                       "%s:%u: a NUL byte: this is not a key log text file", source, number + 1);
          return FALSE;
        }
      line = g_strndup (p, line_len);
      if (!add_line (self, source, number + 1, line, error))
        return FALSE;
      p += line_len + 1;
    }
  return TRUE;
}

/* ---- pcapng (draft-ietf-opsawg-pcapng §4.7, the Decryption Secrets Block) ---- */

static gboolean
add_secrets_block (LabKeylog *self, const char *source, const LabPcapngBlock *block,
                   GError **error)
{
  guint32 type, length;
  g_autofree char *where = NULL;

  if (block->body_len < 8)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
                   "%s: byte %" G_GSIZE_FORMAT ": a Decryption Secrets Block too short for its "
                   "secrets type and length", source, block->offset);
      return FALSE;
    }
  type = lab_pcapng_u32 (block, 0);
  length = lab_pcapng_u32 (block, 4);
  if (length > block->body_len - 8)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
                   "%s: byte %" G_GSIZE_FORMAT ": a Decryption Secrets Block claims %u bytes of "
                   "secrets, only %" G_GSIZE_FORMAT " are there", source, block->offset, length,
                   block->body_len - 8);
      return FALSE;
    }
  if (type != LAB_PCAPNG_SECRETS_TLS_KEY_LOG)
    return TRUE; /* WireGuard, SSH and others: not for the lab */
  where = g_strdup_printf ("%s (Decryption Secrets Block at byte %" G_GSIZE_FORMAT ")", source,
                           block->offset);
  return lab_keylog_add_text (self, where, (const char *) block->body + 8, length, error);
}

gboolean
lab_keylog_add_pcapng (LabKeylog *self, const char *source, const guint8 *data, gsize len,
                       GError **error)
{
  LabPcapngWalker walker;
  LabPcapngBlock block;
  GError *local_error = NULL;

  lab_pcapng_walker_init (&walker, data, len);
  while (lab_pcapng_next_block (&walker, source, &block, &local_error))
    if (block.type == LAB_PCAPNG_DECRYPTION_SECRETS
        && !add_secrets_block (self, source, &block, error))
      return FALSE;
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE; /* the end, or not pcapng: nothing (more) to find */
}

gboolean
lab_keylog_load_file (LabKeylog *self, const char *path, GError **error)
{
  g_autoptr (GMappedFile) file = NULL;
  const guint8 *data;
  gsize len;

  /* a key log may be a pcapng capture with Decryption Secrets Blocks, mapped as captures
   * are; a text key log's own limit is checked below */
  if ((file = lab_mapped_file_open (path, "key log", LAB_FILE_ANY_SIZE, error)) == NULL)
    return FALSE;
  data = (const guint8 *) g_mapped_file_get_contents (file);
  len = g_mapped_file_get_length (file);
  if (lab_pcapng_is_pcapng (data, len))
    return lab_keylog_add_pcapng (self, path, data, len, error);
  if (len > MAX_KEYLOG_FILE)
    {
      lab_file_set_too_large (error, path, "key log", len, MAX_KEYLOG_FILE);
      return FALSE;
    }
  return lab_keylog_add_text (self, path, (const char *) data, len, error);
}
