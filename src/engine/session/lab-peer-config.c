/* lab-peer-config.c: turning a scenario's switches into OpenSSL settings. */
#include "lab-peer-config.h"
#include "lab-peer-extensions.h"
#include "lab-peer-suites.h"
#include "engine/io/lab-ssl-autoptr.h"
#include "tls/lab-error.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/param_build.h>
#include <openssl/x509_vfy.h>

static int
version_number (const char *name)
{
  static const struct
  {
    const char *name;
    int version;
  } versions[] = { { "TLSv1", TLS1_VERSION }, { "TLSv1.1", TLS1_1_VERSION },
                   { "TLSv1.2", TLS1_2_VERSION }, { "TLSv1.3", TLS1_3_VERSION } };

  for (gsize i = 0; i < G_N_ELEMENTS (versions); i++)
    if (g_str_equal (versions[i].name, name))
      return versions[i].version;
  return 0;
}

static gboolean
set_versions (SSL_CTX *ctx, const char *list, GError **error)
{
  int min = TLS1_2_VERSION, max = TLS1_2_VERSION;

  if (list != NULL)
    {
      g_auto (GStrv) names = g_strsplit (list, ":", -1);
      min = G_MAXINT;
      max = 0;
      for (guint i = 0; names[i]; i++)
        {
          int v = version_number (names[i]);
          min = MIN (min, v);
          max = MAX (max, v);
        }
    }
  if (!SSL_CTX_set_min_proto_version (ctx, min) || !SSL_CTX_set_max_proto_version (ctx, max))
    {
      lab_set_error_from_openssl (error, "setting the protocol versions");
      return FALSE;
    }
  return TRUE;
}

static gboolean
configure_common (SSL_CTX *ctx, const LabScenario *s, const LabPeerConfig *peer,
                  GError **error)
{
  const char *who = peer == &s->client ? "client" : "server";

  ERR_clear_error ();
  if (!set_versions (ctx, peer->versions, error))
    return FALSE;
  if (peer->cipher_suites != NULL && !SSL_CTX_set_cipher_list (ctx, peer->cipher_suites))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_UNSUPPORTED,
                   "%s: this OpenSSL accepts none of the %s's cipher suites '%s'", s->source, who,
                   peer->cipher_suites);
      ERR_clear_error ();
      return FALSE;
    }
  if ((peer->groups != NULL && !SSL_CTX_set1_groups_list (ctx, peer->groups))
      || (peer->signature_algorithms != NULL
          && !SSL_CTX_set1_sigalgs_list (ctx, peer->signature_algorithms)))
    {
      lab_set_error_from_openssl (error, "setting the groups or signature algorithms");
      return FALSE;
    }
  /* Session tickets embed the time, which would make seeded runs differ: off unless a
   * scenario asks for them, or resumes by ticket. */
  if (!peer->session_tickets && s->resume != LAB_RESUME_TICKET)
    SSL_CTX_set_options (ctx, SSL_OP_NO_TICKET);
  if (!peer->extended_master_secret)
    SSL_CTX_set_options (ctx, SSL_OP_NO_EXTENDED_MASTER_SECRET);
  if (!peer->encrypt_then_mac)
    SSL_CTX_set_options (ctx, SSL_OP_NO_ENCRYPT_THEN_MAC);
  /* Send exactly the chain the profile says, never one OpenSSL completes on its own. */
  SSL_CTX_set_mode (ctx, SSL_MODE_NO_AUTO_CHAIN);
  /* Unset, the level is the one OpenSSL was built with: 2 on Debian, 1 upstream
   * (HACKING.md, "Security level: Debian differs from upstream"). */
  if (peer->security_level >= 0)
    SSL_CTX_set_security_level (ctx, peer->security_level);
  return TRUE;
}

/* whose: "server" or "client", for the message when OpenSSL refuses the certificate (a
 * key too small for the security level the scenario set). */
static gboolean
use_leaf (SSL_CTX *ctx, const LabPkiLeaf *leaf, const char *whose, GError **error)
{
  X509 *cert = leaf->loadable != NULL ? leaf->loadable : leaf->cert;

  if (!SSL_CTX_use_certificate (ctx, cert) || !SSL_CTX_use_PrivateKey (ctx, leaf->key))
    {
      g_autofree char *doing = g_strdup_printf ("the %s refuses to load its own certificate at "
                                                "security level %d",
                                                whose, SSL_CTX_get_security_level (ctx));
      lab_set_error_from_openssl (error, doing);
      return FALSE;
    }
  for (guint i = 0; i < leaf->chain->len; i++)
    if (!SSL_CTX_add1_chain_cert (ctx, g_ptr_array_index (leaf->chain, i)))
      {
        lab_set_error_from_openssl (error, "loading a certificate chain");
        return FALSE;
      }
  return TRUE;
}

