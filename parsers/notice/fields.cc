#include "parsers/notice/fields.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace dmca::parsers::notice {
namespace {

constexpr auto npos = std::string_view::npos;

bool IsEmailChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || std::strchr("._%+-", c) != nullptr;
}

void AddUnique(std::vector<std::string>& list, std::string value) {
  if (value.empty()) return;
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(std::move(value));
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::strchr(" \t\r\n*>", s.front())) s.remove_prefix(1);
  while (!s.empty() && std::strchr(" \t\r\n*,", s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == npos) end = text.size();
    lines.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return lines;
}

bool InsideUrl(std::string_view text, std::size_t pos) {
  std::size_t b = pos;
  while (b > 0 && !std::isspace(static_cast<unsigned char>(text[b - 1])) && text[b - 1] != '<' &&
         text[b - 1] != '(') {
    --b;
  }
  const std::string_view token = text.substr(b, pos - b);
  return token.find("://") != npos || token.find("www.") != npos || token.find('/') != npos;
}

void FindEmails(std::string_view text, Fields& f) {
  for (std::size_t at = text.find('@'); at != npos; at = text.find('@', at + 1)) {
    std::size_t b = at;
    while (b > 0 && IsEmailChar(text[b - 1])) --b;
    std::size_t e = at + 1;
    while (e < text.size() && IsEmailChar(text[e])) ++e;
    while (e > at + 1 && (text[e - 1] == '.' || text[e - 1] == '-')) --e;
    const std::string_view domain = text.substr(at + 1, e - at - 1);
    if (b == at || domain.find('.') == npos || InsideUrl(text, b)) continue;
    // The service provider's own addresses are where the notice went, not the sender's.
    std::string lower_domain(domain);
    for (char& c : lower_domain) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower_domain == "github.com" || lower_domain == "wikimedia.org" ||
        lower_domain == "wikipedia.org") {
      continue;
    }
    AddUnique(f.sender.emails, std::string(text.substr(b, e - b)));
  }
}

// Telephone numbers: 7 to 15 digits with the usual separators, not inside a URL or a date.
void FindPhones(std::string_view text, Fields& f) {
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '+' || c == '(')) {
      ++i;
      continue;
    }
    if (i > 0 && (std::isalnum(static_cast<unsigned char>(text[i - 1])) || text[i - 1] == '/' ||
                  text[i - 1] == '=' || text[i - 1] == '.' || text[i - 1] == '-')) {
      ++i;
      continue;
    }
    std::size_t j = i;
    int digits = 0;
    while (j < text.size() && (std::isdigit(static_cast<unsigned char>(text[j])) ||
                               std::strchr(" -.()+/", text[j]) != nullptr) &&
           text[j] != '\n') {
      if (std::isdigit(static_cast<unsigned char>(text[j]))) ++digits;
      ++j;
    }
    while (j > i && !std::isdigit(static_cast<unsigned char>(text[j - 1]))) --j;
    const std::string_view candidate = text.substr(i, j - i);
    const bool separated = candidate.find_first_of(" -.()") != npos || candidate[0] == '+';
    const bool date_like = candidate.size() == 10 && candidate[4] == '-' && candidate[7] == '-';
    if (digits >= 7 && digits <= 15 && separated && !date_like && !InsideUrl(text, i) &&
        (j >= text.size() || !std::isalpha(static_cast<unsigned char>(text[j])))) {
      AddUnique(f.sender.phones, std::string(candidate));
    }
    i = std::max(j, i + 1);
  }
}

bool HasStreetWord(std::string_view lower) {
  static constexpr const char* kStreet[] = {
      " street", " st.", " st ", " avenue", " ave", " road", " rd", " boulevard", " blvd",
      " lane", " ln", " drive", " dr.", " way", " court", " ct", " place", " pl.", " suite",
      " floor", " square", " parkway", " highway", "straße", "strasse", " str.", " rue ",
      " calle ", " avenida ", " piazza ", " via ", "p.o. box", "po box"};
  for (const char* word : kStreet) {
    const std::size_t at = lower.find(word);
    if (at == npos) continue;
    const std::size_t after = at + std::strlen(word);
    if (after >= lower.size() || !std::isalpha(static_cast<unsigned char>(lower[after])) ||
        word[std::strlen(word) - 1] == ' ' || word[std::strlen(word) - 1] == '.') {
      return true;
    }
  }
  return false;
}

