/* lab-pki-names.c: the names a scenario file gives key types and certificate profiles
 * (`key-type = rsa-2048`, `certificate = expired`), both ways. */
#include "lab-pki.h"

const char *
lab_key_type_name (LabKeyType type)
{
  return type == LAB_KEY_RSA_2048 ? "rsa-2048" : "ecdsa-p256";
}

gboolean
lab_key_type_from_name (const char *name, LabKeyType *out)
{
  if (g_strcmp0 (name, "ecdsa-p256") == 0 || g_strcmp0 (name, "ecdsa") == 0)
    *out = LAB_KEY_ECDSA_P256;
  else if (g_strcmp0 (name, "rsa-2048") == 0 || g_strcmp0 (name, "rsa") == 0)
    *out = LAB_KEY_RSA_2048;
  else
    return FALSE;
  return TRUE;
}

static const char *const profile_names[] = {
  [LAB_PROFILE_VALID] = "valid",
  [LAB_PROFILE_EXPIRED] = "expired",
  [LAB_PROFILE_NOT_YET_VALID] = "not-yet-valid",
  [LAB_PROFILE_WRONG_HOST] = "wrong-host",
  [LAB_PROFILE_SELF_SIGNED] = "self-signed",
  [LAB_PROFILE_UNTRUSTED_ROOT] = "untrusted-root",
  [LAB_PROFILE_MISSING_INTERMEDIATE] = "missing-intermediate",
  [LAB_PROFILE_EXPIRED_INTERMEDIATE] = "expired-intermediate",
  [LAB_PROFILE_REVOKED] = "revoked",
  [LAB_PROFILE_WEAK_KEY] = "weak-key",
  [LAB_PROFILE_SHA1_SIGNATURE] = "sha1-signature",
  [LAB_PROFILE_CLIENT_AUTH_ONLY] = "client-auth-only",
  [LAB_PROFILE_SERVER_AUTH_ONLY] = "server-auth-only",
  [LAB_PROFILE_ISSUER_NOT_CA] = "issuer-not-ca",
  [LAB_PROFILE_BAD_SIGNATURE] = "bad-signature",
  [LAB_PROFILE_NAME_NOT_PERMITTED] = "name-not-permitted",
  [LAB_PROFILE_PATH_TOO_LONG] = "path-too-long",
  [LAB_PROFILE_NO_DIGITAL_SIGNATURE] = "no-digital-signature",
  [LAB_N_PROFILES] = NULL,
};

const char *
lab_cert_profile_name (LabCertProfile profile)
{
  return profile < LAB_N_PROFILES ? profile_names[profile] : "unknown";
}

gboolean
lab_cert_profile_from_name (const char *name, LabCertProfile *out)
{
  for (int i = 0; i < LAB_N_PROFILES; i++)
    if (g_strcmp0 (profile_names[i], name) == 0)
      {
        *out = (LabCertProfile) i;
        return TRUE;
      }
  return FALSE;
}

const char *const *
lab_cert_profile_names (void)
{
  return profile_names;
}

gboolean
lab_cert_profile_is_weak (LabCertProfile profile)
{
  return profile == LAB_PROFILE_WEAK_KEY || profile == LAB_PROFILE_SHA1_SIGNATURE;
}