/* Both peers trust the lab's root, and check certificates against the lab's clock; a
 * client told to also trusts the man in the middle's root, as a company's computers trust
 * the root of its TLS-inspecting proxy. */
static gboolean
trust_lab_root (SSL_CTX *ctx, const LabPki *pki, gint64 clock, gboolean check_revocation,
                gboolean trust_mallory, GError **error)
{
  X509_STORE *store = SSL_CTX_get_cert_store (ctx);
  X509_VERIFY_PARAM *param = SSL_CTX_get0_param (ctx);

  if (!X509_STORE_add_cert (store, pki->root)
      || (trust_mallory && pki->mallory_root != NULL
          && !X509_STORE_add_cert (store, pki->mallory_root)))
    {
      lab_set_error_from_openssl (error, "trusting the lab's root CA");
      return FALSE;
    }
  X509_VERIFY_PARAM_set_time (param, (time_t) clock);
  if (check_revocation)
    {
      if (!X509_STORE_add_crl (store, pki->crl))
        {
          lab_set_error_from_openssl (error, "loading the CRL");
          return FALSE;
        }
      X509_VERIFY_PARAM_set_flags (param, X509_V_FLAG_CRL_CHECK);
    }
  return TRUE;
}

/* An RFC 7919 group by name, or the 1024-bit Oakley group 2 of RFC 2409. */
static EVP_PKEY *
dh_parameters (OSSL_LIB_CTX *libctx, LabDhGroup group, GError **error)
{
  static const char *const names[] = { [LAB_DH_FFDHE2048] = "ffdhe2048",
                                       [LAB_DH_FFDHE3072] = "ffdhe3072",
                                       [LAB_DH_FFDHE4096] = "ffdhe4096" };
  g_autoptr (EVP_PKEY_CTX) pctx = EVP_PKEY_CTX_new_from_name (libctx, "DH", NULL);
  OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new ();
  g_autoptr (BIGNUM) p = NULL;
  g_autoptr (BIGNUM) g = NULL;
  OSSL_PARAM *params = NULL;
  EVP_PKEY *pkey = NULL;

  if (group == LAB_DH_1024)
    {
      p = BN_get_rfc2409_prime_1024 (NULL);
      g = BN_new ();
      if (p && g && BN_set_word (g, 2))
        {
          OSSL_PARAM_BLD_push_BN (bld, OSSL_PKEY_PARAM_FFC_P, p);
          OSSL_PARAM_BLD_push_BN (bld, OSSL_PKEY_PARAM_FFC_G, g);
        }
    }
  else
    OSSL_PARAM_BLD_push_utf8_string (bld, OSSL_PKEY_PARAM_GROUP_NAME, names[group], 0);
  params = OSSL_PARAM_BLD_to_param (bld);
  if (pctx == NULL || params == NULL || EVP_PKEY_fromdata_init (pctx) <= 0
      || EVP_PKEY_fromdata (pctx, &pkey, EVP_PKEY_KEY_PARAMETERS, params) <= 0)
    lab_set_error_from_openssl (error, "making the DH group");
  OSSL_PARAM_free (params);
  OSSL_PARAM_BLD_free (bld);
  return pkey;
}

/* A peer presenting a weak certificate (or a server a weak DH group) is a misconfigured,
 * outdated one: at OpenSSL's default security level it would refuse to load them. A level
 * the scenario sets itself is kept, even one that refuses them. */
static gboolean
needs_security_level_zero (const LabScenario *s, gboolean server)
{
  if ((server ? s->server.security_level : s->client.security_level) >= 0)
    return FALSE;
  if (server)
    return lab_cert_profile_is_weak (s->server.certificate) || s->dh_group == LAB_DH_1024;
  return s->client.certificate >= 0 && lab_cert_profile_is_weak (s->client.certificate);
}

