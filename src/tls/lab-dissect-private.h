/* lab-dissect-private.h: what the dissector's files share: the field table, the
 * dissection state and the reading helpers every message parser is built from. */
#pragma once

#include "lab-dissect.h"
#include "lab-extensions.h"
#include "lab-groups.h"
#include "lab-signature-schemes.h"
#include "lab-verify-errors.h"
#include "lab-reader.h"


G_BEGIN_DECLS

/* Every kind of field: id, stable name, label for people, explanation key. Length
 * prefixes of plain vectors share one explanation (field.vector_length). */
/* clang-format off */
#define LAB_DISSECT_FIELDS(F)                                                                 \
  F (ERROR, "error", "Malformed bytes", "field.error")                                        \
  F (RECORDS, "records", "Records", "field.records")                                          \
  F (RECORD, "record", "Record", "field.record")                                              \
  F (CONTENT_TYPE, "content_type", "Content type", "field.record.content_type")               \
  F (RECORD_VERSION, "version", "Record version", "field.record.version")                     \
  F (RECORD_LENGTH, "length", "Record length", "field.record.length")                         \
  F (FRAGMENT, "fragment", "Fragment", "field.record.fragment")                               \
  F (APPLICATION_DATA, "application_data", "Application data", "field.application_data")      \
  F (CONTINUATION, "continuation", "End of an earlier message", "field.record.continuation")   \
  F (PARTIAL_BODY, "partial_body", "Start of a message body", "field.record.partial_body")     \
  F (ENCRYPTED_FRAGMENT, "encrypted_fragment", "Encrypted fragment",                          \
     "field.encrypted.fragment")                                                              \
  F (NONCE_EXPLICIT, "nonce_explicit", "Explicit nonce", "field.encrypted.nonce_explicit")    \
  F (CIPHERTEXT, "ciphertext", "Ciphertext", "field.encrypted.ciphertext")                    \
  F (AEAD_TAG, "tag", "Authentication tag", "field.encrypted.tag")                            \
  F (CBC_IV, "iv", "IV", "field.encrypted.iv")                                                \
  F (CBC_MAC, "mac", "MAC", "field.encrypted.mac")                                            \
  F (CBC_SEALED, "ciphertext", "Ciphertext (content, MAC and padding)",                       \
     "field.encrypted.mac_then_encrypt")                                                      \
  F (NULL_CONTENT, "content", "Content (not encrypted)", "field.encrypted.null_content")      \
  F (NULL_MAC, "mac", "MAC", "field.encrypted.null_mac")                                      \
  F (CHANGE_CIPHER_SPEC, "change_cipher_spec", "ChangeCipherSpec",                            \
     "content.change_cipher_spec")                                                            \
  F (CCS_TYPE, "type", "ChangeCipherSpec type", "field.change_cipher_spec.type")              \
  F (ALERT, "alert", "Alert", "content.alert")                                                \
  F (ALERT_LEVEL, "level", "Alert level", "field.alert.level")                                \
  F (ALERT_DESCRIPTION, "description", "Alert description", "field.alert.description")        \
  F (HANDSHAKE_MESSAGE, "handshake_message", "Handshake message", "field.handshake.message")  \
  F (MSG_TYPE, "msg_type", "Message type", "field.handshake.msg_type")                        \
  F (MSG_LENGTH, "length", "Message length", "field.handshake.length")                        \
  F (CLIENT_VERSION, "client_version", "Client version", "field.client_version")              \
  F (SERVER_VERSION, "server_version", "Server version", "field.server_version")              \
  F (CLIENT_RANDOM, "random", "Client random", "field.client_random")                         \
  F (SERVER_RANDOM, "random", "Server random", "field.server_random")                         \
  F (SESSION_ID_LENGTH, "session_id_length", "Session ID length", "field.vector_length")       \
  F (SESSION_ID, "session_id", "Session ID", "field.session_id")                              \
  F (CIPHER_SUITES_LENGTH, "cipher_suites_length", "Cipher suites length",                    \
     "field.vector_length")                                                                   \
  F (CIPHER_SUITES, "cipher_suites", "Cipher suites", "field.cipher_suites")                  \
  F (OFFERED_SUITE, "cipher_suite", "Cipher suite", "field.offered_cipher_suite")             \
  F (CIPHER_SUITE, "cipher_suite", "Cipher suite", "field.cipher_suite")                      \
  F (COMPRESSION_METHODS_LENGTH, "compression_methods_length", "Compression methods length",  \
     "field.vector_length")                                                                   \
  F (COMPRESSION_METHODS, "compression_methods", "Compression methods",                       \
     "field.compression_methods")                                                             \
  F (OFFERED_COMPRESSION, "compression_method", "Compression method",                         \
     "field.offered_compression_method")                                                      \
  F (COMPRESSION_METHOD, "compression_method", "Compression method",                          \
     "field.compression_method")                                                              \
  F (EXTENSIONS_LENGTH, "extensions_length", "Extensions length", "field.vector_length")      \
  F (EXTENSIONS, "extensions", "Extensions", "field.extensions")                              \
  F (UNKNOWN_EXTENSION, "unknown_extension", "Unknown extension", "extension.unknown")        \
  F (GREASE_EXTENSION, "grease", "GREASE extension", "extension.grease")                      \
  F (EXTENSION_TYPE, "extension_type", "Extension type", "field.extension.type")              \
  F (EXTENSION_LENGTH, "length", "Extension length", "field.extension.length")                \
  F (EXTENSION_DATA, "extension_data", "Extension data", "field.extension.data")              \
  F (SERVER_NAME_LIST_LENGTH, "server_name_list_length", "Server name list length",           \
     "field.vector_length")                                                                   \
  F (SERVER_NAME_LIST, "server_name_list", "Server name list", "field.sni.server_name_list")  \
  F (SERVER_NAME_ENTRY, "name", "Server name", "field.sni.entry")                             \
  F (NAME_TYPE, "name_type", "Name type", "field.sni.name_type")                              \
  F (HOST_NAME_LENGTH, "host_name_length", "Host name length", "field.vector_length")         \
  F (HOST_NAME, "host_name", "Host name", "field.sni.host_name")                              \
  F (STATUS_TYPE, "status_type", "Status type", "field.status_request.status_type")           \
  F (RESPONDER_ID_LIST_LENGTH, "responder_id_list_length", "Responder ID list length",        \
     "field.vector_length")                                                                   \
  F (RESPONDER_ID_LIST, "responder_id_list", "Responder ID list",                             \
     "field.status_request.responder_id_list")                                                \
  F (REQUEST_EXTENSIONS_LENGTH, "request_extensions_length", "OCSP request extensions length", \
     "field.vector_length")                                                                   \
  F (REQUEST_EXTENSIONS, "request_extensions", "OCSP request extensions",                     \
     "field.status_request.request_extensions")                                               \
  F (NAMED_GROUP_LIST_LENGTH, "named_group_list_length", "Named group list length",           \
     "field.vector_length")                                                                   \
  F (NAMED_GROUP_LIST, "named_group_list", "Named groups", "field.named_group_list")           \
  F (NAMED_GROUP, "named_group", "Named group", "field.named_group")                          \
  F (EC_POINT_FORMATS_LENGTH, "ec_point_format_list_length", "Point format list length",      \
     "field.vector_length")                                                                   \
  F (EC_POINT_FORMAT_LIST, "ec_point_format_list", "Point formats",                           \
     "field.ec_point_format_list")                                                            \
  F (EC_POINT_FORMAT, "ec_point_format", "Point format", "field.ec_point_format")             \
  F (SIGNATURE_ALGORITHMS_LENGTH, "supported_signature_algorithms_length",                    \
     "Signature algorithms length", "field.vector_length")                                    \
  F (SIGNATURE_ALGORITHMS, "supported_signature_algorithms", "Signature algorithms",          \
     "field.supported_signature_algorithms")                                                  \
  F (SIGNATURE_SCHEME, "signature_scheme", "Signature scheme", "field.signature_scheme")      \
  F (PROTOCOL_NAME_LIST_LENGTH, "protocol_name_list_length", "Protocol name list length",     \
     "field.vector_length")                                                                   \
  F (PROTOCOL_NAME_LIST, "protocol_name_list", "Protocol names",                              \
     "field.alpn.protocol_name_list")                                                         \
  F (PROTOCOL_NAME_LENGTH, "protocol_name_length", "Protocol name length",                    \
     "field.vector_length")                                                                   \
  F (PROTOCOL_NAME, "protocol_name", "Protocol name", "field.alpn.protocol_name")             \
  F (PADDING, "padding", "Padding", "field.padding")                                          \
  F (RECORD_SIZE_LIMIT, "record_size_limit", "Record size limit", "field.record_size_limit")  \
  F (MAX_FRAGMENT_LENGTH, "max_fragment_length", "Maximum fragment length",                   \
     "field.max_fragment_length")                                                             \
  F (HEARTBEAT_MODE, "mode", "Heartbeat mode", "field.heartbeat_mode")                        \
  F (SESSION_TICKET, "ticket", "Session ticket", "field.session_ticket.ticket")               \
  F (VERSIONS_LENGTH, "versions_length", "Versions length", "field.vector_length")            \
  F (VERSIONS, "versions", "Supported versions", "field.supported_versions.versions")         \
  F (VERSION, "version", "Version", "field.supported_versions.version")                       \
  F (SELECTED_VERSION, "selected_version", "Selected version",                                \
     "field.supported_versions.selected_version")                                             \
  F (CLIENT_SHARES_LENGTH, "client_shares_length", "Client shares length",                    \
     "field.vector_length")                                                                   \
  F (CLIENT_SHARES, "client_shares", "Client key shares", "field.key_share.client_shares")    \
  F (KEY_SHARE_ENTRY, "key_share_entry", "Key share", "field.key_share.entry")                \
  F (KEY_SHARE_GROUP, "group", "Group", "field.named_group")                                  \
  F (KEY_EXCHANGE_LENGTH, "key_exchange_length", "Key exchange length", "field.vector_length") \
  F (KEY_EXCHANGE, "key_exchange", "Public key", "field.key_share.key_exchange")              \
  F (RENEGOTIATED_CONNECTION_LENGTH, "renegotiated_connection_length",                        \
     "Renegotiated connection length", "field.vector_length")                                 \
  F (RENEGOTIATED_CONNECTION, "renegotiated_connection", "Renegotiated connection",           \
     "field.renegotiated_connection")                                                         \
  F (KE_MODES_LENGTH, "ke_modes_length", "Key exchange modes length", "field.vector_length")   \
  F (KE_MODES, "ke_modes", "PSK key exchange modes", "field.psk_ke_modes")                    \
  F (KE_MODE, "ke_mode", "PSK key exchange mode", "field.psk_ke_mode")                        \
  F (CERTIFICATE_LIST_LENGTH, "certificate_list_length", "Certificate list length",           \
     "field.vector_length")                                                                   \
  F (CERTIFICATE_LIST, "certificate_list", "Certificate list", "field.certificate_list")      \
  F (CERTIFICATE_LENGTH, "certificate_length", "Certificate length", "field.vector_length")   \
  F (CERTIFICATE, "certificate", "Certificate", "field.certificate")                          \
  F (DER_HEADER, "der_header", "DER tag and length", "field.der_header")                      \
  F (TBS_CERTIFICATE, "tbs_certificate", "Signed part (tbsCertificate)",                      \
     "field.x509.tbs_certificate")                                                            \
  F (X509_VERSION, "version", "X.509 version", "field.x509.version")                          \
  F (SERIAL_NUMBER, "serial_number", "Serial number", "field.x509.serial_number")             \
  F (TBS_SIGNATURE, "signature", "Signature algorithm (signed part)", "field.x509.signature") \
  F (ISSUER, "issuer", "Issuer", "field.x509.issuer")                                         \
  F (VALIDITY, "validity", "Validity", "field.x509.validity")                                 \
  F (NOT_BEFORE, "not_before", "Not before", "field.x509.not_before")                         \
  F (NOT_AFTER, "not_after", "Not after", "field.x509.not_after")                             \
  F (SUBJECT, "subject", "Subject", "field.x509.subject")                                     \
  F (SPKI, "subject_public_key_info", "Public key", "field.x509.subject_public_key_info")     \
  F (SPKI_ALGORITHM, "algorithm", "Public key algorithm", "field.x509.public_key_algorithm")  \
  F (SPKI_KEY, "subject_public_key", "Public key bits", "field.x509.subject_public_key")      \
  F (ISSUER_UNIQUE_ID, "issuer_unique_id", "Issuer unique ID", "field.x509.unique_id")        \
  F (SUBJECT_UNIQUE_ID, "subject_unique_id", "Subject unique ID", "field.x509.unique_id")     \
  F (X509_EXTENSIONS, "extensions", "Certificate extensions", "field.x509.extensions")        \
  F (X509_EXTENSION, "extension", "Extension", "field.x509.extension")                        \
  F (SUBJECT_ALT_NAME, "subject_alt_name", "Subject alternative names",                       \
     "field.x509.subject_alt_name")                                                           \
  F (BASIC_CONSTRAINTS, "basic_constraints", "Basic constraints",                             \
     "field.x509.basic_constraints")                                                          \
  F (KEY_USAGE, "key_usage", "Key usage", "field.x509.key_usage")                             \
  F (EXTENDED_KEY_USAGE, "extended_key_usage", "Extended key usage",                          \
     "field.x509.extended_key_usage")                                                         \
  F (SUBJECT_KEY_ID, "subject_key_identifier", "Subject key identifier",                      \
     "field.x509.subject_key_identifier")                                                     \
  F (AUTHORITY_KEY_ID, "authority_key_identifier", "Authority key identifier",                \
     "field.x509.authority_key_identifier")                                                   \
  F (CRL_DISTRIBUTION_POINTS, "crl_distribution_points", "CRL distribution points",           \
     "field.x509.crl_distribution_points")                                                    \
  F (AUTHORITY_INFO_ACCESS, "authority_info_access", "Authority information access",          \
     "field.x509.authority_info_access")                                                      \
  F (CERTIFICATE_POLICIES, "certificate_policies", "Certificate policies",                    \
     "field.x509.certificate_policies")                                                       \
  F (NAME_CONSTRAINTS, "name_constraints", "Name constraints", "field.x509.name_constraints")  \
  F (EMBEDDED_SCTS, "embedded_scts", "Certificate Transparency timestamps",                   \
     "field.x509.embedded_scts")                                                              \
  F (EXTN_ID, "extn_id", "Extension identifier", "field.x509.extn_id")                        \
  F (CRITICAL, "critical", "Critical", "field.x509.critical")                                 \
  F (EXTN_VALUE, "extn_value", "Extension value", "field.x509.extn_value")                    \
  F (CERT_SIGNATURE_ALGORITHM, "signature_algorithm", "Signature algorithm",                  \
     "field.x509.signature_algorithm")                                                        \
  F (CERT_SIGNATURE_VALUE, "signature_value", "Issuer's signature",                           \
     "field.x509.signature_value")                                                            \
  F (CURVE_TYPE, "curve_type", "Curve type", "field.ske.curve_type")                          \
  F (NAMED_CURVE, "named_curve", "Named curve", "field.ske.named_curve")                      \
  F (ECDH_PUBLIC_LENGTH, "public_length", "Public key length", "field.vector_length")         \
  F (ECDH_PUBLIC, "public", "Server's ECDH public key", "field.ske.ecdh_public")              \
  F (DH_P_LENGTH, "dh_p_length", "Prime length", "field.vector_length")                       \
  F (DH_P, "dh_p", "Prime p", "field.ske.dh_p")                                               \
  F (DH_G_LENGTH, "dh_g_length", "Generator length", "field.vector_length")                   \
  F (DH_G, "dh_g", "Generator g", "field.ske.dh_g")                                           \
  F (DH_YS_LENGTH, "dh_Ys_length", "Public value length", "field.vector_length")              \
  F (DH_YS, "dh_Ys", "Server's DH public value", "field.ske.dh_Ys")                           \
  F (SIGNED_ALGORITHM, "algorithm", "Signature scheme", "field.signed.algorithm")             \
  F (SIGNATURE_LENGTH, "signature_length", "Signature length", "field.vector_length")         \
  F (SKE_SIGNATURE, "signature", "Signature", "field.ske.signature")                          \
  F (CV_SIGNATURE, "signature", "Signature", "field.certificate_verify.signature")            \
  F (CERTIFICATE_TYPES_LENGTH, "certificate_types_length", "Certificate types length",        \
     "field.vector_length")                                                                   \
  F (CERTIFICATE_TYPES, "certificate_types", "Certificate types",                             \
     "field.certificate_request.certificate_types")                                           \
  F (CERTIFICATE_TYPE, "certificate_type", "Certificate type",                                \
     "field.certificate_request.certificate_type")                                            \
  F (CERTIFICATE_AUTHORITIES_LENGTH, "certificate_authorities_length",                        \
     "Certificate authorities length", "field.vector_length")                                 \
  F (CERTIFICATE_AUTHORITIES, "certificate_authorities", "Certificate authorities",           \
     "field.certificate_request.certificate_authorities")                                     \
  F (DISTINGUISHED_NAME_LENGTH, "distinguished_name_length", "Name length",                   \
     "field.vector_length")                                                                   \
  F (DISTINGUISHED_NAME, "distinguished_name", "Certificate authority name",                  \
     "field.certificate_request.distinguished_name")                                          \
  F (ENCRYPTED_PMS_LENGTH, "encrypted_pre_master_secret_length",                              \
     "Encrypted pre-master secret length", "field.vector_length")                             \
  F (ENCRYPTED_PMS, "encrypted_pre_master_secret", "Encrypted pre-master secret",             \
     "field.cke.encrypted_pre_master_secret")                                                 \
  F (DH_YC_LENGTH, "dh_Yc_length", "Public value length", "field.vector_length")              \
  F (DH_YC, "dh_Yc", "Client's DH public value", "field.cke.dh_Yc")                           \
  F (ECDH_YC_LENGTH, "ecdh_Yc_length", "Public key length", "field.vector_length")            \
  F (ECDH_YC, "ecdh_Yc", "Client's ECDH public key", "field.cke.ecdh_Yc")                     \
  F (EXCHANGE_KEYS, "exchange_keys", "Key exchange bytes", "field.cke.exchange_keys")         \
  F (PSK_HINT_LENGTH, "psk_identity_hint_length", "Identity hint length",                     \
     "field.vector_length")                                                                   \
  F (PSK_HINT, "psk_identity_hint", "PSK identity hint", "field.ske.psk_identity_hint")       \
  F (PSK_IDENTITY_LENGTH, "psk_identity_length", "Identity length", "field.vector_length")    \
  F (PSK_IDENTITY, "psk_identity", "PSK identity", "field.cke.psk_identity")                  \
  F (SRP_N_LENGTH, "srp_N_length", "Prime length", "field.vector_length")                     \
  F (SRP_N, "srp_N", "SRP prime N", "field.ske.srp_N")                                        \
  F (SRP_G_LENGTH, "srp_g_length", "Generator length", "field.vector_length")                 \
  F (SRP_G, "srp_g", "SRP generator g", "field.ske.srp_g")                                    \
  F (SRP_S_LENGTH, "srp_s_length", "Salt length", "field.vector_length")                      \
  F (SRP_S, "srp_s", "Salt", "field.ske.srp_s")                                               \
  F (SRP_B_LENGTH, "srp_B_length", "Public value length", "field.vector_length")              \
  F (SRP_B, "srp_B", "Server's SRP public value B", "field.ske.srp_B")                        \
  F (SRP_A_LENGTH, "srp_A_length", "Public value length", "field.vector_length")              \
  F (SRP_A, "srp_A", "Client's SRP public value A", "field.cke.srp_A")                        \
  F (VERIFY_DATA, "verify_data", "Verify data", "field.verify_data")                          \
  F (TICKET_LIFETIME_HINT, "ticket_lifetime_hint", "Ticket lifetime hint",                    \
     "field.ticket_lifetime_hint")                                                            \
  F (TICKET_LENGTH, "ticket_length", "Ticket length", "field.vector_length")                  \
  F (TICKET, "ticket", "Ticket", "field.new_session_ticket.ticket")                           \
  F (CERTIFICATE_STATUS_TYPE, "status_type", "Status type",                                  \
     "field.certificate_status.status_type")                                                  \
  F (OCSP_RESPONSE_LENGTH, "response_length", "OCSP response length", "field.vector_length")  \
  F (OCSP_RESPONSE, "response", "OCSP response", "field.certificate_status.response")

