/* lab-dissect-certificate.c: the Certificate message (RFC 5246 §7.4.2) and the X.509
 * certificates in it (RFC 5280 §4.1).
 *
 * Byte ranges come from our own DER walk (lab-dissect-der.c). Display values come from
 * libcrypto decoding each element's own bytes (a name, an algorithm, a public key, an
 * extension), so they show even when the rest of a certificate is broken. */
#include "lab-dissect-private.h"

#include <openssl/decoder.h>
#include <openssl/err.h>
#include <string.h>

#include "lab-crypto-autoptr.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_ALGOR, X509_ALGOR_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ASN1_OBJECT, ASN1_OBJECT_free)

/* Certificate extensions the lab names (RFC 5280 §4.2; RFC 6962 §3.3 for SCTs). */
static const struct
{
  int nid;
  LabFieldId id;
} extension_kinds[] = {
  { NID_subject_alt_name, LAB_F_SUBJECT_ALT_NAME },
  { NID_basic_constraints, LAB_F_BASIC_CONSTRAINTS },
  { NID_key_usage, LAB_F_KEY_USAGE },
  { NID_ext_key_usage, LAB_F_EXTENDED_KEY_USAGE },
  { NID_subject_key_identifier, LAB_F_SUBJECT_KEY_ID },
  { NID_authority_key_identifier, LAB_F_AUTHORITY_KEY_ID },
  { NID_crl_distribution_points, LAB_F_CRL_DISTRIBUTION_POINTS },
  { NID_info_access, LAB_F_AUTHORITY_INFO_ACCESS },
  { NID_certificate_policies, LAB_F_CERTIFICATE_POLICIES },
  { NID_name_constraints, LAB_F_NAME_CONSTRAINTS },
  { NID_ct_precert_scts, LAB_F_EMBEDDED_SCTS },
};

/* What libcrypto wrote into a memory BIO, on one line ("" when it wrote nothing). It
 * copies the bytes of a name or an IA5String as they are, and a peer can put any bytes
 * there: what is not UTF-8 shows as U+FFFD, so that the text is text (GTK and JSON
 * take nothing else). */
static char *
bio_text (BIO *bio)
{
  char *data = NULL;
  long length = BIO_get_mem_data (bio, &data);
  g_autofree char *text = g_utf8_make_valid (length > 0 ? data : "", MAX (length, 0));
  g_auto (GStrv) lines = g_strsplit (g_strstrip (text), "\n", -1);

  for (char **line = lines; *line != NULL; line++)
    g_strstrip (*line);
  return g_strjoinv (", ", lines);
}

/* libcrypto reads a peer's bytes here only to show them: what it cannot read shows no
 * value, and its errors come off the thread's queue again. Left there, they would be
 * read by whatever asks the queue next on this thread (a live connection's failure)
 * as its own, and a fuzzer would see the queue's allocations pile up, input after
 * input, as a leak. */
static void
show_quietly (const LabDissector *d, LabField *field, LabDissectFormatFunc show)
{
  if (d != NULL && d->for_summary)
    return;
  ERR_set_mark ();
  show (field);
  ERR_pop_to_mark ();
}

static void
show_name (LabField *field)
{
  gsize length;
  const guint8 *data = lab_field_get_data (field, &length);
  g_autoptr (X509_NAME) name = d2i_X509_NAME (NULL, &data, length);
  g_autoptr (BIO) bio = NULL;
  g_autofree char *text = NULL;

  if (name == NULL)
    return;
  bio = BIO_new (BIO_s_mem ());
  /* RFC 4514 order (most specific first), UTF-8 left as it is */
  X509_NAME_print_ex (bio, name, 0,
                      (XN_FLAG_RFC2253 & ~XN_FLAG_SEP_MASK & ~ASN1_STRFLGS_ESC_MSB)
                          | XN_FLAG_SEP_CPLUS_SPC);
  text = bio_text (bio);
  lab_field_set_value (field, "%s", *text ? text : "(empty)");
}

void
lab_dissect_show_name (LabField *field)
{
  show_quietly (NULL, field, show_name);
}

