/* lab-dissect-record.c: records and what they carry (RFC 5246 §6.2), and the public
 * entry points of the dissector. */
#include "lab-dissect-private.h"

/* RFC 5246 §6.2.1: a record may carry at most 2^14 bytes of plaintext; protection may
 * add up to 2048 more (§6.2.3). */
#define MAX_FRAGMENT (16384 + 2048)

/* RFC 5246 §7.1: struct { enum { change_cipher_spec(1), (255) } type; } ChangeCipherSpec; */
static gboolean
read_change_cipher_spec (LabDissector *d, LabReader *r, LabField *record)
{
  LabField *ccs = lab_dissect_node (d, record, LAB_F_CHANGE_CIPHER_SPEC, lab_reader_offset (r), 0);
  LabField *type = lab_dissect_uint (d, r, ccs, LAB_F_CCS_TYPE, 1, NULL);

  lab_dissect_end (ccs, r);
  if (type == NULL)
    return FALSE;
  if (type->number == 1)
    lab_field_set_value (type, "change_cipher_spec (1)");
  else
    lab_field_set_value (type, "%" G_GUINT64_FORMAT " — not allowed: the only type is 1",
                         type->number);
  return TRUE;
}

/* RFC 5246 §7.2: struct { AlertLevel level; AlertDescription description; } Alert; */
static gboolean
read_alerts (LabDissector *d, LabReader *r, LabField *record)
{
  do
    {
      LabField *alert = lab_dissect_node (d, record, LAB_F_ALERT, lab_reader_offset (r), 0);
      LabField *level
          = lab_dissect_uint (d, r, alert, LAB_F_ALERT_LEVEL, 1, lab_dissect_format_alert_level);
      LabField *description = level ? lab_dissect_uint (d, r, alert, LAB_F_ALERT_DESCRIPTION, 1,
                                                        lab_dissect_format_alert_description)
                                    : NULL;

      lab_dissect_end (alert, r);
      if (description == NULL)
        return FALSE;
      {
        g_autofree char *name = lab_alert_describe ((int) description->number);

        lab_field_set_value (alert, "%s %s", lab_alert_level_name (level->number), name);
      }
    }
  while (!lab_reader_at_end (r));
  return TRUE;
}

/* RFC 5246 §7.4: handshake messages may share a record and may span records. */
static gboolean
read_handshake_fragment (LabDissector *d, LabReader *r, LabField *record)
{
  gsize continuation = d->options.continuation;

  if (continuation > 0
      && lab_dissect_opaque (d, r, record, LAB_F_CONTINUATION, continuation) == NULL)
    return FALSE;
  if (continuation == 0 && lab_reader_at_end (r))
    return lab_dissect_fail (d, r, record,
                             "An empty handshake record: RFC 5246 §6.2.1 forbids them.");
  while (!lab_reader_at_end (r))
    {
      gboolean go_on;

      lab_dissect_handshake_message (d, r, record, &go_on);
      if (!go_on)
        return FALSE;
    }
  return TRUE;
}

/* RFC 5246 §10: application data is opaque to the record layer. */
static gboolean
read_application_data (LabDissector *d, LabReader *r, LabField *record)
{
  return lab_dissect_rest (d, r, record, LAB_F_APPLICATION_DATA) != NULL;
}

/* RFC 6520 §4 heartbeat messages, and any content the lab does not look into. */
static gboolean
read_fragment (LabDissector *d, LabReader *r, LabField *record)
{
  return lab_dissect_rest (d, r, record, LAB_F_FRAGMENT) != NULL;
}

static gboolean
read_unknown_content (LabDissector *d, LabReader *r, LabField *record)
{
  return lab_dissect_fail (d, r, record,
                           "Unknown content type: the lab cannot tell what this fragment holds.");
}

/* Where the parts of a protected fragment are and how long the fixed ones are. */
typedef struct
{
  LabFieldId iv_id, body_id, tag_id;
  gsize iv, tag, block; /* block: the ciphertext is whole blocks of this size (0: any) */
} Layout;

/* When the input was cut short, the parts still sit where the record's length puts
 * them: the error goes to the first part the cut left incomplete. */
