/* lab-dissect-der.c: a bounds-checked DER TLV reader over LabReader, for certificates.
 * ITU-T X.690 §8.1 (identifier, length and contents octets) with DER's restrictions
 * (§10.1: definite lengths only). Certificates use only low tag numbers. */
#include "lab-dissect-private.h"

typedef enum
{
  HEADER_OK,
  HEADER_SHORT, /* the input ends inside the tag or length */
  HEADER_BAD,   /* not DER */
} HeaderResult;

static HeaderResult
read_header (LabReader *r, guint8 *tag, gsize *length, const char **problem)
{
  guint8 first, byte;
  gsize value = 0;

  if (!lab_reader_u8 (r, tag) || !lab_reader_u8 (r, &first))
    return HEADER_SHORT;
  if ((*tag & 0x1f) == 0x1f)
    {
      *problem = "a multi-byte tag number, which certificates never use";
      return HEADER_BAD;
    }
  if (first < 0x80)
    {
      *length = first;
      return HEADER_OK;
    }
  if (first == 0x80)
    {
      *problem = "an indefinite length, which DER forbids (X.690 §10.1)";
      return HEADER_BAD;
    }
  if ((first & 0x7f) > 4)
    {
      *problem = "a length of more than four bytes";
      return HEADER_BAD;
    }
  for (guint i = 0; i < (first & 0x7fu); i++)
    {
      if (!lab_reader_u8 (r, &byte))
        return HEADER_SHORT;
      value = (value << 8) | byte;
    }
  *length = value;
  return HEADER_OK;
}

static const char *
tag_name (guint8 tag)
{
  static const struct
  {
    guint8 tag;
    const char *name;
  } names[] = {
    { 0x01, "BOOLEAN" },      { 0x02, "INTEGER" },
    { 0x03, "BIT STRING" },   { 0x04, "OCTET STRING" },
    { 0x05, "NULL" },         { 0x06, "OBJECT IDENTIFIER" },
    { 0x0c, "UTF8String" },   { 0x13, "PrintableString" },
    { 0x17, "UTCTime" },      { 0x18, "GeneralizedTime" },
    { 0x30, "SEQUENCE" },     { 0x31, "SET" },
    { 0xa0, "[0]" },          { 0xa1, "[1]" },
    { 0xa2, "[2]" },          { 0xa3, "[3]" },
    { 0x81, "[1] IMPLICIT" }, { 0x82, "[2] IMPLICIT" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (names[i].tag == tag)
      return names[i].name;
  return NULL;
}

/* Reads one element's header and opens its content. Every problem is an error node at
 * the element's first byte, except a constructed element cut short by the end of the
 * input: that one opens over what is there, so its children show where it ends. */
static gboolean
read_element (LabDissector *d, LabReader *r, LabField *parent, LabFieldId id, guint8 expected,
              gboolean constructed, LabDerElement *element)
{
  LabReader start = *r;
  const char *label = lab_dissect_field_spec (id)->label;
  const char *problem = NULL;
  gsize length = 0;
  HeaderResult result = read_header (r, &element->tag, &length, &problem);

  element->offset = lab_reader_offset (&start);
  element->header_length = lab_reader_offset (r) - element->offset;
  element->cut_short = 0;
  if (result != HEADER_OK)
    *r = start;
  if (result == HEADER_SHORT)
    return lab_dissect_fail (d, r, parent,
                             d->truncated ? "The input ends inside the DER header of “%s”."
                                          : "Too few bytes are left for the DER header of “%s”.",
                             label);
  if (result == HEADER_BAD)
    return lab_dissect_fail (d, r, parent, "“%s” has %s.", label, problem);
  if (expected != 0 && element->tag != expected)
    {
      *r = start;
      return lab_dissect_fail (d, r, parent,
                               "Expected “%s” (DER tag 0x%02x) here, found tag 0x%02x.", label,
                               expected, element->tag);
    }
  if (length <= lab_reader_remaining (r))
    return lab_reader_sub (r, length, &element->content);
  if (d->truncated && constructed)
    {
      element->cut_short = length - lab_reader_remaining (r);
      return lab_reader_sub (r, lab_reader_remaining (r), &element->content);
    }
  *r = start;
  if (d->truncated)
    return lab_dissect_fail (d, r, parent, "The input ends inside “%s”.", label);
  return lab_dissect_fail (d, r, parent,
                           "The DER length of “%s” says %" G_GSIZE_FORMAT " bytes, but only "
                           "%" G_GSIZE_FORMAT " are left around it.",
                           label, length, lab_reader_remaining (r) - element->header_length);
}

gboolean
lab_der_peek_tag (const LabReader *r, guint8 *tag)
{
  LabReader probe = *r;

  return lab_reader_u8 (&probe, tag);
}

LabField *
lab_der_leaf (LabDissector *d, LabReader *r, LabField *parent, LabFieldId id, guint8 tag,
              LabDerElement *element_out)
{
  LabDerElement element;
  LabField *leaf;
  gsize length;
  const guint8 *data;

  if (!read_element (d, r, parent, id, tag, FALSE, &element))
    return NULL;
  leaf = lab_dissect_node (d, parent, id, element.offset, lab_reader_offset (r) - element.offset);
  data = lab_field_get_data (leaf, &length);
  lab_dissect_format_bytes (leaf, data, length);
  if (element_out != NULL)
    *element_out = element;
  return leaf;
}

gboolean
lab_der_constructed (LabDissector *d, LabReader *r, LabField *parent, LabFieldId id, guint8 tag,
                     LabDissectBodyFunc body, LabField **node_out)
{
  LabDerElement element;
  LabField *node = parent;
  LabField *header;
  const char *name;
  g_autofree char *what = NULL;

  if (node_out != NULL)
    *node_out = NULL;
  if (!read_element (d, r, parent, id == LAB_F_COUNT ? LAB_F_DER_HEADER : id, tag, TRUE, &element))
    return FALSE;
  if (id != LAB_F_COUNT)
    node = lab_dissect_node (d, parent, id, element.offset, 0);
  header = lab_dissect_node (d, node, LAB_F_DER_HEADER, element.offset, element.header_length);
  name = tag_name (element.tag);
  lab_field_set_value (header, "%s%s%" G_GSIZE_FORMAT " bytes", name ? name : "", name ? ", " : "",
                       lab_reader_remaining (&element.content) + element.cut_short);
  if (node_out != NULL)
    *node_out = node;
  what = g_strdup_printf ("“%s”", node->label);
  return lab_dissect_run (d, &element.content, element.cut_short, node, what, body);
}
