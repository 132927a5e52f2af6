#pragma once

#include <string_view>

#include "parsers/notice/notice.h"

namespace dmca::parsers::notice {

// The sender's contact details, organisation, principal, signature and works as written in a
// notice body. Heuristic and conservative about names; thorough about e-mail addresses,
// telephone numbers and postal addresses, which the public archive must redact.
Fields ExtractFields(std::string_view text);

}  // namespace dmca::parsers::notice
