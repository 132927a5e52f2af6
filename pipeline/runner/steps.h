#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/base/status.h"
#include "pipeline/runner/runner.h"

namespace dmca::pipeline {

// True when the runners check invariants after every stage and step: debug builds, and any
// build configured with -DDMCA_CHECK_INVARIANTS=ON (CI runs the suite in one).
bool InvariantsChecked();

// The wrapper for the steps of work after ingest (a deletion's evidence, intent, call and
// outcome), the counterpart of Runner for ingest stages: each step is timed, logged by name,
// and followed by `check` (the invariants it must leave) where InvariantsChecked(). A step
// that throws becomes an Internal status, never an escaping exception. Not thread-safe.
class StepRunner {
 public:
  explicit StepRunner(std::ostream* log = nullptr, bool verbose = false)
      : log_(log), verbose_(verbose) {}

  Status Run(std::string_view name, std::string_view subject, const std::function<Status()>& step,
             const std::function<Status()>& check = {});

  const std::vector<StageTiming>& timings() const { return timings_; }
  // "evidence: 12 calls, 0.310 s; delete: ..." for the end of a run.
  std::string Summary() const;

 private:
  std::ostream* log_;
  bool verbose_;
  std::vector<StageTiming> timings_;
};

}  // namespace dmca::pipeline
