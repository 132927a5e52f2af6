#include "pipeline/runner/steps.h"

#include <chrono>
#include <exception>
#include <iomanip>
#include <sstream>

namespace dmca::pipeline {

bool InvariantsChecked() {
#if !defined(NDEBUG) || defined(DMCA_CHECK_INVARIANTS)
  return true;
#else
  return false;
#endif
}

Status StepRunner::Run(std::string_view name, std::string_view subject,
                       const std::function<Status()>& step, const std::function<Status()>& check) {
  const auto start = std::chrono::steady_clock::now();
  Status result;
  try {
    result = step();
  } catch (const std::exception& e) {
    result = Status::Internal(std::string(name) + " threw: " + e.what());
  } catch (...) {
    result = Status::Internal(std::string(name) + " threw a non-standard exception");
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  StageTiming& timing = TimingOf(name);
  timing.calls++;
  timing.seconds += seconds;
  if (log_ && verbose_) {
    *log_ << label_ << " " << name << " " << subject << " " << std::fixed << std::setprecision(3)
          << seconds * 1e3 << " ms " << (result.ok() ? "ok" : result.ToString()) << "\n";
  }
  if (result.ok() && check && InvariantsChecked()) {
    Status invariant = check();
    if (!invariant.ok()) {
      return Status::Internal("after " + std::string(name) + " of " + std::string(subject) + ": " +
                              invariant.message());
    }
  }
  return result;
}

StageTiming& StepRunner::TimingOf(std::string_view name) {
  for (auto& t : timings_) {
    if (t.name == name) return t;
  }
  return timings_.emplace_back(StageTiming{std::string(name), 0, 0});
}

void StepRunner::Declare(std::string_view name) { (void)TimingOf(name); }

std::string StepRunner::Summary() const {
  std::ostringstream out;
  for (std::size_t i = 0; i < timings_.size(); ++i) {
    out << (i ? "; " : "") << timings_[i].name << ": " << timings_[i].calls << " calls, "
        << std::fixed << std::setprecision(3) << timings_[i].seconds << " s";
  }
  return out.str();
}

}  // namespace dmca::pipeline
