/* lab-dissect-key-exchange.c: ServerKeyExchange, CertificateRequest, CertificateVerify
 * and ClientKeyExchange (RFC 5246 §7.4.3, §7.4.4, §7.4.8, §7.4.7; RFC 8422 §5.4, §5.7;
 * for pre-shared keys RFC 4279 and RFC 5489, for SRP RFC 5054).
 *
 * A key exchange message does not say which key exchange it belongs to: the negotiated
 * cipher suite does. Without one the dissector guesses from the bytes and says so. */
#include "lab-dissect-private.h"

#define GUESSED " — read as %s: no cipher suite was given"

static void
format_curve_type (LabField *field)
{
  /* RFC 8422 §5.4: explicit_prime (1) and explicit_char2 (2) are deprecated */
  static const char *const names[] = { NULL, "explicit_prime", "explicit_char2", "named_curve" };
  const char *name = field->number < G_N_ELEMENTS (names) ? names[field->number] : NULL;

  lab_field_set_value (field, "%s (%" G_GUINT64_FORMAT ")", name ? name : "unknown", field->number);
}

/* "2048-bit prime: ffff…" — the size of a big number without its leading zero bits */
static void
show_bits (LabField *field, const char *what)
{
  gsize length;
  const guint8 *data = lab_field_get_data (field, &length);
  gsize bits = 0;

  for (gsize i = 0; i < length && bits == 0; i++)
    if (data[i] != 0)
      bits = (length - i - 1) * 8 + g_bit_storage (data[i]);
  lab_field_set_value (field, "%" G_GSIZE_FORMAT "-bit %s; %s", bits, what, field->value);
}

/* RFC 5246 §4.7 and §7.4.1.4.1: a digitally-signed element in TLS 1.2 is
 * struct { SignatureAndHashAlgorithm algorithm; opaque signature<0..2^16-1>; } */
static gboolean
read_signed (LabDissector *d, LabReader *r, LabField *node, LabFieldId signature_id)
{
  return lab_dissect_uint (d, r, node, LAB_F_SIGNED_ALGORITHM, 2,
                           lab_dissect_format_signature_scheme)
         && lab_dissect_opaque_vector (d, r, node, LAB_F_SIGNATURE_LENGTH, signature_id, 2);
}

/* RFC 8422 §5.4: struct { ECParameters curve_params; ECPoint public; } ServerECDHParams,
 * where ECParameters is { ECCurveType curve_type; NamedCurve namedcurve; } for the only
 * curve type still allowed, and ECPoint is opaque point<1..2^8-1>. */
static gboolean
read_ecdh_params (LabDissector *d, LabReader *r, LabField *node, gboolean guessed)
{
  LabField *curve_type = lab_dissect_uint (d, r, node, LAB_F_CURVE_TYPE, 1, format_curve_type);

  if (curve_type == NULL)
    return FALSE;
  if (guessed)
    lab_field_set_value (curve_type, "%s" GUESSED, curve_type->value, "ECDHE");
  if (curve_type->number != 3)
    return lab_dissect_fail (d, r, node,
                             "Only named curves (curve_type 3) are allowed: RFC 8422 §5.4 "
                             "deprecated curves described in the message.");
  return lab_dissect_uint (d, r, node, LAB_F_NAMED_CURVE, 2, lab_dissect_format_group)
         && lab_dissect_opaque_vector (d, r, node, LAB_F_ECDH_PUBLIC_LENGTH, LAB_F_ECDH_PUBLIC, 1);
}

/* RFC 5246 §7.4.3: struct { opaque dh_p<1..2^16-1>; opaque dh_g<1..2^16-1>;
 * opaque dh_Ys<1..2^16-1>; } ServerDHParams; */
static gboolean
read_dh_params (LabDissector *d, LabReader *r, LabField *node, gboolean guessed)
{
  LabField *p = lab_dissect_opaque_vector (d, r, node, LAB_F_DH_P_LENGTH, LAB_F_DH_P, 2);
  LabField *g = p ? lab_dissect_opaque_vector (d, r, node, LAB_F_DH_G_LENGTH, LAB_F_DH_G, 2) : NULL;
  LabField *ys
      = g ? lab_dissect_opaque_vector (d, r, node, LAB_F_DH_YS_LENGTH, LAB_F_DH_YS, 2) : NULL;

  if (p != NULL)
    show_bits (p, "prime");
  if (p != NULL && guessed)
    lab_field_set_value (p, "%s" GUESSED, p->value, "DHE");
  return ys != NULL;
}

/* RFC 4279 §2 (and §3, §4; RFC 5489 §2): opaque psk_identity_hint<0..2^16-1> or
 * psk_identity<0..2^16-1>, "in UTF-8" (§5.1): shown as text when it is printable. */
static gboolean
read_psk_name (LabDissector *d, LabReader *r, LabField *node, LabFieldId length_id,
               LabFieldId id)
{
  LabField *field = lab_dissect_opaque_vector (d, r, node, length_id, id, 2);
  gsize length;
  const guint8 *data;

  if (field == NULL)
    return FALSE;
  data = lab_field_get_data (field, &length);
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isprint (data[i]))
      return TRUE;
  lab_field_set_value (field, length ? "“%.*s”" : "(none)", (int) length, (const char *) data);
  return TRUE;
}

