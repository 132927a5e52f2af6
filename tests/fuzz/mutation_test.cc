// The fuzz target over its seeds and over deterministic mutations of them: every message of
// ../shared/corpus/mime, every crash a fuzzer ever found (fuzz/corpus/mail), and for each a
// few hundred broken variants (flipped bytes, cut and doubled ranges, stray boundaries, encoded
// words and headers, truncation). Any crash, hang or broken invariant fails here in every
// build, and under `make build SANITIZE=ON` as AddressSanitizer finds it.
#define BOOST_TEST_MODULE fuzz
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz/targets.h"
#include "tests/fuzz/mutate.h"

namespace dmca::fuzz {
namespace {

namespace fs = std::filesystem;

std::vector<std::pair<std::string, std::string>> Seeds() {
  std::vector<std::pair<std::string, std::string>> seeds;
  const fs::path roots[] = {fs::path(DMCA_CORPUS_DIR) / "mime",
                            fs::path(DMCA_SOURCE_DIR) / "fuzz" / "corpus" / "mail"};
  for (const auto& root : roots) {
    if (!fs::exists(root)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      const std::string ext = entry.path().extension().string();
      if (!entry.is_regular_file()) continue;
      // Messages, not the expected results and notes beside them.
      if (ext == ".xml" || ext == ".out" || ext == ".json" || ext == ".md" || ext == ".py") {
        continue;
      }
      if (entry.path().string().find("/expected/") != std::string::npos) continue;
      if (entry.path().string().find("_decoded") != std::string::npos) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::ostringstream bytes;
      bytes << in.rdbuf();
      seeds.emplace_back(fs::relative(entry.path(), root).string(), bytes.str());
    }
  }
  return seeds;
}

constexpr int kMutationsPerSeed = 200;

BOOST_AUTO_TEST_CASE(every_seed_and_its_mutations_survive) {
  const auto seeds = Seeds();
  BOOST_TEST_REQUIRE(seeds.size() >= 80u);  // the shared corpus is there
  std::mt19937 random(2049);
  std::size_t runs = 0;
  for (const auto& [name, bytes] : seeds) {
    BOOST_TEST_CHECKPOINT(name);
    BOOST_CHECK_NO_THROW(ExerciseMail(bytes));
    for (int i = 0; i < kMutationsPerSeed; ++i) {
      const std::string mutated = Mutate(bytes, random);
      BOOST_TEST_CHECKPOINT(name << " mutation " << i);
      BOOST_CHECK_NO_THROW(ExerciseMail(mutated));
      ++runs;
    }
  }
  BOOST_TEST_MESSAGE(seeds.size() << " seeds, " << runs << " mutations");
}

BOOST_AUTO_TEST_CASE(degenerate_inputs_survive) {
  BOOST_CHECK_NO_THROW(ExerciseMail(""));
  BOOST_CHECK_NO_THROW(ExerciseMail("\n"));
  BOOST_CHECK_NO_THROW(ExerciseMail(std::string(100000, '\n')));
  BOOST_CHECK_NO_THROW(ExerciseMail(std::string(100000, '-')));
  std::string nested;
  for (int i = 0; i < 500; ++i) {
    nested += "Content-Type: multipart/mixed; boundary=b" + std::to_string(i) + "\n\n--b" +
              std::to_string(i) + "\n";
  }
  BOOST_CHECK_NO_THROW(ExerciseMail(nested));
  std::string rfc822;
  for (int i = 0; i < 500; ++i) rfc822 += "Content-Type: message/rfc822\n\n";
  BOOST_CHECK_NO_THROW(ExerciseMail(rfc822));
  BOOST_CHECK_NO_THROW(ExerciseMail("Subject: " + std::string(200000, 'x') + "\n\nbody"));
}

}  // namespace
}  // namespace dmca::fuzz
