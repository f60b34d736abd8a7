/* lab-protocol-types.c: content types, handshake types, phases and alerts as tables.
 * RFC 5246 §6.2.1 (content types), §7.4 (handshake types), §7.2 (alerts); RFC 5077
 * (NewSessionTicket), RFC 6066 (certificate_status, unrecognized_name...). */
#include "lab-registry.h"

static const LabContentTypeInfo content_types[] = {
  { 20, "change_cipher_spec", "content.change_cipher_spec" },
  { 21, "alert", "content.alert" },
  { 22, "handshake", "content.handshake" },
  { 23, "application_data", "content.application_data" },
  { 24, "heartbeat", "content.heartbeat" },
};

static const LabHandshakeTypeInfo handshake_types[] = {
  { 0, "HelloRequest", "hello_request", LAB_PHASE_NEGOTIATION, "message.HelloRequest" },
  { 1, "ClientHello", "client_hello", LAB_PHASE_NEGOTIATION, "message.ClientHello" },
  { 2, "ServerHello", "server_hello", LAB_PHASE_NEGOTIATION, "message.ServerHello" },
  { 4, "NewSessionTicket", "new_session_ticket", LAB_PHASE_FINISHED,
    "message.NewSessionTicket" },
  { 5, "EndOfEarlyData", "end_of_early_data", LAB_PHASE_FINISHED, "message.EndOfEarlyData" },
  { 8, "EncryptedExtensions", "encrypted_extensions", LAB_PHASE_NEGOTIATION,
    "message.EncryptedExtensions" },
  { 11, "Certificate", "certificate", LAB_PHASE_SERVER_AUTH, "message.Certificate" },
  { 12, "ServerKeyExchange", "server_key_exchange", LAB_PHASE_SERVER_AUTH,
    "message.ServerKeyExchange" },
  { 13, "CertificateRequest", "certificate_request", LAB_PHASE_SERVER_AUTH,
    "message.CertificateRequest" },
  { 14, "ServerHelloDone", "server_hello_done", LAB_PHASE_SERVER_AUTH,
    "message.ServerHelloDone" },
  { 15, "CertificateVerify", "certificate_verify", LAB_PHASE_CLIENT_AUTH_KEYS,
    "message.CertificateVerify" },
  { 16, "ClientKeyExchange", "client_key_exchange", LAB_PHASE_CLIENT_AUTH_KEYS,
    "message.ClientKeyExchange" },
  { 20, "Finished", "finished", LAB_PHASE_FINISHED, "message.Finished" },
  { 22, "CertificateStatus", "certificate_status", LAB_PHASE_SERVER_AUTH,
    "message.CertificateStatus" },
  { 24, "KeyUpdate", "key_update", LAB_PHASE_RECORD, "message.KeyUpdate" },
};

static const LabAlertInfo alerts[] = {
  { 0, "close_notify", "alert.close_notify" },
  { 10, "unexpected_message", "alert.unexpected_message" },
  { 20, "bad_record_mac", "alert.bad_record_mac" },
  { 21, "decryption_failed", "alert.decryption_failed" },
  { 22, "record_overflow", "alert.record_overflow" },
  { 30, "decompression_failure", "alert.decompression_failure" },
  { 40, "handshake_failure", "alert.handshake_failure" },
  { 41, "no_certificate", "alert.no_certificate" },
  { 42, "bad_certificate", "alert.bad_certificate" },
  { 43, "unsupported_certificate", "alert.unsupported_certificate" },
  { 44, "certificate_revoked", "alert.certificate_revoked" },
  { 45, "certificate_expired", "alert.certificate_expired" },
  { 46, "certificate_unknown", "alert.certificate_unknown" },
  { 47, "illegal_parameter", "alert.illegal_parameter" },
  { 48, "unknown_ca", "alert.unknown_ca" },
  { 49, "access_denied", "alert.access_denied" },
  { 50, "decode_error", "alert.decode_error" },
  { 51, "decrypt_error", "alert.decrypt_error" },
  { 60, "export_restriction", "alert.export_restriction" },
  { 70, "protocol_version", "alert.protocol_version" },
  { 71, "insufficient_security", "alert.insufficient_security" },
  { 80, "internal_error", "alert.internal_error" },
  { 86, "inappropriate_fallback", "alert.inappropriate_fallback" },
  { 90, "user_canceled", "alert.user_canceled" },
  { 100, "no_renegotiation", "alert.no_renegotiation" },
  { 109, "missing_extension", "alert.missing_extension" },
  { 110, "unsupported_extension", "alert.unsupported_extension" },
  { 112, "unrecognized_name", "alert.unrecognized_name" },
  { 113, "bad_certificate_status_response", "alert.bad_certificate_status_response" },
  { 115, "unknown_psk_identity", "alert.unknown_psk_identity" },
  { 116, "certificate_required", "alert.certificate_required" },
  { 120, "no_application_protocol", "alert.no_application_protocol" },
};

