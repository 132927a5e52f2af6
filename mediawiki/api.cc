#include "mediawiki/api.h"

#include <set>

namespace dmca::mediawiki {
namespace {

bool Unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '.' || c == '_' || c == '~';
}

std::string Encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (Unreserved(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string Substitute(std::string text, const std::string& link) {
  for (auto pos = text.find("$1"); pos != std::string::npos; pos = text.find("$1", pos + link.size())) {
    text.replace(pos, 2, link);
  }
  return text;
}

// The parameters every call carries (API:JSON_version_2; maxlag is added by the executor).
void Common(Params& p) {
  p.emplace_back("format", "json");
  p.emplace_back("formatversion", "2");
}

void Finish(ApiCall& call, const PlanConfig& config) {
  if (!config.change_tag.empty()) call.params.emplace_back("tags", config.change_tag);
  Common(call.params);
  // The token goes last: a truncated POST then fails the token check (API:Edit).
  call.params.emplace_back("token", std::string(kCsrfPlaceholder));
  call.needs_token = true;
}

bool Actionable(const model::CaseTarget& t) {
  return t.target.in_scope && !t.target.spoof && t.target.site && t.target.title;
}

}  // namespace

std::string FormEncode(const Params& params) {
  std::string out;
  for (const auto& [key, value] : params) {
    if (!out.empty()) out += '&';
    out += Encode(key) + "=" + Encode(value);
  }
  return out;
}

std::string Describe(const ApiCall& call) {
  Params shown;
  for (const auto& [key, value] : call.params) {
    const bool secret = key == "lgpassword" || key == "password" ||
                        ((key == "token" || key == "lgtoken") && value != kCsrfPlaceholder);
    shown.emplace_back(key, secret ? "***" : value);
  }
  return call.method + " " + call.site + " " + FormEncode(shown);
}

std::string NoticeLink(const parsers::notice::Notice& notice, const PlanConfig& config) {
  return "[[" + config.foundation_interwiki + ":" + archive::FoundationPageTitle(notice) + "]]";
}

std::vector<ApiCall> PlanDeletions(const model::Case& takedown, const PlanConfig& config) {
  std::vector<ApiCall> calls;
  const std::string reason = Substitute(config.deletion_reason, NoticeLink(takedown.notice, config));
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& t : takedown.targets) {
    if (t.state != model::TargetState::kPending || !Actionable(t)) continue;
    if (!seen.emplace(*t.target.site, *t.target.title).second) continue;
    ApiCall call;
    call.site = *t.target.site;
    call.params = {{"action", "delete"}, {"title", *t.target.title}, {"reason", reason}};
    Finish(call, config);
    call.summary = "delete " + *t.target.title + " on " + call.site;
    calls.push_back(std::move(call));
  }
  return calls;
}

std::vector<ApiCall> PlanRestorations(const model::Case& takedown, const PlanConfig& config) {
  std::vector<ApiCall> calls;
  const std::string reason =
      Substitute(config.restoration_reason, NoticeLink(takedown.notice, config));
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& t : takedown.targets) {
    if (t.state != model::TargetState::kDeleted || !Actionable(t)) continue;
    if (!seen.emplace(*t.target.site, *t.target.title).second) continue;
    ApiCall call;
    call.site = *t.target.site;
    call.params = {{"action", "undelete"}, {"title", *t.target.title}, {"reason", reason}};
    Finish(call, config);
    call.summary = "undelete " + *t.target.title + " on " + call.site;
    calls.push_back(std::move(call));
  }
  return calls;
}

std::vector<ApiCall> PlanEdits(const std::vector<archive::Page>& pages, const PlanConfig& config) {
  std::vector<ApiCall> calls;
  for (const auto& page : pages) {
    ApiCall call;
    call.site = page.site;
    call.params = {{"action", "edit"}, {"title", page.title}};
    switch (page.mode) {
      case archive::PageMode::kCreate:
        call.params.emplace_back("text", page.wikitext);
        call.params.emplace_back("createonly", "1");
        break;
      case archive::PageMode::kAppend:
        call.params.emplace_back("appendtext", "\n\n" + page.wikitext);
        call.params.emplace_back("nocreate", "1");
        break;
      case archive::PageMode::kNewSection:
        call.params.emplace_back("section", "new");
        call.params.emplace_back("sectiontitle", page.section_title);
        call.params.emplace_back("text", page.section_text);
        break;
    }
    call.params.emplace_back("summary", page.summary);
    call.params.emplace_back("watchlist", "nochange");
    Finish(call, config);
    call.summary = std::string(archive::PageModeName(page.mode)) + " " + page.title + " on " +
                   page.site;
    calls.push_back(std::move(call));
  }
  return calls;
}

}  // namespace dmca::mediawiki
