#include "archive/redact.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <vector>

#include "archive/redact_patterns.h"
#include "archive/text_util.h"

namespace dmca::archive {
namespace {

using namespace internal;  // NOLINT: the word lists of redact_patterns.h
using parsers::notice::Notice;

constexpr const char* kStaffReason = "staff: redact";

struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;
  const char* reason = "";  // why it is redacted (RedactionSpans)
};

bool IsEmailLocalChar(char c) {
  return IsAsciiAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-' || c == '\'';
}
bool IsDomainChar(char c) { return IsAsciiAlnum(c) || c == '.' || c == '-'; }

struct Line {
  std::size_t begin = 0;  // first byte
  std::size_t end = 0;    // one past the last byte, before "\r\n" or "\n"
};

std::vector<Line> SplitLines(std::string_view text) {
  std::vector<Line> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    std::size_t end = nl;
    if (end > start && text[end - 1] == '\r') --end;
    lines.push_back({start, end});
    start = nl + 1;
  }
  return lines;
}

class Redactor {
 public:
  Redactor(std::string_view text, const Notice& notice, const RedactionOptions& options)
      : text_(text), notice_(notice), options_(options), lines_(SplitLines(text)) {}

  std::string Run(bool header) {
    Find(header);
    return Apply();
  }

  // Each redacted stretch (after the protected ones are taken out) with the rule that found it.
  std::vector<RedactedSpan> Spans(bool header) {
    Find(header);
    std::vector<RedactedSpan> out;
    for (const Span& s : Pieces()) {
      out.push_back({std::string(text_.substr(s.begin, s.end - s.begin)), s.reason});
    }
    return out;
  }

 private:
  void Find(bool header) {
    ProtectUrls();
    ProtectOrganisations();
    SortProtected();
    // Staff's spans win over every protection (an organisation's name included): they read it.
    reason_ = kStaffReason;
    for (const auto& extra : options_.redact) {
      for (const Span& s : FindAll(extra, /*word_bounded=*/false)) Redact(s.begin, s.end);
    }
    reason_ = "the sender's known contact data, name or signature";
    FindKnownData();
    reason_ = "e-mail address";
    FindEmails();
    FindObfuscatedEmails();
    reason_ = "telephone number";
    FindPhones();
    reason_ = "labelled address or signature";
    FindLabelled();
    reason_ = "street address";
    FindStreetLines();
    FindPostalLines();
    reason_ = "signature";
    FindSignatures();
    reason_ = "a person's name in a mailbox";
    if (header) FindDisplayNames();
  }

  void Redact(std::size_t begin, std::size_t end) {
    while (begin < end && IsSpace(text_[begin])) ++begin;
    while (end > begin && IsSpace(text_[end - 1])) --end;
    if (begin < end) redact_.push_back({begin, end, reason_});
  }

  // protected_ is sorted by begin once URLs and names are known (SortProtected), with
  // max_end_[i] the furthest end among the first i+1 spans: a binary search, so a notice
  // with thousands of URLs stays linear-logarithmic.
  bool IsProtected(std::size_t pos) const {
    auto it = std::upper_bound(protected_.begin(), protected_.end(), pos,
                               [](std::size_t p, const Span& s) { return p < s.begin; });
    if (it == protected_.begin()) return false;
    return max_end_[static_cast<std::size_t>(it - protected_.begin()) - 1] > pos;
  }

  void SortProtected() {
    std::sort(protected_.begin(), protected_.end(),
              [](const Span& a, const Span& b) { return a.begin < b.begin; });
    max_end_.clear();
    std::size_t m = 0;
    for (const Span& s : protected_) {
      m = std::max(m, s.end);
      max_end_.push_back(m);
    }
  }

