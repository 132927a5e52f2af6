#include "parsers/notice/forward.h"

#include <array>
#include <cctype>
#include <vector>

namespace dmca::parsers::notice {
namespace {

constexpr auto npos = std::string_view::npos;

// Marker lines, matched case-insensitively anywhere on a line.
constexpr std::array<std::string_view, 16> kMarkers = {
    "forwarded message", "original message", "begin forwarded message", "weitergeleitete nachricht",
    "ursprüngliche nachricht", "message transféré", "message d'origine", "message original",
    "mensaje reenviado", "mensaje original", "転送されたメッセージ", "元のメッセージ",
    "forwarded e-mail", "forwarded email", "- forwarded by", "原始邮件"};

enum class Field { kFrom, kTo, kDate, kSubject, kOther, kNone };

// Header labels of the common clients in English, German, French, Spanish and Japanese.
Field FieldOf(std::string_view label) {
  std::string l;
  for (char c : label) {
    if (c == '*') continue;
    l += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  while (!l.empty() && (l.back() == ' ' || l.back() == '\t')) l.pop_back();
  while (!l.empty() && (l.front() == ' ' || l.front() == '\t')) l.erase(0, 1);
  for (std::string_view s : {"from", "von", "de", "差出人", "送信者", "发件人"}) {
    if (l == s) return Field::kFrom;
  }
  for (std::string_view s : {"to", "an", "à", "À", "a", "para", "宛先", "收件人"}) {
    if (l == s) return Field::kTo;
  }
  for (std::string_view s : {"date", "sent", "datum", "gesendet", "envoyé", "fecha", "enviado",
                             "enviado el", "送信日時", "日付", "发送时间"}) {
    if (l == s) return Field::kDate;
  }
  for (std::string_view s : {"subject", "betreff", "objet", "asunto", "件名", "主题"}) {
    if (l == s) return Field::kSubject;
  }
  for (std::string_view s : {"cc", "bcc", "reply-to", "antwort an", "kopie", "cco", "répondre à"}) {
    if (l == s) return Field::kOther;
  }
  return Field::kNone;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view TrimLine(std::string_view s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return s;
}

// Removes one level of "> " quoting from every line.
std::string Unquote(std::string_view text) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    if (!line.empty() && line[0] == '>') {
      line.remove_prefix(1);
      if (!line.empty() && line[0] == ' ') line.remove_prefix(1);
    }
    out.append(line);
    if (end < text.size()) out += '\n';
    pos = end + 1;
  }
  return out;
}

}  // namespace

std::optional<InlineForward> FindInlineForward(std::string_view text) {
  const std::string lower = Lower(text);
  std::size_t marker_line_end = npos;
  for (std::size_t pos = 0; pos < lower.size();) {
    std::size_t end = lower.find('\n', pos);
    if (end == npos) end = lower.size();
    const std::string_view line = std::string_view(lower).substr(pos, end - pos);
    for (std::string_view marker : kMarkers) {
      if (line.find(marker) != npos && line.size() < marker.size() + 60) {
        marker_line_end = end;
        break;
      }
    }
    if (marker_line_end != npos) break;
    pos = end + 1;
  }
  if (marker_line_end == npos) return std::nullopt;
  std::string rest(text.substr(std::min(marker_line_end + 1, text.size())));
  // Apple Mail quotes the whole forward with "> ".
  {
    std::size_t first = rest.find_first_not_of(" \t\r\n");
    if (first != npos && rest[first] == '>') rest = Unquote(rest);
  }
  InlineForward forward;
  std::size_t pos = 0;
  int fields = 0;
  int skipped_blank = 0;
  Field last = Field::kNone;
  while (pos < rest.size()) {
    std::size_t end = rest.find('\n', pos);
    if (end == npos) end = rest.size();
    const std::string_view line = TrimLine(std::string_view(rest).substr(pos, end - pos));
    if (line.empty()) {
      if (fields > 0) {
        pos = end + 1;
        break;  // the blank line after the header block
      }
      if (++skipped_blank > 3) break;
      pos = end + 1;
      continue;
    }
    std::size_t colon = line.find(':');
    // Full-width colon (Japanese clients).
    std::size_t wide = line.find("\xEF\xBC\x9A");
    std::size_t label_end = colon, value_start = colon == npos ? npos : colon + 1;
    if (wide != npos && (colon == npos || wide < colon)) {
      label_end = wide;
      value_start = wide + 3;
    }
    const Field field = label_end == npos || label_end > 24 ? Field::kNone
                                                            : FieldOf(line.substr(0, label_end));
    if (field == Field::kNone) {
      // A folded continuation of a long subject or address list.
      if (fields > 0 && (last == Field::kTo || last == Field::kSubject) &&
          (rest[pos] == ' ' || rest[pos] == '\t')) {
        pos = end + 1;
        continue;
      }
      if (fields == 0) return std::nullopt;  // a marker line not followed by headers
      break;  // the body starts right after the headers, without a blank line
    }
    std::string value(TrimLine(line.substr(value_start)));
    for (char c : {'*'}) {
      while (!value.empty() && value.front() == c) value.erase(0, 1);
    }
    value = std::string(TrimLine(value));
    switch (field) {
      case Field::kFrom: if (!forward.from) forward.from = value; break;
      case Field::kTo: if (!forward.to) forward.to = value; break;
      case Field::kDate: if (!forward.date) forward.date = value; break;
      case Field::kSubject: if (!forward.subject) forward.subject = value; break;
      default: break;
    }
    last = field;
    ++fields;
    pos = end + 1;
  }
  if (fields == 0 || !forward.from) return std::nullopt;
  forward.body = rest.substr(std::min(pos, rest.size()));
  return forward;
}

}  // namespace dmca::parsers::notice
