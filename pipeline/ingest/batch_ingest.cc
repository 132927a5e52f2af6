// IngestAll: the ingest stages over a source with group commit, the stages that need no store
// spread over the machine's cores.
//
// The main thread alone calls the source (Source is not thread-safe) and the store (neither is
// Store). It reads a batch of messages and hands them to the workers, which run hash, parse,
// understand and classify on each; while they work it stores the previous batch, in the
// source's order, inside one store group (one durable commit for the batch), and only after
// that commit tells the source each message is done (Maildir cur/, IMAP \Seen, POP3 DELE). A
// crash anywhere before the group's commit leaves every message of the batch in its source; a
// crash after it leaves some messages the source delivers again, which dedupe recognizes. No
// group is open while the source is read, so a slow mail server never holds the store's lock.
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <iomanip>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>

#include "pipeline/ingest/stages.h"

namespace dmca::pipeline {
namespace {

using SteadyClock = std::chrono::steady_clock;

double SecondsSince(SteadyClock::time_point start) {
  return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

// One message on its way: filled by a worker, stored by the main thread.
struct Job {
  Ingest work;
  std::string log;  // the worker's verbose lines, written out in order by the main thread
  bool done = false;
  bool failed = false;
  model::CaseState state = model::CaseState::kNeedsReview;  // as stored  // a worker stage failed: only persist runs (Stage::RunsAfterFailure)
};

// The stages that read only the message (no store): run on the workers.
std::vector<std::unique_ptr<Stage>> PureStages(const Clock& clock,
                                               const parsers::notice::Intake& intake) {
  std::vector<std::unique_ptr<Stage>> stages;
  stages.push_back(MakeHashStage(clock));
  stages.push_back(MakeParseStage());
  stages.push_back(MakeUnderstandStage(intake));
  stages.push_back(MakeClassifyStage());
  return stages;
}

// Adds `more` to `sum`, stage by stage (a stage new to `sum` is appended, keeping the order).
void AddTimings(std::vector<StageTiming>& sum, const std::vector<StageTiming>& more) {
  for (const StageTiming& t : more) {
    auto it = std::find_if(sum.begin(), sum.end(),
                           [&](const StageTiming& s) { return s.name == t.name; });
    if (it == sum.end()) {
      sum.push_back(t);
    } else {
      it->calls += t.calls;
      it->seconds += t.seconds;
    }
  }
}

// A failed stage leaves the runner's "pipeline.stage_failed" finding (Runner::RunOne).
bool StageFailed(const Ingest& work) {
  return std::any_of(work.c.notice.findings.begin(), work.c.notice.findings.end(),
                     [](const Finding& f) { return f.code == "pipeline.stage_failed"; });
}

class WorkerPool {
 public:
  WorkerPool(std::size_t threads, const Clock& clock, const parsers::notice::Intake& intake,
             const RunnerOptions& options, std::chrono::seconds max_time)
      : max_time_(max_time) {
    for (std::size_t i = 0; i < threads; ++i) {
      RunnerOptions worker_options;
      worker_options.verbose = options.verbose;
      auto state = std::make_unique<Worker>();
      worker_options.log = options.log && options.verbose ? &state->log : nullptr;
      state->runner = std::make_unique<Runner>(PureStages(clock, intake), worker_options);
      workers_.push_back(std::move(state));
    }
    for (auto& worker : workers_) {
      worker->thread = std::thread([this, w = worker.get()] { Loop(*w); });
    }
  }

  ~WorkerPool() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    for (auto& worker : workers_) worker->thread.join();
  }

  void Submit(Job* job) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      queue_.push_back(job);
    }
    wake_.notify_one();
  }

  void Wait(Job* job) {
    std::unique_lock<std::mutex> lock(mutex_);
    finished_.wait(lock, [job] { return job->done; });
  }

  // Every worker's stage timings, summed by stage.
  std::vector<StageTiming> Timings() const {
    std::vector<StageTiming> sum;
    for (const auto& worker : workers_) AddTimings(sum, worker->runner->timings());
    return sum;
  }

 private:
  struct Worker {
    std::unique_ptr<Runner> runner;
    std::ostringstream log;
    std::thread thread;
  };

