#include "parsers/notice/text_scan.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace dmca::parsers::notice {
namespace {

constexpr char kMask = '\x01';

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool IsWordByte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (static_cast<unsigned char>(c) >= 0x80);
}
// Characters that markup and mail clients put between words: treated as white space.
bool IsJoiner(char c) { return IsSpace(c) || c == '*' || c == '>' || c == '_'; }

std::size_t Utf8Floor(std::string_view s, std::size_t pos) {
  while (pos > 0 && pos < s.size() && (static_cast<unsigned char>(s[pos]) & 0xC0) == 0x80) --pos;
  return pos;
}

}  // namespace

ScanText::ScanText(std::string_view original) : original_(original), lower_(original) {
  for (char& c : lower_) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  // Addresses hold no statements: their bytes are masked so phrases never match inside them
  // ("proprietary_vendor" in a repository URL) and scanning skips them at memchr speed (a
  // notice may name a million URLs).
  for (std::size_t at = lower_.find("http"); at != std::string::npos; at = lower_.find("http", at)) {
    const bool scheme = lower_.compare(at, 7, "http://") == 0 || lower_.compare(at, 8, "https://") == 0;
    if (!scheme) {
      at += 4;
      continue;
    }
    std::size_t end = at;
    while (end < lower_.size() && !IsSpace(lower_[end]) && lower_[end] != '<' &&
           lower_[end] != '>' && lower_[end] != '"' && lower_[end] != ')') {
      lower_[end++] = kMask;
    }
    at = end;
  }
  // Common accented capitals in European statements (UTF-8 "É" -> "é" etc.): same length.
  for (std::size_t i = 0; i + 1 < lower_.size(); ++i) {
    const unsigned char a = static_cast<unsigned char>(lower_[i]);
    const unsigned char b = static_cast<unsigned char>(lower_[i + 1]);
    if (a == 0xC3 && b >= 0x80 && b <= 0x9E && b != 0x97) lower_[i + 1] = static_cast<char>(b + 0x20);
  }
}

bool ScanText::MatchAt(std::string_view phrase, std::size_t pos, std::size_t* end) const {
  std::size_t p = 0;  // in phrase
  std::size_t t = pos;
  const std::string_view text = lower_;
  while (p < phrase.size()) {
    // "…" (UTF-8 E2 80 A6): a gap of up to 120 bytes before the rest matches.
    if (phrase.compare(p, 3, "\xE2\x80\xA6") == 0) {
      std::string_view rest = phrase.substr(p + 3);
      while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
      for (std::size_t gap = 0; gap <= 120 && t + gap <= text.size(); ++gap) {
        if (MatchAt(rest, t + gap, end)) return true;
      }
      return false;
    }
    const char c = phrase[p];
    if (c == ' ') {
      const std::size_t before = t;
      while (t < text.size()) {
        if (IsJoiner(text[t])) {
          ++t;
        } else if (text.compare(t, 4, "<br>") == 0 || text.compare(t, 6, "<br />") == 0) {
          t = text.find('>', t) + 1;
        } else {
          break;
        }
      }
      if (t == before && !(t > 0 && !IsWordByte(text[t - 1]))) return false;
      ++p;
      continue;
    }
    if (c == '*' && (p + 1 == phrase.size() || phrase[p + 1] == ' ')) {
      while (t < text.size() && (IsWordByte(text[t]) || text[t] == '-' || text[t] == '\'')) ++t;
      ++p;
      continue;
    }
    if (t >= text.size() || text[t] != c) {
      // "-" in a phrase also matches a space ("good-faith" / "good faith").
      if (c == '-' && t < text.size() && IsSpace(text[t])) {
        while (t < text.size() && IsSpace(text[t])) ++t;
        ++p;
        continue;
      }
      return false;
    }
    ++t;
    ++p;
  }
  *end = t;
  return true;
}

std::pair<std::size_t, std::size_t> ScanText::Find(std::string_view phrase, std::size_t from) const {
  constexpr auto npos = std::string_view::npos;
  if (phrase.empty()) return {npos, npos};
  const char first = phrase[0];
  const std::string_view text = lower_;
  for (std::size_t pos = text.find(first, from); pos != npos; pos = text.find(first, pos + 1)) {
    // Phrases start at a word boundary.
    if (pos > 0 && IsWordByte(text[pos - 1]) && IsWordByte(first)) continue;
    std::size_t end = 0;
    if (!MatchAt(phrase, pos, &end)) continue;
    // A phrase ending in a letter ends at a word boundary ("copyright in" is not "copyright
    // infringement"); a trailing "*" asks for the stem instead.
    const char last = phrase.back();
    if (IsWordByte(last) && end < text.size() && IsWordByte(text[end])) continue;
    return {pos, end};
  }
  return {npos, npos};
}

std::string ScanText::Clip(std::size_t begin, std::size_t end, std::size_t max) const {
  end = std::min(end, original_.size());
  while (begin < end && IsSpace(original_[begin])) ++begin;
  while (end > begin && IsSpace(original_[end - 1])) --end;
  if (end - begin > max) end = Utf8Floor(original_, begin + max);
  while (end > begin && IsSpace(original_[end - 1])) --end;
  return std::string(original_.substr(begin, end - begin));
}

std::string ScanText::Sentence(std::size_t begin, std::size_t end, std::size_t max) const {
  const std::string_view s = original_;
  // Back to the start of the sentence: after a sentence end, a blank line, or a line break
  // before a capital, bullet or number (list items and letter lines carry no full stops);
  // never more than half the budget before the match.
  const std::size_t floor = begin > max / 2 ? begin - max / 2 : 0;
  std::size_t b = begin;
  while (b > floor) {
    const char c = s[b - 1];
    if ((c == '.' || c == '!' || c == '?' || c == ';') && IsSpace(s[b])) break;
    if (c == '\n') {
      const unsigned char next = static_cast<unsigned char>(s[b]);
      if (b >= 2 && (s[b - 2] == '\n' || s[b - 2] == '\r')) break;
      if (std::isupper(next) || std::isdigit(next) || next == '*' || next == '-' || next == '[' ||
          next >= 0x80) {
        break;
      }
    }
    --b;
  }
  if (b == floor && floor > 0) {
    while (b < begin && !IsSpace(s[b])) ++b;  // start on a word
  }
  // Forward to the end of the sentence or of the paragraph, within the budget.
  std::size_t e = std::max(end, b);
  while (e < s.size() && e - b < max) {
    const char c = s[e];
    if ((c == '.' || c == '!' || c == '?' || c == ';') && (e + 1 >= s.size() || IsSpace(s[e + 1]))) {
      ++e;
      break;
    }
    if (c == '\n' && e + 1 < s.size() && (s[e + 1] == '\n' || s[e + 1] == '\r')) break;
    ++e;
  }
  return Clip(Utf8Floor(s, b), e, max);
}

std::string ScanText::LineAt(std::size_t pos) const {
  const std::string_view s = original_;
  std::size_t b = s.rfind('\n', pos == 0 ? 0 : pos - 1);
  b = b == std::string_view::npos ? 0 : b + 1;
  if (pos == 0) b = 0;
  std::size_t e = s.find('\n', pos);
  if (e == std::string_view::npos) e = s.size();
  return Clip(b, e);
}

}  // namespace dmca::parsers::notice
