/* lab-recompute.c: the lab takes nothing on faith (issue "Every secret recomputed").
 *
 * Each side's view is recomputed from that side's own transcript, so when the wire
 * changed a message the two views differ exactly as the peers' did. OpenSSL exposes the
 * master secret and the Finished values of each side; the pre-master secret only in the
 * RSA key-log line; key-block parts not at all, but every record opening authentic with
 * them proves them: lab-recompute-evidence.c says, for each value, what shows it is the
 * one OpenSSL used. */
#include "lab-recompute-private.h"
#include "tls/lab-crypto-autoptr.h"
#include "tls/lab-dissect.h"
#include "tls/lab-reader.h"

#include <string.h>

#define EXT_ENCRYPT_THEN_MAC 22
#define EXT_EXTENDED_MASTER_SECRET 23

void
lab_openssl_secrets_clear (LabOpensslSecrets *s)
{
  g_clear_pointer (&s->server_ephemeral, EVP_PKEY_free);
  g_clear_pointer (&s->server_key, EVP_PKEY_free);
  g_clear_pointer (&s->client.master_secret, g_bytes_unref);
  g_clear_pointer (&s->client.finished, g_bytes_unref);
  g_clear_pointer (&s->server.master_secret, g_bytes_unref);
  g_clear_pointer (&s->server.finished, g_bytes_unref);
  g_clear_pointer (&s->renegotiation_ephemeral, EVP_PKEY_free);
  g_clear_pointer (&s->client_renegotiation.master_secret, g_bytes_unref);
  g_clear_pointer (&s->client_renegotiation.finished, g_bytes_unref);
  g_clear_pointer (&s->server_renegotiation.master_secret, g_bytes_unref);
  g_clear_pointer (&s->server_renegotiation.finished, g_bytes_unref);
}

static void
view_clear (View *v)
{
  g_clear_pointer (&v->messages, g_ptr_array_unref);
  g_clear_pointer (&v->client_random, g_bytes_unref);
  g_clear_pointer (&v->server_random, g_bytes_unref);
  g_clear_pointer (&v->pre_master_secret, g_bytes_unref);
  g_clear_pointer (&v->master_secret, g_bytes_unref);
  g_clear_pointer (&v->keys, lab_key_block_free);
  g_clear_pointer (&v->verify_data, g_bytes_unref);
  g_clear_pointer (&v->session_messages, g_bytes_unref);
  g_clear_pointer (&v->session_hash, lab_secret_free);
}

/* ---- reading the view ---- */

static GBytes *
slice (const LabEvent *e, gsize offset, gsize len)
{
  if (e == NULL || g_bytes_get_size (e->bytes) < offset + len)
    return NULL;
  return g_bytes_new_from_bytes (e->bytes, offset, len);
}

/* The ServerHello's suite and whether it agreed to EMS and EtM (RFC 5246 §7.4.1.3,
 * RFC 7627 §5.1, RFC 7366 §2). */
static void
read_server_hello (View *v)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (v->server_hello->bytes, &len);
  LabReader r, sid, exts;
  guint16 suite;

  lab_reader_init (&r, data, len);
  if (!lab_reader_skip (&r, 4 + 2 + 32) || !lab_reader_vector (&r, 1, &sid, NULL)
      || !lab_reader_u16 (&r, &suite) || !lab_reader_skip (&r, 1))
    return;
  v->suite = lab_cipher_suite_lookup (suite);
  if (!lab_reader_vector (&r, 2, &exts, NULL))
    return;
  while (lab_reader_remaining (&exts) >= 4)
    {
      guint16 type;
      LabReader body;

      if (!lab_reader_u16 (&exts, &type) || !lab_reader_vector (&exts, 2, &body, NULL))
        return;
      v->ems |= type == EXT_EXTENDED_MASTER_SECRET;
      v->etm |= type == EXT_ENCRYPT_THEN_MAC;
    }
}

