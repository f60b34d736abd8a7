/* lab-key-schedule.c: master secret, key block, verify_data and transcript hash of
 * TLS 1.2 (RFC 5246 §6.3, §7.4.9, §8.1; RFC 7627 §4), each with its formula. */
#include "lab-key-schedule.h"

#include "lab-crypto-autoptr.h"
#include "lab-error.h"
#include "lab-algorithm-cache.h"
#include "lab-reader.h"

#include <openssl/err.h>

LabSecret *
lab_secret_new (const char *name, GBytes *value, char *formula)
{
  LabSecret *secret = g_new0 (LabSecret, 1);

  secret->name = g_strdup (name);
  secret->value = g_bytes_ref (value);
  secret->formula = formula;
  return secret;
}

void
lab_secret_free (LabSecret *secret)
{
  if (secret == NULL)
    return;
  g_free (secret->name);
  g_clear_pointer (&secret->value, g_bytes_unref);
  g_free (secret->formula);
  g_clear_pointer (&secret->rounds, g_ptr_array_unref);
  g_clear_pointer (&secret->hkdf_label, g_bytes_unref);
  g_free (secret);
}

gsize
lab_prf_hash_length (LabPrfHash hash)
{
  return hash == LAB_HASH_SHA384 ? 48 : 32;
}

/* Inputs come from users and from the wire: a wrong length is an error that names the
 * input, never a silently different key. */
static gboolean
check_length (const char *what, GBytes *bytes, gsize expected, GError **error)
{
  gsize len = g_bytes_get_size (bytes);

  if (len == expected)
    return TRUE;
  g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
               "%s is %" G_GSIZE_FORMAT " byte%s; it must be %" G_GSIZE_FORMAT, what, len,
               len == 1 ? "" : "s", expected);
  return FALSE;
}

static gboolean
check_not_empty (const char *what, GBytes *bytes, GError **error)
{
  if (g_bytes_get_size (bytes) > 0)
    return TRUE;
  g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID, "%s is empty", what);
  return FALSE;
}

static GBytes *
concat (GBytes *first, GBytes *second)
{
  GByteArray *both = g_byte_array_new ();
  gsize len;
  const guint8 *data = g_bytes_get_data (first, &len);

  g_byte_array_append (both, data, len);
  data = g_bytes_get_data (second, &len);
  g_byte_array_append (both, data, len);
  return g_byte_array_free_to_bytes (both);
}

/* One PRF call made into a named secret that keeps its formula and HMAC chain. */
static LabSecret *
prf_secret (const char *name, LabPrfHash hash, GBytes *secret, const char *secret_name,
            const char *label, GBytes *seed, const char *seed_text, gsize length,
            GError **error)
{
  g_autoptr (GPtrArray) rounds = NULL;
  g_autoptr (GBytes) value = lab_prf (lab_prf_hash_name (hash), secret, label, seed, length,
                                      &rounds, error);
  LabSecret *result;

  if (value == NULL)
    return NULL;
  result = lab_secret_new (name, value,
                           lab_prf_formula (secret_name, label, seed_text, length));
  result->rounds = g_steal_pointer (&rounds);
  return result;
}

LabSecret *
lab_master_secret (LabPrfHash hash, GBytes *pre_master_secret, GBytes *client_random,
                   GBytes *server_random, GError **error)
{
  g_autoptr (GBytes) seed = NULL;

  if (!check_not_empty ("pre_master_secret", pre_master_secret, error)
      || !check_length ("client_random", client_random, LAB_RANDOM_LENGTH, error)
      || !check_length ("server_random", server_random, LAB_RANDOM_LENGTH, error))
    return NULL;
  seed = concat (client_random, server_random);
  return prf_secret ("master_secret", hash, pre_master_secret, "pre_master_secret",
                     "master secret", seed, "client_random || server_random",
                     LAB_MASTER_SECRET_LENGTH, error);
}

LabSecret *
lab_extended_master_secret (LabPrfHash hash, GBytes *pre_master_secret, GBytes *session_hash,
                            GError **error)
{
  if (!check_not_empty ("pre_master_secret", pre_master_secret, error)
      || !check_length ("session_hash", session_hash, lab_prf_hash_length (hash), error))
    return NULL;
  return prf_secret ("master_secret", hash, pre_master_secret, "pre_master_secret",
                     "extended master secret", session_hash, "session_hash",
                     LAB_MASTER_SECRET_LENGTH, error);
}

/* ---- key block ---- */

static const char *const part_names[LAB_KEY_N_PARTS] = {
  [LAB_KEY_CLIENT_WRITE_MAC_KEY] = "client_write_mac_key",
  [LAB_KEY_SERVER_WRITE_MAC_KEY] = "server_write_mac_key",
  [LAB_KEY_CLIENT_WRITE_KEY] = "client_write_key",
  [LAB_KEY_SERVER_WRITE_KEY] = "server_write_key",
  [LAB_KEY_CLIENT_WRITE_IV] = "client_write_iv",
  [LAB_KEY_SERVER_WRITE_IV] = "server_write_iv",
};

/* Parts come in client/server pairs: MAC keys, keys, IVs. */
static gsize
part_length (const LabCipherSuite *suite, LabKeyPart part)
{
  const gsize lengths[] = { suite->mac_key_length, suite->key_length, suite->fixed_iv_length };

  return lengths[part / 2];
}

