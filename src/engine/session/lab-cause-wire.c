/* lab-cause-wire.c: a run the wire changed, explained: which record it changed and which
 * bytes, where the two sides' transcripts first differ (with the field from the
 * dissector), and why that surfaces as this alert (HACKING.md, "The trace and the
 * steps"). */
#include "lab-cause-wire.h"
#include "lab-cause-private.h"
#include "tls/lab-dissect.h"
#include "tls/lab-reader.h"

#include <string.h>

#define EXT_EXTENDED_MASTER_SECRET 23 /* RFC 7627 §5.1 */

/* The name, for people, of the field a byte of a message belongs to: "its cipher suites
 * length". */
static char *
field_at (const LabEvent *message, gsize offset)
{
  g_autoptr (LabField) tree = lab_dissect_message (message->bytes, NULL);
  g_autoptr (GPtrArray) leaves = lab_field_collect_leaves (tree);

  for (guint i = 0; i < leaves->len; i++)
    {
      const LabField *leaf = g_ptr_array_index (leaves, i);
      if (leaf->error == NULL && offset >= leaf->offset && offset < leaf->offset + leaf->length)
        {
          g_autofree char *label = g_ascii_strdown (leaf->label, -1);
          return g_strdup_printf ("its %s", label);
        }
    }
  return NULL;
}

static gboolean
first_difference (Cause *c, LabSide sender, const LabEvent **message, gsize *offset)
{
  GPtrArray *sent = g_ptr_array_new (), *received = g_ptr_array_new ();
  gboolean found = FALSE;

  for (guint i = 0; i < c->limit; i++)
    {
      const LabEvent *e = event_at (c, i);
      if (e->kind != LAB_EVENT_MESSAGE)
        continue;
      if (e->side == sender && e->sent)
        g_ptr_array_add (sent, (gpointer) e);
      else if (e->side != sender && !e->sent
               && e->direction == (sender == LAB_SIDE_CLIENT ? LAB_DIRECTION_CLIENT_TO_SERVER
                                                             : LAB_DIRECTION_SERVER_TO_CLIENT))
        g_ptr_array_add (received, (gpointer) e);
    }
  for (guint i = 0; i < MIN (sent->len, received->len) && !found; i++)
    {
      const LabEvent *a = g_ptr_array_index (sent, i), *b = g_ptr_array_index (received, i);
      gsize la, lb;
      const guint8 *da = g_bytes_get_data (a->bytes, &la), *db = g_bytes_get_data (b->bytes, &lb);

      /* From byte 4: a changed body changes the length in the header too, and the body
       * is where the change means something. */
      for (gsize k = MIN (4, MIN (la, lb)); k < MIN (la, lb) + 1 && !found; k++)
        if (k == MIN (la, lb) ? la != lb : da[k] != db[k])
          {
            *message = a;
            *offset = k;
            found = TRUE;
          }
    }
  g_ptr_array_unref (sent);
  g_ptr_array_unref (received);
  return found;
}

/* What the changed record carried, from the wire's words ("... of the ClientKeyExchange"). */
static gboolean
changed (const LabEvent *record, const char *what)
{
  return record->wire_action != NULL && strstr (record->wire_action, what) != NULL;
}

/* What one side's view of the ServerHello chose: its suite, and whether it agreed to the
 * extended master secret (RFC 5246 §7.4.1.3, RFC 7627 §5.1). FALSE when that side has no
 * ServerHello, or one that does not parse. */
static gboolean
server_hello_choice (Cause *c, LabSide side, const LabCipherSuite **suite, gboolean *ems)
{
  for (guint i = 0; i < c->limit; i++)
    {
      const LabEvent *e = event_at (c, i);
      gsize len;
      const guint8 *data;
      LabReader r, sid, exts;
      guint16 id;

      if (e->kind != LAB_EVENT_MESSAGE || e->side != side || e->connection != 0
          || e->handshake_type != LAB_HS_SERVER_HELLO || e->sent != (side == LAB_SIDE_SERVER))
        continue;
      data = g_bytes_get_data (e->bytes, &len);
      lab_reader_init (&r, data, len);
      if (!lab_reader_skip (&r, 4 + 2 + 32) || !lab_reader_vector (&r, 1, &sid, NULL)
          || !lab_reader_u16 (&r, &id) || !lab_reader_skip (&r, 1))
        return FALSE;
      *suite = lab_cipher_suite_lookup (id);
      *ems = FALSE;
      if (lab_reader_remaining (&r) == 0)
        return *suite != NULL; /* no extensions at all */
      if (!lab_reader_vector (&r, 2, &exts, NULL))
        return FALSE;
      while (lab_reader_remaining (&exts) >= 4)
        {
          guint16 type;
          LabReader body;

          if (!lab_reader_u16 (&exts, &type) || !lab_reader_vector (&exts, 2, &body, NULL))
            return FALSE;
          *ems |= type == EXT_EXTENDED_MASTER_SECRET;
        }
      return *suite != NULL;
    }
  return FALSE;
}

/* bad_record_mac because the two sides ran different suites: each cut its own key block
 * with its own PRF hash. */
