/* lab-switch-suites.h: the switch panel's row for a peer's cipher suites. Collapsed, it
 * says whose list it is and how long; opened, it lists every suite the peer really
 * offers or accepts (OpenSSL's default when the scenario sets none), in its order, and
 * has an entry to set a list of one's own. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* An AdwExpanderRow titled `title`; its entry emits AdwEntryRow::apply. */
GtkWidget *lab_switch_suites_new (const char *title);
AdwEntryRow *lab_switch_suites_get_entry (GtkWidget *row);

/* The scenario's value ("" for OpenSSL's default) and the suites OpenSSL has with it
 * (NULL, with why, when it refuses them). */
void lab_switch_suites_show (GtkWidget *row, const char *value, const char *const *effective,
                             const char *why);

/* The names listed, ':'-joined, for tests. */
char *lab_switch_suites_get_listed (GtkWidget *row);

G_END_DECLS
