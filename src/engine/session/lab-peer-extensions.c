/* lab-peer-extensions.c: the hello extensions a scenario turns on, as OpenSSL callbacks.
 *
 * SNI (RFC 6066 §3). A server with [server] names holds a certificate for each; its
 * servername callback, which OpenSSL calls while it reads the ClientHello and before it
 * chooses the suite, swaps in the certificate made for the name the client asked for and
 * returns SSL_TLSEXT_ERR_OK, which makes OpenSSL answer with an empty server_name
 * extension in the ServerHello. A name it has no certificate for: the first name's
 * certificate and no answer (SSL_TLSEXT_ERR_NOACK), or a fatal unrecognized_name alert
 * (SSL_TLSEXT_ERR_ALERT_FATAL). A server without names has no callback: OpenSSL then
 * neither reads nor answers server_name (HACKING.md, "Hello extensions").
 *
 * OCSP stapling (RFC 6066 §8). A client with [client] ocsp sends status_request; a server
 * with ocsp-stapling answers it with its CA's response about the certificate it sends, in
 * a CertificateStatus message. OpenSSL 3.0's client does not look at a stapled response
 * itself: its status callback, called once the server's flight is in (stapled or not),
 * does, and returning 0 makes OpenSSL send bad_certificate_status_response (113).
 *
 * ALPN (RFC 7301). The client's list goes into its ClientHello (SSL_CTX_set_alpn_protos);
 * the server's select callback picks the first of its own protocols the client offered
 * (the server's preference, §3.2) and OpenSSL names it in the ServerHello; with none in
 * common it returns SSL_TLSEXT_ERR_ALERT_FATAL, which OpenSSL sends as a fatal
 * no_application_protocol (120), as §3.2 requires.
 *
 * Pinning. A client with [client] pin = server-key accepts only the real server's keys,
 * whatever CA vouches for another (what an app that pins does; RFC 7469 §2.6 lets
 * browsers skip pins for roots a user added, and the lab's client does not). Its
 * certificate verification callback runs OpenSSL's own check first, then compares the
 * leaf's key; a key not pinned is a failed check of the leaf, X509_V_ERR_APPLICATION_
 * VERIFICATION, reported through the same verify callback as every other check. */
#include "lab-peer-extensions.h"
#include "engine/pki/lab-ocsp.h"
#include "tls/lab-crypto-autoptr.h"
#include "tls/lab-error.h"

#include <openssl/err.h>
#include <openssl/x509_vfy.h>
#include <string.h>

/* ---- SNI ---- */

/* Puts `leaf` on this connection in place of the context's certificate. */
static gboolean
use_leaf_on (SSL *ssl, const LabPkiLeaf *leaf)
{
  STACK_OF (X509) *chain = sk_X509_new_null ();
  X509 *cert = leaf->loadable != NULL ? leaf->loadable : leaf->cert;
  gboolean ok;

  for (guint i = 0; chain != NULL && i < leaf->chain->len; i++)
    sk_X509_push (chain, g_ptr_array_index (leaf->chain, i));
  ERR_clear_error ();
  ok = chain != NULL && SSL_use_cert_and_key (ssl, cert, leaf->key, chain, 1) == 1;
  sk_X509_free (chain); /* SSL_use_cert_and_key took references of its own */
  ERR_clear_error ();
  return ok;
}

static int
choose_by_name (SSL *ssl, int *alert, const LabPki *pki, gboolean refuse_unknown)
{
  const char *asked = SSL_get_servername (ssl, TLSEXT_NAMETYPE_host_name);
  const LabPkiLeaf *leaf = lab_pki_server_leaf_for (pki, asked);

  if (asked == NULL)
    return SSL_TLSEXT_ERR_NOACK; /* no name asked for: the default certificate */
  if (leaf == NULL && refuse_unknown)
    {
      *alert = SSL_AD_UNRECOGNIZED_NAME;
      return SSL_TLSEXT_ERR_ALERT_FATAL;
    }
  if (leaf == NULL)
    return SSL_TLSEXT_ERR_NOACK; /* the default certificate, and no word of the name */
  if (leaf != &pki->server && !use_leaf_on (ssl, leaf))
    {
      *alert = SSL_AD_INTERNAL_ERROR;
      return SSL_TLSEXT_ERR_ALERT_FATAL;
    }
  return SSL_TLSEXT_ERR_OK;
}