/* RFC 5054 §2.5.3: struct { opaque srp_N<1..2^16-1>; opaque srp_g<1..2^16-1>;
 * opaque srp_s<1..2^8-1>; opaque srp_B<1..2^16-1>; } ServerSRPParams; */
static gboolean
read_srp_params (LabDissector *d, LabReader *r, LabField *node)
{
  LabField *n = lab_dissect_opaque_vector (d, r, node, LAB_F_SRP_N_LENGTH, LAB_F_SRP_N, 2);

  if (n != NULL)
    show_bits (n, "prime");
  return n != NULL && lab_dissect_opaque_vector (d, r, node, LAB_F_SRP_G_LENGTH, LAB_F_SRP_G, 2)
         && lab_dissect_opaque_vector (d, r, node, LAB_F_SRP_S_LENGTH, LAB_F_SRP_S, 1)
         && lab_dissect_opaque_vector (d, r, node, LAB_F_SRP_B_LENGTH, LAB_F_SRP_B, 2);
}

/* The suite's key exchange, or a guess: a ServerKeyExchange that starts with
 * named_curve (3) and a known elliptic curve is ECDHE. */
static LabKeyExchange
server_key_exchange_kind (LabDissector *d, const LabReader *r, gboolean *guessed)
{
  LabReader probe = *r;
  guint8 curve_type;
  guint16 group;
  const LabGroupInfo *info;

  *guessed = d->options.suite == NULL;
  if (!*guessed)
    return d->options.suite->kx;
  if (lab_reader_u8 (&probe, &curve_type) && curve_type == 3 && lab_reader_u16 (&probe, &group)
      && (info = lab_group_lookup (group)) != NULL && info->kind != LAB_GROUP_FFDHE)
    return LAB_KX_ECDHE;
  return LAB_KX_DHE;
}

/* RFC 5246 §7.4.3 (RFC 8422 §5.4 for ECDHE): the server's ephemeral parameters, then a
 * signature over both randoms and the parameters. */
gboolean
lab_dissect_server_key_exchange (LabDissector *d, LabReader *r, LabField *node)
{
  gboolean guessed;
  LabKeyExchange kx = server_key_exchange_kind (d, r, &guessed);

  switch (kx)
    {
    case LAB_KX_RSA:
      return lab_dissect_fail (d, r, node,
                               "With RSA key exchange the server sends no ServerKeyExchange "
                               "(RFC 5246 §7.4.3).");
    case LAB_KX_PSK:
    case LAB_KX_RSA_PSK:
      /* RFC 4279 §2, §4: only the hint, which helps the client pick its key */
      return read_psk_name (d, r, node, LAB_F_PSK_HINT_LENGTH, LAB_F_PSK_HINT);
    case LAB_KX_DHE_PSK:
    case LAB_KX_ECDHE_PSK:
      /* RFC 4279 §3, RFC 5489 §2: the hint, then the parameters, unsigned: the PSK
       * mixed into the secret is what authenticates them */
      return read_psk_name (d, r, node, LAB_F_PSK_HINT_LENGTH, LAB_F_PSK_HINT)
             && (kx == LAB_KX_ECDHE_PSK ? read_ecdh_params (d, r, node, FALSE)
                                        : read_dh_params (d, r, node, FALSE));
    case LAB_KX_SRP:
      /* RFC 5054 §2.5.3: signed when the suite has a certificate, not otherwise */
      return read_srp_params (d, r, node)
             && (lab_reader_at_end (r) || read_signed (d, r, node, LAB_F_SKE_SIGNATURE));
    case LAB_KX_ECDHE:
    case LAB_KX_DHE:
    default:
      if (!(kx == LAB_KX_ECDHE ? read_ecdh_params (d, r, node, guessed)
                               : read_dh_params (d, r, node, guessed)))
        return FALSE;
      /* anonymous suites (DH_anon, ECDH_anon) end here, unsigned */
      return lab_reader_at_end (r) || read_signed (d, r, node, LAB_F_SKE_SIGNATURE);
    }
}

/* RFC 5246 §7.4.8: struct { digitally-signed struct { opaque handshake_messages[...]; } }
 * CertificateVerify; */
gboolean
lab_dissect_certificate_verify (LabDissector *d, LabReader *r, LabField *node)
{
  return read_signed (d, r, node, LAB_F_CV_SIGNATURE);
}

/* RFC 5246 §7.4.7: the client's half of the key exchange.
 * RSA (§7.4.7.1): public-key-encrypted PreMasterSecret, as opaque<0..2^16-1> (§4.7).
 * DHE (§7.4.7.2): opaque dh_Yc<1..2^16-1>.  ECDHE (RFC 8422 §5.7): opaque point<1..2^8-1>. */
