#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

#include "mediawiki/api.h"
#include "mediawiki/executor.h"
#include "parsers/base/status.h"
#include "pipeline/calendar/clock.h"
#include "pipeline/store/store.h"

namespace dmca::pipeline {

struct ExecuteOptions {
  // Unique per process (host:pid): the action queue's claims name it.
  std::string worker;
  // A claim older than this is presumed dead and may be taken over.
  std::chrono::seconds lease{600};
  mediawiki::PlanConfig plan;
  // Called after each action with a one-line account ("deleted File:X.jpg on commons...").
  std::function<void(const std::string&)> report;
};

struct ExecuteStats {
  std::size_t cases = 0;        // approved cases looked at
  std::size_t done = 0;         // actions the wiki confirmed (or found already done)
  std::size_t failed = 0;       // actions refused for good (a person must look)
  std::size_t retry_later = 0;  // actions left pending after a retryable failure
  std::size_t executed_cases = 0;  // cases that moved to executed
};

// Carries out the queued deletions of every approved case through `executor`, exactly once:
// each action is claimed in the store before the call and completed after it, so concurrent
// workers never run the same action and a done action is never run again. A page the wiki
// says is already gone counts as done (the worker that deleted it may have died before
// completing its claim). A case whose actions are all done or failed moves to executed.
// A Status is returned only when the store fails.
Result<ExecuteStats> ExecuteApproved(Store& store, mediawiki::Executor& executor,
                                     const Clock& clock, const ExecuteOptions& options);

// The calls ExecuteApproved would make now, without claiming anything or touching a wiki:
// `dmca execute --dry-run`.
Result<std::vector<mediawiki::ApiCall>> PlanApproved(Store& store,
                                                     const mediawiki::PlanConfig& plan);

}  // namespace dmca::pipeline