typedef enum
{
#define LAB_DISSECT_FIELD_ENUM(id, name, label, key) LAB_F_##id,
  LAB_DISSECT_FIELDS (LAB_DISSECT_FIELD_ENUM)
#undef LAB_DISSECT_FIELD_ENUM
  LAB_F_COUNT
} LabFieldId;
/* clang-format on */

typedef struct
{
  const char *name;
  const char *label;
  const char *explanation_key;
} LabFieldSpec;

const LabFieldSpec *lab_dissect_field_spec (LabFieldId id);

/* The state of one dissection. */
typedef struct
{
  GBytes *source;
  LabDissectOptions options;
  /* The limit of the reader being read is where the input ran out, before the end its
   * length said: a vector that runs past it is cut short, not corrupt. */
  gboolean truncated;
  gsize missing;         /* when truncated: the bytes its length promised beyond its limit */
  guint8 msg_type;       /* the handshake message being read: some extensions differ by it */
  const void *list_item; /* what the items of the list being read are, for its body */
} LabDissector;

/* Reads what a body holds into node, from r; FALSE once it stopped at an error. */
typedef gboolean (*LabDissectBodyFunc) (LabDissector *d, LabReader *r, LabField *node);
/* Gives a numeric field its display value (and the key of what the value means). */
typedef void (*LabDissectFormatFunc) (LabField *field);