  void Loop(Worker& worker) {
    for (;;) {
      Job* job = nullptr;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [this] { return stop_ || !queue_.empty(); });
        if (queue_.empty()) return;
        job = queue_.front();
        queue_.pop_front();
      }
      // The pure stages return no store errors; a stage that fails or throws is a finding.
      const auto start = SteadyClock::now();
      (void)worker.runner->RunOne(job->work);
      if (SteadyClock::now() - start > max_time_) {
        job->work.c.notice.findings.push_back(
            {"limit.processing_time", Finding::Severity::kCritical, "",
             "parsing and understanding the message took over " +
                 std::to_string(max_time_.count()) + " s: a person should read it"});
        job->work.c.state = model::CaseState::kNeedsReview;
      }
      job->failed = StageFailed(job->work);
      job->log = worker.log.str();
      worker.log.str("");
      {
        std::lock_guard<std::mutex> lock(mutex_);
        job->done = true;
      }
      finished_.notify_all();
    }
  }

  std::vector<std::unique_ptr<Worker>> workers_;
  std::mutex mutex_;
  std::condition_variable wake_, finished_;
  std::deque<Job*> queue_;
  bool stop_ = false;
  std::chrono::seconds max_time_;
};

class BatchIngest {
 public:
  BatchIngest(Source& source, Store& store, const Clock& clock, RunnerOptions options,
              const parsers::notice::Intake& intake, const IngestOptions& ingest)
      : source_(source),
        store_(store),
        options_(std::move(options)),
        ingest_(ingest),
        pool_(ingest.workers ? ingest.workers
                             : std::max<std::size_t>(1, std::thread::hardware_concurrency()),
              clock, intake, options_, ingest.max_message_time),
        store_stages_(StoreStages(store, clock), StoreRunnerOptions(options_)),
        persist_only_(PersistOnly(store, clock), StoreRunnerOptions(options_)) {
    if (ingest_.batch_messages < 1) ingest_.batch_messages = 1;
  }

  RunStats Run() {
    start_ = last_progress_ = SteadyClock::now();
    std::vector<std::unique_ptr<Job>> current = ReadBatch();
    while (!current.empty()) {
      // The next batch is read and handed to the workers before this one is stored, so that
      // understanding the next overlaps storing this one.
      std::vector<std::unique_ptr<Job>> next = stats_.status.ok() ? ReadBatch() : decltype(next){};
      StoreBatch(current);
      current = std::move(next);
    }
    Status closed = source_.Close();
    if (!closed.ok() && stats_.status.ok()) stats_.status = closed;
    stats_.seconds = SecondsSince(start_);
    Report(true);
    if (options_.log) {
      std::vector<StageTiming> timings = pool_.Timings();
      AddTimings(timings, store_stages_.timings());
      AddTimings(timings, persist_only_.timings());
      for (const auto& timing : timings) {
        *options_.log << "stage " << timing.name << ": " << timing.calls << " calls, "
                      << std::fixed << std::setprecision(3) << timing.seconds << " s\n";
      }
    }
    return stats_;
  }

 private:
  static RunnerOptions StoreRunnerOptions(const RunnerOptions& options) {
    RunnerOptions store_options;
    store_options.log = options.log;
    store_options.verbose = options.verbose;
    store_options.max_attempts = options.max_attempts;
    store_options.first_backoff = options.first_backoff;
    return store_options;
  }
  static std::vector<std::unique_ptr<Stage>> StoreStages(Store& store, const Clock& clock) {
    std::vector<std::unique_ptr<Stage>> stages;
    stages.push_back(MakeDedupeStage(store));
    stages.push_back(MakeLinkStage(store, clock));
    stages.push_back(MakePersistStage(store, clock));
    return stages;
  }
  static std::vector<std::unique_ptr<Stage>> PersistOnly(Store& store, const Clock& clock) {
    std::vector<std::unique_ptr<Stage>> stages;
    stages.push_back(MakePersistStage(store, clock));
    return stages;
  }

