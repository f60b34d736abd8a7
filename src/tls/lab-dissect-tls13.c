/* lab-dissect-tls13.c: the handshake messages TLS 1.3 added or reshaped (RFC 8446 §4),
 * and what a ServerHello's supported_versions says about the version. CertificateVerify
 * and Finished keep their TLS 1.2 shapes (lab-dissect-key-exchange.c, -handshake.c). */
#include "lab-dissect-private.h"

#include <string.h>

#include "lab-key-schedule13.h"

/* RFC 8446 §4.3.1: struct { Extension extensions<0..2^16-1>; } EncryptedExtensions;
 * the server's answers that need no key, sent under the handshake keys. */
gboolean
lab_dissect_encrypted_extensions (LabDissector *d, LabReader *r, LabField *node)
{
  return lab_dissect_extension_block (d, r, node);
}

/* RFC 8446 §4.4.2: opaque certificate_request_context<0..2^8-1>; empty in the server's
 * Certificate, an echo of the CertificateRequest's in the client's. */
static gboolean
read_request_context (LabDissector *d, LabReader *r, LabField *node)
{
  LabField *context = lab_dissect_opaque_vector (d, r, node, LAB_F_REQUEST_CONTEXT_LENGTH,
                                                 LAB_F_REQUEST_CONTEXT, 1);

  if (context != NULL && context->length == 0)
    lab_field_set_value (context, "empty");
  return context != NULL;
}

/* RFC 8446 §4.4.2: struct { opaque cert_data<1..2^24-1>; Extension extensions<0..2^16-1>; }
 * CertificateEntry; (X.509 certificates; raw public keys are not negotiated by the lab) */
static gboolean
read_certificate_entry (LabDissector *d, LabReader *r, LabField *list)
{
  LabField *entry = lab_dissect_node (d, list, LAB_F_CERTIFICATE_ENTRY, lab_reader_offset (r), 0);
  LabField *certificate;
  gboolean ok;

  /* the DER certificate is read as in TLS 1.2: a 3-byte length, then the X.509 structure */
  ok = lab_dissect_one_certificate (d, r, entry)
       && lab_dissect_vector (d, r, entry, LAB_F_ENTRY_EXTENSIONS_LENGTH, LAB_F_ENTRY_EXTENSIONS, 2,
                              lab_dissect_extensions, NULL);
  lab_dissect_end (entry, r);
  certificate = lab_field_lookup (entry, "certificate_entry.certificate");
  if (certificate != NULL && certificate->value != NULL)
    entry->value = g_strdup (certificate->value);
  return ok;
}

static gboolean
read_certificate_entries (LabDissector *d, LabReader *r, LabField *list)
{
  while (!lab_reader_at_end (r))
    if (!read_certificate_entry (d, r, list))
      return FALSE;
  return TRUE;
}

/* RFC 8446 §4.4.2: struct { opaque certificate_request_context<0..2^8-1>;
 * CertificateEntry certificate_list<0..2^24-1>; } Certificate; the sender's own
 * certificate first. */
gboolean
lab_dissect_certificate13 (LabDissector *d, LabReader *r, LabField *node)
{
  return read_request_context (d, r, node)
         && lab_dissect_vector (d, r, node, LAB_F_CERTIFICATE_LIST_LENGTH, LAB_F_CERTIFICATE_LIST,
                                3, read_certificate_entries, NULL);
}

/* RFC 8446 §4.3.2: struct { opaque certificate_request_context<0..2^8-1>;
 * Extension extensions<2..2^16-1>; } CertificateRequest; signature_algorithms is among
 * the extensions and must be. */
gboolean
lab_dissect_certificate_request13 (LabDissector *d, LabReader *r, LabField *node)
{
  return read_request_context (d, r, node) && lab_dissect_extension_block (d, r, node);
}

static void
format_seconds (LabField *field)
{
  lab_field_set_value (field, "%" G_GUINT64_FORMAT " seconds", field->number);
}

static void
format_age_add (LabField *field)
{
  lab_field_set_value (field, "0x%08" G_GINT64_MODIFIER "x (added to the ticket's age to hide it)",
                       field->number);
}

/* RFC 8446 §4.6.1: struct { uint32 ticket_lifetime; uint32 ticket_age_add;
 * opaque ticket_nonce<0..255>; opaque ticket<1..2^16-1>; Extension extensions<0..2^16-2>; }
 * NewSessionTicket; sent by the server after the handshake, under the application keys. */
