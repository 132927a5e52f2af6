// libFuzzer harness: `cmake -DDMCA_BUILD_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++`, then
// `build/fuzz/mail_fuzzer fuzz/corpus/mail ../shared/corpus/mime/*/`. A crash it finds goes into
// fuzz/corpus/mail, where the mutation test in CTest replays it for good.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/mail_target.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  dmca::fuzz::ExerciseMail(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