// "Springfield, IL 62701", "San Francisco, CA  94105-1126", "10115 Berlin", "75002 Paris".
bool IsCityLine(std::string_view line) {
  const std::size_t comma = line.find(',');
  if (comma != npos) {
    std::string_view rest = Trim(line.substr(comma + 1));
    if (rest.size() >= 8 && std::isupper(static_cast<unsigned char>(rest[0])) &&
        std::isupper(static_cast<unsigned char>(rest[1])) && rest[2] == ' ') {
      rest = Trim(rest.substr(3));
      return rest.size() >= 5 && std::all_of(rest.begin(), rest.begin() + 5, ::isdigit);
    }
  }
  if (line.size() >= 7 && std::all_of(line.begin(), line.begin() + 5, ::isdigit) &&
      line[5] == ' ' && std::isupper(static_cast<unsigned char>(line[6]))) {
    return line.size() < 40;
  }
  return false;
}

bool IsStreetLine(std::string_view line) {
  if (line.empty() || line.size() > 80 || line.find("://") != npos) return false;
  std::string lower(line);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const bool number = std::isdigit(static_cast<unsigned char>(line[0])) ||
                      std::any_of(line.begin(), line.end(), ::isdigit);
  return number && HasStreetWord(" " + lower + " ");
}

bool LooksLikeName(std::string_view line) {
  line = Trim(line);
  if (line.size() < 3 || line.size() > 60) return false;
  int words = 0;
  bool word_start = true;
  for (char c : line) {
    if (c == ' ') {
      word_start = true;
      continue;
    }
    if (word_start) {
      ++words;
      if (!std::isupper(static_cast<unsigned char>(c)) && static_cast<unsigned char>(c) < 0x80) {
        return false;
      }
    }
    word_start = false;
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '@' || c == ':' || c == '/') return false;
  }
  return words >= 2 && words <= 5;
}

bool IsOrganisation(std::string_view text) {
  static constexpr const char* kMarkers[] = {
      " llc", " inc", " ltd", " gmbh", " llp", " corp", " corporation", " company", " co.",
      " s.a.", " ag", " plc", " limited", " studios", " pictures", " records", " publishing",
      " university", " foundation", " association", " b.v.", " s.l.", " sarl", " kk"};
  std::string lower = " " + std::string(text) + " ";
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* marker : kMarkers) {
    const std::size_t at = lower.find(marker);
    if (at == npos) continue;
    const char after = lower[at + std::strlen(marker)];
    if (!std::isalpha(static_cast<unsigned char>(after))) return true;
  }
  return false;
}

// The capitalized run of words that ends a piece: "I represent Example Studios LLC" ->
// "Example Studios LLC".
std::string_view CapitalizedTail(std::string_view piece) {
  std::size_t start = piece.size();
  std::size_t pos = piece.size();
  while (pos > 0) {
    std::size_t space = piece.rfind(' ', pos - 1);
    const std::size_t word_start = space == npos ? 0 : space + 1;
    const std::string_view word = piece.substr(word_start, pos - word_start);
    const bool joins = word == "&" || word == "and" || word == "of" || word == "de" || word == "-";
    const bool capital = !word.empty() && (std::isupper(static_cast<unsigned char>(word[0])) ||
                                           std::isdigit(static_cast<unsigned char>(word[0])) ||
                                           static_cast<unsigned char>(word[0]) >= 0x80);
    if (!(capital || joins) || word == "I" || word == "We") break;
    start = word_start;
    if (space == npos) break;
    pos = space;
  }
  std::string_view tail = piece.substr(start);
  while (!tail.empty() && !std::isupper(static_cast<unsigned char>(tail[0])) &&
         static_cast<unsigned char>(tail[0]) < 0x80) {
    const std::size_t space = tail.find(' ');
    tail = space == npos ? std::string_view() : tail.substr(space + 1);
  }
  return tail.empty() ? piece : tail;
}

