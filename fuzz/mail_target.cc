#include "fuzz/targets.h"

#include <chrono>
#include <string>

#include "parsers/base/iso8601.h"
#include "parsers/mime/mbox.h"
#include "parsers/mime/message.h"
#include "parsers/notice/receipt.h"
#include "parsers/notice/understand.h"
#include "parsers/text/charset.h"

namespace dmca::fuzz {
namespace {

void Walk(const parsers::mime::Entity& entity) {
  for (const auto& field : entity.headers().fields()) {
    if (auto decoded = entity.headers().Decoded(field.name)) {
      Require(parsers::text::IsValidUtf8(*decoded), "a decoded header is valid UTF-8");
    }
  }
  (void)entity.Filename();
  (void)entity.Disposition();
  Findings findings;
  (void)entity.DecodedBody(&findings);
  if (auto text = entity.Text(&findings)) {
    Require(parsers::text::IsValidUtf8(*text), "a text part converts to valid UTF-8");
  }
  for (const auto& child : entity.children()) Walk(child);
}

}  // namespace

// Everything the pipeline does with the bytes of an untrusted message, in one call: parse it,
// walk every entity, decode every body, header and file name, convert every text part, split the
// bytes as an mbox in uneven chunks and understand the notice. What must hold for any input: at
// least one leaf, text in valid UTF-8, an mbox split inventing no bytes.
void ExerciseMail(std::string_view bytes) {
  const auto message = parsers::mime::Message::Parse(std::string(bytes));
  Require(!message.Leaves().empty(), "every message has a leaf");
  Walk(message.root());

  // Chunk sizes from the input itself, so that a fuzzer explores them.
  std::size_t emitted_bytes = 0;
  parsers::mime::MboxSplitter splitter(
      [&](parsers::mime::MboxSplitter::Emitted&& m) { emitted_bytes += m.message.size(); });
  const std::size_t chunk = bytes.empty() ? 1 : 1 + static_cast<unsigned char>(bytes[0]) % 64;
  for (std::size_t at = 0; at < bytes.size(); at += chunk) splitter.Feed(bytes.substr(at, chunk));
  splitter.Finish();
  Require(emitted_bytes <= bytes.size(), "the mbox split invents no bytes");

  const auto notice = parsers::notice::Understand(message);
  Require(parsers::text::IsValidUtf8(notice.body), "the notice text is valid UTF-8");
  if (notice.original.from) {
    Require(parsers::text::IsValidUtf8(*notice.original.from), "the sender is valid UTF-8");
  }
  const auto unzoned = [](std::chrono::local_seconds t) {
    return std::chrono::sys_seconds{t.time_since_epoch()};
  };
  if (const auto receipt = parsers::notice::FoundationReceipt(message, notice, unzoned)) {
    Require(ParseIso8601(receipt->at).has_value(), "a receipt is an ISO 8601 instant");
  }
}

}  // namespace dmca::fuzz