  // URLs stay byte for byte: every whitespace-delimited token holding "://", starting with
  // "www." or shaped host.tld/path is protected from its start to the token's end.
  void ProtectUrls() {
    std::size_t i = 0;
    while (i < text_.size()) {
      while (i < text_.size() && IsSpace(text_[i])) ++i;
      std::size_t end = i;
      while (end < text_.size() && !IsSpace(text_[end])) ++end;
      const std::string_view token = text_.substr(i, end - i);
      std::size_t start = std::string_view::npos;
      if (const auto scheme = token.find("://"); scheme != std::string_view::npos) {
        start = scheme;
        while (start > 0 && IsAsciiAlpha(token[start - 1])) --start;
      } else if (const auto www = AsciiLower(token).find("www."); www != std::string::npos) {
        start = www;
      } else if (const auto slash = token.find('/');
                 slash != std::string_view::npos && token.find('@') == std::string_view::npos) {
        std::size_t host_begin = slash;
        while (host_begin > 0 && IsDomainChar(token[host_begin - 1])) --host_begin;
        const std::string_view host = token.substr(host_begin, slash - host_begin);
        const auto dot = host.rfind('.');
        if (dot != std::string_view::npos && dot + 3 <= host.size() &&
            std::all_of(host.begin() + dot + 1, host.end(), IsAsciiAlpha)) {
          start = host_begin;
        }
      }
      if (start != std::string_view::npos) protected_.push_back({i + start, end});
      i = end;
    }
  }

  void ProtectOrganisations() {
    const auto& fields = notice_.analysis.fields;
    std::vector<std::string> names;
    if (fields.sender.organisation) names.push_back(*fields.sender.organisation);
    if (fields.principal) names.push_back(*fields.principal);
    names.emplace_back("Wikimedia Foundation");
    // Staff kept these public (`dmca redactions ID --keep`): an organisation the rules took for
    // a person.
    for (const auto& kept : options_.keep) names.push_back(kept);
    for (const auto& name : names) {
      for (const Span& s : FindAll(name, /*word_bounded=*/false)) protected_.push_back(s);
    }
  }

  std::vector<Span> FindAll(std::string_view needle, bool word_bounded) const {
    std::vector<Span> found;
    const std::string n = Trim(needle);
    if (n.size() < 3) return found;
    const std::string hay = AsciiLower(text_);
    const std::string low = AsciiLower(n);
    for (std::size_t pos = hay.find(low); pos != std::string::npos; pos = hay.find(low, pos + 1)) {
      const std::size_t end = pos + low.size();
      if (word_bounded &&
          ((pos > 0 && IsWordByte(hay[pos - 1])) || (end < hay.size() && IsWordByte(hay[end])))) {
        continue;
      }
      found.push_back({pos, end});
    }
    return found;
  }

  void RedactAll(std::string_view needle, bool word_bounded) {
    for (const Span& s : FindAll(needle, word_bounded)) {
      if (!IsProtected(s.begin)) Redact(s.begin, s.end);
    }
  }

  void FindKnownData() {
    const auto& fields = notice_.analysis.fields;
    for (const auto& email : fields.sender.emails) {
      if (!IsRoleAddress(email)) RedactAll(email, true);
    }
    for (const auto& phone : fields.sender.phones) RedactAll(phone, false);
    for (const auto& address : fields.sender.addresses) {
      RedactAll(address, false);
      for (const Line& line : SplitLines(address)) {
        const std::string part =
            Trim(std::string_view(address).substr(line.begin, line.end - line.begin));
        for (std::string_view piece : SplitOn(part, ',')) {
          const std::string p = Trim(piece);
          if (p.size() >= 6 && std::any_of(p.begin(), p.end(), IsAsciiDigit)) RedactAll(p, true);
        }
        if (part.size() >= 8) RedactAll(part, true);
      }
    }
    if (fields.signature) {
      // "/s/ Jane Doe" keeps its "/s/": the reader sees that the notice was signed.
      std::string name = Trim(*fields.signature);
      if (name.rfind("/s/", 0) == 0) name = Trim(std::string_view(name).substr(3));
      if (!LooksLikeOrganisation(name)) RedactAll(name, name.size() < 12);
    }
    if (fields.sender.name && fields.sender.name->size() >= 4 &&
        !LooksLikeOrganisation(*fields.sender.name)) {
      RedactAll(*fields.sender.name, true);
    }
  }

  void FindEmails() {
    for (std::size_t at = text_.find('@'); at != std::string_view::npos;
         at = text_.find('@', at + 1)) {
      std::size_t begin = at;
      while (begin > 0 && at - begin < 64 && IsEmailLocalChar(text_[begin - 1])) --begin;
      while (begin < at && (text_[begin] == '.' || text_[begin] == '\'')) ++begin;
      std::size_t end = at + 1;
      while (end < text_.size() && IsDomainChar(text_[end])) ++end;
      while (end > at + 1 && (text_[end - 1] == '.' || text_[end - 1] == '-')) --end;
      if (begin == at || end == at + 1) continue;
      const std::string_view domain = text_.substr(at + 1, end - at - 1);
      const auto dot = domain.rfind('.');
      if (dot == std::string_view::npos || dot + 3 > domain.size() ||
          !std::all_of(domain.begin() + dot + 1, domain.end(), IsAsciiAlpha)) {
        continue;
      }
      if (IsProtected(at)) continue;
      if (IsRoleAddress(text_.substr(begin, end - begin))) continue;
      Redact(begin, end);
    }
  }

