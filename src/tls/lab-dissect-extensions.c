/* lab-dissect-extensions.c: hello extensions, and those of TLS 1.3's EncryptedExtensions,
 * CertificateEntry and NewSessionTicket (RFC 8446 §4.2). RFC 5246 §7.4.1.4:
 * struct { ExtensionType extension_type; opaque extension_data<0..2^16-1>; } Extension;
 * Each body below cites the document that defines it. An extension the lab does not
 * know keeps its bytes in one extension_data leaf. */
#include "lab-dissect-private.h"

static gboolean
is_client_hello (const LabDissector *d)
{
  return d->msg_type == LAB_HS_CLIENT_HELLO;
}

/* Printable text as it is, anything else in hex. */
static void
show_text (LabField *field)
{
  gsize length;
  const guint8 *data = lab_field_get_data (field, &length);

  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isprint (data[i]))
      return;
  if (length > 0)
    lab_field_set_value (field, "%.*s", (int)length, (const char *)data);
}

/* Extensions that say everything by being there (RFC 7366 §2, RFC 7627 §5.1,
 * RFC 8446 §4.2.6): their data is empty, and anything in it is left over. */
static gboolean
read_empty (LabDissector *d, LabReader *r, LabField *node)
{
  return TRUE;
}

static gboolean
read_data (LabDissector *d, LabReader *r, LabField *node)
{
  return lab_reader_at_end (r) || lab_dissect_rest (d, r, node, LAB_F_EXTENSION_DATA);
}

static void
format_name_type (LabField *field)
{
  lab_field_set_value (field,
                       field->number == 0 ? "host_name (0)" : "unknown (%" G_GUINT64_FORMAT ")",
                       field->number);
}

/* RFC 6066 §3: struct { NameType name_type; select (name_type) { case host_name:
 * HostName; } name; } ServerName; opaque HostName<1..2^16-1>; */
static gboolean
read_server_names (LabDissector *d, LabReader *r, LabField *list)
{
  while (!lab_reader_at_end (r))
    {
      LabField *entry
          = lab_dissect_node (d, list, LAB_F_SERVER_NAME_ENTRY, lab_reader_offset (r), 0);
      LabField *host = NULL;

      if (lab_dissect_uint (d, r, entry, LAB_F_NAME_TYPE, 1, format_name_type) != NULL)
        host = lab_dissect_opaque_vector (d, r, entry, LAB_F_HOST_NAME_LENGTH, LAB_F_HOST_NAME, 2);
      lab_dissect_end (entry, r);
      if (host == NULL)
        return FALSE;
      show_text (host);
      entry->value = g_strdup (host->value);
    }
  return TRUE;
}

/* RFC 6066 §3: struct { ServerName server_name_list<1..2^16-1> } ServerNameList;
 * a server that used the name answers with empty extension data. */
static gboolean
read_server_name (LabDissector *d, LabReader *r, LabField *node)
{
  return lab_reader_at_end (r)
         || lab_dissect_vector (d, r, node, LAB_F_SERVER_NAME_LIST_LENGTH, LAB_F_SERVER_NAME_LIST,
                                2, read_server_names, NULL);
}

/* RFC 6066 §8: struct { CertificateStatusType status_type; select (status_type) {
 * case ocsp: OCSPStatusRequest; } request; } CertificateStatusRequest;
 * struct { ResponderID responder_id_list<0..2^16-1>; Extensions request_extensions; }
 * OCSPStatusRequest; opaque Extensions<0..2^16-1>. The server answers empty. */
