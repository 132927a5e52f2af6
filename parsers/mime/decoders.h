#pragma once

#include <string>
#include <string_view>

#include "parsers/base/finding.h"

namespace dmca::parsers::mime {

// RFC 2045 §6.8. Forgiving: bytes outside the alphabet are skipped, missing padding is
// tolerated; both are reported once as "mime.base64_invalid".
std::string DecodeBase64(std::string_view in, Findings* findings, std::string_view where);

// RFC 2045 §6.7, with soft line breaks; lower-case hex is accepted, an invalid "=" sequence is
// kept literally and reported ("mime.qp_invalid"). `header` selects RFC 2047's Q ("_" = space).
std::string DecodeQuotedPrintable(std::string_view in, Findings* findings, std::string_view where,
                                  bool header = false);

// The uuencoded data between "begin MODE NAME" and "end" (or the whole input when there is no
// begin line).
std::string DecodeUuencode(std::string_view in, Findings* findings, std::string_view where);

}  // namespace dmca::parsers::mime
