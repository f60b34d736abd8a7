/* lab-cli-derive13.h: `handshake-lab derive` for a TLS 1.3 suite: the key schedule of
 * RFC 8446 §7 from the (EC)DHE shared secret and the transcript hashes. */
#pragma once

#include <glib.h>

#include "tls/lab-registry.h"

G_BEGIN_DECLS

typedef struct
{
  GBytes *shared_secret;        /* required */
  GBytes *psk;                  /* NULL: a full handshake, early secret from zeros */
  GBytes *hello_hash;           /* Transcript-Hash(ClientHello..ServerHello), required */
  GBytes *server_finished_hash; /* messages before the server's Finished: its verify_data */
  GBytes *application_hash;     /* ClientHello..server Finished: the master secret's children */
  GBytes *client_finished_hash; /* messages before the client's Finished: its verify_data */
  GBytes *resumption_hash;      /* ClientHello..client Finished: resumption_master_secret */
} LabCliDerive13Inputs;

/* Unrefs every value and sets it to NULL. */
void lab_cli_derive13_inputs_clear (LabCliDerive13Inputs *in);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LabCliDerive13Inputs, lab_cli_derive13_inputs_clear)

/* Every value the inputs allow, in the order RFC 8446 derives them (secrets, then each
 * traffic secret's key and IV, then finished keys and verify_data): a new array of
 * LabSecret that owns them, or NULL with error. */
GPtrArray *lab_cli_derive13 (const LabCipherSuite *suite, const LabCliDerive13Inputs *in,
                             GError **error);

G_END_DECLS