static void
view_read (Recompute *rc, View *v, LabSide side)
{
  guint n = lab_trace_get_n_events (rc->trace);
  gboolean sent_finished = FALSE, got_finished = FALSE;

  v->side = side;
  v->messages = g_ptr_array_new ();
  for (guint i = 0; i < n; i++)
    {
      const LabEvent *e = lab_trace_get_event (rc->trace, i);
      const LabEvent **slot = NULL;
      gboolean second;

      if (e->kind != LAB_EVENT_MESSAGE || e->side != side || e->connection != rc->connection
          || e->handshake_type == LAB_HS_HELLO_REQUEST)
        continue;
      /* once this side has sent and received a Finished, the first handshake is over:
       * what follows on the connection is a renegotiation's */
      second = sent_finished && got_finished;
      if (!second && e->handshake_type == LAB_HS_FINISHED)
        {
          sent_finished |= e->sent;
          got_finished |= !e->sent;
        }
      if (second != rc->renegotiation)
        continue;
      g_ptr_array_add (v->messages, (gpointer) e);
      switch (e->handshake_type)
        {
        case LAB_HS_CLIENT_HELLO: slot = &v->client_hello; break;
        case LAB_HS_SERVER_HELLO: slot = &v->server_hello; break;
        case LAB_HS_SERVER_KEY_EXCHANGE: slot = &v->server_key_exchange; break;
        case LAB_HS_CLIENT_KEY_EXCHANGE: slot = &v->client_key_exchange; break;
        default: break;
        }
      if (slot != NULL && *slot == NULL)
        *slot = e;
    }
  v->client_random = slice (v->client_hello, 6, LAB_RANDOM_LENGTH);
  v->server_random = slice (v->server_hello, 6, LAB_RANDOM_LENGTH);
  if (v->server_hello != NULL)
    read_server_hello (v);
  v->etm = v->etm && v->suite != NULL && v->suite->protection == LAB_RECORD_CBC;
}

/* The concatenated messages of a view from the first up to (and with) `last`, or up to
 * (without) `before`. */
static GBytes *
transcript (View *v, const LabEvent *last, const LabEvent *before)
{
  g_autoptr (GByteArray) out = g_byte_array_new ();

  for (guint i = 0; i < v->messages->len; i++)
    {
      const LabEvent *e = g_ptr_array_index (v->messages, i);
      gsize len;
      const guint8 *data;

      if (e == before)
        break;
      data = g_bytes_get_data (e->bytes, &len);
      g_byte_array_append (out, data, (guint) len);
      if (e == last)
        break;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* ---- master secret, key block, Finished ---- */

static void
recompute_master_secret (Recompute *rc, View *v, const LabOpensslView *openssl)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LabSecret) ms = NULL;

  if (v->suite == NULL || v->client_random == NULL || v->server_random == NULL)
    return;
  if (v->client_key_exchange == NULL && rc->session_master_secret[v->side] != NULL)
    {
      /* An abbreviated handshake (RFC 5246 §7.3): no key exchange at all; the session's
       * master secret is used again, with this connection's fresh randoms. */
      v->master_secret = g_bytes_ref (rc->session_master_secret[v->side]);
      v->master_secret_event = lab_recompute_secret_new (
        rc, v->side, LAB_PHASE_NEGOTIATION, "master_secret", v->master_secret,
        "the master secret of the session being resumed, made in the first connection", NULL);
      lab_recompute_settle_against_openssl (rc, v->master_secret_event, openssl->master_secret,
                                            "SSL_SESSION_get_master_key");
      return;
    }
  if (v->pre_master_secret == NULL)
    {
      /* No pre-master secret (a capture, the client side of a real connection, a client
       * that spoke to a man in the middle): the master secret OpenSSL or a key log gives,
       * taken as it is, still opens every record, and those records are its evidence. */
      if (openssl->master_secret != NULL)
        {
          v->master_secret = g_bytes_ref (openssl->master_secret);
          v->master_secret_taken = TRUE;
          v->master_secret_event = lab_recompute_secret_new (
            rc, v->side, LAB_PHASE_CLIENT_AUTH_KEYS, "master_secret", v->master_secret,
            lab_trace_is_from_capture (rc->trace) ? "from the key log (CLIENT_RANDOM line)"
            : openssl->real_peer
              ? "the lab's own side's (SSL_SESSION_get_master_key), taken as it is: both ends "
                "of a session share one master secret, and without this side's pre-master "
                "secret the lab cannot compute it"
              : "OpenSSL's own (SSL_SESSION_get_master_key), taken as it is: without this "
                "side's pre-master secret the lab cannot compute it",
            "client_random", v->client_random, NULL);
        }
      return;
    }
  if (v->ems)
    {
      g_autoptr (GBytes) messages = transcript (v, v->client_key_exchange, NULL);
      const View *client = &rc->client;
      const LabSecret *hash;

      /* The client's view is done first; the server's, when it holds the same messages
       * under the same suite, has the same session hash (RFC 7627 §3), already made. */
      if (v != client && client->session_hash != NULL && client->suite == v->suite
          && g_bytes_equal (client->session_messages, messages))
        hash = client->session_hash;
      else
        {
          g_clear_pointer (&v->session_messages, g_bytes_unref);
          g_clear_pointer (&v->session_hash, lab_secret_free);
          v->session_hash = lab_transcript_hash (v->suite->prf_hash, messages, &error);
          v->session_messages = g_bytes_ref (messages);
          hash = v->session_hash;
        }
      if (hash == NULL)
        return;
      v->session_hash_event = lab_recompute_secret_new (rc, v->side, LAB_PHASE_CLIENT_AUTH_KEYS,
                                                        "session_hash", hash->value, hash->formula,
                                                        "handshake_messages", messages, NULL);
      ms = lab_extended_master_secret (v->suite->prf_hash, v->pre_master_secret, hash->value,
                                       &error);
      if (ms != NULL)
        v->master_secret_event = lab_recompute_secret_new (
          rc, v->side, LAB_PHASE_CLIENT_AUTH_KEYS, "master_secret", ms->value, ms->formula,
          "pre_master_secret", v->pre_master_secret, "session_hash", hash->value, NULL);
    }
  else
    {
      ms = lab_master_secret (v->suite->prf_hash, v->pre_master_secret, v->client_random,
                              v->server_random, &error);
      if (ms != NULL)
        v->master_secret_event = lab_recompute_secret_new (
          rc, v->side, LAB_PHASE_CLIENT_AUTH_KEYS, "master_secret", ms->value, ms->formula,
          "pre_master_secret", v->pre_master_secret, "client_random", v->client_random,
          "server_random", v->server_random, NULL);
    }
  if (ms == NULL)
    {
      lab_recompute_problem_new (rc, v->side, "master_secret", error->message);
      return;
    }
  /* without OpenSSL's value (a real peer's side), the records its keys open settle it */
  if (openssl->master_secret != NULL || lab_trace_is_from_capture (rc->trace))
    lab_recompute_settle_against_openssl (rc, v->master_secret_event, openssl->master_secret,
                                          "SSL_SESSION_get_master_key");
  v->master_secret = g_bytes_ref (ms->value);
}

