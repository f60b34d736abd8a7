/* A lesson's Markdown as Pango markup: inline styles, paragraphs, lists with their
 * markers, links, and text that must stay text (<, >, & and raw HTML). */
#include "render/lab-markdown.h"

#include <pango/pango.h>
#include <string.h>

/* The markup parses as Pango markup (links are GtkLabel's own: left out here). */
static void
assert_valid_markup (const char *markup)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (pango_parse_markup (markup, -1, 0, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_markdown_inline (void)
{
  static const struct
  {
    const char *markdown, *markup;
  } cases[] = {
    { "plain words", "plain words" },
    { "an *emphasised* word", "an <i>emphasised</i> word" },
    { "an _emphasised_ word", "an <i>emphasised</i> word" },
    { "a **strong** word", "a <b>strong</b> word" },
    { "***both***", "<i><b>both</b></i>" },
    { "**strong with *emphasis* inside**", "<b>strong with <i>emphasis</i> inside</b>" },
    { "the record `14 03 03 00 01 01`", "the record <tt>14 03 03 00 01 01</tt>" },
    { "`a < b && c > d`", "<tt>a &lt; b &amp;&amp; c &gt; d</tt>" },
    { "x < y & z > w", "x &lt; y &amp; z &gt; w" },
    { "<b>not bold</b>", "&lt;b&gt;not bold&lt;/b&gt;" },
    { "two\nlines", "two lines" },
    { "hard  \nbreak", "hard\nbreak" },
    { "\"quoted\" -- it's", "“quoted” – it’s" },
    { "\\*not emphasis\\*", "*not emphasis*" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *markup = lab_markdown_to_pango (cases[i].markdown);

      g_assert_cmpstr (markup, ==, cases[i].markup);
      assert_valid_markup (markup);
    }
}

static void
test_markdown_links (void)
{
  g_autofree char *markup = lab_markdown_to_pango (
    "See [RFC 5246 *§7.4*](https://www.rfc-editor.org/rfc/rfc5246?a=1&b=2).");

  g_assert_cmpstr (markup, ==,
                   "See <a href=\"https://www.rfc-editor.org/rfc/rfc5246?a=1&amp;b=2\">RFC 5246 "
                   "<i>§7.4</i></a>.");
}

static void
test_markdown_paragraphs (void)
{
  g_autoptr (GPtrArray) blocks = lab_markdown_to_blocks ("First **one**.\n\nSecond\none.\n\n\n"
                                                         "# A heading\n\nThird.");
  g_autofree char *markup = lab_markdown_to_pango ("First.\n\nSecond.");
  const LabMarkdownBlock *block;

  g_assert_cmpuint (blocks->len, ==, 4);
  block = g_ptr_array_index (blocks, 0);
  g_assert_cmpint (block->kind, ==, LAB_MARKDOWN_PARAGRAPH);
  g_assert_cmpstr (block->markup, ==, "First <b>one</b>.");
  g_assert_null (block->marker);
  g_assert_cmpuint (block->depth, ==, 0);
  block = g_ptr_array_index (blocks, 1);
  g_assert_cmpstr (block->markup, ==, "Second one.");
  block = g_ptr_array_index (blocks, 2);
  g_assert_cmpint (block->kind, ==, LAB_MARKDOWN_HEADING);
  g_assert_cmpstr (block->markup, ==, "A heading");
  block = g_ptr_array_index (blocks, 3);
  g_assert_cmpint (block->kind, ==, LAB_MARKDOWN_PARAGRAPH);
  g_assert_cmpstr (markup, ==, "First.\n\nSecond.");
}

static void
test_markdown_lists (void)
{
  g_autoptr (GPtrArray) blocks
    = lab_markdown_to_blocks ("Read it in pieces:\n\n- **ECDHE**: the key exchange,\n"
                              "- *ECDSA*: the signature,\n  which the server makes\n"
                              "  - nested `AES`\n\n3. third\n4. fourth & last");
  g_autofree char *markup = lab_markdown_to_pango ("Steps:\n\n1. one\n2. two\n\nAfter.");
  static const struct
  {
    LabMarkdownBlockKind kind;
    guint depth;
    const char *marker, *markup;
  } expected[] = {
    { LAB_MARKDOWN_PARAGRAPH, 0, NULL, "Read it in pieces:" },
    { LAB_MARKDOWN_LIST_ITEM, 1, "•", "<b>ECDHE</b>: the key exchange," },
    { LAB_MARKDOWN_LIST_ITEM, 1, "•", "<i>ECDSA</i>: the signature, which the server makes" },
    { LAB_MARKDOWN_LIST_ITEM, 2, "◦", "nested <tt>AES</tt>" },
    { LAB_MARKDOWN_LIST_ITEM, 1, "3.", "third" },
    { LAB_MARKDOWN_LIST_ITEM, 1, "4.", "fourth &amp; last" },
  };

  g_assert_cmpuint (blocks->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < blocks->len; i++)
    {
      const LabMarkdownBlock *block = g_ptr_array_index (blocks, i);

      g_assert_cmpint (block->kind, ==, expected[i].kind);
      g_assert_cmpuint (block->depth, ==, expected[i].depth);
      g_assert_cmpstr (block->marker, ==, expected[i].marker);
      g_assert_cmpstr (block->markup, ==, expected[i].markup);
      assert_valid_markup (block->markup);
    }
  g_assert_cmpstr (markup, ==, "Steps:\n\n1. one\n2. two\n\nAfter.");
}

/* A second paragraph of an item keeps the item's indent and has no marker of its own. */
static void
test_markdown_loose_item (void)
{
  g_autoptr (GPtrArray) blocks = lab_markdown_to_blocks ("- first\n\n  more of the first\n"
                                                         "- second");
  const LabMarkdownBlock *more;

  g_assert_cmpuint (blocks->len, ==, 3);
  more = g_ptr_array_index (blocks, 1);
  g_assert_cmpint (more->kind, ==, LAB_MARKDOWN_LIST_ITEM);
  g_assert_cmpuint (more->depth, ==, 1);
  g_assert_null (more->marker);
  g_assert_cmpstr (((LabMarkdownBlock *) g_ptr_array_index (blocks, 2))->marker, ==, "•");
}

static void
test_markdown_code_and_html_blocks (void)
{
  g_autoptr (GPtrArray) blocks
    = lab_markdown_to_blocks ("    16 03 03 <x>\n    & more\n\n<div onclick=\"x\">raw</div>\n\n"
                              "> quoted *text*");
  const LabMarkdownBlock *block;

  g_assert_cmpuint (blocks->len, ==, 3);
  block = g_ptr_array_index (blocks, 0);
  g_assert_cmpint (block->kind, ==, LAB_MARKDOWN_CODE_BLOCK);
  g_assert_cmpstr (block->markup, ==, "16 03 03 &lt;x&gt;\n&amp; more");
  block = g_ptr_array_index (blocks, 1);
  g_assert_cmpint (block->kind, ==, LAB_MARKDOWN_CODE_BLOCK);
  g_assert_cmpstr (block->markup, ==, "&lt;div onclick=&quot;x&quot;&gt;raw&lt;/div&gt;");
  block = g_ptr_array_index (blocks, 2);
  g_assert_cmpint (block->kind, ==, LAB_MARKDOWN_QUOTE);
  g_assert_cmpuint (block->depth, ==, 1);
  g_assert_cmpstr (block->markup, ==, "quoted <i>text</i>");
}

static void
test_markdown_empty (void)
{
  g_autoptr (GPtrArray) blocks = lab_markdown_to_blocks ("");
  g_autofree char *markup = lab_markdown_to_pango ("   \n\n");

  g_assert_cmpuint (blocks->len, ==, 0);
  g_assert_cmpstr (markup, ==, "");
}

/* Every shipped lesson's pages convert to markup Pango (or GtkLabel, for links) accepts. */
static void
test_markdown_shipped_lessons (void)
{
  const char *dir_path = g_test_get_filename (G_TEST_DIST, "..", "lessons", NULL);
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint texts = 0;

  if (dir == NULL)
    {
      g_test_skip ("no lessons directory");
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autoptr (GKeyFile) keyfile = g_key_file_new ();
      g_auto (GStrv) groups = NULL;

      if (!g_str_has_suffix (name, ".lesson")
          || !g_key_file_load_from_file (keyfile, path, G_KEY_FILE_NONE, NULL))
        continue;
      groups = g_key_file_get_groups (keyfile, NULL);
      for (guint g = 0; groups[g] != NULL; g++)
        {
          g_autofree char *text = g_key_file_get_string (keyfile, groups[g], "text", NULL);
          g_autofree char *markup = text ? lab_markdown_to_pango (text) : NULL;

          if (markup == NULL || strstr (markup, "<a ") != NULL)
            continue;
          assert_valid_markup (markup);
          texts++;
        }
    }
  g_test_message ("%u lesson pages", texts);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/markdown/inline", test_markdown_inline);
  g_test_add_func ("/markdown/links", test_markdown_links);
  g_test_add_func ("/markdown/paragraphs", test_markdown_paragraphs);
  g_test_add_func ("/markdown/lists", test_markdown_lists);
  g_test_add_func ("/markdown/loose-item", test_markdown_loose_item);
  g_test_add_func ("/markdown/code-and-html-blocks", test_markdown_code_and_html_blocks);
  g_test_add_func ("/markdown/empty", test_markdown_empty);
  g_test_add_func ("/markdown/shipped-lessons", test_markdown_shipped_lessons);
  return g_test_run ();
}
