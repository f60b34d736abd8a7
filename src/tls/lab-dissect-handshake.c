/* lab-dissect-handshake.c: the handshake message header (RFC 5246 §7.4), the hellos and
 * the messages with little inside. Key exchange messages are in
 * lab-dissect-key-exchange.c, Certificate in lab-dissect-certificate.c, the messages
 * TLS 1.3 added or reshaped in lab-dissect-tls13.c. */
#include "lab-dissect-private.h"

#include <string.h>

/* RFC 5246 §7.4.1.2: opaque SessionID<0..32>; */
static gboolean
read_session_id (LabDissector *d, LabReader *r, LabField *node)
{
  LabField *length = lab_dissect_uint (d, r, node, LAB_F_SESSION_ID_LENGTH, 1, NULL);

  if (length == NULL)
    return FALSE;
  if (length->number > 32)
    return lab_dissect_fail (d, r, node,
                             "A session ID is at most 32 bytes (RFC 5246 §7.4.1.2); the length "
                             "before this says %" G_GUINT64_FORMAT ".",
                             length->number);
  return lab_dissect_opaque (d, r, node, LAB_F_SESSION_ID, length->number) != NULL;
}

/* RFC 5246 §7.4.1.2: the extensions block is optional: a hello may end before it. */
static gboolean
read_optional_extensions (LabDissector *d, LabReader *r, LabField *node)
{
  if (lab_reader_at_end (r))
    return TRUE;
  return lab_dissect_vector (d, r, node, LAB_F_EXTENSIONS_LENGTH, LAB_F_EXTENSIONS, 2,
                             lab_dissect_extensions, NULL);
}

/* RFC 5246 §7.4.1.2: struct { ProtocolVersion client_version; Random random;
 * SessionID session_id; CipherSuite cipher_suites<2..2^16-2>;
 * CompressionMethod compression_methods<1..2^8-1>; Extension extensions<0..2^16-1>; } */
gboolean
lab_dissect_client_hello (LabDissector *d, LabReader *r, LabField *node)
{
  return lab_dissect_uint (d, r, node, LAB_F_CLIENT_VERSION, 2, lab_dissect_format_version)
         && lab_dissect_opaque (d, r, node, LAB_F_CLIENT_RANDOM, 32) && read_session_id (d, r, node)
         && lab_dissect_uint_list (d, r, node, LAB_F_CIPHER_SUITES_LENGTH, LAB_F_CIPHER_SUITES, 2,
                                   LAB_F_OFFERED_SUITE, 2, lab_dissect_format_cipher_suite)
         && lab_dissect_uint_list (d, r, node, LAB_F_COMPRESSION_METHODS_LENGTH,
                                   LAB_F_COMPRESSION_METHODS, 1, LAB_F_OFFERED_COMPRESSION, 1,
                                   lab_dissect_format_compression)
         && read_optional_extensions (d, r, node);
}

/* RFC 8446 §4.1.3: a server that supports TLS 1.3 but negotiates TLS 1.2 (or, with 00,
 * 1.1 or below) ends its random with these bytes, which the ServerKeyExchange's signature
 * covers, so that a client that supports TLS 1.3 can tell a downgrade. */
static const guint8 downgrade_sentinel[7] = { 'D', 'O', 'W', 'N', 'G', 'R', 'D' };

static gboolean
read_server_random (LabDissector *d, LabReader *r, LabField *node)
{
  LabField *random = lab_dissect_opaque (d, r, node, LAB_F_SERVER_RANDOM, 32);
  gsize length;
  const guint8 *data;

  if (random == NULL)
    return FALSE;
  data = lab_field_get_data (random, &length);
  if (length == 32 && memcmp (data + 24, downgrade_sentinel, 7) == 0
      && (data[31] == 0x01 || data[31] == 0x00))
    lab_field_set_value (random,
                         "%s (ends in \"DOWNGRD\" and %02x: a server that supports TLS 1.3 "
                         "negotiated TLS %s, RFC 8446 §4.1.3)",
                         random->value ? random->value : "", data[31],
                         data[31] == 0x01 ? "1.2" : "1.1 or below");
  return TRUE;
}

/* RFC 5246 §7.4.1.3: struct { ProtocolVersion server_version; Random random;
 * SessionID session_id; CipherSuite cipher_suite; CompressionMethod compression_method;
 * Extension extensions<0..2^16-1>; } */