static gboolean
read_status_request (LabDissector *d, LabReader *r, LabField *node)
{
  LabField *type;

  if (lab_reader_at_end (r))
    return TRUE;
  type = lab_dissect_uint (d, r, node, LAB_F_STATUS_TYPE, 1, lab_dissect_format_status_type);
  if (type == NULL)
    return FALSE;
  if (type->number != 1)
    return read_data (d, r, node);
  /* RFC 8446 §4.4.2.1: in a TLS 1.3 CertificateEntry the extension carries the
   * CertificateStatus itself: the OCSP response, opaque<1..2^24-1> */
  if (d->msg_type == LAB_HS_CERTIFICATE)
    return lab_dissect_opaque_vector (d, r, node, LAB_F_OCSP_RESPONSE_LENGTH, LAB_F_OCSP_RESPONSE,
                                      3)
           != NULL;
  return lab_dissect_opaque_vector (d, r, node, LAB_F_RESPONDER_ID_LIST_LENGTH,
                                    LAB_F_RESPONDER_ID_LIST, 2)
         && lab_dissect_opaque_vector (d, r, node, LAB_F_REQUEST_EXTENSIONS_LENGTH,
                                       LAB_F_REQUEST_EXTENSIONS, 2);
}

/* RFC 8422 §5.1.1 and RFC 7919 §2: struct { NamedGroup named_group_list<2..2^16-1> } */
static gboolean
read_supported_groups (LabDissector *d, LabReader *r, LabField *node)
{
  return lab_dissect_uint_list (d, r, node, LAB_F_NAMED_GROUP_LIST_LENGTH, LAB_F_NAMED_GROUP_LIST,
                                2, LAB_F_NAMED_GROUP, 2, lab_dissect_format_group);
}

/* RFC 8422 §5.1.2: struct { ECPointFormat ec_point_format_list<1..2^8-1> } */
static gboolean
read_ec_point_formats (LabDissector *d, LabReader *r, LabField *node)
{
  return lab_dissect_uint_list (d, r, node, LAB_F_EC_POINT_FORMATS_LENGTH,
                                LAB_F_EC_POINT_FORMAT_LIST, 1, LAB_F_EC_POINT_FORMAT, 1,
                                lab_dissect_format_point_format);
}

/* RFC 5246 §7.4.1.4.1: SignatureAndHashAlgorithm supported_signature_algorithms<2..2^16-2>;
 * RFC 8446 §4.2.3 gives signature_algorithms_cert the same shape. */
static gboolean
read_signature_algorithms (LabDissector *d, LabReader *r, LabField *node)
{
  return lab_dissect_uint_list (d, r, node, LAB_F_SIGNATURE_ALGORITHMS_LENGTH,
                                LAB_F_SIGNATURE_ALGORITHMS, 2, LAB_F_SIGNATURE_SCHEME, 2,
                                lab_dissect_format_signature_scheme);
}

/* RFC 7301 §3.1: struct { ProtocolName protocol_name_list<2..2^16-1> } ProtocolNameList;
 * opaque ProtocolName<1..2^8-1>; the server's answer has the same shape with exactly one
 * name. */
static gboolean
read_alpn (LabDissector *d, LabReader *r, LabField *node)
{
  return lab_dissect_opaque_list (d, r, node, LAB_F_PROTOCOL_NAME_LIST_LENGTH,
                                  LAB_F_PROTOCOL_NAME_LIST, 2, LAB_F_PROTOCOL_NAME_LENGTH,
                                  LAB_F_PROTOCOL_NAME, 1, show_text);
}

/* RFC 7685 §3: the padding is zero bytes, there only to make the ClientHello longer. */
static gboolean
read_padding (LabDissector *d, LabReader *r, LabField *node)
{
  LabField *padding = lab_dissect_rest (d, r, node, LAB_F_PADDING);
  gsize length;
  const guint8 *data;
  gsize nonzero = 0;

  if (padding == NULL)
    return FALSE;
  data = lab_field_get_data (padding, &length);
  for (gsize i = 0; i < length; i++)
    nonzero += data[i] != 0;
  lab_field_set_value (padding, "%" G_GSIZE_FORMAT " bytes%s", length,
                       nonzero ? ", not all zero (RFC 7685 §3 says they must be)" : " of zeros");
  return TRUE;
}

/* RFC 8449 §4: uint16 RecordSizeLimit; */
static gboolean
read_record_size_limit (LabDissector *d, LabReader *r, LabField *node)
{
  return lab_dissect_uint (d, r, node, LAB_F_RECORD_SIZE_LIMIT, 2, NULL) != NULL;
}

