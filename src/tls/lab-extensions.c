/* lab-extensions.c: hello extensions as a table. RFC 5246 §7.4.1.4 defines the
 * mechanism; each entry names the document that defines the extension itself. */
#include "lab-extensions.h"

#define EXT(value, name, rfc)                                                                      \
  {                                                                                                \
    value, name, rfc, "extension." name                                                            \
  }

static const LabExtensionInfo extensions[] = {
  EXT (0, "server_name", "RFC 6066 §3"),
  EXT (1, "max_fragment_length", "RFC 6066 §4"),
  EXT (2, "client_certificate_url", "RFC 6066 §5"),
  EXT (3, "trusted_ca_keys", "RFC 6066 §6"),
  EXT (4, "truncated_hmac", "RFC 6066 §7"),
  EXT (5, "status_request", "RFC 6066 §8"),
  EXT (6, "user_mapping", "RFC 4681 §2"),
  EXT (9, "cert_type", "RFC 6091 §3.1"),
  EXT (10, "supported_groups", "RFC 8422 §5.1.1, RFC 7919 §2"),
  EXT (11, "ec_point_formats", "RFC 8422 §5.1.2"),
  EXT (12, "srp", "RFC 5054 §2.8.1"),
  EXT (13, "signature_algorithms", "RFC 5246 §7.4.1.4.1"),
  EXT (14, "use_srtp", "RFC 5764 §4.1"),
  EXT (15, "heartbeat", "RFC 6520 §2"),
  EXT (16, "application_layer_protocol_negotiation", "RFC 7301 §3.1"),
  EXT (17, "status_request_v2", "RFC 6961 §2"),
  EXT (18, "signed_certificate_timestamp", "RFC 6962 §3.3.1"),
  EXT (19, "client_certificate_type", "RFC 7250 §3"),
  EXT (20, "server_certificate_type", "RFC 7250 §3"),
  EXT (21, "padding", "RFC 7685 §3"),
  EXT (22, "encrypt_then_mac", "RFC 7366 §2"),
  EXT (23, "extended_master_secret", "RFC 7627 §5.1"),
  EXT (24, "token_binding", "RFC 8472 §2"),
  EXT (25, "cached_info", "RFC 7924 §3"),
  EXT (27, "compress_certificate", "RFC 8879 §3"),
  EXT (28, "record_size_limit", "RFC 8449 §4"),
  EXT (34, "delegated_credential", "RFC 9345 §4.1"),
  EXT (35, "session_ticket", "RFC 5077 §3.2"),
  EXT (41, "pre_shared_key", "RFC 8446 §4.2.11"),
  EXT (42, "early_data", "RFC 8446 §4.2.10"),
  EXT (43, "supported_versions", "RFC 8446 §4.2.1"),
  EXT (44, "cookie", "RFC 8446 §4.2.2"),
  EXT (45, "psk_key_exchange_modes", "RFC 8446 §4.2.9"),
  EXT (47, "certificate_authorities", "RFC 8446 §4.2.4"),
  EXT (48, "oid_filters", "RFC 8446 §4.2.5"),
  EXT (49, "post_handshake_auth", "RFC 8446 §4.2.6"),
  EXT (50, "signature_algorithms_cert", "RFC 8446 §4.2.3"),
  EXT (51, "key_share", "RFC 8446 §4.2.8"),
  EXT (13172, "next_protocol_negotiation", "draft-agl-tls-nextprotoneg-04"),
  EXT (17513, "application_settings", "draft-vvv-tls-alps-01"),
  EXT (0xfe0d, "encrypted_client_hello", "draft-ietf-tls-esni-18 §5"),
  EXT (0xff01, "renegotiation_info", "RFC 5746 §3.2"),
};

gboolean
lab_is_grease (guint16 value)
{
  return (value & 0x0f0f) == 0x0a0a && (value >> 8) == (value & 0xff);
}

const LabExtensionInfo *
lab_extension_lookup (guint16 value)
{
  for (gsize i = 0; i < G_N_ELEMENTS (extensions); i++)
    if (extensions[i].value == value)
      return &extensions[i];
  return NULL;
}

const LabExtensionInfo *
lab_extension_lookup_name (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (extensions); i++)
    if (g_strcmp0 (extensions[i].name, name) == 0)
      return &extensions[i];
  return NULL;
}

const LabExtensionInfo *
lab_extension_all (gsize *n_extensions)
{
  *n_extensions = G_N_ELEMENTS (extensions);
  return extensions;
}
