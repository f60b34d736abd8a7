/* lab-fuzz.h: one entry point per parser of untrusted bytes.
 *
 * The libFuzzer targets (fuzz-NAME, built with -Dfuzzing=true and clang, see
 * lab-fuzz-main.c) and the replay test of the normal build (test-fuzz-regressions.c)
 * call the same functions, so every seed and every crash found once runs everywhere.
 * An entry point takes any bytes, returns 0, and aborts (an assertion) only when a
 * parser breaks one of its own promises. */
#pragma once

#include <glib.h>

#include "tls/lab-dissect.h"

G_BEGIN_DECLS

typedef int (*LabFuzzFunc) (const guint8 *data, gsize len);

typedef struct
{
  const char *name; /* tests/fuzz/corpus/NAME and tests/fuzz/regressions/NAME */
  LabFuzzFunc func;
} LabFuzzTarget;

/* TLS records back to back, the first byte choosing the dissector's options. */
int lab_fuzz_records (const guint8 *data, gsize len);
/* One bare handshake message, the first byte choosing the dissector's options. */
int lab_fuzz_message (const guint8 *data, gsize len);
/* One DER certificate, dissected inside a Certificate message. */
int lab_fuzz_certificate (const guint8 *data, gsize len);
/* A suite, flags, sequence number, keys, then one protected record (see fuzz-decrypt.c). */
int lab_fuzz_decrypt (const guint8 *data, gsize len);
/* A scenario file. */
int lab_fuzz_scenario (const guint8 *data, gsize len);
/* A lesson file. */
int lab_fuzz_lesson (const guint8 *data, gsize len);
/* A pcap or pcapng capture, imported as traces; optionally followed by
 * LAB_FUZZ_KEYLOG_MARK and a key log for it (see fuzz-capture.c). */
int lab_fuzz_capture_file (const guint8 *data, gsize len);

/* Where a capture target's input turns from the capture to its key log. */
#define LAB_FUZZ_KEYLOG_MARK "\n# fuzz-capture: the key log follows\n"
/* An NSS key log. */
int lab_fuzz_keylog (const guint8 *data, gsize len);
/* Hexadecimal text, as `dissect` and `decrypt-record` read it. */
int lab_fuzz_hex (const guint8 *data, gsize len);

/* Every entry point with its name, NULL-terminated. */
extern const LabFuzzTarget lab_fuzz_targets[];

/* The decrypt target's sixteen suites (OpenSSL names), every AEAD and CBC flavour. */
extern const char *const lab_fuzz_decrypt_suites[16];

/* ---- shared by the entry points ---- */

/* Dissector options from one byte: bits 0-3 a suite (0: none), bit 4 encrypted, bit 5
 * encrypt-then-MAC, bits 6-7 how many bytes continue an earlier message (0, 1, 4, 64). */
LabDissectOptions lab_fuzz_dissect_options (guint8 byte);

/* The bytes after the options byte, and the options it chose; NULL for no input. */
GBytes *lab_fuzz_split_options (const guint8 *data, gsize len, LabDissectOptions *options);

/* Trees of at most this many nodes are converted to JSON too (see lab_fuzz_check_tree). */
#define LAB_FUZZ_JSON_MAX_NODES 16

/* Holds a dissected tree to the dissector's promises (its leaves cover the len bytes
 * exactly, in order; every node has its explanation text, and so has its value's
 * meaning; what the views show as text is UTF-8) and walks it the way the views do:
 * message summaries; JSON for a tree of at most LAB_FUZZ_JSON_MAX_NODES nodes. */
void lab_fuzz_check_tree (const LabField *tree, gsize len);

G_END_DECLS