static void
format_max_fragment_length (LabField *field)
{
  if (field->number >= 1 && field->number <= 4)
    lab_field_set_value (field, "2^%u = %u bytes (%" G_GUINT64_FORMAT ")", (guint)field->number + 8,
                         1u << (field->number + 8), field->number);
  else
    lab_field_set_value (field, "unknown (%" G_GUINT64_FORMAT ")", field->number);
}

/* RFC 6066 §4: enum { 2^9(1), 2^10(2), 2^11(3), 2^12(4), (255) } MaxFragmentLength; */
static gboolean
read_max_fragment_length (LabDissector *d, LabReader *r, LabField *node)
{
  return lab_dissect_uint (d, r, node, LAB_F_MAX_FRAGMENT_LENGTH, 1, format_max_fragment_length)
         != NULL;
}

static void
format_heartbeat_mode (LabField *field)
{
  const char *name = field->number == 1   ? "peer_allowed_to_send"
                     : field->number == 2 ? "peer_not_allowed_to_send"
                                          : "unknown";

  lab_field_set_value (field, "%s (%" G_GUINT64_FORMAT ")", name, field->number);
}

/* RFC 6520 §2: struct { HeartbeatMode mode; } HeartbeatExtension; */
static gboolean
read_heartbeat (LabDissector *d, LabReader *r, LabField *node)
{
  return lab_dissect_uint (d, r, node, LAB_F_HEARTBEAT_MODE, 1, format_heartbeat_mode) != NULL;
}

/* RFC 5077 §3.2: the extension data is the ticket itself, or empty to ask for one. */
static gboolean
read_session_ticket (LabDissector *d, LabReader *r, LabField *node)
{
  return lab_reader_at_end (r) || lab_dissect_rest (d, r, node, LAB_F_SESSION_TICKET);
}

/* RFC 8446 §4.2.1: the ClientHello lists ProtocolVersion versions<2..254>; the
 * ServerHello holds the one selected_version. */
static gboolean
read_supported_versions (LabDissector *d, LabReader *r, LabField *node)
{
  if (is_client_hello (d))
    return lab_dissect_uint_list (d, r, node, LAB_F_VERSIONS_LENGTH, LAB_F_VERSIONS, 1,
                                  LAB_F_VERSION, 2, lab_dissect_format_version);
  return lab_dissect_uint (d, r, node, LAB_F_SELECTED_VERSION, 2, lab_dissect_format_version)
         != NULL;
}

/* RFC 8446 §4.2.8: struct { NamedGroup group; opaque key_exchange<1..2^16-1>; }
 * KeyShareEntry; */
static gboolean
read_key_share_entry (LabDissector *d, LabReader *r, LabField *parent)
{
  LabField *entry = lab_dissect_node (d, parent, LAB_F_KEY_SHARE_ENTRY, lab_reader_offset (r), 0);
  LabField *group
      = lab_dissect_uint (d, r, entry, LAB_F_KEY_SHARE_GROUP, 2, lab_dissect_format_group);
  gboolean ok = group != NULL
                && lab_dissect_opaque_vector (d, r, entry, LAB_F_KEY_EXCHANGE_LENGTH,
                                              LAB_F_KEY_EXCHANGE, 2);

  lab_dissect_end (entry, r);
  if (group != NULL)
    entry->value = g_strdup (group->value);
  return ok;
}

static gboolean
read_key_share_entries (LabDissector *d, LabReader *r, LabField *list)
{
  while (!lab_reader_at_end (r))
    if (!read_key_share_entry (d, r, list))
      return FALSE;
  return TRUE;
}

/* RFC 8446 §4.2.8: the ClientHello holds KeyShareEntry client_shares<0..2^16-1>; the
 * ServerHello one server_share (a HelloRetryRequest only the selected_group). */
static gboolean
read_key_share (LabDissector *d, LabReader *r, LabField *node)
{
  if (is_client_hello (d))
    return lab_dissect_vector (d, r, node, LAB_F_CLIENT_SHARES_LENGTH, LAB_F_CLIENT_SHARES, 2,
                               read_key_share_entries, NULL);
  if (lab_reader_remaining (r) == 2)
    return lab_dissect_uint (d, r, node, LAB_F_KEY_SHARE_GROUP, 2, lab_dissect_format_group)
           != NULL;
  return read_key_share_entry (d, r, node);
}

