// Redaction and wikitext safety on hostile notice text (DOMAIN.md "Redaction of public
// copies"): whatever the text, the public copy is inert wikitext and keeps none of the personal
// data planted in it.
#include <string>

#include "archive/redact.h"
#include "archive/wikitext.h"
#include "fuzz/targets.h"
#include "parsers/notice/understand.h"
#include "parsers/text/charset.h"

namespace dmca::fuzz {
namespace {

// Planted personal data: a free-mail address (never a role address) and an international
// telephone number, each on its own line, so no URL or word around them can claim them.
constexpr std::string_view kCanaryEmail = "jane.canary.q7x@gmail.com";
constexpr std::string_view kCanaryPhone = "+1 202-555-0143";
constexpr std::string_view kMarker = "[redacted]";

bool IsEntityTail(std::string_view rest) {
  for (std::string_view entity : {"amp;", "lt;", "gt;", "quot;"}) {
    if (rest.substr(0, entity.size()) == entity) return true;
  }
  if (rest.empty() || rest[0] != '#') return false;
  std::size_t i = 1;
  while (i < rest.size() && rest[i] >= '0' && rest[i] <= '9') ++i;
  return i > 1 && i < rest.size() && rest[i] == ';';
}

// WikiInert's contract (archive/wikitext.h), checked on its output with the marker taken out.
void RequireInert(std::string text) {
  Require(parsers::text::IsValidUtf8(text), "inert text is valid UTF-8");
  for (std::size_t at = text.find(kMarker); at != std::string::npos; at = text.find(kMarker, at)) {
    text.replace(at, kMarker.size(), "X");
  }
  bool line_start = true;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const auto u = static_cast<unsigned char>(c);
    Require(u >= 0x20 || c == '\t' || c == '\n', "no control characters but tab and newline");
    Require(u != 0x7f, "no DEL");
    Require(std::string_view("<>{}[]|~='\"").find(c) == std::string_view::npos,
            "no character that starts markup");
    if (c == '&') Require(IsEntityTail(std::string_view(text).substr(i + 1)), "& starts an entity");
    if (c == '_') Require(i + 1 >= text.size() || text[i + 1] != '_', "no __MAGIC__ word");
    if (line_start) {
      Require(std::string_view("*#:;- ").find(c) == std::string_view::npos,
              "no list, rule, definition or preformatted line");
    }
    line_start = c == '\n';
  }
}

void RequireNowikiParam(std::string_view param) {
  constexpr std::string_view kOpen = "<nowiki>", kClose = "</nowiki>";
  Require(param.substr(0, kOpen.size()) == kOpen, "the parameter opens nowiki");
  Require(param.size() >= kOpen.size() + kClose.size() &&
              param.substr(param.size() - kClose.size()) == kClose,
          "the parameter closes nowiki");
  RequireInert(std::string(param.substr(kOpen.size(), param.size() - kOpen.size() - kClose.size())));
}

// The organisations redaction keeps by design (archive/redact.h: "survive even inside a
// redacted line"); a planted datum that contains one is exempt.
bool ContainsKeptName(const parsers::notice::Notice& notice, std::string_view datum) {
  const auto& fields = notice.analysis.fields;
  for (const auto* name : {&fields.sender.organisation, &fields.principal}) {
    if (*name && !(*name)->empty() && datum.find(**name) != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace

void ExerciseRedaction(std::string_view bytes) {
  // Where the canary goes follows the input, always at a line's start.
  std::size_t at = bytes.empty() ? 0 : static_cast<unsigned char>(bytes[0]) * bytes.size() / 256;
  while (at < bytes.size() && bytes[at] != '\n') ++at;
  std::string text(bytes.substr(0, at));
  text += "\n";
  text += kCanaryEmail;
  text += "\n";
  text += kCanaryPhone;
  text += "\n";
  text += bytes.substr(at);

  const auto notice = parsers::notice::UnderstandText(text);
  const std::string redacted = archive::Redact(text, notice);
  const std::string header = archive::RedactHeader(
      "Jane Canary <" + std::string(kCanaryEmail) + ">, " + std::string(bytes.substr(0, 200)),
      notice);
  if (!ContainsKeptName(notice, kCanaryEmail)) {
    Require(redacted.find(kCanaryEmail) == std::string::npos, "a planted address is redacted");
    Require(header.find(kCanaryEmail) == std::string::npos, "a planted address in a header too");
  }
  if (!ContainsKeptName(notice, kCanaryPhone)) {
    Require(redacted.find(kCanaryPhone) == std::string::npos, "a planted telephone is redacted");
  }

  RequireNowikiParam(archive::NowikiParam(redacted, kMarker));
  RequireNowikiParam(archive::NowikiParam(bytes, kMarker));
  RequireInert(archive::WikiInert(bytes));
  RequireInert(archive::WikiInert(header, kMarker));

  const std::string title = archive::TitleComponent(bytes);
  Require(title.size() <= 120, "a title component is cut to its bound");
  Require(parsers::text::IsValidUtf8(title), "a title component is UTF-8");
  Require(title.find_first_of("#<>[]|{}%:/_~=&\"'") == std::string::npos,
          "a title component holds no character illegal or special in a link");
  Require(title.empty() || (title.front() != ' ' && title.back() != ' '), "it is trimmed");
}

}  // namespace dmca::fuzz
