#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "parsers/base/status.h"
#include "pipeline/calendar/clock.h"
#include "pipeline/sources/source.h"
#include "pipeline/stages.h"
#include "pipeline/store/store.h"

namespace dmca::pipeline {

struct RunStats {
  std::size_t read = 0;          // messages the source delivered
  std::size_t new_cases = 0;     // stored as new cases
  std::size_t duplicates = 0;    // already stored (same Message-ID or bytes): not stored again
  std::size_t needs_review = 0;  // new cases a person must read
  std::size_t errors = 0;        // not stored (the store failed): left in the source for next run
  std::size_t findings = 0;      // findings recorded on the messages read
  double seconds = 0;
  Status status;                 // non-OK when the run stopped early (the source failed)
};

struct StageTiming {
  std::string name;
  std::size_t calls = 0;
  double seconds = 0;
};

struct RunnerOptions {
  // Called after each message with the running totals and the seconds elapsed, at most every
  // `progress_interval` (and once at the end), for a progress line on a terminal.
  std::function<void(const RunStats&, double elapsed_seconds)> progress;
  std::chrono::milliseconds progress_interval{200};
  std::ostream* log = nullptr;  // one line per stage per message when `verbose`, totals at end
  bool verbose = false;
  int max_attempts = 4;                             // per message, for retryable store errors
  std::chrono::milliseconds first_backoff{50};      // doubled on each retry
};

// Runs messages through stages (DuckDB's RunOptimizer: one wrapper runs every stage, times it,
// logs it by name, and in debug builds checks the case's invariants afterwards). A stage that
// fails or throws on a message does not lose it: the failure becomes a critical finding, the case
// goes to needs_review, and only the stages that RunsAfterFailure() (persist) still run.
class Runner {
 public:
  Runner(std::vector<std::unique_ptr<Stage>> stages, RunnerOptions options = {});

  // One message through every stage. A non-OK Status means it was not stored (a store error
  // that outlasted the retries): do not Commit it to its source.
  Result<StageResult> RunOne(Ingest& work);

  // Reads `source` to its end: each message is run, and committed to the source only once its
  // case is durably stored (or found to be a duplicate). Then closes the source.
  RunStats Run(Source& source);

  const std::vector<StageTiming>& timings() const { return timings_; }

 private:
  std::vector<std::unique_ptr<Stage>> stages_;
  RunnerOptions options_;
  std::vector<StageTiming> timings_;
};

// The whole ingest: IngestStages over `source` into `store`.
RunStats IngestAll(Source& source, Store& store, const Clock& clock, RunnerOptions options = {},
                   const parsers::notice::Intake& intake = {});

}  // namespace dmca::pipeline
