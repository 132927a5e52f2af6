// Every fuzz target's seed corpus (fuzz/corpus/<target>/), and every crash a fuzzer found there,
// replayed through the same entry function the libFuzzer harness calls, built without libFuzzer:
// the regression half of fuzzing, in every build (and under SANITIZE=ON, where AddressSanitizer
// and UBSan watch). A few deterministic mutations of each seed explore a little further.
#define BOOST_TEST_MODULE fuzz_corpora
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <cstdlib>
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

std::vector<std::pair<std::string, std::string>> Corpus(std::string_view target) {
  std::vector<std::pair<std::string, std::string>> seeds;
  const fs::path dir = fs::path(DMCA_SOURCE_DIR) / "fuzz" / "corpus" / std::string(target);
  if (!fs::exists(dir)) return seeds;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (!entry.is_regular_file() || entry.path().filename() == "README.md") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    seeds.emplace_back(entry.path().filename().string(), bytes.str());
  }
  std::sort(seeds.begin(), seeds.end());
  return seeds;
}

std::vector<std::string> TargetNames() {
  std::vector<std::string> names;
  for (const Target& target : Targets()) names.emplace_back(target.name);
  return names;
}

// With DMCA_FUZZ_LAST=FILE each input is written there before it runs: after an abort, FILE is
// the input to add to the corpus as a regression.
void Run(const Target& target, const std::string& bytes) {
  static const char* const last = std::getenv("DMCA_FUZZ_LAST");
  if (last) std::ofstream(last, std::ios::binary | std::ios::trunc) << bytes;
  target.run(bytes);
}

// The network targets open a connection per run: fewer mutations keep the test quick.
int MutationsFor(std::string_view target) {
  return target == "imap" || target == "pop3" ? 8 : 50;
}

BOOST_DATA_TEST_CASE(every_seed_of_every_target_survives, boost::unit_test::data::make(TargetNames()),
                     name) {
  const Target* target = FindTarget(name);
  BOOST_TEST_REQUIRE(target != nullptr);
  const auto seeds = Corpus(name);
  // The mail target's seeds are mostly the shared corpus (tests/fuzz/mutation_test.cc).
  BOOST_TEST_REQUIRE(seeds.size() >= (name == "mail" ? 0u : 3u), name << " has a seed corpus");
  std::mt19937 random(1307);
  std::size_t runs = 0;
  for (const auto& [file, bytes] : seeds) {
    BOOST_TEST_CHECKPOINT(name << "/" << file);
    Run(*target, bytes);
    for (int i = 0; i < MutationsFor(name); ++i) {
      const std::string mutated = Mutate(bytes, random);
      BOOST_TEST_CHECKPOINT(name << "/" << file << " mutation " << i);
      Run(*target, mutated);
      ++runs;
    }
  }
  Run(*target, "");
  BOOST_TEST_MESSAGE(name << ": " << seeds.size() << " seeds, " << runs << " mutations");
}

BOOST_AUTO_TEST_CASE(every_target_has_a_corpus_folder) {
  for (const Target& target : Targets()) {
    BOOST_TEST(fs::is_directory(fs::path(DMCA_SOURCE_DIR) / "fuzz" / "corpus" /
                                std::string(target.name)),
               target.name);
  }
}

}  // namespace
}  // namespace dmca::fuzz
