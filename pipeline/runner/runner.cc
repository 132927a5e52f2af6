#include "pipeline/runner/runner.h"

#include <exception>
#include <iomanip>
#include <thread>

#include "pipeline/runner/steps.h"

namespace dmca::pipeline {
namespace {

using SteadyClock = std::chrono::steady_clock;

double SecondsSince(SteadyClock::time_point start) {
  return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

// The invariants every stage must leave behind (checked in debug builds only, after each stage,
// as DuckDB's optimizer verifies the plan after each pass).
Status CheckInvariants(const Ingest& work, std::string_view stage) {
  const model::Case& c = work.c;
  if (!c.raw_sha256.empty() && c.raw.size() != work.raw.bytes.size()) {
    return Status::Internal(std::string(stage) + " changed the raw bytes");
  }
  if (c.targets.size() > c.notice.targets.size()) {
    return Status::Internal(std::string(stage) + " left more case targets than notice targets");
  }
  if (work.inserted && c.id <= 0) {
    return Status::Internal(std::string(stage) + " inserted a case without an id");
  }
  return Status::Ok();
}

}  // namespace

Runner::Runner(std::vector<std::unique_ptr<Stage>> stages, RunnerOptions options)
    : stages_(std::move(stages)),
      options_(std::move(options)),
      steps_(options_.log, options_.verbose, "stage") {
  for (const auto& stage : stages_) steps_.Declare(stage->Name());
  if (options_.max_attempts < 1) options_.max_attempts = 1;
}

Result<StageResult> Runner::RunOne(Ingest& work) {
  bool failed = false;
  for (std::size_t i = 0; i < stages_.size(); ++i) {
    Stage& stage = *stages_[i];
    if (failed && !stage.RunsAfterFailure()) continue;
    auto backoff = options_.first_backoff;
    for (int attempt = 1;; ++attempt) {
      // The one wrapper of every stage and step: timed, logged by name, exceptions made
      // statuses (STYLE.md: none escapes a stage), invariants checked where enabled.
      Result<StageResult> result = Status::Internal("stage did not run");
      const Status ran = steps_.Run(
          stage.Name(), work.raw.source_id,
          [&]() -> Status {
            result = stage.Run(work);
            return result.ok() ? Status::Ok() : result.status();
          },
          [&] { return CheckInvariants(work, stage.Name()); });
      if (!ran.ok()) result = ran;
      if (result.ok()) {
        if (*result == StageResult::kStop) return StageResult::kStop;
        break;
      }
      if (result.status().Retryable() && attempt < options_.max_attempts) {
        std::this_thread::sleep_for(backoff);
        backoff *= 2;
        continue;
      }
      // The store could not take the message: it must stay in its source.
      if (stage.RunsAfterFailure()) return result.status();
      failed = true;
      work.c.notice.findings.push_back(
          {"pipeline.stage_failed", Finding::Severity::kCritical, std::string(stage.Name()),
           "the " + std::string(stage.Name()) + " stage failed: " + result.status().ToString()});
      work.c.state = model::CaseState::kNeedsReview;
      break;
    }
  }
  return StageResult::kContinue;
}

RunStats Runner::Run(Source& source) {
  RunStats stats;
  const auto start = SteadyClock::now();
  auto last_progress = start;
  auto report = [&](bool force) {
    if (!options_.progress) return;
    const auto now = SteadyClock::now();
    if (!force && now - last_progress < options_.progress_interval) return;
    last_progress = now;
    options_.progress(stats, SecondsSince(start));
  };

  for (;;) {
    Result<std::optional<RawMessage>> next = std::optional<RawMessage>();
    auto backoff = options_.first_backoff;
    for (int attempt = 1;; ++attempt) {
      next = source.Next();
      if (next.ok() || !next.status().Retryable() || attempt >= options_.max_attempts) break;
      std::this_thread::sleep_for(backoff);
      backoff *= 2;
    }
    if (!next.ok()) {
      stats.status = next.status().Annotate(source.Describe() + " after " +
                                            std::to_string(stats.read) + " messages");
      break;
    }
    if (!next->has_value()) break;
    ++stats.read;
    Ingest work;
    work.raw = std::move(**next);
    auto result = RunOne(work);
    stats.findings += work.c.notice.findings.size() + work.findings.size();
    if (!result.ok()) {
      ++stats.errors;
      if (options_.log) {
        *options_.log << "not stored, left in the source: " << work.raw.source_id << ": "
                      << result.status().ToString() << "\n";
      }
      report(false);
      continue;
    }
    if (work.inserted) {
      ++stats.new_cases;
      if (work.c.state == model::CaseState::kNeedsReview) ++stats.needs_review;
    } else {
      ++stats.duplicates;
    }
    // Only now is the case durable: the source may forget the message (Source contract).
    Status committed = source.Commit(work.raw);
    if (!committed.ok()) {
      ++stats.errors;
      if (options_.log) *options_.log << "commit failed: " << committed.ToString() << "\n";
    }
    report(false);
  }
  Status closed = source.Close();
  if (!closed.ok() && stats.status.ok()) stats.status = closed;
  stats.seconds = SecondsSince(start);
  report(true);
  if (options_.log) {
    for (const auto& timing : steps_.timings()) {
      *options_.log << "stage " << timing.name << ": " << timing.calls << " calls, " << std::fixed
                    << std::setprecision(3) << timing.seconds << " s\n";
    }
  }
  return stats;
}

}  // namespace dmca::pipeline
