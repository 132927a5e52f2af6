#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "archive/render.h"
#include "pipeline/model/case.h"

namespace dmca::mediawiki {

// One MediaWiki Action API request (https://www.mediawiki.org/wiki/API:Main_page), planned
// before anything runs so that staff (and `make demo`) can see exactly what will be sent.
using Params = std::vector<std::pair<std::string, std::string>>;  // in the order sent

// Stands for the CSRF token in a planned call; the executor puts the real one in its place.
inline constexpr std::string_view kCsrfPlaceholder = "<csrf-token>";

struct ApiCall {
  std::string site;              // host, "commons.wikimedia.org"
  std::string method = "POST";   // writes are POSTed (API:Etiquette)
  Params params;                 // action=..., always format=json&formatversion=2
  std::string summary;           // one line for logs: "delete File:X.jpg on commons.wikimedia.org"
  bool needs_token = false;      // carries ("token", kCsrfPlaceholder)
};

// application/x-www-form-urlencoded (RFC 3986 unreserved bytes kept, the rest %XX, UTF-8).
std::string FormEncode(const Params& params);

// "POST commons.wikimedia.org action=delete&title=...": the form body with secrets
// (lgpassword, and any real token) shown as "***". Safe to log.
std::string Describe(const ApiCall& call);

// Configuration, not code (DOMAIN.md): the wording of log entries and the change tag.
struct PlanConfig {
  // "$1" becomes NoticeLink(); e.g. [mediawiki] delete_reason.
  std::string deletion_reason = "Office action: DMCA takedown, see $1";
  std::string restoration_reason =
      "Office action: DMCA counter-notice, restored under 17 U.S.C. §512(g)(2)(C), see $1";
  std::string change_tag;         // [mediawiki] change_tag; empty: none
  std::string foundation_interwiki = "wmf";  // the Foundation wiki's interwiki prefix
  archive::RenderOptions render;  // where the published notice lives (its title rule)
};

// "[[wmf:Legal:DMCA_<Title>]]": the published notice a log entry points to.
std::string NoticeLink(const parsers::notice::Notice& notice, const PlanConfig& config);

// action=delete for each pending, in-scope, non-spoof target with a title (each (site, title)
// once), reason from config.deletion_reason, tags when configured. Targets without a title
// (?curid=) need a lookup first and are left out.
std::vector<ApiCall> PlanDeletions(const model::Case& takedown, const PlanConfig& config);

// action=undelete for each target of the takedown case in state deleted (§512(g)(2)(C)).
std::vector<ApiCall> PlanRestorations(const model::Case& takedown, const PlanConfig& config);

// action=edit for each page: create -> text + createonly=1; append -> appendtext (after a
// blank line) + nocreate=1; new_section -> section=new + sectiontitle + text.
std::vector<ApiCall> PlanEdits(const std::vector<archive::Page>& pages, const PlanConfig& config);

}  // namespace dmca::mediawiki
