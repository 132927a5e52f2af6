#include "mediawiki/reply.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>

namespace dmca::mediawiki {
namespace {

// Replies are untrusted: unlike the model's readers of our own stored JSON
// (pipeline/model/json_fields.h), a value of the wrong type reads as empty here instead of
// throwing, and the caller decides what an empty value means.
std::string Text(const Poco::JSON::Object::Ptr& o, const std::string& key) {
  if (!o || !o->has(key) || o->isNull(key)) return "";
  try {
    return o->getValue<std::string>(key);
  } catch (const Poco::Exception&) {
    return "";
  }
}

std::int64_t Int(const Poco::JSON::Object::Ptr& o, const std::string& key) {
  if (!o || !o->has(key) || o->isNull(key)) return 0;
  try {
    return o->getValue<Poco::Int64>(key);
  } catch (const Poco::Exception&) {
    return 0;
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

Result<ActionReply> ParseActionReply(std::string_view action, std::string_view body) {
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
  ActionReply reply;
  reply.title = Text(result, "title");
  if (auto id = Int(result, "logid"); id > 0) reply.log_id = id;
  return reply;
}

Result<model::TargetEvidence> ParseEvidence(std::string_view body, std::string* continue_from) {
  auto root = ParseReply(body);
  if (!root.ok()) return root.status();
  if (continue_from) {
    const auto more = (*root)->getObject("continue");
    // One title: MediaWiki continues from the next older version's timestamp (iistart).
    *continue_from = Text(more, "iistart");
  }
  const auto query = (*root)->getObject("query");
  const auto pages = query ? query->getArray("pages") : nullptr;
  if (!pages || pages->size() == 0) return Status::Internal("reply lacks query.pages");
  const auto page = pages->getObject(0);
  if (!page) return Status::Internal("reply lacks query.pages[0]");
  if (page->has("invalid")) {
    return Status::InvalidArgument("the wiki calls the title invalid: " +
                                   Text(page, "invalidreason"));
  }
  model::TargetEvidence evidence;
  evidence.exists = !page->has("missing");
  evidence.page_id = Int(page, "pageid");
  if (const auto info = page->getArray("imageinfo")) {
    for (std::size_t i = 0; i < info->size(); ++i) {
      const auto u = info->getObject(static_cast<unsigned>(i));
      evidence.uploads.push_back(
          {Text(u, "user"), Text(u, "timestamp"), Text(u, "sha1"), Int(u, "size")});
    }
  }
  // A file page may be missing while the file exists (uploaded without a description page); a
  // file of a shared repository (Commons seen from another wiki) is not this wiki's to delete.
  const std::string repository = Text(page, "imagerepository");
  if (!evidence.uploads.empty() && (repository.empty() || repository == "local")) {
    evidence.exists = true;
  }
  if (const auto revisions = page->getArray("revisions"); revisions && revisions->size() > 0) {
    const auto r = revisions->getObject(0);
    evidence.creator = model::Revision{Text(r, "user"), Text(r, "timestamp"), Int(r, "revid")};
  }
  return evidence;
}

Result<std::vector<model::Revision>> ParseRevisions(std::string_view body) {
  auto root = ParseReply(body);
  if (!root.ok()) return root.status();
  const auto query = (*root)->getObject("query");
  const auto pages = query ? query->getArray("pages") : nullptr;
  std::vector<model::Revision> out;
  const auto page = pages && pages->size() > 0 ? pages->getObject(0) : nullptr;
  const auto revisions = page ? page->getArray("revisions") : nullptr;
  for (std::size_t i = 0; revisions && i < revisions->size(); ++i) {
    const auto r = revisions->getObject(static_cast<unsigned>(i));
    out.push_back({Text(r, "user"), Text(r, "timestamp"), Int(r, "revid")});
  }
  return out;
}

Result<std::vector<LogEvent>> ParseLogEvents(std::string_view body) {
  auto root = ParseReply(body);
  if (!root.ok()) return root.status();
  const auto query = (*root)->getObject("query");
  const auto events = query ? query->getArray("logevents") : nullptr;
  if (!events) return Status::Internal("reply lacks query.logevents");
  std::vector<LogEvent> out;
  for (std::size_t i = 0; i < events->size(); ++i) {
    const auto e = events->getObject(static_cast<unsigned>(i));
    if (!e) continue;
    LogEvent event;
    event.log_id = Int(e, "logid");
    event.type = Text(e, "type");
    event.action = Text(e, "action");
    event.title = Text(e, "title");
    event.user = Text(e, "user");
    event.timestamp = Text(e, "timestamp");
    event.comment = Text(e, "comment");
    if (const auto tags = e->getArray("tags")) {
      for (std::size_t t = 0; t < tags->size(); ++t) {
        // getElement<std::string> throws on an object or null: an untrusted body must not.
        const auto tag = tags->get(static_cast<unsigned>(t));
        if (tag.isString()) event.tags.push_back(tag.toString());
      }
    }
    out.push_back(std::move(event));
  }
  return out;
}

Result<std::vector<FileVersion>> ParseAllImages(std::string_view body) {
  auto root = ParseReply(body);
  if (!root.ok()) return root.status();
  const auto query = (*root)->getObject("query");
  const auto images = query ? query->getArray("allimages") : nullptr;
  if (!images) return Status::Internal("reply lacks query.allimages");
  std::vector<FileVersion> out;
  for (std::size_t i = 0; i < images->size(); ++i) {
    const auto e = images->getObject(static_cast<unsigned>(i));
    if (!e) continue;
    FileVersion file;
    file.title = Text(e, "title");
    file.user = Text(e, "user");
    file.timestamp = Text(e, "timestamp");
    file.sha1 = Text(e, "sha1");
    file.url = Text(e, "url");
    if (!file.title.empty()) out.push_back(std::move(file));
  }
  return out;
}

Result<std::vector<Protection>> ParseProtections(std::string_view body) {
  auto root = ParseReply(body);
  if (!root.ok()) return root.status();
  const auto query = (*root)->getObject("query");
  const auto pages = query ? query->getArray("pages") : nullptr;
  const auto page = pages && pages->size() > 0 ? pages->getObject(0) : nullptr;
  if (!page) return Status::Internal("reply lacks query.pages[0]");
  std::vector<Protection> out;
  if (const auto list = page->getArray("protection")) {
    for (std::size_t i = 0; i < list->size(); ++i) {
      const auto p = list->getObject(static_cast<unsigned>(i));
      out.push_back({Text(p, "type"), Text(p, "level"), Text(p, "expiry")});
    }
  }
  return out;
}

Status CheckChangeTag(std::string_view body, std::string_view tag, std::string_view site,
                      std::string* continue_from) {
  auto root = ParseReply(body);
  if (!root.ok()) return root.status();
  if (continue_from) *continue_from = Text((*root)->getObject("continue"), "tgcontinue");
  const auto query = (*root)->getObject("query");
  const auto tags = query ? query->getArray("tags") : nullptr;
  if (!tags) return Status::Internal("reply lacks query.tags");
  for (std::size_t i = 0; i < tags->size(); ++i) {
    const auto t = tags->getObject(static_cast<unsigned>(i));
    if (Text(t, "name") != tag) continue;
    const bool defined = t->has("defined") && t->optValue<bool>("defined", false);
    const bool active = t->has("active") && t->optValue<bool>("active", false);
    if (defined && active) return Status::Ok();
    return Status::FailedPrecondition(
        "change tag '" + std::string(tag) + "' on " + std::string(site) + " is " +
        (defined ? "not active" : "not defined by the wiki (only used by an extension)") +
        ": activate it at Special:Tags (action=managetags) or change [mediawiki] change_tag");
  }
  return Status::FailedPrecondition(
      "change tag '" + std::string(tag) + "' is not defined on " + std::string(site) +
      ": create it at Special:Tags (action=managetags) or change [mediawiki] change_tag");
}

Result<std::string> ParseUserName(std::string_view body) {
  auto root = ParseReply(body);
  if (!root.ok()) return root.status();
  const auto query = (*root)->getObject("query");
  const auto info = query ? query->getObject("userinfo") : nullptr;
  if (!info || info->has("anon")) return Status::PermissionDenied("the session is not logged in");
  return Text(info, "name");
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
