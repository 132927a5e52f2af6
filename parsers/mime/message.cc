#include "parsers/mime/message.h"

#include <cstring>

#include "parsers/mime/decoders.h"
#include "parsers/mime/header_fields.h"
#include "parsers/mime/line_scan.h"
#include "parsers/text/charset.h"

namespace dmca::parsers::mime {
namespace {

// One line of the input without its line end, and where the next line starts.
struct Line {
  std::string_view text;
  std::size_t next = 0;
};

Line NextLine(std::string_view data, std::size_t pos) {
  const void* nl = std::memchr(data.data() + pos, '\n', data.size() - pos);
  const std::size_t end = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - data.data())
                             : data.size();
  std::string_view text = data.substr(pos, end - pos);
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  return {text, nl ? end + 1 : data.size()};
}

// RFC 5322 §3.6.8 allows printable ASCII; 8-bit bytes seen in broken mailers' names are
// tolerated as Python and mime4j do.
bool IsFieldNameChar(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u > ' ' && u != 127 && c != ':';
}

// Whether the line starting at `pos` continues a folded field (starts with white space and has
// something on it).
bool ContinuesFolding(std::string_view data, std::size_t pos) {
  if (pos >= data.size() || (data[pos] != ' ' && data[pos] != '\t')) return false;
  const Line next = NextLine(data, pos);
  for (char c : next.text) {
    if (c != ' ' && c != '\t') return true;
  }
  return false;
}

void Add(Findings* findings, const char* code, Finding::Severity severity, std::string where,
         std::string what) {
  findings->push_back({code, severity, std::move(where), std::move(what)});
}

}  // namespace

class Parser {
 public:
  Parser(Message& message, const Limits& limits) : message_(message), limits_(limits) {}

  void Parse(std::string_view bytes, Entity& entity, std::string path, std::size_t depth,
             bool digest_child) {
    ++parts_;
    entity.path_ = std::move(path);
    const std::size_t body_start = ParseHeaders(bytes, entity);
    entity.raw_body_ = bytes.substr(std::min(body_start, bytes.size()));
    Findings& findings = message_.findings_;
    if (auto ct = entity.headers_.Raw("Content-Type")) {
      entity.content_type_ = ParseContentType(*ct, &findings, entity.path_);
    } else if (digest_child) {
      entity.content_type_.type = "message";  // RFC 2046 §5.1.5: digest parts default to it
      entity.content_type_.subtype = "rfc822";
    }
    if (entity.IsMultipart()) {
      if (depth >= limits_.max_depth) {
        Add(&findings, "mime.depth_limit", Finding::Severity::kCritical, entity.path_,
            "nesting deeper than " + std::to_string(limits_.max_depth) +
                " levels: the rest is kept undivided");
        return;
      }
      ParseMultipart(entity, depth);
    } else if (entity.IsEmbeddedMessage()) {
      if (depth >= limits_.max_depth) {
        Add(&findings, "mime.depth_limit", Finding::Severity::kCritical, entity.path_,
            "nesting deeper than " + std::to_string(limits_.max_depth) +
                " levels: the embedded message is kept undivided");
        return;
      }
      std::string_view inner = entity.raw_body_;
      const std::string cte = entity.TransferEncoding();
      if (cte == "base64" || cte == "quoted-printable") {
        // mime4j decodes an encoded message/rfc822 before parsing it; so does this.
        message_.buffers_.push_back(std::make_unique<std::string>(entity.DecodedBody(&findings)));
        inner = *message_.buffers_.back();
      }
      // An empty message/rfc822 part still holds a message, an empty one (as Python reads it).
      entity.children_.emplace_back();
      Parse(inner, entity.children_.back(), entity.path_ + ".1", depth + 1, false);
    }
  }

