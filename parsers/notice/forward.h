#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dmca::parsers::notice {

// One inline forward found in a body: the header block a mail client wrote under its marker
// line, and the text that follows it (the forwarded message's body).
struct InlineForward {
  std::optional<std::string> from, to, cc, date, subject;
  std::string body;
};

// The first inline forward in `text`, or nullopt. Found under a marker line
// ("---------- Forwarded message ---------" (Gmail), "-----Original Message-----" and the
// "________________________________" rule (Outlook), "Begin forwarded message:" (Apple Mail),
// "-------- Forwarded Message --------" (Thunderbird), and their German, French, Spanish and
// Japanese wordings), or as a bare block of at least three header lines starting with the
// sender's (what Outlook's HTML `divRplyFwdMsg` leaves once made text). "> "-quoted forwards are
// unquoted; a header line the client wrapped is joined again; "Name [mailto:address]" becomes
// "Name <address>". Needs a sender line: a block without one is not taken for a forward.
std::optional<InlineForward> FindInlineForward(std::string_view text);

// A quotation under an attribution line, as Outlook for Mac forwards and every client replies:
// "On 28/10/2021 12:46, "Jane" <jane@example.org> wrote:" (and "Le … a écrit :", "Am …
// schrieb …:", "El … escribió:"), then the message, indented or "> "-quoted. Gives the sender,
// the date as written and the unquoted text; no subject. Only staff messages are read so
// (understand.cc): a sender quoting someone is not forwarding that person's notice.
std::optional<InlineForward> FindAttributedQuote(std::string_view text);

// A header block at the very start of `text`, as in the text file Outlook saves a message to
// ("From:<TAB>Name", "Sent:<TAB>Monday, …", "To:", "Subject:", blank line, body), or nullopt.
std::optional<InlineForward> HeaderBlockAtStart(std::string_view text);

// `value` of a From/To line in one form: "Name <address>" or "address", with "[mailto:…]",
// "<mailto:…>" and a repeated "address <address>" folded; other text unchanged.
std::string NormalizeAddressLine(std::string_view value);

// The first e-mail address in `text` (without "mailto:"), or "".
std::string FirstAddress(std::string_view text);

}  // namespace dmca::parsers::notice