static int
on_server_name (SSL *ssl, int *alert, void *pki)
{
  return choose_by_name (ssl, alert, pki, FALSE);
}

static int
on_server_name_refusing_unknown (SSL *ssl, int *alert, void *pki)
{
  return choose_by_name (ssl, alert, pki, TRUE);
}

/* ---- OCSP stapling ---- */

/* The server's: the response about the certificate it is about to send. */
static int
staple (SSL *ssl, void *arg)
{
  const LabPki *pki = arg;
  const LabPkiLeaf *leaf = lab_pki_server_leaf_of (pki, SSL_get_certificate (ssl));
  gsize len;
  const guint8 *der;
  unsigned char *copy;

  if (leaf == NULL || leaf->ocsp_response == NULL)
    return SSL_TLSEXT_ERR_NOACK;
  der = g_bytes_get_data (leaf->ocsp_response, &len);
  copy = OPENSSL_memdup (der, len); /* OpenSSL frees what it is given */
  if (copy == NULL || !SSL_set_tlsext_status_ocsp_resp (ssl, copy, (long) len))
    {
      OPENSSL_free (copy);
      return SSL_TLSEXT_ERR_ALERT_FATAL;
    }
  return SSL_TLSEXT_ERR_OK;
}

/* The client's: 1 to go on, 0 to refuse the server (bad_certificate_status_response). */
static int
check_staple (SSL *ssl, const LabPki *pki, gboolean required)
{
  const unsigned char *der = NULL;
  long len = SSL_get_tlsext_status_ocsp_resp (ssl, &der);
  X509 *leaf = SSL_get0_peer_certificate (ssl);
  g_autofree char *why = NULL;

  if (der == NULL || len <= 0)
    return required ? 0 : 1;
  return leaf != NULL
         && lab_ocsp_check (der, (gsize) len, leaf, SSL_get_peer_cert_chain (ssl), pki->root,
                            pki->clock, &why)
              == LAB_OCSP_GOOD;
}

static int
check_staple_if_any (SSL *ssl, void *pki)
{
  return check_staple (ssl, pki, FALSE);
}

static int
check_staple_required (SSL *ssl, void *pki)
{
  return check_staple (ssl, pki, TRUE);
}

/* ---- pinning ---- */

static gboolean
is_pinned (const LabPki *pki, const EVP_PKEY *key)
{
  for (guint i = 0; key != NULL && i <= pki->more_servers->len; i++)
    {
      const LabPkiLeaf *leaf = i == 0 ? &pki->server : g_ptr_array_index (pki->more_servers, i - 1);
      if (EVP_PKEY_eq (leaf->key, key) == 1)
        return TRUE;
    }
  return FALSE;
}

static int
verify_with_pin (X509_STORE_CTX *store, void *arg)
{
  int ok = X509_verify_cert (store);
  X509 *leaf = X509_STORE_CTX_get0_cert (store);
  X509_STORE_CTX_verify_cb callback;

  if (ok <= 0 || leaf == NULL || is_pinned (arg, X509_get0_pubkey (leaf)))
    return ok;
  X509_STORE_CTX_set_error_depth (store, 0);
  X509_STORE_CTX_set_current_cert (store, leaf);
  X509_STORE_CTX_set_error (store, X509_V_ERR_APPLICATION_VERIFICATION);
  callback = X509_STORE_CTX_get_verify_cb (store);
  return callback != NULL ? callback (0, store) : 0;
}

/* ---- ALPN ---- */