static void
recompute_key_block (Recompute *rc, View *v)
{
  g_autoptr (GError) error = NULL;

  if (v->master_secret == NULL)
    return;
  v->keys = lab_key_block_derive (v->suite, v->master_secret, v->client_random,
                                  v->server_random, &error);
  if (v->keys == NULL)
    {
      lab_recompute_problem_new (rc, v->side, "key_block", error->message);
      return;
    }
  v->key_block_event = lab_recompute_secret_new (
    rc, v->side, LAB_PHASE_CLIENT_AUTH_KEYS, "key_block", v->keys->key_block->value,
    v->keys->key_block->formula, "master_secret", v->master_secret, "server_random",
    v->server_random, "client_random", v->client_random, NULL);
  for (int i = 0; i < LAB_KEY_N_PARTS; i++)
    {
      const LabSecret *part = v->keys->parts[i];
      if (part != NULL && g_bytes_get_size (part->value) > 0)
        v->part_events[i] = lab_recompute_secret_new (rc, v->side, LAB_PHASE_CLIENT_AUTH_KEYS,
                                                      part->name, part->value, part->formula, NULL);
    }
}

/* verify_data = PRF(ms, label, Hash(every message before this Finished)) (RFC 5246
 * §7.4.9), for the Finished this side sent: the client's first in a full handshake, the
 * server's first in an abbreviated one. */
