#pragma once

#include <string>
#include <string_view>

#include "parsers/base/status.h"

namespace dmca::app::serve {

// Staff passwords, session and API tokens, CSRF tokens (libsodium). Thread-safe.

// Initializes libsodium once; Internal when it cannot (no entropy source).
Status InitCrypto();

// libsodium's crypto_pwhash_str: argon2id with the "interactive" limits (a login costs about
// 64 MiB and a tenth of a second), salt and parameters inside the string it returns.
Result<std::string> HashPassword(std::string_view password);
// True when `password` matches `hash`. Constant-time in the password.
bool VerifyPassword(std::string_view password, const std::string& hash);

// `bytes` random bytes as lower-case hex (a session or API token, a CSRF token, a reference).
std::string RandomHex(std::size_t bytes);
// The hex SHA-256 of a token: what the database keeps, so a copy of it opens no session.
std::string TokenHash(std::string_view token);
// Equality that takes the same time wherever the strings differ (CSRF tokens).
bool SameSecret(std::string_view a, std::string_view b);

// Why a new password is refused, or empty when it is acceptable: at least 12 characters (NIST
// SP 800-63B §5.1.1.2 asks 8; staff accounts guard office actions) and at most 1024.
std::string PasswordProblem(std::string_view password);

}  // namespace dmca::app::serve
