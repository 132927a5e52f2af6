// libFuzzer harness; CONTRIBUTING.md "Fuzzing" says how to build and run it. A crash it finds goes
// into fuzz/corpus/mail with its fix, where the mutation test in CTest replays it for good.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/mail_target.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  dmca::fuzz::ExerciseMail(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
