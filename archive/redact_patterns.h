#pragma once

// The word lists and line shapes behind redact.h's rules; internal to archive/.

#include <string>
#include <string_view>

namespace dmca::archive::internal {

// Case-insensitive (ASCII) membership in the lists of redact_patterns.cc.
bool IsRoleLocalPart(std::string_view local);     // "legal", "dmca", "copyright", ...
bool IsFreeMailDomain(std::string_view domain);   // "gmail.com", ...
bool IsOrganisationWord(std::string_view word);   // "LLC", "GmbH", "Studios", ...
bool IsAddressLabel(std::string_view label);      // "Address", "City, State, and Zip", ...
bool IsSignatureLabel(std::string_view label);    // "Signature", "Signed", ...
bool IsClosing(std::string_view line);            // "Sincerely", "Mit freundlichen Grüßen", ...
bool IsStreetType(std::string_view word);         // "Street", "Ave", "rue", ...
// A phone label ("Tel", "Phone", "Fax", ...) as a word in the lower-cased text before a number.
bool HasPhoneLabel(std::string_view lower_line_prefix);

bool IsHouseNumber(std::string_view word);                  // "123", "221B", "12-14"
bool IsUsCityLine(const std::string& content);             // "Springfield, IL 62701"
bool IsEuropeanPostcodeLine(const std::string& content);   // "75001 Paris", "D-10115 Berlin"
bool IsUkPostcodeLine(const std::string& content);         // "London SW1A 1AA"

}  // namespace dmca::archive::internal