static gboolean
configure_server (SSL_CTX *ctx, const LabScenario *s, const LabPki *pki, const LabPkiLeaf *leaf,
                  OSSL_LIB_CTX *libctx, gint64 clock, GError **error)
{
  int verify = SSL_VERIFY_NONE;

  if (needs_security_level_zero (s, TRUE))
    SSL_CTX_set_security_level (ctx, 0);
  if (!use_leaf (ctx, leaf, "server", error))
    return FALSE;
  if (s->prefer_server_order)
    SSL_CTX_set_options (ctx, SSL_OP_CIPHER_SERVER_PREFERENCE);
  /* OpenSSL 3.0's server refuses a client's renegotiation unless told otherwise; refusing
   * is said explicitly, so that it does not depend on that default (HACKING.md,
   * "Renegotiation") */
  SSL_CTX_set_options (ctx, s->renegotiation == LAB_RENEGOTIATION_ACCEPT
                              ? SSL_OP_ALLOW_CLIENT_RENEGOTIATION
                              : SSL_OP_NO_RENEGOTIATION);
  /* Resuming by ticket must not quietly fall back to the server's session cache. */
  if (s->resume == LAB_RESUME_TICKET)
    SSL_CTX_set_session_cache_mode (ctx, SSL_SESS_CACHE_OFF);
  else
    SSL_CTX_set_session_id_context (ctx, (const unsigned char *) "handshake-lab", 13);
  if (s->dh_group == LAB_DH_AUTO)
    SSL_CTX_set_dh_auto (ctx, 1);
  else
    {
      EVP_PKEY *dh = dh_parameters (libctx, s->dh_group, error);
      if (dh == NULL || !SSL_CTX_set0_tmp_dh_pkey (ctx, dh))
        {
          EVP_PKEY_free (dh);
          if (error && !*error)
            lab_set_error_from_openssl (error, "using the DH group");
          return FALSE;
        }
    }
  if (s->client_certificate == LAB_CLIENT_CERT_REQUEST)
    verify = SSL_VERIFY_PEER;
  else if (s->client_certificate == LAB_CLIENT_CERT_REQUIRE)
    verify = SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
  SSL_CTX_set_verify (ctx, verify, NULL);
  return (verify == SSL_VERIFY_NONE || trust_lab_root (ctx, pki, clock, FALSE, FALSE, error))
         && lab_peer_extensions_server (ctx, s, pki, error);
}

static gboolean
configure_client (SSL_CTX *ctx, const LabScenario *s, const LabPki *pki, gint64 clock,
                  GError **error)
{
  if (s->client.certificate >= 0)
    {
      if (needs_security_level_zero (s, FALSE))
        SSL_CTX_set_security_level (ctx, 0);
      if (!use_leaf (ctx, &pki->client, "client", error))
        return FALSE;
    }
  /* A client retrying at a lower version says so (RFC 7507 §4); OpenSSL then appends
   * TLS_FALLBACK_SCSV to its cipher suites. */
  if (s->fallback_scsv)
    SSL_CTX_set_mode (ctx, SSL_MODE_SEND_FALLBACK_SCSV);
  /* With verification off OpenSSL still checks the chain (and the trace shows it), but
   * goes on whatever the result: the client that trusts anybody. */
  SSL_CTX_set_verify (ctx, s->verify_peer ? SSL_VERIFY_PEER : SSL_VERIFY_NONE, NULL);
  return trust_lab_root (ctx, pki, clock, s->check_revocation, s->trust_mallory_root, error)
         && lab_peer_extensions_client (ctx, s, pki, error);
}

SSL_CTX *
lab_peer_ctx_new (const LabScenario *s, const LabPki *pki, OSSL_LIB_CTX *libctx,
                  gboolean server, gint64 clock, GError **error)
{
  g_autoptr (SSL_CTX) ctx = SSL_CTX_new_ex (libctx, NULL, server ? TLS_server_method ()
                                                                 : TLS_client_method ());

  if (ctx == NULL)
    {
      lab_set_error_from_openssl (error, server ? "creating the server's context"
                                                : "creating the client's context");
      return NULL;
    }
  if (!configure_common (ctx, s, server ? &s->server : &s->client, error))
    return NULL;
  if (server ? !configure_server (ctx, s, pki, &pki->server, libctx, clock, error)
             : !configure_client (ctx, s, pki, clock, error))
    return NULL;
  return g_steal_pointer (&ctx);
}

SSL_CTX *
lab_peer_ctx_new_mallory (const LabScenario *s, const LabPki *pki, gboolean facing_client,
                          gint64 clock, GError **error)
{
  g_autoptr (LabScenario) m = lab_scenario_copy (s);
  g_autoptr (SSL_CTX) ctx = SSL_CTX_new_ex (NULL, NULL, facing_client ? TLS_server_method ()
                                                                      : TLS_client_method ());

  if (ctx == NULL)
    {
      lab_set_error_from_openssl (error, "creating the man in the middle's context");
      return NULL;
    }
  /* the scenario's server toward the client and its client toward the server: their
   * versions, suites and groups, none of their certificates, checks or extensions */
  m->server.certificate = LAB_PROFILE_VALID;
  m->client.certificate = -1;
  m->client_certificate = LAB_CLIENT_CERT_NONE;
  g_clear_pointer (&m->server_names, g_free);
  m->ocsp_stapling = FALSE;
  m->ocsp = LAB_OCSP_OFF;
  m->pin = LAB_PIN_NONE;
  m->trust_mallory_root = FALSE;
  m->check_revocation = FALSE;
  m->verify_peer = FALSE;
  if (!configure_common (ctx, m, facing_client ? &m->server : &m->client, error)
      || (facing_client ? !configure_server (ctx, m, pki, &pki->mallory, NULL, clock, error)
                        : !configure_client (ctx, m, pki, clock, error)))
    return NULL;
  return g_steal_pointer (&ctx);
}

