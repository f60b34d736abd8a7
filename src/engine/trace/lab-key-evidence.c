/* lab-key-evidence.c: a key-block part is checked by the records its sender made with it
 * (lab-key-evidence.h). Only records as their sender sent them count: those bytes are the
 * sender's own work (OpenSSL's, in a lab run), whatever the wire did to them afterwards.
 * The words say "as the client sent it" rather than "OpenSSL", since a capture's or a
 * real peer's records come from another TLS stack. */
#include "lab-key-evidence.h"
#include "tls/lab-record-protection.h"

#include <string.h>

typedef enum
{
  PLAINTEXT_UNKNOWN,
  PLAINTEXT_CONFIRMED,
  PLAINTEXT_CONTRADICTED,
} PlaintextCheck;

/* Is this plaintext what the sender's OpenSSL sent? Its Finished is known by its
 * verify_data; anything else only in a lab run, where every handshake message, alert and
 * piece of application data a side sent is an event of its own, from OpenSSL's callbacks
 * (in a capture those events come from the lab's own decryption: no evidence). */
static PlaintextCheck
check_plaintext (const LabKeyEvidenceInput *in, LabSide sender, guint8 content_type,
                 GBytes *plaintext)
{
  gboolean capture = lab_trace_is_from_capture (in->trace);
  GBytes *verify_data = in->verify_data[sender];
  gsize len;
  const guint8 *data = g_bytes_get_data (plaintext, &len);
  gboolean finished
    = content_type == LAB_CONTENT_HANDSHAKE && len >= 1 && data[0] == LAB_HS_FINISHED;

  if (finished && verify_data != NULL)
    return len == 4 + g_bytes_get_size (verify_data)
               && memcmp (data + 4, g_bytes_get_data (verify_data, NULL), len - 4) == 0
             ? PLAINTEXT_CONFIRMED
             : PLAINTEXT_CONTRADICTED;
  if (capture)
    return PLAINTEXT_UNKNOWN;
  guint n = lab_trace_get_n_events (in->trace);

  for (guint i = 0; i < n; i++)
    {
      const LabEvent *e = lab_trace_get_event (in->trace, i);
      gboolean same_type
        = (e->kind == LAB_EVENT_MESSAGE && content_type == LAB_CONTENT_HANDSHAKE)
          || (e->kind == LAB_EVENT_ALERT && content_type == LAB_CONTENT_ALERT)
          || (e->kind == LAB_EVENT_APP_DATA && content_type == LAB_CONTENT_APPLICATION_DATA);

      if (same_type && e->side == sender && e->sent && e->connection == in->connection
          && e->bytes != NULL && g_bytes_equal (e->bytes, plaintext))
        return PLAINTEXT_CONFIRMED;
    }
  /* handshake messages and alerts are always in the trace whole; application data may be
   * past the trace's cap */
  return content_type == LAB_CONTENT_APPLICATION_DATA ? PLAINTEXT_UNKNOWN : PLAINTEXT_CONTRADICTED;
}

/* "the client's Finished record (event 44)" */
static char *
record_words (LabSide sender, const LabEvent *record, const LabRecordDecryption *d)
{
  const char *what = record->content_type == LAB_CONTENT_HANDSHAKE ? "handshake"
                     : record->content_type == LAB_CONTENT_ALERT   ? "alert"
                                                                   : "application data";
  gsize len = 0;
  const guint8 *data
    = d != NULL && d->plaintext != NULL ? g_bytes_get_data (d->plaintext, &len) : NULL;

  if (record->content_type == LAB_CONTENT_HANDSHAKE && len >= 1 && data[0] == LAB_HS_FINISHED)
    what = "Finished";
  return g_strdup_printf ("the %s's %s record (event %u)", lab_side_name (sender), what,
                          record->seq);
}

/* Did the receiver's OpenSSL open what the sender protected with these keys? It did if it
 * received the sender's Finished of that handshake (a renegotiation's is the second it
 * received), or, for the first handshake, data: OpenSSL reports a message only once its
 * record opened. */
