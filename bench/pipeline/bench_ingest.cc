// Messages per second from a Maildir to committed cases.
//   bench_pipeline_ingest MAILDIR STORE.db [--store-only]
// Reads MAILDIR/new (generate_maildir.py fills it), stores each case durably (SQLite,
// synchronous=FULL) and moves it to cur/, as `dmca ingest` does: the full mode is IngestAll (group
// commit, the stages that need no store on the workers). --store-only skips parsing and
// understanding (hash, dedupe, persist, one commit per case): the store's ceiling.
#include <cstring>
#include <iomanip>
#include <iostream>

#include "pipeline/ingest/stages.h"
#include "pipeline/runner/runner.h"
#include "pipeline/sources/file_sources.h"

namespace dmca::pipeline {
std::vector<std::unique_ptr<Stage>> BenchStages(Store& store, const Clock& clock, bool store_only);
}

int main(int argc, char** argv) {
  using namespace dmca::pipeline;  // NOLINT: a benchmark's main
  if (argc < 3) {
    std::cerr << "usage: bench_pipeline_ingest MAILDIR STORE.db [--store-only]\n";
    return 2;
  }
  const bool store_only = argc > 3 && std::strcmp(argv[3], "--store-only") == 0;
  StoreOptions options;
  options.sqlite_path = argv[2];
  auto store = OpenStore(options);
  if (!store.ok()) {
    std::cerr << store.status().ToString() << "\n";
    return 1;
  }
  auto source = OpenSource(argv[1]);
  if (!source.ok()) {
    std::cerr << source.status().ToString() << "\n";
    return 1;
  }
  SystemClock clock;
  RunnerOptions runner_options;
  runner_options.log = &std::cerr;
  Runner runner(BenchStages(**store, clock, store_only), runner_options);
  const RunStats stats =
      store_only ? runner.Run(**source) : IngestAll(**source, **store, clock, runner_options);
  std::cout << std::fixed << std::setprecision(1) << (store_only ? "store-only" : "full")
            << ": read " << stats.read << ", new " << stats.new_cases << ", duplicates "
            << stats.duplicates << ", needs_review " << stats.needs_review << ", errors "
            << stats.errors << " in " << stats.seconds
            << " s = " << (stats.seconds > 0 ? stats.read / stats.seconds : 0) << " messages/s\n";
  return stats.status.ok() && stats.errors == 0 ? 0 : 1;
}