void
lab_peer_present_certificate (SSL *ssl, const LabPki *pki)
{
  X509 *loaded = SSL_get_certificate (ssl);

  /* the twin OpenSSL agreed to choose the suite with goes; the certificate the profile
   * describes is the one the Certificate message carries (same key, same chain) */
  for (guint i = 0; i <= pki->more_servers->len; i++)
    {
      const LabPkiLeaf *leaf = i == 0 ? &pki->server : g_ptr_array_index (pki->more_servers, i - 1);

      if (leaf->loadable != NULL && loaded == leaf->loadable
          && !SSL_use_certificate (ssl, leaf->cert))
        ERR_clear_error ();
    }
}

void
lab_peer_pki_options (const LabScenario *s, gint64 clock, LabPkiOptions *options, char ***names)
{
  *names = lab_scenario_server_names (s);
  *options = (LabPkiOptions){
    .key_type = s->key_type,
    .clock = clock,
    .server_name = *names != NULL ? (*names)[0] : s->server_name,
    .more_server_names = *names != NULL ? (const char *const *) *names + 1 : NULL,
    .server_profile = s->server.certificate,
    .with_client = s->client.certificate >= 0,
    .with_ocsp = s->ocsp_stapling,
    .mallory = s->attack != LAB_ATTACK_MAN_IN_THE_MIDDLE ? LAB_MALLORY_NONE
               : s->mallory_certificate == LAB_MALLORY_MIS_ISSUED ? LAB_MALLORY_MIS_ISSUED
                                                                   : LAB_MALLORY_OWN_CA,
    .client_profile = MAX (s->client.certificate, 0),
  };
}

/* The same settings as the run's context, less the certificates (which do not change the
 * list): OpenSSL then says which suites that peer offers or accepts. */
char **
lab_peer_effective_suites (const LabScenario *s, LabSide side, GError **error)
{
  gboolean server = side == LAB_SIDE_SERVER;
  g_autoptr (SSL_CTX) ctx = SSL_CTX_new (server ? TLS_server_method () : TLS_client_method ());
  g_autoptr (SSL) ssl = NULL;
  STACK_OF (SSL_CIPHER) *ciphers = NULL;
  GPtrArray *names;

  g_return_val_if_fail (side == LAB_SIDE_CLIENT || side == LAB_SIDE_SERVER, NULL);

  if (ctx == NULL)
    {
      lab_set_error_from_openssl (error, "creating a context to list the cipher suites");
      return NULL;
    }
  if (!configure_common (ctx, s, server ? &s->server : &s->client, error))
    return NULL;
  if (needs_security_level_zero (s, server))
    SSL_CTX_set_security_level (ctx, 0);
  ssl = SSL_new (ctx);
  /* the suites "as would be sent in a ClientHello": the list, less those the versions,
   * the security level or the signature algorithms rule out */
  if (ssl == NULL || (ciphers = SSL_get1_supported_ciphers (ssl)) == NULL)
    {
      lab_set_error_from_openssl (error, "listing the cipher suites");
      return NULL;
    }
  names = g_ptr_array_new ();
  for (int i = 0; i < sk_SSL_CIPHER_num (ciphers); i++)
    g_ptr_array_add (names, g_strdup (SSL_CIPHER_get_name (sk_SSL_CIPHER_value (ciphers, i))));
  /* OpenSSL ends every first ClientHello's list with it (ssl_cipher_list_to_bytes) */
  if (!server && names->len > 0)
    g_ptr_array_add (names, g_strdup (LAB_RENEGOTIATION_SCSV));
  /* and a fallback's with this one after it (RFC 7507 §4) */
  if (!server && names->len > 0 && s->fallback_scsv)
    g_ptr_array_add (names, g_strdup ("TLS_FALLBACK_SCSV"));
  g_ptr_array_add (names, NULL);
  sk_SSL_CIPHER_free (ciphers);
  return (char **) g_ptr_array_free (names, FALSE);
}
