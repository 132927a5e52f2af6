// The libFuzzer harness of every target, built once per target with DMCA_FUZZ_TARGET naming it
// (fuzz/CMakeLists.txt). CONTRIBUTING.md "Fuzzing" says how to run one; a crash it finds goes
// into fuzz/corpus/<target>/ with its fix, where tests/fuzz replays it in every build.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const dmca::fuzz::Target* const target = dmca::fuzz::FindTarget(DMCA_FUZZ_TARGET);
  dmca::fuzz::Require(target != nullptr, "the harness names a known target");
  target->run(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