gboolean
lab_dissect_server_hello (LabDissector *d, LabReader *r, LabField *node)
{
  return lab_dissect_uint (d, r, node, LAB_F_SERVER_VERSION, 2, lab_dissect_format_version)
         && read_server_random (d, r, node) && read_session_id (d, r, node)
         && lab_dissect_uint (d, r, node, LAB_F_CIPHER_SUITE, 2, lab_dissect_format_cipher_suite)
         && lab_dissect_uint (d, r, node, LAB_F_COMPRESSION_METHOD, 1,
                              lab_dissect_format_compression)
         && read_optional_extensions (d, r, node);
}

/* RFC 5246 §7.4.1.1 HelloRequest and §7.4.5 ServerHelloDone: struct { } — anything in
 * the body is left over. */
static gboolean
read_empty (LabDissector *d, LabReader *r, LabField *node)
{
  return TRUE;
}

/* RFC 5246 §7.4.9: struct { opaque verify_data[verify_data_length]; } Finished;
 * verify_data_length is 12 for every TLS 1.2 cipher suite the lab knows. */
static gboolean
read_finished (LabDissector *d, LabReader *r, LabField *node)
{
  LabField *verify_data = lab_dissect_rest (d, r, node, LAB_F_VERIFY_DATA);

  /* RFC 8446 §4.4.4: in TLS 1.3 it is as long as the suite's hash */
  if (verify_data != NULL && verify_data->length != 12 && !d->tls13)
    lab_field_set_value (verify_data, "%s (verify_data is 12 bytes in TLS 1.2)",
                         verify_data->value);
  return verify_data != NULL;
}

static void
format_lifetime (LabField *field)
{
  lab_field_set_value (field,
                       field->number == 0 ? "0 (not specified)" : "%" G_GUINT64_FORMAT " seconds",
                       field->number);
}

/* RFC 5077 §3.3: struct { uint32 ticket_lifetime_hint; opaque ticket<0..2^16-1>; }
 * NewSessionTicket; */
static gboolean
read_new_session_ticket (LabDissector *d, LabReader *r, LabField *node)
{
  return lab_dissect_uint (d, r, node, LAB_F_TICKET_LIFETIME_HINT, 4, format_lifetime)
         && lab_dissect_opaque_vector (d, r, node, LAB_F_TICKET_LENGTH, LAB_F_TICKET, 2);
}

/* RFC 6066 §8: struct { CertificateStatusType status_type; select (status_type) {
 * case ocsp: OCSPResponse response; } } CertificateStatus;
 * opaque OCSPResponse<1..2^24-1>; */
static gboolean
read_certificate_status (LabDissector *d, LabReader *r, LabField *node)
{
  LabField *type = lab_dissect_uint (d, r, node, LAB_F_CERTIFICATE_STATUS_TYPE, 1,
                                     lab_dissect_format_status_type);
  LabField *response;
  const guint8 *data;
  gsize length;
  g_autofree char *words = NULL;

  if (type == NULL)
    return FALSE;
  if (type->number != 1)
    return lab_dissect_fail (d, r, node, "Only OCSP status (type 1) is defined.");
  response = lab_dissect_opaque_vector (d, r, node, LAB_F_OCSP_RESPONSE_LENGTH,
                                        LAB_F_OCSP_RESPONSE, 3);
  if (response == NULL)
    return FALSE;
  data = lab_field_get_data (response, &length);
  words = lab_dissect_ocsp_response (data, length, NULL);
  if (words != NULL)
    lab_field_set_value (response, "%s", words);
  return TRUE;
}

static gboolean
read_unknown_message (LabDissector *d, LabReader *r, LabField *node)
{
  return lab_dissect_fail (d, r, node,
                           "Unknown handshake message type: the lab cannot read its body.");
}

static const struct
{
  guint8 type;
  LabDissectBodyFunc body;
} bodies[] = {
  { LAB_HS_HELLO_REQUEST, read_empty },
  { LAB_HS_CLIENT_HELLO, lab_dissect_client_hello },
  { LAB_HS_SERVER_HELLO, lab_dissect_server_hello },
  { LAB_HS_NEW_SESSION_TICKET, read_new_session_ticket },
  { LAB_HS_CERTIFICATE, lab_dissect_certificate },
  { LAB_HS_SERVER_KEY_EXCHANGE, lab_dissect_server_key_exchange },
  { LAB_HS_CERTIFICATE_REQUEST, lab_dissect_certificate_request },
  { LAB_HS_SERVER_HELLO_DONE, read_empty },
  { LAB_HS_CERTIFICATE_VERIFY, lab_dissect_certificate_verify },
  { LAB_HS_CLIENT_KEY_EXCHANGE, lab_dissect_client_key_exchange },
  { LAB_HS_FINISHED, read_finished },
  { LAB_HS_CERTIFICATE_STATUS, read_certificate_status },
};

