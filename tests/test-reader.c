/* The bounds-checked reader never reads past its limit and vectors end exactly. */
#include "tls/lab-reader.h"

static void
test_reader_integers (void)
{
  const guint8 data[] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a };
  LabReader r;
  guint8 u8;
  guint16 u16;
  guint32 u24, u32;

  lab_reader_init (&r, data, sizeof data);
  g_assert_true (lab_reader_u8 (&r, &u8));
  g_assert_cmpuint (u8, ==, 0x01);
  g_assert_true (lab_reader_u16 (&r, &u16));
  g_assert_cmpuint (u16, ==, 0x0203);
  g_assert_true (lab_reader_u24 (&r, &u24));
  g_assert_cmpuint (u24, ==, 0x040506);
  g_assert_true (lab_reader_u32 (&r, &u32));
  g_assert_cmpuint (u32, ==, 0x0708090a);
  g_assert_true (lab_reader_at_end (&r));
  g_assert_false (lab_reader_u8 (&r, &u8));
  g_assert_cmpuint (lab_reader_offset (&r), ==, 10);
}

static void
test_reader_short_read_does_not_move (void)
{
  const guint8 data[] = { 0xaa, 0xbb, 0xcc };
  LabReader r;
  guint32 v;
  const guint8 *p;

  lab_reader_init (&r, data, sizeof data);
  g_assert_false (lab_reader_u32 (&r, &v));
  g_assert_cmpuint (lab_reader_offset (&r), ==, 0);
  g_assert_false (lab_reader_bytes (&r, 4, &p));
  g_assert_true (lab_reader_bytes (&r, 3, &p));
  g_assert_true (p == data);
}

static void
test_reader_vectors (void)
{
  /* a 2-byte-length vector of 3 bytes, then a 1-byte-length vector claiming too much */
  const guint8 data[] = { 0x00, 0x03, 0x0a, 0x0b, 0x0c, 0x05, 0x01 };
  LabReader r, sub;
  gsize claimed = 0;
  guint8 b;

  lab_reader_init (&r, data, sizeof data);
  g_assert_true (lab_reader_vector (&r, 2, &sub, &claimed));
  g_assert_cmpuint (claimed, ==, 3);
  g_assert_cmpuint (lab_reader_offset (&sub), ==, 2);
  g_assert_cmpuint (lab_reader_remaining (&sub), ==, 3);
  g_assert_true (lab_reader_u8 (&sub, &b));
  g_assert_false (lab_reader_at_end (&sub));
  g_assert_true (lab_reader_skip (&sub, 2));
  g_assert_true (lab_reader_at_end (&sub));
  g_assert_false (lab_reader_u8 (&sub, &b)); /* the sub-limit holds even with bytes after it */

  g_assert_false (lab_reader_vector (&r, 1, &sub, &claimed));
  g_assert_cmpuint (claimed, ==, 5);
  g_assert_cmpuint (lab_reader_offset (&r), ==, 5);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/reader/integers", test_reader_integers);
  g_test_add_func ("/reader/short-read-does-not-move", test_reader_short_read_does_not_move);
  g_test_add_func ("/reader/vectors", test_reader_vectors);
  return g_test_run ();
}