static gboolean
split_protected (LabDissector *d, LabReader *r, LabField *record, const Layout *layout)
{
  gsize total = lab_reader_remaining (r) + d->missing;
  gsize minimum = layout->iv + layout->tag + layout->block;
  gsize body = total >= layout->iv + layout->tag ? total - layout->iv - layout->tag : 0;

  if (total < minimum)
    return lab_dissect_fail (d, r, record,
                             "Too short to be protected with %s: that takes at least "
                             "%" G_GSIZE_FORMAT " bytes, and this has %" G_GSIZE_FORMAT ".",
                             d->options.suite->iana_name, minimum, total);
  if (layout->block > 0 && body % layout->block != 0)
    return lab_dissect_fail (d, r, record,
                             "The ciphertext is %" G_GSIZE_FORMAT " bytes, not a whole number "
                             "of %" G_GSIZE_FORMAT "-byte blocks.",
                             body, layout->block);
  return (layout->iv == 0 || lab_dissect_opaque (d, r, record, layout->iv_id, layout->iv) != NULL)
         && lab_dissect_opaque (d, r, record, layout->body_id, body) != NULL
         && (layout->tag == 0
             || lab_dissect_opaque (d, r, record, layout->tag_id, layout->tag) != NULL);
}

/* RFC 5246 §6.2.3: GenericAEADCipher (with RFC 5288 §3's explicit nonce; none for
 * ChaCha20-Poly1305, RFC 7905 §2), GenericBlockCipher, where RFC 7366 §3 moves the MAC
 * after the encryption (encrypt-then-MAC), and GenericStreamCipher with the NULL cipher. */
static gboolean
read_encrypted (LabDissector *d, LabReader *r, LabField *record)
{
  const LabCipherSuite *suite = d->options.suite;
  Layout layout = { LAB_F_NONCE_EXPLICIT, LAB_F_CIPHERTEXT, LAB_F_AEAD_TAG, 0, 0, 0 };

  if (suite == NULL)
    return lab_dissect_rest (d, r, record, LAB_F_ENCRYPTED_FRAGMENT) != NULL;
  layout.iv = suite->record_iv_length;
  layout.tag = suite->tag_length;
  if (suite->protection == LAB_RECORD_NULL_CIPHER)
    {
      /* §6.2.3.1 with the NULL cipher: the content in clear, then its MAC */
      layout.body_id = LAB_F_NULL_CONTENT;
      layout.tag_id = LAB_F_NULL_MAC;
    }
  else if (suite->protection == LAB_RECORD_CBC)
    {
      layout.iv_id = LAB_F_CBC_IV;
      layout.tag_id = LAB_F_CBC_MAC;
      layout.block = suite->block_size;
      if (!d->options.encrypt_then_mac)
        {
          /* MAC-then-encrypt: the MAC and the padding are inside the ciphertext */
          layout.body_id = LAB_F_CBC_SEALED;
          layout.tag = 0;
        }
    }
  return split_protected (d, r, record, &layout);
}

static const struct
{
  guint8 type;
  LabDissectBodyFunc body;
} contents[] = {
  { LAB_CONTENT_CHANGE_CIPHER_SPEC, read_change_cipher_spec },
  { LAB_CONTENT_ALERT, read_alerts },
  { LAB_CONTENT_HANDSHAKE, read_handshake_fragment },
  { LAB_CONTENT_APPLICATION_DATA, read_application_data },
  { LAB_CONTENT_HEARTBEAT, read_fragment },
};

static LabDissectBodyFunc
content_body (const LabDissector *d, guint8 type)
{
  /* a ChangeCipherSpec is sent before the new keys take effect, so never encrypted */
  if (d->options.encrypted && type != LAB_CONTENT_CHANGE_CIPHER_SPEC)
    return read_encrypted;
  for (gsize i = 0; i < G_N_ELEMENTS (contents); i++)
    if (contents[i].type == type)
      return contents[i].body;
  return read_unknown_content;
}

/* "handshake: ClientHello, Certificate"; "alert: fatal bad_record_mac" */
static void
describe_record (const LabDissector *d, LabField *record, const LabField *type)
{
  g_autoptr (GString) text = g_string_new (NULL);
  const LabContentTypeInfo *info = lab_content_type_lookup (type->number);

  g_string_append (text, info ? info->name : "unknown");
  if (content_body (d, type->number) == read_encrypted)
    g_string_append (text, ", encrypted");
  for (guint i = 3; i < lab_field_n_children (record); i++)
    {
      const LabField *child = lab_field_get_child (record, i);
      const LabHandshakeTypeInfo *message = lab_handshake_type_lookup_name (child->name);

      if (message != NULL || g_str_equal (child->name, "alert"))
        g_string_append_printf (text, "%s %s", i == 3 ? ":" : ",",
                                message ? message->name : child->value);
    }
  record->value = g_string_free (g_steal_pointer (&text), FALSE);
}