gboolean
lab_dissect_new_session_ticket13 (LabDissector *d, LabReader *r, LabField *node)
{
  return lab_dissect_uint (d, r, node, LAB_F_TICKET_LIFETIME, 4, format_seconds)
         && lab_dissect_uint (d, r, node, LAB_F_TICKET_AGE_ADD, 4, format_age_add)
         && lab_dissect_opaque_vector (d, r, node, LAB_F_TICKET_NONCE_LENGTH, LAB_F_TICKET_NONCE, 1)
         && lab_dissect_opaque_vector (d, r, node, LAB_F_TICKET_LENGTH, LAB_F_TICKET, 2)
         && lab_dissect_extension_block (d, r, node);
}

static void
format_request_update (LabField *field)
{
  const char *name = field->number == 0   ? "update_not_requested"
                     : field->number == 1 ? "update_requested"
                                          : "unknown";

  lab_field_set_value (field, "%s (%" G_GUINT64_FORMAT ")", name, field->number);
}

/* RFC 8446 §4.6.3: enum { update_not_requested(0), update_requested(1), (255) }
 * KeyUpdateRequest; struct { KeyUpdateRequest request_update; } KeyUpdate; */
gboolean
lab_dissect_key_update (LabDissector *d, LabReader *r, LabField *node)
{
  return lab_dissect_uint (d, r, node, LAB_F_REQUEST_UPDATE, 1, format_request_update) != NULL;
}

/* RFC 8446 §4.5: struct {} EndOfEarlyData; */
gboolean
lab_dissect_end_of_early_data (LabDissector *d, LabReader *r, LabField *node)
{
  return TRUE;
}

static LabField *
find (const LabField *message, const char *path)
{
  g_autofree char *full = g_strconcat (message->name, ".", path, NULL);

  return lab_field_lookup (message, full);
}

guint16
lab_dissect_selected_version (const LabField *message)
{
  LabField *selected = find (message, "extensions.supported_versions.selected_version");

  return selected != NULL ? (guint16) selected->number : 0;
}

gboolean
lab_dissect_is_hello_retry (const LabField *message)
{
  LabField *random = find (message, "random");
  gsize length;
  const guint8 *data;

  if (random == NULL || !g_str_equal (message->name, "ServerHello"))
    return FALSE;
  data = lab_field_get_data (random, &length);
  return length == sizeof lab_tls13_hello_retry_random
         && memcmp (data, lab_tls13_hello_retry_random, length) == 0;
}

void
lab_dissect_server_hello_version (LabDissector *d, LabField *message)
{
  guint16 selected = lab_dissect_selected_version (message);
  LabField *legacy = find (message, "server_version");
  LabField *random = find (message, "random");
  const char *name = lab_dissect_version_name (selected);
  g_autofree char *shown = NULL;

  if (lab_dissect_is_hello_retry (message))
    lab_field_set_value (random, "HelloRetryRequest: SHA-256(\"HelloRetryRequest\"), not a random "
                                 "(RFC 8446 §4.1.3)");
  else if (random != NULL && random->length == 32)
    {
      /* RFC 8446 §4.1.3: a TLS 1.3 server that negotiates an older version ends its random
       * with "DOWNGRD" and 01 (TLS 1.2) or 00 (TLS 1.1 or below); a TLS 1.3 client that
       * sees it must abort with illegal_parameter */
      gsize length;
      const guint8 *data = lab_field_get_data (random, &length);

      if (data != NULL && memcmp (data + 24, "DOWNGRD", 7) == 0 && (data[31] == 1 || data[31] == 0))
        lab_field_set_value (random,
                             "ends in the downgrade sentinel DOWNGRD %02x: a server that speaks "
                             "TLS 1.3 chose %s (RFC 8446 §4.1.3)",
                             data[31], data[31] == 1 ? "TLS 1.2" : "TLS 1.1 or below");
    }
  if (selected == 0 || legacy == NULL)
    return;
  /* RFC 8446 §4.1.3: legacy_version stays 0x0303; the version is the extension's */
  shown = g_strdup (legacy->value);
  lab_field_set_value (legacy,
                       "%s, legacy_version only: the version is %s, from "
                       "supported_versions (RFC 8446 §4.1.3)",
                       shown, name ? name : "unknown");
  if (selected == LAB_TLS13_VERSION)
    d->tls13 = TRUE;
}