static gboolean
receiver_opened (const LabKeyEvidenceInput *in, LabSide receiver)
{
  guint finished = 0, needed = in->renegotiation ? 2 : 1;

  for (guint i = 0; i < lab_trace_get_n_events (in->trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (in->trace, i);

      if (e->side != receiver || e->sent || e->connection != in->connection)
        continue;
      if (e->kind == LAB_EVENT_MESSAGE && e->handshake_type == LAB_HS_FINISHED)
        finished++;
      /* data before a renegotiation's Finished came under the first handshake's keys */
      if (finished >= needed || (e->kind == LAB_EVENT_APP_DATA && !in->renegotiation))
        return TRUE;
    }
  return FALSE;
}

/* Did the receiver answer with bad_record_mac (RFC 5246 §7.2.2)? */
static gboolean
receiver_sent_bad_record_mac (const LabKeyEvidenceInput *in, LabSide receiver)
{
  for (guint i = 0; i < lab_trace_get_n_events (in->trace); i++)
    {
      const LabEvent *e = lab_trace_get_event (in->trace, i);

      if (e->kind == LAB_EVENT_ALERT && e->side == receiver && e->sent
          && e->connection == in->connection && e->alert_description == 20)
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_attacker (LabTrace *trace)
{
  for (guint i = 0; i < lab_trace_get_n_events (trace); i++)
    if (lab_trace_get_event (trace, i)->side == LAB_SIDE_ATTACKER)
      return TRUE;
  return FALSE;
}

/* Is this part of the key block used by the suite at all (a CBC suite has no IV in it, an
 * AEAD suite no MAC key)? */
static gboolean
used (const LabKeyEvidenceInput *in, LabKeyPart part)
{
  return in->keys->parts[part] != NULL && g_bytes_get_size (in->keys->parts[part]->value) > 0;
}

/* Were the trace's openings of this direction's records made with exactly these keys? */
static gboolean
same_keys (const LabKeyEvidenceInput *in, LabSide sender, const LabKeyPart parts[3])
{
  const LabKeyBlock *other = in->decrypted_with[sender];

  if (other == NULL || other->suite != in->keys->suite
      || in->decrypted_with_etm[sender] != in->encrypt_then_mac)
    return FALSE;
  for (int p = 0; p < 3; p++)
    if (!g_bytes_equal (other->parts[parts[p]]->value, in->keys->parts[parts[p]]->value))
      return FALSE;
  return TRUE;
}

static void
settle (LabKeyEvidence *out, LabMatch match, guint record, char *why)
{
  if (out->why != NULL)
    {
      g_free (why);
      return; /* the first evidence stands */
    }
  out->match = match;
  out->record = record;
  out->why = why;
}

static void
find_for_direction (const LabKeyEvidenceInput *in, LabDirection direction,
                    LabKeyEvidence out[LAB_KEY_N_PARTS])
{
  gboolean from_client = direction == LAB_DIRECTION_CLIENT_TO_SERVER;
  LabSide sender = from_client ? LAB_SIDE_CLIENT : LAB_SIDE_SERVER;
  LabSide receiver = from_client ? LAB_SIDE_SERVER : LAB_SIDE_CLIENT;
  LabKeyPart mac = from_client ? LAB_KEY_CLIENT_WRITE_MAC_KEY : LAB_KEY_SERVER_WRITE_MAC_KEY;
  LabKeyPart key = from_client ? LAB_KEY_CLIENT_WRITE_KEY : LAB_KEY_SERVER_WRITE_KEY;
  LabKeyPart iv = from_client ? LAB_KEY_CLIENT_WRITE_IV : LAB_KEY_SERVER_WRITE_IV;
  const LabKeyPart parts[] = { mac, key, iv };
  gboolean etm = in->suite->protection == LAB_RECORD_CBC && in->encrypt_then_mac;
  const char *opener = in->suite->protection != LAB_RECORD_CBC ? "the tag verified"
                       : etm                                   ? "the MAC verified"
                             : "the MAC over the decrypted plaintext verified";
  LabRecordKeys keys = {
    .suite = in->suite,
    .key = in->keys->parts[key]->value,
    .iv = in->suite->fixed_iv_length ? in->keys->parts[iv]->value : NULL,
    .mac_key = in->suite->mac_key_length ? in->keys->parts[mac]->value : NULL,
    .encrypt_then_mac = etm,
  };
  guint64 seq = 0;
  guint records = 0;
  const LabEvent *failed = NULL;
  g_autofree char *failed_words = NULL;
  g_autofree char *failed_reason = NULL;
  gboolean failed_key_only = FALSE;
  gboolean reuse = same_keys (in, sender, parts);
  guint n = lab_trace_get_n_events (in->trace);
  guint changes = 0; /* ChangeCipherSpecs so far in this direction (as open_records counts) */

  for (guint i = 0; i < n && failed == NULL; i++)
    {
      const LabEvent *e = lab_trace_get_event (in->trace, i);
      g_autoptr (LabRecordDecryption) opened = NULL;
      const LabRecordDecryption *d;
      g_autofree char *words = NULL;
      PlaintextCheck check;

      if (e->kind != LAB_EVENT_RECORD || e->connection != in->connection
          || e->direction != direction || e->bytes == NULL
          || g_bytes_get_size (e->bytes) < LAB_RECORD_HEADER_LENGTH)
        continue;
      if (e->content_type == LAB_CONTENT_CHANGE_CIPHER_SPEC)
        {
          changes++;
          continue;
        }
      /* only the records this handshake's keys protected */
      if (!e->encrypted || (changes >= 2) != in->renegotiation)
        continue;
      records++;
      keys.seq = seq++;
      d = reuse ? e->decryption : NULL;
      if (d == NULL)
        d = opened = lab_record_decrypt (&keys, e->bytes, NULL);
      words = record_words (sender, e, d);
      if (d != NULL && !d->authentic && etm && d->verdict == LAB_RECORD_BAD_PADDING)
        {
          /* the MAC, over the ciphertext, verified: the MAC key is right, the key not */
          settle (&out[mac], LAB_MATCH_OPENED_RECORD, e->seq,
                  g_strdup_printf ("opened %s, exactly as the %s sent it: %s", words,
                                   lab_side_name (sender), opener));
          failed_key_only = TRUE;
        }
      if (d == NULL || !d->authentic)
        {
          failed = e;
          failed_words = g_steal_pointer (&words);
          failed_reason
            = g_strdup (d != NULL && d->reason != NULL ? d->reason : "the keys are unusable");
          break;
        }
      check
        = etm ? check_plaintext (in, sender, e->content_type, d->plaintext) : PLAINTEXT_CONFIRMED;
      {
        g_autofree char *opened_words = g_strdup_printf ("opened %s, exactly as the %s sent it: %s",
                                                         words, lab_side_name (sender), opener);
        for (guint p = 0; p < G_N_ELEMENTS (parts); p++)
          if ((parts[p] != key || !etm) && used (in, parts[p]) && out[parts[p]].why == NULL)
            settle (&out[parts[p]], LAB_MATCH_OPENED_RECORD, e->seq, g_strdup (opened_words));
      }
      if (check == PLAINTEXT_CONFIRMED && etm)
        settle (&out[key], LAB_MATCH_OPENED_RECORD, e->seq,
                g_strdup_printf ("opened %s, exactly as the %s sent it: it decrypted to exactly "
                                 "what the %s sent",
                                 words, lab_side_name (sender), lab_side_name (sender)));
      if (check == PLAINTEXT_CONTRADICTED)
        {
          failed = e;
          failed_words = g_steal_pointer (&words);
          failed_reason = g_strdup_printf ("its MAC verified, but it decrypted to something the "
                                           "%s never sent",
                                           lab_side_name (sender));
          failed_key_only = TRUE;
        }
      if (check == PLAINTEXT_CONFIRMED)
        return;
    }

  for (guint p = 0; p < G_N_ELEMENTS (parts); p++)
    {
      LabKeyEvidence *o = &out[parts[p]];

      if (!used (in, parts[p]) || o->why != NULL)
        continue;
      if (failed != NULL && (!failed_key_only || parts[p] == key)
          && (in->view == sender || receiver_opened (in, receiver)))
        settle (o, LAB_MATCH_NOT_OPENED, failed->seq,
                g_strdup_printf ("did NOT open %s, exactly as the %s sent it (%s): %s differs "
                                 "from the one the %s used",
                                 failed_words, lab_side_name (sender), failed_reason,
                                 failed_key_only ? "its MAC key is right, so this key"
                                                 : "this value, or another used with it on "
                                                   "that record,",
                                 lab_side_name (sender)));
      else if (failed != NULL)
        settle (o, LAB_MATCH_NO_EVIDENCE, failed->seq,
                g_strdup_printf ("did not open %s, exactly as the %s sent it: the %s's keys "
                                 "differ from the %s's%s",
                                 failed_words, lab_side_name (sender), lab_side_name (receiver),
                                 lab_side_name (sender),
                                 receiver_sent_bad_record_mac (in, receiver)
                                   ? ", and it could not open that record either: it answered "
                                     "bad_record_mac"
                                   : ""));
      else if (records == 0)
        settle (o, LAB_MATCH_NO_EVIDENCE, 0,
                g_strdup_printf ("no record protected with it crossed the lab's wire, as %s",
                                 has_attacker (in->trace)
                                   ? "the man in the middle's connections write to their "
                                     "sockets directly"
                                 : from_client ? "the client never sent one"
                                               : "the server never sent one"));
      else
        settle (o, LAB_MATCH_NO_EVIDENCE, 0,
                g_strdup_printf ("no record the %s sent decrypted to anything the lab can "
                                 "compare: with encrypt-then-MAC only the plaintext shows the "
                                 "key",
                                 lab_side_name (sender)));
    }
}

void
lab_key_evidence_find (const LabKeyEvidenceInput *in, LabKeyEvidence out[LAB_KEY_N_PARTS])
{
  memset (out, 0, sizeof (LabKeyEvidence) * LAB_KEY_N_PARTS);
  find_for_direction (in, LAB_DIRECTION_CLIENT_TO_SERVER, out);
  find_for_direction (in, LAB_DIRECTION_SERVER_TO_CLIENT, out);
}

void
lab_key_evidence_clear (LabKeyEvidence evidence[LAB_KEY_N_PARTS])
{
  for (int i = 0; i < LAB_KEY_N_PARTS; i++)
    g_clear_pointer (&evidence[i].why, g_free);
}
