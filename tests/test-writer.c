/* LabWriter: integers in both byte orders, vectors whose prefixes fill themselves in
 * (nested too), padding, stores in place; and what it writes LabReader reads back. */
#include "tls/lab-reader.h"
#include "tls/lab-writer.h"

static void
test_writer_integers (void)
{
  g_autoptr (GByteArray) out = g_byte_array_new ();
  LabWriter w;
  static const guint8 expected[] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a,
                                     0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0b,
                                     0x0d, 0x0c, 0x11, 0x10, 0x0f, 0x0e, 0xaa, 0xbb };

  lab_writer_init (&w, out);
  lab_writer_u8 (&w, 0x01);
  lab_writer_u16 (&w, 0x0203);
  lab_writer_u24 (&w, 0x040506);
  lab_writer_u32 (&w, 0x0708090a);
  lab_writer_u64 (&w, 0x0b);
  lab_writer_le16 (&w, 0x0c0d);
  lab_writer_le32 (&w, 0x0e0f1011);
  lab_writer_bytes (&w, "\xaa\xbb", 2);
  g_assert_cmpmem (out->data, out->len, expected, sizeof expected);
  g_assert_cmpuint (lab_writer_offset (&w), ==, sizeof expected);
}

/* A ClientHello-like shape: a 3-byte length around a 2-byte vector around a 1-byte one. */
static void
test_writer_vectors_close_themselves (void)
{
  g_autoptr (GByteArray) out = g_byte_array_new ();
  LabWriter w;
  LabWriterVector body, suites, methods;
  LabReader r, sub, inner;
  guint8 type;
  guint16 suite;
  gsize len;

  lab_writer_init (&w, out);
  lab_writer_u8 (&w, 1);
  body = lab_writer_open_vector (&w, 3);
  suites = lab_writer_open_vector (&w, 2);
  lab_writer_u16 (&w, 0xc02b);
  lab_writer_u16 (&w, 0xc02f);
  lab_writer_close_vector (&w, suites);
  methods = lab_writer_open_vector (&w, 1);
  lab_writer_u8 (&w, 0);
  lab_writer_close_vector (&w, methods);
  lab_writer_close_vector (&w, body);

  lab_reader_init (&r, out->data, out->len);
  g_assert_true (lab_reader_u8 (&r, &type));
  g_assert_cmpuint (type, ==, 1);
  g_assert_true (lab_reader_vector (&r, 3, &sub, &len));
  g_assert_cmpuint (len, ==, 2 + 4 + 1 + 1);
  g_assert_true (lab_reader_at_end (&r));
  g_assert_true (lab_reader_vector (&sub, 2, &inner, &len));
  g_assert_cmpuint (len, ==, 4);
  g_assert_true (lab_reader_u16 (&inner, &suite));
  g_assert_cmphex (suite, ==, 0xc02b);
  g_assert_true (lab_reader_vector (&sub, 1, &inner, &len));
  g_assert_cmpuint (len, ==, 1);
  g_assert_true (lab_reader_at_end (&sub));
}

static void
test_writer_empty_vector_and_padding (void)
{
  g_autoptr (GByteArray) out = g_byte_array_new ();
  LabWriter w;
  LabWriterVector v;

  lab_writer_init (&w, out);
  v = lab_writer_open_vector (&w, 2);
  lab_writer_close_vector (&w, v);
  g_assert_cmpmem (out->data, out->len, "\x00\x00", 2);
  lab_writer_u8 (&w, 7);
  lab_writer_align (&w, 4);
  g_assert_cmpuint (out->len, ==, 4);
  lab_writer_align (&w, 4);
  g_assert_cmpuint (out->len, ==, 4);
  lab_writer_zeros (&w, 3);
  g_assert_cmpmem (out->data + 2, 5, "\x07\x00\x00\x00\x00", 5);
}

static void
test_writer_stores_in_place (void)
{
  guint8 buffer[9] = { 0 };

  lab_store_u16 (buffer, 0x1234);
  lab_store_u24 (buffer + 2, 0x56789a);
  lab_store_le32 (buffer + 5, 0xdeadbeef);
  g_assert_cmpmem (buffer, sizeof buffer, "\x12\x34\x56\x78\x9a\xef\xbe\xad\xde", 9);
}

/* A vector whose contents outgrow its prefix is a programming error, caught. */
static void
test_writer_vector_too_long (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr (GByteArray) out = g_byte_array_new ();
      LabWriter w;
      LabWriterVector v;

      lab_writer_init (&w, out);
      v = lab_writer_open_vector (&w, 1);
      lab_writer_zeros (&w, 256);
      lab_writer_close_vector (&w, v);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*length < *");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/writer/integers", test_writer_integers);
  g_test_add_func ("/writer/vectors-close-themselves", test_writer_vectors_close_themselves);
  g_test_add_func ("/writer/empty-vector-and-padding", test_writer_empty_vector_and_padding);
  g_test_add_func ("/writer/stores-in-place", test_writer_stores_in_place);
  g_test_add_func ("/writer/vector-too-long", test_writer_vector_too_long);
  return g_test_run ();
}