static void
show_object (LabField *field, const ASN1_OBJECT *object)
{
  char text[128];

  OBJ_obj2txt (text, sizeof text, object, 0);
  lab_field_set_value (field, "%s", text);
}

/* an OBJECT IDENTIFIER by its name: "X509v3 Subject Alternative Name" */
static void
show_oid (LabField *field)
{
  gsize length;
  const guint8 *data = lab_field_get_data (field, &length);
  g_autoptr (ASN1_OBJECT) object = d2i_ASN1_OBJECT (NULL, &data, length);

  if (object != NULL)
    show_object (field, object);
}

/* an AlgorithmIdentifier by its algorithm's name: "ecdsa-with-SHA256" */
static void
show_algorithm (LabField *field)
{
  gsize length;
  const guint8 *data = lab_field_get_data (field, &length);
  g_autoptr (X509_ALGOR) algorithm = d2i_X509_ALGOR (NULL, &data, length);
  const ASN1_OBJECT *object;

  if (algorithm == NULL)
    return;
  X509_ALGOR_get0 (&object, NULL, NULL, algorithm);
  show_object (field, object);
}

/* One SubjectPublicKeyInfo decoder for each thread that dissects. d2i_PUBKEY would do
 * the same work, but OpenSSL 3.0 builds a new decoder context for every key (looking
 * up every decoder of every key type: some three million instructions and thousands of
 * allocations a key, most of a certificate's dissection); a context decodes any number
 * of keys, one at a time, into its key slot.
 *
 * Decoding is still the dearest part of a certificate, and the same few keys come back
 * again and again (a chain's keys, in every view and export of a run, in every step of
 * the ladder), so each thread also remembers what its last few keys showed. */
#define REMEMBERED_KEYS 4

typedef struct
{
  GBytes *spki;      /* the SubjectPublicKeyInfo's bytes, or NULL for an empty slot */
  char *description; /* what show_public_key shows for them, or "" */
} RememberedKey;

typedef struct
{
  OSSL_DECODER_CTX *context;
  EVP_PKEY *key; /* where the context puts what it decoded */
  RememberedKey remembered[REMEMBERED_KEYS];
  guint next; /* the slot the next new key takes */
} KeyDecoder;

static void
key_decoder_free (gpointer data)
{
  KeyDecoder *decoder = data;

  OSSL_DECODER_CTX_free (decoder->context);
  EVP_PKEY_free (decoder->key);
  for (guint i = 0; i < REMEMBERED_KEYS; i++)
    {
      g_clear_pointer (&decoder->remembered[i].spki, g_bytes_unref);
      g_free (decoder->remembered[i].description);
    }
  g_free (decoder);
}

static GPrivate key_decoders = G_PRIVATE_INIT (key_decoder_free);

static KeyDecoder *
key_decoder (void)
{
  KeyDecoder *decoder = g_private_get (&key_decoders);

  if (decoder == NULL)
    {
      decoder = g_new0 (KeyDecoder, 1);
      decoder->context
          = OSSL_DECODER_CTX_new_for_pkey (&decoder->key, "DER", "SubjectPublicKeyInfo", NULL,
                                           EVP_PKEY_PUBLIC_KEY, NULL, NULL);
      g_private_set (&key_decoders, decoder);
    }
  return decoder;
}

static EVP_PKEY *
decode_public_key (KeyDecoder *decoder, const guint8 *data, gsize length)
{
  if (decoder->context == NULL)
    return d2i_PUBKEY (NULL, &data, (long)length);
  if (!OSSL_DECODER_from_data (decoder->context, &data, &length))
    g_clear_pointer (&decoder->key, EVP_PKEY_free);
  return g_steal_pointer (&decoder->key);
}

