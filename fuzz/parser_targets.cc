// The small pure parsers a notice passes through: URL resolution, notice understanding and the
// calendar's dates.
#include <string>

#include "fuzz/targets.h"
#include "parsers/notice/understand.h"
#include "parsers/text/charset.h"
#include "parsers/wikiurl/wiki_url.h"
#include "pipeline/calendar/business_days.h"
#include "pipeline/calendar/clock.h"

namespace dmca::fuzz {
namespace {

void CheckTarget(const parsers::wikiurl::Target& target) {
  // DOMAIN.md "Wikimedia URLs": in scope means a Wikimedia wiki and a page on it, never a
  // look-alike host.
  if (target.in_scope) {
    Require(target.site.has_value() && target.title.has_value(), "in scope names site and title");
    Require(!target.spoof, "a look-alike host is never in scope");
    Require(!target.title->empty(), "an in-scope title is not empty");
  }
  if (target.title) Require(parsers::text::IsValidUtf8(*target.title), "a title is UTF-8");
  if (target.site) Require(parsers::text::IsValidUtf8(*target.site), "a site is UTF-8");
}

}  // namespace

// One URL resolved, and every URL in the bytes read as prose extracted and resolved.
void ExerciseUrl(std::string_view bytes) {
  CheckTarget(parsers::wikiurl::Resolve(bytes));
  for (const std::string& url : parsers::wikiurl::ExtractUrls(bytes)) {
    Require(!url.empty(), "an extracted URL is not empty");
    CheckTarget(parsers::wikiurl::Resolve(url));
  }
}

// The bytes as a plain-text notice: every element's evidence is a verbatim substring of the
// text (CONTRACT.md), "complete" means nothing is missing, and every target is resolved sanely.
void ExerciseNotice(std::string_view bytes) {
  const auto notice = parsers::notice::UnderstandText(bytes);
  Require(parsers::text::IsValidUtf8(notice.body), "the notice text is valid UTF-8");
  for (const auto& element : notice.analysis.elements) {
    if (!element.evidence) continue;
    Require(notice.body.find(*element.evidence) != std::string::npos,
            "evidence is a verbatim substring of the notice text");
  }
  Require(notice.analysis.complete == notice.analysis.missing.empty() ||
              notice.analysis.elements.empty(),
          "complete exactly when nothing is missing");
  for (const auto& target : notice.targets) CheckTarget(target);
}

// Both date forms the pipeline reads: a strict date that parses formats back to the same text;
// a parsed ISO 8601 instant formats and parses back to itself; the restoration window of any
// date that parses is computed without overflow and in order.
void ExerciseDate(std::string_view bytes) {
  if (auto date = pipeline::ParseDate(bytes); date.ok()) {
    Require(pipeline::FormatDate(*date) == bytes, "ParseDate is strict: it formats back");
    const auto window = pipeline::RestoreWindowFor(*date);
    Require(window.received == *date, "the window starts at the receipt");
    Require(std::chrono::sys_days(window.earliest) > std::chrono::sys_days(*date) &&
                std::chrono::sys_days(window.latest) > std::chrono::sys_days(window.earliest),
            "receipt < 10th business day < 14th business day");
  }
  if (auto instant = pipeline::ParseIso8601(bytes)) {
    const std::string formatted = pipeline::FormatIso8601(*instant);
    Require(formatted == bytes, "ParseIso8601 is strict: it formats back");
    Require(pipeline::ParseIso8601(formatted) == instant, "an instant round-trips");
  }
}

}  // namespace dmca::fuzz
