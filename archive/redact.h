#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "parsers/notice/understand.h"

namespace dmca::archive {

// Redaction of public copies (DOMAIN.md "Redaction of public copies"): a public copy never
// shows a natural person's e-mail address, telephone number, street or postal address or
// signature; it keeps organisations' names, the claims and the affected URLs.
//
// The rule, applied to notice text and to header values alike:
//  * Known personal data is redacted wherever it occurs: the sender's e-mail addresses,
//    telephone numbers, postal addresses (whole and line by line), the signing line and the
//    sender's personal name (Fields.sender.name; never the organisation).
//  * Detected by pattern, whoever they belong to:
//    - every e-mail address, except a role address (legal@, copyright@, dmca@, ...) at a
//      domain that is not a free-mail provider: such an address names an office, not a
//      person. When in doubt (a personal-looking local part, gmail.com...) it is redacted;
//    - telephone numbers in international (+CC ...) and US/European forms ((555) 555-0100,
//      555-555-0100, 020 7946 0958, 01 23 45 67 89), and any digit run after a phone label;
//    - street lines (a house number with a street type, "Hauptstraße 5", "P.O. Box 12"),
//      city/ZIP lines ("Springfield, IL 62701"), postcode lines ("75001 Paris", "SW1A 1AA")
//      and the values of address labels ("Address:", "City, State, and Zip:");
//    - signatures: the text after "/s/", the value of a "Signature:" label, the typed name
//      on the line after a closing ("Sincerely,\nJane Doe") unless it is an organisation.
//  * Business addresses are redacted too: the text cannot tell a sole trader's home from an
//    office, and a wrong redaction costs less than a disclosed home address.
//  * Never touched: URLs (every http(s)://, www. or host/path token stays byte for byte, so
//    digits in URLs are never taken for phone numbers), and the names of the sender's
//    organisation and of the principal, which survive even inside a redacted line.
// Each redacted stretch becomes one `marker`. Pure and deterministic; never fails.
struct RedactionOptions {
  std::string marker = "[redacted]";
  // Staff's decisions (`dmca redactions ID`): spans redacted wherever they occur (any case),
  // and spans kept public like an organisation's name.
  std::vector<std::string> redact;
  std::vector<std::string> keep;
};

std::string Redact(std::string_view text, const parsers::notice::Notice& notice,
                   const RedactionOptions& options = {});

// A header value (From, To, Cc, Subject): the rules above, plus a mailbox's display name is
// redacted unless it is an organisation ("Example Studios <legal@studio.example>" stays,
// "Jane Doe <jane@mail.example>" becomes "[redacted] <[redacted]>").
std::string RedactHeader(std::string_view value, const parsers::notice::Notice& notice,
                         const RedactionOptions& options = {});

// What Redact (header: RedactHeader) takes out of `text`, span by span in text order, with the
// rule that found each: what staff review before publishing.
struct RedactedSpan {
  std::string text;
  std::string reason;  // "e-mail address", "telephone number", "staff: redact", ...
};
std::vector<RedactedSpan> RedactionSpans(std::string_view text,
                                         const parsers::notice::Notice& notice,
                                         const RedactionOptions& options = {},
                                         bool header = false);

// True for an address that names an office rather than a person (see above).
bool IsRoleAddress(std::string_view email);

// True when `text` reads as an organisation's name ("Example Studios LLC", "ACME GmbH").
bool LooksLikeOrganisation(std::string_view text);

}  // namespace dmca::archive