static const struct
{
  const char *name;
  const char *title;
} phases[] = {
  [LAB_PHASE_NONE] = { "none", "Before the connection" },
  [LAB_PHASE_CONNECTION] = { "connection", "Connection" },
  [LAB_PHASE_NEGOTIATION] = { "negotiation", "Negotiation" },
  [LAB_PHASE_SERVER_AUTH] = { "server-authentication", "Server authentication" },
  [LAB_PHASE_CLIENT_AUTH_KEYS] = { "client-authentication-and-keys",
                                   "Client authentication and session keys" },
  [LAB_PHASE_FINISHED] = { "end-of-handshake", "End of handshake" },
  [LAB_PHASE_RECORD] = { "record-protocol", "Record protocol" },
  [LAB_PHASE_RENEGOTIATION] = { "renegotiation", "Renegotiation" },
};

const LabContentTypeInfo *
lab_content_type_lookup (guint8 value)
{
  for (gsize i = 0; i < G_N_ELEMENTS (content_types); i++)
    if (content_types[i].value == value)
      return &content_types[i];
  return NULL;
}

const LabHandshakeTypeInfo *
lab_handshake_type_lookup (guint8 value)
{
  for (gsize i = 0; i < G_N_ELEMENTS (handshake_types); i++)
    if (handshake_types[i].value == value)
      return &handshake_types[i];
  return NULL;
}

const LabHandshakeTypeInfo *
lab_handshake_type_lookup_name (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (handshake_types); i++)
    if (g_strcmp0 (handshake_types[i].name, name) == 0
        || g_strcmp0 (handshake_types[i].rfc_name, name) == 0)
      return &handshake_types[i];
  return NULL;
}

const char *
lab_phase_name (LabPhase phase)
{
  return phase <= LAB_PHASE_RENEGOTIATION ? phases[phase].name : "unknown";
}

const char *
lab_phase_title (LabPhase phase)
{
  return phase <= LAB_PHASE_RENEGOTIATION ? phases[phase].title : "Unknown";
}

const LabAlertInfo *
lab_alert_lookup (guint8 value)
{
  for (gsize i = 0; i < G_N_ELEMENTS (alerts); i++)
    if (alerts[i].value == value)
      return &alerts[i];
  return NULL;
}

char *
lab_alert_describe (int value)
{
  const LabAlertInfo *info = value >= 0 && value <= G_MAXUINT8 ? lab_alert_lookup ((guint8) value)
                                                                : NULL;

  if (value < 0)
    return NULL;
  return info ? g_strdup (info->name) : g_strdup_printf ("unknown (%d)", value);
}

const LabAlertInfo *
lab_alert_lookup_name (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (alerts); i++)
    if (g_strcmp0 (alerts[i].name, name) == 0)
      return &alerts[i];
  return NULL;
}

const char *
lab_alert_level_name (guint8 level)
{
  return level == 1 ? "warning" : level == 2 ? "fatal" : "unknown";
}
