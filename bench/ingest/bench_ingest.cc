// Messages per second from a Maildir to durably committed cases, through IngestAll (what
// `dmca ingest` runs), with the time of each stage summed over the workers.
//   bench_ingest MAILDIR STORE.db [WORKERS [BATCH]]
#include <cstdlib>
#include <iomanip>
#include <iostream>

#include "pipeline/ingest/stages.h"
#include "pipeline/sources/file_sources.h"

int main(int argc, char** argv) {
  using namespace dmca::pipeline;  // NOLINT: a benchmark's main
  if (argc < 3) {
    std::cerr << "usage: bench_ingest MAILDIR STORE.db [WORKERS [BATCH]]\n";
    return 2;
  }
  IngestOptions ingest;
  if (argc > 3) ingest.workers = std::strtoul(argv[3], nullptr, 10);
  if (argc > 4) ingest.batch_messages = std::strtoul(argv[4], nullptr, 10);
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
  const RunStats stats = IngestAll(**source, **store, clock, runner_options, {}, ingest);
  std::cout << std::fixed << std::setprecision(1) << "read " << stats.read << ", new "
            << stats.new_cases << ", errors " << stats.errors << " in " << stats.seconds
            << " s = " << (stats.seconds > 0 ? stats.read / stats.seconds : 0) << " messages/s\n";
  return stats.status.ok() && stats.errors == 0 ? 0 : 1;
}
