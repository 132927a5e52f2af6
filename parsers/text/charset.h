#pragma once

#include <string>
#include <string_view>

#include "parsers/base/finding.h"

namespace dmca::parsers::text {

// Converts `bytes` declared as `charset` (any name or alias ICU knows: ISO-2022-JP, Shift_JIS,
// GB18030, KOI8-R, windows-125x, UTF-16...) to UTF-8 in Unicode NFC. Never fails: invalid
// sequences become U+FFFD and one "charset.invalid_bytes" finding; an unknown charset is read
// as UTF-8 if valid, else windows-1252, with a "charset.unknown" finding. An empty charset
// means us-ascii with 8-bit bytes tolerated (as UTF-8, else windows-1252). `where` names the
// part or header in findings. `findings` may be null.
std::string ToUtf8(std::string_view bytes, std::string_view charset, Findings* findings,
                   std::string_view where = {});

// NFC-normalizes UTF-8 text (invalid UTF-8 is repaired to U+FFFD first).
std::string NormalizeNfc(std::string_view utf8);

// True when `bytes` is well-formed UTF-8.
bool IsValidUtf8(std::string_view bytes);

}  // namespace dmca::parsers::text
