#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "parsers/base/finding.h"

namespace dmca::parsers::mime {

// Splits an mbox stream into messages with bounded memory: feed it chunks of any size as they
// are read; it calls `emit` with each complete message (the "From " separator line removed,
// ">From " unquoted in mboxrd style, Content-Length honoured when it points at a separator).
// Memory held is one message plus one chunk.
class MboxSplitter {
 public:
  struct Emitted {
    std::string message;        // RFC 5322 bytes
    std::string from_line;      // the separator line, without "From " and the line end
    std::uint64_t offset = 0;   // byte offset of the separator in the stream
  };
  using Sink = std::function<void(Emitted&&)>;

  explicit MboxSplitter(Sink sink) : sink_(std::move(sink)) {}

  void Feed(std::string_view chunk);
  // Ends the stream: emits the last message. Findings (e.g. "mbox.no_from_line" when the stream
  // does not start with a separator) are kept in findings().
  void Finish();

  const Findings& findings() const { return findings_; }

 private:
  Sink sink_;
  Findings findings_;
  void Line(std::string_view line);  // one line with its line end
  void Emit();

  std::string pending_;          // bytes of an incomplete line
  std::uint64_t consumed_ = 0;   // stream offset of pending_'s first byte
  Emitted current_;
  bool in_message_ = false;
  bool previous_blank_ = true;   // a separator must follow a blank line (or start the stream)
  bool reported_no_from_ = false;
  bool in_headers_ = false;                   // reading the current message's header block
  std::optional<std::uint64_t> content_length_;  // its Content-Length, when it has one
  std::uint64_t body_bytes_ = 0;              // body bytes of the current message so far
};

}  // namespace dmca::parsers::mime
