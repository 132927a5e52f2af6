#include "pipeline/decide/lifecycle.h"

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

}  // namespace dmca::pipeline
