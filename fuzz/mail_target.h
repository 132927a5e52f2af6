#pragma once

#include <string_view>

namespace dmca::fuzz {

// Everything the pipeline does with the bytes of an untrusted message, in one call: parse it,
// walk every entity, decode every body, header and file name, convert every text part, split the
// bytes as an mbox in uneven chunks and understand the notice. Checks what must hold for any
// input (at least one leaf, text in valid UTF-8, an mbox split inventing no bytes); a violation
// aborts, so that a fuzzer reports it. Shared by the libFuzzer harness (mail_fuzzer.cc) and the
// mutation test that runs in CTest (tests/fuzz/mutation_test.cc).
void ExerciseMail(std::string_view bytes);

}  // namespace dmca::fuzz