static void
recompute_finished (Recompute *rc, View *v, const LabOpensslView *openssl)
{
  gboolean client = v->side == LAB_SIDE_CLIENT;
  const char *name = client ? "client_verify_data" : "server_verify_data";
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) messages = NULL;
  g_autoptr (LabSecret) hash = NULL;
  g_autoptr (LabSecret) verify = NULL;
  const LabEvent *finished = NULL;
  LabEvent *event;

  if (v->master_secret == NULL)
    return;
  for (guint i = 0; i < v->messages->len && finished == NULL; i++)
    {
      const LabEvent *e = g_ptr_array_index (v->messages, i);
      if (e->handshake_type == LAB_HS_FINISHED && e->sent)
        finished = e;
    }
  if (finished == NULL)
    return; /* this side never got that far */
  messages = transcript (v, NULL, finished);
  hash = lab_transcript_hash (v->suite->prf_hash, messages, &error);
  if (hash != NULL)
    verify = lab_verify_data (v->suite->prf_hash, client ? LAB_FINISHED_CLIENT : LAB_FINISHED_SERVER,
                              v->master_secret, hash->value, &error);
  if (verify == NULL)
    {
      lab_recompute_problem_new (rc, v->side, name, error->message);
      return;
    }
  v->verify_data = g_bytes_ref (verify->value);
  event = lab_recompute_secret_new (rc, v->side, LAB_PHASE_FINISHED, name, verify->value,
                                    verify->formula, "master_secret", v->master_secret,
                                    "handshake_hash", hash->value, NULL);
  if (openssl->real_peer && openssl->finished != NULL)
    {
      LabMatch match = lab_recompute_compare (verify->value, openssl->finished);
      g_autofree char *words = g_strdup_printf (
        "%s the verify_data the %s sent, as the lab's OpenSSL received it "
        "(SSL_get_peer_finished)",
        match == LAB_MATCH_YES ? "equals" : "DIFFERS from", lab_side_name (v->side));
      lab_recompute_settle (event, match, words);
    }
  else if (openssl->finished != NULL || !lab_trace_is_from_capture (rc->trace))
    lab_recompute_settle_against_openssl (rc, event, openssl->finished, "SSL_get_finished");
  else
    {
      /* a capture: the Finished this side sent, read from its opened record, holds the
       * verify_data its own TLS stack computed */
      g_autoptr (GBytes) sent
        = g_bytes_get_size (finished->bytes) > 4
            ? g_bytes_new_from_bytes (finished->bytes, 4, g_bytes_get_size (finished->bytes) - 4)
            : NULL;
      LabMatch match = lab_recompute_compare (verify->value, sent);
      g_autofree char *words = g_strdup_printf ("%s the verify_data the %s sent in its Finished",
                                                match == LAB_MATCH_YES ? "equals" : "DIFFERS from",
                                                lab_side_name (v->side));
      lab_recompute_settle (event, match, words);
    }
}

/* ---- renegotiation (RFC 5746) ---- */

/* The renegotiated_connection a hello carried in its renegotiation_info, or NULL. */
static GBytes *
carried_verify_data (const LabEvent *hello, const char *message)
{
  g_autoptr (LabField) tree = hello ? lab_dissect_message (hello->bytes, &(LabDissectOptions){ 0 })
                                    : NULL;
  g_autofree char *path = g_strdup_printf ("%s.extensions.renegotiation_info."
                                           "renegotiated_connection",
                                           message);
  const LabField *field = tree ? lab_field_lookup (tree, path) : NULL;
  gsize len;
  const guint8 *data = field ? lab_field_get_data (field, &len) : NULL;

  return data ? g_bytes_new (data, len) : NULL;
}

/* The value the lab expects, against the one the hello carried as its sender sent it. */
static void
settle_against_hello (LabEvent *event, GBytes *carried, const char *hello)
{
  LabMatch match = lab_recompute_compare (event->bytes, carried);
  g_autofree char *words = g_strdup_printf (
    "%s the renegotiated_connection the %s sent in its %s's renegotiation_info",
    match == LAB_MATCH_YES ? "equals" : "DIFFERS from", lab_side_name (event->side), hello);

  lab_recompute_settle (event, match, words);
}

/* A renegotiation is tied to the handshake before it: the client's hello carries that
 * handshake's client_verify_data (§3.5), the server's both verify_data values (§3.7). The
 * lab checks them against the values it computed for the first handshake. */