void lab_dissect_init (LabDissector *d, GBytes *source, const LabDissectOptions *options);

/* A node for a field of the table; appended to parent when parent is not NULL. */
LabField *lab_dissect_node (LabDissector *d, LabField *parent, LabFieldId id, gsize offset,
                            gsize length);

/* Gives node another kind from the table (its name, label and explanation). */
void lab_dissect_set_kind (LabField *node, LabFieldId id);
/* Sets a container's length to end at the reader's cursor. */
void lab_dissect_end (LabField *node, const LabReader *r);

/* An error node from the cursor to the reader's limit, and the reader moved there.
 * Returns FALSE, so that a parser can `return lab_dissect_fail (...)`. */
gboolean lab_dissect_fail (LabDissector *d, LabReader *r, LabField *parent, const char *format, ...)
    G_GNUC_PRINTF (4, 5);

/* A size-byte big-endian integer (1 to 4) as a leaf; NULL after an error node. */
LabField *lab_dissect_uint (LabDissector *d, LabReader *r, LabField *parent, LabFieldId id,
                            guint size, LabDissectFormatFunc format);
/* length bytes as a leaf shown in hex; NULL after an error node. */
LabField *lab_dissect_opaque (LabDissector *d, LabReader *r, LabField *parent, LabFieldId id,
                              gsize length);