 private:
  // Reads the header block; returns where the body starts.
  std::size_t ParseHeaders(std::string_view bytes, Entity& entity) {
    Findings& findings = message_.findings_;
    std::size_t pos = 0;
    std::size_t header_bytes = 0;
    bool reported_line = false, reported_size = false, reported_count = false;
    std::string name, value;
    bool open = false;
    const auto flush = [&] {
      if (!open) return;
      while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.pop_back();
      if (entity.headers_.fields().size() < limits_.max_headers) {
        entity.headers_.Add({std::move(name), std::move(value)});
      } else if (!reported_count) {
        reported_count = true;
        Add(&findings, "mime.header_count_limit", Finding::Severity::kWarning, entity.path_,
            "more than " + std::to_string(limits_.max_headers) + " header fields; the rest ignored");
      }
      name.clear();
      value.clear();
      open = false;
    };
    // An mbox "From " line before the headers is not a field.
    if (bytes.substr(0, 5) == "From ") pos = NextLine(bytes, 0).next;
    while (pos < bytes.size()) {
      const Line line = NextLine(bytes, pos);
      if (line.text.size() > limits_.max_line_length && !reported_line) {
        reported_line = true;
        Add(&findings, "mime.line_length_limit", Finding::Severity::kWarning, entity.path_,
            "a header line longer than " + std::to_string(limits_.max_line_length) + " bytes");
      }
      if (line.text.empty()) {
        flush();
        return line.next;
      }
      header_bytes += line.next - pos;
      if (header_bytes > limits_.max_header_bytes) {
        if (!reported_size) {
          reported_size = true;
          Add(&findings, "mime.header_size_limit", Finding::Severity::kCritical, entity.path_,
              "header block larger than " + std::to_string(limits_.max_header_bytes) +
                  " bytes: the rest is read as the body");
        }
        flush();
        return pos;
      }
      const char first = line.text.front();
      if (first == ' ' || first == '\t') {
        if (open) {
          value += line.text;  // RFC 5322 §2.2.3 unfolding: the CRLF goes, the WSP stays
        } else if (entity.headers_.empty() && pos == 0) {
          // Starts with white space: no header block at all.
          return 0;
        } else if (TrimWhitespace(line.text).empty() && !ContinuesFolding(bytes, line.next)) {
          // A line of blanks where a blank line was meant: the body starts here. (Followed by
          // a folded line it is obsolete folding, RFC 5322 §4.2, and is unfolded away.)
          Add(&findings, "mime.header_separator_blank", Finding::Severity::kInfo, entity.path_,
              "header block ended by a line of white space");
          return line.next;
        }
        pos = line.next;
        continue;
      }
      std::size_t colon = 0;
      while (colon < line.text.size() && IsFieldNameChar(line.text[colon])) ++colon;
      std::size_t after = colon;
      while (after < line.text.size() && (line.text[after] == ' ' || line.text[after] == '\t')) {
        ++after;  // RFC 5322 §4.5.3 obsolete syntax: white space before the colon
      }
      if (colon == 0 || after >= line.text.size() || line.text[after] != ':') {
        if (entity.headers_.empty() && !open) {
          // No field at the start: the entity has no header block (RFC 2046 §5.1.1 allows it).
          Add(&findings, "mime.no_headers", Finding::Severity::kInfo, entity.path_,
              "no header block; the whole entity is its body");
          return 0;
        }
        // A line that is not a field ends the header block without the blank line; it is the
        // first line of the body, so that no text is lost.
        flush();
        Add(&findings, "mime.header_malformed", Finding::Severity::kWarning, entity.path_,
            "a line in the header block is not a field; the body starts there: '" +
                std::string(line.text.substr(0, 60)) + "'");
        return pos;
      }
      flush();
      name = std::string(line.text.substr(0, colon));
      std::string_view rest = line.text.substr(after + 1);
      while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
      value = std::string(rest);
      open = true;
      pos = line.next;
    }
    flush();
    if (!entity.headers_.empty()) {
      Add(&findings, "mime.no_body", Finding::Severity::kInfo, entity.path_,
          "the header block is not followed by a blank line and a body");
    }
    return bytes.size();
  }

