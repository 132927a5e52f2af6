#include "mediawiki/reply.h"

#include <algorithm>

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>

namespace dmca::mediawiki {
namespace {

std::string Text(const Poco::JSON::Object::Ptr& o, const std::string& key) {
  if (!o || !o->has(key) || o->isNull(key)) return "";
  try {
    return o->getValue<std::string>(key);
  } catch (const Poco::Exception&) {
    return "";
  }
}

}  // namespace

Status StatusForError(std::string_view code, std::string_view info) {
  const std::string message = std::string(code) + ": " + std::string(info);
  auto is = [&](std::initializer_list<std::string_view> codes) {
    return std::find(codes.begin(), codes.end(), code) != codes.end();
  };
  if (is({"maxlag", "ratelimited", "readonly", "actionthrottledtext", "throttled"}) ||
      code.starts_with("internal_api_error")) {
    return Status::Unavailable(message);
  }
  if (is({"badtoken", "notoken", "cantundelete", "editconflict"})) {
    return Status::FailedPrecondition(message);
  }
  if (is({"permissiondenied", "protectedpage", "cascadeprotected", "blocked", "autoblocked",
          "assertuserfailed", "assertbotfailed", "assertnameduserfailed", "mustbeloggedin",
          "readapidenied", "writeapidenied"})) {
    return Status::PermissionDenied(message);
  }
  if (is({"missingtitle", "nosuchpageid", "nosuchrevid"})) return Status::NotFound(message);
  if (is({"articleexists"})) return Status::AlreadyExists(message);
  return Status::InvalidArgument(message);
}

Result<Poco::JSON::Object::Ptr> ParseReply(std::string_view body) {
  Poco::JSON::Object::Ptr root;
  try {
    const auto value = Poco::JSON::Parser().parse(std::string(body));
    if (value.type() != typeid(Poco::JSON::Object::Ptr)) {
      return Status::Unavailable("API reply is not a JSON object");
    }
    root = value.extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception& e) {
    return Status::Unavailable("API reply is not JSON: " + e.message());
  } catch (const std::exception& e) {
    return Status::Unavailable(std::string("API reply is not JSON: ") + e.what());
  }
  if (!root) return Status::Unavailable("API reply is empty");
  if (root->has("error")) {
    const auto error = root->getObject("error");
    if (!error) return Status::InvalidArgument("API error without details");
    return StatusForError(Text(error, "code"), Text(error, "info"));
  }
  return root;
}

Result<std::string> ParseToken(std::string_view body, std::string_view type) {
  auto root = ParseReply(body);
  if (!root.ok()) return root.status();
  const auto query = (*root)->getObject("query");
  const auto tokens = query ? query->getObject("tokens") : nullptr;
  const std::string token = Text(tokens, std::string(type) + "token");
  // "+\\" is the anonymous token: a session that is not logged in.
  if (token.empty() || token == "+\\") {
    return Status::PermissionDenied("no " + std::string(type) + " token: not logged in");
  }
  return token;
}

Status ParseLogin(std::string_view body) {
  auto root = ParseReply(body);
  if (!root.ok()) return root.status();
  const auto login = (*root)->getObject("login");
  const std::string result = Text(login, "result");
  if (result == "Success") return Status::Ok();
  const std::string reason = Text(login, "reason");
  return Status::PermissionDenied("login " + (result.empty() ? "failed" : result) +
                                  (reason.empty() ? "" : ": " + reason));
}

Status ParseActionReply(std::string_view action, std::string_view body) {
  auto root = ParseReply(body);
  if (!root.ok()) return root.status();
  const auto result = (*root)->getObject(std::string(action));
  if (!result) return Status::Internal("reply to " + std::string(action) + " lacks its result");
  if (action == "edit") {
    const std::string outcome = Text(result, "result");
    if (outcome != "Success") {
      return Status::FailedPrecondition("edit not saved: " + (outcome.empty() ? "?" : outcome));
    }
  }
  return Status::Ok();
}

std::optional<std::chrono::milliseconds> RetryDelay(int attempt, int max_attempts,
                                                    const Status& failure,
                                                    std::optional<int> retry_after_seconds) {
  if (!failure.Retryable() || attempt >= max_attempts) return std::nullopt;
  if (retry_after_seconds && *retry_after_seconds >= 0) {
    return std::chrono::seconds(std::min(*retry_after_seconds, 120));
  }
  const int shift = std::min(attempt - 1, 6);
  return std::chrono::milliseconds(std::min(1000LL << shift, 60000LL));
}

}  // namespace dmca::mediawiki
