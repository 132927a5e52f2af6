#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "mediawiki/api.h"
#include "mediawiki/client.h"
#include "parsers/base/status.h"
#include "pipeline/calendar/clock.h"
#include "pipeline/store/store.h"

namespace dmca::pipeline {

// The wording and settings of office actions: configuration, not code (DOMAIN.md).
struct ActOptions {
  std::string deletion_reason = "Office action: DMCA takedown, see $1";  // $1: the notice link
  std::string restoration_reason = "Office action: DMCA takedown material restored, see $1";
  std::string protection_reason = "Office action: DMCA takedown, see $1";
  std::string change_tag;               // empty: none
  std::string protect_level = "sysop";  // create-protection of each deleted title
  std::string protect_expiry = "infinite";
  std::string foundation_interwiki = "wmf";  // the Foundation wiki's interwiki prefix
  int page_editors = 10;                     // a page's last editors recorded as evidence
};

// "[[wmf:Legal:DMCA_<Title>]]": the published notice a log entry points to.
std::string NoticeLink(const model::Case& c, const ActOptions& options);

// Keeps the claim of the action being worked on while the client waits between attempts
// (wire HttpClientConfig::sleep to Wait): the claim's lease never runs out under a long retry.
class ClaimKeeper {
 public:
  ClaimKeeper(Store& store, std::string worker, std::chrono::seconds lease)
      : store_(store), worker_(std::move(worker)), lease_(lease) {}
  void Hold(std::optional<std::int64_t> action) { action_ = action; }
  // Sleeps `delay` in slices of at most a third of the lease, renewing the claim after each.
  void Wait(std::chrono::milliseconds delay);

 private:
  Store& store_;
  std::string worker_;
  std::chrono::seconds lease_;
  std::optional<std::int64_t> action_;
};

struct ExecuteOptions {
  std::string worker;  // WorkerName(): names the claims
  // A claim older than this is presumed dead and taken over by another machine's worker.
  std::chrono::seconds lease{900};
  // After a retryable failure that outlasted the client's own retries, the action waits this
  // long in the queue (the wiki is down or lagging); `dmca execute` exits 75 meanwhile.
  std::chrono::seconds retry_later{120};
  ActOptions act;
  ClaimKeeper* keeper = nullptr;                   // optional
  std::function<void(const std::string&)> report;  // one line per outcome
  std::ostream* log = nullptr;  // step timings (and one line per step when verbose)
  bool verbose = false;
  std::size_t max_actions = 0;  // 0: until the queue is empty
};

struct ExecuteStats {
  std::size_t actions = 0;  // actions worked on
  std::size_t deleted = 0;  // our deletions now in the wikis' logs
  std::size_t restored = 0;
  std::size_t missing = 0;         // no such page when checked: nothing done, recorded
  std::size_t already_gone = 0;    // deleted by someone else before us: recorded
  std::size_t failed = 0;          // refused for good: staff must look (dmca retry)
  std::size_t retry_later = 0;     // left pending after a retryable failure
  std::size_t taken_over = 0;      // claims of this machine's dead workers released at start
  std::size_t cases_finished = 0;  // cases that moved to executed or restored
  std::string timings;             // StepRunner::Summary()
};

// Carries out the queued deletions and restorations through `client`, exactly once.
// For each claimed action, in order, each step committed before the next:
//  1. evidence: every upload of a file (user, time, SHA-1, size) or a page's creator and last
//     editors, stored on the target; a page that does not exist is recorded as missing and
//     nothing is done. The same transaction commits the intent to call.
//  2. the call (delete; or lift the create-protection and undelete). Its outcome, the log id,
//     the target's state and the audit entry are one transaction.
//  3. create-protection of the deleted title (level and expiry from ActOptions).
// After a crash, an action whose intent is committed but whose outcome is not is reconciled
// with the wiki's deletion log before anything is sent again: our own entry (our account, the
// notice link in the comment) means done; missingtitle without one means "already gone".
// Claims of this machine's dead workers are taken over at once (their pid is gone); another
// machine's after the lease. The change tag is checked once per site (list=tags) before the
// first write: a tag that is not defined and active stops the run with an error naming it.
// A Status is returned only for a store failure or a configuration error.
Result<ExecuteStats> ExecuteQueued(Store& store, mediawiki::Client& client, const Clock& clock,
                                   const ExecuteOptions& options);

// The calls ExecuteQueued would make now for the actions it could claim (due, or held by a dead
// worker of this machine), without claiming anything
// or touching a wiki (`dmca execute --dry-run`).
Result<std::vector<mediawiki::ApiCall>> PlanQueued(Store& store, const ActOptions& options,
                                                   const Clock& clock);

// "host:pid:start" for this process (start: its start time in clock ticks since boot, so a
// reused pid is not mistaken for the same process).
std::string WorkerName();
// True when `worker` names a process of this machine that is no longer running.
bool DeadLocalWorker(const std::string& worker);

}  // namespace dmca::pipeline
