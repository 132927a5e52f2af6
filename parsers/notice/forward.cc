#include "parsers/notice/forward.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

namespace dmca::parsers::notice {
namespace {

constexpr auto npos = std::string_view::npos;

// Marker lines, matched case-insensitively (ASCII) anywhere on a short line: Gmail, Outlook,
// Apple Mail and Thunderbird in English, German, French, Spanish and Japanese.
constexpr std::string_view kMarkers[] = {"forwarded message",
                                         "original message",
                                         "begin forwarded message",
                                         "weitergeleitete nachricht",
                                         "anfang der weitergeleiteten nachricht",
                                         "ursprüngliche nachricht",
                                         "message transféré",
                                         "message d'origine",
                                         "message original",
                                         "début du message réexpédié",
                                         "message réexpédié",
                                         "mensaje reenviado",
                                         "mensaje original",
                                         "inicio del mensaje reenviado",
                                         "転送されたメッセージ",
                                         "転送メッセージ",
                                         "元のメッセージ",
                                         "forwarded e-mail",
                                         "forwarded email",
                                         "- forwarded by",
                                         "原始邮件",
                                         "原始郵件",
                                         "mensagem encaminhada",
                                         "messaggio inoltrato",
                                         "messaggio originale",
                                         "message transmis"};

enum class Field { kFrom, kTo, kCc, kDate, kSubject, kOther, kNone };

std::string_view TrimLine(std::string_view s) {
  for (;;) {
    if (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) {
      s.remove_suffix(1);
    } else if (s.size() >= 2 && s.substr(s.size() - 2) == "\xC2\xA0") {
      s.remove_suffix(2);  // no-break space: French clients put one before the colon
    } else {
      break;
    }
  }
  for (;;) {
    if (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
      s.remove_prefix(1);
    } else if (s.size() >= 2 && s.substr(0, 2) == "\xC2\xA0") {
      s.remove_prefix(2);
    } else {
      break;
    }
  }
  return s;
}

// Header labels of the common clients in English, German, French, Spanish and Japanese.
Field FieldOf(std::string_view label) {
  std::string l;
  for (char c : TrimLine(label)) {
    if (c == '*') continue;
    l += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  l = std::string(TrimLine(l));
  for (std::string_view s : {"from", "von", "de", "差出人", "送信者", "发件人", "寄件者"}) {
    if (l == s) return Field::kFrom;
  }
  for (std::string_view s : {"to", "an", "à", "À", "a", "para", "pour", "宛先", "收件人"}) {
    if (l == s) return Field::kTo;
  }
  for (std::string_view s : {"cc", "kopie", "cco", "copie à", "cc à"}) {
    if (l == s) return Field::kCc;
  }
  for (std::string_view s : {"date", "sent", "datum", "gesendet", "envoyé", "fecha", "enviado",
                             "enviado el", "送信日時", "日付", "日時", "发送时间", "sent on"}) {
    if (l == s) return Field::kDate;
  }
  for (std::string_view s : {"subject", "betreff", "objet", "sujet", "asunto", "件名", "主题"}) {
    if (l == s) return Field::kSubject;
  }
  for (std::string_view s :
       {"bcc", "reply-to", "antwort an", "répondre à", "responder a", "importance", "wichtigkeit",
        "attachments", "anlagen", "pièces jointes", "datos adjuntos", "添付ファイル", "重要度",
        "priorité", "categories", "kategorien", "sender", "message-id"}) {
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

// The field a line labels, and where its value starts; kNone when it labels none.
Field LabelOf(std::string_view line, std::size_t* value_start) {
  const std::size_t colon = line.find(':');
  // Full-width colon (Japanese clients).
  const std::size_t wide = line.find("\xEF\xBC\x9A");
  std::size_t label_end = colon;
  *value_start = colon == npos ? npos : colon + 1;
  if (wide != npos && (colon == npos || wide < colon)) {
    label_end = wide;
    *value_start = wide + 3;
  }
  if (label_end == npos || label_end > 28) return Field::kNone;
  return FieldOf(line.substr(0, label_end));
}

// A line of at least 20 underscores alone: Outlook's rule over a forwarded header block.
bool IsOutlookRule(std::string_view line) {
  line = TrimLine(line);
  return line.size() >= 20 && line.find_first_not_of('_') == npos;
}

bool IsMarkerLine(std::string_view lower_line) {
  if (IsOutlookRule(lower_line)) return true;
  for (std::string_view marker : kMarkers) {
    if (lower_line.find(marker) != npos && lower_line.size() < marker.size() + 60) return true;
  }
  return false;
}

// A header block a converter flattened onto one line ("From: A <a@x>To: b@y Sent: …Subject: …",
// Yahoo's text part, poor HTML-to-text) is put back on lines: a break before each label, when
// the line holds a sender label and at least two others.
std::string Unflatten(std::string_view line) {
  static constexpr std::string_view kLabels[] = {
      "From:",   "To:",       "Cc:",      "CC:",      "Sent:",   "Date:",   "Subject:", "Von:",
      "An:",     "Gesendet:", "Datum:",   "Betreff:", "De :",    "De:",     "À :",      "Envoyé :",
      "Objet :", "Para:",     "Enviado:", "Fecha:",   "Asunto:", "差出人:", "宛先:",    "送信日時:",
      "件名:",   "日付:",     "Date :",   "Sujet :",  "Pour :",  "Cc :"};
  std::vector<std::size_t> cuts;
  bool from = false;
  for (std::string_view label : kLabels) {
    for (std::size_t at = line.find(label); at != npos; at = line.find(label, at + 1)) {
      // A label starts a word: after a space, '>', '*' or the start ("…acme.com>To:").
      const bool starts =
          at == 0 || line[at - 1] == ' ' || line[at - 1] == '>' || line[at - 1] == '*' ||
          line[at - 1] == '\t' || std::isdigit(static_cast<unsigned char>(line[at - 1])) ||
          // "…09:26:50 MEZBetreff:": a long label glued to the value before it
          (label.size() >= 6 && std::isalpha(static_cast<unsigned char>(line[at - 1]))) ||
          static_cast<unsigned char>(line[at - 1]) >= 0x80 ||
          (std::islower(static_cast<unsigned char>(line[at - 1])) &&
           std::isupper(static_cast<unsigned char>(label[0])));
      if (!starts) continue;
      cuts.push_back(at > 0 && line[at - 1] == '*' ? at - 1 : at);  // "*From:*" stays whole
      from = from || label == "From:" || label == "Von:" || label == "De :" || label == "De:" ||
             label == "差出人:";
    }
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  if (!from || cuts.size() < 3) return std::string(line);
  std::string out(TrimLine(line.substr(0, cuts[0])));
  for (std::size_t i = 0; i < cuts.size(); ++i) {
    const std::size_t end = i + 1 < cuts.size() ? cuts[i + 1] : line.size();
    if (!out.empty()) out += '\n';
    out += TrimLine(line.substr(cuts[i], end - cuts[i]));
  }
  return out;
}

// Parses the header block that starts `rest` (after any blank lines). `bare`: no marker line
// announced it, so it must look unmistakably like one (a sender line first, and a date or
// subject line with it).
std::optional<InlineForward> ParseBlock(std::string_view rest_in, bool bare) {
  std::string rest(rest_in);
  {
    // Apple Mail and replies quote the whole forward with "> ".
    const std::size_t first = rest.find_first_not_of(" \t\r\n");
    if (first != npos && rest[first] == '>') rest = Unquote(rest);
  }
  InlineForward forward;
  std::size_t pos = 0;
  int fields = 0;
  int skipped_blank = 0;
  std::optional<std::string>* last_value = nullptr;
  std::size_t last_line_size = 0;
  bool awaiting_value = false;  // a label whose value is on the next line (Thunderbird's table)
  bool dated = false;
  while (pos < rest.size()) {
    std::size_t end = rest.find('\n', pos);
    if (end == npos) end = rest.size();
    const std::string_view raw_line = std::string_view(rest).substr(pos, end - pos);
    const std::string_view line = TrimLine(raw_line);
    if (line.empty()) {
      if (fields > 0 && !awaiting_value) {
        pos = end + 1;
        break;  // the blank line after the header block
      }
      if (++skipped_blank > 3) return std::nullopt;
      pos = end + 1;
      continue;
    }
    std::size_t value_start = npos;
    const Field field = LabelOf(line, &value_start);
    if (field == Field::kNone) {
      if (awaiting_value && last_value) {
        *last_value = std::string(line);
        awaiting_value = false;
        last_line_size = 0;
        pos = end + 1;
        continue;
      }
      // A header line the client wrapped: indented, or following a line long enough to have
      // been wrapped at the client's width (Gmail wraps plain text at 78 columns) and followed
      // by the next header or the blank line, not by more text (then it is the body, which
      // some clients start right under the headers).
      const bool indented = raw_line[0] == ' ' || raw_line[0] == '\t';
      bool block_goes_on = end >= rest.size();
      if (!indented && !block_goes_on) {
        std::size_t next_end = rest.find('\n', end + 1);
        if (next_end == npos) next_end = rest.size();
        const std::string_view next =
            TrimLine(std::string_view(rest).substr(end + 1, next_end - end - 1));
        std::size_t ignored = npos;
        block_goes_on = next.empty() || LabelOf(next, &ignored) != Field::kNone;
      }
      if (fields > 0 && last_value && *last_value &&
          (indented || (last_line_size >= 60 && block_goes_on))) {
        **last_value += " ";
        **last_value += line;
        last_line_size = raw_line.size();
        pos = end + 1;
        continue;
      }
      if (fields == 0) return std::nullopt;  // a marker line not followed by headers
      break;  // the body starts right after the headers, without a blank line
    }
    if (fields == 0 && bare && field != Field::kFrom) return std::nullopt;
    std::string_view rest_of_line = TrimLine(line.substr(value_start));
    // The label's own closing asterisk ("*Subject:* …").
    while (!rest_of_line.empty() && rest_of_line.front() == '*') rest_of_line.remove_prefix(1);
    std::string value(TrimLine(rest_of_line));
    // A bold value in a text rendering ("*Betreff:* *Takedown*", Apple Mail's subject).
    if (!value.empty() && value.front() == '*') {
      while (!value.empty() && value.front() == '*') value.erase(0, 1);
      while (!value.empty() && value.back() == '*') value.pop_back();
    }
    value = std::string(TrimLine(value));
    std::optional<std::string>* slot = nullptr;
    switch (field) {
      case Field::kFrom:
        slot = &forward.from;
        break;
      case Field::kTo:
        slot = &forward.to;
        break;
      case Field::kCc:
        slot = &forward.cc;
        break;
      case Field::kDate:
        slot = &forward.date;
        dated = true;
        break;
      case Field::kSubject:
        slot = &forward.subject;
        dated = true;
        break;
      default:
        break;
    }
    if (slot && !*slot) {
      *slot = value;
      last_value = slot;
    } else {
      last_value = nullptr;
    }
    awaiting_value = value.empty() && last_value != nullptr;
    last_line_size = raw_line.size();
    ++fields;
    pos = end + 1;
  }
  if (!forward.from || forward.from->empty()) return std::nullopt;
  if (bare && (fields < 3 || !dated)) return std::nullopt;
  forward.from = NormalizeAddressLine(*forward.from);
  if (forward.to) forward.to = NormalizeAddressLine(*forward.to);
  forward.body = rest.substr(std::min(pos, rest.size()));
  return forward;
}

bool IsAddressChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '%' ||
         c == '+' || c == '-' || c == '\'';
}

}  // namespace

std::string FirstAddress(std::string_view text) {
  for (std::size_t at = text.find('@'); at != npos; at = text.find('@', at + 1)) {
    std::size_t b = at;
    while (b > 0 && IsAddressChar(text[b - 1])) --b;
    std::size_t e = at + 1;
    while (e < text.size() && IsAddressChar(text[e])) ++e;
    while (e > at + 1 && (text[e - 1] == '.' || text[e - 1] == '-')) --e;
    while (b < at && (text[b] == '.' || text[b] == '\'')) ++b;
    const std::string_view domain = text.substr(at + 1, e - at - 1);
    if (b == at || domain.find('.') == npos) continue;
    return std::string(text.substr(b, e - b));
  }
  return {};
}

std::string NormalizeAddressLine(std::string_view value) {
  value = TrimLine(value);
  const std::string address = FirstAddress(value);
  if (address.empty()) return std::string(value);
  // The display name: what stands before the first bracket, or before the address itself.
  std::size_t name_end = value.find_first_of("<[");
  if (name_end == npos) name_end = value.find(address);
  std::string_view name = TrimLine(value.substr(0, name_end));
  while (!name.empty() && (name.back() == ',' || name.back() == ';')) name.remove_suffix(1);
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
    name = name.substr(1, name.size() - 2);
  }
  name = TrimLine(name);
  // '"a@b" <a@b>' and 'a@b <a@b>': the address twice is the address.
  if (name.empty() || name == address || name.find('@') != npos) return address;
  return std::string(name) + " <" + address + ">";
}

std::optional<InlineForward> FindInlineForward(std::string_view text) {
  const std::string lower = Lower(text);
  for (std::size_t pos = 0; pos < lower.size();) {
    std::size_t end = lower.find('\n', pos);
    if (end == npos) end = lower.size();
    const std::string_view line = std::string_view(lower).substr(pos, end - pos);
    if (IsMarkerLine(line)) {
      if (auto forward = ParseBlock(text.substr(std::min(end + 1, text.size())), false)) {
        return forward;
      }
    } else {
      if (line.size() > 40 &&
          (line.find("from:") != npos || line.find("von:") != npos || line.find("de :") != npos ||
           line.find("de:") != npos || line.find("差出人") != npos)) {
        // A whole block on one line, possibly after its marker ("----- Forwarded Message
        // ----- From: …To: …Subject: …").
        const std::string_view original_line = text.substr(pos, end - pos);
        const std::string lines = Unflatten(original_line);
        if (const std::size_t first_break = lines.find('\n'); first_break != npos) {
          const std::string head = Lower(lines.substr(0, first_break));
          const bool marked = IsMarkerLine(head);
          std::string block =
              (marked || TrimLine(head).empty()) ? lines.substr(first_break + 1) : lines;
          block += "\n\n";
          block += text.substr(std::min(end + 1, text.size()));
          if (auto forward = ParseBlock(block, !marked)) return forward;
        }
      }
      std::string_view unquoted = TrimLine(line);
      while (!unquoted.empty() && (unquoted.front() == '>' || unquoted.front() == ' ')) {
        unquoted.remove_prefix(1);
      }
      std::size_t value_start = npos;
      if (LabelOf(std::string_view(unquoted), &value_start) == Field::kFrom) {
        if (auto forward = ParseBlock(text.substr(pos), true)) return forward;
      }
    }
    pos = end + 1;
  }
  return std::nullopt;
}

std::optional<InlineForward> FindAttributedQuote(std::string_view text) {
  static constexpr std::string_view kOpeners[] = {"On ", "Le ", "Am ", "El ", "Em "};
  static constexpr std::string_view kVerbs[] = {
      "wrote:", "a écrit :", "a écrit:", "schrieb:", "escribió:", "escreveu:", ">:"};
  std::size_t pos = 0;
  for (int lines = 0; pos < text.size() && lines < 400; ++lines) {
    std::size_t end = text.find('\n', pos);
    if (end == npos) end = text.size();
    std::string line(TrimLine(text.substr(pos, end - pos)));
    if (line.substr(0, 3) == "\xEF\xBB\xBF") line.erase(0, 3);
    std::size_t body_start = end + 1;
    bool opens = false;
    for (std::string_view o : kOpeners) opens = opens || line.rfind(o, 0) == 0;
    if (opens && line.find('@') != npos && line.size() < 200) {
      // Gmail wraps a long attribution: "…<john@example.org>" / "wrote:".
      if (body_start < text.size()) {
        std::size_t next_end = text.find('\n', body_start);
        if (next_end == npos) next_end = text.size();
        const std::string_view next = TrimLine(text.substr(body_start, next_end - body_start));
        if (next == "wrote:" || next == "a écrit :" || next == "schrieb:" || next == "escribió:") {
          line += " ";
          line += next;
          body_start = next_end + 1;
        }
      }
      std::string_view verb;
      for (std::string_view v : kVerbs) {
        if (line.size() >= v.size() && line.compare(line.size() - v.size(), v.size(), v) == 0) {
          verb = v;
          break;
        }
      }
      const std::string address = FirstAddress(line);
      if (!verb.empty() && !address.empty()) {
        InlineForward forward;
        const std::size_t at = line.find(address);
        std::size_t name_end = line.rfind('<', at);
        if (name_end == npos || name_end + 12 < at) name_end = at;
        std::string_view head = TrimLine(std::string_view(line).substr(3, name_end - 3));
        std::string name;
        // A quoted name ("John Doe", « John Doe »), else the words after the date's comma.
        for (auto [open, close] : {std::pair<std::string_view, std::string_view>{"\"", "\""},
                                   {"\xC2\xAB", "\xC2\xBB"}}) {
          const std::size_t q2 = head.rfind(close);
          const std::size_t q1 = q2 == npos || q2 == 0 ? npos : head.rfind(open, q2 - 1);
          if (q1 != npos && q2 != npos && name.empty()) {
            name = std::string(TrimLine(head.substr(q1 + open.size(), q2 - q1 - open.size())));
            head = TrimLine(head.substr(0, q1));
          }
        }
        if (name.empty()) {
          // "Wed, Oct 27, 2021 at 9:31 AM John Doe": the name follows the time.
          for (std::string_view mark : {" AM ", " PM ", " am ", " pm "}) {
            if (const std::size_t m = head.rfind(mark); m != npos && name.empty()) {
              name = std::string(TrimLine(head.substr(m + mark.size())));
              head = head.substr(0, m + mark.size() - 1);
            }
          }
        }
        if (name.empty()) {
          if (const std::size_t comma = head.rfind(", "); comma != npos) {
            name = std::string(TrimLine(head.substr(comma + 2)));
            head = head.substr(0, comma);
          }
        }
        while (!head.empty() && (head.back() == ',' || head.back() == ' ')) head.remove_suffix(1);
        if (verb == "schrieb:") {
          // "Am 28/10/2021, 12:46 schrieb "Name" <a@b>:" and "Am …, schrieb Name <a@b>:".
          if (const std::size_t s = head.find(" schrieb"); s != npos) head = head.substr(0, s);
        }
        forward.from = NormalizeAddressLine(name.empty() ? address : name + " <" + address + ">");
        forward.date = std::string(TrimLine(head));
        forward.body = Unquote(text.substr(std::min(body_start, text.size())));
        // Outlook for Mac indents the quoted message by four spaces.
        std::string unindented;
        for (std::size_t p = 0; p < forward.body.size();) {
          std::size_t e = forward.body.find('\n', p);
          if (e == npos) e = forward.body.size();
          std::string_view l = std::string_view(forward.body).substr(p, e - p);
          if (l.substr(0, 4) == "    ") l.remove_prefix(4);
          unindented.append(l);
          if (e < forward.body.size()) unindented += '\n';
          p = e + 1;
        }
        forward.body = std::move(unindented);
        return forward;
      }
    }
    pos = end + 1;
  }
  return std::nullopt;
}

std::optional<InlineForward> HeaderBlockAtStart(std::string_view text) {
  // A byte-order mark is what Notepad-style savers put first.
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == npos) return std::nullopt;
  return ParseBlock(text.substr(first), true);
}

}  // namespace dmca::parsers::notice
