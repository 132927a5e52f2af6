#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <Poco/JSON/Object.h>

#include "parsers/base/status.h"

namespace dmca::mediawiki {

// Reading Action API replies (API:Errors_and_warnings). Bodies are untrusted: anything that
// is not the expected JSON becomes a Status, never an exception.

// The reply as a JSON object. {"error": {"code", "info"}} becomes StatusForError; a body that
// is not a JSON object (a proxy's HTML error page) is Unavailable, so it is retried.
Result<Poco::JSON::Object::Ptr> ParseReply(std::string_view body);

// An API error code as a Status. Retryable (Unavailable): maxlag, ratelimited, readonly,
// internal_api_error_*, and a server that is overloaded. FailedPrecondition: badtoken,
// notoken (the executor fetches a new token once), cantundelete, and a failed edit.
// PermissionDenied: permissiondenied, protectedpage, blocked, assert*failed, mustbeloggedin,
// and login failures. NotFound: missingtitle, nosuchpageid. AlreadyExists: articleexists.
// Everything else: InvalidArgument. The message is "<code>: <info>".
Status StatusForError(std::string_view code, std::string_view info);

// query.tokens.<type>token from action=query&meta=tokens ("csrf", "login").
Result<std::string> ParseToken(std::string_view body, std::string_view type);

// action=login: OK for "Success"; PermissionDenied with the server's reason otherwise.
Status ParseLogin(std::string_view body);

// The reply to a delete/undelete/edit call: OK when the action's result object is there (and,
// for edit, result == "Success"; "nochange" counts as done).
Status ParseActionReply(std::string_view action, std::string_view body);

// How long to wait before attempt `attempt` (1-based: after the first failure, 1) given the
// failure, or nullopt when it must not be retried. Exponential from 1 s, capped at 60 s; a
// Retry-After header (seconds, capped at 120) wins (RFC 9110 §10.2.3).
std::optional<std::chrono::milliseconds> RetryDelay(int attempt, int max_attempts,
                                                    const Status& failure,
                                                    std::optional<int> retry_after_seconds);

}  // namespace dmca::mediawiki