/* Everything left in r as one leaf, for fields whose end is the end of what holds them.
 * When the input was cut short the field cannot be whole: an error node instead. */
LabField *lab_dissect_rest (LabDissector *d, LabReader *r, LabField *parent, LabFieldId id);
/* An opaque vector: its length prefix (prefix bytes) and its bytes, as two leaves.
 * Returns the bytes' leaf, or NULL after an error node (at the bytes when they do not
 * fit: a cut-short opaque value is not worth reading half of). */
LabField *lab_dissect_opaque_vector (LabDissector *d, LabReader *r, LabField *parent,
                                     LabFieldId length_id, LabFieldId id, guint prefix);

/* Opens *sub over the next claimed bytes of r and moves r past them. When fewer are
 * left and the input ran out there, *sub takes what is left and *cut_short says how many
 * bytes are missing; otherwise the claim is corrupt: an error node covers the rest of r
 * and FALSE. what names the thing for the message: "the record". */
gboolean lab_dissect_open (LabDissector *d, LabReader *r, LabField *parent, gsize claimed,
                           const char *what, LabReader *sub, gsize *cut_short);
/* Runs body over sub (opened by lab_dissect_open), then checks that it ended exactly
 * (bytes left over are an error node). Returns TRUE when the caller may go on after the
 * extent: always when it was whole, since an error inside stays inside it. */
