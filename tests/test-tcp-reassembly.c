/* TCP reassembly on its own: segments out of order, retransmitted and overlapping give
 * each direction's bytes once and in order, with a note for each oddity; a connection
 * that holds too much waiting is cut off with a note, not grown without bound. */
#include <string.h>

#include "engine/capture/lab-tcp-reassembly.h"
#include "lab-test-util.h"

typedef struct
{
  GByteArray *bytes[2];
  GString *notes;
} Collected;

static void
collect_data (LabTcpConnection *c, guint dir, const guint8 *data, gsize len,
              const LabTcpSegment *seg, gpointer user_data)
{
  Collected *out = user_data;
  g_byte_array_append (out->bytes[dir], data, (guint) len);
}

static void
collect_note (LabTcpConnection *c, guint dir, LabTcpNote note, const LabTcpSegment *seg,
              const char *detail, gpointer user_data)
{
  Collected *out = user_data;
  g_string_append_printf (out->notes, "%u:%d ", dir, note);
}

static void
add_segment (LabTcpReassembly *r, guint dir, guint32 seq, guint8 flags, const char *text)
{
  LabTcpSegment seg = { .seq = seq, .flags = flags, .payload = (const guint8 *) text,
                        .payload_len = text ? strlen (text) : 0 };

  seg.src.family = seg.dst.family = 4;
  seg.src.port = dir == 0 ? 40000 : 443;
  seg.dst.port = dir == 0 ? 443 : 40000;
  lab_tcp_reassembly_add (r, &seg);
}

static void
test_reassembly (void)
{
  static const LabTcpCallbacks callbacks = { collect_data, collect_note };
  Collected out = { { g_byte_array_new (), g_byte_array_new () }, g_string_new (NULL) };
  g_autoptr (LabTcpReassembly) r = lab_tcp_reassembly_new (&callbacks, &out);

  /* sequence numbers that wrap around 2^32 on the way */
  add_segment (r, 0, 0xfffffff0u, LAB_TCP_SYN, NULL);
  add_segment (r, 1, 500, LAB_TCP_SYN | LAB_TCP_ACK, NULL);
  add_segment (r, 0, 0xfffffff1u + 10, 0, "KLMNOPQRST");     /* early */
  add_segment (r, 0, 0xfffffff1u, 0, "ABCDEFGHIJ");          /* fills the gap */
  add_segment (r, 0, 0xfffffff1u + 5, 0, "fghijKLMNO");      /* old: overlaps both */
  add_segment (r, 0, 0xfffffff1u + 18, 0, "ST__uvw");        /* half new */
  add_segment (r, 1, 501, 0, "hello");
  add_segment (r, 1, 501, 0, "hello");                       /* retransmitted */
  add_segment (r, 0, 0xfffffff1u + 25, LAB_TCP_FIN, NULL);
  lab_tcp_reassembly_finish (r);
  g_assert_cmpmem (out.bytes[0]->data, out.bytes[0]->len, "ABCDEFGHIJKLMNOPQRST__uvw", 25);
  g_assert_cmpmem (out.bytes[1]->data, out.bytes[1]->len, "hello", 5);
  g_assert_cmpstr (out.notes->str, ==, "0:0 1:1 0:2 ");
  g_assert_cmpuint (((LabTcpConnection *) lab_tcp_reassembly_connections (r)->pdata[0])
                      ->retransmitted[1], ==, 5);
  g_byte_array_unref (out.bytes[0]);
  g_byte_array_unref (out.bytes[1]);
  g_string_free (out.notes, TRUE);
}

/* Past the cap on bytes waiting behind a gap the direction stops, with a note; memory
 * stays bounded. */
static void
test_reassembly_limit (void)
{
  static const LabTcpCallbacks callbacks = { collect_data, collect_note };
  Collected out = { { g_byte_array_new (), g_byte_array_new () }, g_string_new (NULL) };
  g_autoptr (LabTcpReassembly) r = lab_tcp_reassembly_new (&callbacks, &out);
  g_autofree char *chunk = g_strnfill (60000, 'x');

  add_segment (r, 0, 100, LAB_TCP_SYN, NULL);
  add_segment (r, 0, 101, 0, "first");
  /* byte 106 never comes */
  for (guint i = 0; i < 100; i++)
    add_segment (r, 0, 107 + i * 60000, 0, chunk);
  lab_tcp_reassembly_finish (r);
  g_assert_cmpuint (out.bytes[0]->len, ==, 5);
  g_assert_cmpstr (out.notes->str, ==, "0:0 0:5 ");
  g_byte_array_unref (out.bytes[0]);
  g_byte_array_unref (out.bytes[1]);
  g_string_free (out.notes, TRUE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/tcp-reassembly/in-order-once", test_reassembly);
  g_test_add_func ("/tcp-reassembly/limit", test_reassembly_limit);
  return g_test_run ();
}