  // Up to a batch of messages from the source, each handed to a worker at once.
  std::vector<std::unique_ptr<Job>> ReadBatch() {
    std::vector<std::unique_ptr<Job>> batch;
    while (!exhausted_ && batch.size() < ingest_.batch_messages) {
      Result<std::optional<RawMessage>> next = std::optional<RawMessage>();
      auto backoff = options_.first_backoff;
      for (int attempt = 1;; ++attempt) {
        next = source_.Next();
        if (next.ok() || !next.status().Retryable() || attempt >= options_.max_attempts) break;
        std::this_thread::sleep_for(backoff);
        backoff *= 2;
      }
      if (!next.ok()) {
        stats_.status = next.status().Annotate(source_.Describe() + " after " +
                                               std::to_string(stats_.read) + " messages");
        exhausted_ = true;
        break;
      }
      if (!next->has_value()) {
        exhausted_ = true;
        break;
      }
      ++stats_.read;
      auto job = std::make_unique<Job>();
      job->work.raw = std::move(**next);
      if (job->work.raw.bytes.size() > ingest_.max_message_bytes) {
        // Too large to parse safely: kept verbatim for a person (persist alone runs).
        job->work.c.notice.findings.push_back(
            {"limit.message_size", Finding::Severity::kCritical, "",
             "the message is " + std::to_string(job->work.raw.bytes.size()) +
                 " bytes, over the limit of " + std::to_string(ingest_.max_message_bytes) +
                 ": kept verbatim, not parsed; a person must read it"});
        job->work.c.state = model::CaseState::kNeedsReview;
        job->failed = job->done = true;
      } else {
        pool_.Submit(job.get());
      }
      batch.push_back(std::move(job));
    }
    return batch;
  }

  void StoreBatch(std::vector<std::unique_ptr<Job>>& batch) {
    Status group = store_.BeginGroup();
    std::vector<Job*> stored;  // durable once the group commits: then committed to the source
    for (auto& job : batch) {
      pool_.Wait(job.get());
      if (options_.log && !job->log.empty()) *options_.log << job->log;
      Ingest& work = job->work;
      Result<StageResult> result =
          group.ok() ? (job->failed ? persist_only_ : store_stages_).RunOne(work) : group;
      stats_.findings += work.c.notice.findings.size() + work.findings.size();
      if (!result.ok()) {
        ++stats_.errors;
        if (options_.log) {
          *options_.log << "not stored, left in the source: " << work.raw.source_id << ": "
                        << result.status().ToString() << "\n";
        }
        continue;
      }
      stored.push_back(job.get());
      // What is kept of a stored message until the commit: the source's key, not its text.
      job->state = work.c.state;
      work.message.reset();
      work.c = model::Case();
    }
    Status committed = group.ok() ? store_.EndGroup(true) : group;
    if (!committed.ok()) {
      // Nothing of the batch is durable: every message stays in its source for the next run.
      stats_.errors += stored.size();
      if (options_.log) *options_.log << "batch not stored: " << committed.ToString() << "\n";
      stored.clear();
    }
    for (Job* job : stored) {
      if (job->work.inserted) {
        ++stats_.new_cases;
        if (job->state == model::CaseState::kNeedsReview) ++stats_.needs_review;
      } else {
        ++stats_.duplicates;
      }
      // Only now is the case durable: the source may forget the message (Source contract).
      Status done = source_.Commit(job->work.raw);
      if (!done.ok()) {
        ++stats_.errors;
        if (options_.log) *options_.log << "commit failed: " << done.ToString() << "\n";
      }
      Report(false);
    }
    batch.clear();
  }

  void Report(bool force) {
    if (!options_.progress) return;
    const auto now = SteadyClock::now();
    if (!force && now - last_progress_ < options_.progress_interval) return;
    last_progress_ = now;
    options_.progress(stats_, SecondsSince(start_));
  }

  Source& source_;
  Store& store_;
  RunnerOptions options_;
  IngestOptions ingest_;
  WorkerPool pool_;
  Runner store_stages_;
  Runner persist_only_;
  RunStats stats_;
  bool exhausted_ = false;
  SteadyClock::time_point start_, last_progress_;
};

}  // namespace

RunStats IngestAll(Source& source, Store& store, const Clock& clock, RunnerOptions options,
                   const parsers::notice::Intake& intake, const IngestOptions& ingest) {
  return BatchIngest(source, store, clock, std::move(options), intake, ingest).Run();
}

}  // namespace dmca::pipeline