/* Only two kinds of part are ever empty, and a student should see why. */
static char *
empty_part_formula (LabKeyPart part)
{
  if (part <= LAB_KEY_SERVER_WRITE_MAC_KEY)
    return g_strdup ("none: the AEAD cipher authenticates each record, so there is no MAC key");
  return g_strdup ("none: TLS 1.2 CBC sends a fresh IV in every record (RFC 5246 §6.3)");
}

void
lab_key_block_free (LabKeyBlock *key_block)
{
  if (key_block == NULL)
    return;
  lab_secret_free (key_block->key_block);
  for (guint i = 0; i < LAB_KEY_N_PARTS; i++)
    lab_secret_free (key_block->parts[i]);
  g_free (key_block);
}

static void
split_key_block (LabKeyBlock *key_block)
{
  GBytes *all = key_block->key_block->value;
  gsize offset = 0;

  for (LabKeyPart part = 0; part < LAB_KEY_N_PARTS; part++)
    {
      gsize len = part_length (key_block->suite, part);
      g_autoptr (GBytes) slice = g_bytes_new_from_bytes (all, offset, len);
      char *formula = len > 0 ? g_strdup_printf ("key_block[%" G_GSIZE_FORMAT
                                                 "..%" G_GSIZE_FORMAT "]",
                                                 offset, offset + len - 1)
                              : empty_part_formula (part);

      key_block->parts[part] = lab_secret_new (part_names[part], slice, formula);
      offset += len;
    }
}

LabKeyBlock *
lab_key_block_derive (const LabCipherSuite *suite, GBytes *master_secret,
                      GBytes *client_random, GBytes *server_random, GError **error)
{
  g_autoptr (LabKeyBlock) key_block = NULL;
  g_autoptr (GBytes) seed = NULL;

  if (!check_length ("master_secret", master_secret, LAB_MASTER_SECRET_LENGTH, error)
      || !check_length ("client_random", client_random, LAB_RANDOM_LENGTH, error)
      || !check_length ("server_random", server_random, LAB_RANDOM_LENGTH, error))
    return NULL;

  key_block = g_new0 (LabKeyBlock, 1);
  key_block->suite = suite;
  /* The server's random comes first here, the other way round from the master secret. */
  seed = concat (server_random, client_random);
  key_block->key_block = prf_secret ("key_block", suite->prf_hash, master_secret,
                                     "master_secret", "key expansion", seed,
                                     "server_random || client_random",
                                     lab_cipher_suite_key_block_length (suite), error);
  if (key_block->key_block == NULL)
    return NULL;
  split_key_block (key_block);
  return g_steal_pointer (&key_block);
}

/* ---- Finished ---- */

LabSecret *
lab_verify_data (LabPrfHash hash, LabFinishedSender sender, GBytes *master_secret,
                 GBytes *handshake_hash, GError **error)
{
  gboolean client = sender == LAB_FINISHED_CLIENT;
  g_autofree char *seed_text = g_strdup_printf ("%s(handshake_messages)",
                                                lab_prf_hash_name (hash));

  if (!check_length ("master_secret", master_secret, LAB_MASTER_SECRET_LENGTH, error)
      || !check_length ("handshake_hash", handshake_hash, lab_prf_hash_length (hash), error))
    return NULL;
  return prf_secret (client ? "client_verify_data" : "server_verify_data", hash,
                     master_secret, "master_secret",
                     client ? "client finished" : "server finished", handshake_hash,
                     seed_text, LAB_VERIFY_DATA_LENGTH, error);
}

/* ---- transcript hash ---- */

/* "ClientHello || ServerHello || ...", read from the messages' own headers, so the
 * formula says what was hashed rather than what should have been. */
static char *
describe_transcript (GBytes *transcript)
{
  g_autoptr (GString) names = g_string_new (NULL);
  gsize len;
  const guint8 *data = g_bytes_get_data (transcript, &len);
  LabReader reader;

  lab_reader_init (&reader, data, len);
  while (!lab_reader_at_end (&reader))
    {
      gsize start = lab_reader_offset (&reader);
      guint8 type;
      guint32 body_len;
      const LabHandshakeTypeInfo *info;

      if (names->len > 0)
        g_string_append (names, " || ");
      if (!lab_reader_u8 (&reader, &type) || !lab_reader_u24 (&reader, &body_len)
          || !lab_reader_skip (&reader, body_len))
        {
          g_string_append_printf (names, "%" G_GSIZE_FORMAT " bytes that are not a whole "
                                  "handshake message",
                                  len - start);
          break;
        }
      info = lab_handshake_type_lookup (type);
      if (info != NULL)
        g_string_append (names, info->name);
      else
        g_string_append_printf (names, "handshake message type %u", type);
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

LabSecret *
lab_transcript_hash (LabPrfHash hash, GBytes *transcript, GError **error)
{
  const char *digest_name = lab_prf_hash_name (hash);
  g_autoptr (EVP_MD) md = NULL;
  g_autofree char *messages = describe_transcript (transcript);
  guint8 out[EVP_MAX_MD_SIZE];
  unsigned int out_len = 0;
  gsize len;
  const guint8 *data = g_bytes_get_data (transcript, &len);
  g_autoptr (GBytes) value = NULL;

  ERR_clear_error ();
  md = lab_fetch_md (digest_name);
  if (md == NULL || !EVP_Digest (len > 0 ? data : out, len, out, &out_len, md, NULL))
    {
      lab_set_error_from_openssl (error, "hashing the handshake messages");
      return NULL;
    }
  value = g_bytes_new (out, out_len);
  return lab_secret_new ("handshake_hash", value,
                         g_strdup_printf ("%s(%s)", digest_name, messages));
}
