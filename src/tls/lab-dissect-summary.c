/* lab-dissect-summary.c: one line of key facts per handshake message, read back from
 * the dissected tree, for the ladder: "TLS 1.2, 9 suites, SNI server.handshake.lab". */
#include "lab-dissect-private.h"

#include <string.h>

static LabField *
find (const LabField *message, const char *path)
{
  /* paths are relative to the message: the first step names a child of it */
  return lab_field_follow (message, path);
}

static guint
count (const LabField *message, const char *path, const char *name)
{
  LabField *list = find (message, path);
  guint n = 0;

  for (guint i = 0; list != NULL && i < lab_field_n_children (list); i++)
    n += g_str_equal (lab_field_get_child (list, i)->name, name);
  return n;
}

static void append (GString *text, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
append (GString *text, const char *format, ...)
{
  va_list args;

  if (text->len > 0)
    g_string_append (text, ", ");
  va_start (args, format);
  g_string_append_vprintf (text, format, args);
  va_end (args);
}

/* "TLS 1.2"; the registry name of a code point, or its number */
static const char *
version_of (const LabField *message, const char *path)
{
  LabField *field = find (message, path);

  return field ? lab_dissect_version_name (field->number) : NULL;
}

static const char *
plural (guint n, const char *one, const char *many)
{
  return n == 1 ? one : many;
}

static void
length_of (GString *text, const LabField *message, const char *path, const char *what)
{
  LabField *field = find (message, path);

  if (field != NULL)
    append (text, "%" G_GSIZE_FORMAT "-byte %s", field->length, what);
}

static void
name_of (GString *text, const LabField *message, const char *path)
{
  LabField *field = find (message, path);

  /* "x25519 (0x001d)" -> "x25519" */
  if (field != NULL && field->value != NULL)
    append (text, "%.*s", (int)strcspn (field->value, " "), field->value);
}

/* RFC 5746 §3.5, §3.7: a hello whose renegotiation_info carries Finished values belongs to
 * a renegotiation; in a first handshake it is empty. */
static void
renegotiating (GString *text, const LabField *message)
{
  LabField *carried = find (message, "extensions.renegotiation_info.renegotiated_connection");

  if (carried != NULL && carried->length > 0)
    append (text, "renegotiating, renegotiation_info %" G_GSIZE_FORMAT " bytes", carried->length);
}

/* "TLS 1.2, 9 suites, SNI server.handshake.lab"; "offers TLS 1.3/TLS 1.2, ..." when
 * supported_versions lists the versions */
static void
summarize_client_hello (GString *text, const LabField *message)
{
  const char *version = version_of (message, "client_version");
  guint suites = count (message, "cipher_suites", "cipher_suite");
  LabField *host = find (message, "extensions.server_name.server_name_list.name.host_name");
  LabField *versions = find (message, "extensions.supported_versions.versions");

  /* RFC 8446 §4.2.1: with supported_versions, the list is the offer and client_version
   * only a legacy value */
  if (versions != NULL && lab_field_n_children (versions) > 0)
    {
      g_autoptr (GString) offer = g_string_new ("offers ");

      for (guint i = 0; i < lab_field_n_children (versions); i++)
        {
          LabField *item = lab_field_get_child (versions, i);
          const char *name = lab_dissect_version_name (item->number);

          if (i > 0)
            g_string_append (offer, "/");
          if (name != NULL)
            g_string_append (offer, name);
          else
            g_string_append_printf (offer, "0x%04x", (guint)item->number);
        }
      append (text, "%s", offer->str);
    }
  else if (version != NULL)
    append (text, "%s", version);
  append (text, "%u %s", suites, plural (suites, "suite", "suites"));
  if (host != NULL)
    append (text, "SNI %s", host->value);
  renegotiating (text, message);
}

/* "TLS 1.2, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, EMS" */
static void
summarize_server_hello (GString *text, const LabField *message)
{
  const char *version = version_of (message, "server_version");
  guint16 selected = lab_dissect_selected_version (message);
  /* a ServerHello's KeyShareEntry, or a HelloRetryRequest's bare selected_group */
  LabField *group = find (message, "extensions.key_share.key_share_entry.group");
  LabField *protocol;

  /* RFC 8446 §4.1.3: a TLS 1.3 ServerHello says 1.2 in legacy_version; the version is
   * supported_versions' selected_version */
  if (group == NULL)
    group = find (message, "extensions.key_share.group");
  if (lab_dissect_is_hello_retry (message))
    append (text, "HelloRetryRequest");
  if (selected != 0)
    version = lab_dissect_version_name (selected);
  if (version != NULL)
    append (text, "%s", version);
  else if (selected != 0)
    append (text, "version 0x%04x", selected);
  name_of (text, message, "cipher_suite");
  if (group != NULL && group->value != NULL)
    append (text, "key share %.*s", (int)strcspn (group->value, " "), group->value);
  if (find (message, "extensions.extended_master_secret") != NULL)
    append (text, "EMS");
  if (find (message, "extensions.encrypt_then_mac") != NULL)
    append (text, "EtM");
  protocol = find (message, "extensions.application_layer_protocol_negotiation.protocol_name_list"
                            ".protocol_name");
  if (protocol != NULL && protocol->value != NULL)
    append (text, "ALPN %s", protocol->value);
  renegotiating (text, message);
}

/* "3 certificates, leaf CN=server.handshake.lab" */
static void
summarize_certificate (GString *text, const LabField *message)
{
  /* TLS 1.3 (RFC 8446 §4.4.2) wraps each certificate in a CertificateEntry */
  guint n = count (message, "certificate_list", "certificate")
            + count (message, "certificate_list", "certificate_entry");
  LabField *leaf = find (message, "certificate_list.certificate");
  g_autofree char *common_name = NULL;

  if (leaf == NULL)
    leaf = find (message, "certificate_list.certificate_entry.certificate");
  common_name = leaf ? lab_dissect_certificate_common_name (leaf) : NULL;

  if (n == 0)
    append (text, "no certificate");
  else
    append (text, "%u %s", n, plural (n, "certificate", "certificates"));
  if (common_name != NULL)
    append (text, "leaf CN=%s", common_name);
}

/* "x25519, ecdsa_secp256r1_sha256"; "2048-bit DH group, rsa_pss_rsae_sha256" */
static void
summarize_server_key_exchange (GString *text, const LabField *message)
{
  LabField *prime = find (message, "dh_p");

  if (prime != NULL)
    append (text, "%.*s DH group", (int)strcspn (prime->value, " "), prime->value);
  else
    name_of (text, message, "named_curve");
  name_of (text, message, "algorithm");
}

/* "32-byte public key"; "256-byte encrypted pre-master secret" */
static void
summarize_client_key_exchange (GString *text, const LabField *message)
{
  length_of (text, message, "ecdh_Yc", "public key");
  length_of (text, message, "dh_Yc", "public value");
  length_of (text, message, "encrypted_pre_master_secret", "encrypted pre-master secret");
  length_of (text, message, "exchange_keys", "key exchange value");
}

/* "2 certificate types, 9 signature schemes, 1 CA" */
static void
summarize_certificate_request (GString *text, const LabField *message)
{
  guint types = count (message, "certificate_types", "certificate_type");
  guint schemes = count (message, "supported_signature_algorithms", "signature_scheme");
  guint cas = count (message, "certificate_authorities", "distinguished_name");

  /* TLS 1.3 (RFC 8446 §4.3.2): a context and extensions, signature_algorithms among them */
  if (find (message, "certificate_request_context") != NULL)
    {
      schemes = count (message, "extensions.signature_algorithms.supported_signature_algorithms",
                       "signature_scheme");
      append (text, "%u signature %s", schemes, plural (schemes, "scheme", "schemes"));
      return;
    }
  append (text, "%u certificate %s", types, plural (types, "type", "types"));
  append (text, "%u signature %s", schemes, plural (schemes, "scheme", "schemes"));
  append (text, "%u %s", cas, plural (cas, "CA", "CAs"));
}

/* "rsa_pss_rsae_sha256, 256-byte signature" */
static void
summarize_certificate_verify (GString *text, const LabField *message)
{
  name_of (text, message, "algorithm");
  length_of (text, message, "signature", "signature");
}

static void
summarize_finished (GString *text, const LabField *message)
{
  length_of (text, message, "verify_data", "verify_data");
}

/* "lifetime 7200 s, 192-byte ticket" */
static void
summarize_new_session_ticket (GString *text, const LabField *message)
{
  LabField *hint = find (message, "ticket_lifetime_hint");
  LabField *lifetime = find (message, "ticket_lifetime");

  if (hint != NULL)
    append (text, "lifetime %" G_GUINT64_FORMAT " s", hint->number);
  if (lifetime != NULL)
    append (text, "lifetime %" G_GUINT64_FORMAT " s", lifetime->number);
  length_of (text, message, "ticket", "ticket");
}

static void
summarize_certificate_status (GString *text, const LabField *message)
{
  LabField *response = find (message, "response");
  int status = -1;
  gsize length;
  const guint8 *data = response ? lab_field_get_data (response, &length) : NULL;

  /* only the status is summarized here; the response's words are the details' */
  g_free (data ? lab_dissect_ocsp_response (data, length, &status) : NULL);
  length_of (text, message, "response", "OCSP response");
  if (status >= 0)
    append (text, "certificate %s", status == 0 ? "good" : status == 1 ? "revoked" : "unknown");
}

/* "3 extensions" */
static void
summarize_encrypted_extensions (GString *text, const LabField *message)
{
  LabField *list = find (message, "extensions");

  if (list != NULL)
    append (text, "%s", list->value ? list->value : "no extensions");
}

/* "update_requested" */
static void
summarize_key_update (GString *text, const LabField *message)
{
  name_of (text, message, "request_update");
}

static const struct
{
  const char *message;
  void (*summarize) (GString *text, const LabField *message);
} summaries[] = {
  { "ClientHello", summarize_client_hello },
  { "ServerHello", summarize_server_hello },
  { "Certificate", summarize_certificate },
  { "ServerKeyExchange", summarize_server_key_exchange },
  { "ClientKeyExchange", summarize_client_key_exchange },
  { "CertificateRequest", summarize_certificate_request },
  { "CertificateVerify", summarize_certificate_verify },
  { "Finished", summarize_finished },
  { "NewSessionTicket", summarize_new_session_ticket },
  { "CertificateStatus", summarize_certificate_status },
  { "EncryptedExtensions", summarize_encrypted_extensions },
  { "KeyUpdate", summarize_key_update },
};

char *
lab_dissect_summarize (const LabField *message)
{
  LabField *error = lab_field_find_error (message);
  g_autoptr (GString) text = g_string_new (NULL);

  if (error != NULL)
    return g_strdup_printf ("malformed: %s", error->error);
  if (lab_field_follow (message, "partial_body") != NULL)
    return g_strdup ("continues in the next record");
  for (gsize i = 0; i < G_N_ELEMENTS (summaries); i++)
    if (g_str_equal (summaries[i].message, message->name))
      summaries[i].summarize (text, message);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
lab_dissect_message_summary (GBytes *message, const LabDissectOptions *options)
{
  g_autoptr (LabField) tree = lab_dissect_message_for_summary (message, options);

  return lab_dissect_summarize (tree);
}