/* "EC (prime256v1), 256 bits"; "RSA, 2048 bits"; NULL for a key libcrypto cannot read */
static char *
describe_public_key (KeyDecoder *decoder, const guint8 *data, gsize length)
{
  g_autoptr (EVP_PKEY) key = decode_public_key (decoder, data, length);
  char group[64] = "";

  if (key == NULL)
    return NULL;
  if (EVP_PKEY_get_group_name (key, group, sizeof group, NULL) && *group)
    return g_strdup_printf ("%s (%s), %d bits", EVP_PKEY_get0_type_name (key), group,
                            EVP_PKEY_get_bits (key));
  return g_strdup_printf ("%s, %d bits", EVP_PKEY_get0_type_name (key), EVP_PKEY_get_bits (key));
}

static void
show_public_key (LabField *field)
{
  KeyDecoder *decoder = key_decoder ();
  g_autoptr (GBytes) spki = lab_field_get_bytes (field);
  RememberedKey *slot = NULL;
  gsize length;
  const guint8 *data = g_bytes_get_data (spki, &length);

  for (guint i = 0; i < REMEMBERED_KEYS && slot == NULL; i++)
    if (decoder->remembered[i].spki != NULL && g_bytes_equal (decoder->remembered[i].spki, spki))
      slot = &decoder->remembered[i];
  if (slot == NULL)
    {
      slot = &decoder->remembered[decoder->next];
      decoder->next = (decoder->next + 1) % REMEMBERED_KEYS;
      g_clear_pointer (&slot->spki, g_bytes_unref);
      g_free (slot->description);
      /* a copy: the field's buffer belongs to its tree */
      slot->spki = g_bytes_new (data, length);
      /* "" rather than NULL for a key that does not decode: a slot then always holds
       * two allocations, and taking it over frees as many as it makes (libFuzzer takes
       * an input that leaves more allocated than it found for a possible leak) */
      slot->description = describe_public_key (decoder, data, length);
      if (slot->description == NULL)
        slot->description = g_strdup ("");
    }
  if (*slot->description != '\0')
    lab_field_set_value (field, "%s", slot->description);
}

/* RFC 5280 §4.1.2.5: UTCTime YYMMDDHHMMSSZ (years 1950-2049), GeneralizedTime
 * YYYYMMDDHHMMSSZ. */
static void
show_time (LabField *field, const LabDerElement *element)
{
  LabReader content = element->content;
  gsize length = lab_reader_remaining (&content);
  const guint8 *text;
  int year;

  if (!lab_reader_bytes (&content, length, &text) || !(length == 13 || length == 15)
      || text[length - 1] != 'Z')
    return;
  for (gsize i = 0; i + 1 < length; i++)
    if (!g_ascii_isdigit (text[i]))
      return;
  year = (text[0] - '0') * 10 + (text[1] - '0');
  if (length == 13)
    year += year < 50 ? 2000 : 1900;
  else
    year = year * 100 + (text[2] - '0') * 10 + (text[3] - '0');
  text += length == 13 ? 2 : 4;
  lab_field_set_value (field, "%04d-%.2s-%.2s %.2s:%.2s:%.2s UTC", year, text, text + 2, text + 4,
                       text + 6, text + 8);
}

/* "4096 (0x1000)" for small serials, colon-separated hex for the usual 16-20 bytes */
static void
show_serial (LabField *field, const LabDerElement *element)
{
  LabReader content = element->content;
  gsize length = lab_reader_remaining (&content);
  const guint8 *bytes;
  guint64 value = 0;
  g_autoptr (GString) hex = g_string_new (NULL);

  if (length == 0 || !lab_reader_bytes (&content, length, &bytes))
    return;
  for (gsize i = 0; i < length; i++)
    g_string_append_printf (hex, "%s%02x", i ? ":" : "", bytes[i]);
  if (length > 8)
    {
      lab_field_set_value (field, "%s", hex->str);
      return;
    }
  for (gsize i = 0; i < length; i++)
    value = (value << 8) | bytes[i];
  lab_field_set_value (field, "%" G_GUINT64_FORMAT " (%s)", value, hex->str);
}

