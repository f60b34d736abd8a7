/* lab-markdown.h: a lesson's Markdown (CommonMark, parsed by cmark) as Pango markup, block
 * by block, so the window can lay out lists with hanging indents. GTK-free. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  LAB_MARKDOWN_PARAGRAPH,
  LAB_MARKDOWN_HEADING,
  LAB_MARKDOWN_LIST_ITEM,  /* a paragraph inside a list item */
  LAB_MARKDOWN_CODE_BLOCK, /* markup is the escaped text, to be shown in monospace */
  LAB_MARKDOWN_QUOTE,      /* a paragraph inside a block quote */
} LabMarkdownBlockKind;

typedef struct
{
  LabMarkdownBlockKind kind;
  guint depth;  /* list or quote nesting: 0 at the top level */
  char *marker; /* "•" or "2." on an item's first paragraph, else NULL */
  char *markup; /* Pango markup of the block's text, without a trailing newline */
} LabMarkdownBlock;

/* The blocks of a Markdown text, in order; free with g_ptr_array_unref. Raw HTML is
 * shown as text, never interpreted. */
GPtrArray *lab_markdown_to_blocks (const char *text);

/* The whole text as one piece of Pango markup: blocks separated by a blank line, list
 * items by a line break and led by their marker. */
char *lab_markdown_to_pango (const char *text);

G_END_DECLS
