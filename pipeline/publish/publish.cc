// What a case publishes: its public view, its pages and later events, its statistics facts.
// Pure functions over the model (the wiki and Lumen are in publish_wiki.cc and lumen.cc).

#include "pipeline/publish/publish.h"

#include <algorithm>
#include <set>

#include "mediawiki/api.h"
#include "pipeline/decide/lifecycle.h"

namespace dmca::pipeline {
namespace {

using model::CaseState;
using model::TargetState;
using parsers::notice::Kind;

// The record says these were taken down (DOMAIN.md: only what was actually removed is
// published); a restored target was removed first.
bool Removed(TargetState s) {
  return s == TargetState::kDeleted || s == TargetState::kAlreadyGone ||
         s == TargetState::kRestored || s == TargetState::kRestoreQueued;
}

std::string Day(const std::string& iso) { return iso.size() >= 10 ? iso.substr(0, 10) : iso; }

// The time of the last audit entry with `action`, "" when none.
std::string LastAudit(const model::Case& c, std::string_view action) {
  for (auto it = c.audit.rbegin(); it != c.audit.rend(); ++it) {
    if (it->action == action) return it->at;
  }
  return "";
}

std::string FirstAudit(const model::Case& c, std::string_view action) {
  for (const auto& e : c.audit) {
    if (e.action == action) return e.at;
  }
  return "";
}

}  // namespace

model::Case PublicView(const model::Case& c) {
  if (c.kind() != Kind::kTakedown) return c;
  model::Case view = c;
  view.targets.clear();
  for (const auto& t : c.targets) {
    if (Removed(t.state)) view.targets.push_back(t);
  }
  return view;
}

std::string ActionTaken(const model::Case& c) {
  const auto actionable = model::ActionableTargets(c);
  std::set<std::pair<std::string, std::string>> removed;
  for (const auto& t : c.targets) {
    if (Removed(t.state) && model::Actionable(t.target)) {
      removed.emplace(*t.target.site, *t.target.title);
    }
  }
  if (removed.empty()) return "No";
  return removed.size() >= actionable.size() ? "Yes" : "Partial";
}

archive::RenderOptions CaseRenderOptions(const archive::RenderOptions& base,
                                         const std::vector<RedactionDecision>& decisions) {
  archive::RenderOptions out = base;
  for (const auto& d : decisions) {
    (d.decision == "keep" ? out.redaction.keep : out.redaction.redact).push_back(d.span);
  }
  return out;
}

std::vector<PublishedEvent> EventsOf(const model::Case& c,
                                     const std::vector<model::Case>& answers) {
  std::vector<PublishedEvent> out;
  if (c.kind() != Kind::kTakedown) return out;
  bool retracted = false, countered = false;
  for (const auto& a : answers) {
    // Only an answer staff acted on (a retraction or counter-notice merely received may be
    // forged or withdrawn): the lifecycle's own test.
    if (!Publishable(a)) continue;
    if (a.kind() == Kind::kRetraction) {
      retracted = true;
      out.push_back({"retracted", "notice retracted", Day(a.received_at),
                     "The complainant retracted this notice on " + Day(a.received_at) + "."});
    }
    if (a.kind() == Kind::kCounterNotice) countered = true;
    if (a.kind() == Kind::kCounterNotice && a.state == CaseState::kCourtAction) {
      const std::string at = Day(LastAudit(a, "court action").empty()
                                     ? (a.audit.empty() ? a.received_at : a.audit.back().at)
                                     : LastAudit(a, "court action"));
      out.push_back({"court_action", "court action reported", at,
                     "The complainant reported that it filed a court action against the "
                     "uploader (17 U.S.C. §512(g)(2)(C)): the material stays removed."});
    }
  }
  if (c.state == CaseState::kRestored) {
    const std::string at = Day(LastAudit(c, "restored"));
    const std::string why =
        retracted   ? "after the complainant retracted the notice"
        : countered ? "after a counter-notice under 17 U.S.C. §512(g)(3), the complainant having "
                      "reported no court action within the statutory period"
                    : "by decision of the Wikimedia Foundation (a reversal)";
    out.push_back({"restored", "material restored", at,
                   "The material removed in response to this notice was restored" +
                       (at.empty() ? std::string() : " on " + at) + ", " + why + "."});
  }
  return out;
}

Result<std::vector<std::pair<std::string, archive::Page>>> PagesFor(
    const model::Case& c, const std::vector<PublishedEvent>& events,
    const archive::RenderOptions& render, const PublishSummaries& summaries) {
  std::vector<std::pair<std::string, archive::Page>> out;
  const model::Case view = PublicView(c);
  auto pages = archive::RenderNotice(view, render);
  if (!pages.ok()) return pages.status();
  const std::string title = archive::NoticeTitle(c.notice);
  auto summary = [&](archive::Page& p) {
    const std::string* configured = p.role == "notice"     ? &summaries.notice
                                    : p.role == "list"     ? &summaries.list
                                    : p.role == "pump"     ? &summaries.pump
                                    : p.role == "uploader" ? &summaries.uploader
                                    : p.role == "update"   ? &summaries.update
                                                           : nullptr;
    if (configured && !configured->empty()) p.summary = mediawiki::Substitute(*configured, title);
  };
  for (auto& p : *pages) {
    summary(p);
    out.emplace_back("notice", std::move(p));
  }
  for (const auto& e : events) {
    auto update = archive::RenderUpdate(c.notice, e.title, e.date, e.text, render);
    if (!update.ok()) return update.status();
    summary(*update);
    out.emplace_back(e.event, std::move(update).value());
  }
  return out;
}

archive::CaseFacts FactsOf(const model::Case& c, const std::vector<model::Case>& answers) {
  archive::CaseFacts f;
  f.received = Day(c.received_at);
  f.kind = std::string(parsers::notice::KindName(c.kind()));
  f.verdict = std::string(parsers::notice::VerdictName(c.notice.analysis.verdict));
  const std::string taken = ActionTaken(c);
  f.acted = taken != "No";
  f.acted_partially = taken == "Partial";
  f.rejected = c.state == CaseState::kRejected ||
               (!f.acted && std::any_of(c.targets.begin(), c.targets.end(), [](const auto& t) {
                 return t.state == TargetState::kRejected;
               }));
  f.restored = c.state == CaseState::kRestored ||
               std::any_of(c.targets.begin(), c.targets.end(),
                           [](const auto& t) { return t.state == TargetState::kRestored; });
  for (const auto& a : answers) {
    if (a.kind() == Kind::kCounterNotice) f.counter_noticed = true;
    if (a.kind() == Kind::kRetraction) f.retracted = true;
  }
  const auto received = ParseIso8601(c.received_at);
  const auto executed = ParseIso8601(FirstAudit(c, "executed"));
  if (f.acted && received && executed && *executed >= *received) {
    f.days_to_action = static_cast<int>(
        std::chrono::duration_cast<std::chrono::hours>(*executed - *received).count() / 24);
  }
  return f;
}

}  // namespace dmca::pipeline