gboolean lab_dissect_run (LabDissector *d, LabReader *sub, gsize cut_short, LabField *node,
                          const char *what, LabDissectBodyFunc body);

/* A vector whose content has structure: the length leaf, then a node for the content
 * that body fills. *node_out (if given) receives that node, or NULL. */
gboolean lab_dissect_vector (LabDissector *d, LabReader *r, LabField *parent, LabFieldId length_id,
                             LabFieldId id, guint prefix, LabDissectBodyFunc body,
                             LabField **node_out);
/* A vector of integers of item_size bytes each, each a leaf item_id shown by format. */
gboolean lab_dissect_uint_list (LabDissector *d, LabReader *r, LabField *parent,
                                LabFieldId length_id, LabFieldId id, guint prefix,
                                LabFieldId item_id, guint item_size, LabDissectFormatFunc format);

/* A vector of opaque vectors (each with a prefix of item_prefix bytes), each item a leaf
 * shown by format (NULL: in hex). */
gboolean lab_dissect_opaque_list (LabDissector *d, LabReader *r, LabField *parent,
                                  LabFieldId length_id, LabFieldId id, guint prefix,
                                  LabFieldId item_length_id, LabFieldId item_id, guint item_prefix,
                                  LabDissectFormatFunc format);

/* A node for something a registry table names (a message, an extension): the table's
 * name is its name and label. */
