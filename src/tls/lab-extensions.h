/* lab-extensions.h: hello extensions as a table (RFC 5246 §7.4.1.4 and the IANA registry), and GREASE.
 *
 * Each entry carries the key of its explanation text under data/explanations (see
 * lab-explanations.h). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* RFC 8701: the sixteen GREASE values 0x0a0a, 0x1a1a ... 0xfafa that clients sprinkle
 * into every list so that servers learn to ignore values they do not know. */
gboolean lab_is_grease (guint16 value);

typedef struct
{
  guint16 value;
  const char *name;            /* IANA name: "server_name" */
  const char *rfc;             /* where it is defined: "RFC 6066 §3" */
  const char *explanation_key; /* "extension.server_name" */
} LabExtensionInfo;

const LabExtensionInfo *lab_extension_lookup (guint16 value);
const LabExtensionInfo *lab_extension_lookup_name (const char *name);
const LabExtensionInfo *lab_extension_all (gsize *n_extensions);

G_END_DECLS