static void
check_renegotiation_info (Recompute *rc)
{
  const View *first_client = &rc->first_client, *first_server = &rc->first_server;
  g_autoptr (GBytes) in_client_hello = carried_verify_data (rc->client.client_hello,
                                                             "ClientHello");
  g_autoptr (GBytes) in_server_hello = carried_verify_data (rc->server.server_hello,
                                                             "ServerHello");
  g_autoptr (GByteArray) both = g_byte_array_new ();
  g_autoptr (GBytes) expected_both = NULL;
  LabEvent *event;

  if (first_client->verify_data != NULL && in_client_hello != NULL)
    {
      event = lab_recompute_secret_new (
        rc, LAB_SIDE_CLIENT, LAB_PHASE_NEGOTIATION, "renegotiated_connection",
        first_client->verify_data,
        "client_verify_data of the first handshake, in the ClientHello's renegotiation_info "
        "(RFC 5746 §3.5)",
        "client_verify_data", first_client->verify_data, NULL);
      settle_against_hello (event, in_client_hello, "ClientHello");
    }
  if (first_client->verify_data == NULL || first_server->verify_data == NULL
      || in_server_hello == NULL)
    return;
  g_byte_array_append (both, g_bytes_get_data (first_client->verify_data, NULL),
                       (guint) g_bytes_get_size (first_client->verify_data));
  g_byte_array_append (both, g_bytes_get_data (first_server->verify_data, NULL),
                       (guint) g_bytes_get_size (first_server->verify_data));
  expected_both = g_byte_array_free_to_bytes (g_steal_pointer (&both));
  event = lab_recompute_secret_new (
    rc, LAB_SIDE_SERVER, LAB_PHASE_NEGOTIATION, "renegotiated_connection", expected_both,
    "client_verify_data || server_verify_data of the first handshake, in the ServerHello's "
    "renegotiation_info (RFC 5746 §3.7)",
    "client_verify_data", first_client->verify_data, "server_verify_data",
    first_server->verify_data, NULL);
  settle_against_hello (event, in_server_hello, "ServerHello");
}

/* ---- records ---- */

static void
keys_for (const View *v, LabDirection direction, guint64 seq, LabRecordKeys *keys)
{
  gboolean client = direction == LAB_DIRECTION_CLIENT_TO_SERVER;
  const LabKeyBlock *kb = v->keys;

  keys->suite = v->suite;
  keys->key = kb->parts[client ? LAB_KEY_CLIENT_WRITE_KEY : LAB_KEY_SERVER_WRITE_KEY]->value;
  keys->iv = v->suite->fixed_iv_length
               ? kb->parts[client ? LAB_KEY_CLIENT_WRITE_IV : LAB_KEY_SERVER_WRITE_IV]->value
               : NULL;
  keys->mac_key = v->suite->mac_key_length
                    ? kb->parts[client ? LAB_KEY_CLIENT_WRITE_MAC_KEY
                                       : LAB_KEY_SERVER_WRITE_MAC_KEY]->value
                    : NULL;
  keys->seq = seq;
  keys->encrypt_then_mac = v->etm;
}

/* Every protected record of the connection, opened with its sender's keys (and what the
 * wire forwarded instead, with the receiver's). A ChangeCipherSpec starts the keys of the
 * handshake it ends in its direction, and sequence numbers from 0: the first handshake's
 * keys after the first, the renegotiation's after the second, which itself travels
 * protected by the first (RFC 5246 §6.1, §7.1). lab-key-evidence.c draws the same line. */
static void
open_records (Recompute *rc)
{
  guint n = lab_trace_get_n_events (rc->trace);
  guint64 seq[2] = { 0, 0 };
  guint changes[2] = { 0, 0 }; /* ChangeCipherSpecs so far, per direction */

  for (guint i = 0; i < n; i++)
    {
      const LabEvent *e = lab_trace_get_event (rc->trace, i);
      gboolean to_server = e->direction == LAB_DIRECTION_CLIENT_TO_SERVER;
      gboolean second = changes[to_server] >= 2;
      const View *sender = to_server ? (second ? &rc->client : &rc->first_client)
                                     : (second ? &rc->server : &rc->first_server);
      const View *receiver = to_server ? (second ? &rc->server : &rc->first_server)
                                       : (second ? &rc->client : &rc->first_client);
      gboolean change;
      LabRecordKeys keys;
      LabRecordDecryption *d;

      if (e->kind != LAB_EVENT_RECORD || e->connection != rc->connection || e->bytes == NULL
          || g_bytes_get_size (e->bytes) < 5)
        continue;
      change = e->content_type == LAB_CONTENT_CHANGE_CIPHER_SPEC;
      if (e->encrypted && sender->keys != NULL)
        {
          keys_for (sender, e->direction, seq[to_server], &keys);
          if ((d = lab_record_decrypt (&keys, e->bytes, NULL)) != NULL)
            lab_trace_attach_decryption (rc->trace, e->seq, d, FALSE);
        }
      if (e->encrypted && receiver->keys != NULL && e->forwarded != NULL
          && g_bytes_get_size (e->forwarded) > 0 && !g_bytes_equal (e->forwarded, e->bytes))
        {
          keys_for (receiver, e->direction, seq[to_server], &keys);
          if ((d = lab_record_decrypt (&keys, e->forwarded, NULL)) != NULL)
            lab_trace_attach_decryption (rc->trace, e->seq, d, TRUE);
        }
      if (e->encrypted)
        seq[to_server]++;
      if (change)
        {
          changes[to_server]++;
          seq[to_server] = 0;
        }
    }
}

