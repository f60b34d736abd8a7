/* lab-cause-pki.c: why a chain that is signed, in date and names the right host still
 * failed: a CA's constraints on what may follow it (RFC 5280 §4.2.1.9, §4.2.1.10), a key
 * that may not sign (§4.2.1.3), a key the client had pinned. */
#include "lab-cause-private.h"
#include "tls/lab-crypto-autoptr.h"
#include "tls/lab-reader.h"

#include <openssl/x509v3.h>
#include <string.h>

static char *
common_name (const X509_NAME *name)
{
  char cn[256];

  if (X509_NAME_get_text_by_NID ((X509_NAME *) name, NID_commonName, cn, sizeof cn) > 0)
    return g_strdup (cn);
  return g_strdup ("a certificate without a common name");
}

/* The certificate at `index` in the Certificate message `side` received on `connection`
 * (RFC 5246 §7.4.2: a 3-byte list length, then each certificate with a 3-byte length, the
 * sender's own first), or NULL; *message is that message. */
static X509 *
received_certificate (LabTrace *trace, LabSide side, guint connection, guint index,
                      const LabEvent **message)
{
  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      const guint8 *data;
      gsize len;
      LabReader r, list, cert;

      if (e->kind != LAB_EVENT_MESSAGE || e->side != side || e->sent
          || e->connection != connection || e->handshake_type != LAB_HS_CERTIFICATE
          || e->bytes == NULL)
        continue;
      data = g_bytes_get_data (e->bytes, &len);
      lab_reader_init (&r, data, len);
      if (!lab_reader_skip (&r, 4) || !lab_reader_vector (&r, 3, &list, NULL))
        return NULL;
      for (guint k = 0; lab_reader_vector (&list, 3, &cert, NULL); k++)
        if (k == index)
          {
            const guint8 *der = data + lab_reader_offset (&cert);
            if (message != NULL)
              *message = e;
            return d2i_X509 (NULL, &der, (long) lab_reader_remaining (&cert));
          }
      return NULL;
    }
  return NULL;
}

/* The certificate that stands at `depth` of the chain `check` belongs to, as its checker
 * received it (the trust anchor, which nobody sends, is not there). */
static X509 *
checked_at_depth (LabTrace *trace, const LabEvent *check, int depth)
{
  return depth < 0 ? NULL
                   : received_certificate (trace, check->side, check->connection, (guint) depth,
                                           NULL);
}

