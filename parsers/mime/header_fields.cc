#include "parsers/mime/header_fields.h"

#include <algorithm>
#include <map>

#include "parsers/text/charset.h"

namespace dmca::parsers::mime {
namespace {

bool IsTokenChar(char c) {
  return c > ' ' && c < 127 && std::string_view("()<>@,;:\\\"/[]?=").find(c) == std::string_view::npos;
}

// One raw parameter: its name (lower case, RFC 2231 section/extension markers kept) and value.
struct RawParam {
  std::string name;
  std::string value;
};

std::vector<RawParam> SplitParams(std::string_view s) {
  std::vector<RawParam> params;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ';' || s[i] == ' ' || s[i] == '\t' || s[i] == '\r' ||
                            s[i] == '\n')) {
      ++i;
    }
    const std::size_t name_start = i;
    while (i < s.size() && s[i] != '=' && s[i] != ';') ++i;
    std::string name = AsciiLower(TrimWhitespace(s.substr(name_start, i - name_start)));
    if (i >= s.size() || s[i] == ';') {
      continue;  // a parameter without a value: ignored
    }
    ++i;  // '='
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    std::string value;
    if (i < s.size() && s[i] == '"') {
      ++i;
      while (i < s.size() && s[i] != '"') {
        if (s[i] == '\\' && i + 1 < s.size()) ++i;
        value += s[i++];
      }
      if (i < s.size()) ++i;
      while (i < s.size() && s[i] != ';') ++i;
    } else {
      const std::size_t start = i;
      while (i < s.size() && s[i] != ';') ++i;
      value = std::string(TrimWhitespace(s.substr(start, i - start)));
    }
    if (!name.empty()) params.push_back({std::move(name), std::move(value)});
  }
  return params;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto hex = [](char c) {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    };
    if (s[i] == '%' && i + 2 < s.size() &&
        hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// RFC 2231 §3-4: name*0, name*1*, name*=charset'lang'value joined and decoded.
std::vector<std::pair<std::string, std::string>> DecodeParams(const std::vector<RawParam>& raw,
                                                              Findings* findings,
                                                              std::string_view where) {
  struct Pieces {
    std::map<int, std::pair<std::string, bool>> sections;  // index -> (value, extended)
    std::optional<std::string> plain;
    std::size_t order = 0;
  };
  std::map<std::string, Pieces> by_name;
  std::size_t order = 0;
  for (const RawParam& p : raw) {
    std::string name = p.name;
    bool extended = false;
    int section = -1;
    if (!name.empty() && name.back() == '*') {
      extended = true;
      name.pop_back();
    }
    if (const auto star = name.find('*'); star != std::string::npos) {
      const std::string digits = name.substr(star + 1);
      if (!digits.empty() && std::all_of(digits.begin(), digits.end(), ::isdigit) &&
          digits.size() < 6) {
        section = std::stoi(digits);
        name = name.substr(0, star);
      }
    }
    Pieces& pieces = by_name[name];
    if (pieces.sections.empty() && !pieces.plain) pieces.order = order++;
    if (section < 0 && !extended) {
      if (!pieces.plain) pieces.plain = p.value;
    } else {
      pieces.sections[section < 0 ? 0 : section] = {p.value, extended};
    }
  }
  std::vector<std::pair<std::size_t, std::pair<std::string, std::string>>> ordered;
  for (auto& [name, pieces] : by_name) {
    std::string value;
    if (!pieces.sections.empty()) {
      std::string charset;
      std::string bytes;
      bool first = true;
      for (auto& [index, piece] : pieces.sections) {
        std::string_view v = piece.first;
        if (first && piece.second) {
          // charset'language'value
          const auto q1 = v.find('\'');
          const auto q2 = q1 == std::string_view::npos ? q1 : v.find('\'', q1 + 1);
          if (q2 != std::string_view::npos) {
            charset = std::string(v.substr(0, q1));
            v = v.substr(q2 + 1);
          }
        }
        bytes += piece.second ? PercentDecode(v) : std::string(v);
        first = false;
      }
      value = text::ToUtf8(bytes, charset.empty() ? "utf-8" : charset, findings, where);
    } else {
      value = *pieces.plain;
      if (value.find("=?") != std::string::npos) {
        value = DecodeEncodedWords(value, findings);
      } else if (!text::IsValidUtf8(value)) {
        value = text::ToUtf8(value, "", findings, where);
      }
    }
    ordered.push_back({pieces.order, {name, std::move(value)}});
  }
  std::sort(ordered.begin(), ordered.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::pair<std::string, std::string>> out;
  for (auto& [o, param] : ordered) out.push_back(std::move(param));
  return out;
}

}  // namespace

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string_view TrimWhitespace(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' ||
                        s.front() == '\n')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' ||
                        s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

ContentType ParseContentType(std::string_view value, Findings* findings, std::string_view where) {
  ContentType type;
  const std::size_t semi = value.find(';');
  std::string_view media = TrimWhitespace(value.substr(0, semi));
  const std::size_t slash = media.find('/');
  std::string_view main = slash == std::string_view::npos ? media : media.substr(0, slash);
  std::string_view sub = slash == std::string_view::npos ? "" : media.substr(slash + 1);
  main = TrimWhitespace(main);
  sub = TrimWhitespace(sub);
  const bool valid = !main.empty() && !sub.empty() &&
                     std::all_of(main.begin(), main.end(), IsTokenChar) &&
                     std::all_of(sub.begin(), sub.end(), IsTokenChar);
  if (valid) {
    type.type = AsciiLower(main);
    type.subtype = AsciiLower(sub);
  } else if (findings) {
    findings->push_back({"mime.content_type_invalid", Finding::Severity::kWarning,
                         std::string(where),
                         "unreadable Content-Type '" + std::string(media) +
                             "'; read as text/plain (RFC 2045 §5.2)"});
  }
  if (semi != std::string_view::npos) {
    type.params = DecodeParams(SplitParams(value.substr(semi + 1)), findings, where);
  }
  return type;
}

Disposition ParseDisposition(std::string_view value, Findings* findings, std::string_view where) {
  Disposition d;
  const std::size_t semi = value.find(';');
  d.type = AsciiLower(TrimWhitespace(value.substr(0, semi)));
  if (semi != std::string_view::npos) {
    d.params = DecodeParams(SplitParams(value.substr(semi + 1)), findings, where);
  }
  return d;
}

}  // namespace dmca::parsers::mime