/* RFC 5280 §4.1.2.1: version [0] EXPLICIT INTEGER { v1(0), v2(1), v3(2) } */
static LabField *
read_version (LabDissector *d, LabReader *r, LabField *tbs)
{
  LabDerElement element;
  LabField *version = lab_der_leaf (d, r, tbs, LAB_F_X509_VERSION, 0xa0, &element);
  LabReader content = element.content;
  guint8 tag, length, value;

  if (version != NULL && lab_reader_u8 (&content, &tag) && tag == 0x02
      && lab_reader_u8 (&content, &length) && length == 1 && lab_reader_u8 (&content, &value))
    lab_field_set_value (version, "v%u (%u)", value + 1u, value);
  return version;
}

/* A SEQUENCE shown whole by libcrypto: an AlgorithmIdentifier (RFC 5280 §4.1.1.2:
 * SEQUENCE { algorithm OID, parameters ANY OPTIONAL }) or a Name (§4.1.2.4:
 * SEQUENCE OF RelativeDistinguishedName). */
static gboolean
read_shown (LabDissector *d, LabReader *r, LabField *parent, LabFieldId id,
            LabDissectFormatFunc show)
{
  LabField *field = lab_der_leaf (d, r, parent, id, 0x30, NULL);

  if (field != NULL)
    show_quietly (d, field, show);
  return field != NULL;
}

static gboolean
read_algorithm (LabDissector *d, LabReader *r, LabField *parent, LabFieldId id)
{
  return read_shown (d, r, parent, id, show_algorithm);
}

static gboolean
read_name (LabDissector *d, LabReader *r, LabField *parent, LabFieldId id)
{
  return read_shown (d, r, parent, id, show_name);
}

static gboolean
read_time (LabDissector *d, LabReader *r, LabField *parent, LabFieldId id)
{
  LabDerElement element;
  LabField *field = lab_der_leaf (d, r, parent, id, 0, &element);

  if (field == NULL)
    return FALSE;
  if (element.tag != 0x17 && element.tag != 0x18)
    lab_field_set_value (field, "not a UTCTime or GeneralizedTime (tag 0x%02x)", element.tag);
  else
    show_time (field, &element);
  return TRUE;
}

/* RFC 5280 §4.1.2.5: Validity ::= SEQUENCE { notBefore Time, notAfter Time } */
static gboolean
read_validity (LabDissector *d, LabReader *r, LabField *validity)
{
  return read_time (d, r, validity, LAB_F_NOT_BEFORE)
         && read_time (d, r, validity, LAB_F_NOT_AFTER);
}

/* RFC 5280 §4.1.2.7: SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier,
 * subjectPublicKey BIT STRING } */
static gboolean
read_public_key_info (LabDissector *d, LabReader *r, LabField *spki)
{
  return read_algorithm (d, r, spki, LAB_F_SPKI_ALGORITHM)
         && lab_der_leaf (d, r, spki, LAB_F_SPKI_KEY, 0x03, NULL) != NULL;
}

static LabFieldId
extension_kind (const LabField *extn_id)
{
  gsize length;
  const guint8 *data = lab_field_get_data (extn_id, &length);
  g_autoptr (ASN1_OBJECT) object = NULL;
  int nid;

  ERR_set_mark (); /* as show_quietly */
  object = d2i_ASN1_OBJECT (NULL, &data, length);
  ERR_pop_to_mark ();
  nid = object ? OBJ_obj2nid (object) : NID_undef;
  for (gsize i = 0; i < G_N_ELEMENTS (extension_kinds); i++)
    if (extension_kinds[i].nid == nid)
      return extension_kinds[i].id;
  return LAB_F_X509_EXTENSION;
}

/* RFC 5280 §4.1: Extension ::= SEQUENCE { extnID OBJECT IDENTIFIER,
 * critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING } */
static gboolean
read_extension_fields (LabDissector *d, LabReader *r, LabField *extension)
{
  LabField *extn_id = lab_der_leaf (d, r, extension, LAB_F_EXTN_ID, 0x06, NULL);
  guint8 tag;

  if (extn_id == NULL)
    return FALSE;
  lab_dissect_set_kind (extension, extension_kind (extn_id));
  show_quietly (d, extn_id, show_oid);
  if (lab_der_peek_tag (r, &tag) && tag == 0x01)
    {
      LabDerElement element;
      LabField *critical = lab_der_leaf (d, r, extension, LAB_F_CRITICAL, 0x01, &element);
      guint8 value;

      if (critical == NULL)
        return FALSE;
      if (lab_reader_u8 (&element.content, &value))
        lab_field_set_value (critical,
                             value ? "yes: a verifier that does not know it must reject" : "no");
    }
  return lab_der_leaf (d, r, extension, LAB_F_EXTN_VALUE, 0x04, NULL) != NULL;
}

