#include "parsers/notice/receipt.h"

#include <vector>

#include "parsers/base/iso8601.h"
#include "parsers/mime/header_fields.h"
#include "parsers/notice/forward.h"
#include "parsers/notice/mail_date.h"

namespace dmca::parsers::notice {
namespace {

using std::chrono::sys_seconds;

// Hostile nesting meets the same kind of limits as Understand's (understand.cc kMaxLayers).
constexpr int kMaxDepth = 24;
constexpr std::size_t kMaxAttached = 64;

// A header's date: without a zone it is -0000, UTC with the local zone unknown (RFC 5322 §3.3).
std::optional<sys_seconds> HeaderDate(std::string_view value) {
  const auto date = ParseMailDate(value);
  if (!date) return std::nullopt;
  if (auto utc = date->Utc()) return utc;
  return sys_seconds{date->local.time_since_epoch()};
}

// The date of the topmost Received header that has a readable one. The date follows the last
// ';' (RFC 5322 §3.6.7 "received: *received-token ';' date-time").
std::optional<sys_seconds> TopmostReceived(const mime::Headers& headers) {
  for (std::string_view received : headers.All("Received")) {
    const std::size_t semicolon = received.rfind(';');
    if (semicolon == std::string_view::npos) continue;
    if (auto when = HeaderDate(received.substr(semicolon + 1))) return when;
  }
  return std::nullopt;
}

// The header blocks of every message attached under `e`, as message/rfc822 parts or .eml
// files, depth first: the forms in which a forward keeps the original's own headers.
void AttachedHeaders(const mime::Entity& e, int depth, std::vector<mime::Headers>& out) {
  if (depth > kMaxDepth || out.size() >= kMaxAttached) return;
  if (e.IsEmbeddedMessage()) {
    for (const mime::Entity& inner : e.children()) {
      out.push_back(inner.headers());
      AttachedHeaders(inner, depth + 1, out);
    }
    return;
  }
  if (!e.children().empty()) {
    for (const mime::Entity& child : e.children()) AttachedHeaders(child, depth + 1, out);
    return;
  }
  const auto filename = e.Filename();
  if (filename && mime::AsciiLower(*filename).ends_with(".eml")) {
    const mime::Message inner = mime::Message::Parse(e.DecodedBody());
    out.push_back(inner.root().headers());
    AttachedHeaders(inner.root(), depth + 1, out);
  }
}

// True when `headers` are the original's own: the same Message-ID, or, when the original had
// none, the same sender address and Date.
bool IsOriginal(const mime::Headers& headers, const Original& original) {
  if (original.message_id) {
    const auto id = headers.Raw("Message-ID");
    return id && mime::TrimWhitespace(*id) == mime::TrimWhitespace(*original.message_id);
  }
  const auto from = headers.Decoded("From");
  const auto date = headers.Decoded("Date");
  if (!from || !date || !original.from || !original.date || *date != *original.date) return false;
  const std::string address = mime::AsciiLower(FirstAddress(*from));
  return !address.empty() && address == mime::AsciiLower(FirstAddress(*original.from));
}

Receipt Found(sys_seconds when, const char* source) { return {FormatIso8601(when), source}; }

}  // namespace

std::optional<Receipt> FoundationReceipt(const mime::Message& message, const Notice& notice,
                                         const WallClock& unzoned) {
  const Original& original = notice.original;
  if (original.forward_depth > 0) {
    std::vector<mime::Headers> attached;
    AttachedHeaders(message.root(), 0, attached);
    bool has_headers = false;
    for (const mime::Headers& headers : attached) {
      if (!IsOriginal(headers, original)) continue;
      if (auto when = TopmostReceived(headers)) return Found(*when, kSourceOriginalReceived);
      has_headers = true;
      break;
    }
    if (original.date) {
      if (has_headers) {
        if (auto when = HeaderDate(*original.date)) return Found(*when, kSourceOriginalDate);
      } else if (const auto date = ParseMailDate(*original.date)) {
        if (auto utc = date->Utc()) return Found(*utc, kSourceOriginalDate);
        if (unzoned) return Found(unzoned(date->local), kSourceOriginalDate);
      }
    }
  }
  const mime::Headers& outer = message.root().headers();
  if (auto when = TopmostReceived(outer)) return Found(*when, kSourceReceived);
  if (const auto date = outer.Raw("Date")) {
    if (auto when = HeaderDate(*date)) return Found(*when, kSourceDate);
  }
  return std::nullopt;
}

}  // namespace dmca::parsers::notice