/* RFC 5746 §3.2: struct { opaque renegotiated_connection<0..255>; } RenegotiationInfo; */
static gboolean
read_renegotiation_info (LabDissector *d, LabReader *r, LabField *node)
{
  return lab_dissect_opaque_vector (d, r, node, LAB_F_RENEGOTIATED_CONNECTION_LENGTH,
                                    LAB_F_RENEGOTIATED_CONNECTION, 1)
         != NULL;
}

static void
format_ke_mode (LabField *field)
{
  const char *name = field->number == 0 ? "psk_ke" : field->number == 1 ? "psk_dhe_ke" : "unknown";

  lab_field_set_value (field, "%s (%" G_GUINT64_FORMAT ")", name, field->number);
}

/* RFC 8446 §4.2.9: struct { PskKeyExchangeMode ke_modes<1..255>; } */
static gboolean
read_psk_key_exchange_modes (LabDissector *d, LabReader *r, LabField *node)
{
  return lab_dissect_uint_list (d, r, node, LAB_F_KE_MODES_LENGTH, LAB_F_KE_MODES, 1, LAB_F_KE_MODE,
                                1, format_ke_mode);
}

static void
format_ticket_age (LabField *field)
{
  lab_field_set_value (field, "%" G_GUINT64_FORMAT " (the ticket's age in ms plus its ticket_age_add, "
                       "mod 2^32)", field->number);
}

/* RFC 8446 §4.2.11: struct { opaque identity<1..2^16-1>; uint32 obfuscated_ticket_age; }
 * PskIdentity; */
static gboolean
read_psk_identities (LabDissector *d, LabReader *r, LabField *list)
{
  while (!lab_reader_at_end (r))
    {
      LabField *entry
          = lab_dissect_node (d, list, LAB_F_PSK_OFFERED_IDENTITY, lab_reader_offset (r), 0);
      gboolean ok = lab_dissect_opaque_vector (d, r, entry, LAB_F_PSK_LABEL_LENGTH, LAB_F_PSK_LABEL,
                                               2)
                    && lab_dissect_uint (d, r, entry, LAB_F_OBFUSCATED_TICKET_AGE, 4,
                                         format_ticket_age);

      lab_dissect_end (entry, r);
      if (!ok)
        return FALSE;
    }
  lab_field_set_value (list, "%u offered", lab_field_n_children (list));
  return TRUE;
}

/* RFC 8446 §4.2.11: the ClientHello holds struct { PskIdentity identities<7..2^16-1>;
 * PskBinderEntry binders<33..2^16-1>; } OfferedPsks; with opaque
 * PskBinderEntry<32..255>, an HMAC over the ClientHello up to the binders (§4.2.11.2).
 * The ServerHello holds uint16 selected_identity, an index into the client's list. */
static gboolean
read_pre_shared_key (LabDissector *d, LabReader *r, LabField *node)
{
  if (!is_client_hello (d))
    return lab_dissect_uint (d, r, node, LAB_F_SELECTED_IDENTITY, 2, NULL) != NULL;
  return lab_dissect_vector (d, r, node, LAB_F_PSK_IDENTITIES_LENGTH, LAB_F_PSK_IDENTITIES, 2,
                             read_psk_identities, NULL)
         && lab_dissect_opaque_list (d, r, node, LAB_F_PSK_BINDERS_LENGTH, LAB_F_PSK_BINDERS, 2,
                                     LAB_F_PSK_BINDER_LENGTH, LAB_F_PSK_BINDER, 1, NULL);
}

/* RFC 8446 §4.2.10: empty in a ClientHello and in EncryptedExtensions; in a
 * NewSessionTicket struct { uint32 max_early_data_size; }. */
