#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dmca::parsers::notice {

// One inline forward found in a body: the header block a mail client wrote under its marker
// line, and the text that follows it (the forwarded message's body).
struct InlineForward {
  std::optional<std::string> from, to, date, subject;
  std::string body;
};

// The first inline forward in `text` ("---------- Forwarded message ---------" (Gmail),
// "-----Original Message-----" (Outlook), "Begin forwarded message:" (Apple Mail),
// "-------- Forwarded Message --------" (Thunderbird), and their German, French, Spanish and
// Japanese wordings), or nullopt. "> "-quoted forwards are unquoted.
std::optional<InlineForward> FindInlineForward(std::string_view text);

}  // namespace dmca::parsers::notice
