// Understands a generated takedown notice naming N URLs (default one million: such notices
// exist) and prints the time, the targets found and the peak memory.
// Usage: bench_notice [N]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "parsers/notice/understand.h"

int main(int argc, char** argv) {
  const long count = argc > 1 ? std::stol(argv[1]) : 1'000'000;
  std::string text =
      "Dear Wikimedia Foundation,\n\nWe represent Example Records LLC, owner of the copyright "
      "in the recordings listed below. The following files infringe it:\n\n";
  for (long i = 0; i < count; ++i) {
    text += (i % 3 == 0)   ? "https://commons.wikimedia.org/wiki/File:Example_recording_"
            : (i % 3 == 1) ? "https://upload.wikimedia.org/wikipedia/commons/a/ab/Track_"
                           : "https://en.m.wikipedia.org/wiki/Datei:Cover_";
    text += std::to_string(i) + ".ogg\n";
  }
  text +=
      "\nWe have a good faith belief that this use is not authorized by the copyright owner, its "
      "agent, or the law. The information in this notice is accurate, and under penalty of "
      "perjury, we are authorized to act on behalf of the owner.\n\nSincerely,\nExample Records "
      "LLC\nlegal@records.example\n";
  const auto start = std::chrono::steady_clock::now();
  const auto notice = dmca::parsers::notice::UnderstandText(text);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::size_t in_scope = 0;
  for (const auto& t : notice.targets) in_scope += t.in_scope;
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("urls %ld, text %.1f MB, targets %zu (%zu in scope), complete %s, %.2f s, "
              "peak RSS %ld MB\n",
              count, static_cast<double>(text.size()) / 1048576.0, notice.targets.size(),
              in_scope, notice.analysis.complete ? "yes" : "no", seconds,
              usage.ru_maxrss / 1024);
  return 0;
}