// The organisation named in a line: the words up to and including its legal-form marker.
std::string OrganisationIn(std::string_view line) {
  line = Trim(line);
  for (std::string_view sep : {", ", " - ", " | "}) {
    std::size_t pos = 0;
    while (pos < line.size()) {
      std::size_t end = line.find(sep, pos);
      if (end == npos) end = line.size();
      const std::string_view piece = Trim(line.substr(pos, end - pos));
      if (IsOrganisation(piece) && piece.size() < 80) {
        const std::string_view tail = CapitalizedTail(piece);
        return std::string(IsOrganisation(tail) ? tail : piece);
      }
      pos = end + sep.size();
    }
  }
  return IsOrganisation(line) && line.size() < 80 ? std::string(line) : std::string();
}

}  // namespace

Fields ExtractFields(std::string_view text) {
  Fields f;
  FindEmails(text, f);
  FindPhones(text, f);
  const std::vector<std::string_view> lines = Lines(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = Trim(lines[i]);
    if (IsStreetLine(line) || IsCityLine(line)) AddUnique(f.sender.addresses, std::string(line));
    // "/s/ Jane Doe" signs (E-SIGN Act practice).
    if (const std::size_t s = line.find("/s/"); s != npos) {
      f.signature = std::string(line);
      const std::string_view name = Trim(line.substr(s + 3));
      if (LooksLikeName(name) && !IsOrganisation(name)) f.sender.name = std::string(name);
    }
    if (!f.sender.organisation) {
      const std::string org = OrganisationIn(line);
      if (!org.empty() && line.find("://") == npos && line.size() < 120) f.sender.organisation = org;
    }
  }
  // The line under a closing is the signer's name.
  static constexpr const char* kClosings[] = {"sincerely", "regards", "truthfully", "respectfully",
                                              "yours", "best", "thank you", "thanks",
                                              "mit freundlichen", "cordialement", "atentamente"};
  for (std::size_t i = 0; i < lines.size() && !f.sender.name; ++i) {
    std::string lower(Trim(lines[i]));
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const bool closing = std::any_of(std::begin(kClosings), std::end(kClosings), [&](const char* k) {
      return lower.rfind(k, 0) == 0 && lower.size() < 40;
    });
    if (!closing) continue;
    for (std::size_t j = i + 1; j < lines.size() && j <= i + 3; ++j) {
      std::string_view candidate = Trim(lines[j]);
      if (candidate.empty()) continue;
      if (candidate.rfind("/s/", 0) == 0) candidate = Trim(candidate.substr(3));
      if (const auto comma = candidate.find(','); comma != npos) candidate = candidate.substr(0, comma);
      if (LooksLikeName(candidate) && !IsOrganisation(candidate)) {
        f.sender.name = std::string(candidate);
        if (!f.signature) f.signature = std::string(Trim(lines[j]));
      }
      break;
    }
  }
  // A typed name opening the last paragraph, over the sender's contact lines, signs too.
  if (!f.sender.name) {
    std::size_t last = lines.size();
    while (last > 0 && Trim(lines[last - 1]).empty()) --last;
    std::size_t first = last;
    while (first > 0 && !Trim(lines[first - 1]).empty()) --first;
    if (first < last && last - first <= 8 && LooksLikeName(Trim(lines[first])) &&
        !IsOrganisation(Trim(lines[first]))) {
      f.sender.name = std::string(Trim(lines[first]));
      if (!f.signature) f.signature = f.sender.name;
    }
  }
  // "on behalf of X", "we represent X": the principal.
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  for (std::string_view marker : {"on behalf of ", "we represent ", "represent ", "agent for "}) {
    const std::size_t at = lower.find(marker);
    if (at == npos) continue;
    std::string_view rest = text.substr(at + marker.size());
    const std::size_t end = rest.find_first_of(",;.\n(");
    std::string_view who = Trim(rest.substr(0, std::min<std::size_t>(end, 80)));
    for (std::string_view article : {"the ", "The "}) {
      if (who.rfind(article, 0) == 0) who.remove_prefix(article.size());
    }
    if (IsOrganisation(who) || LooksLikeName(who)) {
      f.principal = std::string(who);
      break;
    }
  }
  return f;
}

}  // namespace dmca::parsers::notice
