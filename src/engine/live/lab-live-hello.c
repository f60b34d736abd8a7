/* lab-live-hello.c: what a ClientHello said, and other facts the live sentences read from
 * the messages. */
#include "lab-live-hello.h"
#include "tls/lab-reader.h"
#include "tls/lab-registry.h"

#include <openssl/x509v3.h>

const char *
lab_live_version_name (guint16 version)
{
  switch (version)
    {
    case 0x0300:
      return "SSL 3.0";
    case 0x0301:
      return "TLS 1.0";
    case 0x0302:
      return "TLS 1.1";
    case 0x0303:
      return "TLS 1.2";
    case 0x0304:
      return "TLS 1.3";
    default:
      return NULL;
    }
}

char *
lab_live_version_text (guint16 version)
{
  const char *name = lab_live_version_name (version);

  return name ? g_strdup (name) : g_strdup_printf ("version 0x%04x", version);
}

const LabEvent *
lab_live_sent_message (LabTrace *trace, guint n, guint8 type, LabSide sender)
{
  for (guint i = 0; i < MIN (n, lab_trace_get_n_events (trace)); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);

      if (e->kind == LAB_EVENT_MESSAGE && e->sent && e->side == sender
          && e->handshake_type == type && e->bytes != NULL)
        return e;
    }
  return NULL;
}

void
lab_live_hello_clear (LabLiveHello *h)
{
  g_clear_pointer (&h->server_name, g_free);
}

gboolean
lab_live_hello_read (const LabEvent *e, LabLiveHello *h)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (e->bytes, &len);
  LabReader r, session, suites, compression, extensions;

  g_clear_pointer (&h->server_name, g_free);
  *h = (LabLiveHello){ 0 };
  lab_reader_init (&r, data, len);
  if (!lab_reader_skip (&r, 4) || !lab_reader_u16 (&r, &h->version) || !lab_reader_skip (&r, 32)
      || !lab_reader_vector (&r, 1, &session, NULL) || !lab_reader_vector (&r, 2, &suites, NULL)
      || !lab_reader_vector (&r, 1, &compression, NULL))
    return FALSE;
  while (lab_reader_remaining (&suites) >= 2)
    {
      guint16 id;
      const LabCipherSuite *suite;

      lab_reader_u16 (&suites, &id);
      suite = lab_cipher_suite_lookup (id);
      h->offers_rsa_key_exchange |= suite != NULL && suite->kx == LAB_KX_RSA;
    }
  /* RFC 5246 §7.4.1.2: the extensions may be absent altogether */
  if (lab_reader_at_end (&r) || !lab_reader_vector (&r, 2, &extensions, NULL))
    return TRUE;
  while (lab_reader_remaining (&extensions) >= 4)
    {
      guint16 type;
      LabReader body, list;

      if (!lab_reader_u16 (&extensions, &type) || !lab_reader_vector (&extensions, 2, &body, NULL))
        break;
      if (type == 0 && h->server_name == NULL)
        {
          /* RFC 6066 §3: a list of (name_type, host_name); host_name is type 0 */
          LabReader names, name;
          guint8 name_type;

          if (lab_reader_vector (&body, 2, &names, NULL) && lab_reader_u8 (&names, &name_type)
              && name_type == 0 && lab_reader_vector (&names, 2, &name, NULL))
            {
              const guint8 *bytes;
              gsize n = lab_reader_remaining (&name);

              if (lab_reader_bytes (&name, n, &bytes))
                h->server_name = g_utf8_make_valid ((const char *) bytes, (gssize) n);
            }
        }
      else if (type == 13)
        h->has_signature_algorithms = TRUE;
      else if (type == 43 && lab_reader_vector (&body, 1, &list, NULL))
        {
          h->has_supported_versions = TRUE;
          while (lab_reader_remaining (&list) >= 2 && h->n_versions < G_N_ELEMENTS (h->versions))
            lab_reader_u16 (&list, &h->versions[h->n_versions++]);
        }
    }
  return TRUE;
}

gboolean
lab_live_hello_offers (const LabLiveHello *h, guint16 version)
{
  for (guint i = 0; i < h->n_versions; i++)
    if (h->versions[i] == version)
      return TRUE;
  return FALSE;
}

char *
lab_live_hello_versions (const LabLiveHello *h)
{
  g_autoptr (GString) out = g_string_new (NULL);
  guint named = 0;

  for (guint i = 0; i < h->n_versions; i++)
    if (lab_live_version_name (h->versions[i]) != NULL)
      named++;
  for (guint i = 0, k = 0; i < h->n_versions; i++)
    {
      const char *name = lab_live_version_name (h->versions[i]);

      if (name == NULL)
        continue;
      g_string_append_printf (out, "%s%s", k == 0 ? "" : k + 1 == named ? " and " : ", ", name);
      k++;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
lab_live_certificate_name (X509 *cert)
{
  GENERAL_NAMES *names = cert ? X509_get_ext_d2i (cert, NID_subject_alt_name, NULL, NULL)
                              : NULL;
  char *out = NULL;

  for (int i = 0; names && i < sk_GENERAL_NAME_num (names) && out == NULL; i++)
    {
      const GENERAL_NAME *name = sk_GENERAL_NAME_value (names, i);
      if (name->type == GEN_DNS)
        out = g_strdup ((const char *) ASN1_STRING_get0_data (name->d.dNSName));
    }
  GENERAL_NAMES_free (names);
  return out;
}
