/* lab-ssl-autoptr.h: g_autoptr cleanups for libssl types (engine only). */
#pragma once

#include <glib.h>
#include <openssl/ssl.h>

#include "tls/lab-crypto-autoptr.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SSL_CTX, SSL_CTX_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SSL, SSL_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SSL_SESSION, SSL_SESSION_free)
