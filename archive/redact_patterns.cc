// Word lists and line shapes behind the redaction rules of redact.h.

#include "archive/redact_patterns.h"

#include <algorithm>
#include <array>

#include "archive/text_util.h"

namespace dmca::archive::internal {
namespace {

constexpr std::array<std::string_view, 24> kRoleLocalParts = {
    "legal",     "copyright", "dmca",    "abuse",   "info",      "contact",
    "notices",   "notice",    "ip",      "counsel", "support",   "takedown",
    "takedowns", "rights",    "licensing", "office", "enforcement", "antipiracy",
    "anti-piracy", "piracy",  "compliance", "press", "permissions", "noreply"};

constexpr std::array<std::string_view, 20> kFreeMailDomains = {
    "gmail.com",    "googlemail.com", "yahoo.com",   "yahoo.co.uk", "hotmail.com",
    "outlook.com",  "live.com",       "msn.com",     "aol.com",     "icloud.com",
    "me.com",       "mail.ru",        "yandex.ru",   "qq.com",      "163.com",
    "gmx.de",       "gmx.net",        "web.de",      "proton.me",   "protonmail.com"};

constexpr std::array<std::string_view, 44> kOrgWords = {
    "inc",      "inc.",      "llc",         "l.l.c.",     "ltd",        "ltd.",
    "limited",  "gmbh",      "ag",          "corp",       "corp.",      "corporation",
    "company",  "co.",       "plc",         "s.a.",       "sa",         "s.l.",
    "srl",      "s.r.l.",    "bv",          "b.v.",       "nv",         "llp",
    "pllc",     "p.c.",      "k.k.",        "studios",    "studio",     "pictures",
    "records",  "entertainment", "media",   "group",      "foundation", "association",
    "agency",   "university", "publishing", "publishers", "press",      "partners",
    "associates", "legal"};

constexpr std::array<std::string_view, 16> kPhoneLabels = {
    "phone", "telephone", "tel", "tel.", "fax", "mobile", "cell", "mob",
    "tél",   "telefon",   "teléfono", "telefono", "téléphone", "handy", "電話", "телефон"};

constexpr std::array<std::string_view, 19> kAddressLabels = {
    "address",        "street address", "mailing address", "postal address",
    "street",         "city",           "zip",             "zip code",
    "postal code",    "postcode",       "city, state, and zip", "city, state and zip",
    "city/state/zip", "adresse",        "anschrift",       "dirección",
    "direccion",      "indirizzo",      "住所"};

constexpr std::array<std::string_view, 8> kSignatureLabels = {
    "signature", "signed", "electronic signature", "digital signature",
    "firma",     "unterschrift", "signé", "署名"};

constexpr std::array<std::string_view, 40> kClosings = {
    "sincerely",        "sincerely yours",   "yours sincerely",    "regards",
    "best regards",     "kind regards",      "warm regards",       "warmest regards",
    "best",             "best wishes",       "respectfully",       "respectfully submitted",
    "respectfully yours", "yours truly",     "very truly yours",   "truly yours",
    "truthfully",       "thank you",         "thanks",             "many thanks",
    "cordially",        "yours faithfully",  "faithfully",         "mit freundlichen grüßen",
    "mit freundlichen grüssen", "freundliche grüße", "viele grüße", "cordialement",
    "bien cordialement", "salutations",      "atentamente",        "saludos",
    "saludos cordiales", "distinti saluti",  "cordiali saluti",    "с уважением",
    "敬具",              "此致",             "signed",             "thank you for your attention"};

// Street types after the house number ("123 Main Street") and street words that carry the
// number after them ("Hauptstraße 5", "Via Roma 10").
constexpr std::array<std::string_view, 44> kStreetTypes = {
    "street", "st",     "avenue",  "ave",     "road",    "rd",       "boulevard", "blvd",
    "lane",   "ln",     "drive",   "dr",      "way",     "court",    "ct",        "place",
    "pl",     "terrace", "parkway", "pkwy",   "highway", "hwy",      "square",    "sq",
    "circle", "cir",    "trail",   "suite",   "ste",     "rue",      "avenida",   "calle",
    "via",    "strasse", "straße", "str",     "weg",     "gasse",    "platz",     "allee",
    "plaza",  "crescent", "close", "row"};

constexpr std::array<std::string_view, 62> kUsStates = {
    "al", "ak", "az", "ar", "ca", "co", "ct", "de", "fl", "ga", "hi", "id", "il", "in", "ia",
    "ks", "ky", "la", "me", "md", "ma", "mi", "mn", "ms", "mo", "mt", "ne", "nv", "nh", "nj",
    "nm", "ny", "nc", "nd", "oh", "ok", "or", "pa", "ri", "sc", "sd", "tn", "tx", "ut", "vt",
    "va", "wa", "wv", "wi", "wy", "dc", "pr", "california", "new york", "texas", "florida",
    "washington", "illinois", "massachusetts", "pennsylvania", "georgia", "virginia"};

template <std::size_t N>
bool InList(const std::array<std::string_view, N>& list, std::string_view word) {
  const std::string lower = AsciiLower(word);
  return std::find(list.begin(), list.end(), lower) != list.end();
}

}  // namespace

bool IsRoleLocalPart(std::string_view local) { return InList(kRoleLocalParts, local); }
bool IsFreeMailDomain(std::string_view domain) { return InList(kFreeMailDomains, domain); }
bool IsOrganisationWord(std::string_view word) { return InList(kOrgWords, word); }
bool IsAddressLabel(std::string_view label) { return InList(kAddressLabels, label); }
bool IsSignatureLabel(std::string_view label) { return InList(kSignatureLabels, label); }
bool IsClosing(std::string_view line) { return InList(kClosings, line); }
bool IsStreetType(std::string_view word) { return InList(kStreetTypes, word); }

bool HasPhoneLabel(std::string_view lower_line_prefix) {
  for (std::string_view label : kPhoneLabels) {
    const auto p = lower_line_prefix.find(label);
    if (p != std::string_view::npos && (p == 0 || !IsAsciiAlpha(lower_line_prefix[p - 1]))) {
      return true;
    }
  }
  return false;
}

bool IsHouseNumber(std::string_view word) {
  std::string w(word);
  if (!w.empty() && w.back() == ',') w.pop_back();
  if (w.empty() || w.size() > 7 || !IsAsciiDigit(w[0])) return false;
  std::size_t digits = 0;
  for (char c : w) {
    if (IsAsciiDigit(c)) {
      ++digits;
    } else if (!(IsAsciiAlpha(c) || c == '-')) {
      return false;
    }
  }
  return digits <= 6 && !(w.size() > 2 && (w.ends_with("th") || w.ends_with("st") ||
                                             w.ends_with("nd") || w.ends_with("rd")));
}

bool IsUsCityLine(const std::string& content) {
  // ..., <state> <5 digits>[-4 digits] at the end of the line.
  std::string s = content;
  // "Springfield, IL 62701, United States": the country after the ZIP code.
  for (std::string_view country : {", united states of america", ", united states", ", usa",
                                   ", u.s.a.", ", u.s.a", ", us"}) {
    if (s.size() > country.size() &&
        AsciiLower(std::string_view(s).substr(s.size() - country.size())) == country) {
      s.resize(s.size() - country.size());
      break;
    }
  }
  while (!s.empty() && (s.back() == '.' || s.back() == ' ')) s.pop_back();
  std::size_t end = s.size();
  std::size_t p = end;
  while (p > 0 && (IsAsciiDigit(s[p - 1]) || s[p - 1] == '-')) --p;
  const std::string zip = s.substr(p);
  if (!(zip.size() == 5 || zip.size() == 10) || !IsAsciiDigit(zip[0])) return false;
  if (p == 0 || s[p - 1] != ' ') return false;
  const auto comma = s.rfind(',', p);
  if (comma == std::string::npos) return false;
  std::string state = Trim(std::string_view(s).substr(comma + 1, p - comma - 1));
  if (!state.empty() && state.back() == '.') state.pop_back();
  std::string compact;
  for (char c : state) {
    if (c != '.') compact += c;
  }
  return InList(kUsStates, compact);
}

bool IsEuropeanPostcodeLine(const std::string& content) {
  if (content.size() > 40) return false;
  std::size_t p = 0;
  if (content.size() > 2 && IsAsciiUpper(content[0]) && content[1] == '-') p = 2;
  std::size_t digits = 0;
  while (p < content.size() && IsAsciiDigit(content[p])) {
    ++p;
    ++digits;
  }
  if (digits < 4 || digits > 5 || p + 2 >= content.size() || content[p] != ' ') return false;
  const unsigned char first = static_cast<unsigned char>(content[p + 1]);
  return (IsAsciiUpper(content[p + 1]) || first >= 0x80) &&
         content.find_first_of("0123456789", p) == std::string::npos;
}

bool IsUkPostcodeLine(const std::string& content) {
  // Outward code (A9, A99, AA9, AA99, A9A, AA9A), a space, inward code (9AA), at line end.
  if (content.size() > 50) return false;
  std::string s = content;
  while (!s.empty() && (s.back() == '.' || s.back() == ' ')) s.pop_back();
  if (s.size() < 6) return false;
  const std::string inward = s.substr(s.size() - 3);
  if (!IsAsciiDigit(inward[0]) || !IsAsciiUpper(inward[1]) || !IsAsciiUpper(inward[2])) {
    return false;
  }
  if (s[s.size() - 4] != ' ') return false;
  const auto space = s.rfind(' ', s.size() - 5);
  const std::string outward =
      s.substr(space == std::string::npos ? 0 : space + 1, s.size() - 4 - (space == std::string::npos ? 0 : space + 1));
  if (outward.size() < 2 || outward.size() > 4 || !IsAsciiUpper(outward[0])) return false;
  bool digit = false;
  for (char c : outward) {
    if (IsAsciiDigit(c)) digit = true;
    else if (!IsAsciiUpper(c)) return false;
  }
  return digit;
}

}  // namespace dmca::archive::internal
