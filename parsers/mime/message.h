#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/base/finding.h"

namespace dmca::parsers::mime {

// Hostile input meets these limits; each one reached is a finding, never a crash or a silent
// truncation (the rest of the message is kept as the body of the deepest part reached).
struct Limits {
  std::size_t max_depth = 32;               // nested multiparts and message/rfc822
  std::size_t max_parts = 10'000;           // entities in one message
  std::size_t max_header_bytes = 1 << 20;   // one header block
  std::size_t max_headers = 10'000;         // fields in one header block
  std::size_t max_line_length = 1 << 20;    // RFC 5322 §2.1.1 says 998; real mail does worse
};

// One header field, unfolded (CRLF + WSP removed per RFC 5322 §2.2.3), bytes as received.
struct HeaderField {
  std::string name;   // as written
  std::string value;  // unfolded raw bytes, leading white space stripped
};

class Headers {
 public:
  const std::vector<HeaderField>& fields() const { return fields_; }
  bool empty() const { return fields_.empty(); }

  // The first field named `name` (ASCII case-insensitive), raw bytes; nullopt if absent.
  std::optional<std::string_view> Raw(std::string_view name) const;
  // Every field named `name`, in order.
  std::vector<std::string_view> All(std::string_view name) const;
  // The first field named `name` as UTF-8 NFC: RFC 2047 encoded words decoded (adjacent words
  // joined before conversion), 8-bit bytes read with the fallback charset. nullopt if absent.
  std::optional<std::string> Decoded(std::string_view name) const;

  void Add(HeaderField field) { fields_.push_back(std::move(field)); }

 private:
  std::vector<HeaderField> fields_;
};

// A parsed Content-Type (RFC 2045 §5.1) with RFC 2231 parameters decoded to UTF-8.
struct ContentType {
  std::string type = "text";     // lower case
  std::string subtype = "plain"; // lower case
  std::vector<std::pair<std::string, std::string>> params;  // names lower case, values UTF-8

  std::string MimeType() const { return type + "/" + subtype; }
  std::optional<std::string_view> Param(std::string_view name) const;
};

// One MIME entity: the message itself, a body part, or the message inside message/rfc822.
// Entities are owned by their Message and valid as long as it is.
class Entity {
 public:
  // mime4j's numbering: the root is "1"; child i of multipart P is "P.i"; the message inside
  // a message/rfc822 part P is "P.1".
  const std::string& path() const { return path_; }
  const Headers& headers() const { return headers_; }
  const ContentType& content_type() const { return content_type_; }
  std::string MimeType() const { return content_type_.MimeType(); }
  // The declared charset, lower case; nullopt when none is declared.
  std::optional<std::string> Charset() const;
  // Content-Disposition filename, else Content-Type name; RFC 2231/2047 decoded.
  std::optional<std::string> Filename() const;
  // "inline", "attachment" or "" when absent.
  std::string Disposition() const;
  std::string TransferEncoding() const;  // lower case, "7bit" when absent

  bool IsMultipart() const { return content_type_.type == "multipart"; }
  // message/rfc822 or message/global: children() holds exactly the embedded message.
  bool IsEmbeddedMessage() const;
  // Multipart children in order, or the embedded message.
  const std::vector<Entity>& children() const { return children_; }

  // The body bytes exactly as in the input (after the blank line, before the next boundary).
  std::string_view RawBody() const { return raw_body_; }
  // The body after Content-Transfer-Encoding is undone (base64, quoted-printable, uuencode).
  // Decoding defects are appended to `findings` when given.
  std::string DecodedBody(Findings* findings = nullptr) const;
  // text/* only: the decoded body converted to UTF-8 NFC from its charset. nullopt otherwise.
  std::optional<std::string> Text(Findings* findings = nullptr) const;

 private:
  friend class Parser;
  std::string path_;
  Headers headers_;
  ContentType content_type_;
  std::string_view raw_body_;
  std::vector<Entity> children_;
};

class Message {
 public:
  // Parses `raw` (taking ownership). Never fails: every defect becomes a finding.
  static Message Parse(std::string raw, const Limits& limits = {});

  Message(Message&&) noexcept = default;
  Message& operator=(Message&&) noexcept = default;
  Message(const Message&) = delete;
  Message& operator=(const Message&) = delete;

  const Entity& root() const { return *root_; }
  const std::string& raw() const { return *raw_; }
  // Structural findings made while parsing (decoding findings come from DecodedBody/Text).
  const Findings& findings() const { return findings_; }

  // Every leaf entity, depth first, descending into embedded messages; multipart containers and
  // message/rfc822 wrappers are not leaves (as Python's Message.walk() minus containers).
  std::vector<const Entity*> Leaves() const;

 private:
  Message() = default;
  friend class Parser;
  std::unique_ptr<std::string> raw_;  // stable address: entities hold views into it
  // Decoded bodies of encoded message/rfc822 parts, which their embedded entities view.
  std::vector<std::unique_ptr<std::string>> buffers_;
  std::unique_ptr<Entity> root_;
  Findings findings_;
};

// RFC 2047 encoded words in an unstructured header value, decoded to UTF-8 NFC.
std::string DecodeEncodedWords(std::string_view value, Findings* findings = nullptr);

}  // namespace dmca::parsers::mime