  // "jane [at] example [dot] org", "jane(at)example.org": addresses written to dodge
  // harvesters are still addresses.
  void FindObfuscatedEmails() {
    const std::string low = AsciiLower(text_);
    for (std::string_view at : {"[at]", "(at)", "{at}"}) {
      for (std::size_t pos = low.find(at); pos != std::string::npos; pos = low.find(at, pos + 1)) {
        std::size_t begin = pos;
        while (begin > 0 && text_[begin - 1] == ' ') --begin;
        const std::size_t local_end = begin;
        while (begin > 0 && IsEmailLocalChar(text_[begin - 1])) --begin;
        if (begin == local_end) continue;
        std::size_t end = pos + at.size();
        std::size_t labels = 0;
        bool separators = false;
        while (true) {
          std::size_t p = end;
          while (p < text_.size() && text_[p] == ' ') ++p;
          const std::size_t label_begin = p;
          while (p < text_.size() && (IsAsciiAlnum(text_[p]) || text_[p] == '-')) ++p;
          if (p == label_begin) break;
          ++labels;
          end = p;
          std::size_t q = p;
          while (q < text_.size() && text_[q] == ' ') ++q;
          if (q < text_.size() && text_[q] == '.' && q + 1 < text_.size() &&
              IsAsciiAlnum(text_[q + 1])) {
            end = q + 1;
            separators = true;
            continue;
          }
          const std::string next = low.substr(q, 5);
          if (next == "[dot]" || next == "(dot)" || next == "{dot}") {
            end = q + 5;
            separators = true;
            continue;
          }
          break;
        }
        if (labels >= 2 && separators && !IsProtected(pos)) Redact(begin, end);
      }
    }
  }

  bool LineHasPhoneLabelBefore(std::size_t pos) const {
    const Line& line = LineAt(pos);
    return HasPhoneLabel(AsciiLower(text_.substr(line.begin, pos - line.begin)));
  }

  const Line& LineAt(std::size_t pos) const {
    auto it = std::upper_bound(lines_.begin(), lines_.end(), pos,
                               [](std::size_t p, const Line& l) { return p < l.begin; });
    return *(it - 1);
  }

  // A phone number: a run of digits and separators (space, ".", "-", "/", parentheses) on one
  // line, with a shape no date, year, price or identifier has (see AcceptPhone).
  void FindPhones() {
    std::size_t i = 0;
    while (i < text_.size()) {
      const char c = text_[i];
      const bool starts = (c == '+' && i + 1 < text_.size() && IsAsciiDigit(text_[i + 1])) ||
                          (c == '(' && i + 1 < text_.size() && IsAsciiDigit(text_[i + 1])) ||
                          IsAsciiDigit(c);
      if (!starts ||
          (i > 0 && (IsWordByte(text_[i - 1]) || text_[i - 1] == '.' || text_[i - 1] == '-' ||
                     text_[i - 1] == '/' || text_[i - 1] == ':' || text_[i - 1] == '#'))) {
        ++i;
        continue;
      }
      std::size_t end = i + 1;
      while (end < text_.size()) {
        const char d = text_[end];
        if (IsAsciiDigit(d) || d == '-' || d == '.' || d == '(' || d == ')' || d == '/') {
          ++end;
        } else if (d == ' ' && end + 1 < text_.size() && text_[end + 1] != ' ') {
          ++end;
        } else {
          break;
        }
      }
      while (end > i && !IsAsciiDigit(text_[end - 1])) --end;
      const std::size_t next = end > i ? end : i + 1;
      if (end < text_.size() && IsWordByte(text_[end])) {
        i = next;
        continue;
      }
      if (AcceptPhone(i, end)) {
        if (!IsProtected(i)) Redact(i, end);
      }
      i = next;
    }
  }

