#include "archive/wikitext.h"

#include <algorithm>
#include <cstdint>

#include "archive/text_util.h"

namespace dmca::archive {
namespace {

// Length of the valid UTF-8 sequence at s[i] (RFC 3629 §4), or 0 when invalid.
std::size_t Utf8SequenceLength(std::string_view s, std::size_t i, std::uint32_t* code_point) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    *code_point = b0;
    return 1;
  }
  std::size_t len = 0;
  std::uint32_t cp = 0;
  std::uint32_t min = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  *code_point = cp;
  return len;
}

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

}  // namespace

std::string ValidUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::uint32_t cp = 0;
    const std::size_t len = Utf8SequenceLength(text, i, &cp);
    if (len == 0) {
      out += kReplacement;
      ++i;
    } else {
      out.append(text.substr(i, len));
      i += len;
    }
  }
  return out;
}

namespace {

bool InertMarker(std::string_view m) {
  if (m.empty()) return false;
  if (m.front() == '[' || m.back() == ']') {
    if (m.size() < 3 || m.front() != '[' || m.back() != ']') return false;
    m = m.substr(1, m.size() - 2);
  }
  return !m.empty() && std::all_of(m.begin(), m.end(), [](char c) {
    return IsAsciiAlnum(c) || c == ' ' || c == '.' || c == '-';
  }) && m.front() != ' ' && m.front() != '-';
}

std::string Escape(std::string_view raw, bool at_line_start);

}  // namespace

std::string WikiInert(std::string_view raw, std::string_view keep) {
  if (!InertMarker(keep)) return Escape(raw, true);
  std::string out;
  std::size_t start = 0;
  for (auto pos = raw.find(keep); pos != std::string_view::npos; pos = raw.find(keep, start)) {
    out += Escape(raw.substr(start, pos - start), start == 0 || raw[start - 1] == '\n');
    out += keep;
    start = pos + keep.size();
  }
  out += Escape(raw.substr(start), start == 0 || raw[start - 1] == '\n');
  return out;
}

namespace {

std::string Escape(std::string_view raw, bool at_line_start) {
  const std::string text = ValidUtf8(raw);
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  bool line_start = at_line_start;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') continue;
      out += '\n';
      line_start = true;
      continue;
    }
    if (c == '\n') {
      out += '\n';
      line_start = true;
      continue;
    }
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t') continue;
    if (c == 0x7F) continue;
    const bool at_start = line_start;
    line_start = false;
    switch (c) {
      case '&': out += "&amp;"; continue;
      case '<': out += "&lt;"; continue;
      case '>': out += "&gt;"; continue;
      case '{': out += "&#123;"; continue;
      case '}': out += "&#125;"; continue;
      case '[': out += "&#91;"; continue;
      case ']': out += "&#93;"; continue;
      case '|': out += "&#124;"; continue;
      case '~': out += "&#126;"; continue;
      case '=': out += "&#61;"; continue;
      case '\'': out += "&#39;"; continue;
      case '"': out += "&quot;"; continue;
      case '_':
        // Magic words are __WORD__: no two underscores may stay adjacent.
        if ((i + 1 < text.size() && text[i + 1] == '_') || (i > 0 && text[i - 1] == '_')) {
          out += "&#95;";
        } else {
          out += c;
        }
        continue;
      default: break;
    }
    if (at_start && (c == '*' || c == '#' || c == ':' || c == ';' || c == '-' || c == ' ' ||
                     c == '\t')) {
      out += "&#" + std::to_string(static_cast<int>(c)) + ";";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

std::string NowikiParam(std::string_view text, std::string_view keep) {
  return "<nowiki>" + WikiInert(text, keep) + "</nowiki>";
}

std::string HtmlEscape(std::string_view raw) {
  const std::string text = ValidUtf8(raw);
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string TitleComponent(std::string_view raw, std::size_t max_bytes) {
  const std::string text = ValidUtf8(raw);
  std::string spaced;
  for (std::size_t i = 0; i < text.size();) {
    std::uint32_t cp = 0;
    const std::size_t len = Utf8SequenceLength(text, i, &cp);
    const bool keep_ascii = cp < 0x80 && (IsAsciiAlnum(static_cast<char>(cp)) ||
                                          std::string_view(".,-()!+").find(static_cast<char>(cp)) !=
                                              std::string_view::npos);
    // Non-ASCII is kept except the spaces, direction marks and separators MediaWiki strips
    // or folds (U+00A0, U+2000-U+200F, U+2028-U+202F, U+FEFF, U+FFFD).
    const bool keep_other = cp >= 0x80 && cp != 0xA0 && !(cp >= 0x2000 && cp <= 0x200F) &&
                            !(cp >= 0x2028 && cp <= 0x202F) && cp != 0xFEFF && cp != 0xFFFD &&
                            cp != 0x3000;
    if (keep_ascii || keep_other) {
      spaced.append(text, i, len);
    } else if (spaced.empty() || spaced.back() != ' ') {
      spaced += ' ';
    }
    i += len;
  }
  std::string trimmed = Trim(spaced);
  // "." and ".." are not titles; a leading "-" or "." reads badly in a file name.
  while (!trimmed.empty() && (trimmed[0] == '.' || trimmed[0] == '-')) trimmed.erase(0, 1);
  return Trim(Utf8Prefix(Trim(trimmed), max_bytes));
}

std::string Underscores(std::string_view title) {
  std::string out(title);
  for (char& c : out) {
    if (c == ' ') c = '_';
  }
  return out;
}

}  // namespace dmca::archive