static char *
why_suites_differ (const LabCipherSuite *server, const LabCipherSuite *client)
{
  g_autofree char *how = NULL;

  if (server->prf_hash != client->prf_hash)
    how = g_strdup_printf (
      "Their PRF hashes differ (%s and %s: a suite ending in SHA384 names its own, %s), so "
      "from the same pre-master secret they computed different master secrets and different "
      "keys",
      server->prf_hash == LAB_HASH_SHA384 ? "SHA-384" : "SHA-256",
      client->prf_hash == LAB_HASH_SHA384 ? "SHA-384" : "SHA-256",
      server->kx == LAB_KX_ECDHE ? "RFC 5289 §3" : "RFC 5288 §3");
  else
    how = g_strdup ("Each cut the key block into keys of its own suite's lengths (RFC 5246 "
                    "§6.3), so the client's keys are not the server's");
  return g_strdup_printf ("Now the server runs %s and the client %s. %s, and the client's "
                          "Finished, the first record under the new keys, did not authenticate "
                          "at the server: bad_record_mac.",
                          server->iana_name, client->iana_name, how);
}

/* bad_record_mac because one side used the extended master secret and the other not. */
static char *
why_master_secret_formulas_differ (LabSide with_ems)
{
  const char *with = lab_side_name (with_ems);
  const char *without = lab_side_name (with_ems == LAB_SIDE_SERVER ? LAB_SIDE_CLIENT
                                                                   : LAB_SIDE_SERVER);

  return g_strdup_printf (
    "The %s's view of the ServerHello has the extended_master_secret extension, the %s's "
    "does not. So the %s computed its master secret as RFC 7627 §4 says, PRF(pre_master_secret, "
    "\"extended master secret\", session_hash), and the %s with the classic formula of RFC "
    "5246 §8.1, PRF(pre_master_secret, \"master secret\", ClientHello.random + "
    "ServerHello.random): two formulas, two master secrets, two sets of keys, and the "
    "client's Finished, the first record under the new keys, did not authenticate at the "
    "server: bad_record_mac.",
    with, without, with, without);
}

static char *
why_alert_after_tampering (Cause *c, const LabEvent *record, gboolean transcript_differs)
{
  gboolean ems = c->scenario->client.extended_master_secret
                 && c->scenario->server.extended_master_secret;
  const LabCipherSuite *server_suite = NULL, *client_suite = NULL;
  gboolean server_ems = FALSE, client_ems = FALSE;
  gboolean hellos = server_hello_choice (c, LAB_SIDE_SERVER, &server_suite, &server_ems)
                    && server_hello_choice (c, LAB_SIDE_CLIENT, &client_suite, &client_ems);
  const char *downgrade = lab_cause_why_after_tampering (c->outcome);

  if (downgrade != NULL)
    return g_strdup (downgrade);

  if (g_strcmp0 (c->alert, "bad_record_mac") == 0)
    {
      if (changed (record, "ClientKeyExchange"))
        return g_strdup (
          "The server decrypted the changed value to a different pre-master secret (or, "
          "unable to decrypt it, carried on with a random one without saying so, as RFC "
          "5246 §7.4.7.1 requires), so the two sides' keys differ and the client's Finished "
          "did not authenticate: bad_record_mac.");
      if (hellos && server_suite != client_suite && server_suite->kx == client_suite->kx)
        return why_suites_differ (server_suite, client_suite);
      if (hellos && server_ems != client_ems)
        return why_master_secret_formulas_differ (server_ems ? LAB_SIDE_SERVER
                                                             : LAB_SIDE_CLIENT);
      return g_strdup (
        transcript_differs && ems
          ? "With the extended master secret, the hash of the handshake messages up to the "
            "ClientKeyExchange (the session_hash) is what the master secret is computed from "
            "(RFC 7627 §4), so the two sides' different transcripts gave them different "
            "master secrets and keys, and the first encrypted record (the client's Finished) "
            "did not authenticate: bad_record_mac."
        : transcript_differs
          ? "The two sides derived different keys, so the first encrypted record did not "
            "authenticate: bad_record_mac."
          : "A record's authentication tag (or MAC) covers every byte and its sequence "
            "number, so the changed or repeated record did not authenticate: "
            "bad_record_mac.");
    }
  if (g_strcmp0 (c->alert, "decrypt_error") == 0)
    return g_strdup (
      transcript_differs && g_strcmp0 (c->outcome->reason, "bad signature") == 0
        ? "The ServerKeyExchange is signed over both randoms and the key share, so the "
          "client's check of the server's signature failed: decrypt_error."
      : transcript_differs
        ? "The keys still matched, but the Finished message carries a hash of the whole "
          "transcript, and the two sides' transcripts differ: decrypt_error."
        : "A signature no longer matched what it signs: decrypt_error.");
  if (g_strcmp0 (c->alert, "unexpected_message") == 0 && changed (record, "change_cipher_spec")
      && record->forwarded != NULL && g_bytes_get_size (record->forwarded) == 0)
    return g_strdup_printf (
      "The %s never got the ChangeCipherSpec, so it still read records as plaintext and "
      "waited for one; what came instead was the %s's Finished, encrypted, which read as "
      "plaintext is no message the handshake allows at that point: unexpected_message.",
      lab_side_name (c->outcome->sent_by), lab_side_name (c->outcome->sent_by == LAB_SIDE_SERVER
                                                            ? LAB_SIDE_CLIENT
                                                            : LAB_SIDE_SERVER));
  if (g_strcmp0 (c->alert, "unexpected_message") == 0
      && g_strcmp0 (c->outcome->reason, "bad change cipher spec") == 0)
    return g_strdup (
      "A ChangeCipherSpec is a single byte of value 1 (RFC 5246 §7.1). OpenSSL refuses the "
      "record itself when it holds anything else (\"bad change cipher spec\"), before the "
      "Finished that follows is even read; RFC 5246 names no alert for it, and OpenSSL sends "
      "the one RFC 8446 §5 requires in TLS 1.3: unexpected_message.");
  if (g_strcmp0 (c->alert, "unexpected_message") == 0)
    return g_strdup ("The receiver got a message the handshake does not allow at that point "
                     "(one was removed, repeated or changed on the way): unexpected_message.");
  if (g_strcmp0 (c->alert, "protocol_version") == 0)
    return g_strdup (c->outcome->sent_by == LAB_SIDE_CLIENT
                       ? "The client offered only TLS 1.2, so a ServerHello choosing another "
                         "version is refused: protocol_version."
                       : "The server was asked for a protocol version it does not speak: "
                         "protocol_version.");
  if (g_strcmp0 (c->alert, "illegal_parameter") == 0)
    return g_strdup (changed (record, "cipher suite")
                       ? "The ServerHello chose a cipher suite the client never offered: "
                         "illegal_parameter."
                       : "A field now holds a value the receiver does not allow there: "
                         "illegal_parameter.");
  return NULL;
}