  // Splits a multipart body at its delimiter lines (RFC 2046 §5.1.1).
  void ParseMultipart(Entity& entity, std::size_t depth) {
    Findings& findings = message_.findings_;
    const auto boundary_param = entity.content_type_.Param("boundary");
    if (!boundary_param || boundary_param->empty()) {
      Add(&findings, "mime.boundary_missing", Finding::Severity::kWarning, entity.path_,
          "multipart without a boundary parameter: kept as one part");
      return;
    }
    const std::string delimiter = "--" + std::string(*boundary_param);
    const std::string_view body = entity.raw_body_;
    std::vector<std::string_view> parts;
    std::size_t pos = 0;
    std::size_t part_start = std::string_view::npos;
    bool closed = false;
    while (pos < body.size()) {
      // Only a line that starts with "--" can be a delimiter: jump from one to the next
      // instead of visiting every line of a long base64 body.
      if (body.compare(pos, 2, "--") != 0) {
        const std::size_t next = FindLineStartingWith(body.substr(pos), '-', '-');
        if (next == std::string_view::npos) break;
        pos += next + 1;
        continue;
      }
      const Line line = NextLine(body, pos);
      if (line.text.size() >= delimiter.size() &&
          std::memcmp(line.text.data(), delimiter.data(), delimiter.size()) == 0) {
        std::string_view rest = line.text.substr(delimiter.size());
        const bool close = rest.substr(0, 2) == "--";
        if (close) rest.remove_prefix(2);
        // A longer boundary that merely starts with ours is not ours; trailing white space or
        // junk after white space is tolerated (RFC 2046 §5.1.1: transport padding).
        const bool ours = rest.empty() || rest.front() == ' ' || rest.front() == '\t' || close;
        if (ours) {
          if (part_start != std::string_view::npos) {
            // The line break before the delimiter belongs to the delimiter.
            std::size_t end = pos;
            if (end > part_start && body[end - 1] == '\n') --end;
            if (end > part_start && body[end - 1] == '\r') --end;
            parts.push_back(body.substr(part_start, end - part_start));
          }
          if (close) {
            closed = true;
            break;
          }
          part_start = line.next;
        }
      }
      pos = line.next;
    }
    if (part_start == std::string_view::npos) {
      Add(&findings, "mime.boundary_not_found", Finding::Severity::kWarning, entity.path_,
          "the boundary never appears in the body: kept as one part");
      return;
    }
    if (!closed) {
      Add(&findings, "mime.close_delimiter_missing", Finding::Severity::kInfo, entity.path_,
          "multipart not closed; its last part runs to the end");
      parts.push_back(body.substr(std::min(part_start, body.size())));
    }
    // Nothing at all between two delimiters is no part (Python's reading); only when every part
    // is empty does one empty part stand for them (mime4j's).
    if (parts.size() > 1) {
      std::vector<std::string_view> kept;
      for (std::string_view part : parts) {
        if (!part.empty()) kept.push_back(part);
      }
      if (!kept.empty() && kept.size() < parts.size()) {
        Add(&findings, "mime.empty_part", Finding::Severity::kInfo, entity.path_,
            std::to_string(parts.size() - kept.size()) + " empty part(s) between delimiters");
        parts = std::move(kept);
      }
    }
    const bool digest = entity.content_type_.subtype == "digest";
    entity.children_.reserve(parts.size());
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (parts_ >= limits_.max_parts) {
        Add(&findings, "mime.part_limit", Finding::Severity::kCritical, entity.path_,
            "more than " + std::to_string(limits_.max_parts) +
                " parts: the rest is not parsed (the raw message keeps it)");
        return;
      }
      entity.children_.emplace_back();
      Parse(parts[i], entity.children_.back(), entity.path_ + "." + std::to_string(i + 1),
            depth + 1, digest);
    }
  }

  Message& message_;
  const Limits& limits_;
  std::size_t parts_ = 0;
};

std::optional<std::string_view> Headers::Raw(std::string_view name) const {
  for (const HeaderField& field : fields_) {
    if (EqualsIgnoreCase(field.name, name)) return std::string_view(field.value);
  }
  return std::nullopt;
}

std::vector<std::string_view> Headers::All(std::string_view name) const {
  std::vector<std::string_view> values;
  for (const HeaderField& field : fields_) {
    if (EqualsIgnoreCase(field.name, name)) values.emplace_back(field.value);
  }
  return values;
}

std::optional<std::string> Headers::Decoded(std::string_view name) const {
  const auto raw = Raw(name);
  if (!raw) return std::nullopt;
  return DecodeEncodedWords(*raw);
}

std::optional<std::string_view> ContentType::Param(std::string_view name) const {
  for (const auto& [key, value] : params) {
    if (EqualsIgnoreCase(key, name)) return std::string_view(value);
  }
  return std::nullopt;
}

std::optional<std::string> Entity::Charset() const {
  auto charset = content_type_.Param("charset");
  if (!charset) return std::nullopt;
  std::string value = AsciiLower(TrimWhitespace(*charset));
  if (value.empty()) return std::nullopt;
  return value;
}

std::optional<std::string> Entity::Filename() const {
  if (auto cd = headers_.Raw("Content-Disposition")) {
    const ::dmca::parsers::mime::Disposition d = ParseDisposition(*cd, nullptr, path_);
    for (const auto& [key, value] : d.params) {
      if (key == "filename" && !value.empty()) return value;
    }
  }
  if (auto name = content_type_.Param("name"); name && !name->empty()) return std::string(*name);
  return std::nullopt;
}

std::string Entity::Disposition() const {
  auto cd = headers_.Raw("Content-Disposition");
  return cd ? ParseDisposition(*cd, nullptr, path_).type : std::string();
}

std::string Entity::TransferEncoding() const {
  auto cte = headers_.Raw("Content-Transfer-Encoding");
  if (!cte) return "7bit";
  std::string value = AsciiLower(TrimWhitespace(*cte));
  return value.empty() ? "7bit" : value;
}

bool Entity::IsEmbeddedMessage() const {
  return content_type_.type == "message" &&
         (content_type_.subtype == "rfc822" || content_type_.subtype == "global");
}

