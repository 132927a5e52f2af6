#pragma once

#include <Poco/JSON/Object.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "parsers/base/status.h"
#include "pipeline/model/case.h"

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

// The reply to a write (delete, undelete, protect, edit): OK when the action's result object is
// there (and, for edit, result == "Success"; "nochange" counts as done), with the log id the
// wiki gives (delete does; a deletion scheduled as a job, undelete and protect do not: ask the
// log).
struct ActionReply {
  std::optional<std::int64_t> log_id;
  std::string title;  // as the wiki normalized it
};
Result<ActionReply> ParseActionReply(std::string_view action, std::string_view body);

// prop=imageinfo|info (FileEvidenceQuery) or prop=revisions|info (PageCreatorQuery): whether
// the page exists, its id, its uploads or first revision. `continue_from` gets the iistart of
// the next older version when the file has more than one reply holds (empty when none).
Result<model::TargetEvidence> ParseEvidence(std::string_view body, std::string* continue_from);
// prop=revisions (PageEditorsQuery): the revisions, newest first.
Result<std::vector<model::Revision>> ParseRevisions(std::string_view body);

struct LogEvent {
  std::int64_t log_id = 0;
  std::string type;    // "delete", "protect"
  std::string action;  // "delete", "restore", "protect", "unprotect", "modify"
  std::string title;
  std::string user;
  std::string timestamp;
  std::string comment;
  std::vector<std::string> tags;
};
// list=logevents (LogQuery), newest first.
Result<std::vector<LogEvent>> ParseLogEvents(std::string_view body);

// list=allimages (FilesBySha1Query): each file's title and its current version.
struct FileVersion {
  std::string title;  // "File:Example.jpg"
  std::string user;
  std::string timestamp;
  std::string sha1;
  std::string url;
};
Result<std::vector<FileVersion>> ParseAllImages(std::string_view body);

struct Protection {
  std::string type;    // "create", "edit", "move", "upload"
  std::string level;   // "sysop", "autoconfirmed"
  std::string expiry;  // "infinity" or a time
};
// prop=info&inprop=protection (ProtectionQuery).
Result<std::vector<Protection>> ParseProtections(std::string_view body);

// list=tags (TagsQuery): OK when `tag` is defined and active on the wiki; else
// FailedPrecondition naming the tag and what to do (action=managetags, Special:Tags).
// `continue_from` (when given) gets the reply's tgcontinue: a wiki with many tags lists them
// over several replies.
Status CheckChangeTag(std::string_view body, std::string_view tag, std::string_view site,
                      std::string* continue_from = nullptr);

// meta=userinfo (UserInfoQuery): the account's name; PermissionDenied when anonymous.
Result<std::string> ParseUserName(std::string_view body);

// How long to wait before attempt `attempt` (1-based: after the first failure, 1) given the
// failure, or nullopt when it must not be retried. Exponential from 1 s, capped at 60 s; a
// Retry-After header (seconds, capped at 120) wins (RFC 9110 §10.2.3).
std::optional<std::chrono::milliseconds> RetryDelay(int attempt, int max_attempts,
                                                    const Status& failure,
                                                    std::optional<int> retry_after_seconds);

}  // namespace dmca::mediawiki