  bool AcceptPhone(std::size_t begin, std::size_t end) const {
    const std::string_view run = text_.substr(begin, end - begin);
    std::vector<std::size_t> groups;
    std::size_t digits = 0;
    std::size_t current = 0;
    for (char c : run) {
      if (IsAsciiDigit(c)) {
        ++digits;
        ++current;
      } else if (current > 0) {
        groups.push_back(current);
        current = 0;
      }
    }
    if (current > 0) groups.push_back(current);
    if (digits < 7 || digits > 15) return false;
    // "ISBN 978-3-16-148410-0" identifies the work claimed: it is part of the claim.
    const Line& line = LineAt(begin);
    const std::string before = AsciiLower(text_.substr(line.begin, begin - line.begin));
    if (before.find("isbn") != std::string::npos) return false;
    if (LineHasPhoneLabelBefore(begin)) return true;
    if (run[0] == '+') return digits >= 8;
    if (run[0] == '(' && digits >= 10 && digits <= 11) return true;
    if (digits == 10 && groups.size() == 3 && groups[0] == 3 && groups[1] == 3) return true;
    if (digits == 11 && groups.size() == 4 && groups[0] == 1 && groups[1] == 3) return true;
    // European forms: "020 7946 0958", "01 23 45 67 89", "030 12345678".
    if (digits >= 9 && groups.size() >= 2 && run[0] == '0' &&
        std::all_of(groups.begin(), groups.end(), [](std::size_t g) { return g <= 8; })) {
      return true;
    }
    return false;
  }

  // "Label: value": the value of an address or signature label (and of an address label
  // alone on its line, the block of lines after it, up to a blank line).
  void FindLabelled() {
    for (std::size_t n = 0; n < lines_.size(); ++n) {
      const Line& line = lines_[n];
      const std::string_view content = text_.substr(line.begin, line.end - line.begin);
      std::size_t colon = content.find(':');
      std::size_t colon_len = 1;
      if (const auto wide = content.find("：");
          wide != std::string_view::npos && (colon == std::string_view::npos || wide < colon)) {
        colon = wide;
        colon_len = std::string_view("：").size();
      }
      if (colon == std::string_view::npos || colon > 40) continue;
      std::string label = Trim(content.substr(0, colon));
      while (!label.empty() && (label[0] == '*' || label[0] == '-' || label[0] == '>')) {
        label = Trim(std::string_view(label).substr(1));
      }
      const bool address = IsAddressLabel(label);
      const bool signature = IsSignatureLabel(label);
      if (!address && !signature) continue;
      const std::size_t value = line.begin + colon + colon_len;
      if (!Trim(text_.substr(value, line.end - value)).empty()) {
        Redact(value, line.end);
      } else if (address) {
        for (std::size_t k = n + 1; k < lines_.size() && k <= n + 4; ++k) {
          if (Trim(text_.substr(lines_[k].begin, lines_[k].end - lines_[k].begin)).empty()) break;
          Redact(lines_[k].begin, lines_[k].end);
        }
      }
    }
  }

  void FindStreetLines() {
    for (const Line& line : lines_) {
      const std::vector<Span> words = Words(line);
      for (std::size_t w = 0; w < words.size(); ++w) {
        const std::string word = WordText(words[w]);
        const std::string lower = AsciiLower(word);
        if (lower == "p.o." || lower == "po" || lower == "postfach") {
          if (w + 1 < words.size() &&
              (AsciiLower(WordText(words[w + 1])) == "box" || lower == "postfach")) {
            Redact(words[w].begin, line.end);
            break;
          }
        }
        if (IsHouseNumber(word)) {
          // "123 Main Street", "500 5th Ave.", "12 rue de Rivoli": capitalised words or
          // ordinals between the number and the street type, no punctuation between.
          bool found = false;
          for (std::size_t k = w + 1; k < words.size() && k <= w + 6; ++k) {
            std::string t = WordText(words[k]);
            const bool trailing_punct = !t.empty() && (t.back() == ',' || t.back() == ';');
            if (!t.empty() && (t.back() == '.' || t.back() == ',')) t.pop_back();
            if (IsStreetType(t) && (k > w + 1 || AsciiLower(t) == "rue" || AsciiLower(t) == "via" ||
                                    AsciiLower(t) == "calle")) {
              found = true;
              break;
            }
            if (trailing_punct || t.empty()) break;
            if (!IsAsciiUpper(t[0]) && !IsAsciiDigit(t[0]) && AsciiLower(t) != "de" &&
                AsciiLower(t) != "la" && AsciiLower(t) != "del") {
              break;
            }
          }
          if (found) {
            Redact(words[w].begin, line.end);
            break;
          }
        }
        // "Hauptstraße 5", "Musterstr. 12", "Via Roma 10": street word, then a number.
        const std::string stem = AsciiLower(word);
        const bool street_word = stem.ends_with("straße") || stem.ends_with("strasse") ||
                                 stem.ends_with("str.") || stem.ends_with("weg") ||
                                 stem.ends_with("gasse") || stem.ends_with("platz");
        if (street_word && word.size() > 4 && IsAsciiUpper(word[0])) {
          for (std::size_t k = w + 1; k < words.size() && k <= w + 2; ++k) {
            if (IsHouseNumber(WordText(words[k]))) {
              Redact(words[w].begin, line.end);
              break;
            }
          }
        }
      }
    }
  }