/* RFC 7301 §3.1: each name preceded by its length in one byte. */
static GBytes *
alpn_wire_format (const char *list)
{
  g_auto (GStrv) names = g_strsplit (list, ", ", -1);
  g_autoptr (GByteArray) out = g_byte_array_new ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      guint8 len = (guint8) strlen (names[i]); /* at most 255: checked when it was set */

      g_byte_array_append (out, &len, 1);
      g_byte_array_append (out, (const guint8 *) names[i], len);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static void
free_alpn (void *parent, void *ptr, CRYPTO_EX_DATA *ad, int index, long argl, void *argp)
{
  if (ptr != NULL)
    g_bytes_unref (ptr);
}

/* The server's protocols live as long as its context, which frees them. */
static int
alpn_index (void)
{
  static gsize index;

  if (g_once_init_enter (&index))
    g_once_init_leave (&index, (gsize) CRYPTO_get_ex_new_index (CRYPTO_EX_INDEX_SSL_CTX, 0, NULL,
                                                                 NULL, NULL, free_alpn) + 1);
  return (int) index - 1;
}

static int
select_alpn (SSL *ssl, const unsigned char **out, unsigned char *outlen, const unsigned char *in,
             unsigned int inlen, void *arg)
{
  gsize len;
  const guint8 *ours = g_bytes_get_data (arg, &len);
  unsigned char *chosen = NULL;
  unsigned char chosen_len = 0;

  /* the server's list first: its preference decides (RFC 7301 §3.2) */
  if (SSL_select_next_proto (&chosen, &chosen_len, ours, (unsigned int) len, in, inlen)
      != OPENSSL_NPN_NEGOTIATED)
    return SSL_TLSEXT_ERR_ALERT_FATAL;
  *out = chosen;
  *outlen = chosen_len;
  return SSL_TLSEXT_ERR_OK;
}

gboolean
lab_peer_extensions_server (SSL_CTX *ctx, const LabScenario *s, const LabPki *pki,
                            GError **error)
{
  if (s->server.alpn != NULL)
    {
      GBytes *ours = alpn_wire_format (s->server.alpn);

      if (alpn_index () < 0 || !SSL_CTX_set_ex_data (ctx, alpn_index (), ours))
        {
          g_bytes_unref (ours);
          lab_set_error_from_openssl (error, "keeping the server's ALPN protocols");
          return FALSE;
        }
      SSL_CTX_set_alpn_select_cb (ctx, select_alpn, ours);
    }
  if (s->ocsp_stapling)
    {
      SSL_CTX_set_tlsext_status_cb (ctx, staple);
      SSL_CTX_set_tlsext_status_arg (ctx, (void *) pki);
    }
  if (s->server_names != NULL)
    {
      if (s->unknown_name == LAB_UNKNOWN_NAME_ALERT)
        SSL_CTX_set_tlsext_servername_callback (ctx, on_server_name_refusing_unknown);
      else
        SSL_CTX_set_tlsext_servername_callback (ctx, on_server_name);
      SSL_CTX_set_tlsext_servername_arg (ctx, (void *) pki);
    }
  return TRUE;
}

gboolean
lab_peer_extensions_client (SSL_CTX *ctx, const LabScenario *s, const LabPki *pki,
                            GError **error)
{
  if (s->client.alpn != NULL)
    {
      g_autoptr (GBytes) protocols = alpn_wire_format (s->client.alpn);
      gsize len;
      const guint8 *data = g_bytes_get_data (protocols, &len);

      /* 0 is success here */
      if (SSL_CTX_set_alpn_protos (ctx, data, (unsigned int) len) != 0)
        {
          lab_set_error_from_openssl (error, "setting the client's ALPN protocols");
          return FALSE;
        }
    }
  if (s->pin == LAB_PIN_SERVER_KEY)
    SSL_CTX_set_cert_verify_callback (ctx, verify_with_pin, (void *) pki);
  if (s->ocsp != LAB_OCSP_OFF)
    {
      SSL_CTX_set_tlsext_status_type (ctx, TLSEXT_STATUSTYPE_ocsp);
      if (s->ocsp == LAB_OCSP_REQUIRE)
        SSL_CTX_set_tlsext_status_cb (ctx, check_staple_required);
      else
        SSL_CTX_set_tlsext_status_cb (ctx, check_staple_if_any);
      SSL_CTX_set_tlsext_status_arg (ctx, (void *) pki);
    }
  return TRUE;
}
