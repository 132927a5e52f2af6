#include "parsers/mime/mbox.h"

#include <cstring>

#include "parsers/mime/line_scan.h"

namespace dmca::parsers::mime {
namespace {

bool IsSeparator(std::string_view line) { return line.substr(0, 5) == "From "; }

// mboxrd (RFC 4155 §A): a line ">From ", ">>From "... had one ">" added on writing.
bool IsQuotedFrom(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && line[i] == '>') ++i;
  return i > 0 && line.substr(i, 5) == "From ";
}

bool IsBlank(std::string_view line) { return line == "\n" || line == "\r\n"; }

// Whether the last line of `lines` (whole lines, starting at a line start) is blank.
bool EndsWithBlankLine(std::string_view lines) {
  lines.remove_suffix(1);  // its "\n"
  if (!lines.empty() && lines.back() == '\r') lines.remove_suffix(1);
  return lines.empty() || lines.back() == '\n';
}

}  // namespace

void MboxSplitter::Emit() {
  if (!in_message_) return;
  // The blank line that precedes the next separator belongs to the mbox format, not the message.
  std::string& m = current_.message;
  if (m.size() >= 2 && m.compare(m.size() - 2, 2, "\n\n") == 0) {
    m.pop_back();
  } else if (m.size() >= 4 && m.compare(m.size() - 4, 4, "\r\n\r\n") == 0) {
    m.resize(m.size() - 2);
  }
  sink_(std::move(current_));
  current_ = Emitted{};
  in_message_ = false;
}

void MboxSplitter::Line(std::string_view line) {
  const std::uint64_t offset = consumed_;
  consumed_ += line.size();
  // A separator follows a blank line; or, in the Content-Length variant (mboxcl), it comes
  // right after the number of body bytes the previous message's header announced.
  const bool length_reached = content_length_ && body_bytes_ >= *content_length_;
  if (IsSeparator(line) && (previous_blank_ || !in_message_ || length_reached)) {
    Emit();
    in_message_ = true;
    std::string_view from = line.substr(5);
    while (!from.empty() && (from.back() == '\n' || from.back() == '\r')) from.remove_suffix(1);
    current_.from_line = std::string(from);
    current_.offset = offset;
    previous_blank_ = false;
    in_headers_ = true;
    content_length_.reset();
    body_bytes_ = 0;
    return;
  }
  if (!in_message_) {
    if (!reported_no_from_) {
      reported_no_from_ = true;
      findings_.push_back({"mbox.no_from_line", Finding::Severity::kWarning, "offset 0",
                           "the mbox does not start with a \"From \" line; the text before the "
                           "first one is kept as a message"});
    }
    in_message_ = true;
    current_.offset = offset;
  }
  previous_blank_ = IsBlank(line);
  if (in_headers_) {
    if (previous_blank_) {
      in_headers_ = false;
    } else if (line.size() > 15 && (line[0] == 'C' || line[0] == 'c') &&
               (line.substr(0, 15) == "Content-Length:" || line.substr(0, 15) == "content-length:")) {
      std::uint64_t value = 0;
      bool digits = false;
      for (char c : line.substr(15)) {
        if (c >= '0' && c <= '9') {
          value = value * 10 + static_cast<std::uint64_t>(c - '0');
          digits = true;
        } else if (digits) {
          break;
        }
      }
      if (digits) content_length_ = value;
    }
  } else {
    body_bytes_ += line.size();
  }
  if (IsQuotedFrom(line)) line.remove_prefix(1);
  current_.message.append(line);
}

void MboxSplitter::Feed(std::string_view chunk) {
  while (!chunk.empty()) {
    if (pending_.empty() && in_message_ && !in_headers_ && chunk[0] != 'F' && chunk[0] != '>') {
      // At a line start in a body only lines starting "From " (a separator) or ">" (mboxrd
      // quoting) need a look: take every line up to the next such one in one go.
      std::size_t end = FindLineStartingWith(chunk, 'F', '>');
      if (end == std::string_view::npos) {
        end = chunk.rfind('\n');
        if (end == std::string_view::npos) {
          pending_.append(chunk);
          return;
        }
      }
      const std::string_view lines = chunk.substr(0, end + 1);
      current_.message.append(lines);
      consumed_ += lines.size();
      body_bytes_ += lines.size();
      previous_blank_ = EndsWithBlankLine(lines);
      chunk.remove_prefix(lines.size());
      continue;
    }
    const void* nl = std::memchr(chunk.data(), '\n', chunk.size());
    if (!nl) {
      pending_.append(chunk);
      return;
    }
    const std::size_t len =
        static_cast<std::size_t>(static_cast<const char*>(nl) - chunk.data()) + 1;
    if (pending_.empty()) {
      Line(chunk.substr(0, len));
    } else {
      pending_.append(chunk.substr(0, len));
      std::string line = std::move(pending_);
      pending_.clear();
      Line(line);
    }
    chunk.remove_prefix(len);
  }
}

void MboxSplitter::Finish() {
  if (!pending_.empty()) {
    std::string line = std::move(pending_);
    pending_.clear();
    Line(line);
  }
  Emit();
}

}  // namespace dmca::parsers::mime
