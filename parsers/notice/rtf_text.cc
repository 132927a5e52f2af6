#include "parsers/notice/rtf_text.h"

#include <cctype>
#include <cstdint>
#include <vector>

namespace dmca::parsers::notice {
namespace {

// Windows-1252 0x80-0x9F; the rest of the upper half is Latin-1.
constexpr std::uint16_t kCp1252High[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

void AppendUtf8(std::string& out, std::uint32_t cp) {
  if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

void AppendCp1252(std::string& out, unsigned char byte) {
  AppendUtf8(out, byte < 0x80 ? byte : byte < 0xA0 ? kCp1252High[byte - 0x80] : byte);
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Groups whose content is not text.
bool IsSkippedDestination(std::string_view word) {
  for (std::string_view d : {"fonttbl",
                             "colortbl",
                             "stylesheet",
                             "info",
                             "pict",
                             "object",
                             "header",
                             "footer",
                             "headerl",
                             "headerr",
                             "footerl",
                             "footerr",
                             "listtable",
                             "listoverridetable",
                             "rsidtbl",
                             "generator",
                             "xmlnstbl",
                             "themedata",
                             "colorschememapping",
                             "latentstyles",
                             "datastore",
                             "filetbl",
                             "revtbl"}) {
    if (word == d) return true;
  }
  return false;
}

}  // namespace

std::string RtfToText(std::string_view rtf) {
  struct Group {
    bool skip = false;
    int uc = 1;  // characters that stand in for each \uN (RTF 1.5 \ucN)
  };
  std::vector<Group> stack{{}};
  std::string out;
  int pending_skip = 0;  // fallback characters after a \uN still to drop
  std::size_t i = 0;
  // Depth is bounded so that hostile nesting cannot grow the stack without end.
  constexpr std::size_t kMaxDepth = 256;
  while (i < rtf.size()) {
    const char c = rtf[i];
    if (c == '{') {
      if (stack.size() < kMaxDepth) stack.push_back(stack.back());
      ++i;
      continue;
    }
    if (c == '}') {
      if (stack.size() > 1) stack.pop_back();
      ++i;
      continue;
    }
    if (c == '\r' || c == '\n') {
      ++i;
      continue;
    }
    if (c != '\\') {
      if (pending_skip > 0) {
        --pending_skip;
      } else if (!stack.back().skip) {
        out += c;
      }
      ++i;
      continue;
    }
    // A control symbol or word.
    if (i + 1 >= rtf.size()) break;
    const char next = rtf[i + 1];
    if (next == '\\' || next == '{' || next == '}') {
      if (!stack.back().skip && pending_skip == 0) out += next;
      if (pending_skip > 0) --pending_skip;
      i += 2;
      continue;
    }
    if (next == '\'') {
      const int hi = i + 2 < rtf.size() ? HexValue(rtf[i + 2]) : -1;
      const int lo = i + 3 < rtf.size() ? HexValue(rtf[i + 3]) : -1;
      i += 4;
      if (hi < 0 || lo < 0) continue;
      if (pending_skip > 0) {
        --pending_skip;
      } else if (!stack.back().skip) {
        AppendCp1252(out, static_cast<unsigned char>(hi * 16 + lo));
      }
      continue;
    }
    if (next == '*') {
      stack.back().skip = true;  // an optional destination this reader does not know
      i += 2;
      continue;
    }
    if (next == '~') {
      if (!stack.back().skip) out += ' ';
      i += 2;
      continue;
    }
    if (!std::isalpha(static_cast<unsigned char>(next))) {
      i += 2;  // "\-", "\_", "\:" and the like
      continue;
    }
    std::size_t j = i + 1;
    while (j < rtf.size() && std::isalpha(static_cast<unsigned char>(rtf[j])) && j - i < 32) ++j;
    const std::string_view word = rtf.substr(i + 1, j - i - 1);
    bool negative = false;
    long param = 0;
    bool has_param = false;
    if (j < rtf.size() && rtf[j] == '-') {
      negative = true;
      ++j;
    }
    while (j < rtf.size() && std::isdigit(static_cast<unsigned char>(rtf[j])) && param < 1000000) {
      param = param * 10 + (rtf[j] - '0');
      has_param = true;
      ++j;
    }
    if (negative) param = -param;
    if (j < rtf.size() && rtf[j] == ' ') ++j;  // the delimiter belongs to the word
    i = j;
    Group& group = stack.back();
    if (IsSkippedDestination(word)) {
      group.skip = true;
    } else if (word == "par" || word == "line" || word == "sect" || word == "page") {
      if (!group.skip) out += '\n';
    } else if (word == "tab") {
      if (!group.skip) out += '\t';
    } else if (word == "uc" && has_param) {
      group.uc = static_cast<int>(param);
    } else if (word == "u" && has_param) {
      if (!group.skip)
        AppendUtf8(out, static_cast<std::uint32_t>(param < 0 ? param + 65536 : param));
      pending_skip = group.uc;
    } else if (word == "emdash" || word == "endash") {
      if (!group.skip) AppendUtf8(out, word == "emdash" ? 0x2014 : 0x2013);
    } else if (word == "lquote" || word == "rquote") {
      if (!group.skip) AppendUtf8(out, word == "lquote" ? 0x2018 : 0x2019);
    } else if (word == "ldblquote" || word == "rdblquote") {
      if (!group.skip) AppendUtf8(out, word == "ldblquote" ? 0x201C : 0x201D);
    }
  }
  return out;
}

}  // namespace dmca::parsers::notice
