#include "pipeline/decide/lifecycle.h"

#include <algorithm>

namespace dmca::pipeline {

using model::CaseState;
using parsers::notice::Kind;

bool Publishable(const model::Case& c) {
  switch (c.kind()) {
    case Kind::kTakedown:
      // Only what was actually removed is published: not an approval still in the queue.
      return c.state == CaseState::kExecuted || c.state == CaseState::kPublished ||
             c.state == CaseState::kRestored;
    case Kind::kCounterNotice:
    case Kind::kRetraction:
      return c.state == CaseState::kForwarded || c.state == CaseState::kRestoreScheduled ||
             c.state == CaseState::kRestored || c.state == CaseState::kCourtAction;
    case Kind::kOther:
      return false;
  }
  return false;
}

archive::LetterKind LetterFor(const model::Case& c) {
  if (c.kind() == Kind::kCounterNotice && c.notice.analysis.complete) {
    return archive::LetterKind::kCounterNoticeForward;
  }
  // Only takedowns and counter-notices have statutory elements to be missing; a complaint routed
  // elsewhere or a retraction is acknowledged.
  if (!c.notice.analysis.complete &&
      (c.kind() == Kind::kTakedown || c.kind() == Kind::kCounterNotice)) {
    return archive::LetterKind::kDeficiency;
  }
  return archive::LetterKind::kAcknowledgement;
}

std::vector<std::size_t> AnsweredTargets(const model::Case& takedown, const model::Case& answer,
                                         model::TargetState state) {
  std::vector<std::size_t> named, all;
  for (std::size_t pos = 0; pos < takedown.targets.size(); ++pos) {
    const auto& t = takedown.targets[pos];
    if (t.state != state || !t.target.site || !t.target.title) continue;
    all.push_back(pos);
    for (const auto& a : answer.targets) {
      if (a.target.site == t.target.site && a.target.title == t.target.title) {
        named.push_back(pos);
        break;
      }
    }
  }
  const bool names_any = std::any_of(answer.targets.begin(), answer.targets.end(),
                                     [](const model::CaseTarget& t) { return model::Actionable(t.target); });
  if (named.empty() && !names_any && answer.kind() == Kind::kRetraction) return all;
  return named;
}

}  // namespace dmca::pipeline
