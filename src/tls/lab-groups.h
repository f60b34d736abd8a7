/* lab-groups.h: named groups as a table (RFC 8422 §5.1.1, RFC 7919, RFC 8446 §4.2.7).
 *
 * Each entry carries the key of its explanation text under data/explanations (see
 * lab-explanations.h). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  LAB_GROUP_ECDHE_PRIME,      /* a short-Weierstrass prime curve: secp256r1, brainpool... */
  LAB_GROUP_ECDHE_MONTGOMERY, /* x25519, x448 (RFC 7748) */
  LAB_GROUP_FFDHE,            /* finite-field Diffie-Hellman group (RFC 7919) */
  LAB_GROUP_HYBRID,           /* classical + post-quantum key agreement (drafts) */
  LAB_GROUP_EXPLICIT,         /* a curve described in the message itself (deprecated) */
} LabGroupKind;

typedef struct
{
  guint16 value;
  const char *name;         /* IANA name: "x25519", "secp256r1", "ffdhe2048" */
  const char *openssl_name; /* a group name libcrypto knows ("P-256"), or NULL */
  LabGroupKind kind;
  guint16 bits;                /* size of the group: 255, 256, 2048... (0: not fixed) */
  guint16 public_length;       /* bytes of a public value on the wire (0: not fixed) */
  const char *explanation_key; /* "group.x25519" */
} LabGroupInfo;

const LabGroupInfo *lab_group_lookup (guint16 value);
/* Accepts the IANA or the libcrypto name, case-insensitively. */
const LabGroupInfo *lab_group_lookup_name (const char *name);
const LabGroupInfo *lab_group_all (gsize *n_groups);

G_END_DECLS
