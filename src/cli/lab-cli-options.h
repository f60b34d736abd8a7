/* lab-cli-options.h: what the key and record subcommands share: reading byte-string and
 * cipher-suite options, and printing byte strings for people and for JSON. */
#pragma once

#include "engine/export/lab-json.h"

#include <glib.h>
#include <json-glib/json-glib.h>

#include "tls/lab-registry.h"

G_BEGIN_DECLS

#define LAB_CLI_ANY_LENGTH (-1)

/* Decodes the hex text given to --option. expected_len is the exact length the value
 * must have, or LAB_CLI_ANY_LENGTH for any non-empty value. On failure prints
 * "handshake-lab COMMAND: --option: why" to stderr and returns NULL. */
GBytes *lab_cli_hex_option (const char *command, const char *option, const char *text,
                            gssize expected_len);

/* Looks up --suite by OpenSSL or IANA name; on failure says so on stderr, returns NULL. */
const LabCipherSuite *lab_cli_suite_option (const char *command, const char *name);
/* The same, and a TLS 1.3 suite by its name (TLS_AES_128_GCM_SHA256), for the commands
 * that know both versions (derive, decrypt-record). */
const LabCipherSuite *lab_cli_suite_option_any (const char *command, const char *name);

/* "label  hex..." wrapped at 32 bytes a line, continuation lines indented under the hex.
 * An empty value prints as "(none)". */
void lab_cli_print_hex (const char *label, int label_width, GBytes *value);

G_END_DECLS
