#pragma once

#include <cstddef>
#include <string_view>

namespace dmca::parsers::mime {

// The offset of the first "\n" in `text` that is followed by `first` or `second`, or npos.
// The last byte is never reported, since what follows it is unknown. Mail bodies are long runs
// of lines that matter to nobody; this skips them 16 bytes at a time (SSE2, where there is
// SSE2) instead of a line at a time.
std::size_t FindLineStartingWith(std::string_view text, char first, char second);

}  // namespace dmca::parsers::mime
