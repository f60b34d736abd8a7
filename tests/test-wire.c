/* The wire as each peer's write path: whatever pieces a sender writes in, the receiver
 * gets the same bytes (or what a filter made of them), and the trace one event per whole
 * record, numbered per direction. Real sockets (a socketpair), no OpenSSL peer: the
 * pieces here are the ones OpenSSL's buffering can produce, and some it never would. */
#include "engine/session/lab-wire.h"
#include "lab-test-util.h"

#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

typedef struct
{
  int fds[2]; /* [0] the sender's socket, [1] the receiver's */
  LabTrace *trace;
  LabWire *wire;
  BIO *bio;
} Wire;

static void
wire_open (Wire *w)
{
  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM, 0, w->fds), ==, 0);
  w->trace = lab_trace_new ();
  w->wire = lab_wire_new (w->trace);
  w->bio = lab_wire_bio_new (w->wire, LAB_DIRECTION_CLIENT_TO_SERVER, 0, w->fds[0]);
  g_assert_nonnull (w->bio);
}

/* Frees the BIO (passing on a torn record, if any), closes the sender's end, and returns
 * everything the receiver got. */
static GByteArray *
wire_close (Wire *w)
{
  GByteArray *got = g_byte_array_new ();
  guint8 buffer[4096];
  ssize_t n;

  BIO_free (w->bio);
  close (w->fds[0]);
  while ((n = read (w->fds[1], buffer, sizeof buffer)) > 0 || (n < 0 && errno == EINTR))
    if (n > 0)
      g_byte_array_append (got, buffer, (guint) n);
  close (w->fds[1]);
  lab_wire_free (w->wire);
  return got;
}

static void
write_all (Wire *w, const guint8 *data, gsize len)
{
  g_assert_cmpint (BIO_write (w->bio, data, (int) len), ==, (int) len);
}

/* Records of content type 23 with bodies of the given lengths, body bytes counting up. */
static GByteArray *
records (const guint *lengths, guint n)
{
  GByteArray *out = g_byte_array_new ();
  guint8 counter = 0;

  for (guint i = 0; i < n; i++)
    {
      guint8 header[5] = { 23, 3, 3, lengths[i] >> 8, lengths[i] & 0xff };

      g_byte_array_append (out, header, sizeof header);
      for (guint k = 0; k < lengths[i]; k++, counter++)
        g_byte_array_append (out, &counter, 1);
    }
  return out;
}

static const guint lengths[] = { 40, 1, 300, 17000 - 5, 2 };

/* Every way of cutting the same bytes: one write, byte by byte through a header, splits
 * inside a body, several records in one write. */
static void
test_wire_any_pieces_same_bytes (void)
{
  static const gsize cuts[][6] = {
    { 0 },                      /* all at once */
    { 1, 2, 3, 4, 5, 0 },       /* the first header a byte at a time */
    { 20, 46, 47, 60, 4000, 0 }, /* inside bodies, and right at record ends */
    { 45, 0 },                  /* a record and the next header's first byte */
  };

  for (guint c = 0; c < G_N_ELEMENTS (cuts); c++)
    {
      g_autoptr (GByteArray) sent = records (lengths, G_N_ELEMENTS (lengths));
      g_autoptr (GByteArray) got = NULL;
      Wire w;
      gsize at = 0;

      wire_open (&w);
      for (guint k = 0; k < G_N_ELEMENTS (cuts[c]) && cuts[c][k] > at; k++)
        {
          write_all (&w, sent->data + at, cuts[c][k] - at);
          at = cuts[c][k];
        }
      write_all (&w, sent->data + at, sent->len - at);
      got = wire_close (&w);

      g_assert_cmpmem (got->data, got->len, sent->data, sent->len);
      g_assert_cmpuint (lab_test_count_kind (w.trace, LAB_EVENT_RECORD), ==, G_N_ELEMENTS (lengths));
      for (guint i = 0, r = 0; i < lab_trace_get_n_events (w.trace); i++)
        {
          const LabEvent *e = lab_trace_get_event (w.trace, i);
          g_autofree char *detail = g_strdup_printf ("record %u of this direction", r);

          if (e->kind != LAB_EVENT_RECORD)
            continue;
          g_assert_cmpuint (g_bytes_get_size (e->bytes), ==, 5 + lengths[r]);
          g_assert_true (g_str_has_prefix (e->detail, detail));
          r++;
        }
      g_object_unref (w.trace);
    }
}