  // "Springfield, IL 62701", "Los Angeles, California 90001-1234", "75001 Paris",
  // "D-10115 Berlin", "London SW1A 1AA", "〒100-0001".
  void FindPostalLines() {
    for (const Line& line : lines_) {
      const std::string content = Trim(text_.substr(line.begin, line.end - line.begin));
      if (content.empty() || content.size() > 90) continue;
      if (content.find("〒") != std::string::npos || IsUsCityLine(content) ||
          IsEuropeanPostcodeLine(content) || IsUkPostcodeLine(content)) {
        Redact(line.begin, line.end);
      }
    }
  }

  void FindSignatures() {
    for (std::size_t at = text_.find("/s/"); at != std::string_view::npos;
         at = text_.find("/s/", at + 3)) {
      if (IsProtected(at)) continue;
      const Line& line = LineAt(at);
      const std::size_t after = at + 3;
      if (!Trim(text_.substr(after, line.end - after)).empty()) {
        Redact(after, line.end);
      } else {
        RedactNextNameLine(&line - lines_.data());
      }
    }
    for (std::size_t n = 0; n < lines_.size(); ++n) {
      const Line& line = lines_[n];
      std::string content = Trim(text_.substr(line.begin, line.end - line.begin));
      while (!content.empty() && (content.back() == ',' || content.back() == '.' ||
                                  content.back() == '!' || content.back() == ':')) {
        content.pop_back();
      }
      if (IsClosing(content)) {
        RedactNextNameLine(n);
        continue;
      }
      // "Sincerely, Jane Doe" on one line.
      const auto comma = content.find(',');
      if (comma != std::string::npos && IsClosing(content.substr(0, comma))) {
        const std::string rest = Trim(std::string_view(content).substr(comma + 1));
        if (!rest.empty() && rest.size() <= 60 && !LooksLikeOrganisation(rest)) {
          const auto pos = text_.find(rest, line.begin);
          if (pos != std::string_view::npos && pos < line.end) Redact(pos, pos + rest.size());
        }
      }
    }
  }

  void RedactNextNameLine(std::size_t n) {
    for (std::size_t k = n + 1; k < lines_.size() && k <= n + 3; ++k) {
      const Line& next = lines_[k];
      const std::string content = Trim(text_.substr(next.begin, next.end - next.begin));
      if (content.empty()) continue;
      if (content.size() <= 80 && !LooksLikeOrganisation(content) &&
          content.find("://") == std::string::npos && content.back() != ':') {
        Redact(next.begin, next.end);
      }
      return;
    }
  }

  // Header only: "Jane Doe <jane@...>" and "jane@... (Jane Doe)".
  void FindDisplayNames() {
    std::size_t start = 0;
    for (std::string_view mailbox : SplitOn(text_, ',')) {
      const std::size_t base = start;
      start += mailbox.size() + 1;
      const auto lt = mailbox.find('<');
      if (lt != std::string_view::npos) {
        std::string display = Trim(mailbox.substr(0, lt));
        if (!display.empty() && !LooksLikeOrganisation(display) && !IsKnownOrganisation(display)) {
          Redact(base, base + lt);
        }
      }
      const auto open = mailbox.find('(');
      const auto close = mailbox.rfind(')');
      if (open != std::string_view::npos && close != std::string_view::npos && close > open &&
          !LooksLikeOrganisation(mailbox.substr(open + 1, close - open - 1))) {
        Redact(base + open + 1, base + close);
      }
    }
  }

  bool IsKnownOrganisation(std::string_view name) const {
    const auto& fields = notice_.analysis.fields;
    const std::string low = AsciiLower(Trim(name));
    for (const auto& org : {fields.sender.organisation, fields.principal}) {
      if (org && !org->empty() && low.find(AsciiLower(Trim(*org))) != std::string::npos) {
        return true;
      }
    }
    return false;
  }