/* The DNS names a CA's nameConstraints permit ("another-site.lab"), comma-separated. */
static char *
permitted_dns_names (X509 *ca)
{
  NAME_CONSTRAINTS *nc = X509_get_ext_d2i (ca, NID_name_constraints, NULL, NULL);
  g_autoptr (GString) out = g_string_new (NULL);

  for (int i = 0; nc != NULL && i < sk_GENERAL_SUBTREE_num (nc->permittedSubtrees); i++)
    {
      const GENERAL_SUBTREE *subtree = sk_GENERAL_SUBTREE_value (nc->permittedSubtrees, i);
      if (subtree->base->type == GEN_DNS)
        g_string_append_printf (out, "%s%s", out->len ? ", " : "",
                                (const char *) ASN1_STRING_get0_data (subtree->base->d.dNSName));
    }
  NAME_CONSTRAINTS_free (nc);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
first_dns_name (X509 *cert)
{
  GENERAL_NAMES *names = X509_get_ext_d2i (cert, NID_subject_alt_name, NULL, NULL);
  char *first = NULL;

  for (int i = 0; names != NULL && i < sk_GENERAL_NAME_num (names) && first == NULL; i++)
    {
      const GENERAL_NAME *name = sk_GENERAL_NAME_value (names, i);
      if (name->type == GEN_DNS)
        first = g_strdup ((const char *) ASN1_STRING_get0_data (name->d.dNSName));
    }
  GENERAL_NAMES_free (names);
  return first;
}

static char *
name_not_permitted (LabTrace *trace, const LabEvent *check, X509 *cert, const char *who)
{
  g_autoptr (X509) issuer = checked_at_depth (trace, check, check->depth + 1);
  g_autofree char *name = first_dns_name (cert);
  g_autofree char *ca = issuer ? common_name (X509_get_subject_name (issuer)) : NULL;
  g_autofree char *permitted = issuer ? permitted_dns_names (issuer) : NULL;

  if (issuer == NULL || permitted == NULL || *permitted == '\0')
    return NULL;
  return g_strdup_printf ("%s (%s) names %s, but the CA that issued it, \"%s\", may vouch only "
                          "for names in %s: its nameConstraints extension permits nothing else "
                          "(RFC 5280 §4.2.1.10), and a CA's constraints bind every certificate "
                          "below it. OpenSSL reports a permitted subtree violation "
                          "(PERMITTED_VIOLATION)",
                          who, check->subject, name ? name : "another name", ca, permitted);
}

static char *
path_too_long (LabTrace *trace, const LabEvent *check, X509 *cert)
{
  long allowed = X509_get_pathlen (cert);
  int below = check->depth - 1; /* the CAs between this one and the server's certificate */
  g_autoptr (X509) next = checked_at_depth (trace, check, check->depth - 1);
  g_autofree char *ca = common_name (X509_get_subject_name (cert));
  g_autofree char *extra = next ? common_name (X509_get_subject_name (next)) : NULL;

  if (allowed < 0 || below <= allowed || extra == NULL)
    return NULL;
  g_autofree char *limit = allowed == 0 ? g_strdup ("may have no other CA below it")
                                         : g_strdup_printf ("may have at most %ld other CA%s "
                                                            "below it",
                                                            allowed, allowed == 1 ? "" : "s");

  const char *leaf = check->side == LAB_SIDE_CLIENT ? "server's" : "client's";
  g_autofree char *actual = below == 1
                               ? g_strdup_printf ("it certified another CA, \"%s\", which", extra)
                               : g_strdup_printf ("%d CAs stand below it, and the last, \"%s\",",
                                                  below, extra);

  return g_strdup_printf ("The CA \"%s\" %s: its basicConstraints say pathlen:%ld (RFC 5280 "
                          "§4.2.1.9). But %s issued the %s certificate. OpenSSL reports that the "
                          "path length constraint was exceeded (PATH_LENGTH_EXCEEDED)",
                          ca, limit, allowed, actual, leaf);
}

/* RFC 7469 §2.4: base64 (SHA-256 (SubjectPublicKeyInfo in DER)). */
static char *
pin_sha256 (X509 *cert)
{
  unsigned char *spki = NULL;
  int len = i2d_PUBKEY (X509_get0_pubkey (cert), &spki);
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  g_autoptr (GChecksum) sha256 = g_checksum_new (G_CHECKSUM_SHA256);

  if (len <= 0)
    return g_strdup ("?");
  g_checksum_update (sha256, spki, (gssize) len);
  g_checksum_get_digest (sha256, digest, &digest_len);
  OPENSSL_free (spki);
  return g_base64_encode (digest, digest_len);
}

/* The leaf the real server sent (to the man in the middle, when there is one), or NULL. */
static X509 *
real_server_leaf (LabTrace *trace)
{
  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (trace, i);
      const guint8 *data, *der;
      gsize len;

      if (e->kind != LAB_EVENT_MESSAGE || e->side != LAB_SIDE_SERVER || !e->sent
          || e->handshake_type != LAB_HS_CERTIFICATE || e->bytes == NULL)
        continue;
      data = g_bytes_get_data (e->bytes, &len);
      if (len < 10)
        return NULL;
      der = data + 10;
      return d2i_X509 (NULL, &der, (long) (len - 10));
    }
  return NULL;
}

static char *
key_not_pinned (LabTrace *trace, const LabScenario *scenario, const LabEvent *check, X509 *cert)
{
  g_autoptr (X509) real = real_server_leaf (trace);
  g_autofree char *got = pin_sha256 (cert);
  g_autofree char *pinned = real ? pin_sha256 (real) : NULL;

  if (scenario->pin != LAB_PIN_SERVER_KEY || check->side != LAB_SIDE_CLIENT)
    return NULL;
  return g_strdup_printf ("The certificate the client received for %s (%s) checks out: it "
                          "names that host and leads to a root the client trusts. But the client "
                          "pins the server's public key, the way an app "
                          "that knows its server does: it accepts only %s (pin-sha256, RFC 7469 "
                          "§2.4: the SHA-256 of the key's SubjectPublicKeyInfo, in base64), and "
                          "this certificate's key is %s, another key. The lab's client reports "
                          "that as a failed check of the certificate (OpenSSL: application "
                          "verification failure, APPLICATION_VERIFICATION)",
                          scenario->server_name, check->subject,
                          pinned ? pinned : "the real server's key", got);
}