/* Drops the second record and doubles the third. */
static LabWireVerdict
drop_and_double (const LabWireRecord *record, GByteArray *replacement, char **action,
                 gpointer data)
{
  if (record->index == 1)
    {
      *action = g_strdup ("dropped it");
      return LAB_WIRE_DROP;
    }
  if (record->index == 2)
    {
      g_byte_array_append (replacement, record->data, (guint) record->len);
      g_byte_array_append (replacement, record->data, (guint) record->len);
      *action = g_strdup ("sent it twice");
      return LAB_WIRE_REPLACE;
    }
  return LAB_WIRE_KEEP;
}

static void
test_wire_filter_changes_what_arrives (void)
{
  g_autoptr (GByteArray) sent = records (lengths, 3);
  g_autoptr (GByteArray) expected = g_byte_array_new ();
  g_autoptr (GByteArray) got = NULL;
  gsize first = 5 + lengths[0], second = 5 + lengths[1], third = 5 + lengths[2];
  Wire w;

  wire_open (&w);
  lab_wire_set_filter (w.wire, drop_and_double, NULL);
  write_all (&w, sent->data, 50); /* the first record, and part of the second */
  write_all (&w, sent->data + 50, sent->len - 50);
  got = wire_close (&w);

  g_byte_array_append (expected, sent->data, (guint) first);
  g_byte_array_append (expected, sent->data + first + second, (guint) third);
  g_byte_array_append (expected, sent->data + first + second, (guint) third);
  g_assert_cmpmem (got->data, got->len, expected->data, expected->len);
  /* the trace keeps what was sent, and what the wire forwarded instead */
  g_assert_cmpuint (lab_test_count_kind (w.trace, LAB_EVENT_RECORD), ==, 3);
  g_assert_cmpstr (lab_trace_get_event (w.trace, 1)->wire_action, ==, "dropped it");
  g_assert_cmpuint (g_bytes_get_size (lab_trace_get_event (w.trace, 1)->forwarded), ==, 0);
  g_assert_cmpuint (g_bytes_get_size (lab_trace_get_event (w.trace, 2)->forwarded), ==,
                    2 * third);
  g_object_unref (w.trace);
}

/* A sender that stops inside a record: the torn bytes are shown and still sent. */
static void
test_wire_torn_record_is_shown_and_sent (void)
{
  g_autoptr (GByteArray) sent = records (lengths, 2);
  g_autoptr (GByteArray) got = NULL;
  const LabEvent *torn;
  Wire w;

  wire_open (&w);
  write_all (&w, sent->data, sent->len - 1);
  got = wire_close (&w);

  g_assert_cmpmem (got->data, got->len, sent->data, sent->len - 1);
  torn = lab_trace_get_event (w.trace, lab_trace_get_n_events (w.trace) - 1);
  g_assert_cmpstr (torn->name, ==, "incomplete record");
  g_assert_cmpuint (g_bytes_get_size (torn->bytes), ==, 5 + lengths[1] - 1);
  g_object_unref (w.trace);
}

/* The receiver has gone: the sender is told its bytes went (lab-wire.h). */
static void
test_wire_gone_receiver_is_not_the_senders_error (void)
{
  g_autoptr (GByteArray) sent = records (lengths, 2);
  Wire w;

  wire_open (&w);
  close (w.fds[1]);
  write_all (&w, sent->data, sent->len);
  BIO_free (w.bio);
  close (w.fds[0]);
  lab_wire_free (w.wire);
  g_assert_cmpuint (lab_test_count_kind (w.trace, LAB_EVENT_RECORD), ==, 2);
  g_object_unref (w.trace);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/wire/any-pieces-same-bytes", test_wire_any_pieces_same_bytes);
  g_test_add_func ("/wire/filter-changes-what-arrives", test_wire_filter_changes_what_arrives);
  g_test_add_func ("/wire/torn-record-is-shown-and-sent", test_wire_torn_record_is_shown_and_sent);
  g_test_add_func ("/wire/gone-receiver-is-not-the-senders-error",
                   test_wire_gone_receiver_is_not_the_senders_error);
  return g_test_run ();
}