  std::vector<Span> Words(const Line& line) const {
    std::vector<Span> words;
    std::size_t i = line.begin;
    while (i < line.end) {
      while (i < line.end && IsSpace(text_[i])) ++i;
      const std::size_t b = i;
      while (i < line.end && !IsSpace(text_[i])) ++i;
      if (i > b) words.push_back({b, i});
    }
    return words;
  }
  std::string WordText(const Span& s) const {
    return std::string(text_.substr(s.begin, s.end - s.begin));
  }

  // Redacted spans minus protected ones, trimmed, in text order (overlaps not merged).
  std::vector<Span> Pieces() const {
    std::vector<Span> pieces;
    for (Span s : redact_) {
      if (s.reason == kStaffReason) {
        pieces.push_back(s);
        continue;
      }
      std::size_t cur = s.begin;
      // The first protected span that can reach into s (max_end_ never decreases).
      const auto first = static_cast<std::size_t>(
          std::upper_bound(max_end_.begin(), max_end_.end(), s.begin) - max_end_.begin());
      for (std::size_t k = first; k < protected_.size() && protected_[k].begin < s.end; ++k) {
        const Span& g = protected_[k];
        if (g.end <= cur) continue;
        if (g.begin > cur) pieces.push_back({cur, g.begin, s.reason});
        cur = std::max(cur, g.end);
      }
      if (cur < s.end) pieces.push_back({cur, s.end, s.reason});
    }
    std::vector<Span> kept;
    for (Span p : pieces) {
      while (p.begin < p.end && (IsSpace(text_[p.begin]) || text_[p.begin] == ',')) ++p.begin;
      while (p.end > p.begin && (IsSpace(text_[p.end - 1]) || text_[p.end - 1] == ',')) --p.end;
      if (p.begin < p.end) kept.push_back(p);
    }
    std::stable_sort(kept.begin(), kept.end(),
                     [](const Span& a, const Span& b) { return a.begin < b.begin; });
    return kept;
  }

  // The pieces merged, each replaced by one marker.
  std::string Apply() const {
    const std::vector<Span> kept = Pieces();
    std::string out;
    out.reserve(text_.size());
    std::size_t cur = 0;
    for (std::size_t k = 0; k < kept.size();) {
      Span m = kept[k];
      for (++k; k < kept.size() && kept[k].begin <= m.end; ++k)
        m.end = std::max(m.end, kept[k].end);
      if (m.begin < cur) m.begin = cur;
      out.append(text_.substr(cur, m.begin - cur));
      out.append(options_.marker);
      cur = m.end;
    }
    out.append(text_.substr(cur));
    return out;
  }

  std::string_view text_;
  const Notice& notice_;
  const RedactionOptions& options_;
  std::vector<Line> lines_;
  std::vector<Span> protected_;
  std::vector<std::size_t> max_end_;
  std::vector<Span> redact_;
  const char* reason_ = "";
};

}  // namespace

bool IsRoleAddress(std::string_view email) {
  const auto at = email.rfind('@');
  if (at == std::string_view::npos) return false;
  std::string local = AsciiLower(email.substr(0, at));
  if (const auto plus = local.find('+'); plus != std::string::npos) local.resize(plus);
  const std::string domain = AsciiLower(email.substr(at + 1));
  return !internal::IsFreeMailDomain(domain) && internal::IsRoleLocalPart(local);
}

bool LooksLikeOrganisation(std::string_view text) {
  for (std::string_view word : SplitOn(text, ' ')) {
    std::string w = Trim(word);
    while (!w.empty() && (w.back() == ',' || w.back() == ')')) w.pop_back();
    if (!w.empty() && internal::IsOrganisationWord(w)) return true;
  }
  return false;
}

std::string Redact(std::string_view text, const Notice& notice, const RedactionOptions& options) {
  return Redactor(text, notice, options).Run(/*header=*/false);
}

std::string RedactHeader(std::string_view value, const Notice& notice,
                         const RedactionOptions& options) {
  return Redactor(value, notice, options).Run(/*header=*/true);
}

std::vector<RedactedSpan> RedactionSpans(std::string_view text, const Notice& notice,
                                         const RedactionOptions& options, bool header) {
  return Redactor(text, notice, options).Spans(header);
}

}  // namespace dmca::archive