/* libcrypto's reading of a whole extension: "DNS:server.handshake.lab", "CA:FALSE" */
static void
show_extension (LabField *extension)
{
  gsize length;
  const guint8 *data = lab_field_get_data (extension, &length);
  g_autoptr (X509_EXTENSION) decoded = d2i_X509_EXTENSION (NULL, &data, length);
  g_autoptr (BIO) bio = NULL;
  g_autofree char *text = NULL;
  LabField *value = lab_field_follow (extension, "extn_value");

  if (decoded == NULL)
    return;
  bio = BIO_new (BIO_s_mem ());
  if (!X509V3_EXT_print (bio, decoded, 0, 0))
    return;
  text = bio_text (bio);
  lab_field_set_value (extension, "%s%s", X509_EXTENSION_get_critical (decoded) ? "critical; " : "",
                       text);
  if (value != NULL)
    lab_field_set_value (value, "%s", text);
}

static gboolean
read_extension_list (LabDissector *d, LabReader *r, LabField *extensions)
{
  while (!lab_reader_at_end (r))
    {
      LabField *extension = NULL;
      gboolean go_on = lab_der_constructed (d, r, extensions, LAB_F_X509_EXTENSION, 0x30,
                                            read_extension_fields, &extension);

      if (extension != NULL)
        show_quietly (d, extension, show_extension);
      if (!go_on || extension == NULL)
        return FALSE;
    }
  return TRUE;
}

/* RFC 5280 §4.1.2.9: extensions [3] EXPLICIT SEQUENCE SIZE (1..MAX) OF Extension; the
 * inner SEQUENCE's header sits beside the [3] header, in the same node. */
static gboolean
read_extensions (LabDissector *d, LabReader *r, LabField *extensions)
{
  return lab_der_constructed (d, r, extensions, LAB_F_COUNT, 0x30, read_extension_list, NULL);
}

/* RFC 5280 §4.1.2.8: issuerUniqueID [1] IMPLICIT and subjectUniqueID [2] IMPLICIT
 * (v2 and v3 only, practically never used) */
static gboolean
read_optional (LabDissector *d, LabReader *r, LabField *tbs, guint8 tag, LabFieldId id)
{
  guint8 next;

  if (!lab_der_peek_tag (r, &next) || next != tag)
    return TRUE;
  return lab_der_leaf (d, r, tbs, id, tag, NULL) != NULL;
}

/* RFC 5280 §4.1: TBSCertificate ::= SEQUENCE { version [0] EXPLICIT DEFAULT v1,
 * serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo,
 * issuerUniqueID [1], subjectUniqueID [2], extensions [3] } */
static gboolean
read_tbs_certificate (LabDissector *d, LabReader *r, LabField *tbs)
{
  LabDerElement serial;
  LabField *field;
  guint8 tag;

  if (lab_der_peek_tag (r, &tag) && tag == 0xa0 && read_version (d, r, tbs) == NULL)
    return FALSE;
  if ((field = lab_der_leaf (d, r, tbs, LAB_F_SERIAL_NUMBER, 0x02, &serial)) == NULL)
    return FALSE;
  show_serial (field, &serial);
  if (!(read_algorithm (d, r, tbs, LAB_F_TBS_SIGNATURE) && read_name (d, r, tbs, LAB_F_ISSUER)
        && lab_der_constructed (d, r, tbs, LAB_F_VALIDITY, 0x30, read_validity, NULL)
        && read_name (d, r, tbs, LAB_F_SUBJECT)))
    return FALSE;
  if (!lab_der_constructed (d, r, tbs, LAB_F_SPKI, 0x30, read_public_key_info, &field))
    return FALSE;
  show_quietly (d, field, show_public_key);
  if (!read_optional (d, r, tbs, 0x81, LAB_F_ISSUER_UNIQUE_ID)
      || !read_optional (d, r, tbs, 0x82, LAB_F_SUBJECT_UNIQUE_ID))
    return FALSE;
  if (lab_der_peek_tag (r, &tag) && tag == 0xa3)
    return lab_der_constructed (d, r, tbs, LAB_F_X509_EXTENSIONS, 0xa3, read_extensions, NULL);
  return TRUE;
}