/* RFC 5246 §6.2.1: struct { ContentType type; ProtocolVersion version; uint16 length;
 * opaque fragment[TLSPlaintext.length]; } TLSPlaintext; */
static LabField *
read_record (LabDissector *d, LabReader *r, LabField *parent, gboolean *go_on)
{
  LabField *record = lab_dissect_node (d, parent, LAB_F_RECORD, lab_reader_offset (r), 0);
  LabField *type, *length;
  LabReader fragment;
  gsize cut_short;

  *go_on = FALSE;
  if ((type
       = lab_dissect_uint (d, r, record, LAB_F_CONTENT_TYPE, 1, lab_dissect_format_content_type))
          == NULL
      || lab_dissect_uint (d, r, record, LAB_F_RECORD_VERSION, 2, lab_dissect_format_version)
             == NULL
      || (length = lab_dissect_uint (d, r, record, LAB_F_RECORD_LENGTH, 2, NULL)) == NULL)
    {
      lab_dissect_end (record, r);
      return record;
    }
  if (length->number > MAX_FRAGMENT)
    lab_field_set_value (length, "%" G_GUINT64_FORMAT " — more than the %d bytes a record may hold",
                         length->number, MAX_FRAGMENT);
  lab_dissect_open (d, r, record, length->number, "the record", &fragment, &cut_short);
  *go_on = lab_dissect_run (d, &fragment, cut_short, record, "the record",
                            content_body (d, type->number));
  describe_record (d, record, type);
  return record;
}

typedef LabField *(*ReadOneFunc) (LabDissector *d, LabReader *r, LabField *parent, gboolean *go_on);

/* Exactly one thing (a record, a message) as the root; bytes after it are an error. */
static LabField *
dissect_one (GBytes *bytes, const LabDissectOptions *options, ReadOneFunc read_one,
             const char *what)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  LabDissector d;
  LabReader r;
  LabField *root;
  gboolean go_on;
  g_autofree char *extra = NULL;

  lab_dissect_init (&d, bytes, options);
  lab_reader_init (&r, data, length);
  root = read_one (&d, &r, NULL, &go_on);
  if (lab_reader_at_end (&r))
    return root;
  extra = lab_dissect_describe_length (lab_reader_remaining (&r));
  lab_dissect_fail (&d, &r, root, "%s after the end of %s.", extra, what);
  lab_dissect_end (root, &r);
  return root;
}

static guint
count_records (const LabField *root)
{
  guint n = 0;

  for (guint i = 0; i < lab_field_n_children (root); i++)
    n += g_str_equal (lab_field_get_child (root, i)->name, "record");
  return n;
}

LabField *
lab_dissect_records (GBytes *bytes, const LabDissectOptions *options)
{
  gsize length;
  const guint8 *data;
  LabDissector d;
  LabReader r;
  LabField *root;
  gboolean go_on = TRUE;

  g_return_val_if_fail (bytes != NULL, NULL);
  data = g_bytes_get_data (bytes, &length);
  lab_dissect_init (&d, bytes, options);
  lab_reader_init (&r, data, length);
  root = lab_dissect_node (&d, NULL, LAB_F_RECORDS, 0, length);
  if (lab_reader_at_end (&r))
    lab_dissect_fail (&d, &r, root, "There are no bytes to dissect.");
  while (go_on && !lab_reader_at_end (&r))
    read_record (&d, &r, root, &go_on);
  lab_field_set_value (root, "%u %s", count_records (root),
                       count_records (root) == 1 ? "record" : "records");
  return root;
}

LabField *
lab_dissect_record (GBytes *bytes, const LabDissectOptions *options)
{
  g_return_val_if_fail (bytes != NULL, NULL);
  return dissect_one (bytes, options, read_record, "the record");
}

LabField *
lab_dissect_message (GBytes *bytes, const LabDissectOptions *options)
{
  g_return_val_if_fail (bytes != NULL, NULL);
  return dissect_one (bytes, options, lab_dissect_handshake_message, "the message");
}
