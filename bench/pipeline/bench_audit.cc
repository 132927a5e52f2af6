// The cost of one audit append (one transaction with a durable commit, as every decision makes)
// and of verifying the whole trail.
//   bench_pipeline_audit (STORE.db | --postgres URL) [APPENDS]
// STORE.db should not exist yet. APPENDS defaults to 1000.
#include <chrono>
#include <cstring>
#include <iomanip>
#include <iostream>
#include <string>

#include "pipeline/store/store.h"

int main(int argc, char** argv) {
  using namespace dmca::pipeline;  // NOLINT: a benchmark's main
  using Clock = std::chrono::steady_clock;
  if (argc < 2 || (std::strcmp(argv[1], "--postgres") == 0 && argc < 3)) {
    std::cerr << "usage: bench_pipeline_audit (STORE.db | --postgres URL) [APPENDS]\n";
    return 2;
  }
  const bool postgres = std::strcmp(argv[1], "--postgres") == 0;
  const int first_count_arg = postgres ? 3 : 2;
  const int appends = argc > first_count_arg ? std::stoi(argv[first_count_arg]) : 1000;
  StoreOptions options;
  if (postgres) {
    options.postgres_url = argv[2];
  } else {
    options.sqlite_path = argv[1];
  }
  auto store = OpenStore(options);
  if (!store.ok()) {
    std::cerr << store.status().ToString() << "\n";
    return 1;
  }
  dmca::model::Case c;
  c.raw = "From: bench@example.org\r\n\r\naudit bench";
  c.raw_sha256 = "bench-" + std::to_string(Clock::now().time_since_epoch().count());
  c.source = "bench";
  auto inserted = (*store)->Insert(c);
  if (!inserted.ok()) {
    std::cerr << inserted.status().ToString() << "\n";
    return 1;
  }
  const auto start = Clock::now();
  for (int i = 0; i < appends; ++i) {
    const dmca::Status status =
        (*store)->AppendAudit(inserted->id, {"", "bench", "noted", "append " + std::to_string(i)});
    if (!status.ok()) {
      std::cerr << status.ToString() << "\n";
      return 1;
    }
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::cout << std::fixed << std::setprecision(1) << (*store)->Describe() << ": " << appends
            << " appends in " << seconds << " s = " << seconds * 1e6 / appends
            << " us per append\n";
  const auto verify_start = Clock::now();
  auto check = (*store)->VerifyAudit();
  const double verify_seconds = std::chrono::duration<double>(Clock::now() - verify_start).count();
  if (!check.ok()) {
    std::cerr << check.status().ToString() << "\n";
    return 1;
  }
  std::cout << "verify: " << check->entries << " entries in " << std::setprecision(3)
            << verify_seconds << " s" << (check->ok ? ", intact" : ", BROKEN: " + check->reason)
            << "\n";
  return check->ok ? 0 : 1;
}