LabField *lab_dissect_table_node (LabDissector *d, LabField *parent, const char *name,
                                  const char *explanation_key, gsize offset);

/* Message bodies (lab-dissect-handshake.c, -key-exchange.c, -certificate.c) and
 * extensions (lab-dissect-extensions.c), each citing its RFC section. */
/* One handshake message (RFC 5246 §7.4); returns its node. *go_on is FALSE when the input
 * ended inside it. */
LabField *lab_dissect_handshake_message (LabDissector *d, LabReader *r, LabField *parent,
                                         gboolean *go_on);
gboolean lab_dissect_client_hello (LabDissector *d, LabReader *r, LabField *node);
gboolean lab_dissect_server_hello (LabDissector *d, LabReader *r, LabField *node);
gboolean lab_dissect_certificate (LabDissector *d, LabReader *r, LabField *node);
gboolean lab_dissect_server_key_exchange (LabDissector *d, LabReader *r, LabField *node);
gboolean lab_dissect_certificate_request (LabDissector *d, LabReader *r, LabField *node);
gboolean lab_dissect_certificate_verify (LabDissector *d, LabReader *r, LabField *node);
gboolean lab_dissect_client_key_exchange (LabDissector *d, LabReader *r, LabField *node);
gboolean lab_dissect_extensions (LabDissector *d, LabReader *r, LabField *node);

