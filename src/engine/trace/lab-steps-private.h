/* lab-steps-private.h: what the steps' files share. */
#pragma once

#include "lab-steps.h"
#include "tls/lab-registry.h"

G_BEGIN_DECLS

/* The cipher suite a ServerHello chose (RFC 5246 §7.4.1.3), or NULL. */
const LabCipherSuite *lab_steps_chosen_suite (const LabEvent *server_hello);

/* Appends, after the real steps (in order and numbered), the part of the full handshake
 * that never happened (lab-steps-missing.c); `attacker`: the run had a man in the middle,
 * so there are two connections to complete. */
void lab_steps_append_never_happened (GPtrArray *steps, LabTrace *trace, gboolean attacker);

G_END_DECLS