static gboolean
read_early_data (LabDissector *d, LabReader *r, LabField *node)
{
  if (d->msg_type != LAB_HS_NEW_SESSION_TICKET)
    return TRUE;
  return lab_dissect_uint (d, r, node, LAB_F_MAX_EARLY_DATA_SIZE, 4, NULL) != NULL;
}

/* RFC 8446 §4.2.2: struct { opaque cookie<1..2^16-1>; } Cookie; the server's, sent back by
 * the client in its second ClientHello. */
static gboolean
read_cookie (LabDissector *d, LabReader *r, LabField *node)
{
  return lab_dissect_opaque_vector (d, r, node, LAB_F_COOKIE_LENGTH, LAB_F_COOKIE, 2) != NULL;
}

static const struct
{
  guint16 type;
  LabDissectBodyFunc body;
} bodies[] = {
  { 0, read_server_name },
  { 1, read_max_fragment_length },
  { 5, read_status_request },
  { 10, read_supported_groups },
  { 11, read_ec_point_formats },
  { 13, read_signature_algorithms },
  { 15, read_heartbeat },
  { 16, read_alpn },
  { 21, read_padding },
  { 22, read_empty },
  { 23, read_empty },
  { 28, read_record_size_limit },
  { 35, read_session_ticket },
  { 41, read_pre_shared_key },
  { 42, read_early_data },
  { 43, read_supported_versions },
  { 44, read_cookie },
  { 45, read_psk_key_exchange_modes },
  { 49, read_empty },
  { 50, read_signature_algorithms },
  { 51, read_key_share },
  { 0xff01, read_renegotiation_info },
};

static LabDissectBodyFunc
extension_body (guint16 type)
{
  for (gsize i = 0; i < G_N_ELEMENTS (bodies); i++)
    if (bodies[i].type == type)
      return bodies[i].body;
  return read_data;
}

/* A node named after the extension (from the registry) before anything is read. */
static LabField *
extension_node (LabDissector *d, const LabReader *r, LabField *list)
{
  LabReader probe = *r;
  guint16 type = 0;
  gboolean has_type = lab_reader_u16 (&probe, &type);
  const LabExtensionInfo *info = has_type ? lab_extension_lookup (type) : NULL;

  if (info == NULL)
    return lab_dissect_node (d, list,
                             has_type && lab_is_grease (type) ? LAB_F_GREASE_EXTENSION
                                                              : LAB_F_UNKNOWN_EXTENSION,
                             lab_reader_offset (r), 0);
  return lab_dissect_table_node (d, list, info->name, info->explanation_key, lab_reader_offset (r));
}

static gboolean
read_extension (LabDissector *d, LabReader *r, LabField *list)
{
  LabField *node = extension_node (d, r, list);
  LabField *type, *length;
  g_autofree char *what = NULL;
  LabReader data;
  gsize cut_short;

  if ((type
       = lab_dissect_uint (d, r, node, LAB_F_EXTENSION_TYPE, 2, lab_dissect_format_extension_type))
          == NULL
      || (length = lab_dissect_uint (d, r, node, LAB_F_EXTENSION_LENGTH, 2, NULL)) == NULL)
    {
      lab_dissect_end (node, r);
      return FALSE;
    }
  what = g_strdup_printf ("the %s extension", node->name);
  if (!lab_dissect_open (d, r, node, length->number, what, &data, &cut_short))
    {
      lab_dissect_end (node, r);
      return FALSE;
    }
  return lab_dissect_run (d, &data, cut_short, node, what, extension_body (type->number));
}

gboolean
lab_dissect_extensions (LabDissector *d, LabReader *r, LabField *list)
{
  while (!lab_reader_at_end (r))
    if (!read_extension (d, r, list))
      return FALSE;
  lab_field_set_value (list, "%u %s", lab_field_n_children (list),
                       lab_field_n_children (list) == 1 ? "extension" : "extensions");
  return TRUE;
}

gboolean
lab_dissect_extension_block (LabDissector *d, LabReader *r, LabField *node)
{
  return lab_dissect_vector (d, r, node, LAB_F_EXTENSIONS_LENGTH, LAB_F_EXTENSIONS, 2,
                             lab_dissect_extensions, NULL);
}