/* Shows the DER X.501 Name a field covers as text: "CN=server.handshake.lab, O=..." */
void lab_dissect_show_name (LabField *field);
/* The subject's common name of a "certificate" node, or NULL. */
char *lab_dissect_certificate_common_name (const LabField *certificate);

/* One DER TLV read with its own bounds checks over LabReader (lab-dissect-der.c). */
typedef struct
{
  guint8 tag;
  gsize offset;        /* of the tag byte */
  gsize header_length; /* tag and length bytes */
  LabReader content;   /* the value; cut short when the input ran out */
  gsize cut_short;     /* bytes of the value missing from the input */
} LabDerElement;

/* A constructed element: node (created from id, appended to parent) for the whole
 * element, a der_header leaf in it, then body reading its content. With id LAB_F_COUNT
 * the element gets no node of its own: header and content go to parent. A wrong tag or
 * a bad length is an error node at the element's first byte. */
gboolean lab_der_constructed (LabDissector *d, LabReader *r, LabField *parent, LabFieldId id,
                              guint8 tag, LabDissectBodyFunc body, LabField **node_out);
/* A primitive (or not looked into) element as one leaf covering tag, length and value;
 * NULL after an error node at the element's first byte. tag 0 accepts any tag. */
LabField *lab_der_leaf (LabDissector *d, LabReader *r, LabField *parent, LabFieldId id, guint8 tag,
                        LabDerElement *element_out);
/* The tag of the next element, without moving; FALSE at the end. */
gboolean lab_der_peek_tag (const LabReader *r, guint8 *tag);

/* Display values (lab-dissect-values.c). */
void lab_dissect_format_version (LabField *field);
void lab_dissect_format_cipher_suite (LabField *field);
void lab_dissect_format_compression (LabField *field);
void lab_dissect_format_content_type (LabField *field);
void lab_dissect_format_handshake_type (LabField *field);
void lab_dissect_format_alert_level (LabField *field);
void lab_dissect_format_alert_description (LabField *field);
void lab_dissect_format_extension_type (LabField *field);
void lab_dissect_format_group (LabField *field);
void lab_dissect_format_signature_scheme (LabField *field);
void lab_dissect_format_point_format (LabField *field);
void lab_dissect_format_status_type (LabField *field);
void lab_dissect_format_bytes (LabField *field, const guint8 *data, gsize length);
/* "12 bytes" / "1 byte" */
char *lab_dissect_describe_length (gsize length);

G_END_DECLS
