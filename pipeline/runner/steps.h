#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/base/status.h"

namespace dmca::pipeline {

struct StageTiming {
  std::string name;
  std::size_t calls = 0;
  double seconds = 0;
};

// True when the runners check invariants after every stage and step: debug builds, and any
// build configured with -DDMCA_CHECK_INVARIANTS=ON (CI runs the suite in one).
bool InvariantsChecked();

// The wrapper for the steps of work after ingest (a deletion's evidence, intent, call and
// outcome), the counterpart of Runner for ingest stages: each step is timed, logged by name,
// and followed by `check` (the invariants it must leave) where InvariantsChecked(). A step
// that throws becomes an Internal status, never an escaping exception. Not thread-safe.
class StepRunner {
 public:
  // `label` starts each log line: "step" for execution, "stage" for ingest.
  explicit StepRunner(std::ostream* log = nullptr, bool verbose = false, std::string label = "step")
      : log_(log), verbose_(verbose), label_(std::move(label)) {}

  // Lists `name` in timings() before it first runs (so they keep the order of a pipeline).
  void Declare(std::string_view name);

  Status Run(std::string_view name, std::string_view subject, const std::function<Status()>& step,
             const std::function<Status()>& check = {});

  const std::vector<StageTiming>& timings() const { return timings_; }
  // "evidence: 12 calls, 0.310 s; delete: ..." for the end of a run.
  std::string Summary() const;

 private:
  StageTiming& TimingOf(std::string_view name);

  std::ostream* log_;
  bool verbose_;
  std::string label_;
  std::vector<StageTiming> timings_;
};

}  // namespace dmca::pipeline