/* RFC 5280 §4.1: Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm
 * AlgorithmIdentifier, signatureValue BIT STRING } */
static gboolean
read_certificate_fields (LabDissector *d, LabReader *r, LabField *certificate)
{
  return lab_der_constructed (d, r, certificate, LAB_F_TBS_CERTIFICATE, 0x30, read_tbs_certificate,
                              NULL)
         && read_algorithm (d, r, certificate, LAB_F_CERT_SIGNATURE_ALGORITHM)
         && lab_der_leaf (d, r, certificate, LAB_F_CERT_SIGNATURE_VALUE, 0x03, NULL) != NULL;
}

/* opaque ASN.1Cert<1..2^24-1>: the length, then the DER certificate */
static gboolean
read_der_certificate (LabDissector *d, LabReader *r, LabField *list)
{
  LabField *certificate = NULL;
  gboolean go_on = lab_der_constructed (d, r, list, LAB_F_CERTIFICATE, 0x30,
                                        read_certificate_fields, &certificate);
  LabField *subject
      = certificate ? lab_field_follow (certificate, "tbs_certificate.subject") : NULL;

  if (subject != NULL && subject->value != NULL)
    certificate->value = g_strdup (subject->value);
  return go_on;
}

static gboolean
read_certificate_entries (LabDissector *d, LabReader *r, LabField *list)
{
  while (!lab_reader_at_end (r))
    {
      LabField *length = lab_dissect_uint (d, r, list, LAB_F_CERTIFICATE_LENGTH, 3, NULL);
      LabReader der;
      gsize cut_short;

      if (length == NULL
          || !lab_dissect_open (d, r, list, length->number, "the certificate", &der, &cut_short)
          || !lab_dissect_run (d, &der, cut_short, list, "the certificate", read_der_certificate))
        return FALSE;
    }
  return TRUE;
}

/* RFC 5246 §7.4.2: struct { ASN.1Cert certificate_list<0..2^24-1>; } Certificate;
 * the sender's certificate first, each following one certifying the one before. */
gboolean
lab_dissect_certificate (LabDissector *d, LabReader *r, LabField *node)
{
  return lab_dissect_vector (d, r, node, LAB_F_CERTIFICATE_LIST_LENGTH, LAB_F_CERTIFICATE_LIST, 3,
                             read_certificate_entries, NULL);
}

static char *
common_name_of (const LabField *certificate)
{
  LabField *subject = lab_field_follow (certificate, "tbs_certificate.subject");
  gsize length;
  const guint8 *data;
  g_autoptr (X509_NAME) name = NULL;
  int index;
  unsigned char *utf8 = NULL;
  int utf8_length;
  char *common_name;

  if (subject == NULL)
    return NULL;
  data = lab_field_get_data (subject, &length);
  name = d2i_X509_NAME (NULL, &data, length);
  if (name == NULL || (index = X509_NAME_get_index_by_NID (name, NID_commonName, -1)) < 0)
    return NULL;
  utf8_length
      = ASN1_STRING_to_UTF8 (&utf8, X509_NAME_ENTRY_get_data (X509_NAME_get_entry (name, index)));
  if (utf8_length < 0)
    return NULL;
  common_name = g_strndup ((const char *)utf8, utf8_length);
  OPENSSL_free (utf8);
  return common_name;
}

char *
lab_dissect_certificate_common_name (const LabField *certificate)
{
  char *common_name;

  ERR_set_mark (); /* as show_quietly */
  common_name = common_name_of (certificate);
  ERR_pop_to_mark ();
  return common_name;
}
