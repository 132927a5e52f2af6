#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/base/finding.h"
#include "parsers/mime/message.h"

namespace dmca::parsers::mime {

// "type/subtype; a=b; c*0*=utf-8''x; c*1=y" (RFC 2045 §5.1, RFC 2231): lower-case type and
// subtype ("text/plain" when unreadable), parameters with continuations joined and charsets
// converted, RFC 2047 words in quoted values decoded (a common violation).
ContentType ParseContentType(std::string_view value, Findings* findings, std::string_view where);

// The disposition token and parameters of a Content-Disposition value (RFC 2183).
struct Disposition {
  std::string type;  // lower case; empty when absent
  std::vector<std::pair<std::string, std::string>> params;
};
Disposition ParseDisposition(std::string_view value, Findings* findings, std::string_view where);

std::string AsciiLower(std::string_view s);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
std::string_view TrimWhitespace(std::string_view s);

}  // namespace dmca::parsers::mime