/* Messages TLS 1.3 added, and those it reshaped (RFC 8446 §4): these are read when the
 * dissector knows TLS 1.3 was negotiated. The ones it added cannot be mistaken and are
 * read whatever the version. */
static const struct
{
  guint8 type;
  gboolean reshaped;
  LabDissectBodyFunc body;
} tls13_bodies[] = {
  { LAB_HS_END_OF_EARLY_DATA, FALSE, lab_dissect_end_of_early_data },
  { LAB_HS_ENCRYPTED_EXTENSIONS, FALSE, lab_dissect_encrypted_extensions },
  { LAB_HS_KEY_UPDATE, FALSE, lab_dissect_key_update },
  { LAB_HS_CERTIFICATE, TRUE, lab_dissect_certificate13 },
  { LAB_HS_CERTIFICATE_REQUEST, TRUE, lab_dissect_certificate_request13 },
  { LAB_HS_NEW_SESSION_TICKET, TRUE, lab_dissect_new_session_ticket13 },
};

static LabDissectBodyFunc
message_body (const LabDissector *d, guint8 type)
{
  for (gsize i = 0; i < G_N_ELEMENTS (tls13_bodies); i++)
    if (tls13_bodies[i].type == type && (d->tls13 || !tls13_bodies[i].reshaped))
      return tls13_bodies[i].body;
  for (gsize i = 0; i < G_N_ELEMENTS (bodies); i++)
    if (bodies[i].type == type)
      return bodies[i].body;
  return read_unknown_message;
}

/* A node named after the message type, before anything is read. */
static LabField *
message_node (LabDissector *d, const LabReader *r, LabField *parent)
{
  LabReader probe = *r;
  guint8 type;
  const LabHandshakeTypeInfo *info = NULL;

  if (lab_reader_u8 (&probe, &type))
    info = lab_handshake_type_lookup (type);
  if (info == NULL)
    return lab_dissect_node (d, parent, LAB_F_HANDSHAKE_MESSAGE, lab_reader_offset (r), 0);
  return lab_dissect_table_node (d, parent, info->name, info->explanation_key,
                                 lab_reader_offset (r));
}

/* RFC 5246 §7.4: struct { HandshakeType msg_type; uint24 length; select (msg_type) {...}
 * body; } Handshake; */
LabField *
lab_dissect_handshake_message (LabDissector *d, LabReader *r, LabField *parent, gboolean *go_on)
{
  LabField *message = message_node (d, r, parent);
  LabField *type, *length;
  LabReader body;
  gsize cut_short;
  g_autofree char *summary = NULL;

  *go_on = FALSE;
  if ((type
       = lab_dissect_uint (d, r, message, LAB_F_MSG_TYPE, 1, lab_dissect_format_handshake_type))
          == NULL
      || (length = lab_dissect_uint (d, r, message, LAB_F_MSG_LENGTH, 3, NULL)) == NULL)
    {
      lab_dissect_end (message, r);
      return message;
    }
  if (length->number > lab_reader_remaining (r) && !d->truncated)
    {
      /* a whole record that holds only the start of this message: the rest comes in
       * the next record(s), which is allowed (RFC 5246 §6.2.1) */
      LabField *part
          = lab_dissect_opaque (d, r, message, LAB_F_PARTIAL_BODY, lab_reader_remaining (r));

      lab_field_set_value (part,
                           "%" G_GSIZE_FORMAT " of %" G_GUINT64_FORMAT
                           " bytes; the rest follows in the next record",
                           part->length, length->number);
      lab_dissect_end (message, r);
      *go_on = TRUE;
      return message;
    }
  lab_dissect_open (d, r, message, length->number, "the message", &body, &cut_short);
  d->msg_type = type->number;
  *go_on = lab_dissect_run (d, &body, cut_short, message, "the message",
                           message_body (d, type->number));
  if (type->number == LAB_HS_SERVER_HELLO)
    lab_dissect_server_hello_version (d, message);
  summary = lab_dissect_summarize (message);
  if (summary != NULL && *summary != '\0')
    lab_field_set_value (message, "%s", summary);
  return message;
}