/* One handshake: pre-master secret to both Finished values (their events kept back until
 * the records are opened). */
static void
recompute_handshake (Recompute *rc, const LabOpensslSecrets *openssl)
{
  rc->openssl = openssl;
  view_read (rc, &rc->client, LAB_SIDE_CLIENT);
  view_read (rc, &rc->server, LAB_SIDE_SERVER);
  lab_recompute_pre_master_secret (rc);
  recompute_master_secret (rc, &rc->client, &rc->openssl->client);
  recompute_master_secret (rc, &rc->server, &rc->openssl->server);
  recompute_key_block (rc, &rc->client);
  recompute_key_block (rc, &rc->server);
  recompute_finished (rc, &rc->client, &rc->openssl->client);
  recompute_finished (rc, &rc->server, &rc->openssl->server);
}

/* One connection: its handshake, a renegotiation if it had one, then its records; then
 * what shows each value, each handshake's key block by the records under its own keys
 * (lab_recompute_settle_view), and the events of both, in the order they were made. */
static void
recompute_connection (Recompute *rc, const LabOpensslSecrets *openssl)
{
  /* the renegotiation's own: its ephemeral key, and what OpenSSL knew at the end */
  LabOpensslSecrets second = {
    .server_ephemeral = openssl->renegotiation_ephemeral,
    .server_key = openssl->server_key,
    .client = openssl->client_renegotiation,
    .server = openssl->server_renegotiation,
  };

  rc->renegotiation = FALSE;
  recompute_handshake (rc, openssl);
  /* the session a later connection may resume */
  for (int side = 0; side < 2; side++)
    {
      View *v = side == LAB_SIDE_CLIENT ? &rc->client : &rc->server;
      if (v->master_secret != NULL && rc->session_master_secret[side] == NULL)
        rc->session_master_secret[side] = g_bytes_ref (v->master_secret);
    }
  rc->first_client = rc->client;
  rc->first_server = rc->server;
  rc->first_openssl = openssl;
  memset (&rc->client, 0, sizeof rc->client);
  memset (&rc->server, 0, sizeof rc->server);
  rc->renegotiation = TRUE;
  recompute_handshake (rc, &second); /* nothing, when the connection did not renegotiate */
  check_renegotiation_info (rc);
  open_records (rc);
  lab_recompute_settle_view (rc, &rc->first_client);
  lab_recompute_settle_view (rc, &rc->first_server);
  lab_recompute_settle_view (rc, &rc->client);
  lab_recompute_settle_view (rc, &rc->server);
  lab_recompute_flush (rc);
  rc->openssl = rc->first_openssl = NULL; /* `second` ends here */
  view_clear (&rc->client);
  view_clear (&rc->server);
  view_clear (&rc->first_client);
  view_clear (&rc->first_server);
}

void
lab_recompute_connections (LabTrace *trace, const LabOpensslSecrets *openssl, guint n)
{
  Recompute rc = { .trace = trace, .pending = g_ptr_array_new () };

  for (guint c = 0; c < n; c++)
    {
      rc.connection = c;
      memset (&rc.client, 0, sizeof rc.client);
      memset (&rc.server, 0, sizeof rc.server);
      recompute_connection (&rc, &openssl[c]);
    }
  g_clear_pointer (&rc.session_master_secret[0], g_bytes_unref);
  g_clear_pointer (&rc.session_master_secret[1], g_bytes_unref);
  g_ptr_array_unref (rc.pending);
}

void
lab_recompute (LabTrace *trace, const LabOpensslSecrets *openssl)
{
  lab_recompute_connections (trace, openssl, 1);
}
