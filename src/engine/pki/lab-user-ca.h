/* lab-user-ca.h: the user's lasting lab CA, for `listen` and `ca`.
 *
 * A run makes its whole PKI afresh (from its seed, when it has one), which is right for a
 * run and useless to a real client: nothing it could be told to trust lasts. So `listen`
 * signs its server certificate with one CA per user, made on first use and kept in
 * g_get_user_data_dir()/handshake-lab/ca/ (~/.local/share/handshake-lab/ca): a root and an
 * intermediate, ECDSA P-256, the private keys readable by the user alone (0600, in a
 * 0700 folder). `handshake-lab ca --export FILE` gives the root to curl --cacert or a
 * browser; a seeded run never uses it. */
#pragma once

#include "lab-pki.h"

G_BEGIN_DECLS

/* The folder the CA lives in. */
char *lab_user_ca_dir (void);

/* The root certificate's file in that folder (public: what a client is told to trust). */
char *lab_user_ca_root_path (void);

/* The user's CA, made on first use (*created then TRUE; may be NULL). An error names the
 * file when a kept CA cannot be read, does not fit together or has expired. Safe when two
 * processes make it at once: one CA wins, both use it. */
LabPkiAuthority *lab_user_ca_get (gboolean *created, GError **error);

/* The root certificate (PEM) into a new file; an existing file is never overwritten. */
gboolean lab_user_ca_export_root (const LabPkiAuthority *ca, const char *path, GError **error);

/* A new client certificate (CN=Student Client, clientAuth, valid from 30 days ago to 60
 * days on) signed by the CA's intermediate: the certificate and the intermediate (PEM) into
 * cert_path, its private key into key_path (0600). Neither file may exist; nothing is
 * written unless both can be. For `listen` with client-certificate = request or require. */
gboolean lab_user_ca_export_client (const LabPkiAuthority *ca, const char *cert_path,
                                    const char *key_path, GError **error);

/* "SHA256 AB:CD:…" of a certificate, for people to compare. */
char *lab_user_ca_fingerprint (X509 *cert);

G_END_DECLS