std::string Entity::DecodedBody(Findings* findings) const {
  const std::string cte = TransferEncoding();
  if (cte == "base64") return DecodeBase64(raw_body_, findings, path_);
  if (cte == "quoted-printable") return DecodeQuotedPrintable(raw_body_, findings, path_);
  if (cte == "x-uuencode" || cte == "uuencode" || cte == "x-uue") {
    return DecodeUuencode(raw_body_, findings, path_);
  }
  if (cte != "7bit" && cte != "8bit" && cte != "binary" && findings) {
    findings->push_back({"mime.transfer_encoding_unknown", Finding::Severity::kWarning, path_,
                         "unknown Content-Transfer-Encoding '" + cte + "': body kept as is"});
  }
  return std::string(raw_body_);
}

std::optional<std::string> Entity::Text(Findings* findings) const {
  if (content_type_.type != "text") return std::nullopt;
  return text::ToUtf8(DecodedBody(findings), Charset().value_or(""), findings, path_);
}

Message Message::Parse(std::string raw, const Limits& limits) {
  Message message;
  message.raw_ = std::make_unique<std::string>(std::move(raw));
  message.root_ = std::make_unique<Entity>();
  Parser parser(message, limits);
  parser.Parse(*message.raw_, *message.root_, "1", 0, false);
  return message;
}

std::vector<const Entity*> Message::Leaves() const {
  std::vector<const Entity*> leaves;
  std::vector<const Entity*> stack{root_.get()};
  while (!stack.empty()) {
    const Entity* entity = stack.back();
    stack.pop_back();
    if ((entity->IsMultipart() || entity->IsEmbeddedMessage()) && !entity->children().empty()) {
      for (auto it = entity->children().rbegin(); it != entity->children().rend(); ++it) {
        stack.push_back(&*it);
      }
    } else if (!entity->IsEmbeddedMessage() || !TrimWhitespace(entity->RawBody()).empty()) {
      leaves.push_back(entity);
    }
  }
  return leaves;
}

std::string DecodeEncodedWords(std::string_view value, Findings* findings) {
  std::string out;
  std::string pending_bytes;    // decoded bytes of adjacent words in one charset
  std::string pending_charset;
  std::string gap;              // white space between two encoded words: dropped (RFC 2047 §6.2)
  const auto flush = [&] {
    if (!pending_bytes.empty()) {
      out += text::ToUtf8(pending_bytes, pending_charset, findings, "header");
      pending_bytes.clear();
    }
  };
  std::size_t i = 0;
  bool after_word = false;
  while (i < value.size()) {
    if (value.compare(i, 2, "=?") == 0) {
      // =?charset?E?text?=
      const std::size_t q1 = value.find('?', i + 2);
      const std::size_t q2 = q1 == std::string_view::npos ? q1 : value.find('?', q1 + 1);
      const std::size_t end = q2 == std::string_view::npos ? q2 : value.find("?=", q2 + 1);
      if (end != std::string_view::npos && q2 == q1 + 2) {
        std::string charset = AsciiLower(value.substr(i + 2, q1 - i - 2));
        if (const auto star = charset.find('*'); star != std::string::npos) charset.resize(star);
        const char encoding = value[q1 + 1];
        const std::string_view payload = value.substr(q2 + 1, end - q2 - 1);
        std::string bytes;
        if (encoding == 'B' || encoding == 'b') {
          bytes = DecodeBase64(payload, findings, "header");
        } else if (encoding == 'Q' || encoding == 'q') {
          bytes = DecodeQuotedPrintable(payload, findings, "header", true);
        } else {
          out += gap;
          gap.clear();
          out += value.substr(i, end + 2 - i);
          i = end + 2;
          after_word = false;
          continue;
        }
        if (charset != pending_charset) flush();
        pending_charset = charset;
        pending_bytes += bytes;
        gap.clear();
        i = end + 2;
        after_word = true;
        continue;
      }
    }
    const char c = value[i];
    if (after_word && (c == ' ' || c == '\t' || c == '\r' || c == '\n')) {
      gap += c;
      ++i;
      continue;
    }
    flush();
    out += gap;
    gap.clear();
    after_word = false;
    // Plain text between words: 8-bit bytes are read as UTF-8 if valid, else windows-1252.
    std::size_t j = i;
    while (j < value.size() && value.compare(j, 2, "=?") != 0) ++j;
    if (j == i) j = i + 1;
    const std::string_view plain = value.substr(i, j - i);
    out += text::IsValidUtf8(plain) ? std::string(plain) : text::ToUtf8(plain, "", findings, "header");
    i = j;
  }
  flush();
  out += gap;
  return text::NormalizeNfc(out);
}

}  // namespace dmca::parsers::mime