gboolean
lab_dissect_client_key_exchange (LabDissector *d, LabReader *r, LabField *node)
{
  LabReader probe = *r;
  gsize left = lab_reader_remaining (r);
  guint8 short_length;
  guint16 long_length;
  LabField *field;

  if (d->options.suite != NULL)
    {
      LabKeyExchange kx = d->options.suite->kx;
      gboolean psk = kx == LAB_KX_PSK || kx == LAB_KX_DHE_PSK || kx == LAB_KX_ECDHE_PSK
                     || kx == LAB_KX_RSA_PSK;

      /* RFC 4279 §2-4, RFC 5489 §2: the PSK suites start with the client's identity */
      if (psk && !read_psk_name (d, r, node, LAB_F_PSK_IDENTITY_LENGTH, LAB_F_PSK_IDENTITY))
        return FALSE;
      switch (kx)
        {
        case LAB_KX_PSK:
          return TRUE;
        case LAB_KX_ECDHE:
        case LAB_KX_ECDHE_PSK:
          return lab_dissect_opaque_vector (d, r, node, LAB_F_ECDH_YC_LENGTH, LAB_F_ECDH_YC, 1)
                 != NULL;
        case LAB_KX_DHE:
        case LAB_KX_DHE_PSK:
          return lab_dissect_opaque_vector (d, r, node, LAB_F_DH_YC_LENGTH, LAB_F_DH_YC, 2)
                 != NULL;
        case LAB_KX_SRP:
          /* RFC 5054 §2.5.4: opaque srp_A<1..2^16-1> */
          return lab_dissect_opaque_vector (d, r, node, LAB_F_SRP_A_LENGTH, LAB_F_SRP_A, 2)
                 != NULL;
        case LAB_KX_RSA:
        case LAB_KX_RSA_PSK:
        default:
          return lab_dissect_opaque_vector (d, r, node, LAB_F_ENCRYPTED_PMS_LENGTH,
                                            LAB_F_ENCRYPTED_PMS, 2)
                 != NULL;
        }
    }
  /* no suite: a 1-byte length that fits exactly is an ECDHE point; a 2-byte one could
   * be RSA or DHE, which the bytes cannot tell apart */
  if (lab_reader_u8 (&probe, &short_length) && short_length + 1u == left)
    {
      field = lab_dissect_opaque_vector (d, r, node, LAB_F_ECDH_YC_LENGTH, LAB_F_ECDH_YC, 1);
      lab_field_set_value (field, "%s" GUESSED, field->value, "ECDHE");
      return TRUE;
    }
  probe = *r;
  if (lab_reader_u16 (&probe, &long_length) && long_length + 2u == left)
    field = lab_dissect_opaque_vector (d, r, node, LAB_F_ENCRYPTED_PMS_LENGTH, LAB_F_EXCHANGE_KEYS,
                                       2);
  else
    field = lab_dissect_rest (d, r, node, LAB_F_EXCHANGE_KEYS);
  if (field == NULL)
    return FALSE;
  lab_field_set_value (field,
                       "%s — an RSA-encrypted secret or a DH value: no cipher suite "
                       "was given",
                       field->value);
  return TRUE;
}

static void
format_certificate_type (LabField *field)
{
  /* RFC 5246 §7.4.4 and RFC 8422 §5.5 */
  static const struct
  {
    guint8 value;
    const char *name;
  } types[] = {
    { 1, "rsa_sign" },          { 2, "dss_sign" },    { 3, "rsa_fixed_dh" },
    { 4, "dss_fixed_dh" },      { 64, "ecdsa_sign" }, { 65, "rsa_fixed_ecdh" },
    { 66, "ecdsa_fixed_ecdh" },
  };
  const char *name = "unknown";

  for (gsize i = 0; i < G_N_ELEMENTS (types); i++)
    if (types[i].value == field->number)
      name = types[i].name;
  lab_field_set_value (field, "%s (%" G_GUINT64_FORMAT ")", name, field->number);
}

/* RFC 5246 §7.4.4: struct { ClientCertificateType certificate_types<1..2^8-1>;
 * SignatureAndHashAlgorithm supported_signature_algorithms<2^16-1>;
 * DistinguishedName certificate_authorities<0..2^16-1>; } CertificateRequest;
 * opaque DistinguishedName<1..2^16-1>, the DER of an X.501 Name. */
gboolean
lab_dissect_certificate_request (LabDissector *d, LabReader *r, LabField *node)
{
  return lab_dissect_uint_list (d, r, node, LAB_F_CERTIFICATE_TYPES_LENGTH, LAB_F_CERTIFICATE_TYPES,
                                1, LAB_F_CERTIFICATE_TYPE, 1, format_certificate_type)
         && lab_dissect_uint_list (d, r, node, LAB_F_SIGNATURE_ALGORITHMS_LENGTH,
                                   LAB_F_SIGNATURE_ALGORITHMS, 2, LAB_F_SIGNATURE_SCHEME, 2,
                                   lab_dissect_format_signature_scheme)
         && lab_dissect_opaque_list (
             d, r, node, LAB_F_CERTIFICATE_AUTHORITIES_LENGTH, LAB_F_CERTIFICATE_AUTHORITIES, 2,
             LAB_F_DISTINGUISHED_NAME_LENGTH, LAB_F_DISTINGUISHED_NAME, 2, lab_dissect_show_name);
}
