/* lab-markdown.c: walks cmark's tree. Every piece of text goes through
 * g_markup_escape_text, so a lesson cannot inject markup; links become GtkLabel's
 * <a href>. */
#include "lab-markdown.h"

#include <cmark.h>
#include <string.h>

static const char *const bullets[] = { "•", "◦", "▪" };

static void
block_free (gpointer data)
{
  LabMarkdownBlock *block = data;

  g_free (block->marker);
  g_free (block->markup);
  g_free (block);
}

static void
append_escaped (GString *out, const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text ? text : "", -1);

  g_string_append (out, escaped);
}

static void append_inlines (GString *out, cmark_node *parent);

static void
append_wrapped (GString *out, const char *open, const char *close, cmark_node *node)
{
  g_string_append (out, open);
  append_inlines (out, node);
  g_string_append (out, close);
}

static void
append_inline (GString *out, cmark_node *node)
{
  switch (cmark_node_get_type (node))
    {
    case CMARK_NODE_TEXT:
    case CMARK_NODE_HTML_INLINE:
      append_escaped (out, cmark_node_get_literal (node));
      break;
    case CMARK_NODE_SOFTBREAK:
      g_string_append_c (out, ' ');
      break;
    case CMARK_NODE_LINEBREAK:
      g_string_append_c (out, '\n');
      break;
    case CMARK_NODE_CODE:
      g_string_append (out, "<tt>");
      append_escaped (out, cmark_node_get_literal (node));
      g_string_append (out, "</tt>");
      break;
    case CMARK_NODE_EMPH:
      append_wrapped (out, "<i>", "</i>", node);
      break;
    case CMARK_NODE_STRONG:
      append_wrapped (out, "<b>", "</b>", node);
      break;
    case CMARK_NODE_LINK:
      {
        g_autofree char *url = g_markup_escape_text (cmark_node_get_url (node), -1);
        g_autofree char *open = g_strdup_printf ("<a href=\"%s\">", url);

        append_wrapped (out, open, "</a>", node);
      }
      break;
    default: /* an image's description, and whatever cmark adds later */
      append_inlines (out, node);
      break;
    }
}

static void
append_inlines (GString *out, cmark_node *parent)
{
  for (cmark_node *node = cmark_node_first_child (parent); node; node = cmark_node_next (node))
    append_inline (out, node);
}

typedef struct
{
  GPtrArray *blocks;
  guint depth;
  LabMarkdownBlockKind paragraph_kind; /* what a paragraph here is */
  char *marker;                        /* waiting for the item's first block */
} Walk;

static void
add_block (Walk *walk, LabMarkdownBlockKind kind, char *markup)
{
  LabMarkdownBlock *block = g_new0 (LabMarkdownBlock, 1);

  block->kind = kind;
  block->depth = walk->depth;
  block->marker = g_steal_pointer (&walk->marker);
  block->markup = markup;
  g_ptr_array_add (walk->blocks, block);
}

static void walk_blocks (Walk *walk, cmark_node *parent);

static void
walk_list (Walk *walk, cmark_node *list)
{
  gboolean ordered = cmark_node_get_list_type (list) == CMARK_ORDERED_LIST;
  int number = cmark_node_get_list_start (list);
  LabMarkdownBlockKind outer = walk->paragraph_kind;

  walk->depth++;
  walk->paragraph_kind = LAB_MARKDOWN_LIST_ITEM;
  for (cmark_node *item = cmark_node_first_child (list); item; item = cmark_node_next (item))
    {
      g_free (walk->marker);
      walk->marker = ordered ? g_strdup_printf ("%d.", number++)
                             : g_strdup (bullets[MIN (walk->depth, G_N_ELEMENTS (bullets)) - 1]);
      walk_blocks (walk, item);
    }
  g_clear_pointer (&walk->marker, g_free);
  walk->paragraph_kind = outer;
  walk->depth--;
}

static void
walk_blocks (Walk *walk, cmark_node *parent)
{
  for (cmark_node *node = cmark_node_first_child (parent); node; node = cmark_node_next (node))
    {
      GString *markup = g_string_new (NULL);

      switch (cmark_node_get_type (node))
        {
        case CMARK_NODE_PARAGRAPH:
          append_inlines (markup, node);
          add_block (walk, walk->paragraph_kind, g_string_free (markup, FALSE));
          continue;
        case CMARK_NODE_HEADING:
          append_inlines (markup, node);
          add_block (walk, LAB_MARKDOWN_HEADING, g_string_free (markup, FALSE));
          continue;
        case CMARK_NODE_CODE_BLOCK:
        case CMARK_NODE_HTML_BLOCK:
          append_escaped (markup, cmark_node_get_literal (node));
          while (markup->len > 0 && markup->str[markup->len - 1] == '\n')
            g_string_truncate (markup, markup->len - 1);
          add_block (walk, LAB_MARKDOWN_CODE_BLOCK, g_string_free (markup, FALSE));
          continue;
        case CMARK_NODE_LIST:
          walk_list (walk, node);
          break;
        case CMARK_NODE_BLOCK_QUOTE:
          {
            LabMarkdownBlockKind outer = walk->paragraph_kind;

            walk->depth++;
            walk->paragraph_kind = LAB_MARKDOWN_QUOTE;
            walk_blocks (walk, node);
            walk->paragraph_kind = outer;
            walk->depth--;
          }
          break;
        default: /* a thematic break: the space between blocks says enough */
          break;
        }
      g_string_free (markup, TRUE);
    }
}

GPtrArray *
lab_markdown_to_blocks (const char *text)
{
  Walk walk = { g_ptr_array_new_with_free_func (block_free), 0, LAB_MARKDOWN_PARAGRAPH, NULL };
  cmark_node *document;

  g_return_val_if_fail (text != NULL, walk.blocks);

  /* CMARK_OPT_SMART: the curly quotes and dashes a careful writer would type. */
  document = cmark_parse_document (text, strlen (text), CMARK_OPT_SMART);
  walk_blocks (&walk, document);
  cmark_node_free (document);
  g_free (walk.marker);
  return walk.blocks;
}

char *
lab_markdown_to_pango (const char *text)
{
  g_autoptr (GPtrArray) blocks = lab_markdown_to_blocks (text);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < blocks->len; i++)
    {
      const LabMarkdownBlock *block = g_ptr_array_index (blocks, i);
      const LabMarkdownBlock *before = i > 0 ? g_ptr_array_index (blocks, i - 1) : NULL;

      if (before != NULL)
        g_string_append (out, block->kind == LAB_MARKDOWN_LIST_ITEM
                                  && before->kind == LAB_MARKDOWN_LIST_ITEM
                                ? "\n" : "\n\n");
      for (guint d = 1; d < block->depth; d++)
        g_string_append (out, "    ");
      if (block->marker != NULL)
        g_string_append_printf (out, "%s ", block->marker);
      if (block->kind == LAB_MARKDOWN_HEADING)
        g_string_append_printf (out, "<b>%s</b>", block->markup);
      else if (block->kind == LAB_MARKDOWN_CODE_BLOCK)
        g_string_append_printf (out, "<tt>%s</tt>", block->markup);
      else
        g_string_append (out, block->markup);
    }
  return g_string_free (out, FALSE);
}