char *
lab_cause_chain_constraint (LabTrace *trace, const LabScenario *scenario, const LabEvent *check,
                            X509 *cert, const char *who)
{
  switch (check->verify_error)
    {
    case X509_V_ERR_APPLICATION_VERIFICATION:
      return key_not_pinned (trace, scenario, check, cert);
    case X509_V_ERR_PERMITTED_VIOLATION:
      return name_not_permitted (trace, check, cert, who);
    case X509_V_ERR_PATH_LENGTH_EXCEEDED:
      return path_too_long (trace, check, cert);
    default:
      return NULL;
    }
}

/* ---- key usage ---- */

/* The key usage bits a certificate asserts, by their RFC 5280 §4.2.1.3 names. */
static char *
key_usage_names (X509 *cert)
{
  static const struct
  {
    guint32 bit;
    const char *name;
  } bits[] = {
    { X509v3_KU_DIGITAL_SIGNATURE, "digitalSignature" },
    { X509v3_KU_NON_REPUDIATION, "nonRepudiation" },
    { X509v3_KU_KEY_ENCIPHERMENT, "keyEncipherment" },
    { X509v3_KU_DATA_ENCIPHERMENT, "dataEncipherment" },
    { X509v3_KU_KEY_AGREEMENT, "keyAgreement" },
    { X509v3_KU_KEY_CERT_SIGN, "keyCertSign" },
    { X509v3_KU_CRL_SIGN, "cRLSign" },
  };
  guint32 usage = X509_get_key_usage (cert);
  g_autoptr (GString) out = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (bits); i++)
    if (usage & bits[i].bit)
      g_string_append_printf (out, "%s%s", out->len ? ", " : "", bits[i].name);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
lab_cause_key_usage (LabTrace *trace, const LabScenario *scenario, LabOutcome *outcome)
{
  const LabEvent *message = NULL;
  g_autoptr (X509) cert = NULL;
  g_autofree char *usages = NULL;
  g_autofree char *subject = NULL;

  /* OpenSSL's client refuses an ECDSA key its certificate does not let sign, once the
   * server's flight is in (ssl3_check_cert_and_algorithm: "bad ecc cert") */
  if (g_strcmp0 (outcome->reason, "bad ecc cert") != 0 || outcome->sent_by != LAB_SIDE_CLIENT
      || (cert = received_certificate (trace, LAB_SIDE_CLIENT, 0, 0, &message)) == NULL)
    return NULL;
  usages = key_usage_names (cert);
  subject = common_name (X509_get_subject_name (cert));
  outcome->cause_event = (int) message->seq;
  return g_strdup_printf (
    "The server's certificate (%s) carries a key usage extension that allows only %s, not "
    "digitalSignature: its key may not make signatures (RFC 5280 §4.2.1.3). With an ECDHE-ECDSA "
    "suite the server signs its ServerKeyExchange with exactly that key, so the certificate "
    "does not fit the suite (RFC 8422 §5.3), and the client refused it (OpenSSL: \"bad ecc "
    "cert\") with handshake_failure (40). Every check of the chain itself had passed. OpenSSL's "
    "own server would not have chosen an ECDSA suite with this certificate at all; the lab's "
    "server plays one that does not check.",
    subject, *usages ? usages : "nothing");
}

/* ---- security levels ---- */

/* The bits of security each level asks for (OpenSSL's SSL_CTX_set_security_level). */
static const int level_bits[] = { 0, 80, 112, 128, 192, 256 };

char *
lab_cause_security_level (LabTrace *trace, const LabScenario *scenario, LabOutcome *outcome)
{
  const LabPeerConfig *peer = scenario->client.security_level >= scenario->server.security_level
                                ? &scenario->client
                                : &scenario->server;
  gboolean rsa = scenario->key_type == LAB_KEY_RSA_2048;
  int key_bits = rsa ? 112 : 128; /* RSA-2048 and P-256 (NIST SP 800-57) */

  if (g_strcmp0 (outcome->reason, "no shared cipher") != 0 || peer->security_level < 0
      || level_bits[peer->security_level] <= key_bits)
    return NULL;
  return g_strdup_printf (
    "The %s runs at security level %d, which accepts only algorithms with at least %d bits of "
    "security, and the server's %s key gives about %d. So the %s left out everything that "
    "key could make or use, no suite could work, and the server sent handshake_failure right "
    "after the ClientHello.",
    peer == &scenario->client ? "client" : "server", peer->security_level,
    level_bits[peer->security_level], rsa ? "RSA-2048" : "ECDSA P-256", key_bits,
    peer == &scenario->client ? "client's offer" : "server's choice");
}
