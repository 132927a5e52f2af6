#pragma once

#include <string>
#include <vector>

#include "parsers/base/status.h"
#include "pipeline/calendar/clock.h"
#include "pipeline/store/store.h"

namespace dmca::pipeline {

// One line of the review queue: a case waiting for someone.
struct QueueItem {
  std::int64_t case_id = 0;
  std::string awaits;  // "reviewer", "approver", "executor", "staff"
  std::string what;    // "classify it: the pipeline could not understand it", ...
  std::string since;   // ISO 8601 UTC: when it started waiting (its last audit entry)
  std::string from;    // the original sender, for recognizing it
};

// What awaits whom, oldest first: cases to classify (needs_review: a reviewer), complete
// takedowns to decide (pending_approval: an approver), deficient notices to answer (staff),
// approved deletions not yet executed (the executor: run `dmca execute`), and failed actions
// (staff: `dmca retry`).
Result<std::vector<QueueItem>> ReviewQueue(Store& store);

}  // namespace dmca::pipeline