/* The bytes the wire changed: from the first that differs to the last (for a record
 * that grew, shrank or vanished, from the first difference to the end). */
static void
mark_changed_bytes (LabOutcome *outcome, const LabEvent *record)
{
  gsize sent_len, got_len, first = 0, last;
  const guint8 *sent = g_bytes_get_data (record->bytes, &sent_len);
  const guint8 *got = g_bytes_get_data (record->forwarded, &got_len);

  while (first < sent_len && first < got_len && sent[first] == got[first])
    first++;
  if (first == sent_len)
    return;
  last = sent_len - 1;
  if (sent_len == got_len)
    while (last > first && sent[last] == got[last])
      last--;
  outcome->cause_offset = first;
  outcome->cause_length = last - first + 1;
}

gboolean
lab_cause_explain_wire (Cause *c)
{
  const LabEvent *changed_record = NULL;
  g_autofree char *problem = NULL;
  guint dropped = 0;
  const LabEvent *message = NULL;
  gsize offset = 0;
  gboolean differs;
  g_autofree char *why = NULL;
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; i < c->limit; i++)
    {
      const LabEvent *e = event_at (c, i);
      if (e->kind == LAB_EVENT_RECORD && e->wire_action != NULL && e->forwarded != NULL)
        {
          if (changed_record == NULL)
            changed_record = e;
          dropped += g_bytes_get_size (e->forwarded) == 0;
        }
    }
  if (changed_record == NULL)
    return FALSE;
  c->outcome->cause_event = (int) changed_record->seq;
  mark_changed_bytes (c->outcome, changed_record);
  g_string_append_printf (text, "The wire %s.", changed_record->wire_action);
  if (dropped > 1)
    g_string_append_printf (text, " It dropped %u records in all.", dropped);

  differs = first_difference (c, LAB_SIDE_CLIENT, &message, &offset)
            || first_difference (c, LAB_SIDE_SERVER, &message, &offset);
  if (differs)
    {
      g_autofree char *field = field_at (message, offset);
      g_string_append_printf (text, " The client's and the server's transcripts now differ at "
                                    "byte %" G_GSIZE_FORMAT " of the %s%s%s%s.",
                              offset, message->name, field ? " (" : "", field ? field : "",
                              field ? ")" : "");
    }
  if (c->outcome->result == LAB_RESULT_TIMEOUT)
    g_string_append (text, " What never arrives cannot be rejected: each side waited for the "
                           "other until the lab's timeout.");
  else if (c->outcome->verify_error != 0 && (problem = lab_cause_certificate (c)) != NULL)
    {
      /* a change to a certificate surfaces as a failed check of it */
      g_string_append_printf (text, " %s", problem);
      c->outcome->cause_event = (int) changed_record->seq;
    }
  else if ((why = why_alert_after_tampering (c, changed_record, differs)) != NULL)
    g_string_append_printf (text, " %s", why);
  else if (c->outcome->result == LAB_RESULT_ERROR)
    /* OpenSSL sends no alert when the very first record is not TLS at all */
    g_string_append_printf (text, " No alert came back: the side that could not go on hung "
                                  "up (%s).", c->outcome->reason);
  c->outcome->cause = g_string_free (g_steal_pointer (&text), FALSE);
  return TRUE;
}

