// Weak stand-ins for the notice parser's name tables while parsers/notice is implemented
// concurrently: the real, strong definitions win as soon as they are linked.
#include "parsers/notice/notice.h"

namespace dmca::parsers::notice {

[[gnu::weak]] std::string_view KindName(Kind kind) {
  switch (kind) {
    case Kind::kTakedown: return "takedown";
    case Kind::kCounterNotice: return "counter_notice";
    case Kind::kRetraction: return "retraction";
    case Kind::kOther: return "other";
  }
  return "other";
}

[[gnu::weak]] std::optional<Kind> KindFromName(std::string_view name) {
  for (auto kind : {Kind::kTakedown, Kind::kCounterNotice, Kind::kRetraction, Kind::kOther}) {
    if (KindName(kind) == name) return kind;
  }
  return std::nullopt;
}

[[gnu::weak]] std::string_view VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kComplete: return "complete";
    case Verdict::kDeficient: return "deficient";
    case Verdict::kNotANotice: return "not_a_notice";
  }
  return "not_a_notice";
}

}  // namespace dmca::parsers::notice
