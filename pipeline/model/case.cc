#include "pipeline/model/case.h"

#include <algorithm>
#include <cctype>
#include <utility>

namespace dmca::model {
namespace {

using parsers::notice::Kind;
using parsers::notice::Verdict;

constexpr std::pair<CaseState, std::string_view> kStateNames[] = {
    {CaseState::kReceived, "received"},
    {CaseState::kNeedsReview, "needs_review"},
    {CaseState::kDeficient, "deficient"},
    {CaseState::kNotANotice, "not_a_notice"},
    {CaseState::kRouted, "routed"},
    {CaseState::kPendingApproval, "pending_approval"},
    {CaseState::kApproved, "approved"},
    {CaseState::kRejected, "rejected"},
    {CaseState::kExecuted, "executed"},
    {CaseState::kPublished, "published"},
    {CaseState::kForwarded, "forwarded"},
    {CaseState::kRestoreScheduled, "restore_scheduled"},
    {CaseState::kCourtAction, "court_action"},
    {CaseState::kRestored, "restored"},
    {CaseState::kSuperseded, "superseded"},
    {CaseState::kClosed, "closed"},
};

constexpr std::pair<TargetState, std::string_view> kTargetStateNames[] = {
    {TargetState::kPending, "pending"},
    {TargetState::kDeleted, "deleted"},
    {TargetState::kRestored, "restored"},
    {TargetState::kSkipped, "skipped"},
    {TargetState::kFailed, "failed"},
    {TargetState::kApproved, "approved"},
    {TargetState::kRejected, "rejected"},
    {TargetState::kMissing, "missing"},
    {TargetState::kAlreadyGone, "already_gone"},
    {TargetState::kRestoreQueued, "restore_queued"},
};

using S = CaseState;

// The only moves a case may make. A strict table: anything not listed is refused, so a bug or a
// stale writer cannot, say, execute deletions for a rejected notice.
constexpr std::pair<CaseState, CaseState> kArrows[] = {
    // Understanding a freshly stored message.
    {S::kReceived, S::kNeedsReview},
    {S::kReceived, S::kDeficient},
    {S::kReceived, S::kNotANotice},
    {S::kReceived, S::kRouted},
    {S::kReceived, S::kPendingApproval},
    // A person reads a case the pipeline could not understand and classifies it; a counter-notice
    // or retraction goes back to received for its stage.
    {S::kNeedsReview, S::kReceived},
    {S::kNeedsReview, S::kDeficient},
    {S::kNeedsReview, S::kNotANotice},
    {S::kNeedsReview, S::kRouted},
    {S::kNeedsReview, S::kPendingApproval},
    {S::kNeedsReview, S::kClosed},
    // Staff correct the kind of a case before deciding on it (dmca set-kind): it moves to the
    // state its elements lead to, or back to received for a counter-notice or retraction.
    {S::kDeficient, S::kNotANotice},
    {S::kDeficient, S::kRouted},
    {S::kDeficient, S::kReceived},
    {S::kNotANotice, S::kPendingApproval},
    {S::kNotANotice, S::kDeficient},
    {S::kNotANotice, S::kRouted},
    {S::kNotANotice, S::kReceived},
    {S::kRouted, S::kPendingApproval},
    {S::kRouted, S::kDeficient},
    {S::kRouted, S::kNotANotice},
    {S::kRouted, S::kReceived},
    {S::kPendingApproval, S::kDeficient},
    {S::kPendingApproval, S::kNotANotice},
    {S::kPendingApproval, S::kRouted},
    {S::kPendingApproval, S::kReceived},
    // §512(c)(3)(B)(ii): the complainant answers a deficiency letter with a new notice.
    {S::kDeficient, S::kSuperseded},
    {S::kDeficient, S::kPendingApproval},
    {S::kDeficient, S::kClosed},
    {S::kNotANotice, S::kSuperseded},
    {S::kNotANotice, S::kClosed},
    {S::kRouted, S::kClosed},
    // Staff decide; only an approved takedown is executed, then published.
    {S::kPendingApproval, S::kApproved},
    {S::kPendingApproval, S::kRejected},
    {S::kPendingApproval, S::kSuperseded},
    {S::kApproved, S::kExecuted},
    {S::kApproved, S::kRejected},
    {S::kExecuted, S::kPublished},
    // Staff approve further targets of an executed case, or retry the ones that failed.
    {S::kExecuted, S::kApproved},
    // A reversal (staff restore what was removed) or a restoration after a counter-notice.
    {S::kExecuted, S::kRestored},
    {S::kPublished, S::kRestored},
    {S::kPublished, S::kClosed},
    {S::kRejected, S::kClosed},
    // Counter-notice, 17 U.S.C. §512(g)(2)(B)-(C): forward a copy, schedule the restoration
    // 10-14 business days out, unless the complainant reports a court action first.
    {S::kReceived, S::kForwarded},
    // The complainant reports a court action before staff accepted the counter-notice.
    {S::kReceived, S::kCourtAction},
    {S::kForwarded, S::kRestoreScheduled},
    {S::kForwarded, S::kCourtAction},
    {S::kRestoreScheduled, S::kRestored},
    {S::kRestoreScheduled, S::kCourtAction},
    // Accepting a counter-notice queues its copy to the complainant and schedules the
    // restoration in one transaction (the copy's delivery is recorded with the letter, so
    // "forwarded" is not a state of its own there). Retraction: the complainant withdraws;
    // staff confirm it and the material is restored without waiting.
    {S::kReceived, S::kRestoreScheduled},
    {S::kRestored, S::kClosed},
    {S::kCourtAction, S::kClosed},
    // A counter-notice that is itself deficient or not about us.
    {S::kReceived, S::kClosed},
    {S::kForwarded, S::kClosed},
    {S::kExecuted, S::kClosed},
    {S::kReceived, S::kSuperseded},
    {S::kNeedsReview, S::kSuperseded},
    {S::kRestoreScheduled, S::kClosed},
};

}  // namespace

std::string_view StateName(CaseState state) {
  for (const auto& [value, name] : kStateNames) {
    if (value == state) return name;
  }
  return "unknown";
}

std::optional<CaseState> StateFromName(std::string_view name) {
  for (const auto& [value, known] : kStateNames) {
    if (known == name) return value;
  }
  return std::nullopt;
}

std::string_view TargetStateName(TargetState state) {
  for (const auto& [value, name] : kTargetStateNames) {
    if (value == state) return name;
  }
  return "unknown";
}

std::optional<TargetState> TargetStateFromName(std::string_view name) {
  for (const auto& [value, known] : kTargetStateNames) {
    if (known == name) return value;
  }
  return std::nullopt;
}

CaseState InitialState(const parsers::notice::Notice& notice, const Findings& findings) {
  // A critical finding means content may be lost or misread (finding.h): no automatic verdict.
  if (HasCritical(findings) || HasCritical(notice.findings) ||
      HasCritical(notice.analysis.findings)) {
    return CaseState::kNeedsReview;
  }
  const auto& analysis = notice.analysis;
  switch (analysis.kind) {
    case Kind::kOther:
      if (analysis.other_category.empty() || analysis.other_category == "unknown") {
        return CaseState::kNeedsReview;
      }
      return CaseState::kRouted;
    case Kind::kTakedown:
      switch (analysis.verdict) {
        case Verdict::kComplete:
          return CaseState::kPendingApproval;
        case Verdict::kDeficient:
          return CaseState::kDeficient;
        case Verdict::kNotANotice:
          return CaseState::kNotANotice;
      }
      return CaseState::kNeedsReview;
    case Kind::kCounterNotice:
    case Kind::kRetraction:
      // The counter-notice stage forwards or schedules them once linked to their takedown.
      return CaseState::kReceived;
  }
  return CaseState::kNeedsReview;
}

bool CanTransition(CaseState from, CaseState to) {
  for (const auto& [a, b] : kArrows) {
    if (a == from && b == to) return true;
  }
  return false;
}

std::string EmailOf(std::string_view from) {
  std::string_view candidate = from;
  const auto open = from.rfind('<');
  const auto close = from.rfind('>');
  if (open != std::string_view::npos && close != std::string_view::npos && close > open) {
    candidate = from.substr(open + 1, close - open - 1);
  } else {
    const auto at = from.find('@');
    if (at == std::string_view::npos) return {};
    auto begin = from.find_last_of(" \t\"'(,;:", at);
    begin = begin == std::string_view::npos ? 0 : begin + 1;
    auto end = from.find_first_of(" \t\"'),;", at);
    candidate = from.substr(begin, end == std::string_view::npos ? end : end - begin);
  }
  while (!candidate.empty() && std::isspace(static_cast<unsigned char>(candidate.front()))) {
    candidate.remove_prefix(1);
  }
  while (!candidate.empty() && std::isspace(static_cast<unsigned char>(candidate.back()))) {
    candidate.remove_suffix(1);
  }
  std::string email(candidate);
  if (email.find('@') == std::string::npos) return {};
  std::transform(email.begin(), email.end(), email.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return email;
}

std::string SenderEmail(const parsers::notice::Notice& notice) {
  std::string email = notice.original.from ? EmailOf(*notice.original.from) : "";
  if (email.empty() && !notice.analysis.fields.sender.emails.empty()) {
    email = EmailOf(notice.analysis.fields.sender.emails.front());
  }
  return email;
}

bool Actionable(const parsers::wikiurl::Target& target) {
  return target.in_scope && !target.spoof && target.site && target.title;
}

std::set<std::pair<std::string, std::string>> ActionableTargets(const Case& c) {
  std::set<std::pair<std::string, std::string>> out;
  for (const auto& t : c.targets) {
    if (Actionable(t.target)) out.emplace(*t.target.site, *t.target.title);
  }
  return out;
}

}  // namespace dmca::model
